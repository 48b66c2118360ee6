"""Run the matching benchmark for every modality: `python -m tests.bench [--quick] [image audio text …]`.

Each modality runs in its own process (a fresh interpreter, so one modality's memory does not colour another's)
and writes its table to tests/bench/results/<modality>.md.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

MODALITIES = ("image", "audio", "text")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("modalities", nargs="*", metavar="MODALITY", help=f"any of {', '.join(MODALITIES)}")
    parser.add_argument("--quick", action="store_true", help="a small subset of each corpus")
    args = parser.parse_args()
    unknown = set(args.modalities) - set(MODALITIES)
    if unknown:
        parser.error(f"unknown modality: {', '.join(sorted(unknown))}")
    failed = []
    for name in args.modalities or MODALITIES:
        print(f"\n=== {name} ===", flush=True)
        command = [sys.executable, "-m", f"tests.bench.{name}", *(["--quick"] if args.quick else [])]
        if subprocess.run(command, check=False).returncode != 0:
            failed.append(name)
    if failed:
        print(f"\nThese benchmarks failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
