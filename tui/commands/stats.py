"""``paperterm stats``"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any

from ...index import Library
from .common import open_library, print_json


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("stats", parents=[common], help="show library counts",
                       description="Papers, records, source files, formats and the time "
                                   "of the last update.")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=run)


def library_stats(library: Library) -> dict[str, Any]:
    """The numbers ``stats`` shows, as plain data."""
    store = library.store
    updated = store.last_update()
    return {
        "library": str(library.root),
        "papers": store.count(),
        "records": store.record_count(),
        "sources": len(store.source_counts()),
        "formats": store.format_counts(),
        "last_update": (datetime.fromtimestamp(updated, UTC).isoformat(timespec="seconds")
                        if updated is not None else None),
        "bookmarks": len(store.bookmarked_ids()),
    }


def run(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        data = library_stats(library)
    if args.json:
        print_json(data)
        return 0
    for key, value in data.items():
        if key == "formats":
            value = ", ".join(f"{name} {n}" for name, n in value.items()) or "-"
        print(f"{key.replace('_', ' '):<12} {value if value is not None else '-'}")
    return 0
