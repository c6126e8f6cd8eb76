"""Pilot tests for the topic tree: live counts for the query, filtering, marking."""

from __future__ import annotations

from pathlib import Path

import pytest
from paperterm.tui.widgets import ResultList, SearchBar, TopicTree

from ..conftest import SYNTHETIC, write_page
from .helpers import make_app, make_library, settle


def node_counts(tree: TopicTree) -> dict[str, int | None]:
    out = {}
    for line in range(tree.last_line + 1):
        node = tree.get_node_at_line(line)
        out[node.data.label] = node.data.count
    return out


@pytest.fixture
def two_days(tmp_path: Path) -> Path:
    """A library of two pages: two papers on Mar 11 (monday), three on Mar 12 (tuesday)."""
    first = write_page(tmp_path / "monday.txt", SYNTHETIC[:2], date="Mar 11")
    second = write_page(tmp_path / "tuesday.txt", SYNTHETIC[2:], date="Mar 12")
    return make_library(tmp_path / "lib", first, second)


async def test_counts_follow_the_query(two_days: Path) -> None:
    app = make_app(two_days)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        tree = app.query_one(TopicTree)
        counts = node_counts(tree)
        assert (counts["All papers"], counts["Mar 11"], counts["Mar 12"]) == (5, 2, 3)
        app.query_one(SearchBar).input.value = "reinforcement"
        await settle(pilot)
        counts = node_counts(tree)
        assert (counts["All papers"], counts["Mar 11"], counts["Mar 12"]) == (2, 1, 1)
        assert counts["monday"] == 1 and counts["Bookmarks"] == 0
        # The empty node stays, drawn dim.
        bookmarks = next(tree.get_node_at_line(i) for i in range(tree.last_line + 1)
                         if tree.get_node_at_line(i).data.label == "Bookmarks")
        assert "dim" in str(bookmarks.label.style)


@pytest.mark.parametrize("label", ["tuesday", "Mar 12"])
async def test_selecting_a_node_filters_and_marks_it(two_days: Path, label: str) -> None:
    app = make_app(two_days)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        tree = app.query_one(TopicTree)
        tree.focus()
        labels = [tree.get_node_at_line(i).data.label for i in range(tree.last_line + 1)]
        tree.cursor_line = labels.index(label)
        await pilot.press("enter")
        await settle(pilot)
        assert [p.title for p in app.query_one(ResultList).papers] == [
            t for t, _ in SYNTHETIC[2:]]
        assert tree.active is not None and tree.active.kind in ("source", "date")
        status = str(app.query_one("#status").render())
        assert ("tuesday.txt" if tree.active.kind == "source" else "Mar 12") in status
        marked = tree.get_node_at_line(labels.index(label)).label
        assert any("underline" in str(span.style) for span in marked.spans)
        await pilot.press("escape", "backspace")
        await settle(pilot)
        assert tree.active is not None and tree.active.kind == "all"


async def test_big_libraries_mine_topics_in_a_child_process(tmp_path: Path,
                                                            monkeypatch) -> None:
    import paperterm.tui.app as app_module

    monkeypatch.setattr(app_module, "MINE_IN_PROCESS", 2)
    app = make_app(make_library(tmp_path / "lib", write_page(tmp_path / "p.txt", SYNTHETIC)))
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await app.workers.wait_for_complete()
        await settle(pilot)
        labels = node_counts(app.query_one(TopicTree))
        assert "Discovered" in labels and "Discovered (finding topics…)" not in labels
    assert (tmp_path / "lib" / "topics.json").exists()
