"""Pilot tests for tags, notes, read state and multi-select, each checked in the store."""

from __future__ import annotations

from pathlib import Path

import pytest
from paperterm.index import Library
from paperterm.index.store import personal
from paperterm.tui.render import GUTTER, entry_lines
from paperterm.tui.screens.note import NoteScreen
from paperterm.tui.screens.tags import TagScreen
from paperterm.tui.widgets import ResultList, SearchBar
from paperterm.tui.widgets.result_list import ENTRY_HEIGHT

from ..conftest import SYNTHETIC
from .helpers import make_app, make_library, settle


@pytest.fixture
def root(tmp_path: Path, page: Path) -> Path:
    return make_library(tmp_path / "lib", page)


def ids(root: Path) -> list[str]:
    """Paper ids in listing order (the order the app lists them with no query)."""
    with Library.open(root) as library:
        by_title = {p.title: p.id for p in library.store.iter_papers()}
    return [by_title[title] for title, _ in SYNTHETIC]


def reader_text(app) -> str:
    return str(app.query_one("#reader-text").render())


def title_is_bold(app, index: int) -> bool:
    """Whether the list draws paper ``index``'s title bold (unread), cursor styles aside."""
    paper = app.query_one(ResultList).papers[index]
    title = entry_lines(paper, (), app.entry_flags(paper), 100)[0]
    return any("bold" in str(span.style) for span in title.spans
               if span.start >= len(GUTTER))


async def test_tags_with_completion_show_in_reader_and_come_off(root: Path) -> None:
    pid = ids(root)
    with Library.open(root) as library:
        personal.add_tags(library.store, [pid[3]], ["reasoning"])
    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TagScreen)
        await pilot.press(*"rea", "right")  # → accepts the suggestion
        assert app.screen.query_one("#tag-input").value == "reasoning"
        await pilot.press("enter", *"Deep RL", "enter", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, TagScreen)
        assert "reasoning  deep-rl" in reader_text(app) or "deep-rl  reasoning" in reader_text(app)
        with Library.open(root) as library:
            assert personal.tags_of(library.store, pid[0]) == ("deep-rl", "reasoning")
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("tab", "space", "ctrl+s")  # unticks deep-rl (listed first)
        await settle(pilot)
        assert "deep-rl" not in reader_text(app)
    with Library.open(root) as library:
        assert personal.tags_of(library.store, pid[0]) == ("reasoning",)
        assert personal.tags_of(library.store, pid[3]) == ("reasoning",)


async def test_invalid_tag_is_refused_inline(root: Path) -> None:
    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        app.screen.query_one("#tag-input").value = "x" * 80
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TagScreen)
        assert "longer than" in str(app.screen.query_one("#tag-error").render())
        await pilot.press("escape")
        await settle(pilot)
    with Library.open(root) as library:
        assert personal.all_tags(library.store) == []


async def test_note_is_saved_marked_and_shown(root: Path) -> None:
    pid = ids(root)
    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("j", "n")
        await settle(pilot)
        assert isinstance(app.screen, NoteScreen)
        app.screen.query_one("#note-text").text = "Check [b]eq. 3[/b]"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, NoteScreen)
        assert "Check [b]eq. 3[/b]" in reader_text(app)
        results = app.query_one(ResultList)
        assert "✎" in results.render_line(ENTRY_HEIGHT).text
        assert "✎" not in results.render_line(0).text
    with Library.open(root) as library:
        assert personal.note(library.store, pid[1]) == "Check [b]eq. 3[/b]"
        assert personal.noted_ids(library.store) == [pid[1]]


async def test_escape_asks_before_dropping_a_note(root: Path) -> None:
    pid = ids(root)
    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"draft", "escape")
        assert isinstance(app.screen, NoteScreen)
        assert "Unsaved" in str(app.screen.query_one("#note-warning").render())
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, NoteScreen)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("escape")  # nothing typed: closes at once
        await settle(pilot)
        assert not isinstance(app.screen, NoteScreen)
    with Library.open(root) as library:
        assert personal.note(library.store, pid[0]) == ""


async def test_resting_on_a_paper_marks_it_read_and_u_toggles(root: Path) -> None:
    pid = ids(root)
    app = make_app(root)
    app.read_delay = 1.0
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert title_is_bold(app, 2)
        await pilot.press("j", "j")  # passes paper 1 before its timer fires
        await pilot.pause(1.4)
        await settle(pilot)
        assert pid[2] in app.read_ids and pid[1] not in app.read_ids
        assert not title_is_bold(app, 2) and title_is_bold(app, 1)
        assert "unread" not in reader_text(app)
        await pilot.press("u")
        await pilot.pause(1.4)  # the timer must not mark it read again
        await settle(pilot)
        assert "unread" in reader_text(app)
        with Library.open(root) as library:
            assert pid[2] not in personal.read_ids(library.store)
        await pilot.press("u")
        await settle(pilot)
        # u twice before the timer fires: the user's "unread" wins over the timer.
        await pilot.press("k", "u", "u")
        await pilot.pause(1.4)
        await settle(pilot)
        assert pid[1] not in app.read_ids
    with Library.open(root) as library:
        assert pid[2] in personal.read_ids(library.store)
        assert pid[1] not in personal.read_ids(library.store)


async def test_enter_marks_read_at_once(root: Path) -> None:
    pid = ids(root)
    app = make_app(root)
    app.read_delay = 60
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
    with Library.open(root) as library:
        assert personal.read_ids(library.store) == [pid[1]]


async def test_selection_drives_bulk_bookmark_tag_and_read(root: Path) -> None:
    pid = ids(root)
    app = make_app(root)
    app.read_delay = 60
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("space", "v")
        results = app.query_one(ResultList)
        assert results.cursor == 2
        assert list(app.selected) == [pid[0], pid[1]]
        assert "2 selected" in str(app.query_one("#results-pane").border_subtitle)
        assert results.render_line(0).text.startswith("✓")
        assert not results.render_line(2 * ENTRY_HEIGHT).text.startswith("✓")
        await pilot.press("b", "u", "t")
        await settle(pilot)
        assert "2 papers" in str(app.screen.query_one("#tags-subject").render())
        await pilot.press(*"survey", "enter", "enter")
        await settle(pilot)
        # Esc in the search box goes back to the list and keeps the selection ...
        await pilot.press("slash", "escape")
        assert app.focused is results and len(app.selected) == 2
        # ... Esc in the list clears it.
        await pilot.press("escape")
        assert app.selected == {}
        assert not results.render_line(0).text.startswith("✓")
        assert app.query_one(SearchBar).value == ""
    with Library.open(root) as library:
        store = library.store
        assert sorted(store.bookmarked_ids()) == sorted(pid[:2])
        assert sorted(personal.read_ids(store)) == sorted(pid[:2])
        assert sorted(personal.ids_with_tag(store, "survey")) == sorted(pid[:2])


async def test_palette_offers_every_new_command(root: Path) -> None:
    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        assert {"Tags", "Note", "Read / unread", "Select", "Clear selection", "Copy",
                "Copy again", "Cite key"} <= set(commands)
        commands["Select"].callback()
        assert list(app.selected) == [ids(root)[0]]
        commands["Clear selection"].callback()
        assert app.selected == {}
