"""The topic tree: discovered themes, the taxonomy, counts per query."""
