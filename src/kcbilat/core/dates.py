"""Partial dates and durations: the policy-text precisions, as small pure values.

A deadline written "2026-H1" is not a day; comparing it by its first day (order)
or its last day (deadline) is the whole trick, so both are computed once here.
Nothing in this module knows about YAML, pydantic or the clock.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from kcbilat.core.problems import quote

# [0-9], not \d: Python's \d also matches other scripts' digits ("٢٠٢٦"), which int() reads
_YEAR = re.compile(r"([0-9]{4})")
_HALF = re.compile(r"([0-9]{4})-H([0-9])")
_QUARTER = re.compile(r"([0-9]{4})-Q([0-9])")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_TIME = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|\s+)[0-9]{1,2}:[0-9]{2}")


class DateError(ValueError):
    """A value that is not a partial date or duration; the message says why."""


_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    if month == 2 and calendar.isleap(year):
        return 29
    return _DAYS[month - 1]


def month_end(year: int, month: int) -> date:
    return date(year, month, days_in_month(year, month))


def add_months(day: date, months: int) -> date:
    """Calendar arithmetic: 2027-01-31 + 1 month = 2027-02-28 (clamped, not rolled over)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    if day.day <= 28:
        return date(year, month, day.day)
    return date(year, month, min(day.day, days_in_month(year, month)))


@dataclass(frozen=True)  # no slots: cached records unpickle faster with a __dict__
class PartialDate:
    """A date at year, half, quarter, month or day precision, shown as written."""

    text: str
    precision: str
    first: date
    last: date

    def __str__(self) -> str:
        return self.text

    @property
    def is_day(self) -> bool:
        return self.precision == "day"


#: the years kcbilat accepts: every date it computes from them (periods, horizons, a
#: day after a deadline) stays far inside what Python's dates can hold, so no computation
#: on an accepted value can overflow; a year outside is a typo or a placeholder
FIRST_YEAR, LAST_YEAR = 1000, 2999


def _year(digits: str, text: str) -> int:
    year = int(digits)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DateError(f"{text!r}: the year must be from {FIRST_YEAR} to {LAST_YEAR}")
    return year


def parse_partial_date(value: object) -> PartialDate:
    """Read a YAML value (int year, date, or string) as a partial date.

    Raises DateError with a message that names the accepted forms.
    """
    if isinstance(value, bool):
        raise DateError(
            f"expected a date like 2026, 2026-H1, 2026-Q3, 2026-06 or 2026-06-15, got {value!r}"
        )
    if isinstance(value, datetime):
        raise DateError("a timestamp with a time of day: write the date only (YYYY-MM-DD)")
    if isinstance(value, date):
        _year(str(value.year), value.isoformat())
        return PartialDate(value.isoformat(), "day", value, value)
    if isinstance(value, int):
        if value.bit_length() > 16 or not FIRST_YEAR <= value <= LAST_YEAR:
            shown = value if value.bit_length() <= 64 else f"a {value.bit_length()}-bit number"
            raise DateError(f"{shown}: the year must be from {FIRST_YEAR} to {LAST_YEAR}")
        return PartialDate(str(value), "year", date(value, 1, 1), date(value, 12, 31))
    if not isinstance(value, str):
        raise DateError(
            f"expected a date like 2026, 2026-H1, 2026-06 or 2026-06-15, got {type(value).__name__}"
        )
    text = value.strip()
    if _TIME.match(text):
        raise DateError("a timestamp with a time of day: write the date only (YYYY-MM-DD)")
    if m := _YEAR.fullmatch(text):
        year = _year(m[1], text)
        return PartialDate(text, "year", date(year, 1, 1), date(year, 12, 31))
    if m := _HALF.fullmatch(text):
        year, half = _year(m[1], text), int(m[2])
        if half not in (1, 2):
            raise DateError(f"{text!r}: a year has halves H1 and H2 only")
        start = 1 if half == 1 else 7
        return PartialDate(text, "half", date(year, start, 1), month_end(year, start + 5))
    if m := _QUARTER.fullmatch(text):
        year, quarter = _year(m[1], text), int(m[2])
        if not 1 <= quarter <= 4:
            raise DateError(f"{text!r}: a year has quarters Q1 to Q4 only")
        start = 3 * quarter - 2
        return PartialDate(text, "quarter", date(year, start, 1), month_end(year, start + 2))
    if m := _MONTH.fullmatch(text):
        year, month = _year(m[1], text), int(m[2])
        if not 1 <= month <= 12:
            raise DateError(f"{text!r}: month {month} does not exist")
        return PartialDate(text, "month", date(year, month, 1), month_end(year, month))
    if m := _DAY.fullmatch(text):
        year, month, day = _year(m[1], text), int(m[2]), int(m[3])
        if not 1 <= month <= 12:
            raise DateError(f"{text!r}: month {month} does not exist")
        if not 1 <= day <= days_in_month(year, month):
            name = calendar.month_name[month]
            raise DateError(f"{text!r}: {name} {year} has {days_in_month(year, month)} days")
        real = date(year, month, day)
        return PartialDate(text, "day", real, real)
    raise DateError(
        f"{_quote(text)} is not a date: write 2026, 2026-H1, 2026-Q3, 2026-06 or 2026-06-15"
    )


def parse_full_date(value: object) -> date:
    """A day-precision date (status_date, updates, reviewed...)."""
    parsed = parse_partial_date(value)
    if not parsed.is_day:
        raise DateError(f"{parsed.text!r} is not a full date: write YYYY-MM-DD")
    return parsed.first


_WORDS = {
    "annual": (12, "year"),
    "biennial": (24, "year"),
    "semiannual": (6, "month"),
    "quarterly": (3, "month"),
    "monthly": (1, "month"),
}
_DURATION = re.compile(r"([0-9]+)\s+(year|years|month|months)")


@dataclass(frozen=True)
class Duration:
    """A span of whole months; `unit` remembers whether it was counted in years,
    because yearly periods align to 1 January and monthly ones to the `from` month."""

    text: str
    months: int
    unit: str  # "year" | "month"

    def __str__(self) -> str:
        return self.text

    @property
    def cadence(self) -> str:
        """For sentences: 'annual', 'every 2 years'."""
        return self.text if self.text[0].isalpha() else f"every {self.text}"

    def after(self, day: date) -> date:
        return add_months(day, self.months)


def parse_duration(value: object) -> Duration:
    if not isinstance(value, str):
        raise DateError(  # quote: a 3,600-digit number has no repr() Python will make
            f"expected a duration like '1 year', '6 months' or annual, got {quote(value)}"
        )
    text = " ".join(value.split())
    if text in _WORDS:
        months, unit = _WORDS[text]
        return Duration(text, months, unit)
    m = _DURATION.fullmatch(text)
    if not m:
        raise DateError(
            f"{_quote(text)} is not a duration: write 'N years', 'N months', annual, "
            "biennial, semiannual, quarterly or monthly"
        )
    n = int(m[1])
    if n < 1:
        raise DateError(f"{text!r}: a duration is at least 1")
    if n > 1200:
        raise DateError(f"{text!r}: a duration of over a century is not a schedule")
    unit = "year" if m[2].startswith("year") else "month"
    return Duration(text, n * 12 if unit == "year" else n, unit)


DEFAULT_REVIEW = Duration("12 months", 12, "month")


def day_before(day: date) -> date:
    return day - timedelta(days=1)


def _quote(text: str) -> str:
    return repr(text if len(text) <= 80 else text[:77] + "...")
