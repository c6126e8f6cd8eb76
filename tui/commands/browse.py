"""Running the Textual app (the default command)."""

from __future__ import annotations

import argparse


def run_app(args: argparse.Namespace) -> int:
    from ...index.layout import library_dir
    from ..app import PapertermApp

    app = PapertermApp(library_dir(getattr(args, "library", None)))
    app.run()
    return app.return_code or 0
