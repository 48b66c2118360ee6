"""Benchmark: export a match with 20 MB of media (target under 3 s) and verify it (target under 1 s).
Run by hand: python -m tests.bench.evidence"""

from __future__ import annotations

import io
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image
from pytest_httpserver import HTTPServer

from creatorwatch.core.evidence.bundle import export_bundle
from creatorwatch.core.evidence.verify import verify_bundle
from tests.evidence_fixtures import record_match

MB = 1024 * 1024
EXPORT_TARGET_S, VERIFY_TARGET_S = 3.0, 1.0


def big_picture(megabytes: float) -> bytes:
    """A photo-sized JPEG of about `megabytes` (smooth shapes under fine grain, which compresses poorly)."""
    rng = np.random.default_rng(7)
    h, w = 3300, 4400
    y, x = np.mgrid[0:h, 0:w]
    base = np.stack([(x * 255 // w), (y * 255 // h), ((x + y) * 255 // (w + h))], axis=-1)
    quality = 97
    while True:
        grain = rng.integers(-60, 60, size=(h, w, 3))
        out = io.BytesIO()
        Image.fromarray(np.clip(base + grain, 0, 255).astype(np.uint8)).save(out, "JPEG", quality=quality)
        if out.tell() >= megabytes * MB * 0.9 or quality >= 100:
            return out.getvalue()
        quality += 1


def main() -> None:
    media = big_picture(20)
    with tempfile.TemporaryDirectory() as folder, HTTPServer() as server:
        root = Path(folder)
        recorded = record_match(root / "data" / "creatorwatch.sqlite3", root / "files", server, media=media,
                                work_bytes=media)
        exports, verifies = [], []
        for run in range(3):
            target = root / f"bundle-{run}.zip"
            start = time.perf_counter()
            export_bundle(recorded.db, [recorded.match_id], target)
            exports.append(time.perf_counter() - start)
            start = time.perf_counter()
            assert verify_bundle(target).ok
            verifies.append(time.perf_counter() - start)
        size = target.stat().st_size
    export_s, verify_s = statistics.median(exports), statistics.median(verifies)
    print(f"media: candidate {len(media) / MB:.1f} MB (+ the work, the same size, and the WARC); "
          f"bundle {size / MB:.1f} MB")
    print(f"export: median {export_s:.2f} s of {[round(t, 2) for t in exports]} — target < {EXPORT_TARGET_S} s: "
          f"{'met' if export_s < EXPORT_TARGET_S else 'MISSED'}")
    print(f"verify: median {verify_s:.2f} s of {[round(t, 2) for t in verifies]} — target < {VERIFY_TARGET_S} s: "
          f"{'met' if verify_s < VERIFY_TARGET_S else 'MISSED'}")


if __name__ == "__main__":
    main()
