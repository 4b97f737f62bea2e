"""Print jobs: what a ticket says on paper and which kiosk printer takes it."""
