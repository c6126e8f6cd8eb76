"""Pure rendering: the text the widgets show, tested without a terminal."""

from __future__ import annotations

from paperterm.index.models import Paper
from paperterm.tui.render import ENTRY_LINES, EntryFlags, entry_lines, reader, topic_label

PAPER = Paper("abc", "Offline Teapots [bold]x[/bold]", "We pour tea. " * 30)


def test_entry_has_fixed_height_and_marks() -> None:
    lines = entry_lines(PAPER, {"teapot"}, EntryFlags(bookmarked=True, selected=True), 40)
    assert len(lines) == ENTRY_LINES
    assert lines[0].plain.startswith("✓★ ")
    assert all(line.cell_len <= 40 for line in lines)
    assert "[bold]x[/bold]" in " ".join(line.plain for line in lines)


def test_gutter_style_does_not_leak_into_the_title() -> None:
    row = entry_lines(PAPER, set(), EntryFlags(selected=True, read=True), 60)[0]
    title_start = row.plain.index("Offline")
    styles = {str(span.style) for span in row.spans if span.start >= title_start}
    assert not any("green" in s or "yellow" in s for s in styles)
    assert "green" not in str(row.style)


def test_unread_titles_are_bold_read_ones_not() -> None:
    unread = entry_lines(PAPER, set(), EntryFlags(read=False), 60)[0]
    read = entry_lines(PAPER, set(), EntryFlags(read=True), 60)[0]
    assert any("bold" in str(s.style) for s in unread.spans if s.start >= 3)
    assert not any("bold" in str(s.style) for s in read.spans if s.start >= 3)


def test_reader_marks_matches() -> None:
    text = reader(PAPER, {"tea"}, bookmarked=False)
    marked = [text.plain[s.start:s.end] for s in text.spans if "underline" in str(s.style)]
    assert marked and all(m.lower() == "tea" for m in marked)


def test_topic_label_fits_and_dims_empty_nodes() -> None:
    label = topic_label("a very long topic label indeed", 1234, 20)
    assert label.cell_len == 20 and label.plain.endswith("1234") and "…" in label.plain
    assert "dim" in str(topic_label("empty", 0, 20).style)
