"""`python -m creatorwatch` is the same as the `creatorwatch` command."""

import sys

from creatorwatch.cli import main

sys.exit(main())
