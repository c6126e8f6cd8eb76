"""Grouping phrases into themes, on synthetic libraries whose themes are known."""

from __future__ import annotations

import random

from paperterm.index.topics.phrases import BOILERPLATE, GENERIC, STOP_WORDS
from paperterm.index.topics.themes import OTHER, Topic, discover

THEMES = {
    "garden": ["bonsai pruning", "neural shears", "leaf growth", "root irrigation",
               "orchard canopy"],
    "crossing": ["zebra crossing", "pedestrian detector", "stripe segmentation",
                 "traffic camera", "curb occlusion"],
    "teapot": ["teapot spout", "pouring simulation", "ceramic glaze", "kettle handle",
               "steam vent"],
}
FILLER = ["We study this setting.", "Our results are strong.", "We show gains.",
          "This is a new method.", "We propose an approach."]


def planted_library(per_theme: int = 20, seed: int = 7) -> list[tuple[str, str, str]]:
    """Papers whose theme is known: each uses three or four of its theme's phrases."""
    rng = random.Random(seed)
    papers = []
    for theme, phrases in THEMES.items():
        for i in range(per_theme):
            chosen = rng.sample(phrases, rng.choice((3, 4)))
            title = f"{chosen[0].title()}, part {i}"
            abstract = " ".join(f"{rng.choice(FILLER)} The {p} is here." for p in chosen)
            papers.append((f"{theme}-{i:02d}", title, abstract))
    rng.shuffle(papers)
    return papers


def precision_recall(found: set[str], wanted: set[str]) -> tuple[float, float]:
    hit = len(found & wanted)
    return hit / len(found), hit / len(wanted)


def test_three_planted_themes_become_three_top_level_topics() -> None:
    topics = [t for t in discover(planted_library()) if t.label != OTHER]
    assert len(topics) == 3
    matched = set()
    for theme in THEMES:
        wanted = {f"{theme}-{i:02d}" for i in range(20)}
        best = max(topics, key=lambda t: len(set(t.ids) & wanted))
        precision, recall = precision_recall(set(best.ids), wanted)
        assert precision >= 0.8 and recall >= 0.8, (theme, best.label, precision, recall)
        assert best.label in THEMES[theme]
        matched.add(best.label)
    assert len(matched) == 3


def test_children_are_the_theme_phrases_and_subsets_of_their_parent() -> None:
    for topic in discover(planted_library()):
        theme = next(t for t, ps in THEMES.items() if topic.label in ps)
        for child in topic.children:
            assert child.label in THEMES[theme]
            assert set(child.ids) <= set(topic.ids)


def test_every_paper_is_reachable() -> None:
    papers = planted_library()
    papers.append(("lonely", "Untitled", "Nothing here."))
    topics = discover(papers)
    reached = {i for t in topics for i in t.ids}
    assert reached == {p[0] for p in papers}
    assert topics[-1].label == OTHER and topics[-1].ids == ("lonely",)


def test_nested_phrase_goes_under_the_broader_one() -> None:
    papers = planted_library()
    for i in range(20):
        extra = "A process reward model is used." if i % 2 else "Reward hacking is seen."
        papers.append((f"r{i}", f"Reward Models {i}",
                       f"{FILLER[i % 5]} The reward model ranks answers. {extra}"))
    topics = discover(papers)
    reward = next(t for t in topics if t.label.startswith("reward model"))
    assert set(reward.ids) == {f"r{i}" for i in range(20)}
    depth_of = {node.label: depth for depth, node in _walk(reward)}
    assert depth_of.get("process reward model") == 1
    assert depth_of.get("reward hacking") == 1
    assert "teapot spout" not in depth_of


def test_same_library_gives_the_same_tree() -> None:
    papers = planted_library()
    shuffled = list(reversed(papers))
    assert discover(papers) == discover(shuffled)
    assert discover(papers) == discover(planted_library())


def test_topic_json_round_trip() -> None:
    topics = discover(planted_library())
    assert [Topic.from_json(t.to_json()) for t in topics] == topics


def test_empty_library_has_no_topics() -> None:
    assert discover([]) == []


def _walk(topic: Topic, depth: int = 0):  # type: ignore[no-untyped-def]
    yield depth, topic
    for child in topic.children:
        yield from _walk(child, depth + 1)


def test_labels_are_never_stop_words() -> None:
    for topic in discover(planted_library()):
        for _, node in _walk(topic):
            words = node.label.lower().split()
            assert words[0] not in STOP_WORDS | BOILERPLATE
            assert words[-1] not in STOP_WORDS | BOILERPLATE
            assert len(words) > 1 or words[0] not in GENERIC


def test_a_theme_does_not_snowball_through_absorbed_phrases() -> None:
    from paperterm.index.topics.phrases import Phrase
    from paperterm.index.topics.themes import _belongs

    def phrase(label: str, docs: set[int]) -> Phrase:
        return Phrase(key=label, label=label, docs=frozenset(docs))

    head = phrase("tree search", set(range(10)))
    absorbed = frozenset(range(30))  # what the theme holds after a first round
    # Its papers all sit in the theme, but none mentions the theme's own phrase.
    drifting = phrase("instruction following", set(range(12, 19)))
    close = phrase("monte carlo tree search", set(range(5)) | {25, 26})
    assert not _belongs(drifting, head, absorbed, total=300)
    assert _belongs(close, head, absorbed, total=300)
