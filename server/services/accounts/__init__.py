"""Accounts: passwords, API and device tokens, login throttling."""
