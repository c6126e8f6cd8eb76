"""What every subcommand shares: the --library option, opening the library, errors."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ...index import Library
from ...index.display import json_safe
from ...index.library import LibraryBusy
from ...index.models import Paper
from ...index.store.health import LibraryError

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class CommandError(Exception):
    """A failure to report as one line, with an exit status."""

    def __init__(self, message: str, status: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.status = status


def library_option() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--library", metavar="DIR", default=argparse.SUPPRESS,
        help="library directory (default: $PAPERTERM_HOME, else the user data dir)")
    return parent


@contextmanager
def open_library(args: argparse.Namespace, check: bool = True,
                 create: bool = False) -> Iterator[Library]:
    """Open the library named by the arguments, repairing its index if it is stale.

    Only a command that adds papers ``create``s one: a mistyped ``--library`` given to a
    read-only command is an error, not a new empty library.
    """
    # Only commands that fill a library anew may start one where the database was lost.
    rebuilds = args.command == "add" or getattr(args, "library_action", None) == "import"
    try:
        library = Library.open(getattr(args, "library", None), create=create or rebuilds,
                               replace_lost=rebuilds)
    except LibraryError as exc:
        raise CommandError(str(exc), EXIT_PROBLEMS) from None
    except OSError as exc:
        raise CommandError(f"cannot open the library: {exc}") from None
    try:
        say_notices(library)
        if (check and not library.store.read_only and not library.is_consistent()
                and not library.is_busy()):
            print("paperterm: the search index is out of date; rebuilding it", file=sys.stderr)
            with progress_bar("Rebuilding index") as update:
                library.reindex(update)
        yield library
        say_notices(library)
    except LibraryBusy as exc:
        raise CommandError(str(exc), EXIT_PROBLEMS) from None
    finally:
        library.close()


def say_notices(library: Library) -> None:
    """Print (once) what the library had to tell: a repaired index, a read-only folder."""
    for notice in library.notices:
        print(f"paperterm: {notice}", file=sys.stderr)
    library.notices.clear()


@contextmanager
def progress_bar(label: str) -> Iterator[Any]:
    """A Rich progress bar on a terminal; a no-op callback when stderr is piped."""
    if not sys.stderr.isatty():
        yield lambda done, total: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress("[progress.description]{task.description}", BarColumn(),
                  MofNCompleteColumn(), TimeElapsedColumn(), transient=True,
                  console=_stderr_console()) as progress:
        task = progress.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield update


def _stderr_console() -> Any:
    from rich.console import Console

    # The progress bar's own escape codes go around the cleaner; its labels are ours.
    return Console(file=getattr(sys.stderr, "raw", sys.stderr))


def print_json(data: object) -> None:
    """JSON on stdout, every unprintable character escaped (the same JSON value)."""
    sys.stdout.write(json_safe(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")


def print_papers(papers: list[Paper], as_json: bool) -> None:
    """A list of papers: JSON objects, or ``id  title`` lines."""
    if as_json:
        print_json([p.to_dict() for p in papers])
    else:
        for paper in papers:
            print(f"{paper.id}  {paper.title}")


def resolve_ids(library: Library, prefixes: list[str]) -> list[str]:
    """Full paper ids for the given ids or unique prefixes; unknown ones are an error."""
    ids, bad = library.store.resolve_ids(prefixes)
    if bad:
        raise CommandError("unknown or ambiguous paper id: " + ", ".join(bad), EXIT_PROBLEMS)
    return ids
