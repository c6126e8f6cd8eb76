"""``paperterm related ID``"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from .common import CommandError, open_library, print_json, resolve_ids


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "related", parents=[common], help="papers like a given one",
        description="The papers most similar to one paper (by its distinctive title and "
                    "abstract words), each with the words they share.")
    p.add_argument("id", help="the paper's id (or a unique prefix of it)")
    p.add_argument("--limit", type=int, default=10, metavar="N",
                   help="at most N papers (default 10)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise CommandError("--limit must be 1 or more")
    with open_library(args) as library:
        pid = resolve_ids(library, [args.id])[0]
        related = library.related(pid, args.limit)
    if args.json:
        print_json([r.to_dict() for r in related])
        return 0
    width = os.get_terminal_size().columns if sys.stdout.isatty() else 120
    title_width = max(20, width - 10 - 8 - 4)
    for r in related:
        title = r.paper.title if len(r.paper.title) <= title_width else (
            r.paper.title[: title_width - 1] + "…")
        print(f"{r.paper.id}  {r.score:6.2f}  {title}")
        if r.shared:
            print(f"{'':10}  {'':6}  shares: {', '.join(r.shared)}")
    if not related:
        print("no related papers found", file=sys.stderr)
    return 0
