"""Calendar-aligned periods of a recurring commitment, and their labels (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from kcbilat.core.dates import (
    FIRST_YEAR,
    LAST_YEAR,
    DateError,
    Duration,
    PartialDate,
    add_months,
    day_before,
    month_end,
    parse_partial_date,
)


@dataclass(frozen=True, slots=True)
class Period:
    index: int
    start: date
    end: date
    label: str


@dataclass(frozen=True, slots=True)
class Series:
    """The periods of `every` from `start`, through the one holding `until`'s last day."""

    every: Duration
    start: PartialDate
    until: PartialDate | None = None
    #: the first day of the first period: 1 January for yearly series, else the first of
    #: the `from` month
    base: date = field(init=False)

    def __post_init__(self) -> None:
        first = self.start.first
        yearly = self.every.unit == "year"
        object.__setattr__(self, "base", date(first.year, 1 if yearly else first.month, 1))

    def index_of(self, day: date) -> int | None:
        """The index of the period holding `day`; None before or after the series."""
        base = self.base
        months = (day.year - base.year) * 12 + day.month - base.month
        if months < 0:
            return None
        index = months // self.every.months
        last = self.last_index
        if last is not None and index > last:
            return None
        return index

    @property
    def last_index(self) -> int | None:
        if self.until is None:
            return None
        base, day = self.base, self.until.last
        months = (day.year - base.year) * 12 + day.month - base.month
        return months // self.every.months if months >= 0 else -1

    def period(self, index: int) -> Period:
        return _period(self.base, self.every.months, index)

    def holding(self, day: date) -> Period | None:
        index = self.index_of(day)
        return None if index is None else self.period(index)

    def named(self, value: Any) -> Period | None:
        """The period a `period:` value names: a label, or a partial date wholly inside one period.

        Raises DateError when the value is not a period or date at all.
        """
        first, last = period_range(value)
        found = self.holding(first)
        if found is None or last > found.end:
            return None
        return found


@lru_cache(maxsize=4096)
def _period(base: date, months: int, index: int) -> Period:
    """Series of many commitments share their periods: compute each one once."""
    start = add_months(base, index * months)
    end = day_before(add_months(base, (index + 1) * months))
    return Period(index, start, end, label(start, months))


def label(start: date, months: int) -> str:
    """Period labels: 2027, 2026-2027, 2026-06, 2026-Q3, 2026-H2, else 2026-04..2026-09."""
    if start.month == 1 and months % 12 == 0:
        years = months // 12
        return str(start.year) if years == 1 else f"{start.year}-{start.year + years - 1}"
    if months == 1:
        return f"{start.year}-{start.month:02d}"
    if months == 3 and start.month in (1, 4, 7, 10):
        return f"{start.year}-Q{(start.month + 2) // 3}"
    if months == 6 and start.month in (1, 7):
        return f"{start.year}-H{1 if start.month == 1 else 2}"
    end = add_months(start, months - 1)
    return f"{start.year}-{start.month:02d}..{end.year}-{end.month:02d}"


_YEARS = re.compile(r"([0-9]{4})-([0-9]{4})")
_MONTHS = re.compile(r"([0-9]{4})-([0-9]{2})\.\.([0-9]{4})-([0-9]{2})")


def _bounded(digits: str) -> int | None:
    year = int(digits)
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


def period_range(value: Any) -> tuple[date, date]:
    """The first and last day a `period:` value covers (a label or a partial date)."""
    if isinstance(value, str):
        text = value.strip()
        if m := _YEARS.fullmatch(text):
            y1, y2 = (_bounded(y) for y in (m[1], m[2]))
            if y1 is not None and y2 is not None and y1 < y2:
                return date(y1, 1, 1), date(y2, 12, 31)
        elif m := _MONTHS.fullmatch(text):
            y1, y2 = (_bounded(y) for y in (m[1], m[3]))
            m1, m2 = int(m[2]), int(m[4])
            if y1 is not None and y2 is not None and 1 <= m1 <= 12 and 1 <= m2 <= 12:
                first, last = date(y1, m1, 1), month_end(y2, m2)
                if first <= last:
                    return first, last
    parsed = parse_partial_date(value)
    return parsed.first, parsed.last


__all__ = ["DateError", "Period", "Series", "label", "period_range"]
