"""Child process for the first-screen benchmark: ``python -m benchmarks.tui_probe LIBRARY``.

Runs PapertermApp headless and prints ``ready_s=`` (``time.perf_counter()``, which is
CLOCK_MONOTONIC and so comparable with the parent's clock) as soon as the result list
holds papers (with ``rss_ready_mb=``), then ``idle_s=`` once background workers are done
and ``rss_mb=`` (the peak), and exits without waiting for shutdown.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

from .measure import peak_rss_mb, rss_mb

TIMEOUT = 80.0
IDLE_TIMEOUT = 60.0


async def _probe(root: Path) -> None:
    from paperterm.tui.app import PapertermApp
    from paperterm.tui.widgets import ResultList

    app = PapertermApp(root)
    async with app.run_test(size=(120, 40)) as pilot:
        deadline = time.perf_counter() + TIMEOUT
        while not _populated(app.query_one(ResultList)):
            if time.perf_counter() > deadline:
                raise TimeoutError("the result list stayed empty")
            await pilot.pause(0.002)
        print(f"ready_s={time.perf_counter()}\nrss_ready_mb={rss_mb() or 0:.1f}", flush=True)
        # Then let the background workers (topics and the like) finish, for peak memory.
        idle_deadline = time.perf_counter() + IDLE_TIMEOUT
        while any(not worker.is_finished for worker in app.workers):
            if time.perf_counter() > idle_deadline:
                break
            await pilot.pause(0.01)
        else:
            print(f"idle_s={time.perf_counter()}", flush=True)
        print(f"rss_mb={peak_rss_mb():.1f}", flush=True)
        os._exit(0)


def _populated(widget: object) -> bool:
    """Whether the result list shows papers, whichever widget it is built on."""
    for attr in ("papers", "option_count", "row_count"):
        value = getattr(widget, attr, None)
        if isinstance(value, int):
            return value > 0
        if value is not None:
            return len(value) > 0  # type: ignore[arg-type]
    raise AttributeError(f"cannot tell whether {type(widget).__name__} is populated")


def main() -> None:
    asyncio.run(_probe(Path(sys.argv[1])))


if __name__ == "__main__":
    main()
