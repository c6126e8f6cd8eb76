"""``paperterm reindex``"""

from __future__ import annotations

import argparse
from typing import Any

from ...index.display import counted
from .common import open_library, progress_bar


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("reindex", parents=[common],
                       help="rebuild the search index from the database")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    with open_library(args, check=False) as library, progress_bar("Indexing") as update:
        count = library.reindex(update)
    print(f"{counted(count, 'paper')} indexed")
    return 0
