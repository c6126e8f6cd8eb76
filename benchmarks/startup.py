"""Whole-process costs: ``paperterm search`` start-up, import time, the TUI's first screen."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from .measure import percentile

CLI_TIMEOUT = 120.0
TUI_TIMEOUT = 150.0
#: A first screen slower than this is measured once, not ``runs`` times.
TUI_SLOW = 3.0


def _cli() -> list[str]:
    script = Path(sys.executable).parent / "paperterm"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "paperterm.tui.cli"]


#: Spawns, waits and reports (seconds, peak RSS KiB, status). It runs in a small fresh
#: interpreter because a child forked from this (large) process would report our RSS as
#: its peak: Linux folds the pre-exec memory into ``ru_maxrss``.
_LAUNCHER = """
import os, sys, time
quiet = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_WRONLY, 0) for fd in (1, 2)]
started = time.perf_counter()
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ, file_actions=quiet)
_, status, usage = os.wait4(pid, 0)
print(time.perf_counter() - started, usage.ru_maxrss, os.waitstatus_to_exitcode(status),
      usage.ru_utime + usage.ru_stime)
"""


def _timed_run(argv: list[str]) -> tuple[float, float, int, float]:
    """Wall seconds, peak RSS in MB, exit status and CPU seconds of one child process."""
    out = subprocess.run([sys.executable, "-c", _LAUNCHER, *argv], capture_output=True,
                         text=True, check=True, timeout=CLI_TIMEOUT).stdout.split()
    return float(out[0]), int(out[1]) / 1024, int(out[2]), float(out[3])


def cli_search(library: Path, term: str, runs: int) -> dict[str, Any]:
    """``paperterm search TERM`` as a whole process, ``runs`` times after one warm-up."""
    argv = [*_cli(), "search", term, "--library", str(library), "--limit", "20"]
    try:
        _timed_run(argv)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {CLI_TIMEOUT:.0f} s: {' '.join(argv)}"}
    times, rss, cpu = [], [], []
    for _ in range(runs):
        elapsed, peak, status, used = _timed_run(argv)
        if status != 0:
            return {"error": f"exit status {status}: {' '.join(argv)}"}
        times.append(elapsed)
        rss.append(peak)
        cpu.append(used)
    bare = [_timed_run([sys.executable, "-c", "pass"]) for _ in range(runs)]
    return {"command": " ".join(["paperterm", "search", term, "--limit", "20"]),
            "runs": runs, "p50_s": percentile(times, 50), "min_s": min(times),
            "max_s": max(times), "peak_rss_mb": max(rss),
            "cpu_p50_s": percentile(cpu, 50), "cpu_min_s": min(cpu),
            "python_bare_p50_s": percentile([b[0] for b in bare], 50),
            "python_bare_cpu_p50_s": percentile([b[3] for b in bare], 50)}


def import_offenders(library: Path, term: str, top: int = 12) -> dict[str, Any]:
    """``python -X importtime`` of a search: the slowest imports, by cumulative time."""
    argv = [sys.executable, "-X", "importtime", "-m", "paperterm.tui.cli", "search", term,
            "--library", str(library), "--limit", "20"]
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, check=False,
                              timeout=CLI_TIMEOUT)
    except subprocess.TimeoutExpired:
        return {"total_ms": 0.0, "top_cumulative": [], "top_self": [],
                "error": f"timed out after {CLI_TIMEOUT:.0f} s"}
    rows: list[tuple[int, int, int, str]] = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cumulative_us, name = line[12:].split("|", 2)
        # importtime indents a module two spaces per level below the one importing it.
        depth = (len(name) - len(name.lstrip(" ")) - 1) // 2
        rows.append((int(self_us), int(cumulative_us), depth, name.strip()))
    # Cumulative time only for the first two levels, so a package and its modules are
    # not all listed; self time over every module.
    shallow = sorted((r for r in rows if r[2] <= 1), key=lambda r: -r[1])
    selfish = sorted(rows, key=lambda r: -r[0])
    return {
        "total_ms": sum(r[0] for r in rows) / 1e3,
        "top_cumulative": [{"module": ("  " * d) + n, "cumulative_ms": c / 1e3}
                           for _, c, d, n in shallow[:top]],
        "top_self": [{"module": n, "self_ms": s / 1e3} for s, _, _, n in selfish[:top]],
    }


def tui_typing(library: Path, query: str) -> dict[str, Any]:
    """Keystroke-to-paint latency while typing ``query`` into the search box (headless)."""
    argv = [sys.executable, "-m", "benchmarks.tui_probe", str(library), query]
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=TUI_TIMEOUT * 2,
                              check=False, cwd=Path(__file__).resolve().parent.parent)
    except subprocess.TimeoutExpired:
        return {"status": "failed", "reason": "typing probe timed out"}
    lines = dict(line.split("=", 1) for line in proc.stdout.splitlines() if "=" in line)
    if proc.returncode != 0 or "keys_ms" not in lines:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        return {"status": "failed", "reason": " | ".join(tail) or "no output"}
    keys = [float(x) for x in lines["keys_ms"].split(",") if x]
    return {"status": "measured", "query": query, "keys": len(keys),
            "p50_ms": percentile(keys, 50), "p95_ms": percentile(keys, 95),
            "max_ms": max(keys), "results_ms": float(lines["results_ms"])}


def tui_first_screen(library: Path, runs: int) -> dict[str, Any]:
    """Wall time from process start until the TUI's result list shows papers (headless).

    Runs :mod:`benchmarks.tui_probe` in a child process, so interpreter start-up and
    imports count, as they do for a user.
    """
    try:
        import paperterm.tui.app  # noqa: F401
    except ImportError as exc:
        return {"status": "TODO", "reason": f"tui/app.py not available yet ({exc})"}
    argv = [sys.executable, "-m", "benchmarks.tui_probe", str(library)]
    times: list[float] = []
    idle: list[float | None] = []
    rss: list[float] = []
    rss_ready: list[float] = []
    for _ in range(runs + 1):
        started = time.perf_counter()
        try:
            proc = subprocess.run(argv, capture_output=True, text=True, timeout=TUI_TIMEOUT,
                                  check=False, cwd=Path(__file__).resolve().parent.parent)
        except subprocess.TimeoutExpired:
            return {"status": "failed", "reason": f"no result list after {TUI_TIMEOUT:.0f} s"}
        lines = dict(line.split("=", 1) for line in proc.stdout.splitlines() if "=" in line)
        if proc.returncode != 0 or "ready_s" not in lines:
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
            return {"status": "failed", "reason": " | ".join(tail) or "no output"}
        # The child reports when the list was populated on the same monotonic clock.
        times.append(float(lines["ready_s"]) - started)
        idle.append(float(lines["idle_s"]) - started if "idle_s" in lines else None)
        rss.append(float(lines.get("rss_mb", "0")))
        rss_ready.append(float(lines.get("rss_ready_mb", "0")))
        if times[0] > TUI_SLOW:
            break
    if len(times) > 1:  # the first run warms the page cache
        times, idle, rss, rss_ready = times[1:], idle[1:], rss[1:], rss_ready[1:]
    idle_times = [t for t in idle if t is not None]
    return {"status": "measured", "runs": len(times), "p50_s": percentile(times, 50),
            "max_s": max(times), "rss_ready_mb": max(rss_ready), "rss_mb": max(rss),
            "idle_p50_s": percentile(idle_times, 50) if idle_times else None}


def main(argv: list[str] | None = None) -> int:
    """``python -m benchmarks.startup LIBRARY WORD [RUNS]``: the CLI whole-process numbers."""
    import json

    args = sys.argv[1:] if argv is None else argv
    runs = int(args[2]) if len(args) > 2 else 7
    print(json.dumps(cli_search(Path(args[0]), args[1], runs), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
