"""Small real media files made on the fly for tests: pictures, recordings and scripts that decode for real."""

from __future__ import annotations

import zipfile
from pathlib import Path

import av
import numpy as np
from PIL import Image


def make_picture(path: Path, seed: int = 0, size: tuple[int, int] = (320, 240), fmt: str | None = None) -> Path:
    """A picture with shapes and texture (something a fingerprint can hold on to), saved in `fmt`."""
    rng = np.random.default_rng(seed)
    width, height = size
    y, x = np.mgrid[0:height, 0:width]
    image = np.zeros((height, width, 3), np.float32)
    for _ in range(12):
        cx, cy, r = rng.uniform(0, width), rng.uniform(0, height), rng.uniform(10, width / 3)
        colour = rng.uniform(0, 255, 3)
        mask = (x - cx) ** 2 + (y - cy) ** 2 < r**2
        image[mask] = image[mask] * 0.3 + colour * 0.7
    image += rng.normal(0, 12, image.shape)
    Image.fromarray(np.clip(image, 0, 255).astype(np.uint8)).save(path, format=fmt)
    return path


def make_recording(path: Path, seed: int = 0, seconds: float = 6.0, rate: int = 22050,
                   codec: str = "pcm_s16le", container: str | None = None, stereo: bool = False) -> Path:
    """A few seconds of music-like sound (notes with harmonics, changing every quarter second), encoded for real."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * rate)) / rate
    signal = np.zeros_like(t)
    step = int(0.25 * rate)
    for start in range(0, len(t), step):
        piece = slice(start, start + step)
        for _ in range(3):
            freq = 110 * 2 ** (rng.integers(0, 36) / 12)
            for harmonic in (1, 2, 3):
                signal[piece] += np.sin(2 * np.pi * freq * harmonic * t[piece]) / harmonic
    signal = 0.25 * signal / np.abs(signal).max()
    write_audio(path, signal.astype(np.float32), rate, codec, container, stereo)
    return path


_CONTAINERS = {"pcm_s16le": "wav", "flac": "flac", "libmp3lame": "mp3", "libopus": "ogg", "aac": "ipod",
               "vorbis": "ogg"}
_EXPERIMENTAL = {"vorbis"}  # FFmpeg's own Vorbis encoder (PyAV carries no libvorbis); it encodes stereo only


def write_audio(path: Path, samples: np.ndarray, rate: int, codec: str = "pcm_s16le",
                container: str | None = None, stereo: bool = False) -> None:
    """Encode mono float samples in -1..1 with `codec` (in both channels if `stereo`, at 128 kbit/s as most
    music is shared); the container follows the codec unless given."""
    layout = "stereo" if stereo else "mono"
    with av.open(str(path), "w", format=container or _CONTAINERS[codec]) as out:
        options = {"strict": "experimental"} if codec in _EXPERIMENTAL else {}
        stream = out.add_stream(codec, rate=rate, layout=layout, options=options)
        assert isinstance(stream, av.AudioStream)
        if codec == "wmav2" or stereo:
            stream.bit_rate = 128_000  # Windows Media's encoder has no rate of its own
        frame_format = stream.codec_context.format.name if stream.codec_context.format else "s16"
        planes = np.repeat(samples.reshape(1, -1), 2, axis=0).T if stereo else samples
        frame = av.AudioFrame.from_ndarray(planes.reshape(1, -1), format="flt", layout=layout)
        frame.sample_rate = rate
        resampler = av.AudioResampler(format=frame_format, layout=layout, rate=rate)
        for chunk in resampler.resample(frame):
            for packet in stream.encode(chunk):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)



def make_video(path: Path, sound: Path, container: str = "mpegts", audio_codec: str = "mp2") -> Path:
    """A video of plain changing frames whose soundtrack is the recording `sound` (a camcorder, broadcast or web
    video; MPEG-TS with mp2 sound is what a first sound frame before its format is known looks like)."""
    with av.open(str(sound)) as source, av.open(str(path), "w", format=container) as out:
        sound_in = source.streams.audio[0]
        video = out.add_stream("mpeg2video" if container == "mpegts" else "libvpx", rate=25)
        assert isinstance(video, av.VideoStream)
        video.width, video.height, video.pix_fmt = 64, 48, "yuv420p"
        audio = out.add_stream(audio_codec, rate=48000, layout="mono")  # both codecs' usual rate
        assert isinstance(audio, av.AudioStream)
        assert audio.codec_context.format is not None
        resampler = av.AudioResampler(format=audio.codec_context.format.name, layout="mono", rate=48000)
        seconds = sound_in.frames / sound_in.sample_rate
        for i in range(int(seconds * 25)):
            frame = av.VideoFrame.from_ndarray(np.full((48, 64, 3), i % 256, np.uint8), format="rgb24")
            frame.pts = i
            for packet in video.encode(frame):
                out.mux(packet)
        for decoded in source.decode(audio=0):
            for chunk in resampler.resample(decoded):
                for packet in audio.encode(chunk):
                    out.mux(packet)
        for stream in (video, audio):
            for packet in stream.encode(None):
                out.mux(packet)
    return path

SCRIPT = """INT. LIGHTHOUSE - NIGHT

MARGARET, seventy and unbowed, climbs the iron stair with a lantern that gutters in the wind.

MARGARET
Forty years I kept this light, and not one ship lost on my watch. They will not take it from me
with a letter and a lawyer's smile.

She sets the lantern on the sill and looks out at the black water, where a single trawler
labours toward the harbour mouth against the swell.
"""


def make_pdf(path: Path, text: str) -> Path:
    """A one-page PDF whose page really carries `text` (one line per text line)."""
    lines = text.splitlines() or [""]
    ops = ["BT /F1 12 Tf 72 720 Td 14 TL"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"({escaped}) Tj T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def make_docx(path: Path, text: str) -> Path:
    import docx

    document = docx.Document()
    for paragraph in text.split("\n"):
        document.add_paragraph(paragraph)
    document.save(str(path))
    return path


def make_fdx(path: Path, text: str) -> Path:
    """A Final Draft document: XML paragraphs of typed text."""
    from xml.sax.saxutils import escape

    paragraphs = "".join(
        f'<Paragraph Type="Action"><Text>{escape(line)}</Text></Paragraph>' for line in text.splitlines()
    )
    path.write_text(f'<?xml version="1.0" encoding="UTF-8" standalone="no" ?>\n<FinalDraft DocumentType="Script" '
                    f'Template="No" Version="5"><Content>{paragraphs}</Content></FinalDraft>', encoding="utf-8")
    return path


def vocoder_pitch_shift(x: np.ndarray, semitones: float, window: int = 2048, hop: int = 512) -> np.ndarray:
    """`x` played `semitones` higher at the same tempo, the way audio editors' pitch effects do it: a phase vocoder
    stretches time, then a resample brings the tempo back. Unlike a synthesised transposition, its peaks come out
    smeared and up to a frame early or late, as in a real pitch-shifted copy."""
    from scipy import signal

    ratio = 2 ** (semitones / 12)
    _, _, z = signal.stft(x, nperseg=window, noverlap=window - hop)
    steps = np.arange(0, z.shape[1] - 1, 1 / ratio)
    advance = 2 * np.pi * hop * np.arange(z.shape[0]) / window  # a bin's phase advance over one hop
    phase = np.angle(z[:, 0])
    out = np.empty((z.shape[0], steps.size), dtype=complex)
    for i, step in enumerate(steps):
        k, frac = int(step), step - int(step)
        out[:, i] = ((1 - frac) * np.abs(z[:, k]) + frac * np.abs(z[:, k + 1])) * np.exp(1j * phase)
        deviation = np.angle(z[:, k + 1]) - np.angle(z[:, k]) - advance
        phase = phase + advance + (deviation + np.pi) % (2 * np.pi) - np.pi
    _, stretched = signal.istft(out, nperseg=window, noverlap=window - hop)
    return np.asarray(signal.resample_poly(stretched, 1000, round(1000 * ratio)))


def make_odt(path: Path, text: str) -> Path:
    """An OpenDocument text as LibreOffice writes it: "mimetype" stored first, then content.xml whose paragraphs
    hold spans, runs of spaces (<text:s/>), tabs and line breaks."""
    from xml.sax.saxutils import escape

    def paragraph(line: str) -> str:
        first, _, rest = escape(line).partition(" ")
        return f'<text:p><text:span text:style-name="T1">{first}</text:span><text:s/>{rest}</text:p>'

    body = "".join(paragraph(line) for line in text.splitlines() if line.strip())
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"><office:body>'
               f'<office:text><text:h text:outline-level="1">THE<text:tab/>LIGHTHOUSE<text:line-break/>KEEPER</text:h>'
               f'{body}</office:text></office:body></office:document-content>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                         'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')
        archive.writestr("content.xml", content)
    return path


def make_epub(path: Path, chapters: list[str], as_written: bool = False) -> Path:
    """An EPUB 3 book whose chapters are stored in the archive in reverse order, so only its spine gives the
    reading order; each chapter has a head (title, style) that is not part of the text, and an &nbsp;.
    `as_written`: the chapters are whole XHTML files, stored as they are."""
    from xml.sax.saxutils import escape

    def chapter(number: int, text: str) -> str:
        paragraphs = "".join(f"<p>{escape(line)}</p>" for line in text.splitlines() if line.strip())
        return (f'<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head>'
                f"<title>Running title {number}</title><style>p {{ margin: 0 }}</style></head><body>"
                f"<section><h2>Chapter&nbsp;{number}</h2>{paragraphs}</section></body></html>")

    items = "".join(f'<item id="c{n}" href="text/ch%20{n}.xhtml" media-type="application/xhtml+xml"/>'
                    for n in range(1, len(chapters) + 1))
    spine = "".join(f'<itemref idref="c{n}"/>' for n in range(1, len(chapters) + 1))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
        archive.writestr("META-INF/container.xml", '<?xml version="1.0"?><container version="1.0" '
                         'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile '
                         'full-path="OEBPS/book.opf" media-type="application/oebps-package+xml"/>'
                         "</rootfiles></container>")
        archive.writestr("OEBPS/book.opf", '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" '
                         'version="3.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
                         '<dc:identifier id="id">urn:uuid:1</dc:identifier><dc:title>A Book</dc:title>'
                         f'<dc:language>en</dc:language></metadata><manifest>{items}</manifest>'
                         f'<spine>{spine}</spine></package>')
        for number in range(len(chapters), 0, -1):
            text = chapters[number - 1]
            archive.writestr(f"OEBPS/text/ch {number}.xhtml", text if as_written else chapter(number, text))
    return path


def make_rtf(path: Path, text: str, picture: bool = False) -> Path:
    """Rich Text as macOS TextEdit writes it: a header of fonts and page settings, a paragraph per line ended by a
    backslash, curly apostrophes and accents as cp1252 escapes (\\'92), other characters as \\u escapes; with
    `picture`, a PNG's bytes in hex inside, as Word embeds a photo."""
    def escaped(line: str) -> str:
        out = []
        for ch in line.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("'", "\u2019"):
            if ord(ch) < 128:
                out.append(ch)
            elif ch.encode("cp1252", "ignore"):
                out.append(f"\\'{ch.encode('cp1252')[0]:02x}")
            else:
                out.append(f"\\uc0\\u{ord(ch)} ")
        return "".join(out)

    art = "{\\pict\\pngblip\\picw64\\pich64\n" + ("89504e470d0a1a0a0000000d49484452" * 4 + "\n") * 500 + "}"
    body = "\\\n".join(escaped(line) for line in text.splitlines())
    path.write_text("{\\rtf1\\ansi\\ansicpg1252\\cocoartf2761\n{\\fonttbl\\f0\\fswiss\\fcharset0 Helvetica;}\n"
                    "{\\colortbl;\\red255\\green255\\blue255;}\n\\paperw11900\\paperh16840\\margl1440\\margr1440"
                    "\\pard\\tx566\\pardirnatural\\partightenfactor0\n\n\\f0\\fs24 \\cf0 "
                    + (art if picture else "") + body + "}", encoding="ascii")
    return path
