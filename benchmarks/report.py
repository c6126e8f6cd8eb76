"""``results.md`` from ``results.json``: machine, per-size tables and the targets of issues 8
and 16 (CPU time beside wall time, so a loaded machine neither hides nor fakes a result)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .queries import CLASSES

INGEST_TARGET = 1500  # papers/s at 50k
TERM_RATIO = 2.0  # single-term p50 vs FTS5 at 200k
P95_RATIO = 10.0
P95_ABS_MS = 150.0
HIGHLIGHT_MS = 10.0
CLI_S = 0.3
#: Issue 16: every class p50 within this many times FTS5's (CPU), phrase p95 within PHRASE_P95.
CLASS_P50_RATIO = 4.0
PHRASE_P95_RATIO = 6.0
TUI_S = 0.6
TYPING_MS = 100
RSS_MB = 200.0


def _f(value: float | None, digits: int = 1, suffix: str = "") -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}{suffix}"


def _ok(passed: bool | None) -> str:
    return "–" if passed is None else ("pass" if passed else "**FAIL**")


def targets(run: dict[str, Any]) -> list[tuple[str, str, bool | None]]:
    """(target, measured, passed) rows for one size."""
    rows: list[tuple[str, str, bool | None]] = []
    ingest = run.get("ingest")
    if ingest:
        rate = ingest["paperterm"]["papers_per_s"]
        rows.append((f"ingest+index >= {INGEST_TARGET:,} papers/s (target at 50k)",
                     f"{rate:,.0f} papers/s ({_f(ingest['ratio_throughput'], 3)}x FTS5)",
                     rate >= INGEST_TARGET))
    queries = {**run.get("queries", {}), **run.get("highlight", {})}
    for cls in ("term_common", "term_rare"):
        if cls in queries:
            r = queries[cls]["ratio_p50"]
            rows.append((f"{cls} p50 <= {TERM_RATIO:g}x FTS5 (target at 200k)",
                         f"{_f(r, 1)}x", None if r is None else r <= TERM_RATIO))
    rows += _cpu_targets(run.get("queries", {}))
    for cls, data in queries.items():
        if cls == "highlight20":
            continue
        p95, r = data["paperterm"]["p95_ms"], data["ratio_p95"]
        passed = p95 <= P95_ABS_MS and (r is None or r <= P95_RATIO)
        rows.append((f"{cls} p95 <= {P95_RATIO:g}x FTS5 and <= {P95_ABS_MS:g} ms",
                     f"{p95:.1f} ms, {_f(r, 1)}x", passed))
    if "highlight20" in queries:
        p95 = queries["highlight20"]["paperterm"]["p95_ms"]
        rows.append((f"highlight top 20 <= {HIGHLIGHT_MS:g} ms (p95)", f"{p95:.2f} ms",
                     p95 <= HIGHLIGHT_MS))
    cli = run.get("startup", {}).get("cli", {})
    if "p50_s" in cli:
        cpu = cli.get("cpu_p50_s")
        rows.append((f"`paperterm search` whole process <= {CLI_S} s (p50; CPU decides)",
                     f"{cli['p50_s']:.3f} s wall, {_f(cpu, 3)} s CPU",
                     (cpu if cpu is not None else cli["p50_s"]) <= CLI_S))
    tui = run.get("startup", {}).get("tui", {})
    if tui.get("status") == "measured":
        rows.append((f"TUI first screen <= {TUI_S} s (p50)", f"{tui['p50_s']:.3f} s",
                     tui["p50_s"] <= TUI_S))
    else:
        rows.append((f"TUI first screen <= {TUI_S} s", f"{tui.get('status', 'TODO')}: "
                     f"{tui.get('reason', '')}", None))
    typing = run.get("startup", {}).get("typing", {})
    if typing.get("status") == "measured":
        rows.append((f"typing: keystroke-to-paint p95 <= {TYPING_MS} ms",
                     f"{typing['p95_ms']:.0f} ms (max {typing['max_ms']:.0f}, results "
                     f"{typing['results_ms']:.0f} ms after the last key)",
                     typing["p95_ms"] <= TYPING_MS))
    for label, value in _memory(run):
        rows.append((f"RSS < {RSS_MB:g} MB: {label}", f"{value:.0f} MB", value < RSS_MB))
    return rows


def _cpu_targets(queries: dict[str, Any]) -> list[tuple[str, str, bool | None]]:
    """Issue 16's ratios, in CPU time (absent from runs before CPU was recorded)."""
    rows: list[tuple[str, str, bool | None]] = []
    for cls, data in queries.items():
        r = data.get("cpu_ratio_p50")
        if r is None:
            continue
        rows.append((f"{cls} CPU p50 <= {CLASS_P50_RATIO:g}x FTS5 (target at 50k)",
                     f"{r:.1f}x ({data['paperterm_cpu']['p50_ms']:.2f} ms)",
                     r <= CLASS_P50_RATIO))
    phrase = queries.get("phrase", {})
    if phrase.get("cpu_ratio_p95") is not None:
        r = phrase["cpu_ratio_p95"]
        rows.append((f"phrase CPU p95 <= {PHRASE_P95_RATIO:g}x FTS5 (target at 50k)",
                     f"{r:.1f}x ({phrase['paperterm_cpu']['p95_ms']:.2f} ms)",
                     r <= PHRASE_P95_RATIO))
    return rows


def _memory(run: dict[str, Any]) -> list[tuple[str, float]]:
    out: list[tuple[str, float]] = []
    if run.get("ingest"):
        out.append(("ingest (in-process peak)", run["ingest"]["paperterm"]["peak_rss_mb"]))
    cli = run.get("startup", {}).get("cli", {})
    if "peak_rss_mb" in cli:
        out.append(("`paperterm search` process (peak)", cli["peak_rss_mb"]))
    tui = run.get("startup", {}).get("tui", {})
    if tui.get("status") == "measured":
        out.append(("TUI at first screen", tui.get("rss_ready_mb", tui["rss_mb"])))
        out.append(("TUI once its background workers are done (peak)", tui["rss_mb"]))
    return out


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in r) + " |"
              for r in rows]
    return [*lines, ""]


def _latency_rows(data: dict[str, Any], describe: Callable[[str], str]) -> list[list[str]]:
    rows = []
    for cls, d in data.items():
        a, b = d["paperterm"], d["fts5"]
        ca, cb = d.get("paperterm_cpu", {}), d.get("fts5_cpu", {})
        rows.append([f"{cls}", describe(cls), str(a["n"]),
                     _f(a["p50_ms"], 2), _f(a["p95_ms"], 2), _f(a["max_ms"], 2), _f(a["qps"], 0),
                     _f(b["p50_ms"], 2), _f(b["p95_ms"], 2), _f(b["max_ms"], 2), _f(b["qps"], 0),
                     _f(d["ratio_p50"], 1, "x"), _f(d["ratio_p95"], 1, "x"),
                     _f(ca.get("p50_ms"), 2), _f(ca.get("p95_ms"), 2),
                     _f(cb.get("p50_ms"), 2), _f(cb.get("p95_ms"), 2),
                     _f(d.get("cpu_ratio_p50"), 1, "x"), _f(d.get("cpu_ratio_p95"), 1, "x")])
    return rows


def render_size(run: dict[str, Any]) -> list[str]:
    size = run["size"]
    c = run["corpus"]
    out = [f"## {size:,} papers", "",
           f"Run {run['started']}{' (--quick)' if run.get('quick') else ''}; "
           f"corpus: {c['papers']:,} papers in {c['records']:,} records on {c['pages']:,} pages "
           f"({c['megabytes']} MB), seed {c['seed']}; load average at start "
           f"{run['loadavg_start']}, at end {run['loadavg_end']}. Engine: commit "
           f"{run.get('engine', {}).get('commit', '?')}, index/ sources "
           f"{run.get('engine', {}).get('index_sources_sha1', '?')} (the working tree is "
           "edited while benchmarks run)."
           + (f" Ingest numbers are from the run of {run['ingest_from']} (this one reused "
              "its indexes)." if run.get("ingest_from") else ""), ""]
    out += ["### Targets", ""]
    out += _table(["target", "measured", "result"],
                  [[t, m, _ok(p)] for t, m, p in targets(run)])
    ingest = run.get("ingest")
    if ingest:
        a, b = ingest["paperterm"], ingest["fts5"]
        out += ["### Ingest + index", ""]
        out += _table(
            ["engine", "papers", "seconds", "papers/s", "CPU s", "papers/CPU-s",
             "read+dedupe+SQLite s", "Whoosh index s", "peak RSS MB"],
            [["paperterm (`add_paths`)", f"{a['papers']:,}", _f(a["seconds"], 2),
              _f(a["papers_per_s"], 0), _f(a.get("cpu_seconds"), 2),
              _f(a.get("papers_per_cpu_s"), 0), _f(a["read_and_store_s"], 2),
              _f(a["index_s"], 2), _f(a["peak_rss_mb"], 0)],
             ["SQLite FTS5 (JSON lines)", f"{b['papers']:,}", _f(b["seconds"], 2),
              _f(b["papers_per_s"], 0), _f(b.get("cpu_seconds"), 2),
              _f(b.get("papers_per_cpu_s"), 0), "–", "–", "–"]])
        out += [f"paperterm throughput is {_f(ingest['ratio_throughput'], 3)}x FTS5's "
                f"(1/{_f(1 / ingest['ratio_throughput'], 1)}); in CPU time "
                f"{_f(ingest.get('cpu_ratio_throughput'), 3)}x.", ""]
    header = ["class", "what", "n", "pt p50 ms", "pt p95", "pt max", "pt q/s", "FTS5 p50",
              "FTS5 p95", "FTS5 max", "FTS5 q/s", "p50 ratio", "p95 ratio",
              "pt CPU p50", "pt CPU p95", "FTS5 CPU p50", "FTS5 CPU p95", "CPU p50 ratio",
              "CPU p95 ratio"]
    out += ["### Queries (top 20 with text; samples interleaved between engines)", "",
            "Times in ms; \"CPU\" columns are this process's CPU time for the same samples "
            "(trust these on a loaded machine).", ""]
    out += _table(header, _latency_rows(run["queries"], lambda k: CLASSES.get(k, "")))
    out += ["### Highlighting the top 20", ""]
    out += _table(header, _latency_rows(run["highlight"], lambda k: {
        "highlight20": "highlight only (FTS5: with minus without highlight())",
        "search+highlight20": "search then highlight"}.get(k, "")))
    out += ["<details><summary>Queries and hit counts</summary>", ""]
    out += _table(["class", "paperterm query", "FTS5 MATCH", "pt hits", "FTS5 hits",
                   "pt p50 ms", "FTS5 p50 ms"],
                  [[d["class"], f"`{d['paperterm']}`", f"`{d['fts5'][:60]}`",
                   f"{d['paperterm_hits']:,}", f"{d['fts5_hits']:,}",
                   _f(d.get("paperterm_p50_ms"), 2), _f(d.get("fts5_p50_ms"), 2)]
                   for d in run["query_detail"]])
    out += ["</details>", ""]
    out += _startup(run)
    return out


def _startup(run: dict[str, Any]) -> list[str]:
    s = run["startup"]
    cli, imports, tui, mem = s["cli"], s["imports"], s["tui"], run["memory"]
    out = ["### Start-up and memory", ""]
    rows = []
    if "p50_s" in cli:
        rows.append([f"`{cli['command']}` (whole process, {cli['runs']} runs)",
                     f"p50 {cli['p50_s']:.3f} s, min {cli['min_s']:.3f}, max {cli['max_s']:.3f}; "
                     f"CPU p50 {_f(cli.get('cpu_p50_s'), 3)} s; "
                     f"peak RSS {cli['peak_rss_mb']:.0f} MB"])
        rows.append(["`python -c pass` (interpreter alone)",
                     f"p50 {cli['python_bare_p50_s']:.3f} s, CPU "
                     f"{_f(cli.get('python_bare_cpu_p50_s'), 3)} s"])
    else:
        rows.append(["`paperterm search`", cli.get("error", "not measured")])
    if tui.get("status") == "measured":
        rows.append([f"TUI first screen (headless `run_test`, {tui['runs']} runs, from exec "
                     "to a populated result list)",
                     f"p50 {tui['p50_s']:.3f} s, max {tui['max_s']:.3f} s; RSS then "
                     f"{tui.get('rss_ready_mb', 0):.0f} MB; background workers done after "
                     f"{_f(tui.get('idle_p50_s'), 1)} s, peak RSS {tui['rss_mb']:.0f} MB"])
    else:
        rows.append(["TUI first screen", f"**{tui.get('status')}**: {tui.get('reason')}"])
    rows.append(["Library.open + first (browse) query in-process",
                 f"{mem['open_and_first_query_s'] * 1e3:.0f} ms"])
    rows.append(["RSS of the benchmark process during queries",
                 f"peak {mem['peak_rss_queries_mb']:.0f} MB, "
                 f"after {_f(mem['rss_after_queries_mb'], 0)} MB"])
    out += _table(["what", "measured"], rows)
    out += [f"`python -X importtime` of `paperterm search` (sum of self times "
            f"{imports['total_ms']:.0f} ms; includes timer overhead):", ""]
    cum = imports["top_cumulative"]
    slf = imports["top_self"]
    out += _table(["import (two levels deep)", "cumulative ms", "module", "self ms"],
                  [[_indented(a["module"]), _f(a["cumulative_ms"], 1),
                    f"`{b['module']}`", _f(b["self_ms"], 1)]
                   for a, b in zip(cum, slf, strict=False)])
    return out


def _indented(module: str) -> str:
    name = module.lstrip(" ")
    return "&nbsp;" * (len(module) - len(name)) * 2 + f"`{name}`"


def render(results: dict[str, Any]) -> str:
    m = results["machine"]
    out = ["# paperterm benchmarks", "",
           "Generated by `python -m benchmarks` (see README.md); do not edit by hand. "
           "pt = paperterm. Ratios are paperterm / FTS5 from the same run (lower is better, "
           "except ingest throughput where higher is better).", "",
           "## Machine", ""]
    out += _table(["", ""], [
        ["CPU", f"{m['cpu']}, {m['cores']} cores"], ["RAM", f"{m['ram_gb']} GB"],
        ["OS", m["os"]], ["Python", m["python"]], ["whoosh3", m["whoosh3"]],
        ["textual", m["textual"]], ["SQLite", m["sqlite"]],
        ["load average at the last run's start", str(m["loadavg"])],
    ])
    out += ["The machine is shared with other jobs, so absolute numbers are noisy; the ratios "
            "are steadier because both engines are timed back to back.", ""]
    for run in results["sizes"].values():
        out += render_size(run)
    from .ranking import section

    out += ["", *section()]
    return "\n".join(out).rstrip() + "\n"


def summary(runs: list[dict[str, Any]]) -> str:
    """A short plain-text digest for the terminal."""
    lines = []
    for run in runs:
        lines.append(f"== {run['size']:,} papers ==")
        for target, measured, passed in targets(run):
            lines.append(f"  {'ok  ' if passed else '----' if passed is None else 'FAIL'} "
                         f"{target}: {measured}")
    return "\n".join(lines)
