"""Query history and saved searches kept in the library directory."""

from __future__ import annotations

import pytest
from paperterm.index import Library
from paperterm.index.store.history import History, SavedSearches


def test_history_is_newest_first_without_repeats(library: Library) -> None:
    history = library.history
    for text in ["tree search", "reward  model", "", "tree search"]:
        history.add(text)
    assert history.entries() == ["tree search", "reward model"]
    assert History(library.root).entries() == ["tree search", "reward model"]  # persisted


def test_history_is_bounded_and_survives_a_bad_file(library: Library) -> None:
    history = History(library.root, limit=3)
    for n in range(5):
        history.add(f"q{n}")
    assert history.entries() == ["q4", "q3", "q2"]
    history.path.write_text("{not json")
    assert history.entries() == []
    history.add("again")
    assert history.entries() == ["again"]


def test_saved_searches_fill_slots_and_delete(library: Library) -> None:
    saved = library.saved_searches
    first = saved.save("tree search")
    second = saved.save("reward", sort="listed", name="Rewards")
    assert (first.slot, second.slot) == (1, 2)
    assert saved.save("tree search").slot == 1  # saving again keeps its slot
    assert saved.get(2) is not None and saved.get(2).label == "Rewards"
    assert saved.delete(1) and not saved.delete(1)
    assert saved.save("mcts").slot == 1
    assert [(s.slot, s.query, s.sort) for s in SavedSearches(library.root).entries()] == [
        (1, "mcts", "relevance"), (2, "reward", "listed")]


def test_saved_search_slots_are_one_to_nine(library: Library) -> None:
    saved = library.saved_searches
    for n in range(9):
        saved.save(f"q{n}")
    with pytest.raises(ValueError, match="all 9"):
        saved.save("one more")
    assert saved.save("replaced", slot=9).query == "replaced"
    with pytest.raises(ValueError, match="1 to 9"):
        saved.save("x", slot=10)
