"""``paperterm bookmark add|remove|list``"""

from __future__ import annotations

import argparse
from typing import Any

from ...index.display import counted
from .common import open_library, print_papers, resolve_ids


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("bookmark", parents=[common], help="add, remove or list bookmarks",
                       description="Bookmarks are kept by paper id: they survive re-adding "
                                   "listings and rebuilding the index.")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, text in (("add", "bookmark papers"), ("remove", "remove bookmarks")):
        a = actions.add_parser(name, parents=[common], help=text)
        a.add_argument("ids", nargs="+", metavar="ID", help="paper id (or a unique prefix)")
        a.set_defaults(handler=run)
    ls = actions.add_parser("list", parents=[common], help="list bookmarked papers")
    ls.add_argument("--json", action="store_true", help="print JSON")
    ls.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    with open_library(args, check=args.action == "list") as library:
        store = library.store
        if args.action == "list":
            papers = store.papers(store.bookmarked_ids())
            print_papers(papers, args.json)
            return 0
        ids = resolve_ids(library, args.ids)
        if args.action == "add":
            changed = store.bookmark(ids)
            print(f"{changed} bookmarked ({len(ids) - changed} already were)")
        else:
            changed = store.unbookmark(ids)
            print(f"{counted(changed, 'bookmark')} removed")
    return 0
