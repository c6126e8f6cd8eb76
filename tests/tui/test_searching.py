"""Pilot tests for search features: suggestion, history, sort, saved searches, related."""

from __future__ import annotations

from pathlib import Path

import pytest
from paperterm.index import Library
from paperterm.tui.widgets import AbstractView, ResultList, SearchBar

from ..conftest import SYNTHETIC, write_page
from .helpers import make_app, make_library, notifications, settle


@pytest.fixture
def root(tmp_path: Path, page: Path) -> Path:
    return make_library(tmp_path / "lib", page)


def titles(app) -> list[str]:
    return [p.title for p in app.query_one(ResultList).papers]


def status_text(app) -> str:
    return str(app.query_one("#status").render())


async def test_did_you_mean_and_tab_accepts_it(root: Path) -> None:
    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        app.query_one(SearchBar).input.value = "crosword"
        await settle(pilot)
        assert "did you mean" in status_text(app) and "crossword" in status_text(app)
        await pilot.press("tab")
        await settle(pilot)
        assert app.query_one(SearchBar).value == "crossword"
        assert titles(app) == ["Monte Carlo Tree Search for Crossword Puzzles"]
        assert "did you mean" not in status_text(app)
        await pilot.press("tab")  # no suggestion now: Tab moves to the next pane
        assert app.focused is not app.query_one(SearchBar).input


async def test_history_is_persisted_and_walked_with_up_down(root: Path) -> None:
    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        for query in ("zebra", "teapot"):
            await pilot.press("slash")
            app.query_one(SearchBar).input.value = query
            await pilot.press("enter")
            await settle(pilot)
    with Library.open(root) as library:
        assert library.history.entries()[:2] == ["teapot", "zebra"]
    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("slash", "up")
        assert app.query_one(SearchBar).value == "teapot"
        await pilot.press("up")
        assert app.query_one(SearchBar).value == "zebra"
        await pilot.press("down", "down")
        assert app.query_one(SearchBar).value == ""


async def test_sort_cycles_and_orders_by_title(root: Path) -> None:
    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert app.sort == "title"
        assert titles(app) == sorted(t for t, _ in SYNTHETIC)
        assert "title" in status_text(app)
        for _ in range(3):
            await pilot.press("s")
        await settle(pilot)
        assert app.sort == "relevance"


async def test_saved_search_runs_from_a_digit(root: Path) -> None:
    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        app.query_one(SearchBar).input.value = "zebra"
        await pilot.press("ctrl+s", "escape")
        await settle(pilot)
        app.query_one(SearchBar).input.value = ""
        await settle(pilot)
        assert len(titles(app)) == len(SYNTHETIC)
        await pilot.press("1")
        await settle(pilot)
        assert app.query_one(SearchBar).value == "zebra"
        assert titles(app) == ["A Survey of Zebra Crossing Detectors"]
        await pilot.press("2")
        await settle(pilot)
        assert any("No search saved in slot 2" in n for n in notifications(app))


async def test_related_lists_similar_papers_with_reasons(tmp_path: Path) -> None:
    papers = [
        ("Tree Search for Chess Engines", "Monte Carlo tree search guides chess engines "
         "with a value network over board positions."),
        ("Tree Search for Go Engines", "Monte Carlo tree search guides go engines with a "
         "value network over board positions."),
        ("Baking Sourdough Bread", "Flour water salt and a starter culture make bread."),
    ]
    root = make_library(tmp_path / "lib", write_page(tmp_path / "p.txt", papers))
    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert app.related_to is not None and app.related_to.title == papers[0][0]
        assert titles(app)[0] == papers[1][0]
        results = app.query_one(ResultList)
        assert results.reasons[results.papers[0].id].startswith("shares: ")
        assert "related to" in status_text(app)
        await pilot.press("backspace")
        await settle(pilot)
        assert app.related_to is None and len(titles(app)) == 3


async def test_reader_n_falls_through_to_note_without_matches(root: Path) -> None:
    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        assert app.focused is app.query_one(AbstractView)
        await pilot.press("n")
        await settle(pilot)
        assert type(app.screen).__name__ == "NoteScreen"


async def test_stale_results_never_replace_newer_ones(root: Path) -> None:
    from paperterm.index.search.searcher import SearchResult

    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        app.query_one(SearchBar).input.value = "zebra"
        await settle(pilot)
        shown = app.result
        # An older query's answer arriving late must be dropped.
        app._show_result(app._search_seq - 1, SearchResult("old", (), 0, 0.0))
        assert app.result is shown and titles(app) == ["A Survey of Zebra Crossing Detectors"]
