"""Input formats. Each parser yields :class:`Record` and :class:`Problem` values."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..models import clean_text

#: File endings `add` picks up when it walks a directory.
LISTING_SUFFIXES = (".txt",)


@dataclass(frozen=True, slots=True)
class Record:
    """One listing entry as read from a file, before deduplication."""

    title: str
    abstract: str
    file: str
    line: int
    date: str | None = None
    #: Optional metadata, keys as in :data:`paperterm.index.models.EXTRA_KEYS`.
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def cleaned(self) -> Record:
        return Record(clean_text(self.title), clean_text(self.abstract), self.file, self.line,
                      self.date, self.extra)


@dataclass(frozen=True, slots=True)
class Problem:
    """Something in an input that could not be used, with where it is."""

    file: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.reason}"


def discover(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | Problem]:
    """Expand files and directories (recursively, listing files only) in a stable order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            seen: set[tuple[int, int]] = set()
            for dirpath, dirnames, filenames in os.walk(path, followlinks=True):
                st = os.stat(dirpath)
                if (st.st_dev, st.st_ino) in seen:  # a symlink loop
                    dirnames[:] = []
                    yield Problem(dirpath, None, "directory already visited (symlink loop)")
                    continue
                seen.add((st.st_dev, st.st_ino))
                dirnames.sort()
                for name in sorted(filenames):
                    if name.endswith(LISTING_SUFFIXES):
                        yield Path(dirpath) / name
        elif path.exists():
            yield path
        else:
            yield Problem(str(raw), None, "no such file or directory")


def read_records(path: Path) -> Iterator[Record | Problem]:
    """Parse one file, choosing the parser by its content."""
    from . import dailypapers

    yield from dailypapers.parse_file(path)
