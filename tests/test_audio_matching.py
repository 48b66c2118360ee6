"""Audio matching: synthetic melodies written to real files, altered, decoded and matched end to end."""

from __future__ import annotations

import os
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image
from scipy import signal
from scipy.io import wavfile

from creatorwatch.core.errors import UnreadableMedia
from creatorwatch.core.fingerprint import audio, audio_hashes, audio_index
from creatorwatch.core.fingerprint.audio_decode import CHUNK_SECONDS, SAMPLE_RATE, decode_chunks
from creatorwatch.core.fingerprint.audio_peaks import Peaks
from creatorwatch.core.fingerprint.audio_query import QueryKeys, query_keys
from creatorwatch.core.library.works import Library
from creatorwatch.core.matching.index import LibraryIndex
from creatorwatch.core.store.db import open_database

RATE = 22050


def melody(seed: int, seconds: float, pitch: float = 1.0, tempo: float = 1.0) -> np.ndarray:
    """A random tune of harmonic notes and chords; `pitch` scales every frequency, `tempo` the pace."""
    rng = np.random.default_rng(seed)
    out = np.zeros(int(seconds / tempo * RATE) + RATE)
    t = 0.0
    while t < seconds:
        length = rng.uniform(0.12, 0.45)
        n = int(length / tempo * RATE)
        time = np.arange(n) / RATE
        envelope = np.exp(-3.0 * time / (length / tempo)) * np.minimum(1.0, time * 200)
        for base in 220.0 * 2 ** (rng.integers(0, 30, size=rng.integers(1, 4)) / 12):
            for k, amp in ((1, 1.0), (2, 0.5), (3, 0.3)):
                out[int(t / tempo * RATE) : int(t / tempo * RATE) + n] += (
                    amp * envelope * np.sin(2 * np.pi * base * pitch * k * time)
                )
        t += length
    return 0.25 * out[: int(seconds / tempo * RATE)] / np.max(np.abs(out))


def write_wav(path: Path, x: np.ndarray, rate: int = RATE) -> Path:
    wavfile.write(path, rate, (np.clip(x, -1, 1) * 32767).astype(np.int16))
    return path


def encode(path: Path, x: np.ndarray, codec: str, bit_rate: int) -> Path:
    """Encode mono `x` with PyAV's encoder `codec` (a real lossy round trip)."""
    rate = 48000 if codec == "libopus" else RATE
    if rate != RATE:
        x = signal.resample_poly(x, rate // 50, RATE // 50)
    with av.open(str(path), "w") as container:
        stream = container.add_stream(codec, rate=rate)
        assert isinstance(stream, av.AudioStream)
        stream.bit_rate = bit_rate
        stream.layout = "mono"
        source = av.AudioFrame.from_ndarray(x.astype(np.float32)[None, :], format="flt", layout="mono")
        source.sample_rate = rate
        for f in av.AudioResampler(format=stream.format.name, layout="mono", rate=rate).resample(source):
            container.mux(stream.encode(f))
        container.mux(stream.encode(None))
    return path


@pytest.fixture(scope="module")
def works(tmp_path_factory: pytest.TempPathFactory) -> dict[int, bytes]:
    folder = tmp_path_factory.mktemp("works")
    paths = {seed: write_wav(folder / f"work{seed}.wav", melody(seed, 60.0)) for seed in range(6)}
    return {seed: audio.fingerprint_file(path) for seed, path in paths.items()}


@pytest.fixture(scope="module")
def library(works: dict[int, bytes], tmp_path_factory: pytest.TempPathFactory) -> tuple[audio.Index, Path]:
    index = audio.Index()
    index.add_many(works.items())
    return index, tmp_path_factory.mktemp("unused")


def best(index: audio.Index, path: Path) -> tuple[int | None, float, dict]:
    hits = index.search(audio.fingerprint_file(path), audio.DEFAULT_THRESHOLD)
    return (hits[0].work_id, hits[0].score, hits[0].evidence) if hits else (None, 0.0, {})


def excerpt(seed: int, start: float, seconds: float = 10.0) -> np.ndarray:
    x = melody(seed, 60.0)
    return x[int(start * RATE) : int((start + seconds) * RATE)]


def test_clean_excerpt_matches_with_offsets(library: tuple[audio.Index, Path], tmp_path: Path) -> None:
    index, _ = library
    work, score, evidence = best(index, write_wav(tmp_path / "clip.wav", excerpt(2, 23.0)))
    assert work == 2 and score >= 0.9
    assert abs(evidence["work_offset_s"] - evidence["candidate_offset_s"] - 23.0) < 0.3
    assert evidence["matched_seconds"] >= 7 and evidence["pitch_shift_semitones"] == 0.0


@pytest.mark.parametrize(("codec", "suffix"), [("libmp3lame", ".mp3"), ("aac", ".m4a"), ("libopus", ".opus")])
def test_lossy_codecs(library: tuple[audio.Index, Path], tmp_path: Path, codec: str, suffix: str) -> None:
    index, _ = library
    path = encode(tmp_path / f"clip{suffix}", excerpt(3, 31.0), codec, 48_000)
    assert best(index, path)[0] == 3


@pytest.mark.parametrize(("codec", "suffix"), [("pcm_s16be", ".aiff"), ("pcm_s16le", ".caf"), ("aac", ".mov"),
                                             ("wmav2", ".wma")], ids=["aiff-studio", "caf-apple", "mov-phone", "wma"])
def test_studio_phone_and_windows_formats(library: tuple[audio.Index, Path], tmp_path: Path, codec: str,
                                          suffix: str) -> None:
    index, _ = library
    path = encode(tmp_path / f"clip{suffix}", excerpt(2, 12.0), codec, 128_000)
    assert best(index, path)[0] == 2


def test_pink_noise_phone_band_and_quiet(library: tuple[audio.Index, Path], tmp_path: Path) -> None:
    index, _ = library
    x = excerpt(4, 12.0)
    rng = np.random.default_rng(1)
    white = np.fft.rfft(rng.standard_normal(x.size))
    pink = np.fft.irfft(white / np.sqrt(np.maximum(np.fft.rfftfreq(x.size, 1 / RATE), 20.0)), n=x.size)
    noisy = x + pink * np.sqrt(np.mean(x**2) / np.mean(pink**2) / 10)  # 10 dB SNR
    assert best(index, write_wav(tmp_path / "noisy.wav", noisy))[0] == 4
    band = signal.sosfilt(signal.butter(4, [300, 3400], "bandpass", fs=RATE, output="sos"), x)
    phone = signal.resample_poly(band, 8000 // 50, RATE // 50)
    assert best(index, write_wav(tmp_path / "phone.wav", phone, 8000))[0] == 4
    assert best(index, write_wav(tmp_path / "quiet.wav", x * 10 ** (-12 / 20)))[0] == 4


@pytest.mark.parametrize("factor", [1.03, 0.97])
def test_tempo_change(library: tuple[audio.Index, Path], tmp_path: Path, factor: float) -> None:
    index, _ = library
    x = melody(5, 60.0, tempo=factor)
    start = int(20.0 / factor * RATE)
    work, _, evidence = best(index, write_wav(tmp_path / "tempo.wav", x[start : start + 10 * RATE]))
    assert work == 5 and abs(evidence["speed_factor"] - factor) <= 0.015


@pytest.mark.parametrize("semitones", [1, -1])
def test_pitch_shift(library: tuple[audio.Index, Path], tmp_path: Path, semitones: int) -> None:
    index, _ = library
    x = melody(1, 60.0, pitch=2 ** (semitones / 12))[int(15 * RATE) : int(25 * RATE)]
    work, _, evidence = best(index, write_wav(tmp_path / "pitch.wav", x))
    assert work == 1 and evidence["pitch_shift_semitones"] == semitones


def test_pitched_keys_are_asked_only_when_the_plain_ones_found_nothing_certain(
    library: tuple[audio.Index, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Most copies are re-encoded or cut, not pitched: the few keys of an unshifted copy find them for certain,
    and the forty times as many pitched and sped keys are asked only for the rest, which are still found."""
    index, _ = library
    asked: list[bool] = []
    real = audio_index.query_keys

    def spy(
        peaks: Peaks, shifted: bool = True, density: audio_hashes.Density = audio_hashes.QUERY,
        at: tuple[int, float] | None = None,
    ) -> QueryKeys:
        asked.append(shifted)
        return real(peaks, shifted, density, at)

    monkeypatch.setattr(audio_index, "query_keys", spy)
    mp3 = encode(tmp_path / "copy.mp3", excerpt(4, 17.0), "libmp3lame", 128_000)
    work, score, evidence = best(index, mp3)
    assert (work, asked) == (4, [False]) and score >= audio_index.CERTAIN and evidence["speed_factor"] == 1.0
    asked.clear()
    pitched = melody(4, 60.0, pitch=2 ** (2 / 12))[int(17 * RATE) : int(27 * RATE)]
    work, _, evidence = best(index, write_wav(tmp_path / "pitched.wav", pitched))
    assert (work, asked) == (4, [False, True]) and evidence["pitch_shift_semitones"] == 2
    asked.clear()
    assert best(index, write_wav(tmp_path / "other.wav", melody(103, 10.0)))[0] is None
    assert asked == [False, True, False]  # nothing found: every key was asked before saying no, then all the
    # candidate's peaks unshifted (a copy under a louder voice)


def test_a_medley_finds_a_pitched_work_beside_one_found_for_certain(library: tuple[audio.Index, Path],
                                                                    tmp_path: Path) -> None:
    """A work found for certain by the plain keys covers only half of this candidate; the pitched keys are still
    asked for the rest, where a pitched copy of another work lies (it went unfound: the plain look's certainty
    ended the search, and a pitched work first in a medley of two sped ones was lost)."""
    index, _ = library
    pitched = melody(2, 60.0, pitch=2 ** (1 / 12))[int(15 * RATE) : int(25 * RATE)]
    for parts, order in (((pitched, excerpt(3, 30.0)), [2, 3]), ((excerpt(3, 30.0), pitched), [3, 2])):
        hits = index.search(audio.fingerprint_file(write_wav(tmp_path / "medley.wav", np.concatenate(parts))),
                            audio.DEFAULT_THRESHOLD)
        assert sorted(h.work_id for h in hits) == [2, 3]
        found = {h.work_id: h.evidence for h in hits}
        assert found[2]["pitch_shift_semitones"] == 1 and abs(found[2]["work_offset_s"] - 15.0) < 1.5
        for work, at in zip(order, (0.0, 10.0), strict=True):
            assert abs(found[work]["candidate_offset_s"] - at) < 1.5


def test_other_music_does_not_match(library: tuple[audio.Index, Path], tmp_path: Path) -> None:
    index, _ = library
    for seed in (100, 101, 102):
        assert best(index, write_wav(tmp_path / f"other{seed}.wav", melody(seed, 10.0)))[0] is None


def test_shared_jingle_alone_is_not_a_match(tmp_path: Path) -> None:
    jingle = melody(50, 3.0)
    index = audio.Index()
    for seed in range(6):
        body = np.concatenate([jingle, melody(60 + seed, 30.0)])
        index.add(seed, audio.fingerprint_file(write_wav(tmp_path / f"w{seed}.wav", body)))
    candidate = np.concatenate([jingle, melody(99, 7.0)])
    assert best(index, write_wav(tmp_path / "c.wav", candidate))[0] is None
    copy = np.concatenate([jingle, melody(63, 30.0)])[: 10 * RATE]
    assert best(index, write_wav(tmp_path / "copy.wav", copy))[0] == 3


def test_a_copy_late_in_a_long_candidate_is_its_own_work_not_the_one_added_before(tmp_path: Path) -> None:
    """A copy that starts well into a candidate (a song a minute into a video) lines up at an offset before its
    work's own start on the index's timeline; it used to be credited to the work added before it, at an
    offset past that work's end, and a work that repeats a theme was even found in a short speech clip."""
    index = audio.Index()
    theme, bridge = melody(73, 20.0), melody(74, 20.0)
    index.add(1, audio.fingerprint_file(write_wav(tmp_path / "short.wav", melody(70, 10.0))))
    index.add(2, audio.fingerprint_file(write_wav(tmp_path / "song.wav", np.concatenate([theme, bridge, theme]))))
    late = np.concatenate([melody(72, 45.0), bridge[: 12 * RATE]])
    work, _, evidence = best(index, write_wav(tmp_path / "late.wav", late))
    assert work == 2 and abs(evidence["work_offset_s"] - 20.0) < 1.0 and abs(evidence["candidate_offset_s"] - 45) < 1
    whole = index.search(audio.fingerprint_file(tmp_path / "song.wav"), 0.0)  # its theme comes back 40 s later
    assert [h.work_id for h in whole] == [2]


def test_a_key_the_candidate_repeats_counts_once() -> None:
    """A held tone (a test signal, a tuning note) repeats one landmark for seconds; lined up against a work that
    holds that note now and then, its repeats must not add up to a match (a 440 Hz sine once matched a real
    track at 0.55). Ten seconds of it count once."""
    frames = np.arange(0, 320, 8)
    held = audio_index._Matches(frames, frames + 1000, np.zeros(40, np.int64), np.arange(40), np.full(40, 7),
                                (1000 + frames - frames) // audio_index.COARSE, np.zeros(40, np.int64))
    assert len(audio_index._align(held, np.arange(40))[0]) == 1
    varied = audio_index._Matches(frames, frames + 1000, np.zeros(40, np.int64), np.arange(40), np.arange(40),
                                  (1000 + frames - frames) // audio_index.COARSE, np.zeros(40, np.int64))
    assert len(audio_index._align(varied, np.arange(40))[0]) == 40


def test_a_pitch_effect_moving_a_peak_by_one_frame_still_finds_the_work_hash() -> None:
    """A pitch effect (a phase vocoder) smears peaks, so a triplet's middle peak often lands a frame early or
    late; when that crosses one of the eighths its time ratio is stored in, the copy's key used to miss the work's
    (a tempo-kept pitch shift through MP3 then went unfound). The shifted search asks that ratio too."""
    def peaks(t: list[int], f: list[int]) -> Peaks:
        return Peaks(np.array(t, np.uint32), np.array(f, np.uint8), np.zeros(len(t), np.uint8), 100)

    (work_key,), _ = audio_hashes.landmark_hashes(peaks([10, 18, 26], [40, 50, 45]), audio_hashes.WORK)
    early = peaks([10, 17, 26], [40, 50, 45])  # the middle peak a frame early: ratio 3 eighths instead of 4
    assert work_key not in query_keys(early, shifted=False).keys
    pitched = peaks([10, 17, 26], [43, 53, 48])  # and a semitone up (three bins), as a pitch effect leaves it
    assert work_key in query_keys(pitched, shifted=True).keys


def test_a_hash_found_only_through_a_neighbouring_ratio_counts_half() -> None:
    """Asking each triplet's neighbouring time ratios too means more keys and so more chance matches: what only
    they found counts half, and a candidate hash found both ways counts as found by its own ratio."""
    frames = np.arange(0, 320, 8)
    twice = np.concatenate([frames, frames])
    matches = audio_index._Matches(twice, twice + 1000, np.zeros(80, np.int64), np.tile(np.arange(40), 2),
                                   np.arange(80), (1000 + twice - twice) // audio_index.COARSE,
                                   np.zeros(80, np.int64),
                                   np.arange(80) < 40)  # each hash found by a neighbouring ratio, then its own
    origin, *_rest, near = audio_index._align(matches, np.arange(80))
    assert len(origin) == 40 and not near.any()
    only_near = audio_index._Matches(frames, frames + 1000, np.zeros(40, np.int64), np.arange(40), np.arange(40),
                                     (1000 + frames - frames) // audio_index.COARSE, np.zeros(40, np.int64),
                                     np.ones(40, dtype=bool))
    assert audio_index._align(only_near, np.arange(40))[5].all()


def test_chance_matches_at_scattered_pitches_do_not_add_up() -> None:
    """A copy is shifted by one amount throughout, so the hashes of a real match agree on it (within two
    neighbouring semitones, as a resample falls between them); chance matches found at every pitch a search asks
    must not add up to an alert."""
    frames = np.arange(0, 320, 8)

    def aligned(shift: np.ndarray) -> int:
        matches = audio_index._Matches(frames, frames + 1000, shift, np.arange(40), np.arange(40),
                                       (1000 + frames - frames) // audio_index.COARSE, np.zeros(40, np.int64))
        return len(audio_index._align(matches, np.arange(40))[0])

    assert aligned(np.full(40, 1)) == 40  # a tempo-kept pitch shift of a semitone
    assert aligned(np.arange(40) % 2) == 40  # a resample 5% fast: half a semitone, asked as 0 or 1
    assert aligned(np.arange(40) % 5 - 2) == 16  # chance: every shift from -2 to +2 alike, two of them kept


def test_a_work_held_twice_matches_both(works: dict[int, bytes], tmp_path: Path) -> None:
    index = audio.Index()
    index.add_many([*works.items(), (10, works[3])])  # say the WAV and the MP3 of one song
    hits = index.search(audio.fingerprint_file(write_wav(tmp_path / "c.wav", excerpt(3, 31.0))), 0.5)
    assert {h.work_id for h in hits} == {3, 10} and min(h.score for h in hits) >= 0.9


def test_remove_and_readd(tmp_path: Path) -> None:
    index = audio.Index()
    blob = audio.fingerprint_file(write_wav(tmp_path / "w.wav", melody(7, 30.0)))
    index.add(7, blob)
    clip = write_wav(tmp_path / "c.wav", melody(7, 30.0)[5 * RATE : 15 * RATE])
    assert best(index, clip)[0] == 7
    index.remove(7)
    assert len(index) == 0 and best(index, clip)[0] is None
    index.add(8, blob)
    assert best(index, clip)[0] == 8


def test_silence_and_too_short_are_no_match(library: tuple[audio.Index, Path], tmp_path: Path) -> None:
    index, _ = library
    assert best(index, write_wav(tmp_path / "silence.wav", np.zeros(10 * RATE)))[0] is None
    assert best(index, write_wav(tmp_path / "short.wav", excerpt(2, 23.0, 0.3)))[0] is None


def test_bad_inputs_give_plain_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty.mp3"
    empty.write_bytes(b"")
    with pytest.raises(UnreadableMedia, match="empty"):
        audio.fingerprint_file(empty)
    text = tmp_path / "notes.mp3"
    text.write_text("not a sound at all\n" * 200)
    with pytest.raises(UnreadableMedia, match="not a sound"):
        audio.fingerprint_file(text)
    picture = tmp_path / "picture.png"
    Image.new("RGB", (16, 16), "red").save(picture)
    with pytest.raises(UnreadableMedia, match="no sound"):
        audio.fingerprint_file(picture)


def test_mp3_with_garbage_frames_still_matches(library: tuple[audio.Index, Path], tmp_path: Path) -> None:
    index, _ = library
    path = encode(tmp_path / "clip.mp3", excerpt(0, 40.0), "libmp3lame", 64_000)
    data = bytearray(path.read_bytes())
    rng = np.random.default_rng(2)
    for start in (len(data) // 3, len(data) // 2):
        data[start : start + 600] = rng.integers(0, 256, 600, dtype=np.uint8).tobytes()
    path.write_bytes(bytes(data))
    assert best(index, path)[0] == 0


def test_long_recordings_stream_in_bounded_chunks(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "long.wav", np.tile(melody(9, 20.0), 5))
    sizes = [chunk.size for chunk in decode_chunks(path)]
    assert len(sizes) >= 3 and max(sizes) <= (CHUNK_SECONDS + 3) * SAMPLE_RATE
    assert abs(sum(sizes) / SAMPLE_RATE - 100.0) < 0.5


def test_decoding_starts_no_threads_of_its_own(tmp_path: Path) -> None:
    """FFmpeg's filter graph started a thread pool for every file it decoded; on a busy machine waiting for those
    threads doubled the time a short clip took. The import pool already runs files side by side."""
    path = write_wav(tmp_path / "long.wav", np.tile(melody(9, 20.0), 3))
    before = len(os.listdir("/proc/self/task"))
    chunks = decode_chunks(path)
    next(chunks)  # the graph is open and decoding now
    assert len(os.listdir("/proc/self/task")) == before
    assert sum(c.size for c in chunks) > 0


def _sizes(works: dict[int, bytes], ids: list[int]) -> list[tuple[int, int]]:
    return [(i, len(works[i])) for i in ids]


def test_saved_index_reopens_and_follows_changes(works: dict[int, bytes], tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    index = audio.Index(cache_dir=cache)
    index.add_many(works.items())
    clip = write_wav(tmp_path / "clip.wav", excerpt(2, 23.0))
    assert best(index, clip)[0] == 2  # the first search saves the index
    reopened = audio.Index(cache_dir=cache)
    assert reopened.restore(_sizes(works, list(works))) and len(reopened) == 6
    assert best(reopened, clip)[0] == 2
    reopened.remove(2)
    assert best(reopened, clip)[0] is None  # and the saved copy now lacks work 2
    left = [i for i in works if i != 2]
    assert not audio.Index(cache_dir=cache).restore(_sizes(works, list(works)))  # stale: 2 was removed
    again = audio.Index(cache_dir=cache)
    assert again.restore(_sizes(works, left)) and best(again, clip)[0] is None
    assert not audio.Index(cache_dir=cache).restore([*_sizes(works, left[1:]), (left[0], 7)])  # other content
    (cache / "postings.npy").unlink()
    assert not audio.Index(cache_dir=cache).restore(_sizes(works, left))


def test_removing_many_works_compacts_the_index(works: dict[int, bytes], tmp_path: Path) -> None:
    index = audio.Index()
    for n in range(30):  # the same recordings under many ids, then most of them taken away
        for seed, blob in works.items():
            index.add(100 * n + seed, blob)
    for n in range(29):
        for seed in works:
            index.remove(100 * n + seed)
    clip = write_wav(tmp_path / "clip.wav", excerpt(4, 12.0))
    assert best(index, clip)[0] == 2904
    index._compact(renumber=True)  # what a full timeline triggers
    assert len(index) == 6 and best(index, clip)[0] == 2904


def test_library_index_reopens_saved_audio_index(tmp_path: Path) -> None:
    library = Library(open_database(tmp_path / "library.sqlite3"))
    work = write_wav(tmp_path / "song.wav", melody(11, 40.0))
    assert library.add_paths([work]).added
    clip = audio.fingerprint_file(write_wav(tmp_path / "clip.wav", melody(11, 40.0)[8 * RATE : 18 * RATE]))
    first = LibraryIndex.load(library, cache=tmp_path / "cache")
    found = [h.work_id for h in first.search("audio", clip, 0.5)]
    assert len(found) == 1  # and the index was saved
    assert (tmp_path / "cache" / "index" / "audio" / "manifest.json").exists()
    reopened = LibraryIndex.load(library, cache=tmp_path / "cache")
    assert [h.work_id for h in reopened.search("audio", clip, 0.5)] == found
