"""Administration: offices, services, counters, users, devices, their field checks and audit log."""
