"""When a source is next due, shared by the scheduler (which plans it) and `creatorwatch sources` (which says it
when no scheduler is running, or none has planned it yet)."""

from __future__ import annotations

from datetime import datetime, timedelta

from creatorwatch.core.records.source_store import ConfiguredSource, parse_iso
from creatorwatch.core.sources.registry import UnknownSourceType, source_class


def interval_minutes(source: ConfiguredSource, every: float) -> float:
    """A source's own `interval` wins; then a local source's own short pace (a folder: every few minutes);
    otherwise the creator's check interval `every`, but never more often than the service's own pace (a monthly
    crawl index is not asked hourly). ValueError or UnknownSourceType if unreadable."""
    own = source.config.settings.get("interval")
    if own:
        return float(own)
    kind = source_class(source.config.type)
    return kind.OWN_PACE_MINUTES if kind.OWN_PACE_MINUTES is not None else max(every, kind.INTERVAL_MINUTES)


def next_due(source: ConfiguredSource, every: float, now: datetime) -> datetime | None:
    """The scheduler's planned run while one is kept and still ahead; else when it would be due: a failing source at
    its retry time (now if that has passed), as the scheduler asks it again, not an interval after it failed; any
    other at its last run plus its interval (now if it never ran or is overdue). None if it cannot be scheduled."""
    planned = parse_iso(source.health.next_try)
    if planned and planned > now:
        return planned
    try:
        minutes = interval_minutes(source, every)
    except (ValueError, UnknownSourceType):
        return None
    retry = parse_iso(source.health.retry_at)
    if retry:
        return max(now, retry)
    last = parse_iso(source.health.last_run)
    return max(now, last + timedelta(minutes=minutes)) if last else now
