"""Publishing commands (report, calendar, export): registered on the main app."""
