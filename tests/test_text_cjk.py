"""Chinese and Japanese are written without spaces: a quote of their characters inside other prose is found as an
English quote of as many words is (about two characters to a word), and such a file is read as text at all."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from creatorwatch.core.fingerprint import text
from creatorwatch.core.library.sniff import sniff_file

KANJI = ("海風夜朝光影波岸町人猫犬鳥花雨雪山川森道家窓扉声歌夢記憶手紙時計鍵石砂星月空雲灯台港霧船橋駅"
         "森林畑田村都市国王姫兵剣盾城塔門壁床机椅本紙筆墨色赤青白黒金銀銅鉄木火水土春夏秋冬東西南北")
KANA = "のはがをにでともへやかなよねさ"
ENDINGS = ("た。", "ていた。", "だった。", "ました。", "る。", "ない。")


def prose(seed: int, characters: int, script: str) -> str:
    """Generated prose: two-character nouns joined by particles (Japanese) or run together (Chinese)."""
    rng = random.Random(seed)
    out: list[str] = []
    while sum(map(len, out)) < characters:
        nouns = ["".join(rng.sample(KANJI, 2)) for _ in range(rng.randint(3, 6))]
        if script == "ja":
            out.append("".join(n + rng.choice(KANA) for n in nouns) + rng.choice(ENDINGS))
        else:
            out.append("".join(nouns) + rng.choice("，。"))
    return "".join(out)


def score(work: str, candidate: str) -> float:
    index = text.Index()
    index.add_many([(1, text.fingerprint_text(work)), (2, text.fingerprint_text(prose(99, 3000, "ja")))])
    return max((h.score for h in index.search(text.fingerprint_text(candidate), 0.0) if h.work_id == 1), default=0.0)


@pytest.mark.parametrize("script", ["ja", "zh"])
def test_a_quote_of_seventy_characters_inside_other_prose_is_a_copy(script: str) -> None:
    work, other = prose(1, 3000, script), prose(2, 3000, script)
    for start in (401, 1234, 2000):  # wherever the quote begins, even mid-word
        quote = work[start : start + 70]
        assert score(work, other[:800] + quote + other[800:1600]) >= text.DEFAULT_THRESHOLD, (start, quote)


@pytest.mark.parametrize("script", ["ja", "zh"])
def test_a_quote_of_twenty_characters_is_below_the_alert_line(script: str) -> None:
    work, other = prose(1, 3000, script), prose(2, 3000, script)
    assert score(work, other[:800] + work[500:520] + other[800:1600]) < text.DEFAULT_THRESHOLD


@pytest.mark.parametrize("script", ["ja", "zh"])
def test_the_work_itself_and_an_excerpt_are_near_certain_and_other_prose_is_not_a_copy(script: str) -> None:
    work = prose(1, 3000, script)
    assert score(work, work) >= 0.95
    assert score(work, work[1000:1300]) >= 0.95
    assert score(work, prose(3, 3000, script)) < 0.3  # the same characters and particles, other sentences


def test_a_japanese_file_longer_than_the_sniffed_head_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "灯台守の物語.txt"
    path.write_text(prose(1, 5000, "ja"), encoding="utf-8")  # 15,000 bytes: byte 4,096 falls mid-character
    assert len(path.read_bytes()[:4096].decode("utf-8", "ignore").encode()) < 4096
    assert sniff_file(path).kind == "text"
