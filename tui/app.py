"""PapertermApp: wires the panes to the engine. Widgets show data; workers do the work."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable
from functools import partial
from pathlib import Path

from rich.text import Text
from textual import work
from textual.actions import SkipAction
from textual.app import App, ComposeResult, SystemCommand
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Footer, Input, Static, TextArea
from textual.worker import Worker, WorkerState, get_current_worker

from ..index import Library
from ..index.config import Config, load_config, save_setting
from ..index.display import printable
from ..index.ingest.pipeline import IngestReport, add_paths
from ..index.library import LibraryBusy
from ..index.models import Paper
from ..index.search.searcher import ALL, Filter, QueryError
from ..index.store.history import SavedSearch
from ..index.topics.tree import TopicNode, count_tree, discovered_if_ready, tree_nodes
from .actions import APP, bindings, palette_entries, palette_title, reader_hint, unknown_ids
from .citing import CitingMixin
from .personal import Marks, PersonalMixin, load_marks
from .render import EntryFlags, reader
from .screens.add import AddScreen
from .screens.help import HelpScreen
from .searching import SearchingMixin
from .widgets import AbstractView, ResultList, SearchBar, TopicTree

#: Libraries up to this size mine their topics in a worker thread; bigger ones in a
#: child process (mining 200,000 papers would otherwise starve the screen).
MINE_IN_PROCESS = 5000
FOLLOW_INTERVAL = 1.0


class PapertermApp(SearchingMixin, CitingMixin, PersonalMixin, App[int]):
    """The three-pane browser: topics, results, reader."""

    CSS_PATH = "app.tcss"
    #: Under 110 columns the topic tree becomes a toggle (F2); under 80 the reader opens
    #: full-width over the list (Enter in, Esc out).
    HORIZONTAL_BREAKPOINTS = [(0, "-tiny"), (80, "-narrow"), (110, "-wide")]
    TITLE = "paperterm"
    BINDINGS = bindings(APP)
    #: Seconds between looks at the library for changes other processes committed.
    follow_interval = FOLLOW_INTERVAL

    def __init__(self, root: Path, library: Library | None = None,
                 config: Config | None = None) -> None:
        super().__init__()
        self.root = root
        self.library = library
        self.config = config if config is not None else load_config()
        self.keymap = {k: v for k, v in self.config.keys.items() if k not in
                       unknown_ids(self.config.keys)}
        #: Saved searches for the palette, read in a worker (never on the UI thread).
        self.saved: list[SavedSearch] = []
        self._miner: subprocess.Popen[str] | None = None
        self.filter: Filter = ALL
        self.bookmarked: set[str] = set()
        self._topic_shape: list[TopicNode] | None = None
        self._init_searching()
        self._init_personal()

    # -- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="title-bar"):
            yield Static(Text("paperterm", style="bold"), id="app-name")
            yield Static(id="paper-count")
            yield Static(Text(_display_path(self.root), style="dim"), id="library-path")
        yield SearchBar(id="search-bar")
        with Horizontal(id="panes"):
            yield TopicTree(id="topics")
            with Vertical(id="results-pane"):
                yield ResultList(id="results")
                yield Static(id="empty")
            yield AbstractView(id="reader")
        yield Footer()

    def on_mount(self) -> None:
        self.set_keymap(self.keymap)
        theme = self.config.ui.get("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme
        self.theme_changed_signal.subscribe(self, self._theme_chosen)
        delay = self.config.ui.get("read_delay")
        if isinstance(delay, (int, float)) and delay > 0:
            self.read_delay = float(delay)
        for problem in self.config.problems:
            self.notify(printable(problem), severity="warning", markup=False)
        self.query_one("#topics").border_title = "Topics"
        self.query_one("#results-pane").border_title = "Results"
        self.query_one("#reader").border_title = "Reader"
        self.query_one("#empty").display = False
        self.query_one(SearchBar).set_status(Text("opening library…", style="dim"))
        results = self.query_one(ResultList)
        results.flags_for = self.entry_flags
        results.focus()
        self.open_library()
        self.set_interval(self.follow_interval, self.follow_library)

    @work(thread=True, exit_on_error=False, exclusive=True, group="open")
    def open_library(self) -> None:
        library = self.library or Library.open(self.root)
        if not library.is_consistent() and not library.is_busy():
            self.call_from_thread(self.notify, "Rebuilding the search index…")
            bar = self.query_one(SearchBar)

            def progress(done: int, total: int) -> None:
                line = Text(f"rebuilding the search index: {done:,} of {total:,} papers",
                            style="dim")
                self.call_from_thread(bar.set_status, line)

            library.ensure_consistent(progress)
        self.library = library
        self.saved = library.saved_searches.entries()
        bookmarked = set(library.store.bookmarked_ids())
        history = library.history.entries()
        self.call_from_thread(self._set_marks, load_marks(library.store))
        self.call_from_thread(self._library_ready, bookmarked, history)

    # -- following the library -------------------------------------------------------

    def follow_library(self) -> None:
        """Look for changes another process committed (an `add`, a tag) in a worker."""
        if self.library is not None and not self.workers_in("follow"):
            self.check_library()

    def workers_in(self, group: str) -> bool:
        return any(w.group == group and not w.is_finished for w in self.workers)

    @work(thread=True, exit_on_error=False, exclusive=True, group="follow")
    def check_library(self) -> None:
        assert self.library is not None
        if not self.library.refresh():
            return
        marks = load_marks(self.library.store)
        bookmarked = set(self.library.store.bookmarked_ids())
        self.call_from_thread(self._library_changed, marks, bookmarked)

    def _library_changed(self, marks: Marks, bookmarked: set[str]) -> None:
        """Another process changed the library: the same query, cursor and tree, anew."""
        self._set_marks(marks)
        self.bookmarked = bookmarked
        self._states.clear()
        self.refresh_topics()
        if self.related_to is None:
            self.start_search(keep_limit=True)
        else:
            self.redraw_papers()

    def _theme_chosen(self, theme: object) -> None:
        if self.theme != self.config.ui.get("theme"):
            self.save_theme(self.theme)

    @work(thread=True, exit_on_error=False, group="config")
    def save_theme(self, name: str) -> None:
        """Keep the chosen theme for next time (``[ui] theme`` in the config file)."""
        save_setting("ui", "theme", name, self.config.path)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one error policy: a worker that fails is a notification and a log line."""
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        self.log.error(f"worker {event.worker.name} failed", error)
        self.notify(f"Something went wrong ({event.worker.name}): "
                    f"{printable(error) or type(error).__name__}",
                    severity="error", markup=False)
        if event.worker.group == "search":  # never "searching…" forever
            self.query_one(SearchBar).set_error("the search failed (see the notification)")

    def _library_ready(self, bookmarked: set[str], history: list[str]) -> None:
        self.bookmarked = bookmarked
        self.query_one(SearchBar).input.history = history
        # The first results come first; the topic tree is built once they are on screen.
        self.start_search()

    def on_unmount(self) -> None:
        self.stop_mining()
        if self.library is not None:
            self.library.close()

    def entry_flags(self, paper: Paper) -> EntryFlags:
        """How the result list marks ``paper``."""
        pid = paper.id
        return EntryFlags(bookmarked=pid in self.bookmarked, selected=pid in self.selected,
                          read=pid in self.read_ids, note=pid in self.noted)

    @property
    def layout_screen(self) -> Screen:
        """The main screen, whose breakpoint classes (-wide, -narrow, -tiny) shape the panes."""
        return self.screen_stack[0]

    def is_narrow(self) -> bool:
        return not self.layout_screen.has_class("-wide")

    def action_toggle_topics(self) -> None:
        """Show or hide the topic tree on a narrow terminal (it is always there when wide)."""
        if not self.is_narrow():
            self.query_one(TopicTree).focus()
            return
        screen = self.layout_screen
        screen.toggle_class("show-topics")
        if screen.has_class("show-topics"):
            self.query_one(TopicTree).focus()
        else:
            self.action_focus_results()

    def on_result_list_paper_opened(self, event: ResultList.PaperOpened) -> None:
        if self.layout_screen.has_class("-tiny"):
            self.layout_screen.add_class("reading")
        self.query_one(AbstractView).focus()
        self.paper_opened(event.paper)

    def on_result_list_paper_highlighted(self, event: ResultList.PaperHighlighted) -> None:
        self.show_paper(event.paper)
        self.paper_rested(event)

    def show_paper(self, paper: Paper | None) -> None:
        """Show ``paper`` in the reader, with the current query's matches marked."""
        view = self.query_one(AbstractView)
        if paper is None:
            view.show_message("Nothing selected.")
            return
        terms = self.result.terms if self.result else frozenset()
        width = max(20, view.scrollable_content_region.width or 60)
        view.show(paper, reader(paper, terms, paper.id in self.bookmarked,
                                self.reader_state(paper), width, reader_hint(self.keymap)))

    def papers_changed(self, bookmarks: bool = False) -> None:
        """Personal state changed: redraw the list and reader, recount the tree."""
        self.redraw_papers()
        self.refresh_topics()
        if bookmarks and self.filter.kind == "bookmarks":
            self.start_search()

    # -- topics ----------------------------------------------------------------------

    def refresh_topics(self) -> None:
        """The tree's shape may have changed (tags, bookmarks, papers): rebuild and recount."""
        self._topic_shape = None
        self.count_topics()

    def count_topics(self) -> None:
        """Recount every node for the current query, in a worker."""
        if self.library is not None:
            self.load_topics(self.query_one(SearchBar).value)

    @work(thread=True, exit_on_error=False, exclusive=True, group="topics")
    def load_topics(self, text: str) -> None:
        assert self.library is not None
        problems: list[str] = []
        shape = self._topic_shape
        if shape is None:
            small = self.library.store.count() <= MINE_IN_PROCESS
            shape = tree_nodes(self.library, problems, mine=small)
            if not small and discovered_if_ready(self.library) is None:
                self.call_from_thread(self.mine_topics)
        try:
            counted = count_tree(self.library, shape, text)
        except QueryError:
            counted = count_tree(self.library, shape, "")
        count = self.library.store.count()
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._show_topics, shape, counted, count, problems)

    @work(thread=True, exit_on_error=False, exclusive=True, group="mining")
    def mine_topics(self) -> None:
        """Mine a big library's topics in a child process, then show them.

        A child process keeps the work off this interpreter, so the screen stays live.
        Only one at a time: a newer one ends the older, and so does quitting.
        """
        self.stop_mining()
        child = self._miner = subprocess.Popen(
            [sys.executable, "-m", "paperterm.index.topics.tree", str(self.root)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        _, err = child.communicate()
        if child.returncode < 0 or get_current_worker().is_cancelled:
            return  # stopped: superseded, or the app is closing
        if child.returncode != 0:
            self.call_from_thread(self.notify, "Could not find topics: "
                                  + printable((err.strip().splitlines() or ["?"])[-1]),
                                  severity="warning", markup=False)
            return
        self.call_from_thread(self.refresh_topics)

    def stop_mining(self) -> None:
        """End the topic-mining child process, if one runs."""
        child, self._miner = self._miner, None
        if child is not None and child.poll() is None:
            child.terminate()

    def _show_topics(self, shape: list[TopicNode], counted: list[TopicNode], count: int,
                     problems: list[str]) -> None:
        self._topic_shape = shape
        self.query_one(TopicTree).show_nodes(counted)
        noun = "paper" if count == 1 else "papers"
        self.query_one("#paper-count", Static).update(Text(f"{count} {noun}", style="dim"))
        for problem in problems:
            self.notify(printable(problem), severity="warning", markup=False)

    def on_topic_tree_filter_chosen(self, event: TopicTree.FilterChosen) -> None:
        self.set_filter(event.filter)

    def action_clear_filter(self) -> None:
        if self.leave_related():
            return
        if self.filter != ALL:
            self.set_filter(ALL)

    # -- actions on papers -----------------------------------------------------------

    @property
    def current_paper(self) -> Paper | None:
        return self.query_one(ResultList).current_paper

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # In any text field "/" is just a character (a path, a query, a note).
        return not (action == "focus_search" and isinstance(self.focused, (Input, TextArea)))

    def action_focus_search(self) -> None:
        # Focus now, not on the next loop turn as Widget.focus does: the keys typed right
        # after "/" are already queued and must land in the box.
        self.layout_screen.set_focus(self.query_one(SearchBar).input)

    def action_focus_results(self) -> None:
        search = self.query_one(SearchBar).input
        if self.focused is search:
            self.remember_query(search.value)
        self.layout_screen.remove_class("reading")
        if self.is_narrow() and self.focused is self.query_one(TopicTree):
            self.layout_screen.remove_class("show-topics")
        self.query_one(ResultList).focus()

    def action_add_papers(self) -> None:
        """``a``: ask for files or folders and add them in a worker."""
        self.push_screen(AddScreen(), self._add_chosen)

    def _add_chosen(self, paths: list[Path] | None) -> None:
        if paths:
            self.notify("Adding papers…")
            self.add_papers(paths)

    @work(thread=True, exit_on_error=False, exclusive=True, group="add")
    def add_papers(self, paths: list[Path]) -> None:
        assert self.library is not None
        try:
            report = add_paths(self.library, paths)
        except LibraryBusy as exc:
            self.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self.call_from_thread(self._added, report)

    def _added(self, report: IngestReport) -> None:
        for problem in report.problems[:5]:
            self.notify(str(problem), severity="warning", markup=False)
        more = len(report.problems) - 5
        if more > 0:
            self.notify(f"…and {more} more problems (paperterm add shows them all)",
                        severity="warning")
        self.notify(report.summary(), markup=False)
        self.refresh_topics()
        self.start_search()

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.keymap))

    def _palette_action(self, name: str) -> object:
        try:
            return getattr(self, f"action_{name}")()
        except SkipAction:
            return None

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for action in palette_entries():
            yield SystemCommand(palette_title(action),
                                f"{action.description} ({action.keys_shown})",
                                partial(self._palette_action, action.action))
        yield SystemCommand("Show bookmarks", "Filter to bookmarked papers",
                            lambda: self.set_filter(Filter("bookmarks")))
        for saved in self.saved:
            # The palette reads its titles as markup: a query is data.
            yield SystemCommand(f"Saved search {saved.slot}: {escape(printable(saved.label))}",
                                f"Run it ({saved.slot})",
                                lambda slot=saved.slot: self.action_saved_search(slot))


def _display_path(path: Path) -> str:
    """The library path with the home directory shown as ``~``."""
    home = Path.home()
    return "~/" + str(path.relative_to(home)) if path.is_relative_to(home) else str(path)
