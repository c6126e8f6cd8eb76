"""Time topic discovery and faceted counts.

``python -m benchmarks.topics_bench --size 50000`` mines the discovered tree from the
synthetic corpus of :mod:`benchmarks.corpus` (pure algorithm, no index).
``--library DIR`` also times the library path on a *copy* of an existing library:
discovery from SQLite with the JSON cache written, reopening (cache hit), and
``count_tree`` for a few queries, cold and cached.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from paperterm.index.models import paper_id
from paperterm.index.topics.themes import OTHER, Topic, discover


def load_corpus(size: int) -> list[tuple[str, str, str]]:
    from .corpus import ensure_corpus

    corpus = ensure_corpus(size)
    papers: dict[str, tuple[str, str, str]] = {}
    with corpus.jsonl.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            pid = paper_id(row["title"])
            papers.setdefault(pid, (pid, row["title"], row["abstract"]))
    return list(papers.values())


def describe(topics: Sequence[Topic], total: int) -> dict[str, object]:
    def walk(t: Topic):  # type: ignore[no-untyped-def]
        yield t
        for c in t.children:
            yield from walk(c)

    nodes = [n for t in topics for n in walk(t)]
    reached = {i for t in topics for i in t.ids}
    return {"top_level": len(topics), "nodes": len(nodes),
            "reached": len(reached) / total if total else 1.0,
            "other": next((len(t.ids) for t in topics if t.label == OTHER), 0),
            "labels": [t.label for t in topics]}


def bench_mining(size: int) -> dict[str, object]:
    papers = load_corpus(size)
    started = time.perf_counter()
    topics = discover(papers)
    elapsed = time.perf_counter() - started
    again = discover(papers)
    return {"papers": len(papers), "discover_s": round(elapsed, 2),
            "deterministic": again == topics,
            "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
            **describe(topics, len(papers))}


def bench_library(source: Path) -> dict[str, object]:
    from paperterm.index import Library
    from paperterm.index.topics.tree import CACHE_FILE, count_tree, tree_nodes

    out: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "library"
        shutil.copytree(source, root)
        (root / CACHE_FILE).unlink(missing_ok=True)
        with Library.open(root) as lib:
            out["papers"] = lib.store.count()
            started = time.perf_counter()
            tree = tree_nodes(lib)
            out["cold_tree_s"] = round(time.perf_counter() - started, 2)
        with Library.open(root) as lib:
            started = time.perf_counter()
            tree = tree_nodes(lib)
            out["warm_tree_s"] = round(time.perf_counter() - started, 3)
            out["cache_kb"] = (root / CACHE_FILE).stat().st_size // 1024
            timings: dict[str, dict[str, float]] = {}
            for q in _queries(tree):
                first = _timed(lambda q=q: count_tree(lib, tree, q))
                again = [_timed(lambda q=q: count_tree(lib, tree, q)) for _ in range(3)]
                timings[q or "(all)"] = {"first_ms": round(first * 1000, 1),
                                         "cached_ms": round(statistics.median(again) * 1000, 1)}
            out["count_tree"] = timings
            biggest = max((n for root in tree for _, n in root.walk()
                           if n.filter is not None and n.filter.kind == "topic"),
                          key=lambda n: n.count or len(n.filter.value.split()), default=None)
            if biggest is not None:
                size = len(biggest.filter.value.split())
                took = _timed(lambda: lib.search("", biggest.filter, limit=50))
                out["search_in_biggest_topic"] = {"papers": size, "ms": round(took * 1000, 1)}
    return out


def _queries(tree: Sequence[object]) -> list[str]:
    """No query, then words and phrases the library's own topics are named after."""
    labels = [n.label for root in tree if root.label == "Discovered"  # type: ignore[attr-defined]
              for n in root.children if n.label != OTHER]  # type: ignore[attr-defined]
    out = [""]
    if labels:
        out += [labels[0].split()[0], f'"{labels[0]}"']
    if len(labels) > 2:
        out.append(f"{labels[1].split()[0]} OR {labels[2].split()[0]}")
    return out


def _timed(fn) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.topics_bench",
                                     description=__doc__)
    parser.add_argument("--size", type=int, default=50_000, help="papers to mine (0: skip)")
    parser.add_argument("--library", type=Path, help="also time a copy of this library")
    args = parser.parse_args(argv)
    results: dict[str, object] = {}
    if args.size:
        results["mining"] = bench_mining(args.size)
    if args.library:
        results["library"] = bench_library(args.library)
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
