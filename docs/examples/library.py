"""kcbilat as a library: load, validate, compute statuses, rows for a table."""

from collections import Counter
from datetime import date
from pathlib import Path

import kcbilat

as_of = date(2026, 11, 28)

# Load a data directory and run every check; "today" decides what is in the future.
data = kcbilat.load_and_check(Path("data"), today=as_of)
errors = [p for p in data.problems if p.is_error]
print(f"{len(data.agreements)} agreements, {len(data.meetings)} meetings, {len(errors)} errors")

# The records are plain frozen objects, keyed by id.
mou = data.agreements["env-climate-mou-2026"]
print(mou.title, "signed", mou.signed, "with", len(mou.commitments), "commitments")

# Every commitment's status as of a date, in the dashboard's urgency order.
rows = kcbilat.compute(data.agreements.values(), data.meetings.values(), as_of=as_of)
print(Counter(r.status for r in rows))
for r in rows:
    if r.status in ("overdue", "due"):
        print(f"  {r.status:8} {r.ref}  deadline {r.deadline}, {r.days_left} days")

# One dict per commitment, the shape of `kcbilat status --format json`.
table = kcbilat.status_rows(rows)
print(sorted(table[0])[:6], "...")

# Validation alone, on another data directory.
problems = kcbilat.validate_dir(Path("docs/examples/broken"), today=as_of)
for p in problems[:2]:
    print(f"{p.file.name}:{p.line}:{p.column}: {p.severity}[{p.code}]: {p.message}")
