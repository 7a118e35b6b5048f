"""Status: what each commitment's state is on a date, and the filters over it."""
