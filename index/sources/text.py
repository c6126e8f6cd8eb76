"""Reading text inputs safely: encoding detection and lines of bounded length."""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from . import Problem

#: A longer line is reported and skipped, so one huge line never sits in memory.
MAX_LINE = 1 << 20
_CHUNK = 1 << 16


def detect_encoding(path: Path) -> str:
    """``utf-16`` after its byte-order mark, ``utf-8-sig`` when the whole file decodes as
    UTF-8, else ``cp1252``.

    Reads in chunks so that a huge file never sits in memory at once.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as handle:
            if handle.read(2) in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
                return "utf-16"
            handle.seek(0)
            while chunk := handle.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def open_text(path: Path) -> IO[str]:
    """Open a text input with its detected encoding and universal newlines."""
    # cp1252 leaves five bytes undefined; "replace" keeps a stray one from aborting a file.
    return path.open(encoding=detect_encoding(path), errors="replace", newline=None)


def bounded_lines(handle: IO[str], name: str, problems: list[Problem],
                  limit: int = MAX_LINE) -> Iterator[str]:
    """The lines of ``handle`` (with their ``\\n``); an overlong line becomes ``""`` and a problem.

    Line numbers stay right because the overlong line is still yielded, empty.
    """
    number = 0
    while True:
        line = handle.readline(limit)
        if not line:
            return
        number += 1
        if len(line) >= limit and not line.endswith("\n"):
            while (rest := handle.readline(limit)) and not rest.endswith("\n"):
                pass
            problems.append(Problem(name, number, f"line longer than {limit:,} characters "
                                                  "(not a listing?); skipped"))
            yield "\n"
            continue
        yield line


def bounded_int(text: str) -> int | str:
    """A JSON integer; one too long for Python's int() (over 4,300 digits) stays text."""
    return int(text) if len(text) <= 4000 else text


def no_constant(name: str) -> None:
    """``NaN`` and ``Infinity`` are not JSON: read as null, never as a float to write back."""
    return None
