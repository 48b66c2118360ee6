"""Settings and licensed uses from the command line: the same data the window's Settings and Review pages change."""

from __future__ import annotations

import json
from pathlib import Path

from creatorwatch.core.fingerprint import image
from creatorwatch.core.library.works import Library
from creatorwatch.core.matching.match import Matcher
from creatorwatch.core.store.db import open_database
from tests.conftest import CliRunner


def test_settings_change_and_show(run_cli: CliRunner) -> None:
    assert run_cli("settings", "creator_name", "Ada Lin").returncode == 0
    assert run_cli("settings", "check_interval_minutes", "120").returncode == 0
    assert run_cli("settings", "notify", "off").returncode == 0
    shown = json.loads(run_cli("settings", "--json").stdout)
    assert (shown["creator_name"], shown["check_interval_minutes"], shown["notify"]) == ("Ada Lin", 120, False)
    wrong = run_cli("settings", "check_interval_minutes", "soon")
    assert wrong.returncode == 2 and "whole number of minutes" in wrong.stderr
    assert run_cli("settings", "no_such_thing", "1").returncode == 2


def test_sensitivity_moves_the_alert_line_the_matcher_uses(run_cli: CliRunner, home: Path) -> None:
    assert run_cli("settings", "sensitivity.image", "high").returncode == 0
    matcher = Matcher(Library(open_database(home / "data" / "creatorwatch.sqlite3")))
    assert matcher.threshold("image") < image.DEFAULT_THRESHOLD
    assert run_cli("settings", "sensitivity.image", "low").returncode == 0
    matcher = Matcher(Library(open_database(home / "data" / "creatorwatch.sqlite3")))
    assert matcher.threshold("image") > image.DEFAULT_THRESHOLD
    assert run_cli("settings", "sensitivity.image", "extreme").returncode == 2


def test_allowlist_add_list_remove(run_cli: CliRunner) -> None:
    added = run_cli("allow", "--add", "licensed-partner.example", "--note", "2025 licence")
    assert added.returncode == 0 and "allowed 'licensed-partner.example'" in added.stdout
    rules = json.loads(run_cli("allow", "--json").stdout)
    assert [(r["pattern"], r["note"]) for r in rules] == [("licensed-partner.example", "2025 licence")]
    assert run_cli("allow", "--remove", str(rules[0]["id"])).returncode == 0
    assert json.loads(run_cli("allow", "--json").stdout) == []


def test_one_setting_is_read_by_its_name_and_a_wrong_name_says_where_to_look(run_cli: CliRunner) -> None:
    assert run_cli("settings", "sensitivity.image", "high").returncode == 0
    one = run_cli("settings", "sensitivity.image")
    assert one.returncode == 0, one.stderr
    assert one.stdout == "sensitivity.image = high\n"
    wrong = run_cli("settings", "check_every")
    assert wrong.returncode == 2
    assert "there is no setting called 'check_every'; see them all with: creatorwatch settings" in wrong.stderr


def test_a_line_break_in_a_one_line_contact_detail_is_refused_and_the_address_keeps_its_lines(
        run_cli: CliRunner) -> None:
    """A telephone number holding a line break put its second half at the start of a line of the DMCA notice."""
    assert run_cli("settings", "creator_phone", "+34 600 000 000").returncode == 0
    for key in ("creator_phone", "creator_name", "creator_contact"):
        refused = run_cli("settings", key, "a\nb")
        assert refused.returncode == 2 and "line break" in refused.stderr and "Nothing was changed" in refused.stderr
        assert "Traceback" not in refused.stderr
    assert run_cli("settings", "creator_phone").stdout == "creator_phone = +34 600 000 000\n"
    assert run_cli("settings", "creator_address", "12\tCalle Mayor").returncode == 2  # a tab in it

    assert run_cli("settings", "creator_address", " 12 Calle Mayor \r\n\n28013 Madrid\n").returncode == 0
    shown = json.loads(run_cli("settings", "--json").stdout)
    assert shown["creator_address"] == "12 Calle Mayor\n28013 Madrid"


def test_evidence_settings_refuses_a_line_break_in_the_telephone_too(run_cli: CliRunner) -> None:
    refused = run_cli("evidence-settings", "--phone", "a\nb", "--name", "Ada Lin")
    assert refused.returncode == 2 and "your telephone number holds a line break" in refused.stderr
    assert json.loads(run_cli("settings", "--json").stdout)["creator_name"] == ""  # nothing was changed
    assert run_cli("evidence-settings", "--name", "  Ada Lin ", "--address", "1 Quay St \n Portsmouth").returncode == 0
    shown = json.loads(run_cli("settings", "--json").stdout)
    assert (shown["creator_name"], shown["creator_address"]) == ("Ada Lin", "1 Quay St\nPortsmouth")
