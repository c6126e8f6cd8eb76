"""The topic tree: All papers, Bookmarks, and the library's sources and listing dates."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .search import ALL, Filter

if TYPE_CHECKING:
    from .library import Library


@dataclass(frozen=True, slots=True)
class TopicNode:
    """One node: a label, the filter it selects (None for a pure group), a paper count."""

    label: str
    filter: Filter | None = None
    count: int | None = None
    children: tuple[TopicNode, ...] = field(default=())

    def walk(self, depth: int = 0) -> Iterator[tuple[int, TopicNode]]:
        yield depth, self
        for child in self.children:
            yield from child.walk(depth + 1)

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"label": self.label, "count": self.count}
        if self.filter is not None:
            out["filter"] = {"kind": self.filter.kind, "value": self.filter.value}
        if self.children:
            out["children"] = [c.to_dict() for c in self.children]
        return out


def build_tree(library: Library) -> list[TopicNode]:
    """The top-level nodes with their total counts."""
    store = library.store
    sources = tuple(
        TopicNode(os.path.basename(path), Filter("source", path), count)
        for path, count in store.source_counts()
    )
    dates = tuple(TopicNode(date, Filter("date", date), count)
                  for date, count in store.date_counts())
    bookmarked = store.bookmarked_ids()
    return [
        TopicNode("All papers", ALL, store.count()),
        TopicNode("Bookmarks", Filter("bookmarks"), len(store.papers(bookmarked))),
        TopicNode("Sources", None, None, sources),
        TopicNode("Dates", None, None, dates),
    ]
