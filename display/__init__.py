"""Lobby display and counter-top display: pages that render the office state and play calls."""
