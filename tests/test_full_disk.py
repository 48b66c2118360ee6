"""A disk that fills up: each command says so in plain words (no traceback, no log errors over its output), what was
saved before stays, a search still works from memory, and once space is freed the same commands carry on.

The disk is a real one: a small tmpfs mounted in a user and mount namespace of its own (`unshare`), so the test
needs no privileges; every command runs inside it, one after another, and leaves its output outside."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.media import make_picture

STEPS = ("add_first", "fill", "add_rest", "tighten", "match", "source", "check", "left", "health", "works", "free",
         "add_again",
         "check_again", "small", "export", "protect")
LEAVE = "dd if=/dev/zero of=$DISK/{name} bs=1k count=$(( $(df --output=avail -k $DISK | tail -1) - {kb} ))"


def _on_a_small_disk(tmp_path: Path, steps: dict[str, str]) -> dict[str, tuple[int, str, str]]:
    """Run each step's shell command in order with $DISK a fresh 4 MB disk, $SMALL a folder to mount a smaller one
    on and $CW the command line; each step's exit status, standard output and standard error."""
    if not shutil.which("unshare"):
        pytest.fail("this test needs util-linux's unshare to mount a small disk of its own")
    disk, small, out = tmp_path / "disk", tmp_path / "small", tmp_path / "out"
    for folder in (disk, small, out):
        folder.mkdir()
    cli = f"{shlex.quote(sys.executable)} -m creatorwatch --home {shlex.quote(str(disk))}/home"
    lines = ["set -u", f"mount -t tmpfs -o size=4m tmpfs {shlex.quote(str(disk))}",
             f"DISK={shlex.quote(str(disk))}", f"SMALL={shlex.quote(str(small))}", f"CW='{cli}'"]
    for name in STEPS:
        lines.append(f"({steps[name]}) > {out}/{name}.out 2> {out}/{name}.err; echo $? > {out}/{name}.rc")
    script = tmp_path / "steps.sh"
    script.write_text("\n".join(lines) + "\n")
    subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", str(script)], check=True, timeout=600,
                   env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)})
    return {name: (int((out / f"{name}.rc").read_text()), (out / f"{name}.out").read_text(),
                   (out / f"{name}.err").read_text()) for name in STEPS}


def test_a_full_disk_is_said_plainly_and_nothing_saved_is_lost(tmp_path: Path) -> None:
    first = make_picture(tmp_path / "first.png", seed=1)
    rest = tmp_path / "rest"
    rest.mkdir()
    for seed in range(2, 10):
        make_picture(rest / f"picture-{seed}.png", seed=seed, size=(480, 360))
    found = tmp_path / "found"
    found.mkdir()
    shutil.copy(rest / "picture-5.png", found / "copy.png")
    results = _on_a_small_disk(tmp_path, {
        "add_first": f"$CW add {first}",
        "fill": LEAVE.format(name="fill", kb=200),  # room for a few pictures' fingerprints, not for all
        "add_rest": f"$CW add {rest}",
        "tighten": LEAVE.format(name="more", kb=40),  # room to open the data file, not to save an index or a find
        "match": f"$CW match --json {first}",
        "source": f"$CW sources add folder --name found --set path={found}",
        "check": "$CW check",
        "left": "ls -A $DISK/home/data/captures 2>/dev/null; true",  # nothing it could not record
        "health": "$CW sources --json",
        "works": "$CW works --json",
        "free": "rm $DISK/fill $DISK/more",
        "add_again": f"$CW add {rest}",
        "check_again": "$CW check --json",
        "small": "mount -t tmpfs -o size=64k tmpfs $SMALL",  # a stick too small for what is written to it
        "export": "$CW export 1 -o $SMALL/evidence.zip; said=$?; ls -A $SMALL; exit $said",
        "protect": "$CW settings creator_name 'Ada Painter' >/dev/null && $CW protect 6 7 -o $SMALL/protected",
    })
    for name in ("add_rest", "check"):
        status, said, errors = results[name]
        assert status == 1, (name, said, errors)
        told = said if name == "check" else errors  # a check says it as the source's failure, in its summary
        assert "The disk is full, so CreatorWatch could not save" in told, (name, said, errors)
        assert "Traceback" not in errors + said and "Logging error" not in errors, (name, errors)
    assert results["left"][1] == ""  # no capture folder is left to fill the disk with no record naming it
    health = json.loads(results["health"][1])[0]
    assert health["health"] == "failing" and "The disk is full" in health["error"], health  # Sources' Latest problem
    assert "added before this stopped; adding the same files again adds the rest" in results["add_rest"][1]
    status, said, errors = results["match"]
    assert status == 0 and "Traceback" not in errors, errors
    assert json.loads(said)["matches"][0]["score"] >= 0.95  # the index is kept in memory when it cannot be saved
    titles = [work["title"] for work in json.loads(results["works"][1])]
    assert "first" in titles  # what was saved before the disk filled is all there
    assert results["add_again"][0] == 0, results["add_again"]
    assert "already in the library" in results["add_again"][1]
    status, said, errors = results["check_again"]
    assert status == 0, errors
    assert json.loads(said)["matches"] == 1, said
    status, said, errors = results["export"]
    assert status == 1 and "The disk is full, so CreatorWatch could not save" in errors, errors
    assert said == "", said  # no half-written bundle (nor its partial) is left to fill the stick
    status, said, errors = results["protect"]
    assert "#6: not protected — the disk is full, so CreatorWatch could not save" in said, said
    assert "Errno" not in said
