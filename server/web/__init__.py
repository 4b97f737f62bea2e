"""The server's own pages (home, the citizen's phone page, call audio), the staff pages' shell and
the `/assets` every screen loads: what several screens share lives here, not in one of them."""
