"""Query understanding without an index: compounds, acronyms, personal fields, spelling."""

from __future__ import annotations

import pytest
from paperterm.index.models import Paper, Source
from paperterm.index.search.acronyms import definitions, expansions
from paperterm.index.search.schema import listed_key, text_analyzer
from paperterm.index.search.understand import plain_words, rewrite, split_personal, suggest

VOCAB = {"model", "based", "planning", "reinforcement", "learning", "pre", "training"}
JOINED = {"modelbased"}
ACRONYMS = {"mcts": ("monte carlo tree search",)}


def _rewrite(text: str) -> str:
    return rewrite(text, lambda w: w.lower() in VOCAB, lambda w: w.lower() in JOINED, ACRONYMS)


def test_hyphenated_word_becomes_phrase_or_joined() -> None:
    assert _rewrite("model-based planning") == '("model based" OR modelbased) planning'


def test_spaced_pair_also_matches_the_joined_word_when_the_library_has_it() -> None:
    assert _rewrite("model based planning") == '("model based" OR modelbased) planning'
    assert _rewrite("reinforcement learning") == "reinforcement learning"


def test_joined_word_also_matches_its_spaced_form() -> None:
    assert _rewrite("pretraining") == '(pretraining OR "pre training")'


def test_acronym_expands_to_its_definition() -> None:
    assert _rewrite("MCTS") == '(MCTS OR "monte carlo tree search"~1)'
    assert _rewrite("title:mcts") == '(title:mcts OR title:"monte carlo tree search"~1)'


def test_phrases_prefixes_fuzzy_and_operators_are_left_alone() -> None:
    for text in ['"model-based planning"', "model-b*", "MCTS~", "planning AND MCTS*",
                 "source:model-based", "-model-based"]:
        assert "OR modelbased" not in _rewrite(text) and "monte" not in _rewrite(text), text


def test_plain_words_skip_quoted_and_fielded_values() -> None:
    words = [w.source for w in plain_words('"tree search" title:rl date:Mar OR x* rl2')]
    assert words == ["title:rl", "rl2"]
    assert split_personal('"tag:x is:read" y') == ('"tag:x is:read" y', [])


def test_personal_fields_are_taken_out_of_the_query() -> None:
    text, conds = split_personal('reward tag:"to read" -is:bookmarked is:unread')
    assert text == "reward"
    assert [(c.field, c.value, c.negated) for c in conds] == [
        ("tag", "to read", False), ("is", "bookmarked", True), ("is", "unread", False)]


def test_unknown_is_value_names_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="is:bookmarked, is:unread, is:read"):
        split_personal("is:starred")


def test_suggest_replaces_only_unknown_words_and_keeps_case() -> None:
    closest = {"reinforcment": "reinforcement"}.get
    known = lambda w: w.lower() in VOCAB  # noqa: E731
    assert suggest("Reinforcment learning", known, closest, {}) == "Reinforcement learning"
    assert suggest("reinforcement learning", known, closest, {}) is None
    assert suggest("MCTS planning", known, closest, ACRONYMS) is None


def test_acronym_definitions_from_text() -> None:
    text = ("We use Monte Carlo Tree Search (MCTS) and Large Language Models (LLMs); "
            "a Mixture-of-Experts (MoE) layer, trained with Reinforcement Learning from "
            "Human Feedback (RLHF, see below). Results (Table 2) and (ABC) are not acronyms.")
    assert definitions(text) == [
        ("mcts", "monte carlo tree search"), ("llm", "large language models"),
        ("moe", "mixture of experts"), ("rlhf", "reinforcement learning from human feedback")]


def test_acronym_lookup_ignores_case_and_plural() -> None:
    assert expansions("MCTSs", ACRONYMS) == expansions("mcts", ACRONYMS) != ()
    assert expansions("RL", ACRONYMS) == ()


def test_analyzer_indexes_compound_parts_and_joined_word_with_spans() -> None:
    text = "A model-based planner"
    tokens = [(t.text, text[t.startchar:t.endchar])
              for t in text_analyzer()(text, chars=True, positions=True)]
    assert tokens == [("modelbas", "model-based"), ("model", "model"), ("base", "based"),
                      ("planner", "planner")]
    assert [t.text for t in text_analyzer()("model-based", mode="query")] == ["model", "base"]


def test_listed_key_orders_dates() -> None:
    def paper(*dates: str) -> Paper:
        return Paper("x", "t", "a", tuple(Source("f", 1, d) for d in dates))

    assert listed_key(paper("Mar 11", "Aug 6")) == 806 > listed_key(paper("Mar 12")) == 312
    assert listed_key(paper()) == 0
    assert listed_key(paper("Jan 2, 2024")) == 20240102


def test_written_out_acronym_also_matches_the_acronym() -> None:
    assert _rewrite("fast Monte Carlo tree search") == (
        'fast ("monte carlo tree search" OR mcts)')
    assert _rewrite("monte carlo") == "monte carlo"
