"""The packaged app's entry point: with no arguments it opens the window; with arguments it is the command line."""

import sys

from creatorwatch.cli import gui_main

sys.exit(gui_main())
