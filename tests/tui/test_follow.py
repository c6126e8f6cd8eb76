"""The open browser follows the library, and a failure is a notification, never the end."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from paperterm.index import Library
from paperterm.index.store.database import Store
from paperterm.tui.widgets import ResultList, TopicTree

from ..conftest import SYNTHETIC, write_page
from .helpers import make_app, make_library, notifications, settle


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_library(tmp_path / "lib", write_page(tmp_path / "a.txt", SYNTHETIC[:3]))


def paperterm(root: Path, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "paperterm.tui.cli", "--library", str(root), *args],
                   check=True, capture_output=True, timeout=120)


def all_papers_count(app) -> int | None:
    node = app.query_one(TopicTree).root.children[0].data
    return node.count if node is not None else None


async def wait_for(pilot, condition) -> None:
    """Poll until ``condition()`` holds; a generous bound, not a speed assertion."""
    for _ in range(300):
        if condition():
            return
        await pilot.pause(0.05)
    await settle(pilot)


async def test_an_add_from_another_process_shows_each_paper_once(root: Path,
                                                                 tmp_path: Path) -> None:
    app = make_app(root)
    app.follow_interval = 0.05
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        results = app.query_one(ResultList)
        await pilot.press("j")  # the cursor must stay on this paper
        kept = results.current_paper.id
        # Two of the three merge into papers already there; two are new.
        paperterm(root, "add", str(write_page(tmp_path / "b.txt", SYNTHETIC[1:], "Mar 12")))
        await wait_for(pilot, lambda: results.result.total == len(SYNTHETIC)
                       and all_papers_count(app) == len(SYNTHETIC))
        await settle(pilot)
        found = [p.id for p in results.papers]
        assert len(found) == len(set(found)) == len(SYNTHETIC)
        assert all_papers_count(app) == len(SYNTHETIC)
        assert "5 papers" in str(app.query_one("#paper-count").render())
        assert results.current_paper.id == kept


async def test_a_tag_from_another_process_reaches_the_reader(root: Path) -> None:
    app = make_app(root)
    app.follow_interval = 0.05
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        pid = app.query_one(ResultList).current_paper.id
        paperterm(root, "tag", pid, "from-cli")
        reader = app.query_one("#reader-text")
        await wait_for(pilot, lambda: "from-cli" in str(reader.render()))
        assert "from-cli" in str(reader.render())


async def test_a_worker_that_raises_is_a_notification(root: Path, monkeypatch) -> None:
    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)

        def broken(*args, **kwargs):
            raise RuntimeError("the disk fell off")

        monkeypatch.setattr(Library, "search", broken)
        await pilot.press("s")  # a new sort: a new search, which fails
        await settle(pilot)
        assert any("the disk fell off" in n for n in notifications(app))
        assert app.is_running
        monkeypatch.undo()
        await pilot.press("s")
        await settle(pilot)
        assert app.query_one(ResultList).result.total == 3  # and it still works


async def test_a_failing_bookmark_write_leaves_the_star_off(root: Path, monkeypatch) -> None:
    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)

        def broken(self, ids):
            raise OSError("disk full")

        monkeypatch.setattr(Store, "bookmark", broken)
        paper = app.query_one(ResultList).current_paper
        await pilot.press("b")
        await settle(pilot)
        assert paper.id not in app.bookmarked
        assert not app.entry_flags(paper).bookmarked
        assert "not bookmarked" in str(app.query_one("#reader-text").render())
        assert any("Not saved: disk full" in n for n in notifications(app))
        with Library.open(root) as library:
            assert library.store.bookmarked_ids() == []


async def test_a_tag_that_looks_like_markup_is_just_text(root: Path) -> None:
    from paperterm.tui.screens.tags import TagScreen

    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TagScreen)
        await pilot.press(*"[/x]", "enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.is_running and not isinstance(app.screen, TagScreen)
        assert any("Tagged" in n for n in notifications(app))


async def test_a_saved_search_that_looks_like_markup_opens_the_palette(root: Path) -> None:
    with Library.open(root) as library:
        library.saved_searches.save("[/x] tree")
    app = make_app(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"saved")
        await settle(pilot)
        assert app.is_running
        assert any("[/x]" in c.title for c in app.get_system_commands(app.screen))
