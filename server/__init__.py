"""xephang server: the Flask app, queue rules, services, API and realtime push."""
