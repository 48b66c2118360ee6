"""`creatorwatch sources add TYPE --help` says what that source can and cannot see; every type has its words."""

from __future__ import annotations

import pytest

from creatorwatch.cli import main
from creatorwatch.core.sources.about import about
from creatorwatch.core.sources.registry import TYPES


def help_for(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as done:
        main(list(argv))
    assert done.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("type_name", TYPES)
def test_every_source_type_says_what_it_can_see(type_name: str) -> None:
    assert len(about(type_name)) > 60


def test_help_after_a_type_shows_that_type_alone(capsys: pytest.CaptureFixture[str]) -> None:
    said = " ".join(help_for(capsys, "sources", "add", "civitai", "--help").split())
    assert "hides every model or image of a real person" in said
    assert "Lumen" not in said


def test_help_without_a_type_lists_every_type(capsys: pytest.CaptureFixture[str]) -> None:
    said = help_for(capsys, "sources", "add", "--help")
    assert all(f"\n{name}:\n" in said for name in TYPES)
    assert "approves each new app" in " ".join(said.split())  # Reddit's approval since November 2025
