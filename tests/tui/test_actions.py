"""Bindings, footer, help, palette and the reader's hint all come from the one table."""

from __future__ import annotations

from pathlib import Path

import pytest
from paperterm.tui import actions
from paperterm.tui.actions import ACTIONS, APP, READER, RESULTS, SEARCH
from paperterm.tui.app import PapertermApp
from paperterm.tui.screens.help import help_table
from paperterm.tui.widgets import AbstractView, ResultList
from paperterm.tui.widgets.search_bar import QueryInput
from rich.console import Console

from ..conftest import SYNTHETIC, write_page
from .helpers import make_app, make_library, settle


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_library(tmp_path / "lib", write_page(tmp_path / "a.txt", SYNTHETIC))


def table_bindings(where: str) -> set[tuple[str, str]]:
    return {(a.key, a.action) for a in ACTIONS if a.where == where}


def declared(cls: type) -> set[tuple[str, str]]:
    return {(b.key, b.action) for b in cls.BINDINGS if getattr(b, "id", None)}


def test_every_binding_is_a_row_of_the_table() -> None:
    assert declared(PapertermApp) == table_bindings(APP)
    assert declared(ResultList) == table_bindings(RESULTS)
    assert declared(QueryInput) == table_bindings(SEARCH)
    assert declared(AbstractView) == table_bindings(READER)
    assert len({a.id for a in ACTIONS}) == len(ACTIONS)


def test_help_lists_every_action_once_in_its_group() -> None:
    rows = actions.help_rows()
    described = [text for group in rows.values() for _, text in group]
    expected = [a.description for a in ACTIONS if not a.id.startswith("saved-")
                or a.id == "saved-1"]
    assert sorted(described) == sorted(expected)
    wide = Console(width=160, record=True)
    wide.print(help_table(156))
    # Wide terminals get columns side by side: far fewer lines than rows.
    assert len(wide.export_text().splitlines()) < len(described)


def test_the_reader_hint_names_the_readers_keys() -> None:
    hint = actions.reader_hint()
    for a in ACTIONS:
        assert (f"{a.keys_shown.split()[0]} {a.id.replace('-', ' ')}" in hint) == a.reader
    assert "n note" not in hint  # in the reader n is the next match


def test_a_user_keymap_moves_a_key_everywhere() -> None:
    keymap = {"bookmark": "B"}
    assert "B bookmark" in actions.reader_hint(keymap)
    assert ("B", "bookmark the paper (or the selection)") in actions.help_rows(keymap)["Paper"]
    assert actions.unknown_ids({"bookmark": "B", "nonsense": "x"}) == ["nonsense"]


async def test_palette_footer_and_reader_agree_with_the_table(root: Path) -> None:
    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {actions.palette_title(a) for a in actions.palette_entries()} <= titles
        assert sum(1 for t in titles if t.startswith("Keys")) <= 1
        shown = {b.binding.action for b in app.screen.active_bindings.values()
                 if b.binding.show}
        assert {a.action for a in ACTIONS if a.footer and a.where in (APP, RESULTS)} <= shown
        assert actions.reader_hint() in str(app.query_one("#reader-text").render()).replace(
            "\n", "  ")


async def test_the_keymap_in_the_config_file_rebinds(root: Path, tmp_path: Path,
                                                     monkeypatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[keys]\nbookmark = "B"\n')
    monkeypatch.setenv("PAPERTERM_CONFIG", str(config))
    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        paper = app.query_one(ResultList).current_paper
        await pilot.press("b")
        await settle(pilot)
        assert paper.id not in app.bookmarked
        await pilot.press("B")
        await settle(pilot)
        assert paper.id in app.bookmarked


async def test_a_chosen_theme_is_kept_in_the_config_file(root: Path, tmp_path: Path,
                                                         monkeypatch) -> None:
    config = tmp_path / "config.toml"
    monkeypatch.setenv("PAPERTERM_CONFIG", str(config))
    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        app.theme = "nord"
        await settle(pilot)
    assert 'theme = "nord"' in config.read_text()
    again = make_app(root)
    async with again.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert again.theme == "nord"
