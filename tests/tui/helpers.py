"""Helpers for Pilot tests: a library on disk and waiting for the app to settle."""

from __future__ import annotations

from pathlib import Path

from paperterm.index import Library
from paperterm.index.ingest.pipeline import add_paths
from paperterm.tui.app import PapertermApp
from textual.pilot import Pilot


def make_library(root: Path, *pages: Path) -> Path:
    """Create a library at ``root`` holding ``pages``; returns ``root``."""
    with Library.open(root) as library:
        if pages:
            report = add_paths(library, pages)
            assert report.ok, report.problems
    return root


def make_app(root: Path) -> PapertermApp:
    app = PapertermApp(root)
    app.search_delay = 0.0
    return app


async def settle(pilot: Pilot) -> None:
    """Let timers fire and every worker finish, twice over (workers start workers)."""
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def notifications(app: PapertermApp) -> list[str]:
    """The text of every notification the app has shown (and not yet expired)."""
    return [str(n.message) for n in app._notifications]
