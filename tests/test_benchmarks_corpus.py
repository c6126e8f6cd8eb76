"""The benchmark corpus generator: deterministic, and shaped as the benchmarks claim."""

from __future__ import annotations

import json
from pathlib import Path

from paperterm.index.models import paper_id
from paperterm.index.sources import Record
from paperterm.index.sources.dailypapers import parse_file

from benchmarks.corpus import ABSTRACT_WORDS, TITLE_WORDS, generate, vocabulary
from benchmarks.queries import CLASSES, query_mix

SIZE = 120  # enough for a second page and some re-listed papers


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def test_same_seed_same_bytes_other_seed_other_text(tmp_path: Path) -> None:
    generate(tmp_path / "a", SIZE, seed=7)
    generate(tmp_path / "b", SIZE, seed=7)
    generate(tmp_path / "c", SIZE, seed=8)
    a = _snapshot(tmp_path / "a")
    assert a == _snapshot(tmp_path / "b")
    assert a["papers.jsonl"] != _snapshot(tmp_path / "c")["papers.jsonl"]


def test_pages_parse_into_the_stated_papers(tmp_path: Path) -> None:
    corpus = generate(tmp_path / "corpus", SIZE, seed=7)
    pages = sorted(corpus.pages_dir.glob("*.txt"))
    assert len(pages) == corpus.pages >= 2
    records = []
    for page in pages:
        items = list(parse_file(page))
        assert all(isinstance(i, Record) for i in items), items
        assert all(i.date for i in items)
        records += items
    assert len(records) == corpus.records > SIZE  # some papers are listed twice
    ids = {paper_id(r.title) for r in records}
    assert len(ids) == SIZE
    for record in records:
        assert TITLE_WORDS[0] <= len(record.title.split()) <= TITLE_WORDS[1]
        assert ABSTRACT_WORDS[0] <= len(record.abstract.split()) <= ABSTRACT_WORDS[1]


def test_json_lines_hold_each_paper_once_where_the_page_has_it(tmp_path: Path) -> None:
    corpus = generate(tmp_path / "corpus", SIZE, seed=7)
    rows = [json.loads(line) for line in corpus.jsonl.read_text().splitlines()]
    assert len(rows) == SIZE
    assert len({paper_id(r["title"]) for r in rows}) == SIZE
    first = rows[0]
    page = list(parse_file(corpus.pages_dir / first["file"]))
    assert (page[0].title, page[0].abstract, page[0].line, page[0].date) == (
        first["title"], first["abstract"], first["line"], first["date"])


def test_vocabulary_is_zipfian_and_queries_cover_every_class() -> None:
    vocab = vocabulary(7)
    weights = vocab.cum_weights
    first, hundredth = weights[0], weights[99] - weights[98]
    assert 90 < first / hundredth < 110  # rank 1 is ~100x as likely as rank 100
    assert len(set(vocab.words)) == len(vocab.words)
    mix = query_mix(3, seed=7)
    assert {q.cls for q in mix} == set(CLASSES)
    assert query_mix(3, seed=7) == mix
