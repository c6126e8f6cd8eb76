"""Citations: cite keys, LaTeX, and the export formats."""
