"""The README's two commands are the ones CI and a new user run."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(python3 -m venv[^\n]*)\n```", text)


def test_readme_opens_with_install_run_and_install_test() -> None:
    commands = readme_commands()
    assert len(commands) >= 2
    run, test = commands[:2]
    assert "paperterm add ../shared/seeds" in run and run.endswith("&& paperterm")
    assert "pytest" in test


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test = readme_commands()[1]
    assert test in ci.splitlines()
