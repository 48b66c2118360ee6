"""Chinese and Japanese text bench: quotes of a library's pages inside other pages, bare excerpts and whole
copies, against held-out pages and quotes of them as distractors.

Corpus: the Japanese and Chinese translations of the Linux manual pages (Debian manpages-ja, manpages-zh),
stripped of roff markup. Pages that share passages (aliases such as gzip/gunzip, pages of one suite with a
common footnote) form one family, and a family lies wholly in the library or wholly held out, so a distractor
never holds the same text as a work. Nothing in the engine was fitted on this corpus: it measures the rule that
cuts text written without spaces into words of about two characters (text_normalise._cuts).

Run by hand: `python -m tests.bench.text_cjk`. Prints a table and saves tests/bench/results/text-cjk.md.
"""

from __future__ import annotations

import collections
import gzip
import random
import re
import subprocess
import time
from pathlib import Path

from creatorwatch.core.fingerprint import text as engine

CORPUS = Path(__file__).parent / "corpus" / "cjk"
RESULTS = Path(__file__).parent / "results" / "text-cjk.md"
LANGUAGES = {"Japanese": ("manpages-ja", "ja"), "Chinese": ("manpages-zh", "zh_CN")}
QUOTES = (20, 30, 40, 60, 100)  # characters
PER_EDIT = 40
_ESCAPES = re.compile(r"\\f[A-Z0-9PR]|\\f\([A-Z]{2}|\\-|\\\(..|\\[&|^e]|\\s[+-]?\d")


def pages(package: str, folder: str) -> list[str]:
    """The package's manual pages with at least 1,500 Chinese or Japanese characters, as plain text."""
    root = CORPUS / package
    if not (root / ".done").exists():
        root.mkdir(parents=True, exist_ok=True)
        subprocess.run(["apt-get", "download", package], cwd=root, check=True, capture_output=True)
        for deb in root.glob("*.deb"):
            subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
        (root / ".done").touch()
    out = []
    for path in sorted((root / "usr" / "share" / "man" / folder).rglob("*.gz")):
        try:
            raw = gzip.decompress(path.read_bytes()).decode("utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        body = "\n".join(_ESCAPES.sub("", line) for line in raw.splitlines() if not line.startswith((".", "'")))
        if sum(_wide(c) for c in body) >= 1500:
            out.append(body)
    return out


def _wide(c: str) -> bool:
    return "\u3040" <= c <= "\u9fff"


def families(texts: list[str]) -> list[list[int]]:
    """Pages joined when they share ten or more 20-character passages that at most 40 pages hold."""
    grams = []
    for t in texts:
        wide = "".join(c for c in t if _wide(c))
        grams.append({hash(wide[i : i + 20]) for i in range(max(0, len(wide) - 20))})
    owners = collections.defaultdict(list)
    for page, held in enumerate(grams):
        for g in held:
            owners[g].append(page)
    shared: collections.Counter[tuple[int, int]] = collections.Counter()
    for pages_holding in owners.values():
        if 1 < len(pages_holding) <= 40:
            shared.update((a, b) for a in pages_holding for b in pages_holding if a < b)
    parent = list(range(len(texts)))

    def root(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for (a, b), count in shared.items():
        if count >= 10:
            parent[root(a)] = root(b)
    grouped = collections.defaultdict(list)
    for page in range(len(texts)):
        grouped[root(page)].append(page)
    return sorted(grouped.values())


def run(texts: list[str]) -> tuple[dict[str, list[bool]], list[float], int, int, float]:
    rng = random.Random(5)
    split = families(texts)
    rng.shuffle(split)
    library: list[str] = []
    held: list[str] = []
    for family in split:
        (library if len(library) <= len(held) else held).extend(texts[p] for p in family)
    index = engine.Index()
    index.add_many(enumerate(engine.fingerprint_text(t) for t in library))

    def prose(t: str) -> str:
        return "".join(line for line in t.splitlines() if sum(_wide(c) for c in line) > len(line) / 2)

    def quote(t: str, n: int) -> str:
        body = prose(t)
        start = rng.randrange(0, max(1, len(body) - n))
        return body[start : start + n]

    def embed(passage: str, filler: str) -> str:
        body = prose(filler)
        cut = rng.randrange(0, max(1, len(body)))
        return body[max(0, cut - 600) : cut] + "\n" + passage + "\n" + body[cut : cut + 600]

    cases: list[tuple[str, int | None, str]] = []
    for n in QUOTES:
        for _ in range(PER_EDIT):
            work = rng.randrange(len(library))
            passage = quote(library[work], n)
            cases.append((f"{n}-character quote in other prose", work, embed(passage, rng.choice(held))))
    for _ in range(PER_EDIT):
        work = rng.randrange(len(library))
        cases.append(("300-character excerpt alone", work, quote(library[work], 300)))
    for _ in range(PER_EDIT // 2):
        work = rng.randrange(len(library))
        cases.append(("identical copy (scores >= 0.95)", work, library[work]))
    cases += [("distractor: a held-out page", None, t) for t in held]
    cases += [("distractor: 100 characters of a held-out page in another", None,
               embed(quote(rng.choice(held), 100), rng.choice(held))) for _ in range(60)]
    table: dict[str, list[bool]] = {}
    distractor_scores: list[float] = []
    start = time.perf_counter()
    for name, wanted, candidate in cases:
        scores = {hit.work_id: hit.score for hit in index.search(engine.fingerprint_text(candidate), 0.0)}
        if wanted is None:
            distractor_scores.append(max(scores.values(), default=0.0))
            table.setdefault(name, []).append(distractor_scores[-1] >= engine.DEFAULT_THRESHOLD)
        else:
            line = 0.95 if name.startswith("identical") else engine.DEFAULT_THRESHOLD
            table.setdefault(name, []).append(scores.get(wanted, 0.0) >= line)
    return table, distractor_scores, len(library), len(held), time.perf_counter() - start



def main() -> None:
    lines = [f"Alert line {engine.DEFAULT_THRESHOLD}. Each cell: found (distractors: matched) / candidates.", ""]
    for language, (package, folder) in LANGUAGES.items():
        table, distractors, works, held, seconds = run(pages(package, folder))
        lines += [f"### {language}: {works} library pages, {held} held-out pages ({seconds:.1f} s to search)", "",
                  "| edit | found |", "|---|---|"]
        lines += [f"| {name} | {sum(f)}/{len(f)} ({sum(f) / len(f):.3f}) |" for name, f in table.items()]
        lines += ["", f"Highest distractor scores: {', '.join(f'{s:.3f}' for s in sorted(distractors)[-5:])}", ""]
        print("\n".join(lines[-len(table) - 6 :]), flush=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("# Chinese and Japanese text bench\n\n" + "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
