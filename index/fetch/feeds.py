"""What to fetch: a Hugging Face Daily Papers listing or an arXiv query, as page URLs.

A feed expands to one or more :class:`Series` (a listing day, a query), each a run of
pages fetched until one comes back short. Feeds come from the command line or from the
config file's ``[[feeds]]`` tables (``kind = "hf"`` or ``kind = "arxiv"``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import quote, urlencode

from .bodies import Page, check_atom, check_hf
from .dates import days, parse_day
from .settings import Settings

#: The arXiv API serves at most this many entries a request.
ARXIV_MAX_PAGE = 2000
HF_SORTS = ("publishedAt", "trending")


@dataclass(frozen=True, slots=True)
class Series:
    """Pages of one listing: ``url(n)`` is page ``n``; stop at a short page or ``most``."""

    label: str
    url: Callable[[int], str]
    page_size: int
    check: Callable[[bytes], Page | str]
    fmt: str
    suffix: str
    delay: float = 0.0
    most: int | None = None

    def more_after(self, page: int, got: Page) -> bool:
        """Whether page ``page`` (from 0), holding ``got``, has a next page."""
        seen = (page + 1) * self.page_size
        if got.items < self.page_size or (got.total is not None and seen >= got.total):
            return False
        return self.most is None or seen < self.most


@dataclass(frozen=True, slots=True)
class HfFeed:
    """Hugging Face Daily Papers: a day, a week (``2026-W10``), a month, or every day since."""

    date: str | None = None
    week: str | None = None
    month: str | None = None
    since: str | None = None
    sort: str = "publishedAt"
    limit: int = 50
    name: str = "Hugging Face Daily Papers"
    kind: str = field(default="hf", init=False)

    def series(self, settings: Settings, today: date) -> list[Series]:
        if self.since:
            return [self._series(settings, {"date": d.isoformat()})
                    for d in days(parse_day(self.since, today), today)]
        for key in ("date", "week", "month"):
            if value := getattr(self, key):
                return [self._series(settings, {key: value})]
        return [self._series(settings, {})]  # the server's latest day

    def _series(self, settings: Settings, when: dict[str, str]) -> Series:
        def url(page: int) -> str:
            params = {**when, "sort": self.sort, "p": page, "limit": self.limit}
            return f"{settings.hf_url}/api/daily_papers?{urlencode(params)}"

        label = next(iter(when.values()), "latest")
        return Series(f"{self.name} {label}", url, self.limit, check_hf, "hf-api", ".json")


@dataclass(frozen=True, slots=True)
class ArxivFeed:
    """An arXiv API query: a raw ``search_query``, categories, authors, since a day, ids."""

    query: str | None = None
    categories: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    since: str | None = None
    ids: tuple[str, ...] = ()
    most: int = 200
    page_size: int = 100
    name: str = "arXiv"
    kind: str = field(default="arxiv", init=False)

    def search_query(self, today: date) -> str:
        """The ``search_query`` parameter: every condition joined with AND."""
        parts = [f"({self.query})"] if self.query else []
        if self.categories:
            parts.append(_any(f"cat:{c}" for c in self.categories))
        if self.authors:
            parts.append(_any(f'au:"{_unquoted(a)}"' for a in self.authors))
        if self.since:
            first = parse_day(self.since, today)
            parts.append(f"submittedDate:[{first:%Y%m%d}0000 TO {today:%Y%m%d}2359]")
        return " AND ".join(parts)

    def series(self, settings: Settings, today: date) -> list[Series]:
        search = self.search_query(today)
        size = min(self.page_size, self.most, ARXIV_MAX_PAGE)
        most = self.most
        if self.ids and not search:  # one page holds every id asked for
            size = most = min(len(self.ids), ARXIV_MAX_PAGE)

        def url(page: int) -> str:
            params: dict[str, Any] = {}
            if search:
                params["search_query"] = search
            if self.ids:
                params["id_list"] = ",".join(self.ids)
            params.update(start=page * size, max_results=size, sortBy="submittedDate",
                          sortOrder="descending")
            return f"{settings.arxiv_url}/api/query?{urlencode(params, quote_via=quote)}"

        return [Series(f"{self.name} {search or ','.join(self.ids)}", url, size, check_atom,
                       "arxiv-atom", ".xml", settings.arxiv_delay, most)]


Feed = HfFeed | ArxivFeed


def _any(terms: Any) -> str:
    terms = list(terms)
    return terms[0] if len(terms) == 1 else "(" + " OR ".join(terms) + ")"


def _unquoted(text: str) -> str:
    return " ".join(text.replace('"', " ").split())


def feed_from_config(entry: Mapping[str, Any]) -> Feed | str:
    """A ``[[feeds]]`` table as a feed, or a one-line reason it is not one."""
    kind = entry.get("kind")
    try:
        if kind == "hf":
            return _checked(HfFeed(**_options(entry, _HF_KEYS)))
        if kind == "arxiv":
            options = _options(entry, _ARXIV_KEYS)
            for key in ("categories", "authors", "ids"):
                if key in options:
                    options[key] = _strings(options[key])
            return _checked(ArxivFeed(**options))
    except (TypeError, ValueError) as exc:
        return f"feed {entry.get('name', kind)!r}: {exc}"
    return f"feed {entry.get('name', '?')!r}: kind must be \"hf\" or \"arxiv\", not {kind!r}"


_HF_KEYS = {"date": str, "week": str, "month": str, "since": str, "sort": str, "limit": int,
            "name": str}
_ARXIV_KEYS = {"query": str, "category": list, "categories": list, "author": list,
               "authors": list, "since": str, "id": list, "ids": list, "max": int,
               "page_size": int, "name": str}
_ALIASES = {"category": "categories", "author": "authors", "id": "ids", "max": "most"}


def _options(entry: Mapping[str, Any], known: Mapping[str, type]) -> dict[str, Any]:
    unknown = sorted(set(entry) - set(known) - {"kind"})
    if unknown:
        raise ValueError(f"unknown option {unknown[0]!r} (known: {', '.join(sorted(known))})")
    out: dict[str, Any] = {}
    for key, value in entry.items():
        if key == "kind":
            continue
        if known[key] is list and isinstance(value, str):
            value = [value]
        if known[key] is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise ValueError(f"{key} must be a whole number")
        if not isinstance(value, known[key]):
            raise ValueError(f"{key} must be a {known[key].__name__}")
        out[_ALIASES.get(key, key)] = value
    return out


def _strings(values: Sequence[Any]) -> tuple[str, ...]:
    return tuple(str(v) for v in values if str(v).strip())


def _checked(feed: Feed) -> Feed:
    """Reject values that would make a useless request, before any is made."""
    if isinstance(feed, HfFeed):
        if feed.sort not in HF_SORTS:
            raise ValueError(f"sort must be one of {', '.join(HF_SORTS)}")
        if feed.limit < 1:
            raise ValueError("limit must be at least 1")
        if feed.since:
            parse_day(feed.since, date.today())
    else:
        if not (feed.query or feed.categories or feed.authors or feed.since or feed.ids):
            raise ValueError("an arXiv feed needs a query, category, author, since or id")
        if feed.most < 1 or feed.page_size < 1:
            raise ValueError("max and page_size must be at least 1")
        if feed.since:
            parse_day(feed.since, date.today())
    return feed
