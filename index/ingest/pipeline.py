"""``paperterm add`` and ``remove``: read inputs, deduplicate papers, keep provenance, and
keep the index in step with the database.

Each file lands in one SQLite transaction (with a generation bump), so a killed ``add``
leaves whole files or nothing; the Whoosh index is brought up to date afterwards and the
start-up consistency check rebuilds it if the kill came in between.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from ..display import counted
from ..library import Library
from ..models import Source
from ..sources import Problem, Record, discover, not_regular, os_reason, read_records
from ..sources.detect import SNIFF_BYTES, NotAListing, sniff
from ..sources.kinds import kind_of
from ..store.database import FileInfo, Store
from .bounds import bounded, source_name
from .identity import conflicts, variant_id
from .merge import SourceRecord, merge

#: Called with ("read", bytes done, bytes total) after each file, then ("index", done, total).
Progress = Callable[[str, int, int], None]
#: Keeps, changes or (returning None) drops each record of a file before it is stored.
Select = Callable[[Record], Record | None]
#: What ``add -`` calls standard input in sources and problems.
STDIN_NAME = "<stdin>"


@dataclass
class IngestReport:
    """What one ``add`` did."""

    records: int = 0
    new_papers: int = 0
    merged: int = 0
    files: int = 0
    unchanged: int = 0
    replaced: int = 0
    removed_papers: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def note(self, problem: Problem) -> None:
        (self.warnings if problem.warning else self.problems).append(problem)

    def summary(self) -> str:
        problems = len(self.problems)
        text = (f"{counted(self.records, 'record')} read from {counted(self.files, 'file')}, "
                f"{counted(self.new_papers, 'new paper')}, "
                f"{counted(self.merged, 'duplicate')} merged, {counted(problems, 'problem')}")
        if self.unchanged:
            text += f", {self.unchanged} unchanged {_files(self.unchanged)} skipped"
        if self.replaced:
            text += f", {self.replaced} changed {_files(self.replaced)} re-read"
        if self.removed_papers:
            text += f", {counted(self.removed_papers, 'paper')} no longer listed"
        if self.warnings:
            text += f", {counted(len(self.warnings), 'warning')}"
        return text


@dataclass
class RemoveReport:
    """What one ``remove`` did."""

    files: list[str] = field(default_factory=list)
    records: int = 0
    removed_papers: int = 0
    problems: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{counted(len(self.files), 'file')} removed, {counted(self.records, 'record')}, "
                f"{counted(self.removed_papers, 'paper')} no longer listed")


def _files(n: int) -> str:
    return "file" if n == 1 else "files"


def add_paths(library: Library, paths: Iterable[str | os.PathLike[str]],
              progress: Progress | None = None, fmt: str | None = None,
              lock_timeout: float = 10.0, stdin: IO[bytes] | None = None,
              select: Select | None = None) -> IngestReport:
    """Add every input under ``paths`` (``-`` is standard input); bad inputs become
    problems and good ones still land. ``fmt`` overrides format detection; ``select``
    filters records (``enrich`` keeps only the matching one of a saved response)."""
    report = IngestReport()
    spooled: Path | None = None
    files: list[tuple[Path, str]] = []
    try:
        for raw in paths:
            if str(raw) == "-":
                if spooled is None:
                    spooled = _spool(stdin or sys.stdin.buffer)
                    files.append((spooled, STDIN_NAME))
                continue
            for item in discover([raw]):
                if isinstance(item, Problem):
                    report.note(item)
                else:
                    files.append((item, source_name(item)))
        total = sum(_size(path) for path, _ in files)
        done = 0
        touched: dict[str, None] = {}
        removed: dict[str, None] = {}
        with library.write_lock(lock_timeout):
            for path, name in files:
                _add_file(library.store, path, name, fmt, report, touched, removed, select)
                done += _size(path)
                if progress:
                    progress("read", done, total)
            # A paper one file dropped may have come back from a later file in this run.
            removed = {pid: None for pid in removed if not library.store.has_paper(pid)}
            report.removed_papers = len(removed)
            for pid in removed:
                touched.pop(pid, None)

            def index_progress(d: int, t: int) -> None:
                if progress:
                    progress("index", d, t)

            library.index_papers(list(touched), index_progress, removed=list(removed))
    finally:
        if spooled is not None:
            spooled.unlink(missing_ok=True)
    return report


def remove_paths(library: Library, paths: Iterable[str | os.PathLike[str]],
                 lock_timeout: float = 10.0) -> RemoveReport:
    """Drop every source file named (or under a directory named); papers that no other
    source lists leave the library, but their bookmarks, tags and notes are kept."""
    report = RemoveReport()
    store = library.store
    touched: dict[str, None] = {}
    removed: list[str] = []
    with library.write_lock(lock_timeout):
        for raw in paths:
            target = STDIN_NAME if str(raw) == "-" else source_name(Path(raw).expanduser())
            found = store.source_files_under(target)
            if not found:
                report.problems.append(Problem(str(raw), None, "not a source of this library"))
                continue
            for file in found:
                with store.transaction():
                    ids = store.paper_ids_for_file(file)
                    report.records += store.delete_sources_for_file(file)
                    store.delete_file(file)
                    gone = store.delete_unlisted_papers(ids)
                    remerge(store, [i for i in ids if i not in gone])
                    store.bump_generation()
                report.files.append(file)
                removed += gone
                touched.update(dict.fromkeys(i for i in ids if i not in gone))
        report.removed_papers = len(removed)
        library.index_papers(list(touched), removed=removed)
    return report


def _spool(stream: IO[bytes]) -> Path:
    """Copy standard input to a temporary file so it can be sniffed and streamed."""
    with tempfile.NamedTemporaryFile(prefix="paperterm-stdin-", delete=False) as out:
        shutil.copyfileobj(stream, out, 1 << 16)
    return Path(out.name)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _detected_format(path: Path, fmt: str | None) -> str:
    if fmt:
        return fmt
    try:
        with path.open("rb") as handle:
            return sniff(path, handle.read(SNIFF_BYTES))
    except (OSError, NotAListing):
        return "unknown"


def _add_file(store: Store, path: Path, name: str, fmt: str | None, report: IngestReport,
              touched: dict[str, None], removed: dict[str, None],
              select: Select | None = None) -> None:
    """Store one file's records in a single transaction, replacing what it listed before."""
    tracked = name != STDIN_NAME
    try:
        st = path.stat()
        if tracked and not stat.S_ISREG(st.st_mode):
            # Reading a FIFO or /dev/zero would block or never end, holding the write lock.
            report.problems.append(Problem(name, None, not_regular(st.st_mode)))
            return
        sha = _sha256(path) if tracked else ""
    except OSError as exc:
        report.problems.append(Problem(name, None, os_reason(exc)))
        return
    known = store.file_info(name) if tracked else None
    if (known is not None and known.sha256 == sha and not known.problems
            and fmt in (None, known.format)):
        if (known.size, known.mtime_ns) != (st.st_size, st.st_mtime_ns):
            store.set_file_stat(name, st.st_size, st.st_mtime_ns)
        report.unchanged += 1
        return
    records = problems = 0
    kind = _detected_format(path, fmt)
    try:
        with store.transaction():
            before = store.paper_ids_for_file(name) if tracked else []
            if before:
                store.delete_sources_for_file(name)
            listed: dict[str, None] = {}
            for item in read_records(path, fmt, name):
                if isinstance(item, Problem):
                    report.note(item)
                    problems += not item.warning
                    continue
                record, warnings = bounded(item.cleaned())
                for warning in warnings:
                    report.note(warning)
                if select is not None and (record := select(record)) is None:
                    continue
                if not record.title:
                    report.problems.append(Problem(name, record.line, "empty title; skipped"))
                    problems += 1
                    continue
                records += 1
                listed[_store_record(store, record, kind, report)] = None
            if problems and not records:
                # A file that now fails as a whole (emptied, corrupted) keeps what it gave.
                raise _KeepPrevious
            gone = store.delete_unlisted_papers(before)
            remerge(store, [*listed, *(p for p in before if p not in gone)])
            touched.update(listed)
            if tracked:
                store.upsert_file(FileInfo(name, st.st_size, st.st_mtime_ns, sha, kind,
                                           records, problems, time.time()))
            store.bump_generation()
    except _KeepPrevious:
        return
    touched.update(dict.fromkeys(before))
    removed.update(dict.fromkeys(gone))
    report.replaced += known is not None
    report.files += records > 0
    report.records += records


class _KeepPrevious(Exception):
    """Roll a file's transaction back."""


def _store_record(store: Store, record: Record, kind: str, report: IngestReport) -> str:
    """Store one record's source under the paper it belongs to; returns the paper id."""
    pid = paper_for(store, record)
    if store.has_paper(pid):
        report.merged += 1
    else:
        store.insert_paper(pid, record.title, record.abstract, record.extra)
        report.new_papers += 1
    stored = SourceRecord(record.title, record.abstract, kind, record.file, record.line,
                          record.extra)
    store.insert_source(pid, Source(record.file, record.line, record.date, kind),
                        stored.to_json())
    return pid


def paper_for(store: Store, record: Record) -> str:
    """The id of the paper ``record`` describes: by arXiv id, by DOI, else the first paper
    of that title whose sources do not contradict it (a new id when all do)."""
    arxiv, doi = record.extra.get("arxiv_id"), record.extra.get("doi")
    # v1 and v2 of an arXiv paper may differ in title; the arXiv id keeps them one paper.
    found = (store.paper_by_arxiv_id(str(arxiv)) if arxiv else None) or (
        store.paper_by_doi(str(doi)) if doi else None)
    if found and not conflicts(record.extra, "", source_records(store, found)):
        return found
    n = 1
    while True:
        pid = variant_id(record.title, n)
        if not store.has_paper(pid) or not conflicts(record.extra, record.abstract,
                                                      source_records(store, pid)):
            return pid
        n += 1


def source_records(store: Store, pid: str) -> list[SourceRecord]:
    """What each source of a paper said; sources stored before records were kept stand
    for the paper as it was merged then."""
    out: list[SourceRecord] = []
    legacy = None
    for source, data in store.source_records(pid):
        if data is None:
            legacy = legacy or store.paper(pid)
            if legacy is None:
                continue
            data = {"title": legacy.title, "abstract": legacy.abstract,
                    "extra": dict(legacy.extra)}
        out.append(SourceRecord(str(data.get("title") or ""), str(data.get("abstract") or ""),
                                kind_of(source), source.file, source.line,
                                data.get("extra") or {}))
    return out


def remerge(store: Store, ids: Iterable[str]) -> None:
    """Merge each paper again from all the records its sources keep (see ``merge.py``)."""
    for pid in dict.fromkeys(ids):
        records = source_records(store, pid)
        if records:
            store.replace_paper(pid, *merge(records))
