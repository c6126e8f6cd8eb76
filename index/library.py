"""The library: a SQLite database (truth) plus a derived Whoosh index, kept in agreement."""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.index import Index

from .layout import database_path, index_path, library_dir, write_atomic
from .models import Paper
from .search.postings import use_term_pool
from .search.related import Related, related_papers
from .search.repair import DAMAGE, guarded, open_checked, ram_index, rebuild, repair
from .search.schema import SCHEMA_FILE, SCHEMA_VERSION, derived_fields, make_schema
from .search.searcher import ALL, Filter, Searcher, SearchResult
from .store.backup import auto_backup
from .store.database import Store
from .store.health import LibraryError, LibraryReadOnly, open_store
from .store.history import History, SavedSearches

Progress = Callable[[int, int], None]
GENERATION_FILE = "GENERATION"
#: The Whoosh writer's posting buffer; beyond it postings spill to sorted temporary runs.
WRITER_LIMIT_MB = 64


class LibraryBusy(RuntimeError):
    """Another process is writing to the library."""


def document(paper: Paper) -> dict[str, Any]:
    """The Whoosh document for a paper."""
    return {
        "id": paper.id,
        "title": paper.title,
        "abstract": paper.abstract,
        "source": "\n".join(dict.fromkeys(s.file for s in paper.sources)),
        "date": "\n".join(paper.dates),
        **derived_fields(paper),
    }


def _open_store(root: Path, create: bool, notices: list[str], replace_lost: bool) -> Store:
    """The library's database, every failure one :class:`LibraryError` line."""
    if root.exists() and not root.is_dir():
        raise LibraryError(f"{root} is a file, not a library folder")
    if not create and not database_path(root).exists() and not _has_index(root):
        raise LibraryError(f"no library at {root} (`paperterm add FILE` creates one)")
    try:
        root.mkdir(parents=True, exist_ok=True)
        return open_store(root, notices, replace_lost)
    except OSError as exc:
        raise LibraryError(f"cannot open the library at {root}: "
                           f"{exc.strerror or exc}") from None


def _has_index(root: Path) -> bool:
    """A folder with an index but no database lost its database (said by open_store)."""
    return index_path(root).exists()


class Library:
    """Open with :meth:`open`; close with :meth:`close` or use as a context manager."""

    def __init__(self, root: Path, create: bool = True, replace_lost: bool = False) -> None:
        self.root = root
        # One-line messages for the user: a read-only folder, a repaired index (issue 17).
        self.notices: list[str] = []
        self.store = _open_store(root, create, self.notices, replace_lost)
        self._index: Index | None = None
        self._searcher: Searcher | None = None
        self._seen: tuple[object, ...] = self._stamp()

    @classmethod
    def open(cls, root: str | os.PathLike[str] | None = None, create: bool = True,
             replace_lost: bool = False) -> Library:
        """Open (``create``: or make) the library; :class:`LibraryError` when it cannot be.

        ``replace_lost``: a folder that lost its database may start a new one (said).
        """
        return cls(library_dir(root), create, replace_lost)

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        if not self.store.read_only and self.store.changed():
            with contextlib.suppress(OSError):  # a full disk must not hide the command's result
                auto_backup(self.store, self.root)
        self.store.close()

    # -- the Whoosh index ------------------------------------------------------------

    @property
    def index(self) -> Index:
        if self._index is None:
            path = index_path(self.root)
            if whoosh_index.exists_in(path):
                try:
                    self._index = open_checked(path)
                except DAMAGE as exc:
                    repair(self, exc)
            elif self.store.read_only:
                self._index = ram_index(self)
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._index = whoosh_index.create_in(path, make_schema())
                self._write_index_schema()
                if self.store.count() == 0:
                    self._write_index_generation(self.store.generation())
        return self._index

    @property
    def searcher(self) -> Searcher:
        """The searcher; it shows the index as of the last :meth:`refresh` (no file reads)."""
        if self._searcher is None:
            self._searcher = Searcher(self.index, self.store)
        return self._searcher

    def refresh(self) -> bool:
        """Follow changes another process committed; True when anything changed.

        Cheap enough to poll: one stat and one PRAGMA. A missing GENERATION file means a
        rebuild is under way: the old view is kept until it finishes.
        """
        stamp = self._stamp()
        if stamp == self._seen:
            return False
        index_changed = stamp[0] != self._seen[0] and stamp[0] is not None
        self._seen = stamp
        if index_changed and self._searcher is not None:
            self._searcher.refresh()
        return True

    def _stamp(self) -> tuple[object, ...]:
        """What changes when any process commits: the generation file's identity (every
        writer replaces it, a rebuild too) and SQLite's data version."""
        try:
            st = (index_path(self.root) / GENERATION_FILE).stat()
            index_stamp: object = (st.st_ino, st.st_mtime_ns, st.st_size)
        except OSError:
            index_stamp = None
        return index_stamp, self.store.data_version()

    def _index_generation(self) -> int:
        try:
            return int((index_path(self.root) / GENERATION_FILE).read_text())
        except (OSError, ValueError):
            return -1

    def _write_index_generation(self, generation: int) -> None:
        self.index  # noqa: B018 - opening creates the index (and its folder) if missing
        write_atomic(index_path(self.root) / GENERATION_FILE, str(generation))

    def _index_schema(self) -> int:
        try:
            return int((index_path(self.root) / SCHEMA_FILE).read_text())
        except (OSError, ValueError):
            return -1

    def _write_index_schema(self) -> None:
        write_atomic(index_path(self.root) / SCHEMA_FILE, str(SCHEMA_VERSION))

    def is_consistent(self) -> bool:
        """True when the index holds exactly the database's papers at its generation."""
        docs = guarded(self, lambda: self.index.doc_count())
        return (docs == self.store.count() and self._index_generation() == self.store.generation()
                and self._index_schema() == SCHEMA_VERSION)

    def ensure_consistent(self, progress: Progress | None = None) -> bool:
        """Rebuild the index if it disagrees with the database; True if it rebuilt.

        While another process is adding papers the index lags on purpose and that writer
        brings it up to date, so a reader leaves it alone instead of waiting.
        """
        if self.is_consistent() or self.is_busy():
            return False
        self.reindex(progress)
        return True

    def is_busy(self) -> bool:
        """True while another process holds the write lock."""
        try:
            with self.write_lock(timeout=0):
                return False
        except LibraryBusy:
            return True

    def reindex(self, progress: Progress | None = None) -> int:
        """Rebuild the Whoosh index from the database; returns the number of papers."""
        with self.write_lock():
            # Built in a fresh folder and swapped in whole (search/repair.py).
            self._index, done = rebuild(self, progress)
        if self._searcher is not None:
            # The schema may have changed: the query parser must be rebuilt, not refreshed.
            old, self._searcher = self._searcher, Searcher(self._index, self.store)
            old.close()
        return done

    def _write_documents(self, papers: Iterable[Paper], total: int,
                         progress: Progress | None, indexed: Container[str] = (),
                         index: Index | None = None, tempdir: Path | None = None) -> int:
        """Add ``papers`` in one commit; only those in ``indexed`` replace an older copy."""
        # One process, one segment: Whoosh's MpWriter was slower here (its sub-writers keep
        # Whoosh's own posting pool) and its unmerged segments make every prefix and fuzzy
        # expansion merge term lists across segments, 30-50x slower.
        writer = (index or self.index).writer(limitmb=WRITER_LIMIT_MB, compound=False)
        use_term_pool(writer, tempdir if index else index_path(self.root), WRITER_LIMIT_MB)
        done = 0
        try:
            for paper in papers:
                if paper.id in indexed:
                    writer.update_document(**document(paper))
                else:
                    writer.add_document(**document(paper))
                done += 1
                if progress and (done % 200 == 0 or done == total):
                    progress(done, total)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        return done

    def index_papers(self, ids: Sequence[str], progress: Progress | None = None,
                     removed: Sequence[str] = ()) -> None:
        """Write (or rewrite) these papers, drop the ``removed`` ones, and mark it current."""
        guarded(self, lambda: self._index_papers(ids, progress, removed))

    def _index_papers(self, ids: Sequence[str], progress: Progress | None,
                      removed: Sequence[str]) -> None:
        if self.is_consistent():
            return  # a repair on the way here rebuilt everything
        if removed:
            writer = self.index.writer()
            for pid in removed:
                writer.delete_by_term("id", pid)
            writer.commit()
        if ids:
            with self.index.reader() as reader:
                # Deleting by term costs a lookup per paper: only for papers already there.
                indexed = ({pid for pid in ids if reader.doc_frequency("id", pid)}
                           if reader.doc_count() else set())
            self._write_documents(self._papers_in_batches(ids), len(ids), progress, indexed)
        self._write_index_generation(self.store.generation())
        self._refresh()

    def _drop_index(self) -> None:
        """Forget a damaged index and its searcher (their files may be gone)."""
        if self._searcher is not None:
            with contextlib.suppress(*DAMAGE, OSError):
                self._searcher.close()
        self._index, self._searcher = None, None

    def _papers_in_batches(self, ids: Sequence[str]) -> Iterator[Paper]:
        for start in range(0, len(ids), 500):
            yield from self.store.papers(ids[start:start + 500])

    def _refresh(self) -> None:
        """After this process wrote the index: show it, and do not report it as news."""
        if self._searcher is not None:
            self._searcher.refresh()
        self._seen = (self._stamp()[0], self._seen[1])

    @contextlib.contextmanager
    def write_lock(self, timeout: float = 10.0) -> Iterator[None]:
        """Only one writer at a time; waits up to ``timeout`` seconds, then raises LibraryBusy."""
        if self.store.read_only:
            raise LibraryReadOnly(f"the library at {self.root} is read-only; "
                                  "this command cannot save changes")
        with open(self.root / "write.lock", "w") as handle:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise LibraryBusy(f"the library at {self.root} is busy "
                                          "(another paperterm is adding papers)") from None
                    time.sleep(0.1)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    # -- queries ---------------------------------------------------------------------

    def search(self, text: str = "", flt: Filter = ALL, limit: int | None = 50,
               sort: str = "relevance") -> SearchResult:
        """Run a query; ``sort`` is relevance, title, listed or added (see ``search.SORTS``)."""
        return guarded(self, lambda: self.searcher.search(text, flt, limit, sort))

    def related(self, pid: str, limit: int = 10) -> list[Related]:
        """Papers most like ``pid``, best first, each with the key words they share."""
        return guarded(self, lambda: related_papers(self.searcher, pid, limit))

    @property
    def history(self) -> History:
        """Queries the user ran, newest first (``history.add(text)``, ``history.entries()``)."""
        return History(self.root)

    @property
    def saved_searches(self) -> SavedSearches:
        """Searches saved to slots 1..9."""
        return SavedSearches(self.root)

    def paper(self, pid: str) -> Paper | None:
        return self.store.paper(pid)

    # -- the inbox (papers added since the browser was last opened) --------------------

    def mark_opened(self) -> float:
        """The browser calls this when it opens; returns when its inbox starts."""
        from .store.inbox import mark_opened

        return mark_opened(self.store)

    def new_since(self, since: float) -> list[str]:
        """Ids of papers added after ``since`` (epoch seconds), newest first."""
        from .store.inbox import new_since

        return new_since(self.store, since)

    def new_ids(self) -> list[str]:
        """The inbox: papers added since the browser was opened before this time."""
        from .store.inbox import inbox_since, new_since

        return new_since(self.store, inbox_since(self.store))

    # -- bookmarks -------------------------------------------------------------------

    def toggle_bookmark(self, pid: str) -> bool:
        """Flip a paper's bookmark; returns the new state."""
        if self.store.is_bookmarked(pid):
            self.store.unbookmark([pid])
            return False
        self.store.bookmark([pid])
        return True
