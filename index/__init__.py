"""paperterm's engine: papers, ingest, the Whoosh index, bookmarks and BibTeX.

Nothing here imports Textual or Rich, so the engine works without a terminal.
"""

from .library import Library
from .models import Paper, Source, paper_id

__all__ = ["Library", "Paper", "Source", "paper_id"]
