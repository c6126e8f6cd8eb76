"""Input formats. Each parser yields :class:`Record` and :class:`Problem` values."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..models import clean_text

#: File endings ``add`` picks up when it walks a directory (named files are always read).
LISTING_SUFFIXES = (".txt", ".text", ".xml", ".atom", ".json", ".jsonl", ".ndjson", ".bib",
                    ".csv", ".tsv")


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
    #: A warning is reported but the input was still used (e.g. a paper kept without an
    #: abstract); it does not make ``add`` fail.
    warning: bool = False

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.reason}"


def os_reason(exc: OSError) -> str:
    """A short reason for an OS error, in the user's words."""
    if isinstance(exc, FileNotFoundError):
        return "no such file (it may have disappeared during the scan)"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    return f"cannot read: {exc.strerror or exc}"


def not_regular(mode: int) -> str:
    """Why a file that is not a regular file is not read."""
    kind = ("a FIFO" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode)
            or stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else "not a file")
    return f"{kind}, not a regular file; skipped"


def _regular(path: Path, shown: str) -> Path | Problem:
    """``path`` if it is (or links to) a regular file, else why not."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Problem(shown, None, "symbolic link loop; skipped")
        if os.path.islink(path):
            return Problem(shown, None, "broken symbolic link")
        return Problem(shown, None, os_reason(exc))
    return path if stat.S_ISREG(mode) else Problem(shown, None, not_regular(mode))


def discover(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | Problem]:
    """Expand files and directories (recursively, listing files only) in a stable order.

    Only regular files are read: a FIFO or a link to ``/dev/zero`` would block forever.
    """
    for raw in paths:
        path = Path(raw)
        try:
            if path.is_dir():
                yield from _walk(path)
            elif os.path.lexists(path):
                yield _regular(path, str(raw))
            else:
                yield Problem(str(raw), None, "no such file or directory")
        except OSError as exc:
            yield Problem(str(raw), None, os_reason(exc))


def _walk(root: Path) -> Iterator[Path | Problem]:
    seen: set[tuple[int, int]] = set()
    errors: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=errors.append):
        while errors:
            error = errors.pop()
            yield Problem(str(error.filename or dirpath), None, os_reason(error))
        try:
            st = os.stat(dirpath)
        except OSError as exc:
            dirnames[:] = []
            yield Problem(dirpath, None, os_reason(exc))
            continue
        if (st.st_dev, st.st_ino) in seen:
            dirnames[:] = []
            yield Problem(dirpath, None, "directory already visited (symlink loop)")
            continue
        seen.add((st.st_dev, st.st_ino))
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(LISTING_SUFFIXES) and not name.startswith("."):
                yield _regular(Path(dirpath) / name, os.path.join(dirpath, name))
    for error in errors:
        yield Problem(str(error.filename or root), None, os_reason(error))


def read_records(path: Path, fmt: str | None = None,
                 name: str | None = None) -> Iterator[Record | Problem]:
    """Parse one file, choosing the parser by its content unless ``fmt`` names one.

    ``name`` is what records and problems call the file (default: the path).
    """
    from .detect import SNIFF_BYTES, NotAListing, sniff

    name = name or str(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as exc:
        yield Problem(name, None, os_reason(exc))
        return
    try:
        detected = sniff(path, head)
    except NotAListing as exc:
        if fmt is None or not exc.overridable:
            yield Problem(name, None, str(exc))
            return
        detected = fmt
    found = reported = False
    try:
        for item in parser_for(fmt or detected)(path, name):
            found = found or isinstance(item, Record)
            reported = reported or isinstance(item, Problem)
            yield item
    except OSError as exc:
        yield Problem(name, None, os_reason(exc))
        return
    if not found and not reported:
        yield Problem(name, None, f"no papers found (read as {fmt or detected})")


def parser_for(fmt: str) -> Callable[[Path, str], Iterator[Record | Problem]]:
    """The ``parse_file(path, name)`` function of a format named in ``detect.FORMATS``."""
    from . import arxiv, bibtex_file, dailypapers, hf_api, oai, tabular

    parsers: dict[str, Callable[[Path, str], Iterator[Record | Problem]]] = {
        "dailypapers": dailypapers.parse_file,
        "arxiv-atom": arxiv.parse_atom,
        "arxiv-jsonl": arxiv.parse_jsonl,
        "bibtex": bibtex_file.parse_file,
        "csv": tabular.parse_csv,
        "json": tabular.parse_json,
        "oai-pmh": oai.parse_file,
        "hf-api": hf_api.parse_file,
    }
    try:
        return parsers[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}") from None
