"""The four letters a bundle can carry (DMCA notice, opt-out request, likeness report, notice to an AI model's
provider) end with one contact block and signature, and leave every fact the creator has not given visible as
[FILL IN: …]."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from creatorwatch.core.evidence.gather import MatchEvidence
from creatorwatch.core.evidence.likeness import draft_likeness_report
from creatorwatch.core.evidence.notice import draft_notice
from creatorwatch.core.evidence.optout import draft_optout_request
from creatorwatch.core.evidence.provider_notice import draft_provider_notice
from creatorwatch.core.library.works import Work
from creatorwatch.core.records.findings import Finding
from creatorwatch.core.records.notice_details import NoticeDetails

TODAY = datetime(2026, 12, 1, tzinfo=UTC)


def _find(id_: int, type_: str, kind: str | None, url: str, term: str | None = None,
          evidence: dict[str, Any] | None = None) -> Finding:
    return Finding(id_, type_, "new", 1 if kind else None, term, kind, 0.9, evidence or {}, id_, url, None, "", "feed",
                   "2026-11-23T10:00:00+00:00", None)


WORK = Work(1, "Lighthouse", "image", "png", "/w/lighthouse.png", 10, "ab" * 32, "2026-01-01", "ok", {})
COPY = MatchEvidence(_find(1, "match", "image", "https://copies.example/a"), WORK, [], [], "")
MENTION = MatchEvidence(_find(2, "mention", None, "https://data.example/set", term="Ada Painter"), None, [], [],
                        "paintings by Ada Painter")
VOICE = MatchEvidence(_find(3, "match", "voice", "https://tube.example/v/1"), WORK, [], [], "")
REPLY = "Sure: " + " ".join(["the lighthouse keeper's well-kept log"] * 20) + " " + "x" * 130 + " the end."
PROBED = MatchEvidence(_find(4, "match", "text", "probe://memo/1", evidence={
    "found_by": "model probe", "probe": "recall", "model": "gpt-test", "model_version": "fp_1",
    "endpoint": "https://api.openai.com/v1/chat/completions", "prompt": "Quote the opening of Lighthouse.",
    "params": {"temperature": 0}, "at": "2026-11-23T10:00:00Z", "reply": REPLY, "candidate_span": [6, len(REPLY)],
    "verbatim_words": 120, "matched_words": 121}), WORK, [], [], "")
LETTERS = {"notice": (draft_notice, [COPY]), "request": (draft_optout_request, [MENTION]),
           "report": (draft_likeness_report, [VOICE]), "provider notice": (draft_provider_notice, [PROBED])}


def _contact_block(letter: str) -> list[str]:
    """The lines from the sender's name to their email."""
    lines = letter.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("   Name:       "))
    end = next(i for i, line in enumerate(lines) if line.startswith("   Email:      "))
    return lines[start:end + 1]


def _signature(letter: str) -> list[str]:
    lines = letter.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("   Signed"))
    return lines[start:start + 2]


def test_every_letter_ends_with_the_same_contact_block_and_signature() -> None:
    details = NoticeDetails(name="Bo Agent", address="1 Quay St\nPortsmouth", phone="+44 20 0000 0000",
                            email="bo@example.org", on_behalf_of="Ada Painter Studio")
    letters = {name: draft(matches, details, "to@example.org", today=TODAY) for name, (draft, matches) in
               LETTERS.items()}
    blocks = {name: _contact_block(text) for name, text in letters.items()}
    assert blocks["notice"] == blocks["request"] == blocks["report"] == blocks["provider notice"] == [
        "   Name:       Bo Agent",
        "   Acting for: Ada Painter Studio",
        "   Address:    1 Quay St",
        "               Portsmouth",
        "   Telephone:  +44 20 0000 0000",
        "   Email:      bo@example.org",
    ]
    signatures = {name: _signature(text) for name, text in letters.items()}
    assert signatures["notice"] == signatures["request"] == signatures["report"] == signatures["provider notice"] == [
        "   Signed (physical or electronic signature): ______________________________",
        "   Name: Bo Agent        Date: ____________",
    ]


@pytest.mark.parametrize("name", list(LETTERS))
def test_missing_facts_stay_visible_to_fill_in(name: str) -> None:
    draft, matches = LETTERS[name]
    letter = draft(matches, NoticeDetails(), "", today=TODAY)
    assert "   Name:       [FILL IN: your full legal name]" in letter
    assert "   Email:      [FILL IN: your email address]" in letter
    assert "\nTo: [FILL IN: " in letter and "Date: 2026-12-01" in letter
    # only the DMCA notice must give a postal address and telephone number (17 U.S.C. § 512(c)(3)(A)(iv))
    assert ("[FILL IN: your postal address]" in letter) == (name == "notice")
    assert ("[FILL IN: your telephone number]" in letter) == (name == "notice")


def test_the_provider_notice_quotes_the_models_words_whole_and_numbers_its_parts() -> None:
    letter = draft_provider_notice([PROBED], NoticeDetails(name="Bo Agent"), "", today=TODAY)
    # the words the model gave back read exactly as it gave them: no word, hash or hyphenated word split
    quoted = " ".join(letter.split("exactly as it gave them:", 1)[1].split("3. Where", 1)[0].split())
    assert quoted == "\u201c" + REPLY[6:] + "\u201d"
    assert "To: [FILL IN: the copyright or legal contact of OpenAI (api.openai.com)]" in letter
    assert "     Prompt:          Quote the opening of Lighthouse." in letter
    parts = [line for line in letter.splitlines() if line[:1].isdigit() and line[1:3] == ". "]
    assert [p[:2] for p in parts] == ["1.", "2.", "3.", "4.", "5."]
    assert parts[3] == "4. Who I am, and how to reach me:" and parts[4] == "5. Statement:"


def test_a_recording_found_on_a_page_is_reported_with_its_page() -> None:
    """A page source's audio file is its own candidate: the report named only the file, not the page it was on."""
    song = "https://fans.example/media/voice-clone.mp3"
    on_page = Finding(5, "match", "new", 1, None, "voice", 0.9, {}, 5, song, song, "", "showcase",
                      "2026-11-23T10:00:00+00:00", None, page_url="https://fans.example/showcase")
    report = draft_likeness_report([MatchEvidence(on_page, WORK, [], [], "")], NoticeDetails(name="Bo"), today=TODAY)
    assert "Recording 1: https://fans.example/showcase" in report
    assert f"The recording itself: {song}" in report


def test_a_mention_read_through_an_api_is_cited_by_its_page() -> None:
    """A source that reads a dataset's card through an API address: the request cited that address, which a
    maintainer cannot open as a page; it cites the page, and says where it was read from."""
    api = "https://hub.example/api/datasets/ada/paintings"
    card = Finding(6, "mention", "new", None, "Ada Painter", None, 1.0, {}, 6, api, None, "paintings", "hub",
                   "2026-11-23T10:00:00+00:00", None, page_url="https://hub.example/datasets/ada/paintings")
    request = draft_optout_request([MatchEvidence(card, None, [], [], "paintings by Ada Painter")],
                                   NoticeDetails(name="Bo"), today=TODAY)
    assert "Place 1: https://hub.example/datasets/ada/paintings" in request
    assert f"Read from: {api}" in request
    plain = draft_optout_request([MENTION], NoticeDetails(name="Bo"), today=TODAY)
    assert "Place 1: https://data.example/set" in plain and "Read from" not in plain
