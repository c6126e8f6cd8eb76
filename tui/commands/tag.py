"""``paperterm tag ID TAG...``, ``untag ID TAG...`` and ``tags [ID] [--json]``."""

from __future__ import annotations

import argparse
from typing import Any

from ...index.display import counted
from ...index.store.personal import TagError, add_tags, all_tags, ids_with_tag, remove_tags, tags_of
from .common import CommandError, open_library, print_json, print_papers, resolve_ids


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    for name, text in (("tag", "add tags to a paper"), ("untag", "remove tags from a paper")):
        p = sub.add_parser(name, parents=[common], help=text,
                           description=f"{text[0].upper()}{text[1:]}. Tags are lowercase "
                                       "words (spaces become -); they are kept by paper id "
                                       "and survive re-adding and reindexing.")
        p.add_argument("id", metavar="ID", help="paper id (or a unique prefix)")
        p.add_argument("tags", nargs="+", metavar="TAG")
        p.set_defaults(handler=run_tag)
    p = sub.add_parser("tags", parents=[common], help="list tags with counts",
                       description="List every tag with its number of papers, the papers "
                                   "carrying one tag (--tag), or one paper's tags (ID).")
    p.add_argument("id", nargs="?", metavar="ID", help="show this paper's tags")
    p.add_argument("--tag", metavar="TAG", help="list the papers carrying TAG")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=run_tags)


def run_tag(args: argparse.Namespace) -> int:
    with open_library(args, check=False) as library:
        [pid] = resolve_ids(library, [args.id])
        try:
            if args.command == "tag":
                changed = add_tags(library.store, [pid], args.tags)
                print(f"{counted(changed, 'tag')} added to {pid}")
            else:
                changed = remove_tags(library.store, [pid], args.tags)
                print(f"{changed} tags removed from {pid}")
        except TagError as exc:
            raise CommandError(str(exc)) from None
        tags = tags_of(library.store, pid)
        print(f"tags: {', '.join(tags) if tags else '(none)'}")
    return 0


def run_tags(args: argparse.Namespace) -> int:
    with open_library(args, check=False) as library:
        store = library.store
        if args.id:
            [pid] = resolve_ids(library, [args.id])
            tags = list(tags_of(store, pid))
            if args.json:
                print_json({"id": pid, "tags": tags})
            else:
                for tag in tags:
                    print(tag)
            return 0
        if args.tag:
            try:
                papers = store.papers(ids_with_tag(store, args.tag))
            except TagError as exc:
                raise CommandError(str(exc)) from None
            print_papers(papers, args.json)
            return 0
        counts = all_tags(store)
    if args.json:
        print_json([{"tag": tag, "count": n} for tag, n in counts])
    else:
        width = max((len(t) for t, _ in counts), default=0)
        for tag, n in counts:
            print(f"{tag:<{width}}  {n}")
    return 0
