"""What the engine computes for a commitment: plain frozen values every renderer shares.

Apart from the engine so that a saved answer (status/saved.py) can be read back and shown
without importing the code that computes it. Named tuples, not dataclasses: a saved
answer of 50,000 rows and 200,000 periods is rebuilt in C (`_make`), four times faster
than through a frozen dataclass's `__init__`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple, TypedDict

from kcbilat.core.vocabulary import ORDER


class PeriodRecord(TypedDict):
    """A recurring commitment's record: periods met, periods ended, labels of those missed."""

    met: int
    ended: int
    missed: list[str]


class PeriodState(NamedTuple):
    label: str
    start: date
    end: date
    state: str  # met | missed | open
    late: bool
    meetings: tuple[str, ...]


class CommitmentStatus(NamedTuple):
    ref: str
    agreement: str
    id: str
    title: str
    kind: str  # once | recurring | open
    status: str
    deadline: date | None
    due: str | None
    days_left: int | None
    late: bool
    sectors: tuple[str, ...]
    responsible: tuple[str, ...]
    last_activity: date | None
    record: PeriodRecord | None
    periods: tuple[PeriodState, ...]
    reviewed: date | None
    unverified: bool
    alternative_status: str | None
    assessment: str | None
    disputed: tuple[str, ...]
    #: held meetings (date ≤ as-of) and live plans serving it, earliest first
    fulfilled_by: tuple[str, ...] = ()
    planned: tuple[str, ...] = ()
    in_force: bool = True
    override: bool = False
    #: the last day of a one-off's `due` (what --due-before/--due-after compare once there
    #: is no deadline any more), the deadline as written (`2026-H1`, a period's label), and
    #: the text `--search` looks in: so that filters and renderers need no record
    due_last: date | None = None
    deadline_label: str | None = None
    haystack: str = ""


def summary(rows: Iterable[CommitmentStatus]) -> dict[str, int]:
    """Every status → its count, zeros included."""
    counts: dict[str, int] = dict.fromkeys(ORDER, 0)
    for row in rows:
        counts[row.status] += 1
    return counts
