"""Server-side web routes that are not the JSON API (announcement audio, home page)."""
