"""The topic tree: All papers, Bookmarks, discovered topics, the user's taxonomy, Sources,
Dates and Tags, each node a :class:`Filter` with a count of its papers in the current search.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
import weakref
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..layout import write_atomic
from ..search.searcher import ALL, Filter
from .taxonomy import SavedTopic, load_taxonomy
from .themes import Topic, discover

if TYPE_CHECKING:
    from ..library import Library

CACHE_FILE = "topics.json"
#: Bump when discovery changes, so a cached tree from an older paperterm is rebuilt.
CACHE_VERSION = 2
DISCOVERED, TAXONOMY = "Discovered", "My taxonomy"
MINING = "Discovered (finding topics…)"


@dataclass(frozen=True, slots=True)
class TopicNode:
    """One node: a label, the filter it selects (None for a pure group), a paper count."""

    label: str
    filter: Filter | None = None
    count: int | None = None
    children: tuple[TopicNode, ...] = field(default=())
    #: A path unique in the tree ("discovered/reward model/RM"), stable across rebuilds.
    key: str = ""

    def walk(self, depth: int = 0) -> Iterator[tuple[int, TopicNode]]:
        yield depth, self
        for child in self.children:
            yield from child.walk(depth + 1)

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"label": self.label, "count": self.count}
        if self.filter is not None:
            flt = self.filter
            if flt.kind == "topic":  # the value is every member's id: too long to print
                out["filter"] = {"kind": flt.kind, "name": flt.name or self.label}
            else:
                out["filter"] = {"kind": flt.kind, "value": flt.value}
        if self.children:
            out["children"] = [c.to_dict() for c in self.children]
        return out


# -- building the tree -------------------------------------------------------------------

def build_tree(library: Library, query_text: str = "",
               problems: list[str] | None = None) -> list[TopicNode]:
    """The top-level nodes with counts for ``query_text`` ("" counts every paper).

    Problems in ``topics.toml`` are appended to ``problems``; a bad ``query_text`` raises
    :class:`~.search.QueryError`.
    """
    return count_tree(library, tree_nodes(library, problems), query_text)


def tree_nodes(library: Library, problems: list[str] | None = None,
               mine: bool = True) -> list[TopicNode]:
    """The tree's shape and filters without counts (cheap once topics are discovered).

    With ``mine=False`` topics that are not discovered yet are left out (the Discovered
    node says so) instead of being mined now.
    """
    store = library.store
    saved, found = load_taxonomy(library.root)
    if problems is not None:
        problems.extend(found)
    nodes = [TopicNode("All papers", ALL, key="all"),
             TopicNode("Bookmarks", Filter("bookmarks"), key="bookmarks")]
    discovered = discover_topics(library) if mine else discovered_if_ready(library)
    if discovered is None:
        nodes.append(TopicNode(MINING, None, None, (), "discovered"))
    else:
        nodes.append(TopicNode(DISCOVERED, None, None, tuple(
            _discovered(t, "discovered") for t in discovered), "discovered"))
    if saved:
        nodes.append(TopicNode(TAXONOMY, None, None,
                               tuple(_saved(t, "taxonomy") for t in saved), "taxonomy"))
    sources = tuple(TopicNode(_source_label(path), Filter("source", path),
                              key=f"source/{path}") for path, _ in store.source_counts())
    nodes += [TopicNode("Sources", None, None, sources, "sources"),
              TopicNode("Dates", None, None, date_nodes([d for d, _ in store.date_counts()]),
                        "dates")]
    tags = tag_nodes(library)
    if tags:
        nodes.append(TopicNode("Tags", None, None, tags, "tags"))
    return nodes


def date_nodes(dates: Sequence[str]) -> tuple[TopicNode, ...]:
    """Listing dates oldest first; under a node per year (then per month) when some dates
    name their year, with dates without a year (``Mar 11``) after them by month and day."""
    from ..search.fields import MONTHS, parse_day

    def leaf(date: str) -> TopicNode:
        return TopicNode(date, Filter("date", date), key=f"date/{date}")

    parsed = {d: parse_day(d, None) for d in dates}

    def when(date: str) -> tuple[int, int, int, int, str]:
        day = parsed[date]
        if day is None:
            return 2, 0, 0, 0, date
        return (0 if day[0] else 1), day[0] or 0, day[1], day[2], date

    order = sorted(dates, key=when)
    years: dict[int, dict[int, list[str]]] = {}
    rest: list[str] = []
    for d in order:
        day = parsed[d]
        if day is None or day[0] is None:
            rest.append(d)
        else:
            years.setdefault(day[0], {}).setdefault(day[1], []).append(d)
    if not years:
        return tuple(leaf(d) for d in order)
    nodes = []
    for year, months in years.items():
        children = tuple(
            TopicNode(f"{MONTHS[m - 1].capitalize()} {year}", Filter("date", f"{year}-{m:02d}"),
                      children=tuple(leaf(d) for d in ds), key=f"date/{year}-{m:02d}")
            for m, ds in months.items())
        nodes.append(TopicNode(str(year), Filter("date", str(year)), children=children,
                               key=f"date/{year}"))
    return (*nodes, *(leaf(d) for d in rest))


def _source_label(path: str) -> str:
    """A source file's node label: its name, without the common ``.txt`` ending."""
    name = os.path.basename(path)
    return name[:-4] if name.endswith(".txt") else name


def _discovered(topic: Topic, parent: str) -> TopicNode:
    key = f"{parent}/{topic.label}"
    return TopicNode(topic.label, Filter("topic", " ".join(topic.ids), topic.label), None,
                     tuple(_discovered(c, key) for c in topic.children), key)


def _saved(topic: SavedTopic, parent: str) -> TopicNode:
    key = f"{parent}/{topic.label}"
    query = topic.combined_query()
    flt = Filter("query", query, topic.label) if query else None
    return TopicNode(topic.label, flt, None, tuple(_saved(c, key) for c in topic.children), key)


def tag_nodes(library: Library) -> tuple[TopicNode, ...]:
    """One node per tag, a snapshot of its papers (the hook for the tags feature)."""
    try:
        rows = library.store.query("SELECT tag, paper_id FROM tags ORDER BY tag, paper_id")
    except sqlite3.OperationalError:  # no tags table in this library yet
        return ()
    by_tag: dict[str, list[str]] = {}
    for tag, pid in rows:
        by_tag.setdefault(tag, []).append(pid)
    return tuple(TopicNode(tag, Filter("topic", " ".join(ids), f"tag {tag}"), key=f"tag/{tag}")
                 for tag, ids in by_tag.items())


# -- discovered topics, cached by the store's generation ---------------------------------

_discovery_lock = threading.RLock()  # discover_topics calls discovered_if_ready
_discovered_memo: weakref.WeakKeyDictionary[Library, tuple[int, tuple[Topic, ...]]] = (
    weakref.WeakKeyDictionary())


def discover_topics(library: Library) -> tuple[Topic, ...]:
    """Topics mined from the library, recomputed only when its papers changed.

    The result is kept in memory and in ``topics.json`` in the library directory, both
    keyed by the store's generation, so opening the browser again does not mine again.
    """
    with _discovery_lock:
        topics = discovered_if_ready(library)
        if topics is None:
            generation = library.store.generation()
            rows = library.store.query("SELECT id, title, abstract FROM papers")
            topics = tuple(discover(rows))
            _write_cache(library, generation, topics)
            _discovered_memo[library] = (generation, topics)
        return topics


def discovered_if_ready(library: Library) -> tuple[Topic, ...] | None:
    """The discovered topics when they are already mined for this generation, else None."""
    generation = library.store.generation()
    with _discovery_lock:
        memo = _discovered_memo.get(library)
        if memo is not None and memo[0] == generation:
            return memo[1]
        topics = _read_cache(library, generation)
        if topics is not None:
            _discovered_memo[library] = (generation, topics)
        return topics


def _read_cache(library: Library, generation: int) -> tuple[Topic, ...] | None:
    try:
        data = json.loads((library.root / CACHE_FILE).read_text(encoding="utf-8"))
        if (data.get("version") != CACHE_VERSION or data.get("generation") != generation
                or data.get("papers") != library.store.count()):
            return None
        return tuple(Topic.from_json(t) for t in data["topics"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _write_cache(library: Library, generation: int, topics: Sequence[Topic]) -> None:
    data = {"version": CACHE_VERSION, "generation": generation,
            "papers": library.store.count(), "topics": [t.to_json() for t in topics]}
    with contextlib.suppress(OSError):  # a read-only library still gets its tree, uncached
        write_atomic(library.root / CACHE_FILE, json.dumps(data, ensure_ascii=False))


# -- counts --------------------------------------------------------------------------------

def count_tree(library: Library, tree: Sequence[TopicNode], query_text: str = ""
               ) -> list[TopicNode]:
    """The same tree with each node's count of papers matching ``query_text``.

    Pure groups keep ``count=None``; empty nodes stay, with 0. Raises QueryError for a
    query that cannot run.
    """
    from .counts import counter_for

    return counter_for(library).count(tree, query_text)


def with_counts(node: TopicNode, count_of: dict[Filter, int]) -> TopicNode:
    """``node`` and its subtree with counts looked up by filter."""
    count = None if node.filter is None else count_of.get(node.filter, 0)
    return replace(node, count=count,
                   children=tuple(with_counts(c, count_of) for c in node.children))


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m paperterm.index.topics.tree LIBRARY``: mine and cache the discovered topics.

    The browser runs this in a child process for a big library, so mining never competes
    with the screen for the interpreter.
    """
    import sys

    from ..library import Library

    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: python -m paperterm.index.topics.tree LIBRARY", file=sys.stderr)
        return 2
    with Library.open(args[0]) as library:
        discover_topics(library)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
