"""``paperterm add``: read listings, deduplicate papers, record provenance, update the index."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .library import Library
from .models import Source, paper_id
from .sources import Problem, Record, discover, read_records

#: Called with (bytes done, bytes total) while reading, then ("index", done, total).
Progress = Callable[[str, int, int], None]


@dataclass
class IngestReport:
    """What one ``add`` did."""

    records: int = 0
    new_papers: int = 0
    merged: int = 0
    files: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        problems = len(self.problems)
        return (f"{self.records} records read from {self.files} "
                f"{'file' if self.files == 1 else 'files'}, {self.new_papers} new papers, "
                f"{self.merged} duplicates merged, "
                f"{problems} {'problem' if problems == 1 else 'problems'}")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def add_paths(library: Library, paths: Iterable[str | os.PathLike[str]],
              progress: Progress | None = None) -> IngestReport:
    """Add every listing under ``paths``; bad inputs become problems, good ones still land."""
    report = IngestReport()
    files: list[Path] = []
    for item in discover(paths):
        if isinstance(item, Problem):
            report.problems.append(item)
        else:
            files.append(item)
    total = sum(_size(f) for f in files)
    done = 0
    touched: dict[str, None] = {}
    with library.write_lock():
        for path in files:
            _add_file(library, path.resolve(), report, touched)
            done += _size(path)
            if progress:
                progress("read", done, total)
        ids = list(touched)

        def index_progress(d: int, t: int) -> None:
            if progress:
                progress("index", d, t)

        library.index_papers(ids, index_progress)
    return report


def _add_file(library: Library, path: Path, report: IngestReport,
              touched: dict[str, None]) -> None:
    """Store one file's records in a single transaction; a file either lands whole or not."""
    store = library.store
    records: list[Record] = []
    for item in read_records(path):
        if isinstance(item, Problem):
            report.problems.append(item)
            continue
        record = item.cleaned()
        if not record.title:
            report.problems.append(Problem(record.file, record.line, "empty title"))
            continue
        records.append(record)
    if not records:
        return
    report.files += 1
    with store.transaction():
        for record in records:
            report.records += 1
            pid = paper_id(record.title)
            if not store.has_paper(pid):
                store.insert_paper(pid, record.title, record.abstract, record.extra)
                report.new_papers += 1
                touched[pid] = None
            else:
                report.merged += 1
                if record.abstract and store.fill_abstract(pid, record.abstract):
                    touched[pid] = None
                if store.merge_extra(pid, record.extra):
                    touched[pid] = None
            if store.insert_source(pid, Source(record.file, record.line, record.date)):
                touched[pid] = None
        store.bump_generation()
