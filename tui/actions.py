"""The one table of keys: bindings, footer, the ``?`` help, the palette and the reader's hint
are all made from :data:`ACTIONS`, so they cannot disagree.

A user keymap (``[keys]`` in the config file: action id -> key) overrides the keys by id.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from textual.binding import Binding

#: Where a key works: the whole browser, or one widget while it has focus.
APP, RESULTS, READER, SEARCH, TREE = "app", "results", "reader", "search", "tree"
GROUPS = ("Search", "Move", "Paper", "Cite", "Library", "View")


@dataclass(frozen=True, slots=True)
class Action:
    """One thing a key does. ``id`` names it in a keymap; ``action`` is Textual's action."""

    id: str
    key: str
    action: str
    description: str
    group: str
    where: str = APP
    #: In the footer (the screen's own keys) / in the reader's hint line / in the palette.
    footer: bool = False
    reader: bool = False
    palette: bool = True
    #: How the key is written for people; Textual's key names otherwise.
    display: str = ""
    priority: bool = False
    #: The palette's name for it; by default the id in words ("copy-again": "Copy again").
    title: str = ""

    @property
    def keys_shown(self) -> str:
        return self.display or " ".join(_pretty(k) for k in self.key.split(","))


def _pretty(key: str) -> str:
    names = {"slash": "/", "question_mark": "?", "escape": "Esc", "enter": "Enter",
             "space": "Space", "backspace": "Backspace", "grave_accent": "`", "tab": "Tab",
             "up": "↑", "down": "↓", "home": "Home", "end": "End", "pagedown": "PgDn",
             "pageup": "PgUp", "left": "←", "right": "→", "shift+tab": "Shift+Tab"}
    if key in names:
        return names[key]
    if key.startswith("ctrl+"):
        return "Ctrl+" + key[5:].upper()
    return key.upper() if key.startswith("f") and key[1:].isdigit() else key


A = Action
ACTIONS: tuple[Action, ...] = (
    # Priority: the keys typed right after "/" (often in the same read from the terminal)
    # must already find the search box focused.
    A("search", "slash", "focus_search", "search", "Search", footer=True, priority=True),
    A("clear-selection", "escape", "clear_selection", "clear the selection", "Paper"),
    A("back", "escape", "focus_results", "back to the list / close a dialog", "Move",
      palette=False),
    A("sort", "s", "cycle_sort", "sort: relevance, title, date listed, date added", "Search"),
    A("save-search", "ctrl+s", "save_search", "save the query (1..9 run it)", "Search"),
    A("related", "r", "related", "related papers, with the words they share", "Search",
      footer=True, reader=True),
    A("clear-filter", "backspace", "clear_filter",
      "clear the topic filter, or leave related papers", "Search"),
    *(A(f"saved-{n}", str(n), f"saved_search({n})",
        "run a saved search" if n == 1 else f"run saved search {n}", "Search",
        palette=False, display="1..9" if n == 1 else "") for n in range(1, 10)),
    A("down", "down,j", "cursor_down", "next paper", "Move", RESULTS, palette=False),
    A("up", "up,k", "cursor_up", "previous paper", "Move", RESULTS, palette=False),
    A("first", "home,g", "first", "first result", "Move", RESULTS, palette=False),
    A("last", "end,G", "last", "last result", "Move", RESULTS, palette=False),
    A("page-down", "pagedown", "page_down", "page down", "Move", RESULTS, palette=False),
    A("page-up", "pageup", "page_up", "page up", "Move", RESULTS, palette=False),
    A("open", "enter", "open", "read the paper", "Move", RESULTS, palette=False),
    A("next-match", "n", "next_match", "next match of the query", "Move", READER,
      reader=True, palette=False),
    A("previous-match", "N", "previous_match", "previous match", "Move", READER,
      palette=False),
    A("older-query", "up", "history(1)", "earlier query", "Search", SEARCH, footer=True,
      palette=False),
    A("newer-query", "down", "history(-1)", "later query", "Search", SEARCH, footer=True,
      palette=False),
    A("take-suggestion", "tab", "accept_suggestion", "take the \"did you mean\"", "Search",
      SEARCH, footer=True, palette=False),
    A("run-query", "enter", "submit", "run the query, go to the list", "Search", SEARCH,
      footer=True, palette=False),
    A("leave-search", "escape", "app.focus_results", "back to the list", "Search", SEARCH,
      footer=True, palette=False),
    A("save-query", "ctrl+s", "app.save_search", "save the query", "Search", SEARCH,
      footer=True, palette=False),
    A("bookmark", "b", "toggle_bookmark", "bookmark the paper (or the selection)", "Paper",
      footer=True, reader=True),
    A("tags", "t", "tags", "tags: add with completion, take off", "Paper", footer=True,
      reader=True),
    A("note", "n", "note", "a note on the paper (in the reader n is the next match)", "Paper",
      footer=True),
    A("read", "u", "toggle_read", "mark read / unread", "Paper", reader=True,
      title="Read / unread"),
    A("select", "space,v", "toggle_select", "select for bulk actions (Esc clears)", "Paper"),
    A("copy", "c", "copy", "copy: BibTeX, \\cite{key}, reference, Markdown, title", "Cite",
      footer=True, reader=True),
    A("copy-again", "y", "copy_again", "copy again in the last format", "Cite"),
    A("cite-key", "K", "edit_key", "change the paper's cite key", "Cite", reader=True),
    A("export", "e", "export", "export BibTeX, RIS, CSL-JSON or Markdown", "Cite",
      footer=True, reader=True),
    A("add", "a", "add_papers", "add files or folders to the library", "Library"),
    # Room for the links and fetch keys (o open, O links, p PDF, F fetch) and an Inbox.
    A("topics", "f2,grave_accent", "toggle_topics", "show / hide the topic tree", "View"),
    A("help", "question_mark", "help", "every key, grouped", "View", footer=True,
      title="Help: every key"),
    A("quit", "q", "quit", "quit", "View", footer=True),
)


def actions(where: str) -> list[Action]:
    return [a for a in ACTIONS if a.where == where]


def bindings(where: str, keymap: Mapping[str, str] | None = None) -> list[Binding]:
    """Textual bindings for the keys that work in ``where``, each with its action id."""
    # The footer shows the id in words ("bookmark"); the tooltip and help say the rest.
    return [Binding((keymap or {}).get(a.id, a.key), a.action, a.id.replace("-", " "),
                    show=a.footer, priority=a.priority, tooltip=a.description, id=a.id)
            for a in actions(where)]


def help_rows(keymap: Mapping[str, str] | None = None) -> dict[str, list[tuple[str, str]]]:
    """Group -> (keys, description) rows for the ``?`` screen; saved searches once."""
    rows: dict[str, list[tuple[str, str]]] = {group: [] for group in GROUPS}
    for a in ACTIONS:
        if a.id.startswith("saved-") and a.id != "saved-1":
            continue
        keys = _pretty_keys(a, keymap)
        rows[a.group].append((keys, a.description))
    return {g: r for g, r in rows.items() if r}


def _pretty_keys(a: Action, keymap: Mapping[str, str] | None) -> str:
    if keymap and a.id in keymap:
        return " ".join(_pretty(k) for k in keymap[a.id].split(","))
    return a.keys_shown


def palette_entries() -> list[Action]:
    """Actions the command palette lists, in table order."""
    return [a for a in ACTIONS if a.palette]


def palette_title(a: Action) -> str:
    return a.title or a.id.replace("-", " ").capitalize()


def reader_hint(keymap: Mapping[str, str] | None = None) -> str:
    """``r related  b bookmark …``: the reader's last line, its keys from the table."""
    return "  ".join(f"{_pretty_keys(a, keymap).split()[0]} {a.id.replace('-', ' ')}"
                     for a in ACTIONS if a.reader)


def key_of(action_id: str, keymap: Mapping[str, str] | None = None) -> str:
    """The key shown for an action id (used in messages such as "press b")."""
    return _pretty_keys(next(a for a in ACTIONS if a.id == action_id), keymap).split()[0]


def unknown_ids(keymap: Iterable[str]) -> list[str]:
    """Ids in a user keymap that name no action (reported, then ignored)."""
    known = {a.id for a in ACTIONS}
    return [k for k in keymap if k not in known]
