"""paperterm's command line and Textual app, a thin layer over :mod:`paperterm.index`."""
