"""Queue commands: issuing tickets, moving them, calling at counters, ratings."""
