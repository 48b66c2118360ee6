"""The text bench's corpus: real documents from Debian packages (KJV books, Python docs, copyright files).

Fetched with apt-get download and cached under tests/bench/corpus/text/. Many documents get a shared title
page, licence footer and screenplay headings, so template text is common across the library.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).parent / "corpus" / "text"
PACKAGES = ("bible-kjv", "bible-kjv-text", "python3.11-doc", "perl-doc")

# Books whose text parallels another's (Kings/Chronicles/Isaiah/Jeremiah, the synoptic gospels,
# Ephesians/Colossians, 2 Peter/Jude, Ezra/Nehemiah, the laws) all stay on the library side.
LIBRARY_BOOKS = tuple(
    [
        "Gen",
        "Exo",
        "Lev",
        "Num",
        "Deut",
        "Josh",
        "1Sam",
        "2Sam",
        "1Kin",
        "2Kin",
        "1Chr",
        "2Chr",
        "Ezra",
        "Neh",
        "Ps",
        "Isa",
        "Jer",
        "Mic",
        "Obad",
        "Matt",
        "Mark",
        "Luke",
        "Eph",
        "Col",
        "2Pet",
        "Jude",
        "Heb",
        "1Cor",
        "Gal",
        "Phil",
        "1Thess",
        "1Tim",
        "James",
        "1John",
        "2John",
    ]
)
OTHER_BOOKS = tuple(
    [
        "Judg",
        "Ruth",
        "Esth",
        "Job",
        "Prov",
        "Eccl",
        "Song",
        "Lam",
        "Ezek",
        "Dan",
        "Hos",
        "Joel",
        "Amos",
        "Jonah",
        "Nahum",
        "Hab",
        "Zeph",
        "Hag",
        "Zech",
        "Mal",
        "John",
        "Acts",
        "Rom",
        "2Cor",
        "2Thess",
        "2Tim",
        "Titus",
        "Philem",
        "1Pet",
        "3John",
        "Rev",
    ]
)

TITLE_PAGE = """THE COLLECTED EDITION

All rights reserved. No part of this publication may be reproduced, stored in a retrieval system, or
transmitted in any form or by any means, electronic, mechanical, photocopying, recording or otherwise,
without the prior written permission of the publisher. First published in this edition. A catalogue
record for this book is available from the British Library.

"""
FOOTER = """

END OF THE TEXT

This text is distributed in the hope that it will be useful, but without any warranty; without even the
implied warranty of merchantability or fitness for a particular purpose. You may copy it, give it away or
re-use it under the terms of the licence included with this edition or online at the publisher's site.
If you are not located in this country, you will have to check the laws of the country where you are
located before using this text. Thank you for reading, and for supporting the people who made it.
"""
HEADINGS = (
    "INT. HOUSE - NIGHT",
    "EXT. STREET - DAY",
    "CUT TO:",
    "FADE IN:",
    "FADE OUT.",
    "CONTINUED:",
    "DISSOLVE TO:",
    "INT. KITCHEN - CONTINUOUS",
    "EXT. GARDEN - LATER",
    "SMASH CUT TO:",
    "(beat)",
    "ACT ONE",
    "SCENE TWO",
    "END OF ACT",
    "THE END",
)


@dataclass(frozen=True)
class Document:
    name: str
    family: str  # kjv | pydoc | perldoc | copyright: documents of one family share an author or a template
    text: str  # as added to the library or offered as a candidate (with any template)
    body: tuple[int, int]  # character span of the document's own text inside `text`
    plain: str  # the document's own text, without template


def build(quick: bool) -> tuple[list[Document], list[Document]]:
    """Library works and every held-out document (at least as many; the bench picks its distractors)."""
    library: list[tuple[str, str, str]] = []
    others: list[tuple[str, str, str]] = []
    for side, names in ((library, LIBRARY_BOOKS), (others, OTHER_BOOKS)):
        side.extend(("kjv", name, _kjv_book(name)) for name in names)
    docs = _python_docs()
    for i, (name, text) in enumerate(docs):
        (library if i % 2 == 0 else others).append(("pydoc", name, text))
    for i, (name, text) in enumerate(_copyright_files()):
        (library if i % 2 == 0 else others).append(("copyright", name, text))
    others.extend(("perldoc", name, text) for name, text in _perl_docs())
    rng = random.Random(8)
    if quick:
        library, others = _subset(library, rng), _subset(others, rng)
    rng.shuffle(others)
    return _templated(library, rng), _templated(others, rng)


def _subset(docs: list[tuple[str, str, str]], rng: random.Random) -> list[tuple[str, str, str]]:
    keep = {"kjv": 12, "pydoc": 60, "copyright": 60, "perldoc": 30}
    picked = []
    for family, size in keep.items():
        members = [d for d in docs if d[0] == family]
        picked += rng.sample(members, min(size, len(members)))
    return picked


def _templated(docs: list[tuple[str, str, str]], rng: random.Random) -> list[Document]:
    out = []
    for family, name, text in docs:
        if rng.random() < 0.6:
            body = _with_headings(text, rng)
            full = TITLE_PAGE + body + FOOTER
            out.append(Document(name, family, full, (len(TITLE_PAGE), len(TITLE_PAGE) + len(body)), text))
        else:
            out.append(Document(name, family, text, (0, len(text)), text))
    return out


def _with_headings(text: str, rng: random.Random) -> str:
    paragraphs = text.split("\n")
    out = []
    for i, line in enumerate(paragraphs):
        out.append(line)
        if i % 12 == 11:
            out.append("\n" + rng.choice(HEADINGS) + "\n")
    return "\n".join(out)


def _packages() -> Path:
    """The corpus packages, downloaded and unpacked once each."""
    root = CORPUS / "packages"
    missing = [name for name in PACKAGES if not (root / f".done-{name}").exists()]
    if not missing:
        return root
    root.mkdir(parents=True, exist_ok=True)
    debs = CORPUS / "debs"
    debs.mkdir(parents=True, exist_ok=True)
    subprocess.run(["apt-get", "download", *missing], cwd=debs, check=True, capture_output=True)
    for name in missing:
        for deb in debs.glob(f"{name}_*.deb"):
            subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
        (root / f".done-{name}").touch()
    return root


def _kjv_book(name: str) -> str:
    cache = CORPUS / "kjv" / f"{name}.txt"
    if not cache.exists():
        root = _packages()
        out = subprocess.run(
            [str(root / "usr/bin/bible"), "-p", str(root / "usr/lib"), f"{name}1:1-999:999"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(out)
    return cache.read_text()


def _python_docs() -> list[tuple[str, str]]:
    root = _packages() / "usr/share/doc/python3.11/html/_sources"
    files = sorted(p for p in root.rglob("*.rst.txt") if p.stat().st_size > 3000)
    return [(str(p.relative_to(root)), p.read_text(encoding="utf-8")) for p in files]


def _perl_docs() -> list[tuple[str, str]]:
    """Perl's manual pages (perl-doc): held-out documentation by other authors, some quoting licences."""
    files = sorted(_packages().glob("usr/share/perl/*/pod/*.pod"))
    return [(p.name, p.read_text(errors="replace")) for p in files if p.stat().st_size > 3000]


def _copyright_files(limit: int = 300) -> list[tuple[str, str]]:
    """Debian copyright files of Perl and Python library packages: licence boilerplate at scale."""
    folder = CORPUS / "copyright"
    index = folder / "index.json"
    if not index.exists():
        folder.mkdir(parents=True, exist_ok=True)
        _fetch_copyrights(folder, limit)
        names = sorted(p.stem for p in folder.glob("*.txt"))
        index.write_text(json.dumps(names))
    return [
        (name, (folder / f"{name}.txt").read_text(errors="replace")) for name in json.loads(index.read_text())
    ]


def _fetch_copyrights(folder: Path, limit: int) -> None:
    names = subprocess.run(
        ["apt-cache", "pkgnames"], check=True, capture_output=True, text=True
    ).stdout.split()
    wanted = sorted(n for n in names if re.fullmatch(r"lib[a-z0-9-]+-perl|python3-[a-z0-9-]+", n))
    step = max(1, len(wanted) // (limit * 2))
    chosen = wanted[::step][: limit * 2]
    debs = CORPUS / "debs"
    for batch in range(0, len(chosen), 50):
        subprocess.run(["apt-get", "download", *chosen[batch : batch + 50]], cwd=debs, capture_output=True)
    found = 0
    for package in chosen:
        if found >= limit:
            break
        for deb in debs.glob(f"{package}_*.deb"):
            text = _member(deb, f"./usr/share/doc/{package}/copyright")
            if text and len(text.split()) > 120:
                (folder / f"{package}.txt").write_text(text)
                found += 1


def _member(deb: Path, member: str) -> str | None:
    data = subprocess.run(["dpkg-deb", "--fsys-tarfile", str(deb)], check=True, capture_output=True).stdout
    import io

    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        try:
            extracted = tar.extractfile(member)
        except KeyError:
            return None
        return extracted.read().decode("utf-8", "replace") if extracted else None
