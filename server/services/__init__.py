"""Service functions: take the session first, apply a rule, commit once, return plain data."""
