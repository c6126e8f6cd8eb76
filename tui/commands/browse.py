"""Running the Textual app (the default command)."""

from __future__ import annotations

import argparse

from .common import EXIT_PROBLEMS, CommandError


def run_app(args: argparse.Namespace) -> int:
    from ...index import Library
    from ...index.library import LibraryError
    from ..app import PapertermApp

    # Opened here, not in the app: a library that cannot be opened is one line on stderr.
    try:
        library = Library.open(getattr(args, "library", None))
    except LibraryError as exc:
        raise CommandError(str(exc), EXIT_PROBLEMS) from None
    app = PapertermApp(library.root, library)
    app.run()
    return app.return_code or 0
