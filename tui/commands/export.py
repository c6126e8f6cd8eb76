"""``paperterm export``: BibTeX, RIS, CSL-JSON or Markdown for a set of papers."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ...index.cite.formats import EXPORT_FORMATS, export_papers, format_for_path
from ...index.display import counted
from ...index.search.searcher import QueryError
from ...index.store.personal import TagError, ids_with_tag
from .common import EXIT_PROBLEMS, CommandError, open_library, resolve_ids


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("export", parents=[common], help="write BibTeX, RIS, CSL-JSON or Markdown",
                       description="Write citations with stable cite keys: BibTeX (default), "
                                   "RIS, CSL-JSON or a Markdown reading list.")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--bookmarks", action="store_true", help="export bookmarked papers")
    which.add_argument("--tag", metavar="TAG", help="export the papers carrying TAG")
    which.add_argument("--query", metavar="Q", help="export the papers matching a query")
    which.add_argument("--id", nargs="+", metavar="ID", dest="ids", help="export these papers")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    p.add_argument("-f", "--format", choices=tuple(EXPORT_FORMATS),
                   help="output format (default: from the FILE suffix, else bibtex)")
    p.add_argument("--no-abstract", action="store_true", help="leave abstracts out")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    fmt = args.format or (args.output and format_for_path(args.output)) or "bibtex"
    with open_library(args, check=args.query is not None) as library:
        store = library.store
        if args.bookmarks:
            papers = store.papers(store.bookmarked_ids())
        elif args.tag:
            try:
                papers = store.papers(ids_with_tag(store, args.tag))
            except TagError as exc:
                raise CommandError(str(exc)) from None
        elif args.ids:
            papers = store.papers(list(dict.fromkeys(resolve_ids(library, args.ids))))
        else:
            try:
                papers = library.search(args.query, limit=None).papers
            except QueryError as exc:
                raise CommandError(f"bad query: {exc}", EXIT_PROBLEMS) from None
        text = export_papers(store, papers, fmt, abstract=not args.no_abstract)
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"cannot write {args.output}: {exc.strerror}",
                               EXIT_PROBLEMS) from None
        print(f"{counted(len(papers), 'paper')} exported to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    if not papers:
        print("paperterm: nothing to export", file=sys.stderr)
    return 0
