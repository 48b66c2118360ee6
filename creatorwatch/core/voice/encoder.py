"""The speaker encoder: Resemblyzer's GE2E network, loaded once and lazily, turning speech into 256-d voices.

Loading torch takes seconds, so nothing here runs at import; call `warm_up()` from a background thread to pay
that cost before the first candidate arrives.
"""

from __future__ import annotations

import threading
import warnings
from typing import Any

import numpy as np

from creatorwatch.core.voice.installed import require_voice

WINDOW_FRAMES = 160  # 1.6 s of 10 ms mel frames: the span the encoder was trained on
FRAMES_PER_SECOND = 100
BATCH = 64  # windows per forward pass

_lock = threading.Lock()
_model: Any = None


def warm_up() -> None:
    """Load the encoder now (seconds, once per process); raises VoiceNotInstalled without the extra."""
    _encoder()


def embed_windows(audio: np.ndarray, hop_seconds: float) -> tuple[np.ndarray, np.ndarray]:
    """Unit-length voice embeddings of 1.6 s windows every `hop_seconds` over 16 kHz `audio`, and their start
    times in seconds. Audio shorter than one window gives one embedding of all of it."""
    model = _encoder()
    from resemblyzer import wav_to_mel_spectrogram

    mel = wav_to_mel_spectrogram(audio)
    hop = max(1, round(hop_seconds * FRAMES_PER_SECOND))
    starts = np.arange(0, max(1, len(mel) - WINDOW_FRAMES + 1), hop)
    windows = np.stack([_pad(mel[s : s + WINDOW_FRAMES]) for s in starts])
    import torch

    with torch.inference_mode():
        out = [model(torch.from_numpy(windows[i : i + BATCH])).numpy() for i in range(0, len(windows), BATCH)]
    return np.concatenate(out).astype(np.float32), starts / FRAMES_PER_SECOND


def _pad(window: np.ndarray) -> np.ndarray:
    if len(window) == WINDOW_FRAMES:
        return window
    return np.pad(window, ((0, WINDOW_FRAMES - len(window)), (0, 0)), mode="wrap")


def _encoder() -> Any:
    global _model
    require_voice()
    with _lock:
        if _model is None:
            with warnings.catch_warnings():  # webrtcvad (imported by resemblyzer) uses deprecated pkg_resources
                warnings.simplefilter("ignore")
                from resemblyzer import VoiceEncoder
            import torch

            torch.set_num_threads(1)  # an LSTM this small gains little from more, and loses much when cores are busy
            _model = VoiceEncoder("cpu", verbose=False)
        return _model
