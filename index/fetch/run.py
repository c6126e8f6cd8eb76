"""Fetching feeds into the library: each page is fetched (or read from the saved copy),
checked, saved, and added through the same pipeline as a file, before the next is asked for.

So a fetch killed at any point leaves every saved page's papers in the library (``add``'s
per-file transaction), and a page fetched again unchanged adds nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..ingest.pipeline import IngestReport, add_paths
from ..library import Library, LibraryBusy
from .feeds import Feed, Series, feed_from_config
from .http import Client, FetchError
from .saved import Saved, conditional_headers, lookup, refreshed, save
from .settings import Settings

#: Called as ``progress(pages done, pages known so far, what is being fetched)``.
FetchProgress = Callable[[int, int, str], None]


@dataclass
class FetchReport:
    """What one fetch did; ``problems`` are one line each, naming the URL or file."""

    requests: int = 0
    pages: int = 0
    unchanged: int = 0
    new_papers: int = 0
    merged: int = 0
    new_ids: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        problems = len(self.problems)
        return (f"{self.pages} {'page' if self.pages == 1 else 'pages'} "
                f"({self.unchanged} unchanged), {self.new_papers} new papers, "
                f"{self.merged} already known, "
                f"{problems} {'problem' if problems == 1 else 'problems'}")


@dataclass(frozen=True, slots=True)
class Fetcher:
    """How pages are got: from the servers (``client``) or, offline, from saved copies."""

    library: Library
    client: Client | None
    progress: FetchProgress | None = None

    @property
    def offline(self) -> bool:
        return self.client is None


def config_feeds(entries: Iterable[dict]) -> tuple[list[Feed], list[str]]:
    """The config file's ``[[feeds]]`` as feeds, and a line for each unusable entry."""
    feeds: list[Feed] = []
    problems: list[str] = []
    for entry in entries:
        feed = feed_from_config(entry)
        (problems if isinstance(feed, str) else feeds).append(feed)  # type: ignore[arg-type]
    return feeds, problems


def plan(feeds: Sequence[Feed], settings: Settings, today: date | None = None) -> list[str]:
    """The first URL of every listing the feeds ask for (``--dry-run``)."""
    today = today or date.today()
    return [s.url(0) for feed in feeds for s in feed.series(settings, today)]


def run_feeds(library: Library, feeds: Sequence[Feed], settings: Settings,
              progress: FetchProgress | None = None, offline: bool = False,
              today: date | None = None) -> FetchReport:
    """Fetch every feed's pages into ``library``; failures are lines in the report.

    Safe to call from a worker thread: the arXiv pacing is process-wide.
    """
    report = FetchReport()
    started = time.time()
    all_series = [s for feed in feeds for s in feed.series(settings, today or date.today())]
    client = None if offline else Client(settings)
    try:
        fetcher = Fetcher(library, client, progress)
        known = len(all_series)
        for series in all_series:
            known += fetch_series(fetcher, series, report, known) - 1
    except LibraryBusy as exc:
        report.problems.append(str(exc))
    finally:
        if client is not None:
            client.close()
    report.new_ids = library.new_since(started)
    return report


def fetch_series(fetcher: Fetcher, series: Series, report: FetchReport, known: int) -> int:
    """Fetch one listing page by page; returns how many pages it had."""
    page = 0
    while True:
        url = series.url(page)
        if fetcher.progress:
            fetcher.progress(report.pages, max(known, report.pages + 1), url)
        saved = get_page(fetcher, series, url, report)
        if saved is None:
            return page + 1
        report.pages += 1
        if saved.items:
            ingest(fetcher.library, saved, series.fmt, report)
        if not series.more_after(page, saved.page):
            return page + 1
        page += 1
        known += 1


def get_page(fetcher: Fetcher, series: Series, url: str, report: FetchReport) -> Saved | None:
    """The page at ``url``, saved; None (and a problem) when there is none to use."""
    root = fetcher.library.root
    before = lookup(root, url)
    if fetcher.client is None:
        if before is None:
            report.problems.append(f"{url}: not saved yet (fetch it once without --offline)")
        return before
    report.requests += 1
    response = fetcher.client.get(url, conditional_headers(before), series.delay)
    if isinstance(response, FetchError):
        report.problems.append(str(response))
        return None
    if response.not_modified and before is not None:
        report.unchanged += 1
        return refreshed(root, before, response)
    page = series.check(response.body)
    if isinstance(page, str):
        report.problems.append(f"{url}: {page}")
        return None
    saved = save(root, response, page, series.suffix)
    report.unchanged += before is not None and before.file == saved.file
    return saved


def ingest(library: Library, saved: Saved, fmt: str, report: FetchReport) -> IngestReport:
    """Add a saved page through the ``add`` pipeline (an unchanged file is skipped)."""
    added = add_paths(library, [Path(saved.file)], fmt=fmt)
    report.new_papers += added.new_papers
    report.merged += added.merged
    report.problems += [str(p) for p in added.problems]
    return added
