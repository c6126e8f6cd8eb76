"""``paperterm add PATH...``"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ...index.ingest import add_paths
from .common import EXIT_OK, EXIT_PROBLEMS, open_library


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("add", parents=[common], help="add listing files or directories",
                       description="Add paper listings (files, or directories searched "
                                   "recursively for *.txt). Re-adding is safe: papers are "
                                   "deduplicated by title and every source is kept.")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        report = _add_with_progress(library, args.paths)
    for problem in report.problems:
        print(problem, file=sys.stderr)
    print(report.summary())
    return EXIT_PROBLEMS if report.problems else EXIT_OK


def _add_with_progress(library: Any, paths: list[str]) -> Any:
    if not sys.stderr.isatty():
        return add_paths(library, paths)
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TimeElapsedColumn

    from .common import _stderr_console

    with Progress("[progress.description]{task.description}", BarColumn(),
                  TaskProgressColumn(), TimeElapsedColumn(), transient=True,
                  console=_stderr_console()) as progress:
        tasks: dict[str, Any] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                label = "Reading" if stage == "read" else "Indexing"
                tasks[stage] = progress.add_task(label, total=total or None)
            progress.update(tasks[stage], completed=done, total=total or None)

        return add_paths(library, paths, update)
