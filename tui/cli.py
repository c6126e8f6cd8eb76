"""``paperterm``: the command-line entry point. With no subcommand it opens the TUI."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .commands import COMMANDS
from .commands.common import EXIT_USAGE, CommandError, library_option


def build_parser() -> argparse.ArgumentParser:
    common = library_option()
    parser = argparse.ArgumentParser(
        prog="paperterm",
        description="Browse, search, read, bookmark and cite research paper listings "
                    "in the terminal. Run without a command to open the browser.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMANDS:
        module.register(sub, common)
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("paperterm")
    except PackageNotFoundError:
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    try:
        if handler is None:
            from .commands.browse import run_app

            return run_app(args)
        return int(handler(args) or 0)
    except CommandError as exc:
        print(f"paperterm: {exc}", file=sys.stderr)
        return exc.status
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
