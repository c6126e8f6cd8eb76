"""The metadata a paper is searched by (``author:``, ``year:``, ``cat:`` ...), read from
``Paper.extra`` by the metadata contract's key names, and the index values derived from it.

Small readers of ``extra`` on purpose: the paper's typed accessors may change shape while
these only rely on the contract's keys.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..models import fold

if TYPE_CHECKING:
    from ..models import Paper

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DAY_FORMATS = ("%b %d, %Y", "%B %d, %Y", "%Y-%m-%d", "%b %d", "%B %d", "%b. %d")
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if str(v).strip()]
    return []


def authors(extra: Mapping[str, Any]) -> list[str]:
    """Display names in source order."""
    return _strings(extra.get("authors"))


def year(extra: Mapping[str, Any]) -> int | None:
    raw = extra.get("year")
    try:
        return int(raw) if raw else None
    except (TypeError, ValueError):
        return None


def categories(extra: Mapping[str, Any]) -> list[str]:
    """``cs.LG`` and its archive ``cs``, lowercased."""
    out: list[str] = []
    for cat in _strings(extra.get("categories")) + _strings(extra.get("primary_class")):
        cat = cat.strip().lower()
        out += [cat, cat.split(".")[0]]
    return list(dict.fromkeys(out))


def venue(extra: Mapping[str, Any]) -> str:
    return " ".join(_strings(extra.get("journal")) + _strings(extra.get("booktitle")))


def identifiers(paper_id: str, extra: Mapping[str, Any]) -> list[str]:
    """The paper id, the arXiv id (and ``arxiv:`` form) and the DOI, lowercased."""
    out = [paper_id]
    for arxiv in _strings(extra.get("arxiv_id")):
        out += [arxiv_key(arxiv)]
    out += [doi_key(d) for d in _strings(extra.get("doi"))]
    return list(dict.fromkeys(v for v in out if v))


def arxiv_key(value: str) -> str:
    """``arXiv:2401.01234v2`` -> ``2401.01234``."""
    value = value.strip().lower().removeprefix("arxiv:")
    return re.sub(r"v\d+$", "", value)


def doi_key(value: str) -> str:
    value = value.strip().lower()
    return re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", "", value)


def bibtype(extra: Mapping[str, Any]) -> str:
    return str(extra.get("bibtype") or "").strip().lower()


def has(extra: Mapping[str, Any]) -> list[str]:
    """What a paper has one key away: ``pdf``, ``code``, ``doi``, ``arxiv``, ``authors``."""
    out = []
    if extra.get("pdf_url") or extra.get("arxiv_id"):
        out.append("pdf")
    if extra.get("code_url"):
        out.append("code")
    if extra.get("doi"):
        out.append("doi")
    if extra.get("arxiv_id"):
        out.append("arxiv")
    if extra.get("authors"):
        out.append("authors")
    return out


def source_values(files: Iterable[str]) -> list[str]:
    """Each file as the tree and the user write it: the path, its name and its stem (the
    name and stem also lowercased)."""
    out: list[str] = []
    for path in files:
        name = os.path.basename(path)
        stem = os.path.splitext(name)[0]
        out += [path, name, stem, name.lower(), stem.lower()]
    return list(dict.fromkeys(v for v in out if v))


def parse_day(raw: str, known_year: int | None) -> tuple[int | None, int, int] | None:
    """``(year or None, month, day)`` of a listing date line, or None."""
    raw = raw.strip()
    for fmt in _DAY_FORMATS:
        try:
            parsed = datetime.strptime(raw, fmt)
        except ValueError:
            continue
        return (parsed.year if "%Y" in fmt else known_year), parsed.month, parsed.day
    return None


def paper_days(paper: Paper) -> list[tuple[int | None, int, int]]:
    """Every known day of the paper: its listing dates and its ``published`` date."""
    known = year(paper.extra)
    days = [d for raw in paper.dates if (d := parse_day(raw, known))]
    published = paper.extra.get("published")
    if isinstance(published, str) and (d := parse_day(published[:10], known)):
        days.append(d)
    return days


def date_values(paper: Paper) -> list[str]:
    """The date lines as written, and each day as ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` and
    its month's name (``mar``): what ``date:`` matches."""
    out = list(paper.dates)
    for y, m, d in paper_days(paper):
        out.append(MONTHS[m - 1])
        if y:
            out += [f"{y:04d}-{m:02d}-{d:02d}", f"{y:04d}-{m:02d}", f"{y:04d}"]
    known = year(paper.extra)
    if known and not paper_days(paper):
        out.append(f"{known:04d}")
    return list(dict.fromkeys(out))


def day_numbers(paper: Paper) -> list[int]:
    """``YYYYMMDD`` of each day whose year is known, for date ranges."""
    return sorted({y * 10000 + m * 100 + d for y, m, d in paper_days(paper) if y})


def author_text(names: Iterable[str]) -> str:
    """Names folded, one per line, so a phrase never spans two authors."""
    return "\n\n".join(fold(n) for n in names)


def iso_bounds(value: str) -> tuple[int, int] | None:
    """``2024`` / ``2024-03`` / ``2024-03-11`` as the first and last ``YYYYMMDD`` covered."""
    m = _ISO.match(value.strip())
    if not m:
        return None
    y = int(m.group(1))
    if m.group(3):
        day = y * 10000 + int(m.group(2)) * 100 + int(m.group(3))
        return day, day
    if m.group(2):
        month = int(m.group(2))
        return y * 10000 + month * 100 + 1, y * 10000 + month * 100 + 31
    return y * 10000 + 101, y * 10000 + 1231
