"""``paperterm library export FILE`` / ``library import FILE``: back up personal state."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ...index.layout import write_atomic
from ...index.store.personal import BackupError, dump_state, import_state, load_state
from .common import EXIT_OK, EXIT_PROBLEMS, CommandError, open_library


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "library", parents=[common], help="back up or restore bookmarks, tags, notes, keys",
        description="Write all personal state (bookmarks, tags, notes, read marks, cite keys, "
                    "settings) to a JSON file, or merge such a file into this library. It is "
                    "kept by paper id, so import before or after adding the listings.")
    # `dest` must not be "library": that is the --library option.
    actions = p.add_subparsers(dest="library_action", metavar="ACTION", required=True)
    ex = actions.add_parser("export", parents=[common], help="write a backup (- for stdout)")
    ex.add_argument("file", metavar="FILE")
    ex.set_defaults(handler=run_export)
    im = actions.add_parser("import", parents=[common], help="merge a backup (- for stdin)")
    im.add_argument("file", metavar="FILE")
    im.add_argument("--overwrite", action="store_true",
                    help="on conflicts take the backup's note, cite key or setting")
    im.set_defaults(handler=run_import)


def run_export(args: argparse.Namespace) -> int:
    with open_library(args, check=False) as library:
        text = dump_state(library.store)
    if args.file == "-":
        sys.stdout.write(text)
        return EXIT_OK
    try:
        write_atomic(Path(args.file), text)
    except OSError as exc:
        raise CommandError(f"cannot write {args.file}: {exc.strerror}; it was left as it was",
                           EXIT_PROBLEMS) from None
    print(f"personal state written to {args.file}", file=sys.stderr)
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"cannot read {args.file}: {exc}", EXIT_PROBLEMS) from None
    try:
        data = load_state(text)
    except BackupError as exc:
        raise CommandError(f"{args.file}: {exc}", EXIT_PROBLEMS) from None
    with open_library(args, check=False, create=True) as library:
        report = import_state(library.store, data, overwrite=args.overwrite)
    for line in report.conflicts:
        print(f"{args.file}: conflict: {line}", file=sys.stderr)
    for line in report.problems:
        print(f"{args.file}: {line}", file=sys.stderr)
    print(report.summary())
    return EXIT_PROBLEMS if report.problems else EXIT_OK
