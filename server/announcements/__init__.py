"""Vietnamese call announcements: the spoken phrase and its audio."""
