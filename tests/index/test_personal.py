"""Tags, notes, read state, per-paper state and the personal-state backup."""

from __future__ import annotations

import json

import pytest
from paperterm.index import Library
from paperterm.index.cite.bibtex import assign_keys, key_pattern, set_key_pattern
from paperterm.index.models import Source, paper_id
from paperterm.index.store.database import Store
from paperterm.index.store.personal import (
    BackupError,
    PaperState,
    TagError,
    add_tags,
    all_tags,
    clear_note,
    dump_state,
    export_state,
    ids_with_tag,
    import_state,
    is_read,
    load_state,
    mark_read,
    mark_unread,
    normalize_tag,
    note,
    noted_ids,
    paper_state,
    paper_states,
    read_ids,
    remove_tags,
    set_note,
    tags_for,
    tags_of,
    toggle_read,
    unread_ids,
)

TITLES = ["Quantum Gardening with Neural Shears", "Offline RL for Teapot Design",
          "A Survey of Zebra Crossing Detectors"]


def fill(library: Library, titles: list[str] = TITLES) -> list[str]:
    """Put papers straight into the store (no listing parser involved) and index them."""
    store = library.store
    ids = []
    for n, title in enumerate(titles):
        pid = paper_id(title)
        if not store.has_paper(pid):
            store.insert_paper(pid, title, f"Abstract {n}.")
        store.insert_source(pid, Source("/data/page.txt", 2 * n + 1, "Mar 11"))
        ids.append(pid)
    store.bump_generation()
    library.reindex()
    return ids


@pytest.fixture
def ids(library: Library) -> list[str]:
    return fill(library)


@pytest.mark.parametrize(("raw", "tag"), [("RL", "rl"), ("  reading  list ", "reading-list"),
                                         ("#todo", "todo"), ("TÜLU", "tülu")])
def test_normalize_tag(raw: str, tag: str) -> None:
    assert normalize_tag(raw) == tag


@pytest.mark.parametrize("bad", ["", "   ", "#", "a,b", "x\x1by", "t" * 65])
def test_bad_tags_are_refused(bad: str) -> None:
    with pytest.raises(TagError):
        normalize_tag(bad)


def test_tags_bulk_add_remove_and_counts(library: Library, ids: list[str]) -> None:
    store = library.store
    assert add_tags(store, ids, ["RL", "todo"]) == 6
    assert add_tags(store, ids[:1], ["rl", "Alpha"]) == 1  # rl already there
    assert all_tags(store) == [("rl", 3), ("todo", 3), ("alpha", 1)]
    assert tags_of(store, ids[0]) == ("alpha", "rl", "todo")
    assert remove_tags(store, ids[1:], ["todo", "never-there"]) == 2
    assert tags_for(store, ids) == {ids[0]: ("alpha", "rl", "todo"), ids[1]: ("rl",),
                                    ids[2]: ("rl",)}
    assert ids_with_tag(store, "TODO") == [ids[0]]
    with pytest.raises(TagError):
        add_tags(store, ids, ["ok", "bad,tag"])
    assert "ok" not in dict(all_tags(store))  # refused before anything was written


def test_notes(library: Library, ids: list[str]) -> None:
    store = library.store
    assert note(store, ids[0]) == ""
    assert set_note(store, ids[0], "first line\nsecond line\n")
    assert not set_note(store, ids[0], "first line\nsecond line")
    assert note(store, ids[0]) == "first line\nsecond line"
    assert set_note(store, ids[1], "other")
    assert noted_ids(store) == [ids[1], ids[0]]
    assert set_note(store, ids[1], "   ")  # blank clears
    assert note(store, ids[1]) == "" and noted_ids(store) == [ids[0]]
    assert clear_note(store, ids[0]) and not clear_note(store, ids[0])


def test_read_state(library: Library, ids: list[str]) -> None:
    store = library.store
    assert unread_ids(store) == ids and read_ids(store) == []
    assert mark_read(store, [ids[0], ids[0], ids[2]]) == 2
    assert mark_read(store, [ids[0]]) == 0
    assert read_ids(store) == [ids[0], ids[2]]
    assert unread_ids(store) == [ids[1]]
    assert toggle_read(store, ids[1]) is True and is_read(store, ids[1])
    assert toggle_read(store, ids[1]) is False and not is_read(store, ids[1])
    assert mark_unread(store, ids) == 2
    assert unread_ids(store) == ids


def test_paper_states(library: Library, ids: list[str]) -> None:
    store = library.store
    store.bookmark([ids[0]])
    add_tags(store, [ids[0]], ["x"])
    set_note(store, ids[0], "n")
    mark_read(store, [ids[0]])
    key = assign_keys(store, store.papers([ids[0]]))[ids[0]]
    assert paper_state(store, ids[0]) == PaperState(True, True, ("x",), "n", key)
    assert paper_states(store, ids)[ids[1]] == PaperState()


def test_state_survives_remove_readd_and_reindex(library: Library, ids: list[str]) -> None:
    store = library.store
    store.bookmark([ids[0]])
    add_tags(store, [ids[0]], ["keep"])
    set_note(store, ids[0], "still here")
    mark_read(store, [ids[0]])
    key = assign_keys(store, store.papers([ids[0]]))[ids[0]]
    # What `remove` does to a paper: its rows in papers and sources go.
    with store.transaction():
        store.execute("DELETE FROM sources WHERE paper_id=?", (ids[0],))
        store.execute("DELETE FROM papers WHERE id=?", (ids[0],))
    store.bump_generation()
    library.reindex()
    assert unread_ids(store) == ids[1:]
    fill(library)  # re-add the same listing
    assert paper_state(store, ids[0]) == PaperState(True, True, ("keep",), "still here", key)
    assert [h.paper.id for h in library.search("gardening").hits] == [ids[0]]


def test_settings_and_pattern_live_in_the_library(library: Library) -> None:
    set_key_pattern(library.store, "{title_word}{year}")
    reopened = Store(library.store.path)
    try:
        assert key_pattern(reopened) == "{title_word}{year}"
    finally:
        reopened.close()


# -- backup -----------------------------------------------------------------------------

def _personalize(store: Store, ids: list[str]) -> None:
    store.bookmark(ids[:2])
    add_tags(store, ids, ["rl"])
    add_tags(store, [ids[0]], ["todo"])
    set_note(store, ids[1], "a note\nwith two lines")
    mark_read(store, [ids[2]])
    assign_keys(store, store.papers(ids))
    set_key_pattern(store, "{title_word}{year}|{title_words}")


def test_backup_round_trip_to_a_new_machine(library: Library, ids: list[str],
                                            tmp_path: object) -> None:
    store = library.store
    _personalize(store, ids)
    text = dump_state(store)
    data = json.loads(text)
    assert data["papers"][ids[1]]["title"] == TITLES[1]
    with Library.open(tmp_path / "new-machine") as fresh:  # type: ignore[operator]
        # The backup can come before the listings: state is kept by paper id.
        report = import_state(fresh.store, load_state(text))
        assert (report.bookmarks, report.tags, report.notes, report.reads,
                report.citekeys, report.settings) == (2, 4, 1, 1, 3, 1)
        assert not report.conflicts and not report.problems
        fill(fresh)
        assert export_state(fresh.store)["papers"] == export_state(store)["papers"]
        assert key_pattern(fresh.store) == key_pattern(store)
        again = import_state(fresh.store, load_state(text))
        assert again.summary().startswith("imported 0 bookmarks, 0 tags, 0 notes")


def test_import_merges_and_reports_conflicts(library: Library, ids: list[str],
                                             tmp_path: object) -> None:
    store = library.store
    _personalize(store, ids)
    backup = load_state(dump_state(store))
    with Library.open(tmp_path / "other") as other:  # type: ignore[operator]
        fill(other)
        set_note(other.store, ids[1], "local note")
        add_tags(other.store, [ids[1]], ["local"])
        keys = assign_keys(store, store.papers(ids))
        other.store.set_citekey(ids[2], "mine")
        other.store.set_citekey(ids[1], keys[ids[0]].upper())  # someone else's key
        report = import_state(other.store, backup)
        assert len(report.conflicts) == 4, report.conflicts  # note, 3 keys
        assert note(other.store, ids[1]) == "local note"
        assert tags_of(other.store, ids[1]) == ("local", "rl")
        assert other.store.citekeys([ids[2]]) == {ids[2]: "mine"}
        assert ids[0] not in other.store.citekeys([ids[0]])
        forced = import_state(other.store, backup, overwrite=True)
        assert note(other.store, ids[1]) == "a note\nwith two lines"
        # Taking the backup's key for ids[1] frees the key ids[0] had in the backup.
        assert not forced.conflicts and forced.citekeys == 3
        assert other.store.citekeys(ids) == keys


def test_import_reports_bad_items_and_rejects_bad_files(library: Library) -> None:
    data = {"format": "paperterm-personal", "version": 1,
            "settings": {"citekey_pattern": "{nope}", "n": 3},
            "papers": {"abc": {"tags": ["ok", "bad,tag"], "citekey": "bad key",
                               "bookmarked": True},
                       "def": "not an object"}}
    report = import_state(library.store, data)
    assert report.bookmarks == 1 and report.tags == 1
    assert len(report.problems) == 5, report.problems
    for text in ("not json", "[]", '{"format": "other"}',
                 '{"format": "paperterm-personal", "version": 99}'):
        with pytest.raises(BackupError):
            load_state(text)


def test_state_survives_the_real_remove_and_add(small_library: Library, page: object) -> None:
    from paperterm.index.ingest.pipeline import add_paths, remove_paths

    store = small_library.store
    ids = [p.id for p in store.iter_papers()]
    add_tags(store, ids[:2], ["keep"])
    set_note(store, ids[0], "kept")
    mark_read(store, [ids[1]])
    store.bookmark([ids[0]])
    keys = assign_keys(store, store.papers(ids))
    before = paper_states(store, ids)
    remove_paths(small_library, [page])  # type: ignore[list-item]
    assert store.count() == 0
    add_paths(small_library, [page])  # type: ignore[list-item]
    small_library.reindex()
    assert paper_states(store, ids) == before
    assert assign_keys(store, store.papers(ids)) == keys
