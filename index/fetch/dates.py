"""Days and spans the fetch and digest commands take: ``2026-03-11``, ``7d``, ``12h``, ``2w``."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

_SPAN = re.compile(r"^\s*(\d+)\s*([hdw])\s*$", re.IGNORECASE)
_UNITS = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}


def parse_span(text: str) -> timedelta | None:
    """``7d`` -> seven days; None when ``text`` is not a span."""
    match = _SPAN.match(text)
    return int(match.group(1)) * _UNITS[match.group(2).lower()] if match else None


def parse_day(text: str, today: date) -> date:
    """An ISO day, or a span back from ``today`` (``7d`` is seven days ago).

    Raises ValueError with a message naming what is accepted.
    """
    span = parse_span(text)
    if span is not None:
        return today - timedelta(days=span.days)
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not a day: use YYYY-MM-DD or a span like 7d") from None


def parse_moment(text: str, now: datetime) -> datetime:
    """An ISO day or time, or a span back from ``now`` (``1d`` is 24 hours ago)."""
    span = parse_span(text)
    if span is not None:
        return now - span
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not a time: use YYYY-MM-DD or a span like "
                         "1d, 12h or 2w") from None
    return moment if moment.tzinfo else moment.astimezone()


def days(first: date, last: date) -> list[date]:
    """Every day from ``first`` to ``last``, both included."""
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]
