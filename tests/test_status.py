"""The status engine against values worked out by hand from the documented rules.

Every expected value here was derived from the rules (docs/reference/statuses.md), never
by running the engine.
Day counts were checked with plain `datetime` arithmetic only.

Default fixture: agreement `mou` signed 2026-01-05, one commitment `c` (ref `mou/c`).
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import replace
from datetime import date, timedelta

import pytest
from conftest import agreement, load_valid, meeting, statuses, write_data
from hypothesis import given, settings
from hypothesis import strategies as st

from kcbilat.dates import parse_duration, parse_partial_date
from kcbilat.models import validator
from kcbilat.periods import Series
from kcbilat.records import Meeting
from kcbilat.status import ORDER, compute, summary

D = date.fromisoformat
SIGNED = "2026-01-05"
REF = "mou/c"
ZEROS = {"met": 0, "ended": 0, "missed": []}
SOURCES = "sources:\n  - url: https://example.org/y\n    title: Another source\n"


# -- helpers ---------------------------------------------------------------------------------


def commitment(cid="c", *, due=None, recurs=None, review=None, extra=""):
    """YAML for one commitment list item (the agreement() helper indents it)."""
    lines = [
        f"- id: {cid}",
        f"  title: Commitment {cid}",
        "  sectors: [climate]",
        "  responsible: [kr-mcee, cn-mee]",
    ]
    if due is not None:
        lines.append(f"  due: {due}")
    if recurs is not None:
        lines.append(f"  recurs: {recurs}")
    if review is not None:
        lines.append(f"  review: {review}")
    if extra:
        lines += ["  " + line for line in textwrap.dedent(extra).strip("\n").splitlines()]
    return "\n".join(lines) + "\n"


def meetings_yaml(specs, ref=REF):
    """specs: (id, date) | (id, date, status) | (id, date, status, period)."""
    out = []
    for spec in specs:
        ident, day, status, period = (*spec, *("held", None)[len(spec) - 2 :])
        item = {"ref": ref, "period": period} if period is not None else ref
        out.append(meeting(ident, day, [item], status=status))
    return out


def row(
    data_dir, as_of, commitments, meetings=(), *, signed=SIGNED, extra="", status=None, **options
):
    root = data_dir(
        [agreement("mou", signed, commitments, extra=extra, status=status)], meetings_yaml(meetings)
    )
    rows = statuses(root, D(as_of), **options)
    assert set(rows) == {REF}
    return rows[REF]


def periods_of(r):
    return [
        (
            p.label,
            p.start.isoformat(),
            p.end.isoformat(),
            p.state,
            p.late,
            tuple(sorted(p.meetings)),
        )
        for p in r.periods
    ]


def iso(day):
    return day.isoformat() if day is not None else None


# -- one-off (`due`) ---------------------------------------------------------------------------

# (case, signed, due, meetings, as_of, window, status, deadline, days_left, late)
ONCE = [
    # 2. pending before the signing (its first day)
    (
        "pending-day-before-signing",
        SIGNED,
        "2026-06-30",
        [],
        "2026-01-04",
        60,
        "pending",
        None,
        None,
        False,
    ),
    (
        "signing-day-not-pending",
        SIGNED,
        "2026-06-30",
        [],
        "2026-01-05",
        60,
        "upcoming",
        "2026-06-30",
        176,
        False,
    ),
    (
        "pending-beats-met",
        SIGNED,
        "2026-06-30",
        [("m1", "2026-01-02")],
        "2026-01-04",
        60,
        "pending",
        None,
        None,
        False,
    ),
    (
        "met-from-signing-day",
        SIGNED,
        "2026-06-30",
        [("m1", "2026-01-02")],
        "2026-01-05",
        60,
        "met",
        None,
        None,
        False,
    ),
    (
        "signed-month-pending",
        "2026-03",
        "2026-06-30",
        [],
        "2026-02-28",
        60,
        "pending",
        None,
        None,
        False,
    ),
    (
        "signed-month-first-day",
        "2026-03",
        "2026-06-30",
        [],
        "2026-03-01",
        60,
        "upcoming",
        "2026-06-30",
        121,
        False,
    ),
    (
        "signed-year-pending",
        "2026",
        "2026-06-30",
        [],
        "2025-12-31",
        60,
        "pending",
        None,
        None,
        False,
    ),
    (
        "signed-year-first-day",
        "2026",
        "2026-06-30",
        [],
        "2026-01-01",
        60,
        "upcoming",
        "2026-06-30",
        180,
        False,
    ),
    (
        "unsigned-never-pending",
        None,
        "2026-06-30",
        [],
        "2026-01-01",
        60,
        "upcoming",
        "2026-06-30",
        180,
        False,
    ),
    # 3. met; late when the (earliest) meeting is after the deadline
    (
        "met-on-deadline-day",
        SIGNED,
        "2026-06-30",
        [("m1", "2026-06-30")],
        "2026-07-10",
        60,
        "met",
        None,
        None,
        False,
    ),
    (
        "met-late-day-after-deadline",
        SIGNED,
        "2026-06-30",
        [("m1", "2026-07-01")],
        "2026-07-10",
        60,
        "met",
        None,
        None,
        True,
    ),
    (
        "earliest-decides-on-time",
        SIGNED,
        "2026-06-30",
        [("a-late", "2026-07-15"), ("b-early", "2026-06-20")],
        "2026-08-01",
        60,
        "met",
        None,
        None,
        False,
    ),
    (
        "earliest-decides-late",
        SIGNED,
        "2026-06-30",
        [("a", "2026-08-20"), ("b", "2026-07-15")],
        "2026-09-01",
        60,
        "met",
        None,
        None,
        True,
    ),
    (
        "meeting-after-as-of-ignored",
        SIGNED,
        "2026-06-30",
        [("m1", "2026-06-20")],
        "2026-06-19",
        60,
        "due",
        "2026-06-30",
        11,
        False,
    ),
    (
        "meeting-on-as-of-counts",
        SIGNED,
        "2026-06-30",
        [("m1", "2026-06-20")],
        "2026-06-20",
        60,
        "met",
        None,
        None,
        False,
    ),
    (
        "late-meeting-not-yet-held",
        SIGNED,
        "2026-06-30",
        [("m1", "2026-07-20")],
        "2026-07-19",
        60,
        "overdue",
        "2026-06-30",
        -19,
        False,
    ),
    (
        "postponed-does-not-fulfil",
        SIGNED,
        "2026-06-30",
        [("m1", "2026-06-10", "postponed")],
        "2026-07-01",
        60,
        "overdue",
        "2026-06-30",
        -1,
        False,
    ),
    (
        "cancelled-does-not-fulfil",
        SIGNED,
        "2026-06-30",
        [("m1", "2026-06-10", "cancelled")],
        "2026-07-01",
        60,
        "overdue",
        "2026-06-30",
        -1,
        False,
    ),
    (
        "postponed-is-no-plan",
        SIGNED,
        "2026-06-30",
        [("m1", "2026-06-20", "postponed")],
        "2026-06-01",
        60,
        "due",
        "2026-06-30",
        29,
        False,
    ),
    (
        "cancelled-is-no-plan",
        SIGNED,
        "2026-06-30",
        [("m1", "2026-06-20", "cancelled")],
        "2026-03-01",
        60,
        "upcoming",
        "2026-06-30",
        121,
        False,
    ),
    # 4. overdue: the deadline itself is not overdue, the day after is
    (
        "deadline-day-not-overdue",
        SIGNED,
        "2026-06-30",
        [],
        "2026-06-30",
        60,
        "due",
        "2026-06-30",
        0,
        False,
    ),
    (
        "day-after-deadline-overdue",
        SIGNED,
        "2026-06-30",
        [],
        "2026-07-01",
        60,
        "overdue",
        "2026-06-30",
        -1,
        False,
    ),
    (
        "long-overdue",
        SIGNED,
        "2026-06-30",
        [],
        "2027-01-01",
        60,
        "overdue",
        "2026-06-30",
        -185,
        False,
    ),
    (
        "overdue-beats-plan",
        SIGNED,
        "2026-06-30",
        [("m1", "2026-07-20", "scheduled")],
        "2026-07-01",
        60,
        "overdue",
        "2026-06-30",
        -1,
        False,
    ),
    # 5. scheduled; planned late when the plan's first day is after the deadline
    (
        "scheduled",
        SIGNED,
        "2026-06-30",
        [("m1", "2026-06-20", "scheduled")],
        "2026-03-01",
        60,
        "scheduled",
        "2026-06-30",
        121,
        False,
    ),
    (
        "scheduled-beats-due",
        SIGNED,
        "2026-06-30",
        [("m1", "2026-06-20", "scheduled")],
        "2026-06-01",
        60,
        "scheduled",
        "2026-06-30",
        29,
        False,
    ),
    (
        "plan-on-its-own-day",
        SIGNED,
        "2026-06-30",
        [("m1", "2026-06-20", "scheduled")],
        "2026-06-20",
        60,
        "scheduled",
        "2026-06-30",
        10,
        False,
    ),
    (
        "plan-day-counts",
        SIGNED,
        "2026-12-31",
        [("m1", "2026-06-15", "scheduled")],
        "2026-06-15",
        60,
        "scheduled",
        "2026-12-31",
        199,
        False,
    ),
    (
        "past-plan-counts-for-nothing",
        SIGNED,
        "2026-12-31",
        [("m1", "2026-06-15", "scheduled")],
        "2026-06-16",
        60,
        "upcoming",
        "2026-12-31",
        198,
        False,
    ),
    (
        "partial-plan-until-last-day",
        SIGNED,
        "2026-12-31",
        [("m1", "2026-06", "scheduled")],
        "2026-06-30",
        60,
        "scheduled",
        "2026-12-31",
        184,
        False,
    ),
    (
        "partial-plan-over",
        SIGNED,
        "2026-12-31",
        [("m1", "2026-06", "scheduled")],
        "2026-07-01",
        60,
        "upcoming",
        "2026-12-31",
        183,
        False,
    ),
    (
        "planned-late-month",
        SIGNED,
        "2026-06-30",
        [("m1", "2026-07", "scheduled")],
        "2026-03-01",
        60,
        "scheduled",
        "2026-06-30",
        121,
        True,
    ),
    (
        "planned-late-half",
        SIGNED,
        "2026-06-30",
        [("m1", "2026-H2", "scheduled")],
        "2026-03-01",
        60,
        "scheduled",
        "2026-06-30",
        121,
        True,
    ),
    (
        "planned-late-day-after",
        SIGNED,
        "2026-06-30",
        [("m1", "2026-07-01", "scheduled")],
        "2026-03-01",
        60,
        "scheduled",
        "2026-06-30",
        121,
        True,
    ),
    (
        "planned-on-deadline-not-late",
        SIGNED,
        "2026-06-30",
        [("m1", "2026-06-30", "scheduled")],
        "2026-03-01",
        60,
        "scheduled",
        "2026-06-30",
        121,
        False,
    ),
    (
        "planned-year-first-day-not-late",
        SIGNED,
        "2026-06-30",
        [("m1", "2026", "scheduled")],
        "2026-03-01",
        60,
        "scheduled",
        "2026-06-30",
        121,
        False,
    ),
    (
        "earliest-plan-decides",
        SIGNED,
        "2026-06-30",
        [("a", "2026-07-10", "scheduled"), ("b", "2026-06-10", "scheduled")],
        "2026-03-01",
        60,
        "scheduled",
        "2026-06-30",
        121,
        False,
    ),
    # 6./7. due within the window, else upcoming
    (
        "window-first-day",
        SIGNED,
        "2026-06-30",
        [],
        "2026-05-01",
        60,
        "due",
        "2026-06-30",
        60,
        False,
    ),
    (
        "window-day-before",
        SIGNED,
        "2026-06-30",
        [],
        "2026-04-30",
        60,
        "upcoming",
        "2026-06-30",
        61,
        False,
    ),
    (
        "window-10-first-day",
        SIGNED,
        "2026-06-30",
        [],
        "2026-06-20",
        10,
        "due",
        "2026-06-30",
        10,
        False,
    ),
    (
        "window-10-day-before",
        SIGNED,
        "2026-06-30",
        [],
        "2026-06-19",
        10,
        "upcoming",
        "2026-06-30",
        11,
        False,
    ),
    ("window-0-deadline", SIGNED, "2026-06-30", [], "2026-06-30", 0, "due", "2026-06-30", 0, False),
    (
        "window-0-day-before",
        SIGNED,
        "2026-06-30",
        [],
        "2026-06-29",
        0,
        "upcoming",
        "2026-06-30",
        1,
        False,
    ),
    ("window-365", SIGNED, "2026-06-30", [], "2026-01-05", 365, "due", "2026-06-30", 176, False),
]


@pytest.mark.parametrize(
    "signed, due, meetings, as_of, window, status, deadline, days_left, late",
    [case[1:] for case in ONCE],
    ids=[case[0] for case in ONCE],
)
def test_one_off(data_dir, signed, due, meetings, as_of, window, status, deadline, days_left, late):
    r = row(data_dir, as_of, commitment(due=due), meetings, signed=signed, window=window)
    assert (r.status, iso(r.deadline), r.days_left, r.late) == (status, deadline, days_left, late)
    assert r.kind == "once"
    assert r.record is None
    assert r.periods == ()
    assert r.last_activity is None
    assert r.override is False


# (due as written, deadline, days left on 2026-01-10)
PARTIAL = [
    ("2026-H1", "2026-06-30", 171),
    ("2026-H2", "2026-12-31", 355),
    ("2026-Q1", "2026-03-31", 80),
    ("2026-Q3", "2026-09-30", 263),
    ("2026-06", "2026-06-30", 171),
    ("2026", "2026-12-31", 355),
    ("2026-06-15", "2026-06-15", 156),
    ("2027-02", "2027-02-28", 414),
    ("2028-02", "2028-02-29", 780),
]


@pytest.mark.parametrize("due, deadline, days_left", PARTIAL, ids=[c[0] for c in PARTIAL])
def test_partial_date_deadline(data_dir, due, deadline, days_left):
    r = row(data_dir, "2026-01-10", commitment(due=due))
    assert (r.status, iso(r.deadline), r.days_left) == ("upcoming", deadline, days_left)
    assert r.due == due  # shown as written


# (due, last day: due with 0 days left, the day after: overdue by 1)
DEADLINE_EDGES = [
    ("2026-H1", "2026-06-30", "2026-07-01"),
    ("2026-Q3", "2026-09-30", "2026-10-01"),
    ("2026-06", "2026-06-30", "2026-07-01"),
    ("2026", "2026-12-31", "2027-01-01"),
    ("2028-02", "2028-02-29", "2028-03-01"),
    ("2027-02", "2027-02-28", "2027-03-01"),
]


@pytest.mark.parametrize("due, last, after", DEADLINE_EDGES, ids=[c[0] for c in DEADLINE_EDGES])
def test_partial_date_deadline_edges(data_dir, due, last, after):
    r = row(data_dir, last, commitment(due=due))
    assert (r.status, iso(r.deadline), r.days_left) == ("due", last, 0)
    r = row(data_dir, after, commitment(due=due))
    assert (r.status, iso(r.deadline), r.days_left) == ("overdue", last, -1)


# -- recurring (`recurs`) ---------------------------------------------------------------------

ANNUAL = "{every: annual, from: 2026}"


def P(label, start, end, state="open", late=False, meetings=()):
    return (label, start, end, state, late, tuple(sorted(meetings)))


Y2026 = ("2026", "2026-01-01", "2026-12-31")
Y2027 = ("2027", "2027-01-01", "2027-12-31")
Y2028 = ("2028", "2028-01-01", "2028-12-31")
M18A = ("2026-11..2028-04", "2026-11-01", "2028-04-30")
M18B = ("2028-05..2029-10", "2028-05-01", "2029-10-31")
BI1 = ("2026-2027", "2026-01-01", "2027-12-31")
BI2 = ("2028-2029", "2028-01-01", "2029-12-31")

# (case, recurs, signed, meetings, as_of, window, status, deadline, days_left, record, periods)
RECURRING = [
    # pending: before the signing or before the first period
    (
        "pending-day-before-signing",
        ANNUAL,
        SIGNED,
        [],
        "2026-01-04",
        60,
        "pending",
        None,
        None,
        ZEROS,
        [],
    ),
    (
        "signing-day",
        ANNUAL,
        SIGNED,
        [],
        "2026-01-05",
        60,
        "upcoming",
        "2026-12-31",
        360,
        ZEROS,
        [P(*Y2026)],
    ),
    (
        "from-june-current-on-jan-1",
        "{every: annual, from: 2026-06}",
        "2025-12-01",
        [],
        "2026-01-01",
        60,
        "upcoming",
        "2026-12-31",
        364,
        ZEROS,
        [P(*Y2026)],
    ),
    (
        "from-june-pending-dec-31",
        "{every: annual, from: 2026-06}",
        "2025-12-01",
        [],
        "2025-12-31",
        60,
        "pending",
        None,
        None,
        ZEROS,
        [],
    ),
    (
        "spec-1-year-from-2027-06",
        "{every: 1 year, from: 2027-06}",
        SIGNED,
        [],
        "2027-01-01",
        60,
        "upcoming",
        "2027-12-31",
        364,
        ZEROS,
        [P(*Y2027)],
    ),
    (
        "spec-1-year-from-2027-06-pending",
        "{every: 1 year, from: 2027-06}",
        SIGNED,
        [],
        "2026-12-31",
        60,
        "pending",
        None,
        None,
        ZEROS,
        [],
    ),
    (
        "signed-month-pending",
        ANNUAL,
        "2026-06",
        [],
        "2026-05-31",
        60,
        "pending",
        None,
        None,
        ZEROS,
        [],
    ),
    (
        "signed-month-first-day",
        ANNUAL,
        "2026-06",
        [],
        "2026-06-01",
        60,
        "upcoming",
        "2026-12-31",
        213,
        ZEROS,
        [P(*Y2026)],
    ),
    # met
    (
        "met",
        ANNUAL,
        SIGNED,
        [("m1", "2026-05-10")],
        "2026-06-01",
        60,
        "met",
        None,
        None,
        {"met": 1, "ended": 1, "missed": []},
        [P(*Y2026, "met", False, ["m1"])],
    ),
    (
        "met-on-the-day",
        ANNUAL,
        SIGNED,
        [("m1", "2026-05-10")],
        "2026-05-10",
        60,
        "met",
        None,
        None,
        {"met": 1, "ended": 1, "missed": []},
        [P(*Y2026, "met", False, ["m1"])],
    ),
    (
        "meeting-after-as-of-ignored",
        ANNUAL,
        SIGNED,
        [("m1", "2026-05-10")],
        "2026-05-09",
        60,
        "upcoming",
        "2026-12-31",
        236,
        ZEROS,
        [P(*Y2026)],
    ),
    (
        "postponed-does-not-count",
        ANNUAL,
        SIGNED,
        [("m1", "2026-05-10", "postponed")],
        "2026-06-01",
        60,
        "upcoming",
        "2026-12-31",
        213,
        ZEROS,
        [P(*Y2026)],
    ),
    (
        "cancelled-does-not-count",
        ANNUAL,
        SIGNED,
        [("m1", "2026-05-10", "cancelled")],
        "2027-01-01",
        60,
        "overdue",
        "2026-12-31",
        -1,
        {"met": 0, "ended": 1, "missed": ["2026"]},
        [P(*Y2026, "missed"), P(*Y2027)],
    ),
    (
        "current-met-despite-missed",
        ANNUAL,
        SIGNED,
        [("m1", "2027-02-01")],
        "2027-03-01",
        60,
        "met",
        None,
        None,
        {"met": 1, "ended": 2, "missed": ["2026"]},
        [P(*Y2026, "missed"), P(*Y2027, "met", False, ["m1"])],
    ),
    # due / upcoming against the current period's end
    (
        "last-day-of-period",
        ANNUAL,
        SIGNED,
        [],
        "2026-12-31",
        60,
        "due",
        "2026-12-31",
        0,
        ZEROS,
        [P(*Y2026)],
    ),
    (
        "window-first-day",
        ANNUAL,
        SIGNED,
        [],
        "2026-11-01",
        60,
        "due",
        "2026-12-31",
        60,
        ZEROS,
        [P(*Y2026)],
    ),
    (
        "window-day-before",
        ANNUAL,
        SIGNED,
        [],
        "2026-10-31",
        60,
        "upcoming",
        "2026-12-31",
        61,
        ZEROS,
        [P(*Y2026)],
    ),
    (
        "window-30-first-day",
        ANNUAL,
        SIGNED,
        [],
        "2026-12-01",
        30,
        "due",
        "2026-12-31",
        30,
        ZEROS,
        [P(*Y2026)],
    ),
    (
        "window-30-day-before",
        ANNUAL,
        SIGNED,
        [],
        "2026-11-30",
        30,
        "upcoming",
        "2026-12-31",
        31,
        ZEROS,
        [P(*Y2026)],
    ),
    # overdue: the previous period was missed; deadline = its end
    (
        "overdue-day-after",
        ANNUAL,
        SIGNED,
        [],
        "2027-01-01",
        60,
        "overdue",
        "2026-12-31",
        -1,
        {"met": 0, "ended": 1, "missed": ["2026"]},
        [P(*Y2026, "missed"), P(*Y2027)],
    ),
    (
        "overdue-march",
        ANNUAL,
        SIGNED,
        [],
        "2027-03-01",
        60,
        "overdue",
        "2026-12-31",
        -60,
        {"met": 0, "ended": 1, "missed": ["2026"]},
        [P(*Y2026, "missed"), P(*Y2027)],
    ),
    (
        "two-missed",
        ANNUAL,
        SIGNED,
        [],
        "2028-01-10",
        60,
        "overdue",
        "2027-12-31",
        -10,
        {"met": 0, "ended": 2, "missed": ["2026", "2027"]},
        [P(*Y2026, "missed"), P(*Y2027, "missed"), P(*Y2028)],
    ),
    (
        "previous-met-older-missed",
        ANNUAL,
        SIGNED,
        [("m1", "2027-06-01")],
        "2028-01-10",
        60,
        "upcoming",
        "2028-12-31",
        356,
        {"met": 1, "ended": 2, "missed": ["2026"]},
        [P(*Y2026, "missed"), P(*Y2027, "met", False, ["m1"]), P(*Y2028)],
    ),
    # a meeting held late for the previous period, with `period:`
    (
        "late-for-previous-period",
        ANNUAL,
        SIGNED,
        [("m1", "2027-02-10", "held", 2026)],
        "2027-03-01",
        60,
        "upcoming",
        "2027-12-31",
        305,
        {"met": 1, "ended": 1, "missed": []},
        [P(*Y2026, "met", True, ["m1"]), P(*Y2027)],
    ),
    (
        "late-meeting-not-yet-held",
        ANNUAL,
        SIGNED,
        [("m1", "2027-02-10", "held", 2026)],
        "2027-02-09",
        60,
        "overdue",
        "2026-12-31",
        -40,
        {"met": 0, "ended": 1, "missed": ["2026"]},
        [P(*Y2026, "missed"), P(*Y2027)],
    ),
    (
        "late-by-partial-date-period",
        ANNUAL,
        SIGNED,
        [("m1", "2027-02-10", "held", "2026-12")],
        "2027-03-01",
        60,
        "upcoming",
        "2027-12-31",
        305,
        {"met": 1, "ended": 1, "missed": []},
        [P(*Y2026, "met", True, ["m1"]), P(*Y2027)],
    ),
    (
        "earliest-meeting-decides-period-late",
        ANNUAL,
        SIGNED,
        [("a", "2027-02-10", "held", 2026), ("b", "2026-12-01")],
        "2027-03-01",
        60,
        "upcoming",
        "2027-12-31",
        305,
        {"met": 1, "ended": 1, "missed": []},
        [P(*Y2026, "met", False, ["a", "b"]), P(*Y2027)],
    ),
    # scheduled
    (
        "scheduled-current",
        ANNUAL,
        SIGNED,
        [("m1", "2026-11", "scheduled")],
        "2026-03-01",
        60,
        "scheduled",
        "2026-12-31",
        305,
        ZEROS,
        [P(*Y2026)],
    ),
    (
        "scheduled-beats-due",
        ANNUAL,
        SIGNED,
        [("m1", "2027-01-15", "scheduled", 2026)],
        "2026-11-15",
        60,
        "scheduled",
        "2026-12-31",
        46,
        ZEROS,
        [P(*Y2026)],
    ),
    (
        "plan-for-next-period-is-not-scheduled",
        ANNUAL,
        SIGNED,
        [("m1", "2027-02", "scheduled")],
        "2026-11-15",
        60,
        "due",
        "2026-12-31",
        46,
        ZEROS,
        [P(*Y2026)],
    ),
    (
        "overdue-beats-plan",
        ANNUAL,
        SIGNED,
        [("m1", "2027-03", "scheduled")],
        "2027-01-05",
        60,
        "overdue",
        "2026-12-31",
        -5,
        {"met": 0, "ended": 1, "missed": ["2026"]},
        [P(*Y2026, "missed"), P(*Y2027)],
    ),
    (
        "plan-on-its-day",
        ANNUAL,
        SIGNED,
        [("m1", "2026-03-10", "scheduled")],
        "2026-03-10",
        60,
        "scheduled",
        "2026-12-31",
        296,
        ZEROS,
        [P(*Y2026)],
    ),
    (
        "past-plan-counts-for-nothing",
        ANNUAL,
        SIGNED,
        [("m1", "2026-03-10", "scheduled")],
        "2026-03-11",
        60,
        "upcoming",
        "2026-12-31",
        295,
        ZEROS,
        [P(*Y2026)],
    ),
    # period shapes and labels
    (
        "18-months-first-period",
        "{every: 18 months, from: 2026-11}",
        SIGNED,
        [],
        "2026-11-01",
        60,
        "upcoming",
        "2028-04-30",
        546,
        ZEROS,
        [P(*M18A)],
    ),
    (
        "18-months-pending",
        "{every: 18 months, from: 2026-11}",
        SIGNED,
        [],
        "2026-10-31",
        60,
        "pending",
        None,
        None,
        ZEROS,
        [],
    ),
    (
        "18-months-crossing-years",
        "{every: 18 months, from: 2026-11}",
        SIGNED,
        [],
        "2028-05-01",
        60,
        "overdue",
        "2028-04-30",
        -1,
        {"met": 0, "ended": 1, "missed": ["2026-11..2028-04"]},
        [P(*M18A, "missed"), P(*M18B)],
    ),
    (
        "quarterly-pending",
        "{every: quarterly, from: 2026-Q2}",
        SIGNED,
        [],
        "2026-03-31",
        60,
        "pending",
        None,
        None,
        ZEROS,
        [],
    ),
    (
        "quarterly-first-day",
        "{every: quarterly, from: 2026-Q2}",
        SIGNED,
        [],
        "2026-04-01",
        60,
        "upcoming",
        "2026-06-30",
        90,
        ZEROS,
        [P("2026-Q2", "2026-04-01", "2026-06-30")],
    ),
    (
        "quarterly-window",
        "{every: quarterly, from: 2026-Q2}",
        SIGNED,
        [],
        "2026-05-01",
        60,
        "due",
        "2026-06-30",
        60,
        ZEROS,
        [P("2026-Q2", "2026-04-01", "2026-06-30")],
    ),
    (
        "quarterly-missed",
        "{every: quarterly, from: 2026-Q2}",
        SIGNED,
        [],
        "2026-07-01",
        60,
        "overdue",
        "2026-06-30",
        -1,
        {"met": 0, "ended": 1, "missed": ["2026-Q2"]},
        [
            P("2026-Q2", "2026-04-01", "2026-06-30", "missed"),
            P("2026-Q3", "2026-07-01", "2026-09-30"),
        ],
    ),
    (
        "quarterly-from-may",
        "{every: quarterly, from: 2026-05}",
        SIGNED,
        [],
        "2026-05-01",
        60,
        "upcoming",
        "2026-07-31",
        91,
        ZEROS,
        [P("2026-05..2026-07", "2026-05-01", "2026-07-31")],
    ),
    (
        "3-months-from-january",
        "{every: 3 months, from: 2026-01}",
        SIGNED,
        [],
        "2026-02-01",
        60,
        "due",
        "2026-03-31",
        58,
        ZEROS,
        [P("2026-Q1", "2026-01-01", "2026-03-31")],
    ),
    (
        "semiannual-h2",
        "{every: semiannual, from: 2026-H2}",
        SIGNED,
        [],
        "2027-01-01",
        60,
        "overdue",
        "2026-12-31",
        -1,
        {"met": 0, "ended": 1, "missed": ["2026-H2"]},
        [
            P("2026-H2", "2026-07-01", "2026-12-31", "missed"),
            P("2027-H1", "2027-01-01", "2027-06-30"),
        ],
    ),
    (
        "semiannual-from-march",
        "{every: semiannual, from: 2026-03}",
        SIGNED,
        [],
        "2026-03-01",
        60,
        "upcoming",
        "2026-08-31",
        183,
        ZEROS,
        [P("2026-03..2026-08", "2026-03-01", "2026-08-31")],
    ),
    (
        "6-months-from-april",
        "{every: 6 months, from: 2026-04}",
        SIGNED,
        [],
        "2026-04-01",
        60,
        "upcoming",
        "2026-09-30",
        182,
        ZEROS,
        [P("2026-04..2026-09", "2026-04-01", "2026-09-30")],
    ),
    (
        "monthly-missed",
        "{every: monthly, from: 2026-06}",
        SIGNED,
        [],
        "2026-07-15",
        60,
        "overdue",
        "2026-06-30",
        -15,
        {"met": 0, "ended": 1, "missed": ["2026-06"]},
        [
            P("2026-06", "2026-06-01", "2026-06-30", "missed"),
            P("2026-07", "2026-07-01", "2026-07-31"),
        ],
    ),
    (
        "monthly-from-mid-month-not-pending",
        "{every: monthly, from: 2026-06-15}",
        SIGNED,
        [],
        "2026-06-01",
        60,
        "due",
        "2026-06-30",
        29,
        ZEROS,
        [P("2026-06", "2026-06-01", "2026-06-30")],
    ),
    (
        "biennial-first",
        "{every: biennial, from: 2026}",
        SIGNED,
        [],
        "2026-03-01",
        60,
        "upcoming",
        "2027-12-31",
        670,
        ZEROS,
        [P(*BI1)],
    ),
    (
        "biennial-missed",
        "{every: biennial, from: 2026}",
        SIGNED,
        [],
        "2028-04-01",
        60,
        "overdue",
        "2027-12-31",
        -92,
        {"met": 0, "ended": 1, "missed": ["2026-2027"]},
        [P(*BI1, "missed"), P(*BI2)],
    ),
    (
        "biennial-period-2027-names-2026-2027",
        "{every: biennial, from: 2026}",
        SIGNED,
        [("m1", "2028-03-01", "held", 2027)],
        "2028-04-01",
        60,
        "upcoming",
        "2029-12-31",
        639,
        {"met": 1, "ended": 1, "missed": []},
        [P(*BI1, "met", True, ["m1"]), P(*BI2)],
    ),
    (
        "biennial-period-by-label",
        "{every: biennial, from: 2026}",
        SIGNED,
        [("m1", "2027-05-01", "held", "2026-2027")],
        "2027-06-01",
        60,
        "met",
        None,
        None,
        {"met": 1, "ended": 1, "missed": []},
        [P(*BI1, "met", False, ["m1"])],
    ),
    (
        "2-years-from-june-aligned-to-january",
        "{every: 2 years, from: 2026-06}",
        SIGNED,
        [],
        "2026-03-01",
        60,
        "upcoming",
        "2027-12-31",
        670,
        ZEROS,
        [P(*BI1)],
    ),
    (
        "24-months-from-january-labelled-in-years",
        "{every: 24 months, from: 2026-01}",
        SIGNED,
        [],
        "2026-03-01",
        60,
        "upcoming",
        "2027-12-31",
        670,
        ZEROS,
        [P(*BI1)],
    ),
    (
        "12-months-from-march",
        "{every: 12 months, from: 2026-03}",
        SIGNED,
        [],
        "2026-03-01",
        60,
        "upcoming",
        "2027-02-28",
        364,
        ZEROS,
        [P("2026-03..2027-02", "2026-03-01", "2027-02-28")],
    ),
    # periods before the signing do not exist
    (
        "monthly-signed-mid-year-pending",
        "{every: monthly, from: 2026}",
        "2026-03-10",
        [],
        "2026-03-09",
        60,
        "pending",
        None,
        None,
        ZEROS,
        [],
    ),
    (
        "monthly-signed-mid-year-first-period",
        "{every: monthly, from: 2026}",
        "2026-03-10",
        [],
        "2026-03-10",
        60,
        "due",
        "2026-03-31",
        21,
        ZEROS,
        [P("2026-03", "2026-03-01", "2026-03-31")],
    ),
    (
        "monthly-signed-mid-year-missed",
        "{every: monthly, from: 2026}",
        "2026-03-10",
        [],
        "2026-04-05",
        60,
        "overdue",
        "2026-03-31",
        -5,
        {"met": 0, "ended": 1, "missed": ["2026-03"]},
        [
            P("2026-03", "2026-03-01", "2026-03-31", "missed"),
            P("2026-04", "2026-04-01", "2026-04-30"),
        ],
    ),
    (
        "meeting-before-signing-in-first-period",
        ANNUAL,
        SIGNED,
        [("m1", "2026-01-02")],
        "2026-01-05",
        60,
        "met",
        None,
        None,
        {"met": 1, "ended": 1, "missed": []},
        [P(*Y2026, "met", False, ["m1"])],
    ),
    (
        "meeting-in-period-before-signing-ignored",
        "{every: monthly, from: 2026}",
        "2026-03-10",
        [("m1", "2026-02-15")],
        "2026-03-20",
        60,
        "due",
        "2026-03-31",
        11,
        ZEROS,
        [P("2026-03", "2026-03-01", "2026-03-31")],
    ),
    # until: the series ends with the period holding until's last day
    (
        "until-last-period-current",
        "{every: annual, from: 2026, until: 2027}",
        SIGNED,
        [("m1", "2026-06-01")],
        "2027-12-31",
        60,
        "due",
        "2027-12-31",
        0,
        {"met": 1, "ended": 1, "missed": []},
        [P(*Y2026, "met", False, ["m1"]), P(*Y2027)],
    ),
    (
        "until-ended",
        "{every: annual, from: 2026, until: 2027}",
        SIGNED,
        [("m1", "2026-06-01")],
        "2028-01-01",
        60,
        "ended",
        None,
        None,
        {"met": 1, "ended": 2, "missed": ["2027"]},
        [P(*Y2026, "met", False, ["m1"]), P(*Y2027, "missed")],
    ),
    (
        "until-month-inside-last-year",
        "{every: annual, from: 2026, until: 2027-03}",
        SIGNED,
        [],
        "2027-12-31",
        60,
        "overdue",
        "2026-12-31",
        -365,
        {"met": 0, "ended": 1, "missed": ["2026"]},
        [P(*Y2026, "missed"), P(*Y2027)],
    ),
    (
        "until-month-ended",
        "{every: annual, from: 2026, until: 2027-03}",
        SIGNED,
        [],
        "2028-01-01",
        60,
        "ended",
        None,
        None,
        {"met": 0, "ended": 2, "missed": ["2026", "2027"]},
        [P(*Y2026, "missed"), P(*Y2027, "missed")],
    ),
    (
        "until-18-months-last-period",
        "{every: 18 months, from: 2026-11, until: 2028-06}",
        SIGNED,
        [],
        "2029-10-31",
        60,
        "overdue",
        "2028-04-30",
        -549,
        {"met": 0, "ended": 1, "missed": ["2026-11..2028-04"]},
        [P(*M18A, "missed"), P(*M18B)],
    ),
    (
        "until-18-months-ended",
        "{every: 18 months, from: 2026-11, until: 2028-06}",
        SIGNED,
        [],
        "2029-11-01",
        60,
        "ended",
        None,
        None,
        {"met": 0, "ended": 2, "missed": ["2026-11..2028-04", "2028-05..2029-10"]},
        [P(*M18A, "missed"), P(*M18B, "missed")],
    ),
    (
        "until-quarterly-current",
        "{every: quarterly, from: 2026-Q2, until: 2026-08-15}",
        SIGNED,
        [("m1", "2026-05-01")],
        "2026-09-30",
        60,
        "due",
        "2026-09-30",
        0,
        {"met": 1, "ended": 1, "missed": []},
        [
            P("2026-Q2", "2026-04-01", "2026-06-30", "met", False, ["m1"]),
            P("2026-Q3", "2026-07-01", "2026-09-30"),
        ],
    ),
    (
        "until-quarterly-ended",
        "{every: quarterly, from: 2026-Q2, until: 2026-08-15}",
        SIGNED,
        [("m1", "2026-05-01")],
        "2026-10-01",
        60,
        "ended",
        None,
        None,
        {"met": 1, "ended": 2, "missed": ["2026-Q3"]},
        [
            P("2026-Q2", "2026-04-01", "2026-06-30", "met", False, ["m1"]),
            P("2026-Q3", "2026-07-01", "2026-09-30", "missed"),
        ],
    ),
]


@pytest.mark.parametrize(
    "recurs, signed, meetings, as_of, window, status, deadline, days_left, record, periods",
    [case[1:] for case in RECURRING],
    ids=[case[0] for case in RECURRING],
)
def test_recurring(
    data_dir, recurs, signed, meetings, as_of, window, status, deadline, days_left, record, periods
):
    r = row(data_dir, as_of, commitment(recurs=recurs), meetings, signed=signed, window=window)
    assert (r.status, iso(r.deadline), r.days_left) == (status, deadline, days_left)
    assert r.record == record
    assert periods_of(r) == periods
    assert r.kind == "recurring"
    assert r.late is False  # top-level late is false for recurring commitments
    assert r.due is None
    assert r.last_activity is None


# -- open-ended --------------------------------------------------------------------------------

UPDATE = """\
updates:
  - date: {day}
    summary: Progress was reported.
    sources:
      - url: https://example.org/u
        title: An update
"""

# (case, signed, review, updates, meetings, as_of, status, last_activity)
OPEN = [
    ("default-review-last-day", "2026-01-31", None, [], [], "2027-01-31", "active", "2026-01-31"),
    ("default-review-stale", "2026-01-31", None, [], [], "2027-02-01", "stale", "2026-01-31"),
    (
        "one-month-clamped-active",
        "2026-01-31",
        "1 month",
        [],
        [],
        "2026-02-28",
        "active",
        "2026-01-31",
    ),
    (
        "one-month-clamped-stale",
        "2026-01-31",
        "1 month",
        [],
        [],
        "2026-03-01",
        "stale",
        "2026-01-31",
    ),
    (
        "spec-example-update-active",
        SIGNED,
        "1 month",
        ["2027-01-31"],
        [],
        "2027-02-28",
        "active",
        "2027-01-31",
    ),
    (
        "spec-example-update-stale",
        SIGNED,
        "1 month",
        ["2027-01-31"],
        [],
        "2027-03-01",
        "stale",
        "2027-01-31",
    ),
    ("leap-day-signing-active", "2028-02-29", None, [], [], "2029-02-28", "active", "2028-02-29"),
    ("leap-day-signing-stale", "2028-02-29", None, [], [], "2029-03-01", "stale", "2028-02-29"),
    ("review-3-months-active", SIGNED, "3 months", [], [], "2026-04-05", "active", SIGNED),
    ("review-3-months-stale", SIGNED, "3 months", [], [], "2026-04-06", "stale", SIGNED),
    ("review-1-year-active", SIGNED, "1 year", [], [], "2027-01-05", "active", SIGNED),
    ("review-1-year-stale", SIGNED, "1 year", [], [], "2027-01-06", "stale", SIGNED),
    ("review-2-years-active", SIGNED, "2 years", [], [], "2028-01-05", "active", SIGNED),
    ("review-2-years-stale", SIGNED, "2 years", [], [], "2028-01-06", "stale", SIGNED),
    ("review-quarterly-word", SIGNED, "quarterly", [], [], "2026-04-06", "stale", SIGNED),
    ("signed-month-first-day", "2026-03", None, [], [], "2027-03-01", "active", "2026-03-01"),
    ("signed-month-stale", "2026-03", None, [], [], "2027-03-02", "stale", "2026-03-01"),
    ("pending-before-signing", SIGNED, None, [], [], "2026-01-04", "pending", None),
    ("signed-month-pending", "2026-03", None, [], [], "2026-02-28", "pending", None),
    # meetings
    (
        "meeting-is-activity",
        SIGNED,
        None,
        [],
        [("m1", "2026-08-10")],
        "2027-08-10",
        "active",
        "2026-08-10",
    ),
    (
        "meeting-activity-expires",
        SIGNED,
        None,
        [],
        [("m1", "2026-08-10")],
        "2027-08-11",
        "stale",
        "2026-08-10",
    ),
    (
        "meeting-after-as-of-ignored",
        SIGNED,
        None,
        [],
        [("m1", "2026-08-10")],
        "2026-08-09",
        "active",
        SIGNED,
    ),
    (
        "scheduled-is-not-activity",
        SIGNED,
        None,
        [],
        [("m1", "2026-08-10", "scheduled")],
        "2027-01-06",
        "stale",
        SIGNED,
    ),
    (
        "postponed-is-not-activity",
        SIGNED,
        None,
        [],
        [("m1", "2026-08-10", "postponed")],
        "2027-01-06",
        "stale",
        SIGNED,
    ),
    (
        "cancelled-is-not-activity",
        SIGNED,
        None,
        [],
        [("m1", "2026-08-10", "cancelled")],
        "2027-01-06",
        "stale",
        SIGNED,
    ),
    # updates
    ("update-is-activity", SIGNED, None, ["2026-09-01"], [], "2027-09-01", "active", "2026-09-01"),
    (
        "update-activity-expires",
        SIGNED,
        None,
        ["2026-09-01"],
        [],
        "2027-09-02",
        "stale",
        "2026-09-01",
    ),
    (
        "update-after-as-of-ignored",
        SIGNED,
        None,
        ["2026-09-01"],
        [],
        "2026-08-31",
        "active",
        SIGNED,
    ),
    ("later-update-not-yet", SIGNED, None, ["2027-06-01"], [], "2027-01-06", "stale", SIGNED),
    (
        "latest-of-meeting-and-update",
        SIGNED,
        None,
        ["2026-09-01"],
        [("m1", "2026-05-01")],
        "2027-01-06",
        "active",
        "2026-09-01",
    ),
    (
        "latest-of-update-and-meeting",
        SIGNED,
        None,
        ["2026-05-01"],
        [("m1", "2026-09-01")],
        "2027-01-06",
        "active",
        "2026-09-01",
    ),
    # no signing
    ("unsigned-no-activity-stale", None, None, [], [], "2026-01-01", "stale", None),
    ("unsigned-update-not-yet", None, "3 months", ["2026-03-01"], [], "2026-02-28", "stale", None),
    (
        "unsigned-update-active",
        None,
        "3 months",
        ["2026-03-01"],
        [],
        "2026-03-01",
        "active",
        "2026-03-01",
    ),
    (
        "unsigned-update-last-day",
        None,
        "3 months",
        ["2026-03-01"],
        [],
        "2026-06-01",
        "active",
        "2026-03-01",
    ),
    (
        "unsigned-update-stale",
        None,
        "3 months",
        ["2026-03-01"],
        [],
        "2026-06-02",
        "stale",
        "2026-03-01",
    ),
]


@pytest.mark.parametrize(
    "signed, review, updates, meetings, as_of, status, last_activity",
    [case[1:] for case in OPEN],
    ids=[case[0] for case in OPEN],
)
def test_open_ended(data_dir, signed, review, updates, meetings, as_of, status, last_activity):
    extra = UPDATE.format(day=updates[0]) if updates else ""
    assert len(updates) <= 1
    r = row(data_dir, as_of, commitment(review=review, extra=extra), meetings, signed=signed)
    assert r.status == status
    assert r.kind == "open"
    if status != "pending":  # the rules say nothing of last_activity while pending
        assert iso(r.last_activity) == last_activity
    assert (r.deadline, r.days_left, r.record, r.periods, r.late) == (None, None, None, (), False)


# -- manual override ----------------------------------------------------------------------------

CANCELLED = """\
status: cancelled
status_date: {day}
status_note: Both sides dropped it.
"""
SUPERSEDED = """\
status: superseded
status_date: {day}
status_note: Replaced by a later agreement.
"""
MET = """\
status: met
status_date: {day}
status_note: Confirmed by both ministries.
status_sources:
  - url: https://example.org/met
    title: Confirmation
"""

# (case, kind-field, override yaml, meetings, as_of, status, deadline, days_left, late, override)
OVERRIDES = [
    (
        "once-cancelled-day-before",
        {"due": "2026-06-30"},
        CANCELLED.format(day="2026-03-01"),
        [],
        "2026-02-28",
        "upcoming",
        "2026-06-30",
        122,
        False,
        False,
    ),
    (
        "once-cancelled-on-the-day",
        {"due": "2026-06-30"},
        CANCELLED.format(day="2026-03-01"),
        [],
        "2026-03-01",
        "cancelled",
        None,
        None,
        False,
        True,
    ),
    (
        "once-cancelled-not-overdue",
        {"due": "2026-06-30"},
        CANCELLED.format(day="2026-03-01"),
        [],
        "2026-08-01",
        "cancelled",
        None,
        None,
        False,
        True,
    ),
    (
        "once-superseded",
        {"due": "2026-06-30"},
        SUPERSEDED.format(day="2026-03-01"),
        [],
        "2026-03-01",
        "superseded",
        None,
        None,
        False,
        True,
    ),
    (
        "once-met-late-before-override",
        {"due": "2026-06-30"},
        MET.format(day="2026-08-01"),
        [("m1", "2026-07-10")],
        "2026-07-31",
        "met",
        None,
        None,
        True,
        False,
    ),
    (
        "once-met-override-late-false",
        {"due": "2026-06-30"},
        MET.format(day="2026-08-01"),
        [("m1", "2026-07-10")],
        "2026-08-01",
        "met",
        None,
        None,
        False,
        True,
    ),
    (
        "once-met-override-beats-overdue",
        {"due": "2026-06-30"},
        MET.format(day="2026-08-01"),
        [],
        "2026-09-01",
        "met",
        None,
        None,
        False,
        True,
    ),
    (
        "override-beats-pending",
        {"due": "2026-06-30"},
        CANCELLED.format(day="2026-01-01"),
        [],
        "2026-01-02",
        "cancelled",
        None,
        None,
        False,
        True,
    ),
    (
        "recurring-cancelled-day-before",
        {"recurs": ANNUAL},
        CANCELLED.format(day="2027-03-01"),
        [],
        "2027-02-28",
        "overdue",
        "2026-12-31",
        -59,
        False,
        False,
    ),
    (
        "recurring-cancelled",
        {"recurs": ANNUAL},
        CANCELLED.format(day="2027-03-01"),
        [],
        "2027-03-01",
        "cancelled",
        None,
        None,
        False,
        True,
    ),
    (
        "recurring-met-override",
        {"recurs": ANNUAL},
        MET.format(day="2027-03-01"),
        [],
        "2028-06-01",
        "met",
        None,
        None,
        False,
        True,
    ),
    (
        "open-met-day-before",
        {},
        MET.format(day="2026-06-01"),
        [],
        "2026-05-31",
        "active",
        None,
        None,
        False,
        False,
    ),
    (
        "open-met",
        {},
        MET.format(day="2026-06-01"),
        [],
        "2026-06-01",
        "met",
        None,
        None,
        False,
        True,
    ),
    (
        "open-met-never-stale",
        {},
        MET.format(day="2026-06-01"),
        [],
        "2028-01-01",
        "met",
        None,
        None,
        False,
        True,
    ),
    (
        "open-cancelled",
        {},
        CANCELLED.format(day="2026-06-01"),
        [],
        "2028-01-01",
        "cancelled",
        None,
        None,
        False,
        True,
    ),
]


@pytest.mark.parametrize(
    "kind, override, meetings, as_of, status, deadline, days_left, late, overridden",
    [case[1:] for case in OVERRIDES],
    ids=[case[0] for case in OVERRIDES],
)
def test_manual_override(
    data_dir, kind, override, meetings, as_of, status, deadline, days_left, late, overridden
):
    r = row(data_dir, as_of, commitment(**kind, extra=override), meetings)
    assert (r.status, iso(r.deadline), r.days_left, r.late) == (status, deadline, days_left, late)
    assert r.override is overridden


# -- not in force --------------------------------------------------------------------------------

# (case, agreement status, extra, as_of, in force)
IN_FORCE = [
    ("default-in-force", None, "", "2026-03-01", True),
    ("in-force", "in-force", "", "2026-03-01", True),
    ("signed", "signed", "", "2026-03-01", True),
    ("superseded", "superseded", "", "2026-03-01", False),
    ("expired", "expired", "", "2026-03-01", False),
    ("terminated", "terminated", "", "2026-03-01", False),
    ("expires-last-day", None, "expires: 2026-06", "2026-06-30", True),
    ("expires-day-after", None, "expires: 2026-06", "2026-07-01", False),
    ("expires-year", None, "expires: 2026", "2026-12-31", True),
    ("expires-year-over", None, "expires: 2026", "2027-01-01", False),
]


@pytest.mark.parametrize(
    "status, extra, as_of, in_force", [c[1:] for c in IN_FORCE], ids=[c[0] for c in IN_FORCE]
)
def test_not_in_force_left_out(data_dir, status, extra, as_of, in_force):
    root = data_dir(
        [agreement("mou", SIGNED, commitment(due="2027-12-31"), extra=extra, status=status)]
    )
    shown = statuses(root, D(as_of))
    assert (REF in shown) is in_force
    everything = statuses(root, D(as_of), include_all=True)
    assert REF in everything
    assert everything[REF].in_force is in_force
    # the status itself is still computed as usual
    assert everything[REF].status == "upcoming"


# -- honest status: unverified -------------------------------------------------------------------

# (case, reviewed, as_of, review_age, unverified)
UNVERIFIED = [
    ("never-reviewed", None, "2026-03-01", 90, True),
    ("reviewed-today", "2026-04-01", "2026-04-01", 90, False),
    ("exactly-90-days", "2026-04-01", "2026-06-30", 90, False),
    ("91-days", "2026-04-01", "2026-07-01", 90, True),
    ("age-30-exactly", "2026-04-01", "2026-05-01", 30, False),
    ("age-30-plus-one", "2026-04-01", "2026-05-02", 30, True),
    ("age-365", "2026-04-01", "2026-10-01", 365, False),
    ("age-0-same-day", "2026-04-01", "2026-04-01", 0, False),
    ("age-0-next-day", "2026-04-01", "2026-04-02", 0, True),
    ("reviewed-after-as-of", "2026-04-01", "2026-03-01", 90, False),
]


@pytest.mark.parametrize(
    "reviewed, as_of, review_age, unverified",
    [c[1:] for c in UNVERIFIED],
    ids=[c[0] for c in UNVERIFIED],
)
def test_unverified(data_dir, reviewed, as_of, review_age, unverified):
    extra = f"reviewed: {reviewed}" if reviewed else ""
    r = row(data_dir, as_of, commitment(due="2027-12-31"), extra=extra, review_age=review_age)
    assert r.unverified is unverified
    assert iso(r.reviewed) == reviewed


def test_unverified_flag_is_beside_any_status(data_dir):
    # pending and met statuses carry the flag too; it is not a status of its own
    r = row(data_dir, "2026-01-04", commitment(due="2026-06-30"))
    assert (r.status, r.unverified) == ("pending", True)
    r = row(data_dir, "2026-07-01", commitment(due="2026-06-30"), [("m1", "2026-06-01")])
    assert (r.status, r.unverified) == ("met", True)


# -- alternative status under a disputed reading -----------------------------------------------


def disputed(field, value):
    return (
        f"disputed:\n  - field: {field}\n    value: {value}\n"
        "    note: The sources disagree.\n"
        "    sources:\n      - url: https://example.org/d\n        title: Other reading\n"
    )


# (case, kind-field, disputed, meetings, as_of, status, alternative)
ALTERNATIVE = [
    (
        "annual-vs-biennial-differs",
        {"recurs": ANNUAL},
        disputed("recurs", "{every: biennial, from: 2026}"),
        [],
        "2027-03-01",
        "overdue",
        "upcoming",
    ),
    (
        "annual-vs-biennial-same",
        {"recurs": ANNUAL},
        disputed("recurs", "{every: biennial, from: 2026}"),
        [],
        "2026-03-01",
        "upcoming",
        None,
    ),
    (
        "annual-vs-biennial-met",
        {"recurs": ANNUAL},
        disputed("recurs", "{every: biennial, from: 2026}"),
        [("m1", "2026-05-01")],
        "2027-03-01",
        "upcoming",
        "met",
    ),
    (
        "annual-vs-later-start-pending",
        {"recurs": ANNUAL},
        disputed("recurs", "{every: annual, from: 2027}"),
        [],
        "2026-06-01",
        "upcoming",
        "pending",
    ),
    (
        "due-disputed-upcoming",
        {"due": "2026-06-30"},
        disputed("due", "2026-12"),
        [],
        "2026-07-15",
        "overdue",
        "upcoming",
    ),
    (
        "due-disputed-due",
        {"due": "2026-06-30"},
        disputed("due", "2026-12"),
        [],
        "2026-11-15",
        "overdue",
        "due",
    ),
    (
        "due-disputed-same",
        {"due": "2026-06-30"},
        disputed("due", "2026-12"),
        [],
        "2026-03-01",
        "upcoming",
        None,
    ),
    (
        "due-disputed-both-met",
        {"due": "2026-06-30"},
        disputed("due", "2026-12"),
        [("m1", "2026-05-01")],
        "2026-07-15",
        "met",
        None,
    ),
    (
        "other-field-no-alternative",
        {"due": "2026-06-30"},
        disputed("place", "Seoul"),
        [],
        "2026-07-15",
        "overdue",
        None,
    ),
    ("no-dispute", {"due": "2026-06-30"}, "", [], "2026-07-15", "overdue", None),
    (
        "override-applies-to-both-readings",
        {"due": "2026-06-30"},
        disputed("due", "2026-12") + CANCELLED.format(day="2026-07-01"),
        [],
        "2026-07-15",
        "cancelled",
        None,
    ),
]


@pytest.mark.parametrize(
    "kind, dispute, meetings, as_of, status, alternative",
    [c[1:] for c in ALTERNATIVE],
    ids=[c[0] for c in ALTERNATIVE],
)
def test_alternative_status(data_dir, kind, dispute, meetings, as_of, status, alternative):
    r = row(data_dir, as_of, commitment(**kind, extra=dispute), meetings)
    assert (r.status, r.alternative_status) == (status, alternative)
    assert r.disputed == ((re.search(r"field: (\w+)", dispute)[1],) if dispute else ())


# -- assessment and plain fields ---------------------------------------------------------------

ASSESSMENT = """\
assessment:
  verdict: {verdict}
  date: 2026-10-01
  note: Little has happened.
  sources:
    - url: https://example.org/a
      title: An evaluation
"""


@pytest.mark.parametrize("verdict", ["kept", "partly-kept", "in-progress", "stalled", "broken"])
def test_assessment_verdict_passed_through(data_dir, verdict):
    r = row(
        data_dir,
        "2027-03-01",
        commitment(due="2026-06-30", extra=ASSESSMENT.format(verdict=verdict)),
    )
    # the assessment sits beside the computed status, never mixed with it
    assert (r.status, r.assessment) == ("overdue", verdict)


def test_plain_fields(data_dir):
    root = data_dir(
        [agreement("mou", SIGNED, commitment(due="2026-H1"), extra="reviewed: 2026-02-01")]
    )
    r = statuses(root, D("2026-03-01"))[REF]
    assert (r.ref, r.agreement, r.id, r.title, r.kind) == (REF, "mou", "c", "Commitment c", "once")
    assert r.sectors == ("climate",)
    assert r.responsible == ("kr-mcee", "cn-mee")
    assert r.due == "2026-H1"
    assert r.assessment is None
    assert r.alternative_status is None
    assert r.disputed == ()
    assert r.reviewed == D("2026-02-01")


# -- ordering and summary -----------------------------------------------------------------------


def test_urgency_order_and_summary(data_dir):
    commitments = "".join(
        [
            commitment("a", due="2026-06-30"),  # overdue, deadline 06-30
            commitment("b", due="2026-03-31"),  # overdue, deadline 03-31
            commitment("c", due="2026-08-01"),  # due (31 days)
            commitment("d"),  # active (signed 2026-01-05)
            commitment("e", due="2026-12-31"),  # upcoming, 12-31
            commitment("f", due="2026-05-01"),  # met
            commitment("g", recurs=ANNUAL),  # upcoming, 12-31
            commitment("h", review="3 months"),  # stale
            commitment("i", due="2026-09-30"),  # scheduled
            commitment("j", due="2026-11-30"),  # upcoming, 11-30
        ]
    )
    root = data_dir(
        [agreement("mou", SIGNED, commitments)],
        [
            meeting("m1", "2026-04-20", ["mou/f"]),
            meeting("m2", "2026-09-01", ["mou/i"], status="scheduled"),
        ],
    )
    data = load_valid(root)
    rows = compute(data.agreements.values(), data.meetings.values(), D("2026-07-01"))
    assert [(r.id, r.status) for r in rows] == [
        ("b", "overdue"),
        ("a", "overdue"),
        ("c", "due"),
        ("h", "stale"),
        ("i", "scheduled"),
        ("j", "upcoming"),
        ("e", "upcoming"),
        ("g", "upcoming"),
        ("d", "active"),
        ("f", "met"),
    ]
    assert summary(rows) == {
        "overdue": 2,
        "due": 1,
        "stale": 1,
        "scheduled": 1,
        "upcoming": 3,
        "active": 1,
        "pending": 0,
        "met": 1,
        "ended": 0,
        "cancelled": 0,
        "superseded": 0,
    }


# -- properties ----------------------------------------------------------------------------------

PROP_COMMITMENTS = "".join(
    [
        commitment("once", due="2026-06-30"),
        commitment("annual", recurs=ANNUAL),
        commitment("quarterly", recurs="{every: quarterly, from: 2026-Q1}"),
        commitment("open", review="3 months"),
    ]
)


@pytest.fixture(scope="module")
def prop_agreement(tmp_path_factory):
    root = write_data(
        tmp_path_factory.mktemp("prop") / "data", [agreement("prop", SIGNED, PROP_COMMITMENTS)]
    )
    return load_valid(root).agreements["prop"]


def partial_text(draw_year, kind, sub):
    if kind == "year":
        return str(draw_year)
    if kind == "half":
        return f"{draw_year}-H{sub % 2 + 1}"
    if kind == "quarter":
        return f"{draw_year}-Q{sub % 4 + 1}"
    if kind == "month":
        return f"{draw_year}-{sub % 12 + 1:02d}"
    return f"{draw_year}-{sub % 12 + 1:02d}-{sub % 28 + 1:02d}"


partial_dates = st.builds(
    partial_text,
    st.integers(2000, 2040),
    st.sampled_from(["year", "half", "quarter", "month", "day"]),
    st.integers(0, 1000),
)
durations = st.one_of(
    st.sampled_from(["annual", "biennial", "semiannual", "quarterly", "monthly"]),
    st.builds(
        lambda n, u: f"{n} {u}{'s' if n > 1 else ''}",
        st.integers(1, 5),
        st.sampled_from(["year", "month"]),
    ),
    st.builds(lambda n: f"{n} months", st.integers(1, 40)),
)


def first_of_month_plus(day, months):
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@settings(max_examples=60, deadline=None)
@given(every=durations, start=partial_dates, offset=st.integers(0, 15000))
def test_every_day_lies_in_exactly_one_period(every, start, offset):
    duration, begin = parse_duration(every), parse_partial_date(start)
    series = Series(every=duration, start=begin)
    # N years start on 1 January of the from year, N months on the from month's 1st
    yearly = every in ("annual", "biennial") or "year" in every
    base = date(begin.first.year, 1, 1) if yearly else date(begin.first.year, begin.first.month, 1)
    months = duration.months
    day = base + timedelta(days=offset)
    index = series.index_of(day)
    assert index is not None
    period = series.period(index)
    assert series.holding(day) == period
    assert period.start <= day <= period.end
    # back to back, calendar aligned, each exactly `every` long
    assert period.start == first_of_month_plus(base, index * months)
    assert period.end == first_of_month_plus(base, (index + 1) * months) - timedelta(days=1)
    after = series.period(index + 1)
    assert after.start == period.end + timedelta(days=1) and after.start > day
    if index > 0:
        before = series.period(index - 1)
        assert before.end + timedelta(days=1) == period.start and before.end < day
    else:
        assert series.index_of(base - timedelta(days=1)) is None
    # the label follows the documented rules
    s = period.start
    if s.month == 1 and months % 12 == 0:
        years = months // 12
        expected = str(s.year) if years == 1 else f"{s.year}-{s.year + years - 1}"
    elif months == 1:
        expected = f"{s.year}-{s.month:02d}"
    elif months == 3 and s.month in (1, 4, 7, 10):
        expected = f"{s.year}-Q{(s.month - 1) // 3 + 1}"
    elif months == 6 and s.month in (1, 7):
        expected = f"{s.year}-H{1 if s.month == 1 else 2}"
    else:
        expected = f"{s.year}-{s.month:02d}..{period.end.year}-{period.end.month:02d}"
    assert period.label == expected


@settings(max_examples=60, deadline=None)
@given(
    every=durations, start=partial_dates, span=st.integers(0, 6000), offset=st.integers(0, 15000)
)
def test_until_ends_the_series_with_the_period_holding_its_last_day(every, start, span, offset):
    begin = parse_partial_date(start)
    until_day = begin.last + timedelta(days=span)
    series = Series(every=parse_duration(every), start=begin, until=parse_partial_date(until_day))
    # independently: the period holding until's last day, counted in whole months from the base
    yearly = every in ("annual", "biennial") or "year" in every
    base = date(begin.first.year, 1, 1) if yearly else date(begin.first.year, begin.first.month, 1)
    n = parse_duration(every).months
    k = ((until_day.year - base.year) * 12 + until_day.month - base.month) // n
    last_end = first_of_month_plus(base, (k + 1) * n) - timedelta(days=1)
    day = base + timedelta(days=offset)
    held = series.index_of(day)
    if day <= last_end:
        assert held is not None and series.period(held).start <= day <= series.period(held).end
    else:
        assert held is None


RANK = {"pending": 0, "upcoming": 1, "due": 2, "overdue": 3}


@settings(max_examples=60, deadline=None)
@given(
    due=st.builds(
        partial_text,
        st.integers(2026, 2029),
        st.sampled_from(["year", "half", "quarter", "month", "day"]),
        st.integers(0, 1000),
    ),
    window=st.integers(0, 400),
    offsets=st.lists(st.integers(-30, 2000), min_size=2, max_size=12),
)
def test_one_off_without_meetings_never_goes_back(prop_agreement, due, window, offsets):
    commitment_ = next(c for c in prop_agreement.commitments if c.id == "once")
    commitment_ = replace(commitment_, due=parse_partial_date(due))
    agreement_ = replace(prop_agreement, commitments=[commitment_])
    deadline = parse_partial_date(due).last
    seen = []
    for offset in sorted(offsets):
        as_of = D(SIGNED) + timedelta(days=offset)
        (r,) = compute([agreement_], [], as_of, window=window)
        assert r.status in RANK
        if as_of < D(SIGNED):
            expected = "pending"
        elif deadline < as_of:
            expected = "overdue"
        elif (deadline - as_of).days <= window:
            expected = "due"
        else:
            expected = "upcoming"
        assert r.status == expected
        seen.append(RANK[r.status])
    assert seen == sorted(seen)


meeting_specs = st.lists(
    st.tuples(
        st.integers(0, 4 * 365), st.sampled_from(["held", "scheduled", "postponed", "cancelled"])
    ),
    max_size=4,
)


def make_meeting(ident, day, status, ref, period=None):
    item = {"ref": ref, "period": period} if period is not None else ref
    return validator(Meeting).validate_python(
        {
            "id": ident,
            "title": "A meeting",
            "date": day,
            "status": status,
            "parties": ["kr-mcee"],
            "fulfils": [item],
        }
    )


def earlier_period(which, day, back):
    """A `period:` naming the period `back` periods before the one holding `day` (or None)."""
    if back is None or which not in ("annual", "quarterly"):
        return None
    if which == "annual":
        return day.year - back if day.year - back >= 2026 else None
    quarter = day.year * 4 + (day.month - 1) // 3 - back
    return f"{quarter // 4}-Q{quarter % 4 + 1}" if quarter // 4 >= 2026 else None


@settings(max_examples=60, deadline=None)
@given(
    which=st.sampled_from(["once", "annual", "quarterly", "open"]),
    specs=meeting_specs,
    extra_day=st.integers(0, 4 * 365),
    back=st.none() | st.integers(0, 3),
    as_of_offset=st.integers(-10, 5 * 365),
    window=st.integers(0, 120),
)
def test_a_held_meeting_never_makes_a_status_worse(
    prop_agreement, which, specs, extra_day, back, as_of_offset, window
):
    start = D("2026-01-01")
    ref = f"prop/{which}"
    meetings = [
        make_meeting(f"m{i}", start + timedelta(days=d), s, ref) for i, (d, s) in enumerate(specs)
    ]
    extra_date = start + timedelta(days=extra_day)
    extra = make_meeting("extra", extra_date, "held", ref, earlier_period(which, extra_date, back))
    as_of = D(SIGNED) + timedelta(days=as_of_offset)

    def status_with(ms):
        return {r.ref: r.status for r in compute([prop_agreement], ms, as_of, window=window)}[ref]

    before, after = status_with(meetings), status_with([*meetings, extra])
    # the documented urgency order: a lower index is worse (more urgent)
    assert ORDER.index(after) >= ORDER.index(before), (before, after)
    if extra_date > as_of:
        assert after == before  # a meeting after as-of does not count yet
