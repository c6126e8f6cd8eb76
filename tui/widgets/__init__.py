"""The widgets of the main screen."""

from .abstract_view import AbstractView
from .result_list import ResultList
from .search_bar import SearchBar
from .topic_tree import TopicTree

__all__ = ["AbstractView", "ResultList", "SearchBar", "TopicTree"]
