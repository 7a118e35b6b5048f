"""Publishing: the status results rendered as tables, reports, calendars, exports and diffs."""
