"""``paperterm search QUERY``"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any

from ...index.display import counted
from ...index.search.searcher import SORTS, QueryError, SearchResult
from .common import EXIT_PROBLEMS, CommandError, open_library, print_json


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "search", parents=[common], help="search the library",
        description='Full-text search, ranked: papers with all the words first, then most; '
                    '"phrases", +required, -exclude, AND, OR, prefix reinf*, fuzzy '
                    "reinforcment~, the fields title:, abstract:, author:, year: (2020..2023, "
                    ">=2024), cat:, venue:, id:, arxiv:, doi:, type:, has:pdf, has:code, "
                    "note:, source:, date: (2024-03, mar, ranges), tag:, and is:bookmarked, "
                    "is:unread, is:read. "
                    "Acronyms the library defines (MCTS) also find their written-out form; "
                    "model-based, model based and modelbased are the same.")
    p.add_argument("query", nargs="*",
                   help="the query (several words are joined; it may start with -)")
    p.add_argument("--limit", type=int, default=20, metavar="N",
                   help="at most N hits (default 20; 0 for all)")
    p.add_argument("--sort", default="relevance", choices=list(SORTS),
                   help="order of the hits (default relevance; listed and added: newest first)")
    p.add_argument("--json", action="store_true",
                   help="print JSON: total, elapsed_ms, suggestion and hits with highlights")
    p.set_defaults(handler=run)


#: Options of ``search`` that take a value; any other word starting with ``-`` is the query's.
VALUE_OPTIONS = ("--limit", "--sort", "--library")
FLAG_OPTIONS = ("--json", "-h", "--help")


def query_words(args: Sequence[str]) -> list[str]:
    """The query's words among the arguments after ``search``, in order: ``-is:read`` is an
    exclusion the user typed, not an option."""
    words: list[str] = []
    rest = iter(args)
    for arg in rest:
        if arg == "--":
            words.extend(rest)
        elif arg in VALUE_OPTIONS:
            next(rest, None)
        elif arg not in FLAG_OPTIONS and not arg.startswith(tuple(f"{o}=" for o in VALUE_OPTIONS)):
            words.append(arg)
    return words


def run(args: argparse.Namespace) -> int:
    text = " ".join(args.query)
    if not text.strip():
        raise CommandError("search needs a query (an empty one is `paperterm search '*'`)")
    if args.limit < 0:
        raise CommandError("--limit must be 0 or more")
    with open_library(args) as library:
        try:
            result = library.search(text, limit=args.limit or None, sort=args.sort)
        except QueryError as exc:
            raise CommandError(f"bad query: {exc}", EXIT_PROBLEMS) from None
    if args.json:
        print_json(result_json(result))
    else:
        print_table(result)
    return 0


def result_json(result: SearchResult) -> dict[str, object]:
    """The ``--json`` document: the query's outcome and each hit with its highlights."""
    return {
        "query": result.query,
        "total": result.total,
        "elapsed_ms": round(result.elapsed * 1000, 2),
        "sort": result.sort,
        "suggestion": result.suggestion,
        "hint": result.hint,
        "hits": [{**hit.paper.to_dict(), "score": round(hit.score, 4),
                  "highlights": [f.to_dict() for f in result.highlights(hit)]}
                 for hit in result.hits],
    }


def print_table(result: SearchResult) -> None:
    """Id, score, title and first source, one paper a line, fitted to the terminal."""
    width = os.get_terminal_size().columns if sys.stdout.isatty() else 120
    title_width = max(20, width - 10 - 8 - 20)
    for hit in result.hits:
        paper = hit.paper
        title = paper.title if len(paper.title) <= title_width else (
            paper.title[: title_width - 1] + "…")
        where = paper.sources[0].date or "" if paper.sources else ""
        print(f"{paper.id}  {hit.score:6.2f}  {title:<{title_width}}  {where}")
    shown = len(result.hits)
    more = f" (showing {shown})" if shown < result.total else ""
    print(f"{counted(result.total, 'hit')}{more} in {result.elapsed * 1000:.0f} ms · {result.sort}",
          file=sys.stderr)
    if result.hint:
        print(result.hint, file=sys.stderr)
    if result.suggestion:
        print(f"did you mean: {result.suggestion}", file=sys.stderr)
