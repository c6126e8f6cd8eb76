"""``paperterm remove PATH...``"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ...index.ingest.pipeline import remove_paths
from .common import EXIT_OK, EXIT_PROBLEMS, open_library


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "remove", parents=[common], help="drop source files from the library",
        description="Forget the papers a file (or every file under a directory) listed. "
                    "A paper another source still lists stays. Bookmarks, tags and notes "
                    "are kept and come back if the paper is added again.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="a file or directory added before")
    p.add_argument("--wait", type=float, default=10.0, metavar="SECONDS",
                   help="how long to wait while another paperterm writes (default 10)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        report = remove_paths(library, args.paths, lock_timeout=args.wait)
    for problem in report.problems:
        print(problem, file=sys.stderr)
    print(report.summary())
    return EXIT_PROBLEMS if report.problems else EXIT_OK
