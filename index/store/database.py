"""The SQLite database: the library's source of truth.

Papers, their sources, the files they came from, bookmarks and cite keys live here. The
Whoosh index is derived from it and can always be rebuilt.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from ..models import Paper, Source

SCHEMA = """
CREATE TABLE IF NOT EXISTS papers (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    abstract TEXT NOT NULL,
    added REAL NOT NULL,
    extra TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS sources (
    paper_id TEXT NOT NULL,
    file TEXT NOT NULL,
    line INTEGER NOT NULL,
    date TEXT,
    PRIMARY KEY (paper_id, file, line)
);
CREATE INDEX IF NOT EXISTS sources_by_file ON sources(file);
CREATE TABLE IF NOT EXISTS bookmarks (
    paper_id TEXT PRIMARY KEY,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS citekeys (
    paper_id TEXT PRIMARY KEY,
    key TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
-- personal state (index/personal.py): keyed by paper id only, never deleted by
-- `remove` or `reindex`, so it survives a paper leaving and coming back.
CREATE TABLE IF NOT EXISTS tags (
    paper_id TEXT NOT NULL,
    tag TEXT NOT NULL,
    created REAL NOT NULL,
    PRIMARY KEY (paper_id, tag)
);
CREATE INDEX IF NOT EXISTS tags_by_tag ON tags(tag);
CREATE TABLE IF NOT EXISTS notes (
    paper_id TEXT PRIMARY KEY,
    text TEXT NOT NULL,
    updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS reads (
    paper_id TEXT PRIMARY KEY,
    read_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS config (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
-- end of personal state
"""


class Store:
    """A thread-safe wrapper around the library's SQLite connection."""

    def __init__(self, path: Path, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self._lock = threading.RLock()
        #: A read-only library from before issue 12 has no ``sources.record`` column.
        self._kind_sql = "json_extract(record, '$.kind')"
        if read_only:
            # A read-only folder cannot hold WAL's -shm file: nobody can write it anyway.
            self._db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1",
                                       uri=True, check_same_thread=False,
                                       isolation_level=None)
            self._db.execute("SELECT COUNT(*) FROM sqlite_master").fetchall()
            if "record" not in {r[1] for r in self.query("PRAGMA table_info(sources)")}:
                self._kind_sql = "NULL"
            return
        self._db = sqlite3.connect(path, check_same_thread=False, timeout=30.0,
                                   isolation_level=None)
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(SCHEMA)
            self._db.executescript(FILES_SCHEMA)
            self._add_source_records()
        except BaseException:
            self._db.close()
            raise

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def changed(self) -> bool:
        """True once this connection has written anything."""
        with self._lock:
            try:
                return self._db.total_changes > 0
            except sqlite3.ProgrammingError:  # closed already
                return False

    # -- transactions --------------------------------------------------------------

    def transaction(self) -> _Transaction:
        """``with store.transaction():`` groups writes into one atomic commit."""
        return _Transaction(self)

    def query(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def execute(self, sql: str, params: Sequence[object] = ()) -> int:
        with self._lock:
            return self._db.execute(sql, params).rowcount

    # -- meta ------------------------------------------------------------------------

    def data_version(self) -> int:
        """Changes whenever another connection commits (SQLite's ``PRAGMA data_version``)."""
        return self.query("PRAGMA data_version")[0][0]

    def generation(self) -> int:
        rows = self.query("SELECT value FROM meta WHERE key='generation'")
        return int(rows[0][0]) if rows else 0

    def bump_generation(self) -> int:
        value = self.generation() + 1
        self.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('generation', ?)",
                      (str(value),))
        return value

    # -- papers ----------------------------------------------------------------------

    def count(self) -> int:
        return self.query("SELECT COUNT(*) FROM papers")[0][0]

    def record_count(self) -> int:
        return self.query("SELECT COUNT(*) FROM sources")[0][0]

    def has_paper(self, pid: str) -> bool:
        return bool(self.query("SELECT 1 FROM papers WHERE id=?", (pid,)))

    def has_source(self, pid: str, source: Source) -> bool:
        return bool(self.query("SELECT 1 FROM sources WHERE paper_id=? AND file=? AND line=?",
                                (pid, source.file, source.line)))

    def insert_paper(self, pid: str, title: str, abstract: str,
                     extra: Mapping[str, Any] | None = None) -> None:
        self.execute(
            "INSERT INTO papers(id, title, abstract, added, extra) VALUES (?, ?, ?, ?, ?)",
            (pid, title, abstract, time.time(), json.dumps(dict(extra or {}))))

    def merge_extra(self, pid: str, extra: Mapping[str, Any]) -> bool:
        """Fill metadata keys the paper lacks; True when anything changed."""
        if not extra:
            return False
        rows = self.query("SELECT extra FROM papers WHERE id=?", (pid,))
        if not rows:
            return False
        current = json.loads(rows[0][0] or "{}")
        merged = {**extra, **{k: v for k, v in current.items() if v not in (None, "", [])}}
        if merged == current:
            return False
        self.execute("UPDATE papers SET extra=? WHERE id=?", (json.dumps(merged), pid))
        return True

    def fill_abstract(self, pid: str, abstract: str) -> bool:
        """Give a paper an abstract if it had none; True when it changed."""
        return self.execute("UPDATE papers SET abstract=? WHERE id=? AND abstract=''",
                             (abstract, pid)) > 0

    def insert_source(self, pid: str, source: Source,
                      record: Mapping[str, Any] | None = None) -> bool:
        """Record a source (with what it said: ``record``); False when already known."""
        return self.execute(
            "INSERT OR IGNORE INTO sources(paper_id, file, line, date, record) "
            "VALUES (?, ?, ?, ?, ?)",
            (pid, source.file, source.line, source.date,
             json.dumps(dict(record)) if record is not None else None)) > 0

    def source_records(self, pid: str) -> list[tuple[Source, dict[str, Any] | None]]:
        """Each source of a paper with the record it gave (None: stored before records
        were kept)."""
        return [(Source(file, line, date, kind), json.loads(record) if record else None)
                for file, line, date, kind, record in self.query(
                    "SELECT file, line, date, json_extract(record, '$.kind'), record "
                    "FROM sources WHERE paper_id=? ORDER BY file, line", (pid,))]

    def papers(self, ids: Sequence[str]) -> list[Paper]:
        """Papers for ``ids`` in the same order; unknown ids are left out."""
        found: dict[str, Paper] = {}
        for chunk_start in range(0, len(ids), 500):
            chunk = list(ids[chunk_start:chunk_start + 500])
            marks = ",".join("?" * len(chunk))
            rows = self.query(
                f"SELECT id, title, abstract, added, extra FROM papers WHERE id IN ({marks})",
                chunk)
            sources = self._sources_for(chunk)
            for pid, title, abstract, added, extra in rows:
                found[pid] = Paper(pid, title, abstract, tuple(sources.get(pid, ())), added,
                                   json.loads(extra or "{}"))
        return [found[i] for i in ids if i in found]

    def paper(self, pid: str) -> Paper | None:
        papers = self.papers([pid])
        return papers[0] if papers else None

    def _sources_for(self, ids: list[str]) -> dict[str, list[Source]]:
        marks = ",".join("?" * len(ids))
        out: dict[str, list[Source]] = {}
        for pid, file, line, date, kind in self.query(
            f"SELECT paper_id, file, line, date, {self._kind_sql} FROM sources "
            f"WHERE paper_id IN ({marks}) ORDER BY file, line", ids):
            out.setdefault(pid, []).append(Source(file, line, date, kind))
        return out

    def iter_papers(self, batch: int = 1000) -> Iterator[Paper]:
        """Every paper, in listing order, fetched in batches."""
        last = 0
        while True:
            rows = self.query(
                "SELECT rowid, id FROM papers WHERE rowid > ? ORDER BY rowid LIMIT ?",
                (last, batch))
            if not rows:
                return
            yield from self.papers([r[1] for r in rows])
            last = rows[-1][0]

    def resolve_ids(self, prefixes: Iterable[str]) -> tuple[list[str], list[str]]:
        """Expand id prefixes (like git) to full ids; returns (ids, unknown-or-ambiguous)."""
        ids: list[str] = []
        bad: list[str] = []
        for prefix in prefixes:
            rows = self.query("SELECT id FROM papers WHERE id >= ? AND id < ? LIMIT 2",
                               (prefix, prefix + "\uffff"))
            if len(rows) == 1:
                ids.append(rows[0][0])
            else:
                bad.append(prefix)
        return ids, bad

    # -- facets ----------------------------------------------------------------------

    def source_counts(self) -> list[tuple[str, int]]:
        return [(f, n) for f, n in self.query(
            "SELECT file, COUNT(DISTINCT paper_id) FROM sources GROUP BY file ORDER BY file")]

    def date_counts(self) -> list[tuple[str, int]]:
        return [(d, n) for d, n in self.query(
            "SELECT date, COUNT(DISTINCT paper_id) FROM sources WHERE date IS NOT NULL "
            "GROUP BY date ORDER BY MIN(rowid)")]

    # -- bookmarks -------------------------------------------------------------------

    def bookmark(self, ids: Iterable[str]) -> int:
        now = time.time()
        with self.transaction():
            return sum(self.execute(
                "INSERT OR IGNORE INTO bookmarks(paper_id, created) VALUES (?, ?)", (i, now))
                for i in ids)

    def unbookmark(self, ids: Iterable[str]) -> int:
        with self.transaction():
            return sum(self.execute("DELETE FROM bookmarks WHERE paper_id=?", (i,))
                       for i in ids)

    def bookmarked_ids(self) -> list[str]:
        """Bookmarked paper ids, oldest first; includes papers no longer in the library."""
        return [r[0] for r in self.query("SELECT paper_id FROM bookmarks ORDER BY created, rowid")]

    def is_bookmarked(self, pid: str) -> bool:
        return bool(self.query("SELECT 1 FROM bookmarks WHERE paper_id=?", (pid,)))

    # -- cite keys -------------------------------------------------------------------

    def citekeys(self, ids: Sequence[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start:start + 500])
            marks = ",".join("?" * len(chunk))
            out.update(self.query(
                f"SELECT paper_id, key FROM citekeys WHERE paper_id IN ({marks})", chunk))
        return out

    def key_taken(self, key: str) -> bool:
        return bool(self.query("SELECT 1 FROM citekeys WHERE key=?", (key,)))

    def set_citekey(self, pid: str, key: str) -> None:
        self.execute("INSERT INTO citekeys(paper_id, key) VALUES (?, ?)", (pid, key))


    # -- files and removal (issue 4: incremental add, remove) ---------------------------

    def file_info(self, path: str) -> FileInfo | None:
        rows = self.query(f"SELECT {_FILE_COLUMNS} FROM files WHERE path=?", (path,))
        return FileInfo(*rows[0]) if rows else None

    def files_info(self) -> list[FileInfo]:
        return [FileInfo(*r) for r in self.query(f"SELECT {_FILE_COLUMNS} FROM files "
                                                  "ORDER BY path")]

    def upsert_file(self, info: FileInfo) -> None:
        self.execute(f"INSERT OR REPLACE INTO files({_FILE_COLUMNS}) VALUES (?,?,?,?,?,?,?,?)",
                     tuple(info))

    def set_file_stat(self, path: str, size: int, mtime_ns: int) -> None:
        self.execute("UPDATE files SET size=?, mtime_ns=? WHERE path=?", (size, mtime_ns, path))

    def delete_file(self, path: str) -> None:
        self.execute("DELETE FROM files WHERE path=?", (path,))

    def source_files_under(self, path: str) -> list[str]:
        """Known source files equal to ``path`` or inside the directory ``path``."""
        prefix = path.rstrip("/") + "/"
        return [r[0] for r in self.query(
            "SELECT file FROM sources WHERE file=? OR substr(file, 1, ?)=? "
            "UNION SELECT path FROM files WHERE path=? OR substr(path, 1, ?)=? ORDER BY 1",
            (path, len(prefix), prefix, path, len(prefix), prefix))]

    def paper_ids_for_file(self, path: str) -> list[str]:
        return [r[0] for r in self.query(
            "SELECT DISTINCT paper_id FROM sources WHERE file=?", (path,))]

    def exclusive_paper_ids(self, path: str) -> set[str]:
        """Papers that no file other than ``path`` lists."""
        return {r[0] for r in self.query(
            "SELECT paper_id FROM sources WHERE paper_id IN "
            "(SELECT paper_id FROM sources WHERE file=?) "
            "GROUP BY paper_id HAVING SUM(file<>?)=0", (path, path))}

    def delete_sources_for_file(self, path: str) -> int:
        return self.execute("DELETE FROM sources WHERE file=?", (path,))

    def delete_unlisted_papers(self, ids: Iterable[str]) -> list[str]:
        """Delete those of ``ids`` that no source lists any more; bookmarks, tags and notes
        are kept (they are keyed by paper id and come back with the paper)."""
        removed = []
        for pid in ids:
            listed = self.query("SELECT 1 FROM sources WHERE paper_id=? LIMIT 1", (pid,))
            if not listed and self.execute("DELETE FROM papers WHERE id=?", (pid,)):
                removed.append(pid)
        return removed

    def replace_paper(self, pid: str, title: str, abstract: str,
                      extra: Mapping[str, Any]) -> None:
        """Overwrite a paper's text and metadata (its only source changed); keeps ``added``."""
        self.execute("UPDATE papers SET title=?, abstract=?, extra=? WHERE id=?",
                     (title, abstract, json.dumps(dict(extra)), pid))

    def paper_by_arxiv_id(self, arxiv_id: str) -> str | None:
        rows = self.query("SELECT id FROM papers WHERE json_extract(extra, '$.arxiv_id')=? "
                          "LIMIT 1", (arxiv_id,))
        return rows[0][0] if rows else None

    def paper_by_doi(self, doi: str) -> str | None:
        rows = self.query("SELECT id FROM papers WHERE lower(json_extract(extra, '$.doi'))=? "
                          "LIMIT 1", (doi.strip().lower(),))
        return rows[0][0] if rows else None

    def _add_source_records(self) -> None:
        """Issue 12: each source keeps the record it gave (JSON), so a paper can be merged
        again from all its sources in an order-free way. Additive: old rows stay NULL."""
        columns = {r[1] for r in self.query("PRAGMA table_info(sources)")}
        if "record" not in columns:
            with self.transaction():
                if "record" not in {r[1] for r in self.query("PRAGMA table_info(sources)")}:
                    self.execute("ALTER TABLE sources ADD COLUMN record TEXT")

    def format_counts(self) -> dict[str, int]:
        return dict(self.query("SELECT format, COUNT(*) FROM files GROUP BY format ORDER BY 1"))

    def last_update(self) -> float | None:
        rows = self.query("SELECT MAX(t) FROM (SELECT MAX(added) AS t FROM files "
                          "UNION ALL SELECT MAX(added) FROM papers)")
        return rows[0][0] if rows and rows[0][0] is not None else None


class _Transaction:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._depth_owner = False

    def __enter__(self) -> Store:
        self.store._lock.acquire()
        if not self.store._db.in_transaction:
            self.store._db.execute("BEGIN IMMEDIATE")
            self._depth_owner = True
        return self.store

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        try:
            if self._depth_owner:
                self._finish(failed=exc_type is not None)
        finally:
            self.store._lock.release()

    def _finish(self, failed: bool) -> None:
        db = self.store._db
        if not failed:
            try:
                db.execute("COMMIT")
                return
            except sqlite3.Error:
                self._rollback()
                raise
        self._rollback()

    def _rollback(self) -> None:
        # After a full disk SQLite may have rolled back already; a second ROLLBACK would
        # raise "no transaction is active" and hide the error that says what happened.
        if self.store._db.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self.store._db.execute("ROLLBACK")


# -- files (issue 4) -------------------------------------------------------------------

#: Every file ``add`` has read: its stat and hash decide whether a re-add re-reads it.
FILES_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    format TEXT NOT NULL,
    records INTEGER NOT NULL,
    problems INTEGER NOT NULL,
    added REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS papers_by_arxiv_id ON papers(json_extract(extra, '$.arxiv_id'));
CREATE INDEX IF NOT EXISTS papers_by_doi ON papers(lower(json_extract(extra, '$.doi')));
"""
_FILE_COLUMNS = "path, size, mtime_ns, sha256, format, records, problems, added"


class FileInfo(NamedTuple):
    """A row of the ``files`` table."""

    path: str
    size: int
    mtime_ns: int
    sha256: str
    format: str
    records: int
    problems: int
    added: float
