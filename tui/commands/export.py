"""``paperterm export``: BibTeX, RIS, CSL-JSON or Markdown for a set of papers."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ...index import Library
from ...index.cite.formats import EXPORT_FORMATS, export_papers, format_for_path
from ...index.cite.merge import MergeError, merge_export
from ...index.display import counted
from ...index.layout import write_atomic
from ...index.models import Paper
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
    onto = p.add_mutually_exclusive_group()
    onto.add_argument("--force", action="store_true", help="replace FILE if it exists")
    onto.add_argument("--merge", action="store_true",
                      help="add to FILE the entries it lacks (by cite key), keeping its own")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    fmt = args.format or (args.output and format_for_path(args.output)) or "bibtex"
    if (args.force or args.merge) and not args.output:
        raise CommandError("--force and --merge go with -o FILE")
    existing = _existing(args.output, args.merge) if args.output else None
    if existing is not None and not (args.force or args.merge):
        raise CommandError(f"{args.output} exists; use --force to replace it or --merge to "
                           "add the entries it lacks", EXIT_PROBLEMS)
    with open_library(args, check=args.query is not None) as library:
        papers = _papers(library, args)
        if args.merge and existing is not None:
            try:
                merged = merge_export(existing, library.store, papers, fmt, not args.no_abstract)
            except MergeError as exc:
                raise CommandError(f"{args.output} {exc}", EXIT_PROBLEMS) from None
            text = merged.text
        else:
            text = export_papers(library.store, papers, fmt, abstract=not args.no_abstract)
    if not args.output:
        sys.stdout.write(text)
    else:
        _write(Path(args.output), text)
        if args.merge and existing is not None:
            print(f"{counted(merged.added, 'paper')} added to {args.output} "
                  f"({merged.kept} already there; its own entries untouched)", file=sys.stderr)
        else:
            print(f"{counted(len(papers), 'paper')} exported to {args.output}", file=sys.stderr)
    if not papers:
        print("paperterm: nothing to export", file=sys.stderr)
    return 0


def _papers(library: Library, args: argparse.Namespace) -> list[Paper]:
    store = library.store
    if args.bookmarks:
        return store.papers(store.bookmarked_ids())
    if args.tag:
        try:
            return store.papers(ids_with_tag(store, args.tag))
        except TagError as exc:
            raise CommandError(str(exc)) from None
    if args.ids:
        return store.papers(list(dict.fromkeys(resolve_ids(library, args.ids))))
    try:
        return library.search(args.query, limit=None).papers
    except QueryError as exc:
        raise CommandError(f"bad query: {exc}", EXIT_PROBLEMS) from None


def _existing(output: str, merging: bool) -> str | None:
    """The text of a regular file at ``output``, or None when there is none to protect."""
    path = Path(output)
    if not path.exists() or not path.is_file():
        return None
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        if merging:
            raise CommandError(f"{output} is not UTF-8 text; cannot merge into it",
                               EXIT_PROBLEMS) from None
        return ""  # it exists, so it is protected all the same
    except OSError as exc:
        raise CommandError(f"cannot read {output}: {exc.strerror}", EXIT_PROBLEMS) from None


def _write(path: Path, text: str) -> None:
    """Replace ``path`` whole or not at all (a device such as /dev/stdout is written to)."""
    try:
        if path.exists() and not path.is_file():
            with path.open("w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            write_atomic(path, text)
    except OSError as exc:
        raise CommandError(f"cannot write {path}: {exc.strerror}; it was left as it was",
                           EXIT_PROBLEMS) from None
