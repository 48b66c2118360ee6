"""Run a command and print the most memory it held (its peak resident set, in KB) as stderr's last line.

Used as a prefix to the real CLI in tests, so peak memory is measured for that one command and nothing else.
"""

import resource
import subprocess
import sys

if __name__ == "__main__":
    code = subprocess.call(sys.argv[1:])
    print(f"peak_rss_kb={resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}", file=sys.stderr)
    sys.exit(code)
