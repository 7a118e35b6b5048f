from datetime import date, datetime

import pytest

from kcbilat.core.dates import (
    DateError,
    add_months,
    parse_duration,
    parse_full_date,
    parse_partial_date,
)


@pytest.mark.parametrize(
    ("value", "text", "precision", "first", "last"),
    [
        (2026, "2026", "year", date(2026, 1, 1), date(2026, 12, 31)),
        ("2026", "2026", "year", date(2026, 1, 1), date(2026, 12, 31)),
        ("2026-H1", "2026-H1", "half", date(2026, 1, 1), date(2026, 6, 30)),
        ("2026-H2", "2026-H2", "half", date(2026, 7, 1), date(2026, 12, 31)),
        ("2026-Q1", "2026-Q1", "quarter", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026-Q3", "2026-Q3", "quarter", date(2026, 7, 1), date(2026, 9, 30)),
        ("2026-06", "2026-06", "month", date(2026, 6, 1), date(2026, 6, 30)),
        ("2028-02", "2028-02", "month", date(2028, 2, 1), date(2028, 2, 29)),
        ("2027-02", "2027-02", "month", date(2027, 2, 1), date(2027, 2, 28)),
        (date(2026, 6, 15), "2026-06-15", "day", date(2026, 6, 15), date(2026, 6, 15)),
        ("2026-06-15", "2026-06-15", "day", date(2026, 6, 15), date(2026, 6, 15)),
    ],
)
def test_partial_dates_have_first_and_last_day(value, text, precision, first, last):
    parsed = parse_partial_date(value)
    assert (str(parsed), parsed.precision, parsed.first, parsed.last) == (
        text,
        precision,
        first,
        last,
    )


@pytest.mark.parametrize(
    "value",
    [
        "2026-02-30",
        "2026-13",
        "2026-00",
        "2026-Q5",
        "2026-Q0",
        "2026-H3",
        "26",
        "2026-6",
        "next year",
        "",
        99,
        12345,
        True,
        2026.5,
        None,
        [2026],
        "0000",
    ],
)
def test_impossible_or_malformed_dates_are_refused(value):
    with pytest.raises(DateError):
        parse_partial_date(value)


@pytest.mark.parametrize(
    "value", [datetime(2026, 1, 5, 10, 0), "2026-01-05T10:00", "2026-01-05 10:00:00"]
)
def test_a_time_of_day_is_refused_with_a_hint(value):
    with pytest.raises(DateError, match="time of day"):
        parse_partial_date(value)


def test_full_date_needs_day_precision():
    assert parse_full_date("2026-03-01") == date(2026, 3, 1)
    with pytest.raises(DateError, match="full date"):
        parse_full_date("2026-03")


@pytest.mark.parametrize(
    ("text", "months", "unit"),
    [
        ("annual", 12, "year"),
        ("biennial", 24, "year"),
        ("semiannual", 6, "month"),
        ("quarterly", 3, "month"),
        ("monthly", 1, "month"),
        ("1 year", 12, "year"),
        ("3 years", 36, "year"),
        ("1 years", 12, "year"),
        ("2 year", 24, "year"),
        ("1 month", 1, "month"),
        ("18 months", 18, "month"),
        ("12 months", 12, "month"),
    ],
)
def test_durations(text, months, unit):
    duration = parse_duration(text)
    assert (duration.months, duration.unit, str(duration)) == (months, unit, text)


@pytest.mark.parametrize(
    "text", ["0 years", "fortnightly", "1.5 years", "-1 month", "year", 12, ""]
)
def test_bad_durations(text):
    with pytest.raises(DateError):
        parse_duration(text)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 11, 15), 3, date(2027, 2, 15)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 1, 1), 24, date(2028, 1, 1)),
    ],
)
def test_calendar_month_arithmetic_clamps(day, months, expected):
    assert add_months(day, months) == expected


def test_a_huge_number_as_a_duration_is_described_not_printed():
    """Found by tests/test_fuzz.py: a 3,600-digit number where a duration goes (`review`, or
    `every` of a disputed recurrence) made the message itself fail (no repr past 4,300
    digits), an internal error in `validate`."""
    with pytest.raises(DateError, match=r"got \(14400 bits\)"):
        parse_duration(16**3600 - 1)
