"""Timing statistics, memory readings and a description of the machine."""

from __future__ import annotations

import os
import platform
import resource
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path


@dataclass(frozen=True)
class Latency:
    """Latency samples of one query class on one engine, in seconds."""

    samples: tuple[float, ...]

    @property
    def p50(self) -> float:
        return percentile(self.samples, 50)

    @property
    def p95(self) -> float:
        return percentile(self.samples, 95)

    @property
    def max(self) -> float:
        return max(self.samples) if self.samples else 0.0

    @property
    def throughput(self) -> float:
        """Queries per second, one after another."""
        total = sum(self.samples)
        return len(self.samples) / total if total else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {"n": len(self.samples), "p50_ms": self.p50 * 1e3, "p95_ms": self.p95 * 1e3,
                "max_ms": self.max * 1e3, "qps": self.throughput}


def percentile(samples: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (no interpolation), 0.0 for no samples."""
    if not samples:
        return 0.0
    ordered = sorted(samples)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


def ratio(ours: float, baseline: float) -> float | None:
    return ours / baseline if baseline > 0 else None


class Stopwatch:
    """``with Stopwatch() as sw: ...``; then ``sw.elapsed`` (wall) and ``sw.cpu`` in seconds.

    CPU time is this process's user + system time: on a machine shared with other jobs
    it stays put while wall time stretches with the load.
    """

    elapsed: float = 0.0
    cpu: float = 0.0

    def __enter__(self) -> Stopwatch:
        self._start = time.perf_counter()
        self._cpu = time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.elapsed = time.perf_counter() - self._start
        self.cpu = time.process_time() - self._cpu


def clocks() -> tuple[float, float]:
    """(wall, CPU) readings to subtract: ``time.perf_counter``, ``time.process_time``."""
    return time.perf_counter(), time.process_time()


def loadavg() -> list[float]:
    """The 1, 5 and 15 minute load averages, rounded."""
    return [round(x, 2) for x in os.getloadavg()]


# -- memory ----------------------------------------------------------------------------


def _status_kb(key: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def rss_mb() -> float | None:
    kb = _status_kb("VmRSS")
    return kb / 1024 if kb is not None else None


def peak_rss_mb() -> float:
    """The process's peak RSS since start or since :func:`reset_peak_rss`."""
    kb = _status_kb("VmHWM")
    if kb is None:
        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024


def reset_peak_rss() -> bool:
    """Reset the kernel's peak-RSS mark so the next phase is measured alone (Linux)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


# -- the machine -----------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def machine() -> dict[str, object]:
    """CPU, cores, RAM, OS, Python and library versions, and the load right now."""
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "ram_gb": _ram_gb(),
        "os": f"{platform.system()} {platform.release()}",
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "whoosh3": _version("whoosh3"),
        "textual": _version("textual"),
        "sqlite": sqlite3.sqlite_version,
        "loadavg": loadavg(),
    }
