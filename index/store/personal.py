"""Personal state kept by paper id: tags, notes, read state, settings, and their backup.

Nothing here is ever deleted when a paper leaves the library (``remove``) or the index is
rebuilt, so state comes back with the paper. Bookmarks and cite keys live in
:mod:`.store` and :mod:`.bibtex`; the backup covers them too.
"""

from __future__ import annotations

import json
import math
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..display import counted
from .database import Store

TAG_MAX = 64
BACKUP_FORMAT = "paperterm-personal"
BACKUP_VERSION = 1
_TAG_BAD = re.compile(r"[\x00-\x1f\x7f-\x9f,]")


class TagError(ValueError):
    """A tag that cannot be stored."""


class BackupError(ValueError):
    """A backup file that cannot be read."""


def normalize_tag(tag: str) -> str:
    """Tags are lowercase words; inner whitespace becomes ``-``. Raises :class:`TagError`."""
    text = "-".join(str(tag).split()).lower().lstrip("#")
    if not text:
        raise TagError("a tag cannot be empty")
    if _TAG_BAD.search(text):
        raise TagError(f"tag {tag!r} contains a comma or a control character")
    if len(text) > TAG_MAX:
        raise TagError(f"tag {tag[:20]!r}… is longer than {TAG_MAX} characters")
    return text


def _chunks(ids: Sequence[str], size: int = 500) -> Iterable[list[str]]:
    for start in range(0, len(ids), size):
        yield list(ids[start:start + size])


def _unique(ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(ids))


# -- tags -------------------------------------------------------------------------------

def add_tags(store: Store, ids: Iterable[str], tags: Iterable[str]) -> int:
    """Tag every paper with every tag; returns how many new (paper, tag) pairs were made."""
    ids, names = _unique(ids), _unique(normalize_tag(t) for t in tags)
    now = time.time()
    with store.transaction():
        return sum(store.execute(
            "INSERT OR IGNORE INTO tags(paper_id, tag, created) VALUES (?, ?, ?)",
            (pid, tag, now)) for pid in ids for tag in names)


def remove_tags(store: Store, ids: Iterable[str], tags: Iterable[str]) -> int:
    """Take tags off papers; returns how many (paper, tag) pairs were removed."""
    ids, names = _unique(ids), _unique(normalize_tag(t) for t in tags)
    with store.transaction():
        return sum(store.execute("DELETE FROM tags WHERE paper_id=? AND tag=?", (pid, tag))
                   for pid in ids for tag in names)


def tags_of(store: Store, pid: str) -> tuple[str, ...]:
    """One paper's tags, alphabetically."""
    return tags_for(store, [pid]).get(pid, ())


def tags_for(store: Store, ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Tags of many papers; papers without tags are left out."""
    out: dict[str, list[str]] = {}
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        for pid, tag in store.query(
                f"SELECT paper_id, tag FROM tags WHERE paper_id IN ({marks}) ORDER BY tag",
                chunk):
            out.setdefault(pid, []).append(tag)
    return {pid: tuple(tags) for pid, tags in out.items()}


def all_tags(store: Store) -> list[tuple[str, int]]:
    """Every tag with the number of papers carrying it, most used first (for completion)."""
    return [(t, n) for t, n in store.query(
        "SELECT tag, COUNT(*) AS n FROM tags GROUP BY tag ORDER BY n DESC, tag")]


def ids_with_tag(store: Store, tag: str) -> list[str]:
    """Papers carrying ``tag``, in the order they were tagged."""
    return [r[0] for r in store.query(
        "SELECT paper_id FROM tags WHERE tag=? ORDER BY created, rowid", (normalize_tag(tag),))]


# -- notes ------------------------------------------------------------------------------

def note(store: Store, pid: str) -> str:
    """The paper's note, or ``""``."""
    rows = store.query("SELECT text FROM notes WHERE paper_id=?", (pid,))
    return rows[0][0] if rows else ""


def set_note(store: Store, pid: str, text: str) -> bool:
    """Replace the note (blank text clears it); True when it changed."""
    text = text.strip("\n")
    if not text.strip():
        return clear_note(store, pid)
    if note(store, pid) == text:
        return False
    store.execute("INSERT OR REPLACE INTO notes(paper_id, text, updated) VALUES (?, ?, ?)",
                  (pid, text, time.time()))
    return True


def clear_note(store: Store, pid: str) -> bool:
    return store.execute("DELETE FROM notes WHERE paper_id=?", (pid,)) > 0


def notes_for(store: Store, ids: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        out.update(store.query(
            f"SELECT paper_id, text FROM notes WHERE paper_id IN ({marks})", chunk))
    return out


def noted_ids(store: Store) -> list[str]:
    """Papers with a note, most recently edited first."""
    return [r[0] for r in store.query("SELECT paper_id FROM notes ORDER BY updated DESC")]


# -- read state -------------------------------------------------------------------------

def mark_read(store: Store, ids: Iterable[str]) -> int:
    """Mark papers read; returns how many were unread."""
    now = time.time()
    with store.transaction():
        return sum(store.execute(
            "INSERT OR IGNORE INTO reads(paper_id, read_at) VALUES (?, ?)", (pid, now))
            for pid in _unique(ids))


def mark_unread(store: Store, ids: Iterable[str]) -> int:
    """Mark papers unread; returns how many were read."""
    with store.transaction():
        return sum(store.execute("DELETE FROM reads WHERE paper_id=?", (pid,))
                   for pid in _unique(ids))


def toggle_read(store: Store, pid: str) -> bool:
    """Flip a paper's read state; returns the new state."""
    if is_read(store, pid):
        mark_unread(store, [pid])
        return False
    mark_read(store, [pid])
    return True


def is_read(store: Store, pid: str) -> bool:
    return bool(store.query("SELECT 1 FROM reads WHERE paper_id=?", (pid,)))


def read_ids(store: Store) -> list[str]:
    """Papers marked read, oldest first; includes papers no longer in the library."""
    return [r[0] for r in store.query("SELECT paper_id FROM reads ORDER BY read_at, rowid")]


def unread_ids(store: Store) -> list[str]:
    """Papers in the library not marked read, in listing order."""
    return [r[0] for r in store.query(
        "SELECT id FROM papers WHERE id NOT IN (SELECT paper_id FROM reads) ORDER BY rowid")]


# -- one paper's state, for the reader pane ---------------------------------------------

@dataclass(frozen=True, slots=True)
class PaperState:
    """Everything personal about one paper."""

    bookmarked: bool = False
    read: bool = False
    tags: tuple[str, ...] = ()
    note: str = ""
    citekey: str | None = None


def paper_states(store: Store, ids: Sequence[str]) -> dict[str, PaperState]:
    """The personal state of each of ``ids`` (papers with none get the default)."""
    ids = _unique(ids)
    marks_sets: dict[str, set[str]] = {"bookmarks": set(), "reads": set()}
    for table, found in marks_sets.items():
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in store.query(
                f"SELECT paper_id FROM {table} WHERE paper_id IN ({marks})", chunk))
    tags, notes, keys = tags_for(store, ids), notes_for(store, ids), store.citekeys(ids)
    return {pid: PaperState(pid in marks_sets["bookmarks"], pid in marks_sets["reads"],
                            tags.get(pid, ()), notes.get(pid, ""), keys.get(pid))
            for pid in ids}


def paper_state(store: Store, pid: str) -> PaperState:
    return paper_states(store, [pid])[pid]


# -- settings ---------------------------------------------------------------------------

def get_setting(store: Store, name: str) -> str | None:
    rows = store.query("SELECT value FROM config WHERE key=?", (name,))
    return rows[0][0] if rows else None


def set_setting(store: Store, name: str, value: str) -> None:
    store.execute("INSERT OR REPLACE INTO config(key, value) VALUES (?, ?)", (name, value))


def settings(store: Store) -> dict[str, str]:
    return dict(store.query("SELECT key, value FROM config ORDER BY key"))


# -- backup -----------------------------------------------------------------------------

def export_state(store: Store) -> dict[str, Any]:
    """All personal state as plain JSON-able data (the ``library export`` backup)."""
    papers: dict[str, dict[str, Any]] = {}

    def slot(pid: str) -> dict[str, Any]:
        return papers.setdefault(pid, {})

    for pid, created in store.query("SELECT paper_id, created FROM bookmarks ORDER BY rowid"):
        slot(pid)["bookmarked"] = created
    for pid, tag in store.query("SELECT paper_id, tag FROM tags ORDER BY created, rowid"):
        slot(pid).setdefault("tags", []).append(tag)
    for pid, text in store.query("SELECT paper_id, text FROM notes ORDER BY rowid"):
        slot(pid)["note"] = text
    for pid, at in store.query("SELECT paper_id, read_at FROM reads ORDER BY rowid"):
        slot(pid)["read"] = at
    for pid, key in store.query("SELECT paper_id, key FROM citekeys ORDER BY rowid"):
        slot(pid)["citekey"] = key
    titles: dict[str, str] = {}
    for chunk in _chunks(list(papers)):
        marks = ",".join("?" * len(chunk))
        titles.update(store.query(f"SELECT id, title FROM papers WHERE id IN ({marks})", chunk))
    for pid, state in papers.items():
        if pid in titles:
            # For people reading the file; import matches by id only.
            state["title"] = titles[pid]
    return {"format": BACKUP_FORMAT, "version": BACKUP_VERSION, "exported": time.time(),
            "settings": settings(store), "papers": papers}


def dump_state(store: Store) -> str:
    # allow_nan=False: a stored Infinity (from an older import) must not make invalid JSON;
    # _finite() has already replaced it.
    return json.dumps(_finite(export_state(store)), ensure_ascii=False, indent=1,
                      sort_keys=True, allow_nan=False) + "\n"


def _finite(value: Any) -> Any:
    """``value`` with every non-finite float replaced by the time now."""
    if isinstance(value, float) and not math.isfinite(value):
        return time.time()
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


@dataclass
class ImportReport:
    """What ``library import`` added; conflicts keep the local value unless overwriting."""

    bookmarks: int = 0
    tags: int = 0
    notes: int = 0
    reads: int = 0
    citekeys: int = 0
    settings: int = 0
    conflicts: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"imported {counted(self.bookmarks, 'bookmark')}, {counted(self.tags, 'tag')}, "
                f"{counted(self.notes, 'note')}, {counted(self.reads, 'read mark')}, "
                f"{counted(self.citekeys, 'cite key')}, {counted(self.settings, 'setting')}; "
                f"{counted(len(self.conflicts), 'conflict')}, "
                f"{counted(len(self.problems), 'problem')}")


def load_state(text: str) -> dict[str, Any]:
    """Parse and check a backup's outer shape; raises :class:`BackupError`."""
    try:
        # Infinity and 400-digit numbers are read (as inf) and become "now" per item below.
        data = json.loads(text, parse_int=_bounded_int)
    except RecursionError:
        raise BackupError("not JSON: nested too deeply") from None
    except ValueError as exc:
        raise BackupError(f"not JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != BACKUP_FORMAT:
        raise BackupError("not a paperterm backup (written by `paperterm library export`)")
    version = _version(data.get("version"))
    if version is None:
        raise BackupError(f"backup version {data.get('version')!r} is not a number")
    if version > BACKUP_VERSION:
        raise BackupError(f"backup version {version} is newer than this paperterm understands")
    for key in ("papers", "settings"):
        if not isinstance(data.get(key) or {}, dict):
            raise BackupError(f"backup {key!r} must be an object")
    return data


def _version(value: object) -> int | None:
    """The backup format version; ``"1"`` (written by hand) counts as 1."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit() and len(value) < 10:
        return int(value)
    return None


def _bounded_int(text: str) -> int | float:
    # A 400-digit timestamp is nonsense but not a crash: it becomes inf, which no time is.
    return int(text) if len(text) <= 30 else math.inf


def import_state(store: Store, data: Mapping[str, Any], overwrite: bool = False) -> ImportReport:
    """Merge a backup into the library in one transaction; bad items become problems."""
    from ..cite.bibtex import CiteKeyError, check_pattern  # bibtex imports this module

    report = ImportReport()
    papers = data.get("papers") or {}
    with store.transaction():
        for name, value in (data.get("settings") or {}).items():
            if not isinstance(value, str):
                report.problems.append(f"setting {name}: not text")
                continue
            if name == "citekey_pattern":
                try:
                    check_pattern(value)
                except CiteKeyError as exc:
                    report.problems.append(f"setting {name}: {exc}")
                    continue
            current = get_setting(store, name)
            if current == value:
                continue
            if current is not None and not overwrite:
                report.conflicts.append(f"setting {name}: kept {current!r}")
                continue
            set_setting(store, name, value)
            report.settings += 1
        for pid, state in papers.items():
            if not isinstance(state, dict) or not isinstance(pid, str) or not pid:
                report.problems.append(f"paper {pid!r}: not an object")
                continue
            _import_paper(store, pid, state, overwrite, report)
    return report


def _stamp(value: object) -> float:
    """A stored moment: a finite number of seconds, else now."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            stamp = float(value)
        except OverflowError:
            return time.time()
        if math.isfinite(stamp) and 0 <= stamp < 1e11:
            return stamp
    return time.time()


def _import_paper(store: Store, pid: str, state: Mapping[str, Any], overwrite: bool,
                  report: ImportReport) -> None:
    if state.get("bookmarked") not in (None, False):
        report.bookmarks += store.execute(
            "INSERT OR IGNORE INTO bookmarks(paper_id, created) VALUES (?, ?)",
            (pid, _stamp(state["bookmarked"])))
    tags = state.get("tags") or []
    for tag in tags if isinstance(tags, list) else [tags]:
        try:
            report.tags += store.execute(
                "INSERT OR IGNORE INTO tags(paper_id, tag, created) VALUES (?, ?, ?)",
                (pid, normalize_tag(str(tag)), time.time()))
        except TagError as exc:
            report.problems.append(f"paper {pid}: {exc}")
    text = state.get("note")
    if isinstance(text, str) and text.strip():
        current = note(store, pid)
        if current and current != text and not overwrite:
            report.conflicts.append(f"paper {pid}: kept the local note")
        elif current != text:
            set_note(store, pid, text)
            report.notes += 1
    if state.get("read") not in (None, False):
        report.reads += store.execute(
            "INSERT OR IGNORE INTO reads(paper_id, read_at) VALUES (?, ?)",
            (pid, _stamp(state["read"])))
    key = state.get("citekey")
    if isinstance(key, str) and key:
        _import_key(store, pid, key, overwrite, report)


def _import_key(store: Store, pid: str, key: str, overwrite: bool,
                report: ImportReport) -> None:
    from ..cite.bibtex import is_valid_key, key_owner

    if not is_valid_key(key):
        report.problems.append(f"paper {pid}: invalid cite key {key!r}")
        return
    current = store.citekeys([pid]).get(pid)
    if current == key:
        return
    owner = key_owner(store, key)
    if owner is not None and owner != pid:
        report.conflicts.append(f"paper {pid}: cite key {key!r} belongs to paper {owner}")
        return
    if current is not None and not overwrite:
        report.conflicts.append(f"paper {pid}: kept cite key {current!r} (backup: {key!r})")
        return
    store.execute("DELETE FROM citekeys WHERE paper_id=?", (pid,))
    store.set_citekey(pid, key)
    report.citekeys += 1
