"""The audio bench corpora: real music and speech shipped in Debian, fetched with apt-get download.

Family A (`build`): orchestral game soundtracks (Battle for Wesnoth, Hedgewars, LinCity-NG) and Asterisk's
recorded US English prompts (one speaker), joined into minute-long recordings.
Family B (`build_other`), different on every count: electronic tracker music (Pingus' modules, rendered once
to WAV: loops repeated sample for sample), acoustic and lounge recordings (Asterisk's music on hold, from
opsound) with Extreme Tux Racer's soundtrack, and speech in other languages by other speakers (Asterisk's
Canadian French and Russian prompts).
Half of each goes to the library, half is held out as distractors of the same kind.
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
OTHER_PACKAGES = {
    "pingus-data": "usr/share/games/pingus/data/music/*.*",
    "asterisk-moh-opsound-wav": "usr/share/asterisk/moh/*.wav",
    "extremetuxracer-data": "usr/share/games/etr/music/*.ogg",
    "asterisk-core-sounds-fr-wav": "usr/share/asterisk/sounds/fr_CA_f_June/*.wav",
    "asterisk-core-sounds-ru-wav": "usr/share/asterisk/sounds/ru_RU_f_IvrvoiceRU/*.wav",
}
OTHER_SPEECH_TRACKS = 6  # per language
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


def build_other(root: Path) -> tuple[list[Path], list[Path]]:
    """Family B's library works and held-out distractors, fetching packages if needed."""
    extracted = root / "debian"
    for package in OTHER_PACKAGES:
        _fetch(package, extracted)
    music = [_rendered(p, root / "rendered") for p in sorted(extracted.glob(OTHER_PACKAGES["pingus-data"]))
             if p.suffix in (".it", ".s3m", ".xm", ".mod")]
    for package in ("asterisk-moh-opsound-wav", "extremetuxracer-data"):
        music += sorted(extracted.glob(OTHER_PACKAGES[package]))
    music = sorted((p for p in music if _seconds(p) >= MIN_SECONDS), key=lambda p: p.name)
    speech = []
    for package in ("asterisk-core-sounds-fr-wav", "asterisk-core-sounds-ru-wav"):
        prompts = sorted(extracted.glob(OTHER_PACKAGES[package]))
        speech += _speech_tracks(prompts, root / "speech" / package, OTHER_SPEECH_TRACKS)
    rng = random.Random(9)
    rng.shuffle(music)
    return music[0::2] + speech[0::2], music[1::2] + speech[1::2]


def _rendered(module: Path, folder: Path) -> Path:
    """A tracker module played once into a WAV, as its composer would publish it."""
    folder.mkdir(parents=True, exist_ok=True)
    wav = folder / f"{module.stem}.wav"
    if not wav.exists():
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(module), "-ar", "44100", str(wav)], check=True)
    return wav


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


def _speech_tracks(prompts: list[Path], folder: Path, tracks: int = SPEECH_TRACKS) -> list[Path]:
    """Join real recorded prompts, each used once, into `tracks` recordings of about a minute."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"speech-{i:02d}.wav" for i in range(tracks)]
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
