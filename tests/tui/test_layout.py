"""The layout adapts to the terminal: three panes, a tree toggle, a full-width reader."""

from __future__ import annotations

from pathlib import Path

import pytest
from paperterm.tui.widgets import AbstractView, ResultList, TopicTree
from paperterm.tui.widgets.abstract_view import line_of_offset
from rich.text import Text

from .helpers import make_app, make_library, settle


@pytest.fixture
def root(tmp_path: Path, page: Path) -> Path:
    return make_library(tmp_path / "lib", page)


async def test_wide_shows_three_panes(root: Path) -> None:
    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert app.query_one(TopicTree).display and app.query_one(AbstractView).display
        await pilot.press("enter")
        assert app.focused is app.query_one(AbstractView)
        await pilot.press("escape")
        assert app.focused is app.query_one(ResultList)


async def test_narrow_hides_the_tree_behind_f2(root: Path) -> None:
    app = make_app(root)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        tree = app.query_one(TopicTree)
        assert tree.region.width == 0
        await pilot.press("f2")
        await pilot.pause()
        assert tree.region.width > 0 and app.focused is tree
        await pilot.press("escape")
        await pilot.pause()
        assert tree.region.width == 0 and app.focused is app.query_one(ResultList)


async def test_tiny_reads_full_width(root: Path) -> None:
    app = make_app(root)
    async with app.run_test(size=(70, 30)) as pilot:
        await settle(pilot)
        reader = app.query_one(AbstractView)
        results = app.query_one(ResultList)
        assert reader.region.width == 0 and results.region.width > 0
        await pilot.press("enter")
        await pilot.pause()
        assert reader.region.width > 60 and results.region.width == 0
        await pilot.press("escape")
        await pilot.pause()
        assert reader.region.width == 0 and app.focused is results


async def test_n_steps_through_matches(root: Path) -> None:
    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"search", "enter")
        await settle(pilot)
        await pilot.press("enter")
        reader = app.query_one(AbstractView)
        assert len(reader.matches) == 3  # the title once, the abstract twice
        await pilot.press("n")
        assert reader.current_match == 0
        await pilot.press("n", "n", "n")
        assert reader.current_match == 0  # wraps around
        await pilot.press("N")
        assert reader.current_match == 2


def test_line_of_offset_agrees_with_rich_wrapping() -> None:
    from rich.console import Console

    text = "alpha beta gamma delta\nsecond paragraph here and a verylongwordthatfolds end"
    for width in (7, 11, 20):
        lines = [line.plain for line in Text(text).wrap(Console(), width)]
        for word in ("alpha", "gamma", "second", "here", "end"):
            line = line_of_offset(text, text.index(word), width)
            assert word in lines[line], (width, word, lines)


async def test_layout_follows_a_terminal_resize(root: Path) -> None:
    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        tree = app.query_one(TopicTree)
        assert tree.region.width > 0
        await pilot.resize_terminal(100, 40)
        await settle(pilot)
        assert tree.region.width == 0
        await pilot.resize_terminal(70, 30)
        await settle(pilot)
        assert app.query_one(AbstractView).region.width == 0
        await pilot.resize_terminal(160, 45)
        await settle(pilot)
        assert tree.region.width > 0 and app.query_one(AbstractView).region.width > 0
