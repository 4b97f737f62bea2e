"""The touch kiosk: its page (blueprint) and the print agent that runs on the kiosk PC."""
