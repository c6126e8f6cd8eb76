"""``paperterm topics``: the topic tree with counts, or ``--init`` to write a taxonomy."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ...index.display import printable
from ...index.layout import library_dir
from ...index.search.searcher import QueryError
from ...index.topics.taxonomy import init_taxonomy
from ...index.topics.tree import TopicNode, build_tree
from .common import EXIT_OK, EXIT_PROBLEMS, CommandError, open_library, print_json


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("topics", parents=[common], help="print the topic tree with counts",
                       description="Print the topic tree: discovered topics, your taxonomy "
                                   "(topics.toml in the library), sources and dates, each "
                                   "with how many papers it holds.")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--query", "-q", metavar="Q", default="",
                   help="count only the papers matching this search")
    p.add_argument("--init", action="store_true",
                   help="write a default topics.toml to edit (a taxonomy for ML papers)")
    p.add_argument("--force", action="store_true", help="with --init: replace an existing file")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.force and not args.init:
        raise CommandError("--force only goes with --init")
    if args.init:
        return _init(args)
    problems: list[str] = []
    with open_library(args) as library:
        try:
            tree = build_tree(library, args.query, problems)
        except QueryError as exc:
            raise CommandError(f"bad query: {exc}") from None
        data = [_with_ids(library, node) for node in tree] if args.json else []
    for problem in problems:
        print(f"paperterm: {printable(problem)}", file=sys.stderr)
    if args.json:
        print_json(data)
    else:
        for node in tree:
            for depth, item in node.walk():
                count = "" if item.count is None else str(item.count)
                print(f"{'  ' * depth}{printable(item.label)}  {count}".rstrip())
    return EXIT_PROBLEMS if problems else EXIT_OK


def _with_ids(library: Any, node: TopicNode) -> dict[str, object]:
    """``node.to_dict()`` with the sorted ids of every node's papers (all of them, not
    only those matching ``--query``: the count says how many of them match)."""
    out = node.to_dict()
    if node.filter is not None:
        flt = node.filter
        ids = (flt.value.split() if flt.kind == "topic" else
               [p.id for p in library.search("", flt, limit=None).papers])
        out["ids"] = sorted(ids)
    if node.children:
        out["children"] = [_with_ids(library, c) for c in node.children]
    return out


def _init(args: argparse.Namespace) -> int:
    try:
        path = init_taxonomy(library_dir(getattr(args, "library", None)), force=args.force)
    except FileExistsError as exc:
        raise CommandError(str(exc), EXIT_PROBLEMS) from None
    except OSError as exc:
        raise CommandError(f"cannot write the taxonomy: {exc}", EXIT_PROBLEMS) from None
    print(f"Wrote {path}; edit it, then run `paperterm topics`")
    return EXIT_OK
