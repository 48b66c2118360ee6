"""Real voices for the voice tests: Festival's festvox voices (recorded from real people), a creator and a co-host
enrolled from a reading of their own. Needs the `voice` extra and Debian's festival, festvox-kdlpc16k and
festvox-italp16k."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
from scipy.io import wavfile

from creatorwatch.core.store.db import open_database
from creatorwatch.core.voice.enrol import enrol_file
from creatorwatch.core.voice.matcher import VoiceMatcher
from creatorwatch.core.voice.store import VoiceStore

RATE = 16000
ENROL_TEXT = (
    "The lighthouse keeper climbed the iron stair every evening for forty years. She trimmed the wick, wound the "
    "clockwork and watched the black water for the lights of fishing boats. In winter the storms came in from the "
    "west and the whole tower hummed like a bell. Nobody in the village remembered a night when the lamp had failed."
)
CREATOR, CO_HOST = "ked_diphone", "lp_diphone"  # an American man, an Italian woman


def say(voice: str, text: str, path: Path) -> np.ndarray:
    """`text` read by the Festival `voice`, written to `path` at RATE; its samples in -1..1."""
    subprocess.run(["text2wave", "-eval", f"(voice_{voice})", "-F", str(RATE), "-o", str(path)],
                   input=text.encode(), check=True, capture_output=True)
    return wavfile.read(path)[1].astype(np.float32) / 32768


def creator_and_co_host(root: Path) -> VoiceMatcher:
    """The creator and a co-host, each enrolled from their own reading, under their own names (works 1 and 2)."""
    store = VoiceStore(open_database(root / "data.sqlite"))
    for work_id, (voice, name) in enumerate([(CREATOR, "my voice"), (CO_HOST, "my co-host")], start=1):
        path = root / f"{voice}-enrol.wav"
        say(voice, ENROL_TEXT, path)
        store.db.execute("INSERT INTO works (id, title, kind, format, path, size, mtime, sha256, added_at) "
                         "VALUES (?, ?, 'audio', 'wav', ?, 1, 0, ?, 'now')", [work_id, name, str(path), name])
        store.enrol(work_id, enrol_file(path), name)
    return VoiceMatcher(store.voices())
