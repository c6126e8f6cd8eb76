"""Discovered topics: mined phrases grouped into a small hierarchy of themes.

A theme starts from the phrase that best names many papers not yet in any theme (a
greedy cover weighted by how specific the phrase is), then takes in every phrase whose
papers mostly share it. Inside a theme a phrase goes under another when nearly all of its
papers hold that other phrase too (``process reward model`` under ``reward model``).
Pure functions of the papers: the same library always gives the same tree.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from .phrases import Phrase, mine_phrases, quality

MAX_THEMES = 14
MAX_CHILDREN = 10
#: A phrase joins a theme when at least this share of its papers are in the theme ...
ATTACH_SHARE = 0.5
#: ... and that share is this many times the theme's share of the whole library.
ATTACH_LIFT = 2.0
#: ...and at least this share of them must mention the theme's head phrase itself.
HEAD_SHARE = 0.3
#: ... and it has at most this many times the head's papers.
NARROWER = 0.8
#: A would-be head sharing this much with an earlier one joins it ("RLHF", "human feedback").
TWIN_SHARE = 0.7
#: A child goes under a sibling when this share of its papers hold the sibling phrase.
SUBSUME_SHARE = 0.8
#: A theme's head may cover at most this share of the library: broader is no topic.
HEAD_MAX_SHARE = 0.3
OVERLAP_CREDIT = 0.25
#: A theme takes in phrases in rounds; the lift rule keeps it from swallowing the library.
GROW_ROUNDS = 2
#: A one-word head is renamed after a longer phrase holding it in this share of its papers.
RENAME_SHARE = 0.25
OTHER = "Other papers"


@dataclass(frozen=True, slots=True)
class Topic:
    """A discovered topic: a readable label, the ids of its papers, narrower topics."""

    label: str
    ids: tuple[str, ...]
    children: tuple[Topic, ...] = field(default=())

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"label": self.label, "ids": list(self.ids)}
        if self.children:
            out["children"] = [c.to_json() for c in self.children]
        return out

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Topic:
        children = data.get("children") or []
        return cls(str(data["label"]), tuple(data["ids"]),  # type: ignore[arg-type]
                   tuple(cls.from_json(c) for c in children))  # type: ignore[union-attr]


def min_papers(total: int) -> int:
    """The fewest papers a phrase needs to become a topic in a library this size."""
    return max(3, total // 250)


def discover(papers: Sequence[tuple[str, str, str]], max_themes: int = MAX_THEMES,
             max_children: int = MAX_CHILDREN) -> list[Topic]:
    """Themes for (id, title, abstract) triples, largest first; ``Other papers`` last."""
    ordered = sorted(papers)
    ids = [p[0] for p in ordered]
    total = len(ids)
    if not total:
        return []
    phrases = mine_phrases([(t, a) for _, t, a in ordered], min_df=min_papers(total))
    scores = {p.key: quality(p, total) for p in phrases}
    groups = _group(phrases, scores, total, max_themes)
    members = [set().union(*(p.docs for p in group)) for group in groups]
    leftover = _assign_leftovers(phrases, scores, members, total)

    topics = []
    for group, docs in zip(groups, members, strict=True):
        label, rest = _name(group)
        topics.append(Topic(label, _ids(docs, ids), _nest(rest, max_children, ids)))
    topics.sort(key=lambda t: (-len(t.ids), t.label))
    if leftover:
        topics.append(Topic(OTHER, _ids(leftover, ids)))
    return topics


def _name(group: list[Phrase]) -> tuple[str, list[Phrase]]:
    """The theme's label and its other phrases; ``offline`` reads better as ``offline RL``."""
    head = group[0]
    if head.words > 1 or sum(c.isupper() for c in head.label) >= 2:
        return head.label, group[1:]
    fuller = [p for p in group[1:] if head.key in p.key.split(" ")
              and len(p.docs) >= RENAME_SHARE * len(head.docs)]
    if not fuller:
        return head.label, group[1:]
    best = min(fuller, key=lambda p: (-len(p.docs), p.key))
    return best.label, [head] + [p for p in group[1:] if p is not best]


def _ids(docs: set[int] | frozenset[int], ids: Sequence[str]) -> tuple[str, ...]:
    return tuple(sorted(ids[d] for d in docs))


def _group(phrases: list[Phrase], scores: dict[str, float], total: int,
           max_themes: int) -> list[list[Phrase]]:
    """Greedy themes: a head phrase first, then the phrases it takes in."""
    free = sorted(phrases, key=lambda p: (-len(p.docs), p.key))
    covered: set[int] = set()
    groups: list[list[Phrase]] = []
    floor = min_papers(total)
    while len(groups) < max_themes:
        # Papers already in a theme count a little: topics may overlap, as facets do.
        heads = [p for p in free if len(p.docs) <= HEAD_MAX_SHARE * total
                 and _gain(p, covered) >= 2 * floor]
        if not heads:
            break
        head = max(heads, key=lambda p: (_gain(p, covered) * scores[p.key], p.key))
        free.remove(head)
        twin = next((g for g in groups if _overlap(g[0], head) >= TWIN_SHARE), None)
        if twin is not None:  # RLHF beside "human feedback": the same theme twice
            twin.append(head)
            continue
        group, docs = [head], frozenset(head.docs)
        for _ in range(GROW_ROUNDS):
            joined = [p for p in free if _belongs(p, head, docs, total)]
            if not joined:
                break
            for p in joined:
                free.remove(p)
            group += joined
            docs = docs.union(*(p.docs for p in joined))
        groups.append(group)
        covered |= docs
    return groups


def _gain(phrase: Phrase, covered: set[int]) -> float:
    fresh = len(phrase.docs - covered)
    return fresh + OVERLAP_CREDIT * (len(phrase.docs) - fresh)


def _overlap(a: Phrase, b: Phrase) -> float:
    return len(a.docs & b.docs) / min(len(a.docs), len(b.docs))


def _belongs(phrase: Phrase, head: Phrase, docs: frozenset[int], total: int) -> bool:
    """Most of the phrase's papers are in the theme, far more than chance would put there."""
    if len(phrase.docs) > NARROWER * len(head.docs):
        return False
    share = len(phrase.docs & docs) / len(phrase.docs)
    # Judged against the head phrase's own papers too, so that a theme cannot snowball
    # through phrases that only share papers with what it already absorbed.
    with_head = len(phrase.docs & head.docs) / len(phrase.docs)
    return (share >= ATTACH_SHARE and share >= ATTACH_LIFT * len(docs) / total
            and with_head >= HEAD_SHARE)


def _nest(phrases: list[Phrase], limit: int, ids: Sequence[str]) -> tuple[Topic, ...]:
    """The theme's phrases as at most ``limit`` children, narrower ones one level down."""
    ranked = sorted(phrases, key=lambda p: (-len(p.docs), p.key))
    parents: list[Phrase] = []
    under: dict[str, list[Phrase]] = {}
    for phrase in ranked:
        parent = next((q for q in parents if _subsumes(q, phrase)), None)
        if parent is not None:
            under[parent.key].append(phrase)
        elif len(parents) < limit:
            parents.append(phrase)
            under[phrase.key] = []
    return tuple(
        Topic(p.label, _ids(p.docs, ids),
              tuple(Topic(c.label, _ids(c.docs, ids)) for c in under[p.key][:limit]))
        for p in parents)


def _subsumes(broad: Phrase, narrow: Phrase) -> bool:
    if len(broad.docs) <= len(narrow.docs):
        return False
    return len(broad.docs & narrow.docs) >= SUBSUME_SHARE * len(narrow.docs)


def _assign_leftovers(phrases: list[Phrase], scores: dict[str, float],
                      members: list[set[int]], total: int) -> set[int]:
    """Put papers no theme phrase reached into the theme their phrases lean to.

    Adds them to ``members`` in place; returns the papers with no lean at all.
    """
    covered = set().union(*members) if members else set()
    left = set(range(total)) - covered
    if not left or not members:
        return left
    votes: dict[int, list[float]] = {}
    for phrase in phrases:
        inside = phrase.docs & left
        if not inside:
            continue
        weight = scores[phrase.key] / len(phrase.docs)
        leaning = [len(phrase.docs & m) * weight for m in members]
        for d in inside:
            row = votes.setdefault(d, [0.0] * len(members))
            for n, v in enumerate(leaning):
                row[n] += v
    for d in sorted(votes):
        row = votes[d]
        best = max(range(len(row)), key=lambda n: (row[n], -n))
        if row[best] > 0 and not math.isclose(row[best], 0.0):
            members[best].add(d)
            left.discard(d)
    return left
