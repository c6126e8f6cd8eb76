"""Make the README's SVG screenshots from the real app on the seed pages.

    python screenshots/make_screenshots.py [--seeds ../shared/seeds]

Builds a fresh library in a temporary directory, drives the app with Textual's Pilot
and saves one SVG per scene into this folder.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from paperterm.index import Library
from paperterm.index.ingest.pipeline import add_paths
from paperterm.tui import app as app_module
from paperterm.tui.app import PapertermApp
from textual.pilot import Pilot

HERE = Path(__file__).resolve().parent
DEFAULT_SEEDS = HERE.parent.parent / "shared" / "seeds"
SIZE = (160, 45)

Scene = Callable[[Pilot], Awaitable[None]]


async def settle(pilot: Pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def browse(pilot: Pilot) -> None:
    await pilot.press("j", "j")


async def search(pilot: Pilot) -> None:
    await pilot.press("slash", *"tree search reward", "enter")
    await settle(pilot)
    await pilot.press("b")


async def bookmarks(pilot: Pilot) -> None:
    await pilot.press("b", "j", "j", "b")
    await settle(pilot)
    tree = pilot.app.query_one("#topics")
    tree.focus()
    tree.cursor_line = 1
    await pilot.press("enter")


async def help_screen(pilot: Pilot) -> None:
    await pilot.press("question_mark")


SCENES: dict[str, Scene] = {
    "browse": browse,
    "search": search,
    "bookmarks": bookmarks,
    "help": help_screen,
}


async def shoot(root: Path, name: str, scene: Scene) -> Path:
    app = PapertermApp(root)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await scene(pilot)
        await settle(pilot)
        app.clear_notifications()
        await pilot.pause()
        path = HERE / f"{name}.svg"
        app.save_screenshot(filename=path.name, path=str(HERE))
    return path


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    args = parser.parse_args()
    app_module._display_path = lambda path: "~/papers/library"  # type: ignore[attr-defined]
    with tempfile.TemporaryDirectory() as tmp:
        for name, scene in SCENES.items():
            root = Path(tmp) / name
            with Library.open(root) as library:
                add_paths(library, [args.seeds])
            print(await shoot(root, name, scene))


if __name__ == "__main__":
    asyncio.run(main())
