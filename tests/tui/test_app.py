"""Pilot tests: the app as a user drives it, on small synthetic libraries."""

from __future__ import annotations

from pathlib import Path

import pytest
from paperterm.index import Library
from paperterm.tui import citing as citing_module
from paperterm.tui.widgets import AbstractView, ResultList, SearchBar, TopicTree
from paperterm.tui.widgets.result_list import ENTRY_HEIGHT

from ..conftest import SYNTHETIC, write_page
from .helpers import make_app, make_library, notifications, settle


@pytest.fixture
def root(tmp_path: Path, page: Path) -> Path:
    return make_library(tmp_path / "lib", page)


def titles(app) -> list[str]:
    return [p.title for p in app.query_one(ResultList).result.papers]


async def test_opens_with_every_paper_listed(root: Path) -> None:
    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert titles(app) == [t for t, _ in SYNTHETIC]
        reader = app.query_one(AbstractView)
        assert reader.paper is not None and reader.paper.title == SYNTHETIC[0][0]
        assert "5 papers" in str(app.query_one("#paper-count").render())


async def test_typing_a_query_filters_and_highlights(root: Path) -> None:
    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert app.focused is app.query_one(SearchBar).input
        await pilot.press(*"teapot")
        await settle(pilot)
        assert titles(app) == ["Offline Reinforcement Learning for Teapot Design"]
        assert app.query_one(ResultList).result.terms == {"teapot"}
        status = str(app.query_one("#status").render())
        assert status.startswith("1 hit")
        await pilot.press("escape")
        assert app.focused is app.query_one(ResultList)


async def test_fast_typing_shows_only_the_final_query(root: Path) -> None:
    app = make_app(root)
    app.search_delay = 0.05
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"zebra", *["backspace"] * 5, *"crossword")
        await pilot.pause(0.2)
        await settle(pilot)
        assert app.query_one(SearchBar).value == "crossword"
        assert titles(app) == ["Monte Carlo Tree Search for Crossword Puzzles"]
        assert app.query_one(ResultList).result.query == "crossword"


async def test_bad_query_is_an_inline_error(root: Path) -> None:
    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        app.query_one(SearchBar).input.value = "year:soon"
        await settle(pilot)
        assert "year:2020..2023" in str(app.query_one("#status").render())
        # The last good results stay on screen.
        assert len(titles(app)) == len(SYNTHETIC)
        # A word with a colon that is no field is searched as words, with a hint.
        app.query_one(SearchBar).input.value = "nosuchfield:crossword"
        await settle(pilot)
        assert "unknown field" in str(app.query_one("#status").render())
        assert titles(app) == ["Monte Carlo Tree Search for Crossword Puzzles"]


async def test_moving_updates_the_reader(root: Path) -> None:
    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j")
        assert app.query_one(AbstractView).paper.title == SYNTHETIC[2][0]
        await pilot.press("k")
        assert app.query_one(AbstractView).paper.title == SYNTHETIC[1][0]
        await pilot.press("G")
        assert app.query_one(AbstractView).paper.title == SYNTHETIC[-1][0]
        await pilot.press("down", "up", "g")
        assert app.query_one(AbstractView).paper.title == SYNTHETIC[0][0]


async def test_bookmark_toggles_and_persists(root: Path) -> None:
    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("j", "b")
        await settle(pilot)
        paper = app.query_one(AbstractView).paper
        assert paper.id in app.bookmarked
        results = app.query_one(ResultList)
        assert results.render_line(ENTRY_HEIGHT).text.startswith(" ★ ")
        assert not results.render_line(0).text.startswith(" ★")
    with Library.open(root) as library:
        assert library.store.bookmarked_ids() == [paper.id]
    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("j", "b")
        await settle(pilot)
        assert app.bookmarked == set()
    with Library.open(root) as library:
        assert library.store.bookmarked_ids() == []


async def test_bookmarks_node_lists_only_bookmarks(root: Path) -> None:
    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "b")
        await settle(pilot)
        tree = app.query_one(TopicTree)
        tree.focus()
        tree.cursor_line = 1
        await pilot.press("enter")
        await settle(pilot)
        assert titles(app) == [SYNTHETIC[2][0]]
        assert str(tree.get_node_at_line(1).label).split()[-1] == "1"


async def test_copy_uses_system_clipboard(root: Path, monkeypatch) -> None:
    copied: list[str] = []
    monkeypatch.setattr(citing_module, "copy_text",
                        lambda text: copied.append(text) or "system clipboard")
    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("enter")  # the copy menu opens on BibTeX
        await settle(pilot)
        assert len(copied) == 1 and copied[0].startswith("@misc{quantum_gardening_neural,")
        assert any("system clipboard" in n for n in notifications(app))


async def test_copy_falls_back_to_osc52(root: Path, monkeypatch) -> None:
    monkeypatch.setattr(citing_module, "copy_text", lambda text: None)
    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.clipboard.startswith("@misc{quantum_gardening_neural,")
        assert any("OSC 52" in n for n in notifications(app))


async def test_export_dialog_writes_bibtex(root: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.bib"
    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        field = app.screen.query_one("#export-path")
        field.value = str(target)
        await pilot.press("enter")
        await settle(pilot)
    text = target.read_text()
    assert text.count("@misc{") == len(SYNTHETIC)


async def test_empty_library_explains_how_to_add(tmp_path: Path) -> None:
    app = make_app(make_library(tmp_path / "empty"))
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        empty = app.query_one("#empty")
        assert empty.display
        assert "paperterm add" in str(empty.render())


async def test_listing_text_is_never_markup(tmp_path: Path) -> None:
    nasty = "[bold]Not Bold[/bold] and [link=x]no link[/link] \x1b[31mred"
    page = write_page(tmp_path / "nasty.txt", [(nasty, "An abstract with [i]brackets[/i].")])
    app = make_app(make_library(tmp_path / "lib", page))
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        shown = str(app.query_one("#reader-text").render())
        assert "[bold]Not Bold[/bold]" in shown
        assert "[i]brackets[/i]" in shown
        assert "\x1b" not in shown
        await pilot.press("b")
        await settle(pilot)


async def test_tab_cycles_panes(root: Path) -> None:
    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        seen = []
        for _ in range(4):
            await pilot.press("tab")
            seen.append(app.focused.id)
        assert {"results", "reader", "topics", "query"} <= set(seen)
        await pilot.press("shift+tab")
        assert app.focused.id == seen[-2]


async def test_long_results_page_in_as_you_scroll(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("paperterm.tui.searching.SEARCH_LIMIT", 30)
    papers = [(f"Synthetic Paper Number {i}", f"Abstract {i} about gardens.") for i in range(100)]
    app = make_app(make_library(tmp_path / "lib", write_page(tmp_path / "p.txt", papers)))
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        results = app.query_one(ResultList)
        assert len(results.papers) == 30 and results.result.total == 100
        await pilot.press(*"j" * 15)
        await settle(pilot)
        assert len(results.papers) == 60  # near the end of a page: the next one pages in
        assert results.current_paper.title == "Synthetic Paper Number 15"
        await pilot.press("G")  # the last result, however many pages that takes
        await settle(pilot)
        assert len(results.papers) == 100
        assert results.current_paper.title == "Synthetic Paper Number 99"


async def test_add_dialog_fills_an_empty_library(tmp_path: Path, page: Path) -> None:
    app = make_app(make_library(tmp_path / "empty"))
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert "press a" in str(app.query_one("#empty").render())
        await pilot.press("a")
        await settle(pilot)
        app.screen.query_one("#add-paths").value = f"{page} {tmp_path / 'nope.txt'}"
        await pilot.press("enter")
        await settle(pilot)
        assert len(titles(app)) == len(SYNTHETIC)
        assert not app.query_one("#empty").display
        messages = notifications(app)
        assert any("nope.txt: no such file" in m for m in messages)
        assert any("5 new papers" in m for m in messages)


async def test_a_stale_index_is_rebuilt_on_open(root: Path) -> None:
    (root / "whoosh" / "GENERATION").write_text("-5")
    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert len(titles(app)) == len(SYNTHETIC)
        assert any("Rebuilding" in n for n in notifications(app))
    with Library.open(root) as library:
        assert library.is_consistent()


async def test_keys_typed_with_slash_land_in_the_search_box(root: Path) -> None:
    from textual import events

    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        # As a terminal delivers a fast burst: every key queued before any is handled.
        for char in "/zebra":
            app.post_message(events.Key("slash" if char == "/" else char, char))
        await settle(pilot)
        assert app.query_one(SearchBar).value == "zebra"
        await pilot.press("slash", "x")  # "/" inside the box is a character
        assert app.query_one(SearchBar).value == "zebra/x"


async def test_slash_is_a_character_in_dialog_fields(root: Path, tmp_path: Path) -> None:
    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        field = app.screen.query_one("#export-path")
        field.value = ""
        await pilot.press(*"a/b.bib")
        assert field.value == "a/b.bib"
