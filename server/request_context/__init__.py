"""What every layer that answers a request shares: its database session, settings, caller, limits.

This package sits below `server.api`, `server.realtime`, `server.web` and the screens, so that
none of them imports another to reach the request's database session, the browser's login
session, the per-address rate limits or the JSON error body; and above `server.services`, which
never see a request (they take the session as their first argument). Not named `http`: that would
hide the standard library's `http` whenever `server/` itself is on sys.path.
"""
