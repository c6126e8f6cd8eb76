"""The inbox: papers added since the browser was last opened.

Two settings in the personal ``config`` table: ``inbox.opened`` (when the browser was last
opened) and ``inbox.since`` (the opening before that, which the open browser's inbox is
counted from, so opening it does not empty its own inbox).
"""

from __future__ import annotations

import time

from .database import Store
from .personal import get_setting, set_setting

OPENED = "inbox.opened"
SINCE = "inbox.since"


def mark_opened(store: Store, now: float | None = None) -> float:
    """Record an opening of the browser; returns the time its inbox starts from."""
    since = _stamp(get_setting(store, OPENED))
    with store.transaction():
        set_setting(store, SINCE, repr(since))
        set_setting(store, OPENED, repr(time.time() if now is None else now))
    return since


def inbox_since(store: Store) -> float:
    """When the inbox starts: the opening before the latest one (0 if never opened twice)."""
    return _stamp(get_setting(store, SINCE))


def last_opened(store: Store) -> float | None:
    """When the browser was last opened, or None."""
    value = get_setting(store, OPENED)
    return _stamp(value) if value is not None else None


def new_since(store: Store, since: float) -> list[str]:
    """Ids of papers added after ``since`` (seconds since the epoch), newest first."""
    return [r[0] for r in store.query(
        "SELECT id FROM papers WHERE added > ? ORDER BY added DESC, rowid DESC", (since,))]


def _stamp(value: str | None) -> float:
    try:
        return float(value) if value is not None else 0.0
    except ValueError:
        return 0.0
