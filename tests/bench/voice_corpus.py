"""The voice bench corpus: real speakers only, from Debian — Festival's festvox voices (diphone, unit-selection
and HTS voices recorded from real people) and Asterisk's recorded telephone prompts.

flite's built-in voices (kal, awb, rms, slt) are reserved for an independent acceptance check, so no voice built
from those speakers is used here (not festvox-kallpc*, not festvox-us-slt-hts). Each voice gets 60 s of speech
to enrol from and CANDIDATES ten-second candidates of other text; the conditions are made from those.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.io import wavfile

FESTIVAL = {  # Festival voice: Debian package (installed, since Festival loads voices from its own tree)
    "ked_diphone": "festvox-kdlpc16k",
    "czech_dita": "festvox-czech-dita",
    "czech_krb": "festvox-czech-krb",
    "czech_machac": "festvox-czech-machac",
    "czech_ph": "festvox-czech-ph",
    "hy_fi_mv_diphone": "festvox-suopuhe-mv",
    "suo_fi_lj_diphone": "festvox-suopuhe-lj",
    "lp_diphone": "festvox-italp16k",
    "pc_diphone": "festvox-itapc16k",
    "upc_ca_ona_hts": "festvox-ca-ona-hts",
}
ASTERISK = {  # speaker folder: Debian package (downloaded and unpacked, not installed)
    "fr_CA_f_June": "asterisk-core-sounds-fr-wav",
    "es_MX_f_Allison": "asterisk-core-sounds-es-wav",
    "it_IT_m_Carlo": "asterisk-core-sounds-it-wav",
    "it_IT_f_Menardi": "asterisk-prompt-it-menardi-wav",
    "ru_RU_f_IvrvoiceRU": "asterisk-core-sounds-ru-wav",
}
MUSIC_PACKAGE = "lincity-ng-data"
MUSIC_GLOB = "usr/share/games/lincity-ng/music/*/*.ogg"
TEXT = Path("/usr/share/common-licenses/GPL-3")  # English prose on every Debian system
ENROL_SECONDS = 60.0
CANDIDATE_SECONDS = 10.0
CANDIDATES = 6


@dataclass(frozen=True)
class Voice:
    name: str
    enrol: Path
    candidates: list[Path]


def build(root: Path, quick: bool) -> tuple[list[Voice], list[Path]]:
    """The voices (enrolment and plain candidates) and the music tracks, fetching and synthesising as needed."""
    _ensure_festival()
    debian = root / "debian"
    for package in [*ASTERISK.values(), MUSIC_PACKAGE]:
        _fetch(package, debian)
    sentences = _sentences()
    count = 3 if quick else CANDIDATES
    voices = [_festival_voice(name, root / "speech" / name, sentences, count) for name in FESTIVAL]
    voices += [_asterisk_voice(name, debian, root / "speech" / name, count) for name in ASTERISK]
    music = sorted(debian.glob(MUSIC_GLOB))
    if quick:
        voices = voices[::2]
    return voices, music


def _ensure_festival() -> None:
    missing = [p for v, p in FESTIVAL.items() if not list(Path("/usr/share/festival/voices").glob(f"*/{v}"))]
    if shutil.which("text2wave") is None or missing:
        subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", "festival", *missing], check=True)


def _fetch(package: str, into: Path) -> None:
    marker = into / f".{package}"
    if marker.exists():
        return
    debs = into.parent / "debs"
    debs.mkdir(parents=True, exist_ok=True)
    subprocess.run(["apt-get", "download", package], cwd=debs, check=True, capture_output=True)
    deb = next(debs.glob(f"{package}_*.deb"))
    subprocess.run(["dpkg-deb", "-x", str(deb), str(into)], check=True)
    deb.unlink()
    marker.touch()


def _sentences() -> list[str]:
    words = re.sub(r"\s+", " ", TEXT.read_text()).split(". ")
    return [s.strip() + "." for s in words if 40 <= len(s) <= 300]


def _festival_voice(name: str, out: Path, sentences: list[str], count: int) -> Voice:
    """Enrolment reads the first sentences; each candidate reads its own sentences further on."""
    out.mkdir(parents=True, exist_ok=True)
    enrol = out / "enrol.wav"
    if not enrol.exists():
        _say(name, " ".join(sentences[:14]), ENROL_SECONDS, enrol)
    candidates = []
    for i in range(count):
        path = out / f"cand{i}.wav"
        if not path.exists():
            _say(name, " ".join(sentences[40 + 3 * i : 43 + 3 * i]), CANDIDATE_SECONDS, path)
        candidates.append(path)
    return Voice(name, enrol, candidates)


def _say(voice: str, text: str, seconds: float, path: Path) -> None:
    raw = path.with_suffix(".raw.wav").absolute()  # the HTS voice changes directory while it loads
    subprocess.run(["text2wave", "-eval", f"({'voice_' + voice})", "-o", str(raw)], input=text.encode(),
                   check=True, capture_output=True)
    rate, data = wavfile.read(raw)
    raw.unlink()
    if data.size < seconds * rate * 0.9:
        raise RuntimeError(f"{voice} said only {data.size / rate:.1f} s of {text[:40]!r}…")
    wavfile.write(path, rate, data[: int(seconds * rate)])


def _asterisk_voice(name: str, debian: Path, out: Path, count: int) -> Voice:
    """Prompts joined with short pauses: the first minute to enrol, the following ones as candidates."""
    out.mkdir(parents=True, exist_ok=True)
    prompts = sorted((debian / "usr/share/asterisk/sounds" / name).glob("*.wav"))
    random.Random(7).shuffle(prompts)
    queue = iter(prompts)
    enrol = out / "enrol.wav"
    _join(queue, ENROL_SECONDS, enrol)
    candidates = [out / f"cand{i}.wav" for i in range(count)]
    for path in candidates:
        _join(queue, CANDIDATE_SECONDS, path)
    return Voice(name, enrol, candidates)


def _join(prompts: object, seconds: float, path: Path) -> None:
    rate, pieces, total = 8000, [], 0
    for prompt in prompts:  # type: ignore[attr-defined]
        rate, data = wavfile.read(prompt)
        pieces += [data, np.zeros(int(0.3 * rate), data.dtype)]
        total += data.size + int(0.3 * rate)
        if total >= seconds * rate:
            break
    if not path.exists():
        wavfile.write(path, rate, np.concatenate(pieces)[: int(seconds * rate)])
