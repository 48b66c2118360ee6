"""The speaker encoder: Resemblyzer's GE2E network, loaded once and lazily, turning speech into 256-d voices.

Loading torch takes seconds, so nothing here runs at import; call `warm_up()` from a background thread to pay
that cost before the first candidate arrives.
"""

from __future__ import annotations

import functools
import threading
import warnings
from typing import Any

import numpy as np

from creatorwatch.core.voice.installed import require_voice

WINDOW_FRAMES = 160  # 1.6 s of 10 ms mel frames: the span the encoder was trained on
FRAMES_PER_SECOND = 100
BATCH = 64  # windows per forward pass
N_FFT = 400  # 25 ms at 16 kHz
HOP = 160  # 10 ms

_lock = threading.Lock()
_model: Any = None


def warm_up() -> None:
    """Load the encoder now (seconds, once per process); raises VoiceNotInstalled without the extra."""
    _encoder()
    _mel_basis()


def embed_windows(audio: np.ndarray, hop_seconds: float) -> tuple[np.ndarray, np.ndarray]:
    """Unit-length voice embeddings of 1.6 s windows every `hop_seconds` over 16 kHz `audio`, and their start
    times in seconds. Audio shorter than one window gives one embedding of all of it."""
    model = _encoder()
    import torch

    mel = _mel_frames(torch.from_numpy(np.ascontiguousarray(audio, np.float32)))
    hop = max(1, round(hop_seconds * FRAMES_PER_SECOND))
    starts = np.arange(0, max(1, len(mel) - WINDOW_FRAMES + 1), hop)
    windows = torch.from_numpy(np.stack([_pad(mel[s : s + WINDOW_FRAMES]) for s in starts]))
    with torch.inference_mode():
        out = [model(windows[i : i + BATCH]).numpy() for i in range(0, len(windows), BATCH)]
    return np.concatenate(out).astype(np.float32), starts / FRAMES_PER_SECOND


def _mel_frames(audio: Any) -> np.ndarray:
    """Resemblyzer's input — librosa's 40-band mel power spectrogram, 25 ms windows every 10 ms — computed with
    torch's STFT, several times faster than librosa's own."""
    import torch

    spectrum = torch.stft(audio, N_FFT, HOP, window=_window(), center=True, pad_mode="constant",
                          return_complex=True)
    return (_mel_basis() @ spectrum.abs().square()).T.numpy()


@functools.cache
def _window() -> Any:
    import torch

    return torch.hann_window(N_FFT)


@functools.cache
def _mel_basis() -> Any:
    import librosa  # installed with resemblyzer; its filter bank is what the encoder was trained on
    import torch

    return torch.from_numpy(librosa.filters.mel(sr=16000, n_fft=N_FFT, n_mels=40))


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
