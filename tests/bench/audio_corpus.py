"""The audio bench corpus: real music and speech shipped in Debian, fetched with apt-get download.

Music: Battle for Wesnoth's soundtrack, Hedgewars' and LinCity-NG's. Speech: Asterisk's recorded English
prompts (one real speaker), joined into minute-long recordings. Half of each goes to the library, half is
held out as distractors of the same kind.
"""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import numpy as np
from scipy.io import wavfile

PACKAGES = {
    "wesnoth-1.16-music": "usr/share/games/wesnoth/1.16/data/core/music/*.ogg",
    "hedgewars-data": "usr/share/games/hedgewars/Data/Music/*.ogg",
    "lincity-ng-data": "usr/share/games/lincity-ng/music/*.ogg",
    "asterisk-core-sounds-en-wav": "usr/share/asterisk/sounds/en_US_f_Allison/*.wav",
}
SPEECH_TRACKS = 10
PROMPTS_PER_TRACK = 25
MIN_SECONDS = 25.0


def build(root: Path) -> tuple[list[Path], list[Path]]:
    """Library works and held-out distractors (music and speech mixed), fetching packages if needed."""
    extracted = root / "debian"
    for package in PACKAGES:
        _fetch(package, extracted)
    music = [p for pkg, pattern in PACKAGES.items() if "asterisk" not in pkg for p in extracted.glob(pattern)]
    music = sorted(p for p in music if _seconds(p) >= MIN_SECONDS)
    speech = _speech_tracks(sorted(extracted.glob(PACKAGES["asterisk-core-sounds-en-wav"])), root / "speech")
    rng = random.Random(8)
    rng.shuffle(music)
    works = music[0::2] + speech[0::2]
    distractors = music[1::2] + speech[1::2]
    return works, distractors


def _fetch(package: str, into: Path) -> None:
    marker = into / f".{package}"
    if marker.exists():
        return
    into.mkdir(parents=True, exist_ok=True)
    debs = into.parent / "debs"
    debs.mkdir(exist_ok=True)
    subprocess.run(["apt-get", "download", package], cwd=debs, check=True, capture_output=True)
    deb = next(debs.glob(f"{package}_*.deb"))
    subprocess.run(["dpkg-deb", "-x", str(deb), str(into)], check=True)
    deb.unlink()
    marker.touch()


def _seconds(path: Path) -> float:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout.strip() or 0)


def _speech_tracks(prompts: list[Path], folder: Path) -> list[Path]:
    """Join real recorded prompts, each used once, into SPEECH_TRACKS recordings of about a minute."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"speech-{i:02d}.wav" for i in range(SPEECH_TRACKS)]
    if all(p.exists() for p in paths):
        return paths
    rng = random.Random(3)
    pool = prompts[:]
    rng.shuffle(pool)
    for i, path in enumerate(paths):
        parts = []
        for prompt in pool[i * PROMPTS_PER_TRACK : (i + 1) * PROMPTS_PER_TRACK]:
            rate, data = wavfile.read(prompt)
            assert rate == 8000, prompt
            parts += [data.astype(np.int16).reshape(-1), np.zeros(rng.randint(1600, 4000), dtype=np.int16)]
        wavfile.write(path, 8000, np.concatenate(parts))
    return paths
