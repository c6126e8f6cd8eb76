"""``paperterm key [ID [NEWKEY]]`` and ``key --pattern PATTERN``: BibTeX cite keys."""

from __future__ import annotations

import argparse
from typing import Any

from ...index.cite.bibtex import (
    PATTERN_TOKENS,
    CiteKeyError,
    assign_keys,
    key_pattern,
    set_key,
    set_key_pattern,
)
from ...index.models import Paper
from .common import EXIT_PROBLEMS, CommandError, open_library, print_json, resolve_ids

_EXAMPLE = Paper("0000000000", "Attention Is All You Need", "", (), 0.0,
                 {"authors": ["Ashish Vaswani"], "year": 2017, "arxiv_id": "1706.03762"})


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "key", parents=[common], help="show or change cite keys and the key pattern",
        description="A paper's cite key is made once, from the key pattern, and never changes "
                    "unless you set it. With ID print the key; with ID NEWKEY set it; with "
                    "--pattern set how new keys are made; with nothing show the pattern.")
    p.add_argument("id", nargs="?", metavar="ID", help="paper id (or a unique prefix)")
    p.add_argument("newkey", nargs="?", metavar="NEWKEY", help="the key to give the paper")
    p.add_argument("--pattern", metavar="PATTERN",
                   help="pattern for new keys, e.g. '{first_author}{year}{title_word}'; "
                        "alternatives separated by | are tried in order")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.pattern is not None and args.id:
        raise CommandError("give either ID [NEWKEY] or --pattern")
    with open_library(args, check=False) as library:
        store = library.store
        if args.id is None:
            if args.pattern is not None:
                try:
                    set_key_pattern(store, args.pattern)
                except CiteKeyError as exc:
                    raise CommandError(str(exc)) from None
            _show_pattern(key_pattern(store), args.json)
            return 0
        [pid] = resolve_ids(library, [args.id])
        if args.newkey is None:
            paper = store.paper(pid)
            key = assign_keys(store, [paper])[pid] if paper else store.citekeys([pid])[pid]
            old = None
        else:
            try:
                old = set_key(store, pid, args.newkey)
            except CiteKeyError as exc:
                raise CommandError(str(exc), EXIT_PROBLEMS) from None
            key = args.newkey.strip()
    if args.json:
        print_json({"id": pid, "key": key, "previous": old})
    elif args.newkey is not None:
        print(f"{pid}: {old or '(none)'} -> {key}")
    else:
        print(key)
    return 0


def _show_pattern(pattern: str, as_json: bool) -> None:
    from ...index.cite.bibtex import key_from_pattern

    example = key_from_pattern(_EXAMPLE, pattern)
    if as_json:
        print_json({"pattern": pattern, "example": example, "tokens": PATTERN_TOKENS})
        return
    print(f"key pattern: {pattern}")
    print(f"example: {example}  (Vaswani 2017, \"Attention Is All You Need\")")
    print("tokens:")
    for token, text in PATTERN_TOKENS.items():
        print(f"  {{{token}}}  {text}")
