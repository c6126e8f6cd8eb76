"""Pilot tests for the copy menu, ``y``, the cite-key dialog and the export dialog."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from paperterm.index import Library
from paperterm.index.cite.bibtex import assign_keys
from paperterm.tui import citing as citing_module
from paperterm.tui.screens.copy_menu import CopyMenu
from paperterm.tui.screens.export import with_suffix
from paperterm.tui.screens.key import KeyScreen

from ..conftest import SYNTHETIC
from .helpers import make_app, make_library, notifications, settle


@pytest.fixture
def root(tmp_path: Path, page: Path) -> Path:
    return make_library(tmp_path / "lib", page)


@pytest.fixture
def copied(monkeypatch) -> list[str]:
    """Everything "copied to the system clipboard" during the test."""
    out: list[str] = []
    monkeypatch.setattr(citing_module, "copy_text",
                        lambda text: out.append(text) or "system clipboard")
    return out


def keys(root: Path) -> list[str]:
    """Cite keys of the papers in listing order (assigned now if missing)."""
    with Library.open(root) as library:
        papers = {p.title: p for p in library.store.iter_papers()}
        ordered = [papers[title] for title, _ in SYNTHETIC]
        found = assign_keys(library.store, ordered)
    return [found[p.id] for p in ordered]


async def test_copy_menu_cite_then_y_repeats(root: Path, copied: list[str]) -> None:
    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CopyMenu)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, CopyMenu)
        await pilot.press("j", "y")
        await settle(pilot)
        assert any(n.startswith("Copied \\cite for Offline") for n in notifications(app))
    first, second = keys(root)[:2]
    assert copied == [f"\\cite{{{first}}}", f"\\cite{{{second}}}"]


async def test_copy_selection_gives_one_cite_and_a_bibliography(root: Path,
                                                               copied: list[str]) -> None:
    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("space", "j", "space")  # papers 0 and 2
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("enter")  # BibTeX, the first entry
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert any("for 2 papers (system clipboard)" in n for n in notifications(app))
    got = keys(root)
    assert copied[0].count("@misc{") == 2
    assert copied[0].startswith(f"@misc{{{got[0]},")
    assert copied[1] == f"\\cite{{{got[0]},{got[2]}}}"


async def test_escape_in_the_copy_menu_copies_nothing(root: Path, copied: list[str]) -> None:
    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, CopyMenu)
        assert app.last_copy is None
    assert copied == []


async def test_cite_key_dialog_refuses_a_taken_key(root: Path) -> None:
    taken = keys(root)[1]
    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("K")
        await settle(pilot)
        assert isinstance(app.screen, KeyScreen)
        field = app.screen.query_one("#key-input")
        assert field.value == keys(root)[0]
        field.value = taken.upper()  # BibTeX keys clash without regard to case
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, KeyScreen)
        assert "already used" in str(app.screen.query_one("#key-error").render())
        field.value = "bad key"
        await pilot.press("enter")
        await settle(pilot)
        assert "invalid cite key" in str(app.screen.query_one("#key-error").render())
        field.value = "gardening2024"
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, KeyScreen)
        assert "key gardening2024" in str(app.query_one("#reader-text").render())
    got = keys(root)
    assert got[0] == "gardening2024" and got[1] == taken


def test_export_suffix_follows_the_format() -> None:
    assert with_suffix("refs.bib", "ris") == "refs.ris"
    assert with_suffix("refs.BIB", "csl-json") == "refs.json"
    assert with_suffix("refs", "markdown") == "refs.md"
    assert with_suffix("", "ris") == ""


async def write_to(pilot, path: Path) -> None:
    """In the open export dialog: type the file name and press Enter."""
    field = pilot.app.screen.query_one("#export-path")
    field.value = str(path)
    field.focus()
    await pilot.press("enter")
    await settle(pilot)


async def export_dialog(pilot, fmt: str, scope: str, path: Path) -> None:
    """``e``, pick a format and scope, write to ``path``."""
    await pilot.press("e")
    await settle(pilot)
    await pilot.click(f"#format-{fmt}")
    await pilot.click(f"#scope-{scope}")
    await write_to(pilot, path)


async def test_export_selection_as_ris_and_csl_json(root: Path, tmp_path: Path) -> None:
    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("space", "space", "e")
        await settle(pilot)
        assert "Selection (2)" in str(app.screen.query_one("#scope-selection").label)
        await pilot.click("#format-ris")
        field = app.screen.query_one("#export-path")
        assert field.value == "paperterm.ris"
        await write_to(pilot, tmp_path / "picked.ris")
        await export_dialog(pilot, "csl-json", "bookmarks", tmp_path / "none.json")
        await export_dialog(pilot, "csl-json", "results", tmp_path / "all.json")
        assert any("exported to" in n and "(CSL-JSON)" in n for n in notifications(app))
    ris = (tmp_path / "picked.ris").read_text()
    assert ris.count("TY  - ") == 2 and SYNTHETIC[1][0] in ris and SYNTHETIC[2][0] not in ris
    assert not (tmp_path / "none.json").exists()  # no bookmarks: nothing to export
    items = json.loads((tmp_path / "all.json").read_text())
    assert [item["title"] for item in items] == [t for t, _ in SYNTHETIC]


async def test_export_results_writes_every_hit_and_never_replaces_a_file(
        root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A page of two results on screen; "current results" must still export them all.
    monkeypatch.setattr("paperterm.tui.searching.SEARCH_LIMIT", 2)
    existing = tmp_path / "refs.json"
    existing.write_text("my own file")
    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert len(app.result.hits) == 2 < app.result.total == len(SYNTHETIC)
        await pilot.press("e")
        await settle(pilot)
        label = str(app.screen.query_one("#scope-results").label)
        assert f"({len(SYNTHETIC)})" in label
        await pilot.press("escape")
        await settle(pilot)
        await export_dialog(pilot, "csl-json", "results", tmp_path / "all.json")
        await export_dialog(pilot, "csl-json", "results", existing)
        assert any("refs.json exists" in n for n in notifications(app))
    assert len(json.loads((tmp_path / "all.json").read_text())) == len(SYNTHETIC)
    assert existing.read_text() == "my own file"
