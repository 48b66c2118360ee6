"""A voice that speaks in only part of a recording is found, and the evidence says where: Festival voices (recorded
from real people) taking turns, or speaking after a music intro, as a cloned voice appears in podcasts and videos.
Needs the `voice` extra and Debian's festival, festvox-kdlpc16k and festvox-italp16k."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy.io import wavfile

from creatorwatch.core.fingerprint.base import Hit
from creatorwatch.core.voice.matcher import VoiceMatcher
from tests.festival_voices import CO_HOST, CREATOR, ENROL_TEXT, RATE, creator_and_co_host, say
from tests.media import make_recording

pytestmark = pytest.mark.needs_voice

NEW_TEXT = (
    "A letter arrived in spring from a company in the city, offering to replace the keeper with a machine. Every "
    "autumn the keeper painted the gallery rail white again, because the salt wind peeled it by spring."
)
MORE_TEXT = (
    "The supply boat came once a month with oil, flour, letters and the newspapers nobody had time to read. On calm "
    "nights the keeper counted the ships that passed and wrote their names in a book with a green cover."
)


def _recording(path: Path, *parts: np.ndarray) -> Path:
    """The parts one after the other, half a second apart, as one 16 kHz recording."""
    gap = np.zeros(RATE // 2, np.float32)
    joined = np.concatenate([piece for part in parts for piece in (part, gap)])
    wavfile.write(path, RATE, (joined / max(1.0, float(np.abs(joined).max())) * 32767).astype(np.int16))
    return path


@pytest.fixture(scope="module")
def voices(tmp_path_factory: pytest.TempPathFactory) -> tuple[VoiceMatcher, Path]:
    """The creator and a co-host, each enrolled from their own reading, under their own names."""
    root = tmp_path_factory.mktemp("voices")
    return creator_and_co_host(root), root


def _found(hits: list[Hit]) -> dict[str, Hit]:
    return {hit.evidence["voice"]: hit for hit in hits}


def test_two_people_taking_turns_are_both_found_each_where_they_speak(
        voices: tuple[VoiceMatcher, Path], tmp_path: Path) -> None:
    matcher, _ = voices
    creator = say(CREATOR, NEW_TEXT, tmp_path / "creator.wav")
    co_host = say(CO_HOST, MORE_TEXT, tmp_path / "co-host.wav")
    turn = creator.size / RATE + 0.5  # where the co-host starts
    found = _found(matcher.match_file(_recording(tmp_path / "interview.wav", creator, co_host)))
    assert sorted(found) == ["my co-host", "my voice"]
    mine, theirs = found["my voice"].evidence, found["my co-host"].evidence
    assert mine["stretch"]["end"] <= turn + 1.0 and theirs["stretch"]["start"] >= turn - 1.0
    assert all(s["end"] <= turn + 1.0 for s in mine["segments"])  # the creator is pointed to their own part
    assert all(s["start"] >= turn - 1.0 for s in theirs["segments"])


def test_a_voice_after_a_music_intro_is_found_after_the_music(voices: tuple[VoiceMatcher, Path],
                                                              tmp_path: Path) -> None:
    matcher, _ = voices
    intro_seconds = 45.0
    music = wavfile.read(make_recording(tmp_path / "intro.wav", seed=5, seconds=intro_seconds, rate=RATE))[1]
    creator = say(CREATOR, NEW_TEXT, tmp_path / "creator.wav")
    podcast = _recording(tmp_path / "podcast.wav", music.astype(np.float32) / 32768, creator)
    found = _found(matcher.match_file(podcast))
    assert list(found) == ["my voice"]
    assert found["my voice"].evidence["stretch"]["start"] >= intro_seconds - 1.0
    assert found["my voice"].work_id == 1


def test_someone_else_talking_at_length_is_not_taken_for_the_creator(voices: tuple[VoiceMatcher, Path],
                                                                    tmp_path: Path) -> None:
    """A minute of another man's voice gives many stretches, each a chance to look like the creator by luck:
    none is taken for them."""
    matcher, _ = voices
    stranger = [say("pc_diphone", text, tmp_path / f"stranger-{i}.wav")
                for i, text in enumerate((ENROL_TEXT, NEW_TEXT, MORE_TEXT))]
    assert matcher.match_file(_recording(tmp_path / "stranger.wav", *stranger)) == []
