"""``add_paths`` / ``remove_paths``: incremental add, replacement, removal, merging, bad input."""

from __future__ import annotations

import io
import json
import os
import tracemalloc
from pathlib import Path

import pytest
from paperterm.index import Library, paper_id
from paperterm.index.ingest.pipeline import STDIN_NAME, add_paths, remove_paths
from paperterm.index.library import LibraryBusy

from tests.conftest import SYNTHETIC, write_page


def titles(library: Library) -> set[str]:
    return {p.title for p in library.store.iter_papers()}


def test_seed_pages_exact_counts_and_rerun_adds_nothing(library: Library, seeds: Path) -> None:
    first = add_paths(library, [seeds])
    assert (first.records, first.new_papers, first.ok) == (367, 276, True)
    assert library.store.count() == 276 and library.is_consistent()
    again = add_paths(library, [seeds])
    assert (again.new_papers, again.records, again.unchanged) == (0, 0, 5)
    assert library.store.count() == 276 and library.store.record_count() == 367


def test_unchanged_file_is_skipped_even_when_touched(library: Library, page: Path) -> None:
    add_paths(library, [page])
    generation = library.store.generation()
    os.utime(page, ns=(1_000_000_000, 1_000_000_000))
    report = add_paths(library, [page])
    assert (report.unchanged, report.records) == (1, 0)
    assert library.store.generation() == generation
    assert library.store.file_info(str(page.resolve())).mtime_ns == 1_000_000_000


def test_changed_file_replaces_its_records(library: Library, page: Path) -> None:
    add_paths(library, [page])
    gone_id = paper_id(SYNTHETIC[0][0])
    library.store.bookmark([gone_id])
    changed = [(SYNTHETIC[1][0], "A rewritten abstract."), *SYNTHETIC[2:],
               ("A Brand New Paper", "Fresh.")]
    write_page(page, changed)
    report = add_paths(library, [page])
    assert (report.replaced, report.new_papers, report.removed_papers) == (1, 1, 1)
    assert titles(library) == {t for t, _ in changed}
    assert library.paper(paper_id(SYNTHETIC[1][0])).abstract == "A rewritten abstract."
    assert library.store.record_count() == len(changed)
    assert library.is_consistent()
    assert library.search(SYNTHETIC[0][0].split()[1]).total == 0
    assert library.search("rewritten").total == 1
    # The bookmark survives the paper leaving and applies again when it comes back.
    assert gone_id in library.store.bookmarked_ids()
    back = add_paths(library, [write_page(page.with_name("old.txt"), SYNTHETIC[:1])])
    assert back.new_papers == 1 and library.store.is_bookmarked(gone_id)


def test_file_that_now_fails_keeps_what_it_gave(library: Library, page: Path) -> None:
    add_paths(library, [page])
    page.write_bytes(b"")
    report = add_paths(library, [page])
    assert not report.ok and "empty file" in str(report.problems[0])
    assert library.store.count() == len(SYNTHETIC)


def test_remove_keeps_papers_another_source_lists(library: Library, tmp_path: Path) -> None:
    a = write_page(tmp_path / "a.txt", SYNTHETIC[:3])
    (tmp_path / "sub").mkdir()
    b = write_page(tmp_path / "sub" / "b.txt", SYNTHETIC[2:])
    add_paths(library, [a, b])
    library.store.bookmark([paper_id(SYNTHETIC[0][0])])
    report = remove_paths(library, [a])
    assert (report.files, report.removed_papers) == ([str(a.resolve())], 2)
    assert titles(library) == {t for t, _ in SYNTHETIC[2:]}
    assert library.is_consistent() and library.search("bonsai").total == 0
    assert [s.file for s in library.paper(paper_id(SYNTHETIC[2][0])).sources] == [
        str(b.resolve())]
    assert paper_id(SYNTHETIC[0][0]) in library.store.bookmarked_ids()
    by_dir = remove_paths(library, [tmp_path / "sub"])
    assert by_dir.removed_papers == 3 and library.store.count() == 0
    unknown = remove_paths(library, [tmp_path / "never.txt"])
    assert "not a source" in str(unknown.problems[0])
    # Removed files are re-read when added again.
    assert add_paths(library, [a]).new_papers == 3


def test_arxiv_paper_merges_with_page_paper_by_title(library: Library, page: Path,
                                                     tmp_path: Path) -> None:
    title = SYNTHETIC[0][0]
    snapshot = tmp_path / "arxiv.jsonl"
    lines = [{"id": "2401.00001", "title": title.upper(), "abstract": "Other text.",
              "authors": "Ada Lovelace and Alan Turing", "categories": "cs.LG",
              "versions": [{"version": "v1", "created": "Mon, 15 Jan 2024 10:00:00 GMT"}],
              "doi": "10.1/x"}]
    snapshot.write_text("\n".join(json.dumps(x) for x in lines))
    add_paths(library, [page])
    report = add_paths(library, [snapshot])
    assert (report.new_papers, report.merged) == (0, 1)
    paper = library.paper(paper_id(title))
    assert paper.abstract == SYNTHETIC[0][1]
    assert len(paper.sources) == 2 and paper.extra["arxiv_id"] == "2401.00001"
    assert paper.authors == ("Ada Lovelace", "Alan Turing") and paper.year == 2024


def test_arxiv_versions_with_different_titles_are_one_paper(library: Library,
                                                            tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    entries = "".join(
        f'<entry><id>http://arxiv.org/abs/2401.00009v{v}</id><title>{t}</title>'
        f"<summary>Abstract v{v}.</summary></entry>"
        for v, t in ((1, "Teapots Drip"), (2, "Teapots Drip Less")))
    feed.write_text(f'<feed xmlns="http://www.w3.org/2005/Atom">{entries}</feed>')
    report = add_paths(library, [feed])
    assert (report.records, report.new_papers) == (2, 1)
    assert titles(library) == {"Teapots Drip"}


def test_bad_inputs_do_not_stop_good_ones(library: Library, tmp_path: Path) -> None:
    good = write_page(tmp_path / "good.txt", SYNTHETIC[:2])
    bad = {
        "binary.txt": b"\x00\x01\x02\x03",
        "empty.txt": b"",
        "page.html": b"<!doctype html><html><body>x</body></html>",
        "broken.json": b'[{"title": "Half Written", "abstract": "Fine."}, {"title": ',
        "rows.csv": b"title,abstract\n,No title.\nCSV Paper,Kept.\n",
    }
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    paths = [good, *(tmp_path / n for n in bad), tmp_path / "missing.txt"]
    report = add_paths(library, paths)
    assert not report.ok
    reasons = {Path(p.file).name: p.reason for p in report.problems}
    assert set(reasons) == {"binary.txt", "empty.txt", "page.html", "broken.json",
                            "rows.csv", "missing.txt"}
    assert titles(library) == {SYNTHETIC[0][0], SYNTHETIC[1][0], "Half Written", "CSV Paper"}
    assert all(str(p).startswith(p.file + ":") for p in report.problems)
    # Files with problems are read again next time (their problems are reported again).
    assert not add_paths(library, [tmp_path / "rows.csv"]).ok


def test_file_that_disappears_mid_scan(library: Library, tmp_path: Path) -> None:
    first = write_page(tmp_path / "a.txt", SYNTHETIC[:1])
    second = write_page(tmp_path / "b.txt", SYNTHETIC[1:2])
    third = write_page(tmp_path / "c.txt", SYNTHETIC[2:3])

    def vanish(stage: str, done: int, total: int) -> None:
        if stage == "read" and second.exists():
            second.unlink()

    report = add_paths(library, [tmp_path], vanish)
    assert [(Path(p.file).name, "no such file" in p.reason) for p in report.problems] == [
        ("b.txt", True)]
    assert titles(library) == {SYNTHETIC[0][0], SYNTHETIC[2][0]}
    assert first.exists() and third.exists()


def test_stdin(library: Library) -> None:
    data = json.dumps([{"title": "Piped Paper", "abstract": "From a pipe."}]).encode()
    report = add_paths(library, ["-"], stdin=io.BytesIO(data))
    assert report.ok and report.new_papers == 1
    paper = library.paper(paper_id("Piped Paper"))
    assert paper.sources[0].file == STDIN_NAME and library.is_consistent()


def test_format_override(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_text("Title,Abstract\nA Paper,Its abstract\n")
    assert titles(library) == set() and add_paths(library, [path]).new_papers == 1
    report = add_paths(library, [path], fmt="dailypapers")
    assert report.replaced == 1 and titles(library) == {"Title,Abstract A Paper,Its abstract"}


def test_progress_is_per_file_then_index(library: Library, tmp_path: Path) -> None:
    paths = [write_page(tmp_path / f"{i}.txt", SYNTHETIC[i:i + 1]) for i in range(3)]
    calls: list[tuple[str, int, int]] = []
    add_paths(library, paths, lambda *a: calls.append(a))
    reads = [c for c in calls if c[0] == "read"]
    total = sum(p.stat().st_size for p in paths)
    assert [c[1] for c in reads] == [sum(p.stat().st_size for p in paths[:i + 1])
                                     for i in range(3)]
    assert all(c[2] == total for c in reads) and calls[-1] == ("index", 3, 3)


def test_second_writer_is_told_the_library_is_busy(library: Library, page: Path) -> None:
    with library.write_lock(), pytest.raises(LibraryBusy, match="busy"):
        add_paths(library, [page], lock_timeout=0)
    assert library.store.count() == 0


def test_reader_keeps_working_during_an_add(library: Library, tmp_path: Path) -> None:
    add_paths(library, [write_page(tmp_path / "a.txt", SYNTHETIC[:1])])
    seen: list[int] = []
    with Library.open(library.root) as reader:
        def search_meanwhile(stage: str, done: int, total: int) -> None:
            if stage == "read":
                seen.append(reader.search("").total)

        add_paths(library, [write_page(tmp_path / "b.txt", SYNTHETIC[1:])], search_meanwhile)
        assert seen == [1]
        assert reader.search("").total == 1  # the view only moves on an explicit refresh
        assert reader.refresh()
        assert reader.search("").total == len(SYNTHETIC)
        assert not reader.refresh()


def test_fifty_megabyte_single_line_is_refused_in_bounded_memory(library: Library,
                                                                 tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("w") as out:
        for _ in range(50):
            out.write("word " * 200_000)  # 1 MB a time, never a newline
    good = write_page(tmp_path / "good.txt", SYNTHETIC[:1])
    tracemalloc.start()
    try:
        report = add_paths(library, [huge, good])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert huge.stat().st_size >= 50_000_000
    assert peak < 20_000_000, f"peak {peak:,} bytes"
    assert any(p.file == str(huge.resolve()) and "longer than" in p.reason
               for p in report.problems)
    assert titles(library) == {SYNTHETIC[0][0]}


def test_tags_and_notes_come_back_with_the_paper(library: Library, page: Path) -> None:
    from paperterm.index.store.personal import add_tags, note, set_note, tags_of

    add_paths(library, [page])
    pid = paper_id(SYNTHETIC[3][0])
    add_tags(library.store, [pid], ["to-read"])
    set_note(library.store, pid, "Check the value model.")
    remove_paths(library, [page])
    assert library.paper(pid) is None
    add_paths(library, [page])
    assert library.paper(pid) is not None
    assert tags_of(library.store, pid) == ("to-read",)
    assert note(library.store, pid) == "Check the value model."


def test_paper_dropped_by_one_file_and_added_by_the_next(library: Library,
                                                         tmp_path: Path) -> None:
    a = write_page(tmp_path / "a.txt", SYNTHETIC[:2])
    add_paths(library, [a])
    write_page(a, SYNTHETIC[1:2])
    b = write_page(tmp_path / "b.txt", SYNTHETIC[:1])
    report = add_paths(library, [a, b])
    assert report.removed_papers == 0 and report.new_papers == 1
    assert library.store.count() == 2 and library.is_consistent()
    assert library.search("bonsai").total == 1


def test_directory_symlink_loop_is_reported_and_files_still_added(library: Library,
                                                                  tmp_path: Path) -> None:
    root = tmp_path / "papers"
    root.mkdir()
    write_page(root / "a.txt", SYNTHETIC[:2])
    (root / "again").symlink_to(root)
    report = add_paths(library, [root])
    assert [p.reason for p in report.problems] == ["directory already visited (symlink loop)"]
    assert report.new_papers == 2 and report.files == 1
