"""Adding and removing files: read, deduplicate, store, index."""
