"""Index writing: the term-grouped posting pool and add-versus-update."""

from __future__ import annotations

import pickle
import random

from paperterm.index import Library, paper_id
from paperterm.index.ingest.pipeline import add_paths
from paperterm.index.search.highlight import match_spans, snippet
from paperterm.index.search.postings import TermPool
from paperterm.index.search.schema import TermPositions, make_schema, text_analyzer
from paperterm.index.search.searcher import Filter
from whoosh import formats
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.writing import SegmentWriter

from tests.conftest import SYNTHETIC, write_page


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
    return CompositeAnalyzer(*text_analyzer().items)


def _tokens(analyzer, text: str, **kwargs) -> list[tuple]:
    return [(t.text, t.pos if kwargs.get("positions") else None,
             (t.startchar, t.endchar) if kwargs.get("chars") else None, t.boost)
            for t in analyzer(text, **kwargs)]


def test_fast_analyzer_gives_the_chains_tokens() -> None:
    fast, chain = text_analyzer(), _chain()
    calls = [{"positions": True, "chars": True, "mode": "index"}, {"mode": "query"},
             {"chars": True, "removestops": True}, {"positions": True, "start_pos": 3}]
    for text in SAMPLES:
        for kwargs in calls:
            assert _tokens(fast, text, **kwargs) == _tokens(chain, text, **kwargs), (text, kwargs)


def test_term_positions_format_gives_the_plain_formats_postings() -> None:
    schema = make_schema()
    for name in ("title", "abstract"):
        field = schema[name]
        assert isinstance(field.format, TermPositions)
        plain = formats.Positions(field_boost=field.format.field_boost)
        for text in SAMPLES:
            assert (sorted(field.format.word_values(text, field.analyzer, mode="index"))
                    == sorted(plain.word_values(text, _chain(), mode="index"))), text


def test_schema_pickles_without_the_word_cache() -> None:
    list(text_analyzer()("warming the cache"))
    assert text_analyzer()._words
    copy = pickle.loads(pickle.dumps(make_schema()))
    assert copy["abstract"].analyzer._words == {}
    assert [t.text for t in copy["abstract"].analyzer("Model-based")] == ["modelbas", "model",
                                                                          "base"]


def test_highlight_spans_are_the_analyzers_matching_tokens() -> None:
    chain = _chain()
    for text in SAMPLES:
        tokens = [(t.text, t.startchar, t.endchar) for t in chain(text, chars=True)]
        for term in {t for t, _, _ in tokens}:
            expected = [(a, b) for t, a, b in tokens if t == term]
            assert match_spans(text, {term}) == expected, (text, term)
    long = " ".join(SAMPLES * 4)
    text, spans = snippet(long, {"mcts", "modelbas"}, width=80)
    assert spans and all(text[a:b].lower().replace("-", "") in {"mcts", "modelbased"}
                         for a, b in spans)


def test_new_papers_are_added_and_known_ones_replaced(tmp_path, monkeypatch) -> None:
    updates: list[str] = []
    update = SegmentWriter.update_document

    def counting(self, **fields):  # type: ignore[no-untyped-def]
        updates.append(fields["id"])
        return update(self, **fields)

    monkeypatch.setattr(SegmentWriter, "update_document", counting)
    page = write_page(tmp_path / "page.txt", SYNTHETIC[:2])
    with Library.open(tmp_path / "lib") as library:
        add_paths(library, [page])
        assert updates == [] and library.is_consistent()
        # The page changes: one paper's abstract is new, and a third paper appears.
        title, _ = SYNTHETIC[0]
        write_page(page, [(title, "Bonsai pruning with lasers."), SYNTHETIC[1], SYNTHETIC[2]])
        add_paths(library, [page])
        # Only the two papers the index already held were replaced; the third was added.
        assert len(updates) == 2 and paper_id(SYNTHETIC[2][0]) not in updates
        assert library.is_consistent()
        assert library.search("lasers").total == 1 and library.search("branch").total == 0
        assert library.search("zebra").total == 1
        with library.index.reader() as reader:
            assert reader.doc_count() == 3


def test_ranked_search_counts_every_match_once_filter_applied(tmp_path) -> None:
    page = write_page(tmp_path / "page.txt", SYNTHETIC)
    with Library.open(tmp_path / "lib") as library:
        add_paths(library, [page])
        for text in ("learning", "offline learning", "detector OR gardening", '"neural network"'):
            everything = library.search(text, limit=None)
            top = library.search(text, limit=1)
            assert top.total == everything.total == len(everything.hits), text
            assert [h.paper.id for h in top.hits] == [h.paper.id for h in everything.hits[:1]]
            marked = everything.hits[0].paper.id
            library.store.bookmark([marked])
            only = library.search(text, Filter("bookmarks"), limit=1)
            assert only.total == 1 and only.hits[0].paper.id == marked
            library.store.unbookmark([marked])


def _postings_after_adds(root, pages) -> list[tuple]:
    with Library.open(root) as library:
        for page in pages:
            add_paths(library, [page])
        with library.index.reader() as reader:
            # ``added`` holds the time of the run, which differs between two libraries.
            return [p for p in reader.iter_postings() if p[0] != "added"]


def test_term_pool_writes_the_postings_whooshs_pool_writes(tmp_path, monkeypatch) -> None:
    import paperterm.index.library as library_module

    pages = [write_page(tmp_path / f"page{n}.txt", [paper], date=f"Mar {n + 1}")
             for n, paper in enumerate(SYNTHETIC)]
    ours = _postings_after_adds(tmp_path / "ours", pages)
    monkeypatch.setattr(library_module, "use_term_pool", lambda *args: None)
    stock = _postings_after_adds(tmp_path / "stock", pages)
    assert ours and ours == stock
