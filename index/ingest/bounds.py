"""What one record may hold, and what a source file is called, before either is stored.

A record is bounded (a 20 MB abstract would freeze every later screen that shows it) and
its text made encodable (a lone UTF-16 surrogate from a JSON escape cannot go into
SQLite); a file's name is made storable and one line long (a name that is not UTF-8, or
that holds a newline, must still show its papers).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..sources import Problem, Record

MAX_TITLE = 2_000
MAX_ABSTRACT = 100_000
#: The JSON of a record's metadata (authors, categories, ...); larger values are dropped.
MAX_EXTRA = 64 * 1024
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_NAME_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def source_name(path: Path) -> str:
    """The absolute path as stored: bytes that are not UTF-8 and control characters
    written as ``\\xNN``, so the name is valid text, one line, and still tells files apart."""
    try:
        absolute = os.path.realpath(path)
    except (OSError, RuntimeError):
        absolute = os.path.abspath(path)
    text = os.fsencode(absolute).decode("utf-8", errors="backslashreplace")
    return _NAME_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def scrub(value: Any) -> Any:
    """``value`` with every lone surrogate in its strings replaced by U+FFFD."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [scrub(v) for v in value]
    if isinstance(value, dict):
        return {scrub(k): scrub(v) for k, v in value.items()}
    return value


def bounded(record: Record) -> tuple[Record, list[Problem]]:
    """The record cut to what one paper may hold, with a warning naming it for each cut."""
    warnings: list[Problem] = []
    title, abstract = scrub(record.title), scrub(record.abstract)
    name = title[:60] + ("…" if len(title) > 60 else "")

    def warn(reason: str) -> None:
        warnings.append(Problem(record.file, record.line, f"{name!r}: {reason}", warning=True))

    if len(title) > MAX_TITLE:
        warn(f"title of {len(title):,} characters cut to {MAX_TITLE:,}")
        title = title[:MAX_TITLE]
    if len(abstract) > MAX_ABSTRACT:
        warn(f"abstract of {len(abstract):,} characters cut to {MAX_ABSTRACT:,}")
        abstract = abstract[:MAX_ABSTRACT]
    extra = _bounded_extra(scrub(dict(record.extra)), warn)
    date = scrub(record.date)[:100] if record.date else record.date
    return replace(record, title=title, abstract=abstract, date=date, extra=extra), warnings


def _bounded_extra(extra: dict[str, Any], warn: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in extra.items():
        try:
            size = len(json.dumps(value, ensure_ascii=False, allow_nan=False))
        except (TypeError, ValueError):
            warn(f"metadata {key!r} is not plain data; dropped")
            continue
        if size > MAX_EXTRA:
            warn(f"metadata {key!r} of {size:,} characters dropped")
            continue
        out[key] = value
    return out
