"""Which model endpoints can be asked about a work (a picture model about a picture, a text model about a text),
why not when none can, and switching probing on for those: the command line and the window say and do the same."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import sqlite_utils

from creatorwatch.core.library.works import Work
from creatorwatch.core.model_probe.consent import Consent, Consents
from creatorwatch.core.records.source_store import ConfiguredSource

MODEL_TYPES = ("openai-compatible", "anthropic", "openai-images")
IMAGE_TYPES = ("openai-images",)
PROBED_KINDS = ("text", "image")

# how to add the endpoint a work is missing, in the words of the place the creator is in
COMMAND_LINE_WAYS = {"image": "`creatorwatch sources add openai-images --name NAME`",
                     "text": "`creatorwatch sources add openai-compatible` (or anthropic)"}
WINDOW_WAYS = {"image": "Add source… on the Sources page (an Image model endpoint)",
               "text": "Add source… on the Sources page (a Model endpoint, or Anthropic)"}


def endpoints_for(work: Work, sources: Sequence[ConfiguredSource]) -> list[ConfiguredSource]:
    """The model endpoints among `sources` that can be asked about `work`."""
    if work.kind not in PROBED_KINDS:
        return []
    return [s for s in sources if s.config.type in MODEL_TYPES and (s.config.type in IMAGE_TYPES) == (work.kind ==
                                                                                                         "image")]


def why_not_probed(kind: str, ways: Mapping[str, str] = COMMAND_LINE_WAYS) -> str:
    """Why a work cannot be probed, and what would make it possible (said after its number and title)."""
    if kind == "image":
        return f"is a picture, and none of your model endpoints makes pictures: add one with {ways['image']} to ask " \
               "a picture model about it"
    if kind == "text":
        return f"is a text, and none of your model endpoints answers in text: add one with {ways['text']} to ask a " \
               "model about it"
    return "is a recording: model endpoints can be asked only about texts and pictures"


def enable_probing(db: sqlite_utils.Database, work: Work, sources: Sequence[ConfiguredSource]) -> list[Consent]:
    """Record the creator's consent to probe `work` on each of `sources` that can be asked about it."""
    consents = Consents(db)
    return [consents.give(work, source) for source in endpoints_for(work, sources)]
