"""Opening the database safely: damaged, lost, empty or read-only, each said in one line.

The database is the library's truth, so it is never silently replaced: a folder that held
papers and lost its database is refused (pointing to the last automatic backup) unless
the command is one that rebuilds it (``add``, ``library import``).
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path

from ..layout import database_path, index_path
from .database import Store

_DAMAGED = ("malformed", "not a database", "file is encrypted")
_FULL = ("database or disk is full",)
_READ_ONLY = ("readonly database", "read-only", "attempt to write a readonly")
_GONE = ("unable to open database file", "no such table")


class LibraryError(RuntimeError):
    """A library that cannot be used as it is; the message is one line for the user."""


class LibraryDamaged(LibraryError):
    """The database is damaged, missing or empty while the folder shows it held papers."""


class LibraryReadOnly(LibraryError):
    """A write was asked of a library opened read-only."""


def is_writable(root: Path) -> bool:
    """True when paperterm may write in ``root`` (a read-only mount refuses even root)."""
    if not root.exists():
        return True
    database = database_path(root)
    return os.access(root, os.W_OK) and (not database.exists() or os.access(database, os.W_OK))


def open_store(root: Path, notices: list[str], replace_lost: bool = False) -> Store:
    """The library's database, read-only when the folder is; raises :class:`LibraryDamaged`."""
    path = database_path(root)
    lost = not path.exists() or path.stat().st_size == 0
    if lost and _held_papers(root):
        if not replace_lost:
            raise LibraryDamaged(lost_message(root))
        notices.append(lost_message(root, replaced=True))
    read_only = not is_writable(root)
    if read_only:
        if lost:
            raise LibraryReadOnly(f"{root} is read-only and has no library database")
        notices.append(f"{root} is read-only: changes cannot be saved")
    try:
        return Store(path, read_only=read_only)
    except sqlite3.DatabaseError as exc:
        # SQLite says "disk I/O error" when it cannot even create its -shm file.
        if any(s in str(exc).lower() for s in _FULL) or _disk_full(root):
            raise LibraryError("no space left on the disk holding the library at "
                               f"{root}; free some space and try again") from None
        if any(s in str(exc).lower() for s in _DAMAGED):
            raise LibraryDamaged(damaged_message(root, exc)) from None
        # An unreadable file is not damage: say what it is.
        raise LibraryError(describe(exc, root) or f"cannot open {path}: {exc}") from None


def _disk_full(root: Path) -> bool:
    try:
        return shutil.disk_usage(root).free < 256 * 1024
    except OSError:
        return False


def _held_papers(root: Path) -> bool:
    """Evidence the folder once had papers: an index generation or a personal backup."""
    from .backup import latest_backup

    try:
        generation = int((index_path(root) / "GENERATION").read_text())
    except (OSError, ValueError):
        generation = 0
    return generation > 0 or latest_backup(root) is not None


def _restore_hint(root: Path) -> str:
    from .backup import latest_backup

    backup = latest_backup(root)
    if backup:
        return f"add your listings again and run `paperterm library import {backup}`"
    return ("add your listings again and run `paperterm library import BACKUP` with a "
            "backup made by `paperterm library export`")


def lost_message(root: Path, replaced: bool = False) -> str:
    path = database_path(root)
    what = "is missing" if not path.exists() else "is empty"
    if replaced:
        return (f"the library database {path} {what}; started a new one: "
                f"{_restore_hint(root)} to restore bookmarks, tags and notes")
    return (f"the library database {path} {what} but this folder held papers; "
            f"nothing was replaced: {_restore_hint(root)}")


def damaged_message(root: Path, exc: BaseException) -> str:
    return (f"the library database {database_path(root)} is damaged ({exc}); "
            f"move it aside, then {_restore_hint(root)}")


def describe(exc: BaseException, root: Path | None) -> str | None:
    """One line for a failure a command cannot go on from, or None when it is a bug."""
    if isinstance(exc, LibraryError):
        return str(exc)
    if isinstance(exc, sqlite3.Error):
        text = str(exc).lower()
        if any(s in text for s in _FULL) or (root is not None and _disk_full(root)):
            # SQLite says "disk I/O error" when it cannot grow its -shm file on a full disk.
            return "no space left on the disk holding the library; nothing more was saved"
        if any(s in text for s in _READ_ONLY):
            return f"the library at {root} is read-only; this command cannot save changes"
        if any(s in text for s in _DAMAGED) and root is not None:
            return damaged_message(root, exc)
        if "disk i/o error" in text:
            return f"cannot read or write the library database in {root} ({exc})"
        if any(s in text for s in _GONE):
            return f"cannot use the library database at {root}: {exc}"
        return None
    if isinstance(exc, OSError):
        return _os_failure(exc, root)
    return None


def _os_failure(exc: OSError, root: Path | None) -> str:
    where = f" ({exc.filename})" if exc.filename else ""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"no space left on the disk{where}; nothing more was saved"
    if exc.errno == errno.EROFS or (exc.errno == errno.EACCES and root and not is_writable(root)):
        return f"the library at {root} is read-only; this command cannot save changes"
    return f"{exc.strerror or exc}{where}"
