"""``paperterm``: the command-line entry point. With no subcommand it opens the TUI."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Sequence

from ..index.display import CleanStream
from ..index.layout import library_dir
from ..index.store.health import LibraryError, describe
from .commands import command_name, modules_for
from .commands.common import EXIT_PROBLEMS, EXIT_USAGE, CommandError, library_option


class _VersionAction(argparse.Action):
    """``--version``, looked up only when asked for (package metadata is slow to load)."""

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        print(f"paperterm {_version()}")
        parser.exit()


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser for ``argv`` (with every command when ``argv`` names none)."""
    common = library_option()
    parser = argparse.ArgumentParser(
        prog="paperterm",
        description="Browse, search, read, bookmark and cite research paper listings "
                    "in the terminal. Run without a command to open the browser.",
        parents=[common],
    )
    parser.add_argument("--version", action=_VersionAction, nargs=0,
                        help="show the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in modules_for(argv):
        module.register(sub, common)
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("paperterm")
    except PackageNotFoundError:
        return "unknown"


def _parse(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    """Parse ``argv``; a search query's words may start with ``-`` (``-is:read``)."""
    name = command_name(argv)
    if name != "search":
        return parser.parse_args(argv)
    from .commands.search import query_words

    args, _ = parser.parse_known_args(argv)
    args.query = query_words(argv[argv.index(name) + 1:])
    return args


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if command_name(argv) is None and not {"-h", "--help", "--version"} & set(argv):
        return _run(argv)  # the browser cleans its own text and owns the terminal
    # Everything a command prints passes the one cleaner (index/display.py).
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = CleanStream(out), CleanStream(err)
    try:
        return _run(argv)
    finally:
        sys.stdout, sys.stderr = out, err


def _run(argv: list[str]) -> int:
    parser = build_parser(argv)
    args = _parse(parser, argv)
    handler = getattr(args, "handler", None)
    try:
        if handler is None:
            from .commands.browse import run_app

            return run_app(args)
        return int(handler(args) or 0)
    except (OSError, sqlite3.Error, LibraryError) as exc:
        # A full disk, a damaged database, a read-only folder: one line, never a traceback.
        message = describe(exc, library_dir(getattr(args, "library", None)))
        if message is None:
            raise
        print(f"paperterm: {message}", file=sys.stderr)
        return EXIT_PROBLEMS
    except CommandError as exc:
        print(f"paperterm: {exc}", file=sys.stderr)
        return exc.status
    except sqlite3.DatabaseError as exc:
        print(f"paperterm: the library's database cannot be read ({exc})", file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        print("paperterm: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `paperterm search x | head` closes the pipe early; that is not an error.
        sys.stderr.close()
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

__all__ = ["EXIT_USAGE", "build_parser", "main"]
