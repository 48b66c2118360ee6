"""`protect` through the real command: Content Credentials asked for and not made are a failure a script sees
(exit status 1, the reason said), c2pa-python comes with the app, and a second run into the same folder keeps
the copy made before."""

from __future__ import annotations

import json
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from creatorwatch.core.library.works import sha256_file
from creatorwatch.core.optout.protect import protected_copies, work_for_copy
from creatorwatch.core.store.db import open_database
from creatorwatch.paths import resolve_paths
from tests.conftest import CliRunner
from tests.media import make_picture
from tests.test_protect import story

ROOT = Path(__file__).resolve().parent.parent


def _a_work(run_cli: CliRunner, tmp_path: Path, name: str = "Ada Painter") -> int:
    """A picture in the library, and the creator's name in Settings (`name`; "" leaves it unset)."""
    if name:
        assert run_cli("settings", "creator_name", name).returncode == 0
    (tmp_path / "originals").mkdir()
    assert run_cli("add", make_picture(tmp_path / "originals" / "harbour.png", seed=7)).returncode == 0
    return int(json.loads(run_cli("works", "--json").stdout)[0]["id"])


def _c2pa_missing(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setitem(sys.modules, "c2pa", None)  # `import c2pa` fails, as where it is not installed
    return "c2pa-python, which CreatorWatch signs with, is missing from this installation"


def _c2pa_refuses(monkeypatch: pytest.MonkeyPatch) -> str:
    import c2pa

    def refuse(*args: object, **kwargs: object) -> None:
        raise c2pa.C2paError("Signature: the signer went away")

    monkeypatch.setattr(c2pa.Builder, "sign", refuse)
    return "the copy could not be signed (Signature: the signer went away)"


@pytest.mark.parametrize("failing", [_c2pa_missing, _c2pa_refuses], ids=["not installed", "signing fails"])
def test_c2pa_asked_for_and_not_signed_exits_1_and_says_why(
        run_cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        failing: Callable[[pytest.MonkeyPatch], str]) -> None:
    work_id = _a_work(run_cli, tmp_path)
    why = failing(monkeypatch)

    done = run_cli("protect", work_id, "--c2pa", "-o", tmp_path / "shared")

    assert done.returncode == 1, done.stdout + done.stderr
    assert f"NOT signed with Content Credentials (C2PA): {why}" in done.stdout
    assert f"1 copy could not be signed with Content Credentials as --c2pa asked (#{work_id})" in done.stderr
    assert (tmp_path / "shared" / "harbour.png").is_file()  # the copy still carries every other signal

    as_json = run_cli("protect", work_id, "--c2pa", "-o", tmp_path / "again", "--json")
    assert as_json.returncode == 1
    line = json.loads(as_json.stdout)
    assert why in line["c2pa_error"] and line["error"] is None and line["copy"]


def test_c2pa_signed_copies_exit_0(run_cli: CliRunner, tmp_path: Path) -> None:
    work_id = _a_work(run_cli, tmp_path)
    done = run_cli("protect", work_id, "--c2pa", "-o", tmp_path / "shared", "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    line = json.loads(done.stdout)
    assert line["c2pa_error"] is None and any("C2PA" in signal for signal in line["signals"])


def test_content_credentials_come_with_the_app_not_an_extra() -> None:
    """scripts/start installs the app's own dependencies (requirements.lock first): c2pa-python must be one of them,
    or every find says "install c2pa-python to read them" and protect --c2pa cannot sign."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(d.startswith("c2pa-python") for d in project["dependencies"])
    assert "provenance" in project["optional-dependencies"]  # `pip install 'creatorwatch[provenance]'` still works
    assert "\nc2pa-python==" in (ROOT / "requirements.lock").read_text(encoding="utf-8")


def test_protecting_again_into_the_same_folder_keeps_the_earlier_copy(
        run_cli: CliRunner, home: Path, tmp_path: Path) -> None:
    work_id = _a_work(run_cli, tmp_path)
    shared = tmp_path / "shared"
    assert run_cli("protect", work_id, "-o", shared).returncode == 0
    first = (shared / "harbour.png").read_bytes()
    assert run_cli("settings", "creator_contact", "ada@example.org").returncode == 0  # the second copy says more

    again = run_cli("protect", work_id, "-o", shared)

    assert again.returncode == 0, again.stdout + again.stderr
    earlier = shared / "harbour (earlier 1).png"
    assert earlier.read_bytes() == first  # nothing lost
    assert (shared / "harbour.png").read_bytes() != first  # and the new copy is where it was asked to be
    assert "a file was already at harbour.png: it is kept beside the new copy as harbour (earlier 1).png" \
        in again.stdout
    db = open_database(resolve_paths(home).database)
    assert work_for_copy(db, sha256_file(earlier)) == work_id  # a find of the earlier copy is still the work
    assert sorted(Path(str(c["path"])).name for c in protected_copies(db, work_id)) == \
        ["harbour (earlier 1).png", "harbour.png"]


def test_with_no_name_set_protect_writes_nothing_and_says_how_to_set_it(
        run_cli: CliRunner, tmp_path: Path) -> None:
    """Copies made before the name was set said "\u00a9 2026 the creator. All rights reserved.", and nothing said so:
    a copy given out must name who holds the rights, so protect refuses, saying how to set the name."""
    work_id = _a_work(run_cli, tmp_path, name="")
    shared = tmp_path / "shared"

    refused = run_cli("protect", work_id, "-o", shared)

    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "your name is not set" in refused.stderr and "Nothing was written" in refused.stderr
    assert 'creatorwatch settings creator_name "Your Name"' in refused.stderr
    assert not shared.exists()
    assert run_cli("protect", work_id, "-o", shared, "--json").returncode == 2  # a script is refused too

    assert run_cli("settings", "creator_name", "Marta Quiroga").returncode == 0
    done = run_cli("protect", work_id, "-o", shared, "--json")
    assert done.returncode == 0, done.stderr
    rights = json.loads(done.stdout)["rights"]
    assert rights.endswith(" Marta Quiroga. All rights reserved.") and "the creator" not in rights


def test_a_name_of_only_spaces_is_no_name(run_cli: CliRunner, tmp_path: Path) -> None:
    """`settings creator_name "   "` let protect write "\u00a9 2026    . All rights reserved." into every copy."""
    work_id = _a_work(run_cli, tmp_path, name="   ")
    assert run_cli("settings", "creator_name").stdout == "creator_name = \n"  # kept trimmed

    refused = run_cli("protect", work_id, "-o", tmp_path / "shared")

    assert refused.returncode == 2 and "your name is not set" in refused.stderr
    assert not (tmp_path / "shared").exists()


def test_protecting_again_unchanged_keeps_no_earlier_copy_of_the_same_file(
        run_cli: CliRunner, home: Path, tmp_path: Path) -> None:
    """Each run into the same folder left another byte-identical "harbour (earlier N).png" beside the copy."""
    work_id = _a_work(run_cli, tmp_path)
    shared = tmp_path / "shared"
    assert run_cli("protect", work_id, "-o", shared).returncode == 0
    first = (shared / "harbour.png").read_bytes()

    again = [run_cli("protect", work_id, "-o", shared) for _ in range(2)]

    assert [done.returncode for done in again] == [0, 0]
    assert sorted(p.name for p in shared.iterdir()) == ["harbour.png"]
    assert (shared / "harbour.png").read_bytes() == first
    assert "the copy already at harbour.png was the same, byte for byte: no earlier copy was kept beside it" \
        in again[1].stdout
    db = open_database(resolve_paths(home).database)
    assert [Path(str(c["path"])).name for c in protected_copies(db, work_id)] == ["harbour.png"]


def test_a_text_protected_again_unchanged_keeps_one_copy_and_one_sidecar(run_cli: CliRunner, tmp_path: Path) -> None:
    """A text's signal is also in the sidecar beside it (poem.txt.xmp): the same text and the same sidecar are one."""
    assert run_cli("settings", "creator_name", "Ada Painter").returncode == 0
    poem = tmp_path / "poem.txt"
    poem.write_text(story(7), encoding="utf-8")
    assert run_cli("add", poem).returncode == 0
    shared = tmp_path / "shared"
    assert run_cli("protect", "1", "-o", shared).returncode == 0
    assert run_cli("protect", "1", "-o", shared).returncode == 0
    assert sorted(p.name for p in shared.iterdir()) == ["poem.txt", "poem.txt.xmp"]

    assert run_cli("settings", "creator_contact", "ada@example.org").returncode == 0  # the copy now says more
    assert run_cli("protect", "1", "-o", shared).returncode == 0
    assert sorted(p.name for p in shared.iterdir()) == [
        "poem (earlier 1).txt", "poem (earlier 1).txt.xmp", "poem.txt", "poem.txt.xmp"]
