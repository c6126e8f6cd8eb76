"""Ranking quality on CISI: paperterm against bm25s and SQLite FTS5, in one run.

``python -m benchmarks.ranking [--cisi DIR] [--record before|after]`` reads the
collection from ``../shared/ir/cisi`` at run time (nothing of it is copied into the
project), adds it to a temporary library through ``paperterm add`` (a JSON-lines file in
/tmp), runs every judged query as written through ``Library.search`` (what the CLI and the
TUI call), and scores the runs with pytrec_eval. Needs the ``bench`` extra.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_CISI = Path(__file__).resolve().parent.parent.parent / "shared" / "ir" / "cisi"
DEPTH = 100
MEASURES = {"map": "MAP", "ndcg_cut_10": "nDCG@10", "P_10": "P@10", "recall_100": "Recall@100"}
_FIELD = re.compile(r"^\.([A-Z])\s*$")


def read_records(path: Path) -> dict[str, dict[str, str]]:
    """``.I``-numbered records of a CISI file: id -> {letter: text}."""
    records: dict[str, dict[str, str]] = {}
    current: dict[str, list[str]] | None = None
    letter = ""
    for line in path.read_text(encoding="latin-1").splitlines():
        if line.startswith(".I "):
            current = {}
            records[line[3:].strip()] = current  # type: ignore[assignment]
            letter = ""
        elif current is not None and (m := _FIELD.match(line)):
            letter = m.group(1)
            current.setdefault(letter, [])
        elif current is not None and letter:
            current[letter].append(line)
    return {i: {k: " ".join(" ".join(v).split()) for k, v in r.items()}  # type: ignore[union-attr]
            for i, r in records.items()}


def read_qrels(path: Path) -> dict[str, dict[str, int]]:
    qrels: dict[str, dict[str, int]] = {}
    for line in path.read_text().splitlines():
        parts = line.split()
        if len(parts) >= 2:
            qrels.setdefault(parts[0], {})[parts[1]] = 1
    return qrels


def write_jsonl(docs: dict[str, dict[str, str]], path: Path) -> list[str]:
    """One paper a line (line N is the N-th id returned), authors from ``.A``."""
    ids = []
    with path.open("w", encoding="utf-8") as out:
        for doc_id, doc in docs.items():
            authors = [a.strip() for a in re.split(r"\s{2,}|;", doc.get("A", "")) if a.strip()]
            out.write(json.dumps({"title": doc.get("T") or f"Untitled {doc_id}",
                                  "abstract": doc.get("W", ""), "authors": authors}) + "\n")
            ids.append(doc_id)
    return ids


def paperterm_run(lib: Path, jsonl: Path, line_ids: list[str],
                  queries: dict[str, str]) -> tuple[dict[str, dict[str, float]], list[float], int]:
    from paperterm.index import Library
    from paperterm.index.search.searcher import QueryError

    run: dict[str, dict[str, float]] = {}
    times: list[float] = []
    errors = 0
    with Library.open(lib) as library:
        library.search("warm up")
        for qid, text in queries.items():
            started = time.perf_counter()
            try:
                result = library.search(text, limit=DEPTH)
            except QueryError:
                errors += 1
                run[qid] = {}
                continue
            times.append(time.perf_counter() - started)
            run[qid] = {}
            for rank, hit in enumerate(result.hits):
                for src in hit.paper.sources:
                    if src.file == str(jsonl):
                        run[qid][line_ids[src.line - 1]] = float(DEPTH - rank)
    return run, times, errors


def bm25s_run(docs: dict[str, dict[str, str]], queries: dict[str, str]
              ) -> tuple[dict[str, dict[str, float]], list[float]]:
    import bm25s
    import Stemmer

    stemmer = Stemmer.Stemmer("english")
    ids = list(docs)
    corpus = [f"{d.get('T', '')} {d.get('W', '')}" for d in docs.values()]
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize(corpus, stopwords="en", stemmer=stemmer, show_progress=False),
                    show_progress=False)
    run, times = {}, []
    for qid, text in queries.items():
        started = time.perf_counter()
        tokens = bm25s.tokenize([text], stopwords="en", stemmer=stemmer, show_progress=False)
        if not tokens.vocab:
            run[qid] = {}
            continue
        found, scores = retriever.retrieve(tokens, k=DEPTH, show_progress=False)
        times.append(time.perf_counter() - started)
        run[qid] = {ids[i]: float(s) for i, s in zip(found[0], scores[0], strict=True)}
    return run, times


def fts5_run(docs: dict[str, dict[str, str]], queries: dict[str, str]
             ) -> tuple[dict[str, dict[str, float]], list[float]]:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE d USING fts5(id UNINDEXED, title, abstract, "
               "tokenize='porter unicode61 remove_diacritics 2')")
    db.executemany("INSERT INTO d VALUES (?, ?, ?)",
                   [(i, d.get("T", ""), d.get("W", "")) for i, d in docs.items()])
    run, times = {}, []
    for qid, text in queries.items():
        words = dict.fromkeys(w.lower() for w in re.findall(r"\w+", text))
        match = " OR ".join(f'"{w}"' for w in words)
        started = time.perf_counter()
        rows = db.execute("SELECT id, bm25(d, 0, 2.5, 1.0) FROM d WHERE d MATCH ? "
                          "ORDER BY bm25(d, 0, 2.5, 1.0) LIMIT ?", (match, DEPTH)).fetchall()
        times.append(time.perf_counter() - started)
        run[qid] = {i: -float(s) for i, s in rows}
    return run, times


def evaluate(qrels: dict[str, dict[str, int]], run: dict[str, dict[str, float]]
             ) -> dict[str, float]:
    import pytrec_eval

    evaluator = pytrec_eval.RelevanceEvaluator(qrels, set(MEASURES))
    per = evaluator.evaluate({q: run.get(q, {}) for q in qrels})
    return {m: statistics.fmean(p[m] for p in per.values()) for m in MEASURES}


def process_time(lib: Path, text: str, repeats: int = 5) -> float:
    """Median wall time of a whole ``paperterm search`` process."""
    exe = Path(sys.executable).with_name("paperterm")
    took = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run([str(exe), "--library", str(lib), "search", text], check=False,
                       capture_output=True)
        took.append(time.perf_counter() - started)
    return statistics.median(took)


def _ms(times: list[float], q: float) -> float:
    if not times:
        return 0.0
    ordered = sorted(times)
    return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cisi", type=Path, default=DEFAULT_CISI)
    ap.add_argument("--label", default="paperterm")
    ap.add_argument("--record", choices=("before", "after"), default=None,
                    help="keep this run in benchmarks/ranking.json and results.md")
    args = ap.parse_args(argv)
    docs = read_records(args.cisi / "CISI.ALL")
    qrels = read_qrels(args.cisi / "CISI.REL")
    queries = {q: r.get("W", "") for q, r in read_records(args.cisi / "CISI.QRY").items()
               if q in qrels}
    with tempfile.TemporaryDirectory(prefix="paperterm-cisi-") as tmp:
        jsonl = Path(tmp) / "cisi.jsonl"
        line_ids = write_jsonl(docs, jsonl)
        lib = Path(tmp) / "lib"
        exe = Path(sys.executable).with_name("paperterm")
        subprocess.run([str(exe), "--library", str(lib), "add", str(jsonl)], check=True,
                       capture_output=True)
        runs = {}
        ours, ours_t, errors = paperterm_run(lib, jsonl, line_ids, queries)
        runs[args.label] = (ours, ours_t)
        runs["bm25s"] = bm25s_run(docs, queries)
        runs["FTS5 (OR)"] = fts5_run(docs, queries)
        long_text = max(queries.values(), key=len)
        procs = {"long query": process_time(lib, long_text),
                 "no hit (maestro)": process_time(lib, "maestro")}
        no_hit = paperterm_run(lib, jsonl, line_ids, {"x": "maestro"} | {
            f"n{i}": w for i, w in enumerate(("xylophone", "zeppelin", "quokka"))})[1]
    report = {"queries": len(queries), "documents": len(docs), "errors": errors,
              "engines": {}, "process_s": procs, "no_hit_ms": _ms(no_hit, 0.5)}
    for name, (run, times) in runs.items():
        report["engines"][name] = {**evaluate(qrels, run), "median_ms": _ms(times, 0.5),
                                   "p95_ms": _ms(times, 0.95)}
    print("\n".join(table(report)))
    if args.record:
        recorded = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
        recorded[args.record] = report
        RESULTS.write_text(json.dumps(recorded, indent=2) + "\n")
        from .run import RESULTS_MD

        text = RESULTS_MD.read_text() if RESULTS_MD.exists() else ""
        head = text.split(SECTION)[0].rstrip()
        RESULTS_MD.write_text(head + "\n\n" + "\n".join(section()) + "\n")
    return 0


SECTION = "## Ranking: CISI as written"
RESULTS = Path(__file__).resolve().parent / "ranking.json"


def section() -> list[str]:
    """The ``results.md`` section of the recorded runs (``--record before|after``)."""
    if not RESULTS.exists():
        return []
    recorded = json.loads(RESULTS.read_text())
    out = [SECTION, "", "Generated by `python -m benchmarks.ranking --record before|after` "
           "(the bench extra). Every judged CISI query typed as written, top 100, scored "
           "with pytrec_eval; bm25s (Snowball stemmer, English stop words) and FTS5 (bm25, "
           "the query's words OR-ed) in the same run. Engine times are in-process, per "
           "query; the process time is a whole `paperterm search`.", ""]
    for name in ("before", "after"):
        if name in recorded:
            out += [f"### {name}", "", *table(recorded[name]), ""]
    return out


def table(report: dict) -> list[str]:  # type: ignore[type-arg]
    """One run as Markdown lines."""
    out = [f"CISI: {report['documents']} documents, {report['queries']} judged queries, "
           f"{report['errors']} query errors.", "",
           "| engine | " + " | ".join(MEASURES.values()) + " | median ms | p95 ms |",
           "|---|" + "---|" * (len(MEASURES) + 2)]
    for name, e in report["engines"].items():
        cells = " | ".join(f"{e[m]:.3f}" for m in MEASURES)
        out.append(f"| {name} | {cells} | {e['median_ms']:.2f} | {e['p95_ms']:.2f} |")
    out.append("")
    for what, secs in report["process_s"].items():
        out.append(f"- `paperterm search` process, {what}: {secs:.3f} s")
    out.append(f"- no-hit queries in the engine: median {report['no_hit_ms']:.1f} ms")
    return out


if __name__ == "__main__":
    raise SystemExit(main())
