"""Searching a synthetic library: compounds, acronyms, spelling, fields, prefixes, sorting."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from paperterm.index import Library
from paperterm.index.ingest.pipeline import add_paths
from paperterm.index.search import expansion
from paperterm.index.search.searcher import QueryError

from ..conftest import write_page

COMPOUNDS = [
    ("Hyphen Planner", "A model-based planner for kettles."),
    ("Spaced Planner", "A model based planner for toasters."),
    ("Joined Planner", "A modelbased planner for blenders."),
    ("Distractor", "Our model of spoons is based on forks."),
]


def add(library: Library, tmp_path: Path, papers: Sequence[tuple[str, str]],
        name: str = "page.txt", date: str = "Mar 11") -> Library:
    report = add_paths(library, [write_page(tmp_path / name, papers, date=date)])
    assert report.ok
    return library


def titles(library: Library, text: str, **kwargs: object) -> list[str]:
    return [h.paper.title for h in library.search(text, limit=None, **kwargs).hits]


def test_hyphenated_spaced_and_joined_spellings_find_the_same_papers(
        library: Library, tmp_path: Path) -> None:
    add(library, tmp_path, COMPOUNDS)
    expected = {"Hyphen Planner", "Spaced Planner", "Joined Planner"}
    for text in ("model-based", "model based", "modelbased", "Model-Based planner"):
        assert set(titles(library, text)) == expected, text


def test_acronym_finds_papers_that_write_it_out(library: Library, tmp_path: Path) -> None:
    add(library, tmp_path, [
        ("Tea Search", "We brew with monte carlo tree search over leaves."),
        ("Abbreviated", "MCTS picks biscuits."),
    ], name="a.txt")
    assert titles(library, "MCTS") == ["Abbreviated"]
    # The definition arrives with a new paper; the map follows without a rebuild.
    add(library, tmp_path, [("Defining Paper", "Monte Carlo Tree Search (MCTS) plans jam.")],
        name="b.txt")
    assert set(titles(library, "MCTS")) == {"Tea Search", "Abbreviated", "Defining Paper"}
    # All the words first, then papers with some of them.
    assert titles(library, "mcts biscuits")[0] == "Abbreviated"


def test_typo_gets_a_readable_suggestion(library: Library, tmp_path: Path) -> None:
    add(library, tmp_path, [
        ("Reinforcement Kettles", "Reinforcement learning boils water."),
        ("Reinforcement Toasters", "Reinforcement learning browns bread."),
        ("Reinforced Glass", "Reinforced panes."),
    ])
    result = library.search("reinforcemnt toasters")
    assert result.suggestion == "reinforcement toasters"
    # Same stem as a library word: it already finds those papers, so it is not "corrected".
    assert library.search("reinforcment toasters").suggestion is None
    assert library.search("reinforcement toasters").suggestion is None
    assert library.search("xqzvw").suggestion is None
    assert library.search("Toastrs").suggestion == "Toasters"


def _personal(library: Library) -> None:
    ids = {p.title: p.id for p in library.search("", limit=None).papers}
    store = library.store
    store.execute("CREATE TABLE IF NOT EXISTS tags (paper_id TEXT, tag TEXT, created REAL)")
    store.execute("CREATE TABLE IF NOT EXISTS reads (paper_id TEXT, read_at REAL)")
    store.execute("INSERT INTO tags(paper_id, tag, created) VALUES (?, 'tea', 0)",
                  (ids["Hyphen Planner"],))
    store.execute("INSERT INTO tags(paper_id, tag, created) VALUES (?, 'tea', 0)",
                  (ids["Spaced Planner"],))
    store.execute("INSERT INTO reads(paper_id, read_at) VALUES (?, 0)", (ids["Hyphen Planner"],))
    store.bookmark([ids["Joined Planner"], ids["Spaced Planner"]])


def test_tag_and_is_fields(library: Library, tmp_path: Path) -> None:
    add(library, tmp_path, COMPOUNDS)
    _personal(library)
    assert set(titles(library, "tag:tea")) == {"Hyphen Planner", "Spaced Planner"}
    assert set(titles(library, "tag:TEA planner -is:read")) == {"Spaced Planner"}
    assert set(titles(library, "is:bookmarked")) == {"Joined Planner", "Spaced Planner"}
    assert set(titles(library, "is:bookmarked tag:tea")) == {"Spaced Planner"}
    assert set(titles(library, "is:unread planner")) == {"Spaced Planner", "Joined Planner"}
    assert titles(library, "is:read") == ["Hyphen Planner"]
    assert titles(library, "tag:coffee") == []
    assert set(titles(library, "-is:bookmarked")) == {"Hyphen Planner", "Distractor"}


def test_unknown_field_is_searched_as_words_with_a_hint(small_library: Library) -> None:
    result = small_library.search("teapots: design")
    assert result.hint and "teapots:" in result.hint and "author:" in result.hint
    assert result.hits and "Teapot" in result.hits[0].paper.title
    assert small_library.search("author:knuth").total == 0
    with pytest.raises(QueryError, match="is:unread"):
        small_library.search("is:starred")


def test_prefix_expansion_is_bounded(library: Library, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    add(library, tmp_path, [(f"Paper {n}", f"quux{n:03d} appears here.") for n in range(12)])
    assert library.search("quux*").total == 12
    monkeypatch.setattr(expansion, "MAX_PREFIX_TERMS", 5)
    result = library.search("quux*")
    assert result.total == 5
    assert len(result.terms) == 5


LONG = "We boil water in a kettle and measure how long it takes, in trial "


def test_sort_orders(library: Library, tmp_path: Path) -> None:
    add(library, tmp_path, [("Banana Kettle", LONG + "one.")], name="1.txt", date="Mar 11")
    add(library, tmp_path, [("apple Kettle", LONG + "two.")], name="2.txt", date="Mar 13")
    add(library, tmp_path, [("Cherry Kettle", LONG + "three.")], name="3.txt", date="Mar 12")
    assert titles(library, "kettle", sort="title") == [
        "apple Kettle", "Banana Kettle", "Cherry Kettle"]
    assert titles(library, "kettle", sort="listed") == [
        "apple Kettle", "Cherry Kettle", "Banana Kettle"]
    assert titles(library, "", sort="added") == [
        "Cherry Kettle", "apple Kettle", "Banana Kettle"]
    assert library.search("kettle", sort="date").sort == "listed"
    with pytest.raises(QueryError, match="relevance, title, listed, added"):
        library.search("kettle", sort="size")


def test_title_matches_rank_first(library: Library, tmp_path: Path) -> None:
    add(library, tmp_path, [
        ("Spoons and Forks", "This paper is about kettles, kettles and kettles."),
        ("Kettles", "This paper is about spoons."),
    ])
    assert titles(library, "kettles")[0] == "Kettles"


def _marked(library: Library, text: str) -> list[str]:
    result = library.search(text)
    return [f.marked() for hit in result.hits for f in result.highlights(hit)]


def test_highlights_cover_expansions(library: Library, tmp_path: Path) -> None:
    add(library, tmp_path, [
        ("Reinforcement Kettles", "Monte Carlo Tree Search (MCTS) with a model-based kettle."),
    ])
    assert "**Reinforcement** Kettles" in _marked(library, "reinf*")
    assert "**Reinforcement** Kettles" in _marked(library, "reinforcment~")
    assert any("**Monte Carlo Tree Search** (**MCTS**)" in m for m in _marked(library, "mcts"))
    assert any("a **model-based** kettle" in m for m in _marked(library, "modelbased"))
    assert not any("**kettle**" in m for m in _marked(library, "mcts -kettle"))


def test_highlight_fragments(small_library: Library) -> None:
    result = small_library.search("teapot")
    (hit,) = result.hits
    title, abstract = result.highlights(hit)
    assert (title.field, abstract.field) == ("title", "abstract")
    assert [title.text[a:b] for a, b in title.spans] == ["Teapot"]
    assert abstract.to_dict()["marked"].count("**teapot**") == 1
    assert result.total == 1 and result.elapsed > 0


def test_related_papers_share_readable_words(library: Library, tmp_path: Path) -> None:
    add(library, tmp_path, [
        ("Pouring Teapots", "Teapot spouts pouring tea without dripping."),
        ("Teapot Spouts Revisited", "We study pouring from teapot spouts."),
        ("Dripping Teapots", "Why teapots keep dripping."),
        ("Zebra Crossings", "Detecting stripes on roads."),
    ])
    pid = library.search('title:"pouring teapots"').hits[0].paper.id
    related = library.related(pid, limit=5)
    assert [r.paper.title for r in related][:2] == ["Teapot Spouts Revisited", "Dripping Teapots"]
    assert all(r.paper.id != pid for r in related)
    assert "Zebra Crossings" not in [r.paper.title for r in related]
    assert {"pouring", "spouts"} <= set(related[0].shared)
    with pytest.raises(KeyError):
        library.related("0000000000")


def test_schema_version_mismatch_triggers_a_rebuild(small_library: Library) -> None:
    assert small_library.is_consistent()
    (small_library.root / "whoosh" / "SCHEMA").write_text("1")
    assert not small_library.is_consistent()
    assert small_library.ensure_consistent()
    assert small_library.is_consistent()
    assert small_library.search("teapot").total == 1


def test_understand_gives_the_widened_query_and_personal_conditions(
        library: Library, tmp_path: Path) -> None:
    add(library, tmp_path, COMPOUNDS)
    with library.searcher.using():
        q, personal = library.searcher.understand("modelbased tag:tea")
    assert "modelbas" in str(q) and '"model base"' in str(q)
    assert [(p.field, p.value) for p in personal] == [("tag", "tea")]
    # A stray quote is only a character.
    q, _ = library.searcher.understand('"model')
    assert "model" in str(q)


def test_speller_knows_written_words_not_stems(library: Library, tmp_path: Path) -> None:
    add(library, tmp_path, [
        ("Reinforcement Kettles", "Reinforcement learning boils water in a TÜLU kettle."),
    ])
    with library.searcher.using():
        speller = library.searcher.speller()
        assert speller.known("reinforcement") and speller.known("Tülu")
        assert speller.known("reinforcment")  # analyses to an indexed term
        assert speller.known("reinforcing") and not speller.known("reinforcemnt")
        assert speller.closest("reinforcment") is None
        assert speller.closest("reinforcemnt") == "reinforcement"
        assert speller.closest("kettels") == "kettles"  # one transposition away
        assert speller.closest("zzzzzz") is None


def test_acronym_map_prefers_the_commonest_expansion(library: Library, tmp_path: Path) -> None:
    add(library, tmp_path, [
        ("One", "Proximal Policy Optimization (PPO) trains kettles."),
        ("Two", "Proximal Policy Optimization (PPO) trains toasters."),
        ("Three", "Pancake Pouring Order (PPO) is a breakfast rule."),
    ])
    with library.searcher.using():
        assert library.searcher.acronyms()["ppo"] == (
            "proximal policy optimization", "pancake pouring order")
