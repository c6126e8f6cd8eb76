"""Child process for the TUI benchmarks: ``python -m benchmarks.tui_probe LIBRARY [QUERY]``.

Runs PapertermApp headless and prints ``ready_s=`` (``time.perf_counter()``, which is
CLOCK_MONOTONIC and so comparable with the parent's clock) as soon as the result list
holds papers (with ``rss_ready_mb=``), then ``idle_s=`` once background workers are done.
With QUERY it then types the query one key every 60 ms (a fast typist) and prints
``keys_ms=`` (each keystroke until every widget has handled it and the screen is
repainted, comma separated) and ``results_ms=`` (last key until the final query's results
were shown). Last comes ``rss_mb=`` (the peak); it exits without waiting for shutdown.
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
KEY_GAP = 0.06  # seconds between keystrokes, about 16 keys a second


async def _type(app: object, pilot: object, query: str) -> None:
    """Type ``query`` key by key; report keystroke-to-paint and last-key-to-results."""
    from paperterm.tui.widgets import ResultList
    from textual import events

    await pilot.press("slash")  # type: ignore[attr-defined]
    box = app.query_one("#query")  # type: ignore[attr-defined]
    latencies = []
    for typed_so_far, char in enumerate(query, start=1):
        started = time.perf_counter()
        # As the terminal driver does: post the key to the app, then wait (yielding to the
        # loop, not for the process to go idle as Pilot does) until the box shows it and
        # the screen is repainted. Search workers keep running in their threads meanwhile.
        app.post_message(events.Key("space" if char == " " else char, char))  # type: ignore[attr-defined]
        while box.value != query[:typed_so_far]:
            await asyncio.sleep(0)
        app.screen._on_timer_update()  # type: ignore[attr-defined]
        latencies.append((time.perf_counter() - started) * 1000)
        await asyncio.sleep(KEY_GAP)  # a fast typist
    typed = time.perf_counter()
    results = app.query_one(ResultList)  # type: ignore[attr-defined]
    while results.result is None or results.result.query != query:
        if time.perf_counter() - typed > TIMEOUT:
            break
        await pilot.pause(0.002)  # type: ignore[attr-defined]
    print("keys_ms=" + ",".join(f"{x:.2f}" for x in latencies), flush=True)
    print(f"results_ms={(time.perf_counter() - typed) * 1000:.2f}", flush=True)


async def _probe(root: Path, query: str | None = None) -> None:
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
        if query:
            await _type(app, pilot, query)
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
    asyncio.run(_probe(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else None))


if __name__ == "__main__":
    main()
