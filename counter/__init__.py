"""The clerk console, reception desk and rating tablet pages (HTML shells; data via the API)."""
