"""Full-text search: analysis, schema, the Whoosh writer, query understanding, the searcher."""
