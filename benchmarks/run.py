"""``python -m benchmarks``: paperterm against SQLite FTS5 on the same synthetic corpus."""

from __future__ import annotations

import argparse
import cProfile
import gc
import hashlib
import json
import pstats
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from paperterm.index import Library
from paperterm.index.ingest.pipeline import add_paths
from paperterm.index.search.searcher import match_spans, snippet

from . import report, startup
from .corpus import DATA_DIR, DEFAULT_SEED, Corpus, ensure_corpus, vocabulary
from .fts5 import Fts5Index
from .measure import (
    Latency,
    Stopwatch,
    clocks,
    loadavg,
    machine,
    peak_rss_mb,
    ratio,
    reset_peak_rss,
    rss_mb,
)
from .queries import CLASSES, QueryCase, highlight_queries, query_mix

HERE = Path(__file__).resolve().parent
RESULTS_JSON = HERE / "results.json"
RESULTS_MD = HERE / "results.md"
LIMIT = 20
#: Stop repeating a query class once paperterm has spent this long on it.
CLASS_BUDGET_S = 30.0


class Profiler:
    """cProfile around a phase when ``--profile`` is given; dumps .pstats and a top list."""

    def __init__(self, out: Path | None) -> None:
        self.out = out

    def phase(self, name: str) -> Any:
        if self.out is None:
            return nullcontext()
        return _ProfiledPhase(self.out / f"{name}.pstats")


class _ProfiledPhase:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.profile = cProfile.Profile()

    def __enter__(self) -> None:
        self.profile.enable()

    def __exit__(self, *exc: object) -> None:
        self.profile.disable()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.profile.dump_stats(self.path)
        with self.path.with_suffix(".txt").open("w") as out:
            stats = pstats.Stats(self.profile, stream=out).strip_dirs()
            stats.sort_stats("cumulative").print_stats(40)
            stats.sort_stats("tottime").print_stats(40)


def log(message: str) -> None:
    print(f"[{datetime.now(UTC):%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def corpus_for(size: int, seed: int) -> Corpus:
    """Generate in a child process so the generator's memory never counts against ours."""
    subprocess.run([sys.executable, "-m", "benchmarks.corpus", "--size", str(size),
                    "--seed", str(seed)], check=True, cwd=HERE.parent, stdout=subprocess.DEVNULL)
    return ensure_corpus(size, seed)


def ingest_paperterm(corpus: Corpus, library_dir: Path) -> dict[str, Any]:
    """``add_paths`` on the page dumps into a fresh library, timed by phase."""
    shutil.rmtree(library_dir, ignore_errors=True)
    gc.collect()
    reset_peak_rss()
    marks: dict[str, float] = {}

    def progress(phase: str, done: int, total: int) -> None:
        marks.setdefault(phase, time.perf_counter())

    with Stopwatch() as sw, Library.open(library_dir) as lib:
        started = time.perf_counter()
        result = add_paths(lib, [corpus.pages_dir], progress)
        papers = lib.store.count()
    read_s = marks.get("index", started + sw.elapsed) - started
    return {"papers": papers, "records": result.records, "merged": result.merged,
            "problems": len(result.problems), "seconds": sw.elapsed,
            "papers_per_s": papers / sw.elapsed, "cpu_seconds": sw.cpu,
            "papers_per_cpu_s": papers / sw.cpu if sw.cpu else None,
            "read_and_store_s": read_s, "index_s": sw.elapsed - read_s,
            "peak_rss_mb": peak_rss_mb()}


def ingest_fts5(corpus: Corpus, path: Path) -> dict[str, Any]:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    index = Fts5Index(path)
    with Stopwatch() as sw:
        papers = index.build(corpus.jsonl)
    index.close()
    return {"papers": papers, "seconds": sw.elapsed, "papers_per_s": papers / sw.elapsed,
            "cpu_seconds": sw.cpu, "papers_per_cpu_s": papers / sw.cpu if sw.cpu else None}


def _fts5_runner(index: Fts5Index, case: QueryCase) -> Callable[[], object]:
    if case.fuzzy is not None:
        return lambda: index.fuzzy_search(case.fuzzy or "", LIMIT)
    return lambda: index.search(case.match, LIMIT)


class Samples:
    """Wall and CPU samples per class for both engines."""

    def __init__(self, classes: Sequence[str]) -> None:
        self.wall: dict[str, tuple[list[float], list[float]]] = {c: ([], []) for c in classes}
        self.cpu: dict[str, tuple[list[float], list[float]]] = {c: ([], []) for c in classes}

    def add(self, cls: str, ours: tuple[float, float], theirs: tuple[float, float]) -> None:
        """``ours``/``theirs``: (wall, CPU) seconds of one query on each engine."""
        self.wall[cls][0].append(ours[0])
        self.wall[cls][1].append(theirs[0])
        self.cpu[cls][0].append(ours[1])
        self.cpu[cls][1].append(theirs[1])

    def spent(self, cls: str) -> float:
        return sum(self.wall[cls][0])

    def classes(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for cls, (ours, theirs) in self.wall.items():
            if not ours:
                continue
            a, b = Latency(tuple(ours)), Latency(tuple(theirs))
            ca, cb = (Latency(tuple(x)) for x in self.cpu[cls])
            out[cls] = {"paperterm": a.to_dict(), "fts5": b.to_dict(),
                        "paperterm_cpu": ca.to_dict(), "fts5_cpu": cb.to_dict(),
                        "ratio_p50": ratio(a.p50, b.p50), "ratio_p95": ratio(a.p95, b.p95),
                        "cpu_ratio_p50": ratio(ca.p50, cb.p50),
                        "cpu_ratio_p95": ratio(ca.p95, cb.p95)}
        return out


def _since(start: tuple[float, float]) -> tuple[float, float]:
    now = clocks()
    return now[0] - start[0], now[1] - start[1]


def run_queries(lib: Library, index: Fts5Index, cases: list[QueryCase],
                repeats: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Each case ``repeats`` times on both engines, interleaved so load hits both alike."""
    samples = Samples(list(CLASSES))
    per_case = [Samples(["case"]) for _ in cases]
    detail: list[dict[str, Any]] = []
    for case in cases:  # warm-up, and the hit counts for the record
        fts = _fts5_runner(index, case)
        result = lib.search(case.text, limit=LIMIT)
        fts()
        match = index.fuzzy_match(case.fuzzy) if case.fuzzy else case.match
        detail.append({"class": case.cls, "paperterm": case.text, "fts5": match,
                       "paperterm_hits": result.total, "fts5_hits": index.count(match)})
    for _ in range(repeats):
        for number, case in enumerate(cases):
            if samples.spent(case.cls) > CLASS_BUDGET_S:
                continue  # enough samples of a very slow class
            fts = _fts5_runner(index, case)
            start = clocks()
            lib.search(case.text, limit=LIMIT)
            ours = _since(start)
            start = clocks()
            fts()
            theirs = _since(start)
            samples.add(case.cls, ours, theirs)
            per_case[number].add("case", ours, theirs)
    for number, row in enumerate(detail):
        case = per_case[number].classes().get("case")
        if case:
            row["paperterm_p50_ms"] = case["paperterm"]["p50_ms"]
            row["fts5_p50_ms"] = case["fts5"]["p50_ms"]
            row["paperterm_cpu_p50_ms"] = case["paperterm_cpu"]["p50_ms"]
            row["fts5_cpu_p50_ms"] = case["fts5_cpu"]["p50_ms"]
    return samples.classes(), detail


def run_highlights(lib: Library, index: Fts5Index, cases: list[QueryCase],
                   repeats: int) -> dict[str, Any]:
    """Highlighting the top 20: alone, and together with the search, on both engines.

    paperterm: ``match_spans`` of the title and ``snippet`` of the abstract per hit.
    FTS5: ``highlight()`` + ``snippet()`` in the query; "alone" is that query's time minus
    the same query without them, measured back to back.
    """
    samples = Samples(["highlight20", "search+highlight20"])
    for case in cases:
        index.search_highlighted(case.match, LIMIT)
    for _ in range(repeats):
        for case in cases:
            t0 = clocks()
            result = lib.search(case.text, limit=LIMIT)
            t1 = clocks()
            for hit in result.hits:
                match_spans(hit.paper.title, result.terms)
                snippet(hit.paper.abstract, result.terms)
            t2 = clocks()
            index.search(case.match, LIMIT)
            t3 = clocks()
            index.search_highlighted(case.match, LIMIT)
            t4 = clocks()
            ours = [(b - a) for a, b in zip(t1, t2, strict=True)]
            whole = [(b - a) for a, b in zip(t0, t2, strict=True)]
            plain = [(b - a) for a, b in zip(t2, t3, strict=True)]
            marked = [(b - a) for a, b in zip(t3, t4, strict=True)]
            samples.add("highlight20", (ours[0], ours[1]),
                        (max(0.0, marked[0] - plain[0]), max(0.0, marked[1] - plain[1])))
            samples.add("search+highlight20", (whole[0], whole[1]), (marked[0], marked[1]))
    return samples.classes()


def _reusable(library_dir: Path, fts_path: Path) -> bool:
    """Both indexes exist and paperterm's still matches its database and schema."""
    if not (library_dir / "library.sqlite3").exists() or not fts_path.exists():
        return False
    with Library.open(library_dir) as lib:
        return lib.is_consistent()


def engine_fingerprint() -> dict[str, str]:
    """The commit and a hash of the engine's working-tree sources (others edit it live)."""
    root = HERE.parent
    digest = hashlib.sha1()
    for path in sorted((root / "index").rglob("*.py")):
        digest.update(path.read_bytes())
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, text=True,
                              capture_output=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        head = "unknown"
    return {"commit": head, "index_sources_sha1": digest.hexdigest()[:12]}


def bench_size(size: int, args: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {"size": size, "started": datetime.now(UTC).isoformat(timespec="seconds"),
                           "loadavg_start": loadavg(), "engine": engine_fingerprint()}
    profiler = Profiler(args.profile / str(size) if args.profile else None)
    log(f"{size}: corpus")
    corpus = corpus_for(size, args.seed)
    out["corpus"] = {"papers": corpus.papers, "records": corpus.records, "pages": corpus.pages,
                     "megabytes": round(corpus.bytes / 1e6, 1), "seed": corpus.seed}
    work = DATA_DIR / f"run-{size}"
    work.mkdir(parents=True, exist_ok=True)
    library_dir, fts_path = work / "library", work / "fts5.sqlite3"
    if args.reuse and _reusable(library_dir, fts_path):
        log(f"{size}: reusing the indexes in {work}")
        out["ingest"] = None
    else:
        log(f"{size}: paperterm ingest")
        with profiler.phase("ingest"):
            ours = ingest_paperterm(corpus, library_dir)
        log(f"{size}: FTS5 ingest")
        theirs = ingest_fts5(corpus, fts_path)
        out["ingest"] = {"paperterm": ours, "fts5": theirs,
                         "ratio_throughput": ratio(ours["papers_per_s"], theirs["papers_per_s"]),
                         "cpu_ratio_throughput": ratio(ours["papers_per_cpu_s"] or 0.0,
                                                       theirs["papers_per_cpu_s"] or 0.0)}
        log(f"{size}: {ours['papers_per_s']:.0f} papers/s vs FTS5 {theirs['papers_per_s']:.0f}")

    gc.collect()
    reset_peak_rss()
    rss_before = rss_mb()
    with Stopwatch() as opening:
        lib = Library.open(library_dir)
        lib.search("", limit=LIMIT)
    index = Fts5Index(fts_path)
    try:
        cases = query_mix(args.per_class, args.seed)
        log(f"{size}: {len(cases)} queries x {args.repeats}")
        with profiler.phase("queries"):
            out["queries"], out["query_detail"] = run_queries(lib, index, cases, args.repeats)
        log(f"{size}: highlights")
        with profiler.phase("highlight"):
            out["highlight"] = run_highlights(lib, index, highlight_queries(args.per_class,
                                                                            args.seed),
                                              args.repeats)
        out["memory"] = {"open_and_first_query_s": opening.elapsed,
                         "open_and_first_query_cpu_s": opening.cpu,
                         "rss_before_open_mb": rss_before, "rss_after_queries_mb": rss_mb(),
                         "peak_rss_queries_mb": peak_rss_mb()}
    finally:
        index.close()
        lib.close()
    term = query_mix(1, args.seed)[0].text
    log(f"{size}: start-up")
    skipped = {"status": "skipped", "reason": "--no-tui"}
    out["startup"] = {"cli": startup.cli_search(library_dir, term, args.startup_runs),
                      "imports": startup.import_offenders(library_dir, term),
                      "tui": skipped if args.no_tui else
                      startup.tui_first_screen(library_dir, args.startup_runs),
                      "typing": skipped if args.no_tui else
                      startup.tui_typing(library_dir, typed_query(args.seed))}
    out["loadavg_end"] = loadavg()
    return out


def typed_query(seed: int) -> str:
    """What the typing benchmark types: two common words and a mid-frequency one."""
    words = vocabulary(seed).content
    return f"{words[3]} {words[40]} {words[400]}"


def _merge(previous: dict[str, Any], runs: list[dict[str, Any]],
           info: dict[str, Any]) -> dict[str, Any]:
    sizes = {str(k): v for k, v in previous.get("sizes", {}).items()}
    for run in runs:
        sizes[str(run["size"])] = {**run, "machine": info}
    return {"machine": info, "sizes": dict(sorted(sizes.items(), key=lambda kv: int(kv[0])))}


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--sizes", default="10000,50000",
                        help="comma-separated corpus sizes (default 10000,50000)")
    parser.add_argument("--quick", action="store_true",
                        help="fewer queries and repeats, so a 10k+50k run fits in minutes")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--reuse", action="store_true",
                        help="keep indexes from an earlier run (no ingest timing)")
    parser.add_argument("--profile", type=Path, metavar="DIR",
                        help="cProfile ingest, queries and highlights into DIR/<size>/")
    parser.add_argument("--no-tui", action="store_true",
                        help="skip the TUI first-screen and typing probes")
    parser.add_argument("--fresh", action="store_true",
                        help="forget earlier sizes in results.json instead of merging")
    args = parser.parse_args(argv)
    args.sizes_list = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    args.per_class, args.repeats, args.startup_runs = (3, 3, 3) if args.quick else (5, 7, 7)
    return args


def _load_results(fresh: bool) -> dict[str, Any]:
    if fresh or not RESULTS_JSON.exists():
        return {}
    return json.loads(RESULTS_JSON.read_text())


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    info = machine()
    runs = []
    for number, size in enumerate(args.sizes_list):
        run = bench_size(size, args)
        run["quick"] = args.quick
        runs.append(run)
        # Re-read before writing: another run (another size) may have written meanwhile.
        merged = _load_results(args.fresh and number == 0)
        earlier = merged.get("sizes", {}).get(str(size), {})
        if run["ingest"] is None and earlier.get("ingest"):
            run["ingest"] = earlier["ingest"]
            run["ingest_from"] = earlier.get("ingest_from") or earlier.get("started")
        # Written after every size, so a long run that dies later keeps what it measured.
        merged = _merge(merged, [run], info)
        RESULTS_JSON.write_text(json.dumps(merged, indent=2) + "\n")
        RESULTS_MD.write_text(report.render(merged))
        log(f"{size}: wrote {RESULTS_MD.relative_to(HERE.parent)} and {RESULTS_JSON.name}")
    print(report.summary(runs))
    return 0
