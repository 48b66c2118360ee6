"""Voice scoring takes away what every voice shares before comparing two voices (only numpy: no extra needed)."""

from __future__ import annotations

import numpy as np

from creatorwatch.core.voice.mean_voice import MEAN_VOICE
from creatorwatch.core.voice.score import DEFAULT_THRESHOLD, score_voice, scoring_vector
from creatorwatch.core.voice.stretches import STRETCH_SEGMENTS, score_recording


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def _own_directions(seed: int, n: int) -> np.ndarray:
    """Unit directions at right angles to the average voice: what is each speaker's own."""
    own = np.random.default_rng(seed).standard_normal((n, MEAN_VOICE.size))
    own -= np.outer(own @ MEAN_VOICE, MEAN_VOICE) / float(MEAN_VOICE @ MEAN_VOICE)
    return _unit(own)


def _speaker(own: np.ndarray, seed: int, segments: int) -> np.ndarray:
    """Segment embeddings of a speaker: the average voice, their own part, and a little of each moment's noise."""
    noise = 0.01 * np.random.default_rng(seed).standard_normal((segments, MEAN_VOICE.size))
    return _unit(MEAN_VOICE + 0.25 * own + noise).astype(np.float32)


def test_two_people_alike_only_in_what_every_voice_shares_are_told_apart() -> None:
    creator, stranger = _own_directions(1, 2)
    enrolled = scoring_vector(_speaker(creator, 2, 40)[None])  # one condition × 40 segments
    same, other = _speaker(creator, 3, 6), _speaker(stranger, 4, 6)
    plain_cosine = float(_unit(other.mean(axis=0)) @ _unit(_speaker(creator, 2, 40).mean(axis=0)))
    assert plain_cosine > 0.835  # above the line plain cosines alerted at: once flagged as the creator
    assert score_voice(other, enrolled).score < 0.1 < DEFAULT_THRESHOLD
    found = score_voice(same, enrolled)
    assert found.score > 0.9 and found.similarity > 0.9
    assert found.per_segment.shape == (6,) and np.all(found.per_segment > 0.8)  # the evidence's segments agree


def test_a_voice_in_only_part_of_a_recording_is_scored_in_its_own_stretch() -> None:
    """Someone else talks for most of the recording, then the creator: averaged whole, the creator is lost; the
    best stretch finds them and points at their segments. A short recording is scored whole, as before."""
    creator, stranger = _own_directions(5, 2)
    enrolled = scoring_vector(_speaker(creator, 6, 40)[None])
    recording = np.concatenate([_speaker(stranger, 7, 60), _speaker(creator, 8, STRETCH_SEGMENTS)])
    assert score_voice(recording, enrolled).score < DEFAULT_THRESHOLD
    found = score_recording(recording, enrolled)
    assert found.score > 0.9 and found.stretch == slice(60, 60 + STRETCH_SEGMENTS)
    short = _speaker(creator, 9, 2 * STRETCH_SEGMENTS - 1)
    assert score_recording(short, enrolled).stretch is None


def test_three_strangers_whose_voices_average_near_the_creators_are_not_taken_for_the_creator() -> None:
    """Three people taking turns, none like the creator: what is each one's own cancels out in their average, so
    the whole recording sounds more like the creator than anyone in it does. No stretch of it sounds like them."""
    creator, apart, across = _own_directions(10, 3)
    enrolled = scoring_vector(_speaker(creator, 11, 40)[None])
    strangers = [apart, -0.5 * apart + 0.866 * across, -0.5 * apart - 0.866 * across]  # summing to nothing
    recording = np.concatenate([_speaker(own, 12 + i, 2 * STRETCH_SEGMENTS) for i, own in enumerate(strangers)])
    assert score_voice(recording, enrolled).score > DEFAULT_THRESHOLD  # the average alone was flagged
    assert score_recording(recording, enrolled).score < DEFAULT_THRESHOLD
