"""``paperterm note ID [TEXT]`` (``--edit``, ``--clear``) and ``notes [--json]``."""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from ...index.store.personal import clear_note, note, noted_ids, notes_for, set_note
from .common import EXIT_PROBLEMS, CommandError, open_library, print_json, resolve_ids


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("note", parents=[common], help="show, set or edit a paper's note",
                       description="Without TEXT print the note; with TEXT replace it "
                                   "(TEXT - reads standard input). One note per paper, kept "
                                   "by paper id.")
    p.add_argument("id", metavar="ID", help="paper id (or a unique prefix)")
    p.add_argument("text", nargs="*", metavar="TEXT", help="the new note (words are joined)")
    how = p.add_mutually_exclusive_group()
    how.add_argument("--edit", action="store_true", help="edit the note in $VISUAL or $EDITOR")
    how.add_argument("--clear", action="store_true", help="delete the note")
    p.set_defaults(handler=run_note)
    ls = sub.add_parser("notes", parents=[common], help="list papers with notes",
                        description="Papers with a note, most recently edited first.")
    ls.add_argument("--json", action="store_true", help="print JSON")
    ls.set_defaults(handler=run_notes)


def editor_command() -> list[str]:
    """The user's editor as an argv list: $VISUAL, else $EDITOR, else vi."""
    return shlex.split(os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi")


def edit_text(text: str) -> str:
    """Open ``text`` in the user's editor and return what they saved."""
    with tempfile.TemporaryDirectory(prefix="paperterm-") as tmp:
        path = Path(tmp) / "note.md"
        path.write_text(text, encoding="utf-8")
        try:
            status = subprocess.call([*editor_command(), str(path)])
        except OSError as exc:
            raise CommandError(f"cannot run the editor: {exc}", EXIT_PROBLEMS) from None
        if status != 0:
            raise CommandError(f"the editor exited with status {status}; note unchanged",
                               EXIT_PROBLEMS)
        return path.read_text(encoding="utf-8")


def run_note(args: argparse.Namespace) -> int:
    if args.text and (args.edit or args.clear):
        raise CommandError("give TEXT, --edit or --clear, not several")
    with open_library(args, check=False) as library:
        store = library.store
        [pid] = resolve_ids(library, [args.id])
        if args.clear:
            print("note cleared" if clear_note(store, pid) else "there was no note")
        elif args.edit or args.text:
            if args.edit:
                text = edit_text(note(store, pid))
            elif args.text == ["-"]:
                text = sys.stdin.read()
            else:
                text = " ".join(args.text)
            changed = set_note(store, pid, text)
            print(("note saved" if note(store, pid) else "note cleared") if changed
                  else "note unchanged")
        else:
            current = note(store, pid)
            if current:
                print(current)
            else:
                print(f"paperterm: paper {pid} has no note", file=sys.stderr)
    return 0


def run_notes(args: argparse.Namespace) -> int:
    with open_library(args, check=False) as library:
        store = library.store
        ids = noted_ids(store)
        papers = {p.id: p for p in store.papers(ids)}
        notes = notes_for(store, ids)
    if args.json:
        print_json([{"id": pid, "title": papers[pid].title if pid in papers else None,
                     "note": notes[pid]} for pid in ids])
    else:
        for pid in ids:
            title = papers[pid].title if pid in papers else "(not in the library)"
            first = notes[pid].splitlines()[0] if notes[pid] else ""
            print(f"{pid}  {title}\n    {first}")
    return 0
