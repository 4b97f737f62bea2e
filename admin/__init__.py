"""Administration pages: offices, services, counters, users, devices, calendars, audit log."""
