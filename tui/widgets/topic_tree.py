"""The left pane: All papers, Bookmarks, sources and dates, each with a count."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from ...index.search.searcher import Filter
from ...index.topics.tree import TopicNode
from ..render import topic_label


class TopicTree(Tree[TopicNode]):
    """Posts :class:`FilterChosen` when a node with a filter is selected."""

    BINDINGS = [
        Binding("j", "cursor_down", "down", show=False),
        Binding("k", "cursor_up", "up", show=False),
        Binding("l", "expand", "expand", show=False),
        Binding("h", "collapse", "collapse", show=False),
    ]

    class FilterChosen(Message):
        def __init__(self, flt: Filter) -> None:
            super().__init__()
            self.filter = flt

    def __init__(self, **kwargs: object) -> None:
        super().__init__("Topics", **kwargs)  # type: ignore[arg-type]
        self.show_root = False
        # Enter selects a topic (filters); it must not also fold a topic with children.
        self.auto_expand = False
        self.guide_depth = 2
        # Which groups are open, by label path; at first only the top-level ones.
        self._expanded: set[tuple[str, ...]] | None = None
        self._topics: list[TopicNode] = []
        #: The filter in force; its node is drawn marked.
        self.active: Filter | None = None

    def show_nodes(self, nodes: list[TopicNode]) -> None:
        """Rebuild the tree with new nodes or counts, keeping expansion and cursor."""
        if self._expanded is not None:
            self._expanded = {path for node, path in self._walk() if node.is_expanded}
        self._topics = nodes
        cursor = self.cursor_line
        self.clear()
        width = max(12, self.size.width - 1)  # one cell for the scrollbar
        for node in nodes:
            self._add(self.root, node, (node.label,), width)
        if self._expanded is None:
            self._expanded = {(node.label,) for node in nodes}
        if cursor >= 0:
            self.cursor_line = min(cursor, self.last_line)

    def _add(self, parent: TreeNode[TopicNode], node: TopicNode, path: tuple[str, ...],
             width: int) -> None:
        # A branch is drawn after a 2-cell expand icon: keep its count in line with leaves.
        label = topic_label(node.label, node.count, width - 2 if node.children else width)
        if self.active is not None and node.filter == self.active:
            label.stylize("bold underline", 0, len(label.plain.rstrip(" 0123456789")))
        if not node.children:
            parent.add_leaf(label, data=node)
            return
        opened = (self._expanded is None and len(path) == 1) or bool(
            self._expanded and path in self._expanded)
        branch = parent.add(label, data=node, expand=opened)
        for child in node.children:
            self._add(branch, child, (*path, child.label), width - 2)

    def _walk(self) -> list[tuple[TreeNode[TopicNode], tuple[str, ...]]]:
        out = []
        stack = [(child, ()) for child in self.root.children]
        while stack:
            node, parent_path = stack.pop()
            path = (*parent_path, node.data.label if node.data else "")
            out.append((node, path))
            stack.extend((child, path) for child in node.children)
        return out

    def action_expand(self) -> None:
        if self.cursor_node is not None:
            self.cursor_node.expand()

    def action_collapse(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.is_expanded and node.children:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)

    def on_resize(self) -> None:
        # Labels are laid out for a width (counts right-aligned): redo them for the new one.
        if self._topics and self.size.width:
            self.show_nodes(self._topics)

    def set_active(self, flt: Filter | None) -> None:
        """Mark the node whose filter is in force (redraws the labels)."""
        if flt != self.active:
            self.active = flt
            if self._topics:
                self.show_nodes(self._topics)

    def on_tree_node_selected(self, event: Tree.NodeSelected[TopicNode]) -> None:
        event.stop()
        node = event.node.data
        if node is not None and node.filter is not None:
            self.post_message(self.FilterChosen(node.filter))
