"""`sources add` and `sources set` refuse what could never work as meant: a blank name, which nothing could name
again, and a setting the type never reads (a typo like colour=blue would go unnoticed, the source working without
it). The settings a type takes are those its code reads, which the last tests hold it to."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

import creatorwatch.core.sources as sources_package
from creatorwatch.core.sources.registry import TYPES, source_class
from tests.conftest import CliRunner

READERS = {"get", "setting_int", "setting_list", "required_list"}  # how a connector reads a --set key


@pytest.mark.parametrize("name", ["", "   "])
def test_a_blank_name_is_refused(run_cli: CliRunner, tmp_path: Path, name: str) -> None:
    refused = run_cli("sources", "add", "folder", "--name", name, "--set", f"path={tmp_path}")
    assert refused.returncode == 2 and "needs a name" in refused.stderr and "Traceback" not in refused.stderr
    assert json.loads(run_cli("sources", "--json").stdout) == []


def test_a_type_is_named_with_its_article(run_cli: CliRunner) -> None:
    missing = run_cli("sources", "add", "openai-compatible", "--name", "local", "--base-url", "http://127.0.0.1:9")
    assert missing.returncode == 2 and "An openai-compatible source needs --set model=…" in missing.stderr


def test_a_setting_the_type_never_reads_is_refused_naming_those_it_takes(run_cli: CliRunner, tmp_path: Path) -> None:
    refused = run_cli("sources", "add", "folder", "--name", "dl", "--set", f"path={tmp_path}", "--set", "colour=blue")
    assert refused.returncode == 2 and "'colour'" in refused.stderr
    assert "path, interval, max_bytes, secret" in refused.stderr
    assert json.loads(run_cli("sources", "--json").stdout) == []

    assert run_cli("sources", "add", "civitai", "--name", "cv", "--set", "nsfw=yes").returncode == 0
    typo = run_cli("sources", "set", "cv", "--set", "usrname=ada")
    assert typo.returncode == 2 and "'usrname'" in typo.stderr and "username" in typo.stderr
    [source] = json.loads(run_cli("sources", "--json").stdout)
    assert source["settings"] == {"nsfw": "yes"}
    assert run_cli("sources", "set", "cv", "--set", "username=ada").returncode == 0


def _keys_read(tree: ast.ClassDef) -> set[str]:
    """The --set keys a connector class's own code names where it reads one."""
    keys = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in READERS \
                and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            is_settings = node.func.attr != "get" or ast.unparse(node.func.value).endswith("settings")
            if is_settings:
                keys.add(node.args[0].value)
        elif isinstance(node, ast.Subscript) and ast.unparse(node.value).endswith("settings") \
                and isinstance(node.slice, ast.Constant):
            keys.add(str(node.slice.value))
    return keys


@pytest.mark.parametrize("type_name", TYPES)
def test_every_setting_a_connector_reads_is_one_its_type_takes(type_name: str) -> None:
    """So no working setting is refused: the keys read in each class of the connector's ancestry are taken."""
    cls = source_class(type_name)
    folder = Path(sources_package.__file__).parent
    for klass in cls.__mro__:
        module = Path(getattr(__import__(klass.__module__, fromlist=["_"]), "__file__", "") or "")
        if module.parent != folder:
            continue
        [tree] = [n for n in ast.walk(ast.parse(module.read_text())) if isinstance(n, ast.ClassDef)
                  and n.name == klass.__name__]
        assert _keys_read(tree) <= set(cls.settings_taken()), klass.__name__


def test_settings_the_monitor_and_probes_read_are_taken() -> None:
    """Read outside the connectors (the scheduler's interval, a probe's budget): taken by the types they serve."""
    core = Path(sources_package.__file__).parent.parent
    read = set()
    for path in [*core.glob("watch/*.py"), *core.glob("model_probe/*.py")]:
        read |= set(re.findall(r"settings\.get\(\"(\w+)\"", path.read_text()))
    taken = {key for name in TYPES for key in source_class(name).settings_taken()}
    assert read and read <= taken


@pytest.mark.parametrize("argv", [
    ("sources", "set", "nosuch", "--set", "interval=60"), ("sources", "remove", "nosuch"),
    ("sources", "enable", "nosuch"), ("sources", "disable", "nosuch"), ("check", "--source", "nosuch"),
    ("probe", "--source", "nosuch", "--dry-run"), ("probe", "enable", "1", "--source", "nosuch"),
])
def test_naming_a_source_that_does_not_exist_is_wrong_usage_everywhere(run_cli: CliRunner, argv: tuple[str, ...]
                                                                         ) -> None:
    refused = run_cli(*argv)
    assert refused.returncode == 2, refused.stderr
    assert "there is no source called 'nosuch'. See them with: creatorwatch sources" in refused.stderr
