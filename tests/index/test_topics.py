"""The topic tree on real libraries: nodes, filters, faceted counts, the discovery cache."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from paperterm.index import Library
from paperterm.index.ingest.pipeline import add_paths
from paperterm.index.search.searcher import Filter, QueryError
from paperterm.index.topics.phrases import BOILERPLATE, STOP_WORDS, normalize
from paperterm.index.topics.taxonomy import FILE_NAME
from paperterm.index.topics.tree import (
    CACHE_FILE,
    DISCOVERED,
    TAXONOMY,
    TopicNode,
    build_tree,
    count_tree,
    discover_topics,
    tree_nodes,
)

from ..conftest import write_page
from .test_topics_themes import planted_library


def _node(tree: list[TopicNode], *labels: str) -> TopicNode:
    nodes = tree
    node = None
    for label in labels:
        node = next(n for n in nodes if n.label == label)
        nodes = list(node.children)
    assert node is not None
    return node


@pytest.fixture
def planted(library: Library, tmp_path: Path) -> Library:
    pairs = [(title, abstract) for _, title, abstract in planted_library()]
    assert add_paths(library, [write_page(tmp_path / "planted.txt", pairs)]).ok
    return library


def test_tree_has_fixed_nodes_discovered_topics_and_sources(planted: Library) -> None:
    tree = build_tree(planted)
    labels = [n.label for n in tree]
    assert labels[:3] == ["All papers", "Bookmarks", DISCOVERED]
    assert "Sources" in labels and "Dates" in labels and TAXONOMY not in labels
    assert _node(tree, "All papers").count == 60
    assert _node(tree, "Sources", "planted").count == 60
    discovered = _node(tree, DISCOVERED)
    assert discovered.count is None and len(discovered.children) == 3
    assert all(c.filter is not None and c.filter.kind == "topic" for c in discovered.children)
    assert sorted(c.count or 0 for c in discovered.children) == [20, 20, 20]


@pytest.mark.parametrize("query", ["", "zebra", "teapot OR bonsai", "steam vent", "nothingatall"])
def test_counts_equal_the_results_of_selecting_the_node(planted: Library, query: str) -> None:
    tree = build_tree(planted, query)
    for root in tree:
        for _, node in root.walk():
            if node.filter is None:
                assert node.count is None
                continue
            expected = planted.search(query, node.filter, limit=None).total
            assert node.count == expected, (node.label, query)


def test_empty_nodes_are_kept_with_zero(planted: Library) -> None:
    tree = build_tree(planted, "zebra")
    topics = _node(tree, DISCOVERED).children
    assert len(topics) == 3
    assert sorted(t.count for t in topics)[:2] == [0, 0]


def test_count_tree_reuses_the_shape_and_rejects_bad_queries(planted: Library) -> None:
    shape = tree_nodes(planted)
    assert all(n.count is None for root in shape for _, n in root.walk())
    counted = count_tree(planted, shape, "teapot")
    assert [n.label for n in counted] == [n.label for n in shape]
    assert _node(counted, "All papers").count == planted.search("teapot", limit=None).total
    with pytest.raises(QueryError):
        count_tree(planted, shape, "year:soon")


def test_bookmarks_count_follows_the_store(planted: Library) -> None:
    pid = planted.search("teapot", limit=1).hits[0].paper.id
    shape = tree_nodes(planted)
    assert _node(count_tree(planted, shape, ""), "Bookmarks").count == 0
    planted.toggle_bookmark(pid)
    assert _node(count_tree(planted, shape, ""), "Bookmarks").count == 1
    assert _node(count_tree(planted, shape, "zebra"), "Bookmarks").count == 0


def test_discovery_is_cached_on_disk_by_generation(planted: Library, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    first = discover_topics(planted)
    assert (planted.root / CACHE_FILE).exists()
    import paperterm.index.topics.tree as topics_module

    def boom(rows: object) -> None:
        raise AssertionError("mined again")

    monkeypatch.setattr(topics_module, "discover", boom)
    with Library.open(planted.root) as reopened:
        assert discover_topics(reopened) == first
    monkeypatch.undo()
    more = [("Kettle Handle Ergonomics", "The kettle handle and the teapot spout are here.")]
    assert add_paths(planted, [write_page(tmp_path / "more.txt", more)]).ok
    after = discover_topics(planted)
    assert sum(len(t.ids) for t in after) > sum(len(t.ids) for t in first)


def test_two_libraries_with_the_same_papers_give_the_same_tree(tmp_path: Path) -> None:
    pairs = [(title, abstract) for _, title, abstract in planted_library()]
    trees = []
    for name, order in (("a", pairs), ("b", list(reversed(pairs)))):
        with Library.open(tmp_path / name) as lib:
            add_paths(lib, [write_page(tmp_path / f"{name}.txt", order)])
            trees.append([n.to_dict() for n in _node(build_tree(lib), DISCOVERED).children])
    assert trees[0] == trees[1]


def test_taxonomy_nodes_are_saved_queries(planted: Library) -> None:
    (planted.root / FILE_NAME).write_text(
        "[Crossings]\nquery = 'zebra OR pedestrian'\n"
        "[Crossings.Cameras]\nquery = '\"traffic camera\"'\n"
        "[Kitchen.Teapots]\nquery = 'teapot'\n[Broken]\nquery = 'year:soon'\n")
    problems: list[str] = []
    tree = build_tree(planted, "", problems)
    assert len(problems) == 1 and "[Broken]" in problems[0]
    crossings = _node(tree, TAXONOMY, "Crossings")
    assert crossings.filter == Filter("query", "zebra OR pedestrian")
    assert crossings.count == planted.search("zebra OR pedestrian", limit=None).total
    cameras = _node(tree, TAXONOMY, "Crossings", "Cameras")
    assert 0 < (cameras.count or 0) <= (crossings.count or 0)
    kitchen = _node(tree, TAXONOMY, "Kitchen")
    assert kitchen.count == _node(tree, TAXONOMY, "Kitchen", "Teapots").count
    broken = _node(tree, TAXONOMY, "Broken")
    assert broken.filter is None


def test_to_dict_names_topics_without_listing_ids(planted: Library) -> None:
    topic = _node(build_tree(planted), DISCOVERED).children[0].to_dict()
    assert topic["filter"] == {"kind": "topic", "name": topic["label"]}


def test_seed_library_tree(seeds: Path, library: Library) -> None:
    assert add_paths(library, sorted(seeds.glob("*.txt"))).ok
    tree = build_tree(library)
    topics = _node(tree, DISCOVERED).children
    assert 5 <= len(topics) <= 15
    everyone = {p.id for p in library.store.iter_papers()}
    reached = {i for t in topics for i in (t.filter.value.split() if t.filter else ())}
    assert reached == everyone
    text = " ".join(f"{p.title} {p.abstract}" for p in library.store.iter_papers()).lower()
    for topic in topics:
        for _, node in topic.walk():
            if node.label == "Other papers":
                continue
            words = node.label.lower().split()
            assert words[0] not in STOP_WORDS | BOILERPLATE, node.label
            assert words[-1] not in STOP_WORDS | BOILERPLATE, node.label
            # A phrase as written in some paper, not a stem or a cut-off piece.
            assert re.search(rf"(?<![\w-]){re.escape(node.label.lower())}(?![\w-])", text), \
                node.label
    wanted = {"offline reinforcement learning", "reward model", "direct preference optimization",
              "tree search"}
    keys = {" ".join(normalize(w) for w in n.label.split()) for t in topics for _, n in t.walk()}
    assert wanted <= keys


def test_tags_appear_once_papers_are_tagged(planted: Library) -> None:
    from paperterm.index.store.personal import add_tags

    assert "Tags" not in [n.label for n in build_tree(planted)]
    ids = [h.paper.id for h in planted.search("teapot", limit=3).hits]
    add_tags(planted.store, ids, ["to-read"])
    tree = build_tree(planted, "teapot")
    (tag,) = _node(tree, "Tags").children
    assert tag.label == "to-read" and tag.count == 3
    assert planted.search("teapot", tag.filter, limit=None).total == 3


def test_node_sets_are_computed_once_per_index_version(planted: Library,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from paperterm.index.topics.counts import TopicCounter

    shape = tree_nodes(planted)
    count_tree(planted, shape, "")
    calls: list[Filter] = []
    original = TopicCounter._node_docs

    def spy(self: TopicCounter, s: object, flt: Filter) -> frozenset[int]:
        if flt not in self._nodes:
            calls.append(flt)
        return original(self, s, flt)

    monkeypatch.setattr(TopicCounter, "_node_docs", spy)
    count_tree(planted, shape, "zebra")
    count_tree(planted, shape, "teapot")
    assert calls == []
