"""The text bench's second corpus family: verse, song lyrics and quotations from Debian's fortune packages.

Scripture and technical manuals (text_corpus.py) are long prose with stock phrases; this family is short lines,
rhyme and refrains, and quotations that recur in more than one collection. Each fortune file is cut into
collections of about COLLECTION words (consecutive fortunes, as a poet's or anthologist's book would hold them);
the library takes the collections of some files and the held-out side those of the others, so no distractor
comes from a file the library holds. Fetched with apt-get download and cached under tests/bench/corpus/verse/.
"""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

from tests.bench.text_corpus import Document

CORPUS = Path(__file__).parent / "corpus" / "verse"
PACKAGES = ("fortunes", "fortunes-min", "mythes-en-us")
FORTUNES = "usr/share/games/fortunes"
THESAURUS = "usr/share/mythes/th_en_US_v2.dat"
LIBRARY_FILES = ("songs-poems", "literature", "love", "people", "wisdom", "art", "men-women", "work", "science",
                 "law", "humorists", "education", "food", "kids", "startrek")
HELD_OUT_FILES = ("politics", "miscellaneous", "computers", "cookie", "definitions", "linux", "knghtbrd", "drugs",
                  "zippy", "sports", "platitudes", "tao", "perl", "ethnic", "fortunes", "riddles", "medicine")
COLLECTION = 900  # words per collection
FAMILY = "verse"


def build(quick: bool) -> tuple[list[Document], list[Document]]:
    """Library collections and held-out collections (at least as many; the bench picks its distractors)."""
    root = packages()
    library = [d for name in LIBRARY_FILES for d in _collections(root, name)]
    others = [d for name in HELD_OUT_FILES for d in _collections(root, name)]
    rng = random.Random(9)
    if quick:
        library, others = rng.sample(library, min(80, len(library))), rng.sample(others, min(120, len(others)))
    rng.shuffle(others)
    return library, others


def packages() -> Path:
    """The packages, downloaded and unpacked once."""
    root = CORPUS / "packages"
    if (root / ".done").exists():
        return root
    debs = CORPUS / "debs"
    debs.mkdir(parents=True, exist_ok=True)
    subprocess.run(["apt-get", "download", *PACKAGES], cwd=debs, check=True, capture_output=True)
    for deb in debs.glob("*.deb"):
        subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    (root / ".done").touch()
    return root


def thesaurus() -> dict[str, str]:
    """One single-word synonym per English word (its first sense's first), from the OpenOffice thesaurus."""
    lines = (packages() / THESAURUS).read_text(encoding="utf-8", errors="replace").splitlines()[1:]
    out: dict[str, str] = {}
    at = 0
    while at < len(lines):
        word, _, count = lines[at].partition("|")
        senses = lines[at + 1 : at + 1 + int(count or 0)]
        at += 1 + int(count or 0)
        if " " in word or not word.isalpha():
            continue
        for sense in senses:
            choices = [s for s in sense.split("|")[1:] if s.isalpha() and s.lower() != word.lower()]
            if choices:
                out[word.lower()] = choices[0].lower()
                break
    return out


def _collections(root: Path, name: str) -> list[Document]:
    fortunes = [f.strip("\n") for f in (root / FORTUNES / name).read_text(errors="replace").split("\n%\n")]
    out: list[Document] = []
    group: list[str] = []
    words = 0
    for fortune in fortunes:
        group.append(fortune)
        words += len(fortune.split())
        if words >= COLLECTION:
            out.append(_document(f"{name}-{len(out)}", group))
            group, words = [], 0
    if words >= COLLECTION // 2:
        out.append(_document(f"{name}-{len(out)}", group))
    return out


def _document(name: str, fortunes: list[str]) -> Document:
    text = "\n\n".join(fortunes) + "\n"
    return Document(name, FAMILY, text, (0, len(text)), text)
