"""The automatic backup of personal state, kept beside the database and rotated.

Bookmarks, tags, notes, read marks, cite keys and settings are the one part of a library
that cannot be rebuilt from the listings, so whenever they change a copy is written (one
file a day, replaced atomically during the day, the last :data:`KEEP` days kept) in the
format ``paperterm library import`` reads.
"""

from __future__ import annotations

import contextlib
import json
import time
from pathlib import Path
from typing import Any

from ..layout import write_atomic
from .database import Store

BACKUP_DIR = "backups"
PREFIX = "personal-"
KEEP = 7


def backup_dir(root: Path) -> Path:
    return root / BACKUP_DIR


def backups(root: Path) -> list[Path]:
    """The automatic backups, oldest first."""
    try:
        return sorted(p for p in backup_dir(root).glob(f"{PREFIX}*.json") if p.is_file())
    except OSError:
        return []


def latest_backup(root: Path) -> Path | None:
    found = backups(root)
    return found[-1] if found else None


def _content(data: Any) -> Any:
    """What a backup holds, without the moment it was written."""
    return (data.get("settings"), data.get("papers")) if isinstance(data, dict) else None


def auto_backup(store: Store, root: Path, today: str | None = None) -> Path | None:
    """Write today's backup if the personal state differs from the latest; the path or None."""
    from .personal import dump_state

    text = dump_state(store)
    state = json.loads(text)
    latest = latest_backup(root)
    if latest is None and not state["papers"] and not state["settings"]:
        return None
    if latest is not None:
        with contextlib.suppress(OSError, ValueError):
            if _content(json.loads(latest.read_text(encoding="utf-8"))) == _content(state):
                return None
    folder = backup_dir(root)
    folder.mkdir(exist_ok=True)
    target = folder / f"{PREFIX}{today or time.strftime('%Y-%m-%d')}.json"
    write_atomic(target, text)
    for old in backups(root)[:-KEEP]:
        old.unlink(missing_ok=True)
    return target
