"""``paperterm add PATH...``"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ...index.ingest.pipeline import IngestReport, add_paths
from ...index.sources.detect import FORMATS
from .common import EXIT_OK, EXIT_PROBLEMS, open_library


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "add", parents=[common], help="add listing files or directories",
        description="Add papers from Daily Papers page dumps, arXiv Atom or JSON-lines, "
                    "BibTeX, CSV or JSON (directories are searched recursively; - reads "
                    "standard input). The format is detected from the content. Re-adding "
                    "is safe and incremental: unchanged files are skipped, changed ones "
                    "replace what they listed before.")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--format", choices=FORMATS, default=None,
                   help="read every PATH as this format instead of detecting it")
    p.add_argument("--wait", type=float, default=10.0, metavar="SECONDS",
                   help="how long to wait while another paperterm writes (default 10)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    with open_library(args, create=True) as library:
        report = _add_with_progress(library, args)
    for warning in report.warnings:
        print(f"{warning} (warning)", file=sys.stderr)
    for problem in report.problems:
        print(problem, file=sys.stderr)
    print(report.summary())
    return EXIT_PROBLEMS if report.problems else EXIT_OK


def _add_with_progress(library: Any, args: argparse.Namespace) -> IngestReport:
    options = {"fmt": args.format, "lock_timeout": args.wait}
    if not sys.stderr.isatty():
        return add_paths(library, args.paths, **options)
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

        return add_paths(library, args.paths, update, **options)
