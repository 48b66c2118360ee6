"""A candidate's side of a search: every key a work's triplet could have had, if the copy was pitched or sped.

A copy that was pitch-shifted or resampled ("sped up": pitch and tempo together) moves every peak by the same
amount, but rarely by a whole log bin: each peak then lands one bin above or below where the work's peak
was rounded to, and a triplet's two bin steps are off by one. Its time span stretches with the tempo. So a
candidate asks, for each of its triplets, every bin-step pair one bin off (seven of the nine: the two
that would need the peaks to move apart are left out), the anchor semitone up to SEMITONES_ASKED either
way, and every span a tempo within MAX_STRETCH could have had. An audio editor's pitch effect (a phase vocoder)
also smears peaks by about a frame, which moves a triplet's time ratio into the next eighth whenever its middle
peak sat near a boundary: the ratio that peak would give a frame early or late is asked too, and a hash found only
that way counts half (audio_index.NEAR), as it was asked with more keys. The work's side stays sparse and exact;
the alignment that follows (speed, offset and pitch shift must agree across seconds) keeps the extra keys honest.

Most copies are not shifted at all (re-encoded, cut, noisy), so a search first asks only the keys an unshifted
copy would have (`shifted=False`: about one in forty of the keys, each triplet at its own pitch and one or two
spans) and asks the rest only when that finds nothing certain.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from creatorwatch.core.fingerprint.audio_hashes import QUERY, SEMITONE_SHIFT, Density, _targets
from creatorwatch.core.fingerprint.audio_peaks import BINS_PER_SEMITONE, N_BINS, Peaks

SEMITONES_ASKED = 2  # pitch shifts (tempo kept) of up to two semitones either way
MAX_STRETCH = 0.08  # speed or tempo changes of up to 8% either way. 13% (two semitones by a resample) was tried:
# the bench's 10 s clips sped so are found at 8% already (36/36 and 19/20), a tester's 5 s clips 13 of 14 instead of
# 10, but family A's orchestral distractors matched by chance 0.014 instead of 0.003 (highest 0.775) and its
# two-semitone pitch effect fell from 0.917 to 0.889: kept at 8%
_STEP_ERRORS = np.array([(0, 0), (-1, 0), (0, -1), (-1, -1), (1, 1), (1, 0), (0, 1)], dtype=np.int64)
_SEMITONES = N_BINS // BINS_PER_SEMITONE
_MAX_SPANS = 6


@dataclass(frozen=True)
class QueryKeys:
    """Keys to look up; for each, the candidate frame, the semitones it was shifted by, and its triplet."""

    keys: np.ndarray
    tq: np.ndarray
    shift: np.ndarray
    origin: np.ndarray
    near: np.ndarray  # asked for the time ratio of a middle peak one frame off, not the triplet's own


def query_keys(
    peaks: Peaks, shifted: bool = True, density: Density = QUERY, at: tuple[int, float] | None = None
) -> QueryKeys:
    """Every key a work could hold for each of the candidate's triplets, within the pitch and speed allowed;
    without `shifted`, only those of an unshifted copy (pitch, bin steps and tempo as they are, spans +-1); `at`
    (semitones, speed) asks only the keys of a copy shifted and sped by that much (a second look at one alignment)."""
    keep = peaks.rank < density.peaks
    t, f = peaks.t[keep].astype(np.int64), peaks.f[keep].astype(np.int64)
    targets = _targets(t, f, density.lookahead)
    first, second = np.triu_indices(density.targets, k=1)
    j1, j2 = targets[:, first], targets[:, second]
    a, k = np.nonzero((j1 >= 0) & (j2 >= 0))
    b, c = j1[a, k], j2[a, k]
    dt13 = t[c] - t[a]
    ratio = np.minimum((t[b] - t[a]) * 8 // dt13, 7)
    # time: every span (dt13 // 2 on the work) that a tempo within MAX_STRETCH could have come from
    stretch = MAX_STRETCH if shifted else 0.0
    lo = np.floor((dt13 * (1 - stretch) - 1) / 2).astype(np.int64).clip(min=0)
    hi = np.floor((dt13 * (1 + stretch) + 1) / 2).astype(np.int64).clip(max=31)
    if at is not None:  # the speed is known to the hundredth: a frame and a half either way
        lo = np.floor((dt13 * at[1] - 1.5) / 2).astype(np.int64).clip(min=0)
        hi = np.floor((dt13 * at[1] + 1.5) / 2).astype(np.int64).clip(max=31)
    spans = lo[:, None] + np.arange(_MAX_SPANS)[None, :]
    span_ok = spans <= hi[:, None]
    # frequency: bin steps one off either way, and the anchor's semitone shifted
    errors = _STEP_ERRORS if shifted else _STEP_ERRORS[:1]
    step_b = (f[b] - f[a])[:, None] + errors[None, :, 0]
    step_c = (f[c] - f[a])[:, None] + errors[None, :, 1]
    step_ok = (np.abs(step_b) <= 32 - 1) & (np.abs(step_c) <= 32 - 1)  # inside the key's 6-bit fields
    own = f[a] // BINS_PER_SEMITONE
    asked = SEMITONES_ASKED if shifted else 0
    shifts = np.arange(-asked, asked + 1) if at is None else np.array([at[0]])
    semitone = own[:, None] + shifts[None, :]
    sem_ok = (semitone >= 0) & (semitone < _SEMITONES)
    freq = (
        (semitone[:, :, None] << SEMITONE_SHIFT)
        | ((step_b[:, None, :] + 32) << 14)
        | ((step_c[:, None, :] + 32) << 8)
    )
    freq_ok = sem_ok[:, :, None] & step_ok[:, None, :]
    keys = freq[:, :, :, None] | (spans[:, None, None, :] << 3) | ratio[:, None, None, None]
    ok = np.flatnonzero(freq_ok[:, :, :, None] & span_ok[:, None, None, :])  # flat: far cheaper than nonzero
    per_shift = keys.shape[2] * keys.shape[3]
    row, i_shift = ok // (shifts.size * per_shift), ok // per_shift % shifts.size
    keys, tq, shift, origin = keys.ravel()[ok], t[a][row], shifts[i_shift], row
    if not shifted:
        return QueryKeys(keys, tq, shift, origin, np.zeros(keys.size, dtype=bool))
    # the keys with the time ratio the middle peak gives a frame early or late, where that differs (bin steps as
    # they are: asking both kinds of error at once would multiply the keys for little)
    plain = freq[:, :, 0, None] | (spans[:, None, :] << 3)
    plain_ok = freq_ok[:, :, 0, None] & span_ok[:, None, :]
    parts = [(keys, tq, shift, origin)]
    for moved in _neighbour_ratios(t[b] - t[a], dt13, ratio):
        flat = np.flatnonzero(plain_ok & (moved >= 0)[:, None, None])
        r, i_s = flat // (shifts.size * spans.shape[1]), flat // spans.shape[1] % shifts.size
        parts.append((plain.ravel()[flat] | moved[r], t[a][r], shifts[i_s], r))
    near = np.arange(sum(p[0].size for p in parts)) >= keys.size
    keys, tq, shift, origin = (np.concatenate(column) for column in zip(*parts, strict=True))
    return QueryKeys(keys, tq, shift, origin, near)


def _neighbour_ratios(dt12: np.ndarray, dt13: np.ndarray, own: np.ndarray) -> list[np.ndarray]:
    """The time-ratio fields a triplet's middle peak would give one frame earlier and one frame later (a pitch
    effect moves peaks by a frame), each only where it differs from the triplet's own and from the other; -1
    where it does not."""
    early = np.minimum((dt12 - 1) * 8 // dt13, 7)
    late = np.minimum((dt12 + 1) * 8 // dt13, 7)
    return [np.where(early != own, early, -1), np.where((late != own) & (late != early), late, -1)]
