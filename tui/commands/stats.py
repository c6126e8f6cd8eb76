"""``paperterm stats``"""

from __future__ import annotations

import argparse
from typing import Any

from .common import open_library, print_json


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("stats", parents=[common], help="show library counts")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        store = library.store
        data = {
            "library": str(library.root),
            "papers": store.count(),
            "records": store.record_count(),
            "sources": len(store.source_counts()),
            "bookmarks": len(store.bookmarked_ids()),
        }
    if args.json:
        print_json(data)
    else:
        for key, value in data.items():
            print(f"{key:<10} {value}")
    return 0
