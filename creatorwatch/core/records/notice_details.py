"""Who the creator is when they write to someone: the sender's name and contact, stored once and used by every
notice, opt-out request and report (§512(c)(3)(A)(iv): address, telephone number and email address)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields

import sqlite_utils

from creatorwatch.core.store.preferences import set_preference

PREFERENCE_KEY = "evidence_notice_details"
# `creatorwatch settings` keys kept only in the notice details (the Settings page's Postal address and Telephone)
SETTINGS_KEYS = {"creator_address": "address", "creator_phone": "phone"}


@dataclass
class NoticeDetails:
    """Who sends the notice (§512(c)(3)(A)(iv): address, telephone number and email address)."""

    name: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    on_behalf_of: str = ""  # the copyright owner, when the sender acts for them


def load_notice_details(db: sqlite_utils.Database) -> NoticeDetails:
    """The stored details; the creator's name and contact from the preferences fill any gaps."""
    stored: dict[str, str] = {}
    prefs: dict[str, str] = {}
    for key, value in db.execute("SELECT key, value FROM preferences WHERE key IN (?, 'creator_name', "
                                 "'creator_contact')", [PREFERENCE_KEY]):
        if key == PREFERENCE_KEY:
            stored = json.loads(value)
        else:
            prefs[key] = json.loads(value)
    known = {f.name for f in fields(NoticeDetails)}
    details = NoticeDetails(**{k: str(v) for k, v in stored.items() if k in known})
    details.name = details.name.strip() or str(prefs.get("creator_name", "")).strip()  # only spaces: not set
    contact = str(prefs.get("creator_contact", "")).strip()
    if not details.email and "@" in contact:
        details.email = contact
    return details


def save_notice_details(db: sqlite_utils.Database, details: NoticeDetails) -> None:
    set_preference(db, PREFERENCE_KEY, asdict(details))


def shown_identity(db: sqlite_utils.Database, values: dict[str, object]) -> dict[str, object]:
    """`values` (the preferences as `creatorwatch settings` lists them) with creator_name and creator_contact as
    every notice and protected copy uses them: where the preference is empty, the name and email the window's
    Settings keep in the notice details (the CLI said "creator_contact = " while the window had an email); and
    after them the postal address and telephone the Settings page keeps there (SETTINGS_KEYS)."""
    details = load_notice_details(db)
    fallback = {"creator_name": details.name, "creator_contact": details.email}
    shown: dict[str, object] = {}
    for key, value in values.items():
        shown[key] = value or fallback.get(key, value)
        if key == "creator_contact":  # the address and telephone beside the other contact details
            shown.update({setting: getattr(details, field) for setting, field in SETTINGS_KEYS.items()})
    return shown


def set_notice_detail(db: sqlite_utils.Database, key: str, value: str) -> None:
    """One of SETTINGS_KEYS, set from `creatorwatch settings` where the window's Settings page keeps it."""
    details = load_notice_details(db)
    setattr(details, SETTINGS_KEYS[key], value)
    save_notice_details(db, details)


def set_identity(db: sqlite_utils.Database, name: str | None = None, contact: str | None = None) -> None:
    """Keep the name and email stored twice (preferences creator_name and creator_contact; the notice details) in
    step, whichever face changed them; a contact that is not an email leaves the notice's email as it was."""
    details = load_notice_details(db)
    if name is not None:
        set_preference(db, "creator_name", name)
        details.name = name
    if contact is not None:
        set_preference(db, "creator_contact", contact)
        if "@" in contact or not contact:
            details.email = contact
    save_notice_details(db, details)
