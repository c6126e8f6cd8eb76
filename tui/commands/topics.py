"""``paperterm topics``: the topic tree with counts."""

from __future__ import annotations

import argparse
from typing import Any

from ...index.topics import build_tree
from .common import open_library, print_json


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("topics", parents=[common], help="print the topic tree with counts")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        tree = build_tree(library)
    if args.json:
        print_json([node.to_dict() for node in tree])
        return 0
    for node in tree:
        for depth, item in node.walk():
            count = "" if item.count is None else str(item.count)
            print(f"{'  ' * depth}{item.label}  {count}".rstrip())
    return 0
