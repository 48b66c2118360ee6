"""The probes one run will send, and what they cost: built before anything is sent, so the creator sees every
prompt and the estimate first (`--dry-run` stops there), and the run never spends past its budget."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from creatorwatch.core.model_probe.passages import (
    MASK,
    cloze_passages,
    continuation_passages,
    opening,
)
from creatorwatch.core.sources.model_endpoint import Ask

CONTINUE_SYSTEM = "You are a text completion engine. You continue texts exactly as they were written."
CONTINUE = ("Continue the following text exactly, word for word, from where it stops. Reply with the "
            "continuation only, without any comment.\n\n{prompt}")
RECALL = ("Quote the opening of \u201c{title}\u201d by {author}, word for word, as far as you can. Reply with the "
          "text only, without any comment.")
CLOZE = ("You have seen the following passage in your training data. What is the proper name that fills in the "
         f"{MASK} token in it? This name is exactly one word long, and is a proper name (not a pronoun or any "
         "other word). You must make a guess, even if you are uncertain. Reply with the name only.\n\n{passage}")
IMAGE_TITLE = "{title} by {author}"
IMAGE_STYLE = "An artwork in the style of {author}"
ANSWER_TOKENS = 320  # room for the 150 true words a continuation or recall is compared with
NAME_TOKENS = 12
MESSAGE_OVERHEAD = 16  # tokens a chat template adds around each message, generously


@dataclass(frozen=True)
class Probe:
    """One question to one endpoint about one work (`work_id` 0: about the creator's style, no one work)."""

    kind: str  # "continuation" | "recall" | "cloze" | "image"
    work_id: int
    key: str  # stable: the same question about the same work gets the same key in every run
    prompt: str
    ask: Ask | None = None  # text probes
    truth: str = ""  # the creator's true words (continuation, recall) or the masked name (cloze)
    truth_offset: int = -1  # where `truth` starts in the work's text; -1 when unknown
    repeat: int = 1  # which try this is (temperature 0, asked again to show the answer is stable)

    @property
    def likely_tokens(self) -> int:
        """What the request will probably cost (about four characters a token, the full answer)."""
        if self.ask is None:
            return 0
        sent = len(self.ask.system) + len(self.ask.prompt)
        return math.ceil(sent / 4) + MESSAGE_OVERHEAD + self.ask.max_tokens

    @property
    def most_tokens(self) -> int:
        """What it can cost at most: no tokenizer makes more tokens than bytes, and the answer is capped."""
        if self.ask is None:
            return 0
        sent = len(self.ask.system.encode()) + len(self.ask.prompt.encode())
        return sent + 3 * MESSAGE_OVERHEAD + self.ask.max_tokens


@dataclass(frozen=True)
class WorkText:
    work_id: int
    title: str
    text: str


def text_probes(work: WorkText, author: str, passages: int = 2, names: int = 3, repeats: int = 2) -> list[Probe]:
    """Continuation of the most distinctive passages, recall of the opening by title, and name cloze."""
    probes: list[Probe] = []
    for passage in continuation_passages(work.text, passages):
        ask = Ask(CONTINUE.format(prompt=passage.prompt), ANSWER_TOKENS, CONTINUE_SYSTEM, bare=passage.prompt)
        probes += [Probe("continuation", work.work_id, f"continuation-{passage.start_word}", ask.prompt, ask,
                         passage.truth, passage.truth_offset, r) for r in range(1, repeats + 1)]
    first = opening(work.text)
    if first and author:
        ask = Ask(RECALL.format(title=work.title, author=author), ANSWER_TOKENS)
        start = work.text.find(first)
        probes += [Probe("recall", work.work_id, "recall", ask.prompt, ask, first, start, r)
                   for r in range(1, repeats + 1)]
    for cloze in cloze_passages(work.text, names):
        ask = Ask(CLOZE.format(passage=cloze.passage), NAME_TOKENS)
        probes.append(Probe("cloze", work.work_id, f"cloze-{cloze.name.lower()}", ask.prompt, ask, cloze.name,
                            cloze.offset))
    return probes


def image_probes(titles: dict[int, str], author: str) -> list[Probe]:
    """"TITLE by NAME" per picture, and one "in the style of NAME"."""
    who = author or "the artist"
    probes = [Probe("image", work_id, "image-title", IMAGE_TITLE.format(title=title, author=who))
              for work_id, title in titles.items()]
    if author and titles:
        probes.append(Probe("image", 0, "image-style", IMAGE_STYLE.format(author=author)))
    return probes


@dataclass
class Budget:
    """Requests and tokens one run may spend. A request is only sent if its most possible cost still fits."""

    max_requests: int
    max_tokens: int
    requests: int = 0
    tokens: int = 0  # as the endpoints counted them (or the most possible, when one did not say)
    refused: list[Probe] = field(default_factory=list)

    def allows(self, probe: Probe) -> bool:
        return self.requests + 1 <= self.max_requests and self.tokens + probe.most_tokens <= self.max_tokens

    def spend(self, probe: Probe, used_tokens: int | None) -> None:
        """Count one request sent; `used_tokens` None: the answer did not say, count the most possible."""
        self.requests += 1
        self.tokens += probe.most_tokens if used_tokens is None else used_tokens


@dataclass(frozen=True)
class Estimate:
    requests: int
    likely_tokens: int
    most_tokens: int

    @classmethod
    def of(cls, probes: list[Probe]) -> Estimate:
        return cls(len(probes), sum(p.likely_tokens for p in probes), sum(p.most_tokens for p in probes))

    def describe(self) -> str:
        if not self.likely_tokens:
            return f"{self.requests} request{'s' if self.requests != 1 else ''}"
        return (f"{self.requests} request{'s' if self.requests != 1 else ''}, about {self.likely_tokens:,} tokens "
                f"(at most {self.most_tokens:,})")


def within(probes: list[Probe], max_requests: int, max_tokens: int) -> tuple[list[Probe], list[Probe]]:
    """(the probes that fit the budget in order, those left out). Whole works first: a work's probes are kept
    together as far as they fit, so a tight budget asks fewer works rather than every work by halves."""
    kept: list[Probe] = []
    left: list[Probe] = []
    requests = tokens = 0
    for probe in probes:
        if requests + 1 <= max_requests and tokens + probe.most_tokens <= max_tokens:
            kept.append(probe)
            requests += 1
            tokens += probe.most_tokens
        else:
            left.append(probe)
    return kept, left
