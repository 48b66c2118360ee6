"""The voice bench's second family: other real people, other languages, other microphones — never tuned on.

Family A (voice_corpus.py) is Festival voices and Asterisk's studio prompts. Family B is recordings of real
speakers from other Debian packages, each voice one person (checked: every package's clips cluster as one voice):

- festvox-ru: the Russian male speaker "nsh" — the studio recordings Festival's voice is built from (16 kHz);
- asterisk-prompt-es-co (Colombian Spanish, female, July E. Jiménez) and asterisk-prompt-fr-armelle (French,
  female, Armelle Desjardins): telephone prompts stored as GSM 06.10, a lossy phone codec;
- ktuberling-data: words read by KDE translators at home (Danish, Lithuanian, Norwegian Nynorsk, Ukrainian);
- klettres-data: letters and syllables read for a language tutor (Malayalam, Ukrainian, Lithuanian, Spanish),
  also by volunteers. Left out: its English and French readers (too little speech for a minute and two
  candidates) and its Hungarian reader (clips without the pauses the speech finder knows talk by: enrolment
  refuses them as music). Its Ukrainian reader is the closest pair here to ktuberling's (median similarity 0.82
  of one's candidates to the other's voice, own voice 0.83 and up); the packages name nobody, and family A's
  czech_dita and czech_krb, two different people, are as close (0.85), so both stay.

Men and women, eight languages, studio, phone-codec and home recordings. Short clips are trimmed of silence
and joined with 0.3 s pauses. Asterisk's US English prompts are Allison, the speaker of family A's Mexican
Spanish prompts: they never stand as an impostor, only as a same-person-other-language row.
"""

from __future__ import annotations

import random
import subprocess
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from scipy.io import wavfile

from tests.bench.voice_corpus import CANDIDATE_SECONDS, CANDIDATES, ENROL_SECONDS, Voice, _fetch

RATE = 16000
PAUSE_SECONDS = 0.3
MIN_CANDIDATES = 2  # a voice with less material than enrolment and two candidates is left out
TRIM_DB = 35.0  # a clip's start and end quieter than this below its peak is silence
KT, KL = "usr/share/ktuberling/sounds", "usr/share/klettres"
VOICES = {  # name: (Debian package, its clips)
    "ru_m_nsh": ("festvox-ru", "usr/share/festival/voices/russian/msu_ru_nsh_clunits/wav/*.wav"),
    "es_CO_f_July": ("asterisk-prompt-es-co", "usr/share/asterisk/sounds/es/**/*.gsm"),
    "fr_f_Armelle": ("asterisk-prompt-fr-armelle", "usr/share/asterisk/sounds/fr/**/*.gsm"),
    "da_ktuberling": ("ktuberling-data", f"{KT}/da/*"),
    "lt_ktuberling": ("ktuberling-data", f"{KT}/lt/*"),
    "nn_ktuberling": ("ktuberling-data", f"{KT}/nn/*"),
    "uk_ktuberling": ("ktuberling-data", f"{KT}/uk/*"),
    "ml_klettres": ("klettres-data", f"{KL}/ml/*/*"),
    "lt_klettres": ("klettres-data", f"{KL}/lt/*/*"),
    "uk_klettres": ("klettres-data", f"{KL}/uk/*/*"),
    "es_klettres": ("klettres-data", f"{KL}/es/*/*"),
}
SAME_PERSON = ("en_US_f_Allison", "asterisk-core-sounds-en-wav", "usr/share/asterisk/sounds/en_US_f_Allison/*.wav")
SAME_PERSON_ENROLLED = "es_MX_f_Allison"  # her voice as family A enrols it


def build_other(root: Path, quick: bool) -> tuple[list[Voice], Voice]:
    """Family B's voices, and the same-person case (candidates only: her enrolment is family A's)."""
    debian = root / "debian"
    count = 3 if quick else CANDIDATES
    voices = []
    for name, (package, pattern) in VOICES.items():
        _fetch(package, debian)
        voice = _voice(name, sorted(debian.glob(pattern)), root / "speech-other" / name, count, ENROL_SECONDS)
        if voice is not None:
            voices.append(voice)
    name, package, pattern = SAME_PERSON
    _fetch(package, debian)
    same = _voice(name, sorted(debian.glob(pattern)), root / "speech-other" / name, count, 0.0)
    assert same is not None
    return voices[::2] if quick else voices, same


def _voice(name: str, clips: list[Path], out: Path, count: int, enrol_seconds: float) -> Voice | None:
    """Clips shuffled (seeded) and joined: the first minute to enrol, the following ones as candidates."""
    done = out / ".built"
    if not done.exists():
        out.mkdir(parents=True, exist_ok=True)
        random.Random(7).shuffle(clips)
        queue = _speech(clips)
        if not enrol_seconds or _join(queue, enrol_seconds, out / "enrol.wav"):
            for i in range(CANDIDATES):
                if not _join(queue, CANDIDATE_SECONDS, out / f"cand{i}.wav"):
                    break
        done.touch()
    candidates = sorted(out.glob("cand*.wav"))[:count]
    if len(candidates) < MIN_CANDIDATES:
        print(f"{name}: too little speech for the bench, left out")
        return None
    return Voice(name, out / "enrol.wav", candidates)


def _speech(clips: list[Path]) -> Iterator[np.ndarray]:
    import librosa  # comes with the voice extra the bench needs anyway

    for clip in clips:
        audio = _decode(clip)
        if audio.size:
            yield librosa.effects.trim(audio, top_db=TRIM_DB)[0]


def _join(queue: Iterator[np.ndarray], seconds: float, path: Path) -> bool:
    """Write `seconds` of the queue's clips with short pauses between; False when it runs dry first."""
    pieces, total, wanted = [], 0, int(seconds * RATE)
    for audio in queue:
        pieces += [audio, np.zeros(int(PAUSE_SECONDS * RATE), np.float32)]
        total += audio.size + int(PAUSE_SECONDS * RATE)
        if total >= wanted:
            joined = np.concatenate(pieces)[:wanted]
            wavfile.write(path, RATE, (joined / max(1.0, float(np.abs(joined).max())) * 32767).astype(np.int16))
            return True
    return False


def _decode(path: Path) -> np.ndarray:
    """Any clip as 16 kHz mono; Asterisk's .gsm files are headerless GSM 06.10 at 8 kHz."""
    codec = ["-f", "gsm"] if path.suffix == ".gsm" else []
    done = subprocess.run(["ffmpeg", "-v", "error", *codec, "-i", str(path), "-ac", "1", "-ar", str(RATE),
                           "-f", "s16le", "-"], capture_output=True)
    return np.frombuffer(done.stdout, np.int16).astype(np.float32) / 32768
