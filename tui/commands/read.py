"""``paperterm read ID...`` and ``unread ID...``; ``--list`` shows read or unread papers."""

from __future__ import annotations

import argparse
from typing import Any

from ...index.store.personal import mark_read, mark_unread, read_ids, unread_ids
from .common import CommandError, open_library, print_papers, resolve_ids


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    for name, text in (("read", "mark papers read"), ("unread", "mark papers unread")):
        p = sub.add_parser(name, parents=[common], help=text,
                           description=f"{text[0].upper()}{text[1:]}, or with --list show "
                                       f"the {name} papers.")
        p.add_argument("ids", nargs="*", metavar="ID", help="paper id (or a unique prefix)")
        p.add_argument("--list", action="store_true", help=f"list the {name} papers")
        p.add_argument("--json", action="store_true", help="with --list, print JSON")
        p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if bool(args.ids) == args.list:
        raise CommandError(f"give paper ids or --list (paperterm {args.command} --help)")
    with open_library(args, check=False) as library:
        store = library.store
        if args.list:
            ids = read_ids(store) if args.command == "read" else unread_ids(store)
            papers = store.papers(ids)
            print_papers(papers, args.json)
            return 0
        ids = resolve_ids(library, args.ids)
        if args.command == "read":
            changed = mark_read(store, ids)
            print(f"{changed} marked read ({len(set(ids)) - changed} already were)")
        else:
            changed = mark_unread(store, ids)
            print(f"{changed} marked unread ({len(set(ids)) - changed} already were)")
    return 0
