"""Remote numbers, bookings and check-in (design §12)."""
