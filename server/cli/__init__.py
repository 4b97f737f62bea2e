"""The `xephang` command line (a Flask CLI group)."""
