"""Periods of a recurrence: calendar-aligned, labelled as documented, named by `period:`."""

import itertools
from datetime import date

import pytest

from kcbilat.core.dates import DateError, parse_duration, parse_partial_date
from kcbilat.core.periods import Series


def series(every, start, until=None):
    return Series(
        parse_duration(every),
        parse_partial_date(start),
        parse_partial_date(until) if until else None,
    )


@pytest.mark.parametrize(
    ("every", "start", "labels"),
    [
        ("annual", 2026, ["2026", "2027", "2028"]),
        ("annual", "2026-06", ["2026", "2027", "2028"]),  # years align to 1 January
        ("biennial", 2026, ["2026-2027", "2028-2029", "2030-2031"]),
        ("semiannual", "2026-07", ["2026-H2", "2027-H1", "2027-H2"]),
        ("quarterly", "2026-Q2", ["2026-Q2", "2026-Q3", "2026-Q4"]),
        ("monthly", "2026-11", ["2026-11", "2026-12", "2027-01"]),
        ("18 months", "2026-11", ["2026-11..2028-04", "2028-05..2029-10", "2029-11..2031-04"]),
        ("3 months", "2026-02", ["2026-02..2026-04", "2026-05..2026-07", "2026-08..2026-10"]),
        ("12 months", "2026-01", ["2026", "2027", "2028"]),
        ("24 months", "2026-01", ["2026-2027", "2028-2029", "2030-2031"]),
        ("12 months", "2026-04", ["2026-04..2027-03", "2027-04..2028-03", "2028-04..2029-03"]),
    ],
)
def test_labels(every, start, labels):
    s = series(every, start)
    assert [s.period(i).label for i in range(3)] == labels


def test_periods_run_back_to_back_across_leap_years():
    s = series("semiannual", "2027-07")
    p = [s.period(i) for i in range(4)]
    assert (p[0].start, p[0].end) == (date(2027, 7, 1), date(2027, 12, 31))
    assert (p[1].start, p[1].end) == (date(2028, 1, 1), date(2028, 6, 30))
    assert all(a.end.toordinal() + 1 == b.start.toordinal() for a, b in itertools.pairwise(p))


def test_until_ends_with_the_period_holding_its_last_day():
    s = series("biennial", 2026, until=2028)
    assert s.holding(date(2029, 12, 31)).label == "2028-2029"
    assert s.holding(date(2030, 1, 1)) is None
    assert s.holding(date(2025, 12, 31)) is None


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (2027, "2026-2027"),
        ("2026-2027", "2026-2027"),
        ("2027-Q3", "2026-2027"),
        (date(2026, 5, 1), "2026-2027"),
        ("2028", "2028-2029"),
    ],
)
def test_period_values_name_the_period_they_lie_in(value, label):
    assert series("biennial", 2026).named(value).label == label


def test_period_values_that_name_no_period_or_are_malformed():
    s = series("annual", 2026)
    assert s.named("2026-2027") is None  # spans two periods
    assert s.named(2025) is None  # before the first
    with pytest.raises(DateError):
        s.named("next year")
