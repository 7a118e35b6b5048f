"""Reading: a data directory (on disk or at a git revision) into records and per-file issues."""
