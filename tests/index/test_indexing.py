"""Index writing: the term-grouped posting pool and add-versus-update."""

from __future__ import annotations

import random

from paperterm.index.postings import TermPool


def _postings(seed: int, docs: int) -> list[tuple[str, bytes, int, float, bytes | None]]:
    rng = random.Random(seed)
    out = []
    for doc in range(docs):
        for field in ("abstract", "id", "title"):
            for word in rng.sample(range(60), rng.randint(0, 12)):
                value = bytes(rng.randrange(256) for _ in range(rng.randint(0, 6))) or None
                out.append((field, f"w{word}".encode(), doc, float(rng.randint(1, 5)), value))
    return out


def _expected(items: list[tuple[str, bytes, int, float, bytes | None]]) -> list[tuple]:
    return sorted((f, t, d, w, v or b"") for f, t, d, w, v in items)


def test_pool_yields_postings_sorted_by_field_term_document() -> None:
    items = _postings(1, 200)
    pool = TermPool()
    for item in items:
        pool.add(item)
    assert list(pool.iter_postings()) == _expected(items)
    assert pool.fieldnames == {"abstract", "id", "title"}


def test_pool_spilling_to_runs_gives_the_same_postings(tmp_path) -> None:
    items = _postings(2, 400)
    pool = TermPool(tmp_path, limitmb=0)
    pool._limit = 20_000  # spill every few documents
    for item in items:
        pool.add(item)
    assert len(pool._runs) > 3
    assert list(pool.iter_postings()) == _expected(items)
    pool.cleanup()
    assert not pool._runs


def test_pool_sorts_postings_that_arrive_out_of_document_order(tmp_path) -> None:
    items = _postings(3, 100)
    shuffled = list(reversed(items))
    pool = TermPool(tmp_path, limitmb=0)
    pool._limit = 10_000
    for item in shuffled:
        pool.add(item)
    assert list(pool.iter_postings()) == _expected(items)


SAMPLES = [
    "The model-based RL agent", "a-b c", "TÜLU self‐play x—y e.g. U.S.A the-of of-the",
    "the", "", "  of the model-free, state‐of‐the‐art planner", "the a-b-c model",
    "Offline reinforcement learning (RL) with Monte-Carlo tree search (MCTS); 3.5x faster",
    "Well-known well known wellknown: a survey of in-context learning, v2.0",
]


def _chain():  # the analyzer chain the fast path must agree with
    from whoosh.analysis.analyzers import CompositeAnalyzer

    from paperterm.index.schema import text_analyzer

    return CompositeAnalyzer(*text_analyzer().items)


def _tokens(analyzer, text: str, **kwargs) -> list[tuple]:
    return [(t.text, t.pos if kwargs.get("positions") else None,
             (t.startchar, t.endchar) if kwargs.get("chars") else None, t.boost)
            for t in analyzer(text, **kwargs)]


def test_fast_analyzer_gives_the_chains_tokens() -> None:
    from paperterm.index.schema import text_analyzer

    fast, chain = text_analyzer(), _chain()
    calls = [{"positions": True, "chars": True, "mode": "index"}, {"mode": "query"},
             {"chars": True, "removestops": True}, {"positions": True, "start_pos": 3}]
    for text in SAMPLES:
        for kwargs in calls:
            assert _tokens(fast, text, **kwargs) == _tokens(chain, text, **kwargs), (text, kwargs)


def test_term_positions_format_gives_the_plain_formats_postings() -> None:
    from whoosh import formats

    from paperterm.index.schema import TermPositions, make_schema

    schema = make_schema()
    for name in ("title", "abstract"):
        field = schema[name]
        assert isinstance(field.format, TermPositions)
        plain = formats.Positions(field_boost=field.format.field_boost)
        for text in SAMPLES:
            assert (sorted(field.format.word_values(text, field.analyzer, mode="index"))
                    == sorted(plain.word_values(text, _chain(), mode="index"))), text


def test_schema_pickles_without_the_word_cache() -> None:
    import pickle

    from paperterm.index.schema import make_schema, text_analyzer

    list(text_analyzer()("warming the cache"))
    assert text_analyzer()._words
    copy = pickle.loads(pickle.dumps(make_schema()))
    assert copy["abstract"].analyzer._words == {}
    assert [t.text for t in copy["abstract"].analyzer("Model-based")] == ["modelbas", "model",
                                                                          "base"]
