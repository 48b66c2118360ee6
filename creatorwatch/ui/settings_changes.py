"""What the Settings page reads and writes, and only what the creator changed there: saving the whole page put back
a sensitivity set from the command line while the page was open (`creatorwatch settings sensitivity.image high`)."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

import sqlite_utils

from creatorwatch.core.evidence.timestamp import save_tsa_url, saved_tsa_url
from creatorwatch.core.records.notice_details import NoticeDetails, load_notice_details, save_notice_details
from creatorwatch.core.store.db import transaction
from creatorwatch.core.store.preferences import Preferences, load_preferences, save_preferences


@dataclass(frozen=True)
class AllSettings:
    """Everything on the page: the preferences, and the notice details and timestamp authority kept beside them."""

    prefs: Preferences
    notice: NoticeDetails
    tsa_url: str = ""


def load_settings(db: sqlite_utils.Database) -> AllSettings:
    return AllSettings(load_preferences(db), load_notice_details(db), saved_tsa_url(db) or "")


def save_settings(db: sqlite_utils.Database, chosen: AllSettings) -> None:
    """Write every setting on the page (the caller holds the transaction)."""
    save_preferences(db, chosen.prefs, in_transaction=True)
    save_notice_details(db, chosen.notice)
    save_tsa_url(db, chosen.tsa_url)


def with_changes(stored: AllSettings, shown: AllSettings, chosen: AllSettings) -> AllSettings:
    """`stored`, with each value the creator changed on the page (where `chosen` differs from `shown`, what the page
    showed) put over it; one sensitivity at a time."""
    return AllSettings(_changed(stored.prefs, shown.prefs, chosen.prefs),
                       _changed(stored.notice, shown.notice, chosen.notice),
                       chosen.tsa_url if chosen.tsa_url != shown.tsa_url else stored.tsa_url)


def save_changes(db: sqlite_utils.Database, shown: AllSettings, chosen: AllSettings) -> AllSettings:
    """Write what changed on the page over the settings as stored now, in one transaction; what is stored after."""
    with transaction(db):
        merged = with_changes(load_settings(db), shown, chosen)
        save_settings(db, merged)
    return merged


def _changed(stored: Any, shown: Any, chosen: Any) -> Any:
    values = {}
    for field in fields(stored):
        was, now = getattr(shown, field.name), getattr(chosen, field.name)
        if isinstance(now, dict):
            values[field.name] = {**getattr(stored, field.name), **{k: v for k, v in now.items() if was.get(k) != v}}
        elif now != was:
            values[field.name] = now
    return replace(stored, **values)
