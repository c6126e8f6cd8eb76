"""SVG snapshots of the real app on a small synthetic library.

Regenerate after an intended UI change with ``pytest tests/tui --snapshot-update``.
"""

from __future__ import annotations

import types
from pathlib import Path

import pytest
from paperterm.index.search import searcher as search_module

from ..conftest import SYNTHETIC, write_page
from .helpers import make_app, make_library, settle

SIZE = (160, 45)


@pytest.fixture
def fixed_root(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> Path:
    # Query times would differ run to run; the snapshot shows 0 ms.
    monkeypatch.setattr(search_module, "time", types.SimpleNamespace(perf_counter=lambda: 0.0))
    base = tmp_path_factory.mktemp("snap")
    page = write_page(base / "monday.txt", SYNTHETIC, date="Mar 11")
    root = make_library(base / "library", page)
    # The title bar shows the library path; keep it the same on every run.
    monkeypatch.setattr("paperterm.tui.app._display_path", lambda path: "~/papers/library")
    return root


def test_main_screen(snap_compare, fixed_root: Path) -> None:
    app = make_app(fixed_root)
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


def test_search_with_bookmark(snap_compare, fixed_root: Path) -> None:
    async def drive(pilot) -> None:
        await settle(pilot)
        await pilot.press("slash", *"reinforcement learning", "enter")
        await settle(pilot)
        await pilot.press("j", "b")
        await settle(pilot)

    assert snap_compare(make_app(fixed_root), terminal_size=SIZE, run_before=drive)


def test_help_screen(snap_compare, fixed_root: Path) -> None:
    async def drive(pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(make_app(fixed_root), terminal_size=SIZE, run_before=drive)
