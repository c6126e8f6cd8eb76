"""Checks every exported ``.bib`` goes through: bibtexparser, and the real ``bibtex``."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import bibtexparser
import pytest
from bibtexparser.bparser import BibTexParser


def parse_bib(text: str, expected: int) -> list[dict[str, str]]:
    """Entries as bibtexparser reads them; fails unless exactly ``expected`` were read."""
    parser = BibTexParser(common_strings=False, ignore_nonstandard_types=False)
    parser.homogenize_fields = False
    entries = bibtexparser.loads(text, parser=parser).entries
    assert len(entries) == expected, f"bibtexparser read {len(entries)} of {expected}:\n{text}"
    return entries


def bibtex_program() -> str:
    """The ``bibtex`` executable; a skip without it, a failure when CI=true."""
    found = shutil.which("bibtex")
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail("bibtex is not installed (required when CI=true: apt install "
                    "texlive-binaries texlive-base)")
    pytest.skip("bibtex is not installed (apt install texlive-binaries texlive-base)")


def run_bibtex(text: str, keys: Sequence[str], workdir: Path, style: str = "plain") -> str:
    """Run real bibtex citing every key; fail on any error or warning. Returns the .bbl."""
    program = bibtex_program()
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "refs.bib").write_text(text, encoding="utf-8")
    aux = "\\relax\n" + "".join(f"\\citation{{{k}}}\n" for k in keys)
    aux += f"\\bibstyle{{{style}}}\n\\bibdata{{refs}}\n"
    (workdir / "doc.aux").write_text(aux, encoding="utf-8")
    env = {**os.environ, "openout_any": "a"}
    done = subprocess.run([program, "doc"], cwd=workdir, capture_output=True, text=True,
                          errors="replace", timeout=120, env=env, check=False)
    blg = (workdir / "doc.blg").read_text(encoding="utf-8", errors="replace")
    problems = [line for line in blg.splitlines()
                if line.startswith("Warning--") or "error message" in line
                or "---line" in line or "I'm skipping" in line]
    assert done.returncode == 0 and not problems, (
        f"bibtex exit {done.returncode}\n{blg}\n--- refs.bib ---\n{text}")
    bbl = (workdir / "doc.bbl").read_text(encoding="utf-8", errors="replace")
    cited = re.findall(r"\\bibitem\{([^}]*)\}", bbl)
    assert sorted(cited) == sorted(keys), f"bbl cites {cited}, expected {list(keys)}"
    return bbl
