"""The engine never pulls in Textual or Rich; it must work without a terminal."""

from __future__ import annotations

import subprocess
import sys


def test_index_imports_without_textual_or_rich() -> None:
    code = (
        "import sys, paperterm.index, paperterm.index.ingest.pipeline, "
        "paperterm.index.search.searcher, paperterm.index.cite.bibtex, "
        "paperterm.index.topics.tree\n"
        "import pkgutil, importlib\n"
        "for m in pkgutil.walk_packages(paperterm.index.__path__, 'paperterm.index.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ""


def test_cli_search_does_not_import_textual() -> None:
    code = ("import sys\nfrom paperterm.tui import cli\ncli.build_parser()\n"
            "print('textual' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
