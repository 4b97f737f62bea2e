"""Service functions: each takes the session first, applies a rule, commits once, returns plain data."""
