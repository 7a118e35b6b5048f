"""Values every layer shares: dates, periods, problems, records, paths, atomic writes.

Nothing here reads the data, the clock or the environment.
"""
