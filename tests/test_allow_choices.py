"""What Allow site offers: for a file in a watched folder that file first (its folder second), for a web address its
site first; "only this" covers that one address even when it holds *, ? or [."""

from __future__ import annotations

from creatorwatch.core.records.allowlist import allow_choices, covered_count, only_this, pattern_covers


def test_a_folder_find_starts_on_the_file_and_a_web_find_on_its_site() -> None:
    file_url = "file:///home/me/found%20online/forum_thread.txt"
    assert [c.pattern for c in allow_choices(file_url)] == [file_url, "file:///home/me/found%20online/*"]
    assert allow_choices(file_url)[1].words.startswith("Every file in its folder “found online”")
    web = "https://www.art.example/g/item?id=3"
    assert [c.pattern for c in allow_choices(web)] == ["art.example", "https://www.art.example/g/item[?]id=3"]
    assert allow_choices("") == []


def test_only_this_covers_that_address_alone() -> None:
    odd = "file:///art/[draft] cover*.png"
    assert pattern_covers(only_this(odd), odd)
    assert not pattern_covers(only_this(odd), "file:///art/d cover-2.png")
    assert covered_count(only_this(odd), [odd, "file:///art/other.png"]) == 1
    assert covered_count("", [odd]) == 0
