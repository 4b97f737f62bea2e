"""Manager pages: the live dashboard and the reports."""
