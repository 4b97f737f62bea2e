"""Ticket printing: raster rendering, ESC/POS encoding and printer connections."""
