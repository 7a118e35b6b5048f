"""The status engine against values worked out by hand from the status rules
(docs/reference/statuses.md). Every expected value here was derived from the rules,
never by running the engine.
Day counts were checked with plain `datetime` arithmetic only.

Default fixture: agreement `mou` signed 2026-01-05, one commitment `c` (ref `mou/c`).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from dataclasses import KW_ONLY, dataclass, field, replace
from datetime import date, timedelta
from typing import Any

import pytest
from conftest import agreement, load_valid, meeting, statuses, write_data
from hypothesis import given, settings
from hypothesis import strategies as st

from kcbilat.core.dates import parse_duration, parse_partial_date
from kcbilat.core.periods import Series
from kcbilat.core.records import Meeting
from kcbilat.core.vocabulary import ORDER
from kcbilat.read.models import validator
from kcbilat.status.engine import compute
from kcbilat.status.rows import summary

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


@dataclass(frozen=True)
class Once:
    """A one-off commitment `c` (`due`) seen on `as_of`, and the row expected for it."""

    name: str
    _: KW_ONLY
    signed: str | None = SIGNED
    due: str = "2026-06-30"
    meetings: Sequence[tuple] = ()
    as_of: str
    window: int = 60
    # expected
    status: str
    deadline: str | None = None
    days_left: int | None = None
    late: bool = False


ONCE = [
    # 2. pending before the signing (its first day)
    Once("pending-day-before-signing", as_of="2026-01-04", status="pending"),
    Once(
        "signing-day-not-pending",
        as_of="2026-01-05",
        status="upcoming",
        deadline="2026-06-30",
        days_left=176,
    ),
    Once(
        "pending-beats-met", meetings=[("m1", "2026-01-02")], as_of="2026-01-04", status="pending"
    ),
    Once("met-from-signing-day", meetings=[("m1", "2026-01-02")], as_of="2026-01-05", status="met"),
    Once("signed-month-pending", signed="2026-03", as_of="2026-02-28", status="pending"),
    Once(
        "signed-month-first-day",
        signed="2026-03",
        as_of="2026-03-01",
        status="upcoming",
        deadline="2026-06-30",
        days_left=121,
    ),
    Once("signed-year-pending", signed="2026", as_of="2025-12-31", status="pending"),
    Once(
        "signed-year-first-day",
        signed="2026",
        as_of="2026-01-01",
        status="upcoming",
        deadline="2026-06-30",
        days_left=180,
    ),
    Once(
        "unsigned-never-pending",
        signed=None,
        as_of="2026-01-01",
        status="upcoming",
        deadline="2026-06-30",
        days_left=180,
    ),
    # 3. met; late when the (earliest) meeting is after the deadline
    Once("met-on-deadline-day", meetings=[("m1", "2026-06-30")], as_of="2026-07-10", status="met"),
    Once(
        "met-late-day-after-deadline",
        meetings=[("m1", "2026-07-01")],
        as_of="2026-07-10",
        status="met",
        late=True,
    ),
    Once(
        "earliest-decides-on-time",
        meetings=[("a-late", "2026-07-15"), ("b-early", "2026-06-20")],
        as_of="2026-08-01",
        status="met",
    ),
    Once(
        "earliest-decides-late",
        meetings=[("a", "2026-08-20"), ("b", "2026-07-15")],
        as_of="2026-09-01",
        status="met",
        late=True,
    ),
    Once(
        "meeting-after-as-of-ignored",
        meetings=[("m1", "2026-06-20")],
        as_of="2026-06-19",
        status="due",
        deadline="2026-06-30",
        days_left=11,
    ),
    Once(
        "meeting-on-as-of-counts", meetings=[("m1", "2026-06-20")], as_of="2026-06-20", status="met"
    ),
    Once(
        "late-meeting-not-yet-held",
        meetings=[("m1", "2026-07-20")],
        as_of="2026-07-19",
        status="overdue",
        deadline="2026-06-30",
        days_left=-19,
    ),
    Once(
        "postponed-does-not-fulfil",
        meetings=[("m1", "2026-06-10", "postponed")],
        as_of="2026-07-01",
        status="overdue",
        deadline="2026-06-30",
        days_left=-1,
    ),
    Once(
        "cancelled-does-not-fulfil",
        meetings=[("m1", "2026-06-10", "cancelled")],
        as_of="2026-07-01",
        status="overdue",
        deadline="2026-06-30",
        days_left=-1,
    ),
    Once(
        "postponed-is-no-plan",
        meetings=[("m1", "2026-06-20", "postponed")],
        as_of="2026-06-01",
        status="due",
        deadline="2026-06-30",
        days_left=29,
    ),
    Once(
        "cancelled-is-no-plan",
        meetings=[("m1", "2026-06-20", "cancelled")],
        as_of="2026-03-01",
        status="upcoming",
        deadline="2026-06-30",
        days_left=121,
    ),
    # 4. overdue: the deadline itself is not overdue, the day after is
    Once(
        "deadline-day-not-overdue",
        as_of="2026-06-30",
        status="due",
        deadline="2026-06-30",
        days_left=0,
    ),
    Once(
        "day-after-deadline-overdue",
        as_of="2026-07-01",
        status="overdue",
        deadline="2026-06-30",
        days_left=-1,
    ),
    Once(
        "long-overdue", as_of="2027-01-01", status="overdue", deadline="2026-06-30", days_left=-185
    ),
    Once(
        "overdue-beats-plan",
        meetings=[("m1", "2026-07-20", "scheduled")],
        as_of="2026-07-01",
        status="overdue",
        deadline="2026-06-30",
        days_left=-1,
    ),
    # 5. scheduled; planned late when the plan's first day is after the deadline
    Once(
        "scheduled",
        meetings=[("m1", "2026-06-20", "scheduled")],
        as_of="2026-03-01",
        status="scheduled",
        deadline="2026-06-30",
        days_left=121,
    ),
    Once(
        "scheduled-beats-due",
        meetings=[("m1", "2026-06-20", "scheduled")],
        as_of="2026-06-01",
        status="scheduled",
        deadline="2026-06-30",
        days_left=29,
    ),
    Once(
        "plan-on-its-own-day",
        meetings=[("m1", "2026-06-20", "scheduled")],
        as_of="2026-06-20",
        status="scheduled",
        deadline="2026-06-30",
        days_left=10,
    ),
    Once(
        "plan-day-counts",
        due="2026-12-31",
        meetings=[("m1", "2026-06-15", "scheduled")],
        as_of="2026-06-15",
        status="scheduled",
        deadline="2026-12-31",
        days_left=199,
    ),
    Once(
        "past-plan-counts-for-nothing",
        due="2026-12-31",
        meetings=[("m1", "2026-06-15", "scheduled")],
        as_of="2026-06-16",
        status="upcoming",
        deadline="2026-12-31",
        days_left=198,
    ),
    Once(
        "partial-plan-until-last-day",
        due="2026-12-31",
        meetings=[("m1", "2026-06", "scheduled")],
        as_of="2026-06-30",
        status="scheduled",
        deadline="2026-12-31",
        days_left=184,
    ),
    Once(
        "partial-plan-over",
        due="2026-12-31",
        meetings=[("m1", "2026-06", "scheduled")],
        as_of="2026-07-01",
        status="upcoming",
        deadline="2026-12-31",
        days_left=183,
    ),
    Once(
        "planned-late-month",
        meetings=[("m1", "2026-07", "scheduled")],
        as_of="2026-03-01",
        status="scheduled",
        deadline="2026-06-30",
        days_left=121,
        late=True,
    ),
    Once(
        "planned-late-half",
        meetings=[("m1", "2026-H2", "scheduled")],
        as_of="2026-03-01",
        status="scheduled",
        deadline="2026-06-30",
        days_left=121,
        late=True,
    ),
    Once(
        "planned-late-day-after",
        meetings=[("m1", "2026-07-01", "scheduled")],
        as_of="2026-03-01",
        status="scheduled",
        deadline="2026-06-30",
        days_left=121,
        late=True,
    ),
    Once(
        "planned-on-deadline-not-late",
        meetings=[("m1", "2026-06-30", "scheduled")],
        as_of="2026-03-01",
        status="scheduled",
        deadline="2026-06-30",
        days_left=121,
    ),
    Once(
        "planned-year-first-day-not-late",
        meetings=[("m1", "2026", "scheduled")],
        as_of="2026-03-01",
        status="scheduled",
        deadline="2026-06-30",
        days_left=121,
    ),
    Once(
        "earliest-plan-decides",
        meetings=[("a", "2026-07-10", "scheduled"), ("b", "2026-06-10", "scheduled")],
        as_of="2026-03-01",
        status="scheduled",
        deadline="2026-06-30",
        days_left=121,
    ),
    # 6./7. due within the window, else upcoming
    Once("window-first-day", as_of="2026-05-01", status="due", deadline="2026-06-30", days_left=60),
    Once(
        "window-day-before",
        as_of="2026-04-30",
        status="upcoming",
        deadline="2026-06-30",
        days_left=61,
    ),
    Once(
        "window-10-first-day",
        as_of="2026-06-20",
        window=10,
        status="due",
        deadline="2026-06-30",
        days_left=10,
    ),
    Once(
        "window-10-day-before",
        as_of="2026-06-19",
        window=10,
        status="upcoming",
        deadline="2026-06-30",
        days_left=11,
    ),
    Once(
        "window-0-deadline",
        as_of="2026-06-30",
        window=0,
        status="due",
        deadline="2026-06-30",
        days_left=0,
    ),
    Once(
        "window-0-day-before",
        as_of="2026-06-29",
        window=0,
        status="upcoming",
        deadline="2026-06-30",
        days_left=1,
    ),
    Once(
        "window-365",
        as_of="2026-01-05",
        window=365,
        status="due",
        deadline="2026-06-30",
        days_left=176,
    ),
]


@pytest.mark.parametrize("case", ONCE, ids=[case.name for case in ONCE])
def test_one_off(data_dir, case):
    r = row(
        data_dir,
        case.as_of,
        commitment(due=case.due),
        case.meetings,
        signed=case.signed,
        window=case.window,
    )
    expected = (case.status, case.deadline, case.days_left, case.late)
    assert (r.status, iso(r.deadline), r.days_left, r.late) == expected
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


@dataclass(frozen=True)
class Recurring:
    """A recurring commitment `c` (`recurs`) seen on `as_of`, and the row expected for it."""

    name: str
    _: KW_ONLY
    recurs: str = ANNUAL
    signed: str | None = SIGNED
    meetings: Sequence[tuple] = ()
    as_of: str
    window: int = 60
    # expected
    status: str
    deadline: str | None = None
    days_left: int | None = None
    record: dict[str, Any] = field(default_factory=lambda: ZEROS)
    periods: Sequence[tuple] = ()  # as periods_of() gives them, built with P()


RECURRING = [
    # pending: before the signing or before the first period
    Recurring("pending-day-before-signing", as_of="2026-01-04", status="pending"),
    Recurring(
        "signing-day",
        as_of="2026-01-05",
        status="upcoming",
        deadline="2026-12-31",
        days_left=360,
        periods=[P(*Y2026)],
    ),
    Recurring(
        "from-june-current-on-jan-1",
        recurs="{every: annual, from: 2026-06}",
        signed="2025-12-01",
        as_of="2026-01-01",
        status="upcoming",
        deadline="2026-12-31",
        days_left=364,
        periods=[P(*Y2026)],
    ),
    Recurring(
        "from-june-pending-dec-31",
        recurs="{every: annual, from: 2026-06}",
        signed="2025-12-01",
        as_of="2025-12-31",
        status="pending",
    ),
    Recurring(
        "spec-1-year-from-2027-06",
        recurs="{every: 1 year, from: 2027-06}",
        as_of="2027-01-01",
        status="upcoming",
        deadline="2027-12-31",
        days_left=364,
        periods=[P(*Y2027)],
    ),
    Recurring(
        "spec-1-year-from-2027-06-pending",
        recurs="{every: 1 year, from: 2027-06}",
        as_of="2026-12-31",
        status="pending",
    ),
    Recurring("signed-month-pending", signed="2026-06", as_of="2026-05-31", status="pending"),
    Recurring(
        "signed-month-first-day",
        signed="2026-06",
        as_of="2026-06-01",
        status="upcoming",
        deadline="2026-12-31",
        days_left=213,
        periods=[P(*Y2026)],
    ),
    # met
    Recurring(
        "met",
        meetings=[("m1", "2026-05-10")],
        as_of="2026-06-01",
        status="met",
        record={"met": 1, "ended": 1, "missed": []},
        periods=[P(*Y2026, "met", False, ["m1"])],
    ),
    Recurring(
        "met-on-the-day",
        meetings=[("m1", "2026-05-10")],
        as_of="2026-05-10",
        status="met",
        record={"met": 1, "ended": 1, "missed": []},
        periods=[P(*Y2026, "met", False, ["m1"])],
    ),
    Recurring(
        "meeting-after-as-of-ignored",
        meetings=[("m1", "2026-05-10")],
        as_of="2026-05-09",
        status="upcoming",
        deadline="2026-12-31",
        days_left=236,
        periods=[P(*Y2026)],
    ),
    Recurring(
        "postponed-does-not-count",
        meetings=[("m1", "2026-05-10", "postponed")],
        as_of="2026-06-01",
        status="upcoming",
        deadline="2026-12-31",
        days_left=213,
        periods=[P(*Y2026)],
    ),
    Recurring(
        "cancelled-does-not-count",
        meetings=[("m1", "2026-05-10", "cancelled")],
        as_of="2027-01-01",
        status="overdue",
        deadline="2026-12-31",
        days_left=-1,
        record={"met": 0, "ended": 1, "missed": ["2026"]},
        periods=[P(*Y2026, "missed"), P(*Y2027)],
    ),
    Recurring(
        "current-met-despite-missed",
        meetings=[("m1", "2027-02-01")],
        as_of="2027-03-01",
        status="met",
        record={"met": 1, "ended": 2, "missed": ["2026"]},
        periods=[P(*Y2026, "missed"), P(*Y2027, "met", False, ["m1"])],
    ),
    # due / upcoming against the current period's end
    Recurring(
        "last-day-of-period",
        as_of="2026-12-31",
        status="due",
        deadline="2026-12-31",
        days_left=0,
        periods=[P(*Y2026)],
    ),
    Recurring(
        "window-first-day",
        as_of="2026-11-01",
        status="due",
        deadline="2026-12-31",
        days_left=60,
        periods=[P(*Y2026)],
    ),
    Recurring(
        "window-day-before",
        as_of="2026-10-31",
        status="upcoming",
        deadline="2026-12-31",
        days_left=61,
        periods=[P(*Y2026)],
    ),
    Recurring(
        "window-30-first-day",
        as_of="2026-12-01",
        window=30,
        status="due",
        deadline="2026-12-31",
        days_left=30,
        periods=[P(*Y2026)],
    ),
    Recurring(
        "window-30-day-before",
        as_of="2026-11-30",
        window=30,
        status="upcoming",
        deadline="2026-12-31",
        days_left=31,
        periods=[P(*Y2026)],
    ),
    # overdue: the previous period was missed; deadline = its end
    Recurring(
        "overdue-day-after",
        as_of="2027-01-01",
        status="overdue",
        deadline="2026-12-31",
        days_left=-1,
        record={"met": 0, "ended": 1, "missed": ["2026"]},
        periods=[P(*Y2026, "missed"), P(*Y2027)],
    ),
    Recurring(
        "overdue-march",
        as_of="2027-03-01",
        status="overdue",
        deadline="2026-12-31",
        days_left=-60,
        record={"met": 0, "ended": 1, "missed": ["2026"]},
        periods=[P(*Y2026, "missed"), P(*Y2027)],
    ),
    Recurring(
        "two-missed",
        as_of="2028-01-10",
        status="overdue",
        deadline="2027-12-31",
        days_left=-10,
        record={"met": 0, "ended": 2, "missed": ["2026", "2027"]},
        periods=[P(*Y2026, "missed"), P(*Y2027, "missed"), P(*Y2028)],
    ),
    Recurring(
        "previous-met-older-missed",
        meetings=[("m1", "2027-06-01")],
        as_of="2028-01-10",
        status="upcoming",
        deadline="2028-12-31",
        days_left=356,
        record={"met": 1, "ended": 2, "missed": ["2026"]},
        periods=[P(*Y2026, "missed"), P(*Y2027, "met", False, ["m1"]), P(*Y2028)],
    ),
    # a meeting held late for the previous period, with `period:`
    Recurring(
        "late-for-previous-period",
        meetings=[("m1", "2027-02-10", "held", 2026)],
        as_of="2027-03-01",
        status="upcoming",
        deadline="2027-12-31",
        days_left=305,
        record={"met": 1, "ended": 1, "missed": []},
        periods=[P(*Y2026, "met", True, ["m1"]), P(*Y2027)],
    ),
    Recurring(
        "late-meeting-not-yet-held",
        meetings=[("m1", "2027-02-10", "held", 2026)],
        as_of="2027-02-09",
        status="overdue",
        deadline="2026-12-31",
        days_left=-40,
        record={"met": 0, "ended": 1, "missed": ["2026"]},
        periods=[P(*Y2026, "missed"), P(*Y2027)],
    ),
    Recurring(
        "late-by-partial-date-period",
        meetings=[("m1", "2027-02-10", "held", "2026-12")],
        as_of="2027-03-01",
        status="upcoming",
        deadline="2027-12-31",
        days_left=305,
        record={"met": 1, "ended": 1, "missed": []},
        periods=[P(*Y2026, "met", True, ["m1"]), P(*Y2027)],
    ),
    Recurring(
        "earliest-meeting-decides-period-late",
        meetings=[("a", "2027-02-10", "held", 2026), ("b", "2026-12-01")],
        as_of="2027-03-01",
        status="upcoming",
        deadline="2027-12-31",
        days_left=305,
        record={"met": 1, "ended": 1, "missed": []},
        periods=[P(*Y2026, "met", False, ["a", "b"]), P(*Y2027)],
    ),
    # scheduled
    Recurring(
        "scheduled-current",
        meetings=[("m1", "2026-11", "scheduled")],
        as_of="2026-03-01",
        status="scheduled",
        deadline="2026-12-31",
        days_left=305,
        periods=[P(*Y2026)],
    ),
    Recurring(
        "scheduled-beats-due",
        meetings=[("m1", "2027-01-15", "scheduled", 2026)],
        as_of="2026-11-15",
        status="scheduled",
        deadline="2026-12-31",
        days_left=46,
        periods=[P(*Y2026)],
    ),
    Recurring(
        "plan-for-next-period-is-not-scheduled",
        meetings=[("m1", "2027-02", "scheduled")],
        as_of="2026-11-15",
        status="due",
        deadline="2026-12-31",
        days_left=46,
        periods=[P(*Y2026)],
    ),
    Recurring(
        "overdue-beats-plan",
        meetings=[("m1", "2027-03", "scheduled")],
        as_of="2027-01-05",
        status="overdue",
        deadline="2026-12-31",
        days_left=-5,
        record={"met": 0, "ended": 1, "missed": ["2026"]},
        periods=[P(*Y2026, "missed"), P(*Y2027)],
    ),
    Recurring(
        "plan-on-its-day",
        meetings=[("m1", "2026-03-10", "scheduled")],
        as_of="2026-03-10",
        status="scheduled",
        deadline="2026-12-31",
        days_left=296,
        periods=[P(*Y2026)],
    ),
    Recurring(
        "past-plan-counts-for-nothing",
        meetings=[("m1", "2026-03-10", "scheduled")],
        as_of="2026-03-11",
        status="upcoming",
        deadline="2026-12-31",
        days_left=295,
        periods=[P(*Y2026)],
    ),
    # period shapes and labels
    Recurring(
        "18-months-first-period",
        recurs="{every: 18 months, from: 2026-11}",
        as_of="2026-11-01",
        status="upcoming",
        deadline="2028-04-30",
        days_left=546,
        periods=[P(*M18A)],
    ),
    Recurring(
        "18-months-pending",
        recurs="{every: 18 months, from: 2026-11}",
        as_of="2026-10-31",
        status="pending",
    ),
    Recurring(
        "18-months-crossing-years",
        recurs="{every: 18 months, from: 2026-11}",
        as_of="2028-05-01",
        status="overdue",
        deadline="2028-04-30",
        days_left=-1,
        record={"met": 0, "ended": 1, "missed": ["2026-11..2028-04"]},
        periods=[P(*M18A, "missed"), P(*M18B)],
    ),
    Recurring(
        "quarterly-pending",
        recurs="{every: quarterly, from: 2026-Q2}",
        as_of="2026-03-31",
        status="pending",
    ),
    Recurring(
        "quarterly-first-day",
        recurs="{every: quarterly, from: 2026-Q2}",
        as_of="2026-04-01",
        status="upcoming",
        deadline="2026-06-30",
        days_left=90,
        periods=[P("2026-Q2", "2026-04-01", "2026-06-30")],
    ),
    Recurring(
        "quarterly-window",
        recurs="{every: quarterly, from: 2026-Q2}",
        as_of="2026-05-01",
        status="due",
        deadline="2026-06-30",
        days_left=60,
        periods=[P("2026-Q2", "2026-04-01", "2026-06-30")],
    ),
    Recurring(
        "quarterly-missed",
        recurs="{every: quarterly, from: 2026-Q2}",
        as_of="2026-07-01",
        status="overdue",
        deadline="2026-06-30",
        days_left=-1,
        record={"met": 0, "ended": 1, "missed": ["2026-Q2"]},
        periods=[
            P("2026-Q2", "2026-04-01", "2026-06-30", "missed"),
            P("2026-Q3", "2026-07-01", "2026-09-30"),
        ],
    ),
    Recurring(
        "quarterly-from-may",
        recurs="{every: quarterly, from: 2026-05}",
        as_of="2026-05-01",
        status="upcoming",
        deadline="2026-07-31",
        days_left=91,
        periods=[P("2026-05..2026-07", "2026-05-01", "2026-07-31")],
    ),
    Recurring(
        "3-months-from-january",
        recurs="{every: 3 months, from: 2026-01}",
        as_of="2026-02-01",
        status="due",
        deadline="2026-03-31",
        days_left=58,
        periods=[P("2026-Q1", "2026-01-01", "2026-03-31")],
    ),
    Recurring(
        "semiannual-h2",
        recurs="{every: semiannual, from: 2026-H2}",
        as_of="2027-01-01",
        status="overdue",
        deadline="2026-12-31",
        days_left=-1,
        record={"met": 0, "ended": 1, "missed": ["2026-H2"]},
        periods=[
            P("2026-H2", "2026-07-01", "2026-12-31", "missed"),
            P("2027-H1", "2027-01-01", "2027-06-30"),
        ],
    ),
    Recurring(
        "semiannual-from-march",
        recurs="{every: semiannual, from: 2026-03}",
        as_of="2026-03-01",
        status="upcoming",
        deadline="2026-08-31",
        days_left=183,
        periods=[P("2026-03..2026-08", "2026-03-01", "2026-08-31")],
    ),
    Recurring(
        "6-months-from-april",
        recurs="{every: 6 months, from: 2026-04}",
        as_of="2026-04-01",
        status="upcoming",
        deadline="2026-09-30",
        days_left=182,
        periods=[P("2026-04..2026-09", "2026-04-01", "2026-09-30")],
    ),
    Recurring(
        "monthly-missed",
        recurs="{every: monthly, from: 2026-06}",
        as_of="2026-07-15",
        status="overdue",
        deadline="2026-06-30",
        days_left=-15,
        record={"met": 0, "ended": 1, "missed": ["2026-06"]},
        periods=[
            P("2026-06", "2026-06-01", "2026-06-30", "missed"),
            P("2026-07", "2026-07-01", "2026-07-31"),
        ],
    ),
    Recurring(
        "monthly-from-mid-month-not-pending",
        recurs="{every: monthly, from: 2026-06-15}",
        as_of="2026-06-01",
        status="due",
        deadline="2026-06-30",
        days_left=29,
        periods=[P("2026-06", "2026-06-01", "2026-06-30")],
    ),
    Recurring(
        "biennial-first",
        recurs="{every: biennial, from: 2026}",
        as_of="2026-03-01",
        status="upcoming",
        deadline="2027-12-31",
        days_left=670,
        periods=[P(*BI1)],
    ),
    Recurring(
        "biennial-missed",
        recurs="{every: biennial, from: 2026}",
        as_of="2028-04-01",
        status="overdue",
        deadline="2027-12-31",
        days_left=-92,
        record={"met": 0, "ended": 1, "missed": ["2026-2027"]},
        periods=[P(*BI1, "missed"), P(*BI2)],
    ),
    Recurring(
        "biennial-period-2027-names-2026-2027",
        recurs="{every: biennial, from: 2026}",
        meetings=[("m1", "2028-03-01", "held", 2027)],
        as_of="2028-04-01",
        status="upcoming",
        deadline="2029-12-31",
        days_left=639,
        record={"met": 1, "ended": 1, "missed": []},
        periods=[P(*BI1, "met", True, ["m1"]), P(*BI2)],
    ),
    Recurring(
        "biennial-period-by-label",
        recurs="{every: biennial, from: 2026}",
        meetings=[("m1", "2027-05-01", "held", "2026-2027")],
        as_of="2027-06-01",
        status="met",
        record={"met": 1, "ended": 1, "missed": []},
        periods=[P(*BI1, "met", False, ["m1"])],
    ),
    Recurring(
        "2-years-from-june-aligned-to-january",
        recurs="{every: 2 years, from: 2026-06}",
        as_of="2026-03-01",
        status="upcoming",
        deadline="2027-12-31",
        days_left=670,
        periods=[P(*BI1)],
    ),
    Recurring(
        "24-months-from-january-labelled-in-years",
        recurs="{every: 24 months, from: 2026-01}",
        as_of="2026-03-01",
        status="upcoming",
        deadline="2027-12-31",
        days_left=670,
        periods=[P(*BI1)],
    ),
    Recurring(
        "12-months-from-march",
        recurs="{every: 12 months, from: 2026-03}",
        as_of="2026-03-01",
        status="upcoming",
        deadline="2027-02-28",
        days_left=364,
        periods=[P("2026-03..2027-02", "2026-03-01", "2027-02-28")],
    ),
    # periods before the signing do not exist
    Recurring(
        "monthly-signed-mid-year-pending",
        recurs="{every: monthly, from: 2026}",
        signed="2026-03-10",
        as_of="2026-03-09",
        status="pending",
    ),
    Recurring(
        "monthly-signed-mid-year-first-period",
        recurs="{every: monthly, from: 2026}",
        signed="2026-03-10",
        as_of="2026-03-10",
        status="due",
        deadline="2026-03-31",
        days_left=21,
        periods=[P("2026-03", "2026-03-01", "2026-03-31")],
    ),
    Recurring(
        "monthly-signed-mid-year-missed",
        recurs="{every: monthly, from: 2026}",
        signed="2026-03-10",
        as_of="2026-04-05",
        status="overdue",
        deadline="2026-03-31",
        days_left=-5,
        record={"met": 0, "ended": 1, "missed": ["2026-03"]},
        periods=[
            P("2026-03", "2026-03-01", "2026-03-31", "missed"),
            P("2026-04", "2026-04-01", "2026-04-30"),
        ],
    ),
    Recurring(
        "meeting-before-signing-in-first-period",
        meetings=[("m1", "2026-01-02")],
        as_of="2026-01-05",
        status="met",
        record={"met": 1, "ended": 1, "missed": []},
        periods=[P(*Y2026, "met", False, ["m1"])],
    ),
    Recurring(
        "meeting-in-period-before-signing-ignored",
        recurs="{every: monthly, from: 2026}",
        signed="2026-03-10",
        meetings=[("m1", "2026-02-15")],
        as_of="2026-03-20",
        status="due",
        deadline="2026-03-31",
        days_left=11,
        periods=[P("2026-03", "2026-03-01", "2026-03-31")],
    ),
    # until: the series ends with the period holding until's last day
    Recurring(
        "until-last-period-current",
        recurs="{every: annual, from: 2026, until: 2027}",
        meetings=[("m1", "2026-06-01")],
        as_of="2027-12-31",
        status="due",
        deadline="2027-12-31",
        days_left=0,
        record={"met": 1, "ended": 1, "missed": []},
        periods=[P(*Y2026, "met", False, ["m1"]), P(*Y2027)],
    ),
    Recurring(
        "until-ended",
        recurs="{every: annual, from: 2026, until: 2027}",
        meetings=[("m1", "2026-06-01")],
        as_of="2028-01-01",
        status="ended",
        record={"met": 1, "ended": 2, "missed": ["2027"]},
        periods=[P(*Y2026, "met", False, ["m1"]), P(*Y2027, "missed")],
    ),
    Recurring(
        "until-month-inside-last-year",
        recurs="{every: annual, from: 2026, until: 2027-03}",
        as_of="2027-12-31",
        status="overdue",
        deadline="2026-12-31",
        days_left=-365,
        record={"met": 0, "ended": 1, "missed": ["2026"]},
        periods=[P(*Y2026, "missed"), P(*Y2027)],
    ),
    Recurring(
        "until-month-ended",
        recurs="{every: annual, from: 2026, until: 2027-03}",
        as_of="2028-01-01",
        status="ended",
        record={"met": 0, "ended": 2, "missed": ["2026", "2027"]},
        periods=[P(*Y2026, "missed"), P(*Y2027, "missed")],
    ),
    Recurring(
        "until-18-months-last-period",
        recurs="{every: 18 months, from: 2026-11, until: 2028-06}",
        as_of="2029-10-31",
        status="overdue",
        deadline="2028-04-30",
        days_left=-549,
        record={"met": 0, "ended": 1, "missed": ["2026-11..2028-04"]},
        periods=[P(*M18A, "missed"), P(*M18B)],
    ),
    Recurring(
        "until-18-months-ended",
        recurs="{every: 18 months, from: 2026-11, until: 2028-06}",
        as_of="2029-11-01",
        status="ended",
        record={"met": 0, "ended": 2, "missed": ["2026-11..2028-04", "2028-05..2029-10"]},
        periods=[P(*M18A, "missed"), P(*M18B, "missed")],
    ),
    Recurring(
        "until-quarterly-current",
        recurs="{every: quarterly, from: 2026-Q2, until: 2026-08-15}",
        meetings=[("m1", "2026-05-01")],
        as_of="2026-09-30",
        status="due",
        deadline="2026-09-30",
        days_left=0,
        record={"met": 1, "ended": 1, "missed": []},
        periods=[
            P("2026-Q2", "2026-04-01", "2026-06-30", "met", False, ["m1"]),
            P("2026-Q3", "2026-07-01", "2026-09-30"),
        ],
    ),
    Recurring(
        "until-quarterly-ended",
        recurs="{every: quarterly, from: 2026-Q2, until: 2026-08-15}",
        meetings=[("m1", "2026-05-01")],
        as_of="2026-10-01",
        status="ended",
        record={"met": 1, "ended": 2, "missed": ["2026-Q3"]},
        periods=[
            P("2026-Q2", "2026-04-01", "2026-06-30", "met", False, ["m1"]),
            P("2026-Q3", "2026-07-01", "2026-09-30", "missed"),
        ],
    ),
]


@pytest.mark.parametrize("case", RECURRING, ids=[case.name for case in RECURRING])
def test_recurring(data_dir, case):
    r = row(
        data_dir,
        case.as_of,
        commitment(recurs=case.recurs),
        case.meetings,
        signed=case.signed,
        window=case.window,
    )
    assert (r.status, iso(r.deadline), r.days_left) == (case.status, case.deadline, case.days_left)
    assert r.record == case.record
    assert periods_of(r) == list(case.periods)
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


@dataclass(frozen=True)
class Open:
    """An open-ended commitment `c` (no `due`/`recurs`) seen on `as_of`, and the row expected."""

    name: str
    _: KW_ONLY
    signed: str | None = SIGNED
    review: str | None = None
    updates: Sequence[str] = ()  # dates of its updates (at most one)
    meetings: Sequence[tuple] = ()
    as_of: str
    # expected
    status: str
    last_activity: str | None = None


OPEN = [
    Open(
        "default-review-last-day",
        signed="2026-01-31",
        as_of="2027-01-31",
        status="active",
        last_activity="2026-01-31",
    ),
    Open(
        "default-review-stale",
        signed="2026-01-31",
        as_of="2027-02-01",
        status="stale",
        last_activity="2026-01-31",
    ),
    Open(
        "one-month-clamped-active",
        signed="2026-01-31",
        review="1 month",
        as_of="2026-02-28",
        status="active",
        last_activity="2026-01-31",
    ),
    Open(
        "one-month-clamped-stale",
        signed="2026-01-31",
        review="1 month",
        as_of="2026-03-01",
        status="stale",
        last_activity="2026-01-31",
    ),
    Open(
        "spec-example-update-active",
        review="1 month",
        updates=["2027-01-31"],
        as_of="2027-02-28",
        status="active",
        last_activity="2027-01-31",
    ),
    Open(
        "spec-example-update-stale",
        review="1 month",
        updates=["2027-01-31"],
        as_of="2027-03-01",
        status="stale",
        last_activity="2027-01-31",
    ),
    Open(
        "leap-day-signing-active",
        signed="2028-02-29",
        as_of="2029-02-28",
        status="active",
        last_activity="2028-02-29",
    ),
    Open(
        "leap-day-signing-stale",
        signed="2028-02-29",
        as_of="2029-03-01",
        status="stale",
        last_activity="2028-02-29",
    ),
    Open(
        "review-3-months-active",
        review="3 months",
        as_of="2026-04-05",
        status="active",
        last_activity=SIGNED,
    ),
    Open(
        "review-3-months-stale",
        review="3 months",
        as_of="2026-04-06",
        status="stale",
        last_activity=SIGNED,
    ),
    Open(
        "review-1-year-active",
        review="1 year",
        as_of="2027-01-05",
        status="active",
        last_activity=SIGNED,
    ),
    Open(
        "review-1-year-stale",
        review="1 year",
        as_of="2027-01-06",
        status="stale",
        last_activity=SIGNED,
    ),
    Open(
        "review-2-years-active",
        review="2 years",
        as_of="2028-01-05",
        status="active",
        last_activity=SIGNED,
    ),
    Open(
        "review-2-years-stale",
        review="2 years",
        as_of="2028-01-06",
        status="stale",
        last_activity=SIGNED,
    ),
    Open(
        "review-quarterly-word",
        review="quarterly",
        as_of="2026-04-06",
        status="stale",
        last_activity=SIGNED,
    ),
    Open(
        "signed-month-first-day",
        signed="2026-03",
        as_of="2027-03-01",
        status="active",
        last_activity="2026-03-01",
    ),
    Open(
        "signed-month-stale",
        signed="2026-03",
        as_of="2027-03-02",
        status="stale",
        last_activity="2026-03-01",
    ),
    Open("pending-before-signing", as_of="2026-01-04", status="pending"),
    Open("signed-month-pending", signed="2026-03", as_of="2026-02-28", status="pending"),
    # meetings
    Open(
        "meeting-is-activity",
        meetings=[("m1", "2026-08-10")],
        as_of="2027-08-10",
        status="active",
        last_activity="2026-08-10",
    ),
    Open(
        "meeting-activity-expires",
        meetings=[("m1", "2026-08-10")],
        as_of="2027-08-11",
        status="stale",
        last_activity="2026-08-10",
    ),
    Open(
        "meeting-after-as-of-ignored",
        meetings=[("m1", "2026-08-10")],
        as_of="2026-08-09",
        status="active",
        last_activity=SIGNED,
    ),
    Open(
        "scheduled-is-not-activity",
        meetings=[("m1", "2026-08-10", "scheduled")],
        as_of="2027-01-06",
        status="stale",
        last_activity=SIGNED,
    ),
    Open(
        "postponed-is-not-activity",
        meetings=[("m1", "2026-08-10", "postponed")],
        as_of="2027-01-06",
        status="stale",
        last_activity=SIGNED,
    ),
    Open(
        "cancelled-is-not-activity",
        meetings=[("m1", "2026-08-10", "cancelled")],
        as_of="2027-01-06",
        status="stale",
        last_activity=SIGNED,
    ),
    # updates
    Open(
        "update-is-activity",
        updates=["2026-09-01"],
        as_of="2027-09-01",
        status="active",
        last_activity="2026-09-01",
    ),
    Open(
        "update-activity-expires",
        updates=["2026-09-01"],
        as_of="2027-09-02",
        status="stale",
        last_activity="2026-09-01",
    ),
    Open(
        "update-after-as-of-ignored",
        updates=["2026-09-01"],
        as_of="2026-08-31",
        status="active",
        last_activity=SIGNED,
    ),
    Open(
        "later-update-not-yet",
        updates=["2027-06-01"],
        as_of="2027-01-06",
        status="stale",
        last_activity=SIGNED,
    ),
    Open(
        "latest-of-meeting-and-update",
        updates=["2026-09-01"],
        meetings=[("m1", "2026-05-01")],
        as_of="2027-01-06",
        status="active",
        last_activity="2026-09-01",
    ),
    Open(
        "latest-of-update-and-meeting",
        updates=["2026-05-01"],
        meetings=[("m1", "2026-09-01")],
        as_of="2027-01-06",
        status="active",
        last_activity="2026-09-01",
    ),
    # no signing
    Open("unsigned-no-activity-stale", signed=None, as_of="2026-01-01", status="stale"),
    Open(
        "unsigned-update-not-yet",
        signed=None,
        review="3 months",
        updates=["2026-03-01"],
        as_of="2026-02-28",
        status="stale",
    ),
    Open(
        "unsigned-update-active",
        signed=None,
        review="3 months",
        updates=["2026-03-01"],
        as_of="2026-03-01",
        status="active",
        last_activity="2026-03-01",
    ),
    Open(
        "unsigned-update-last-day",
        signed=None,
        review="3 months",
        updates=["2026-03-01"],
        as_of="2026-06-01",
        status="active",
        last_activity="2026-03-01",
    ),
    Open(
        "unsigned-update-stale",
        signed=None,
        review="3 months",
        updates=["2026-03-01"],
        as_of="2026-06-02",
        status="stale",
        last_activity="2026-03-01",
    ),
]


@pytest.mark.parametrize("case", OPEN, ids=[case.name for case in OPEN])
def test_open_ended(data_dir, case):
    extra = UPDATE.format(day=case.updates[0]) if case.updates else ""
    assert len(case.updates) <= 1
    r = row(
        data_dir,
        case.as_of,
        commitment(review=case.review, extra=extra),
        case.meetings,
        signed=case.signed,
    )
    assert r.status == case.status
    assert r.kind == "open"
    if case.status != "pending":  # the rules say nothing of last_activity while pending
        assert iso(r.last_activity) == case.last_activity
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


@dataclass(frozen=True)
class Override:
    """Commitment `c` (`due`, `recurs` or open-ended) with a manual `override`, on `as_of`."""

    name: str
    _: KW_ONLY
    due: str | None = None
    recurs: str | None = None
    override: str  # the status/status_date/... yaml
    meetings: Sequence[tuple] = ()
    as_of: str
    # expected
    status: str
    deadline: str | None = None
    days_left: int | None = None
    late: bool = False
    overridden: bool = True  # row.override


OVERRIDES = [
    Override(
        "once-cancelled-day-before",
        due="2026-06-30",
        override=CANCELLED.format(day="2026-03-01"),
        as_of="2026-02-28",
        status="upcoming",
        deadline="2026-06-30",
        days_left=122,
        overridden=False,
    ),
    Override(
        "once-cancelled-on-the-day",
        due="2026-06-30",
        override=CANCELLED.format(day="2026-03-01"),
        as_of="2026-03-01",
        status="cancelled",
    ),
    Override(
        "once-cancelled-not-overdue",
        due="2026-06-30",
        override=CANCELLED.format(day="2026-03-01"),
        as_of="2026-08-01",
        status="cancelled",
    ),
    Override(
        "once-superseded",
        due="2026-06-30",
        override=SUPERSEDED.format(day="2026-03-01"),
        as_of="2026-03-01",
        status="superseded",
    ),
    Override(
        "once-met-late-before-override",
        due="2026-06-30",
        override=MET.format(day="2026-08-01"),
        meetings=[("m1", "2026-07-10")],
        as_of="2026-07-31",
        status="met",
        late=True,
        overridden=False,
    ),
    Override(
        "once-met-override-late-false",
        due="2026-06-30",
        override=MET.format(day="2026-08-01"),
        meetings=[("m1", "2026-07-10")],
        as_of="2026-08-01",
        status="met",
    ),
    Override(
        "once-met-override-beats-overdue",
        due="2026-06-30",
        override=MET.format(day="2026-08-01"),
        as_of="2026-09-01",
        status="met",
    ),
    Override(
        "override-beats-pending",
        due="2026-06-30",
        override=CANCELLED.format(day="2026-01-01"),
        as_of="2026-01-02",
        status="cancelled",
    ),
    Override(
        "recurring-cancelled-day-before",
        recurs=ANNUAL,
        override=CANCELLED.format(day="2027-03-01"),
        as_of="2027-02-28",
        status="overdue",
        deadline="2026-12-31",
        days_left=-59,
        overridden=False,
    ),
    Override(
        "recurring-cancelled",
        recurs=ANNUAL,
        override=CANCELLED.format(day="2027-03-01"),
        as_of="2027-03-01",
        status="cancelled",
    ),
    Override(
        "recurring-met-override",
        recurs=ANNUAL,
        override=MET.format(day="2027-03-01"),
        as_of="2028-06-01",
        status="met",
    ),
    Override(
        "open-met-day-before",
        override=MET.format(day="2026-06-01"),
        as_of="2026-05-31",
        status="active",
        overridden=False,
    ),
    Override("open-met", override=MET.format(day="2026-06-01"), as_of="2026-06-01", status="met"),
    Override(
        "open-met-never-stale",
        override=MET.format(day="2026-06-01"),
        as_of="2028-01-01",
        status="met",
    ),
    Override(
        "open-cancelled",
        override=CANCELLED.format(day="2026-06-01"),
        as_of="2028-01-01",
        status="cancelled",
    ),
]


@pytest.mark.parametrize("case", OVERRIDES, ids=[case.name for case in OVERRIDES])
def test_manual_override(data_dir, case):
    r = row(
        data_dir,
        case.as_of,
        commitment(due=case.due, recurs=case.recurs, extra=case.override),
        case.meetings,
    )
    expected = (case.status, case.deadline, case.days_left, case.late)
    assert (r.status, iso(r.deadline), r.days_left, r.late) == expected
    assert r.override is case.overridden


# -- not in force --------------------------------------------------------------------------------


@dataclass(frozen=True)
class InForce:
    """Agreement `mou` with `status` and `extra` yaml, on `as_of`: is it in force?"""

    name: str
    _: KW_ONLY
    status: str | None = None  # the agreement's status field
    extra: str = ""
    as_of: str = "2026-03-01"
    # expected
    in_force: bool


IN_FORCE = [
    InForce("default-in-force", in_force=True),
    InForce("in-force", status="in-force", in_force=True),
    InForce("signed", status="signed", in_force=True),
    InForce("superseded", status="superseded", in_force=False),
    InForce("expired", status="expired", in_force=False),
    InForce("terminated", status="terminated", in_force=False),
    InForce("expires-last-day", extra="expires: 2026-06", as_of="2026-06-30", in_force=True),
    InForce("expires-day-after", extra="expires: 2026-06", as_of="2026-07-01", in_force=False),
    InForce("expires-year", extra="expires: 2026", as_of="2026-12-31", in_force=True),
    InForce("expires-year-over", extra="expires: 2026", as_of="2027-01-01", in_force=False),
]


@pytest.mark.parametrize("case", IN_FORCE, ids=[case.name for case in IN_FORCE])
def test_not_in_force_left_out(data_dir, case):
    item = commitment(due="2027-12-31")
    root = data_dir([agreement("mou", SIGNED, item, extra=case.extra, status=case.status)])
    shown = statuses(root, D(case.as_of))
    assert (REF in shown) is case.in_force
    everything = statuses(root, D(case.as_of), include_all=True)
    assert REF in everything
    assert everything[REF].in_force is case.in_force
    # the status itself is still computed as usual
    assert everything[REF].status == "upcoming"


# -- honest status: unverified -------------------------------------------------------------------


@dataclass(frozen=True)
class Unverified:
    """Commitment `c` last `reviewed` on a date, seen on `as_of` with `review_age` days allowed."""

    name: str
    _: KW_ONLY
    reviewed: str | None = "2026-04-01"
    as_of: str
    review_age: int = 90
    # expected
    unverified: bool


UNVERIFIED = [
    Unverified("never-reviewed", reviewed=None, as_of="2026-03-01", unverified=True),
    Unverified("reviewed-today", as_of="2026-04-01", unverified=False),
    Unverified("exactly-90-days", as_of="2026-06-30", unverified=False),
    Unverified("91-days", as_of="2026-07-01", unverified=True),
    Unverified("age-30-exactly", as_of="2026-05-01", review_age=30, unverified=False),
    Unverified("age-30-plus-one", as_of="2026-05-02", review_age=30, unverified=True),
    Unverified("age-365", as_of="2026-10-01", review_age=365, unverified=False),
    Unverified("age-0-same-day", as_of="2026-04-01", review_age=0, unverified=False),
    Unverified("age-0-next-day", as_of="2026-04-02", review_age=0, unverified=True),
    Unverified("reviewed-after-as-of", as_of="2026-03-01", unverified=False),
]


@pytest.mark.parametrize("case", UNVERIFIED, ids=[case.name for case in UNVERIFIED])
def test_unverified(data_dir, case):
    extra = f"reviewed: {case.reviewed}" if case.reviewed else ""
    r = row(
        data_dir, case.as_of, commitment(due="2027-12-31"), extra=extra, review_age=case.review_age
    )
    assert r.unverified is case.unverified
    assert iso(r.reviewed) == case.reviewed


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


@dataclass(frozen=True)
class Alternative:
    """Commitment `c` (`due` or `recurs`) with a `dispute` yaml, on `as_of`: both statuses."""

    name: str
    _: KW_ONLY
    due: str | None = None
    recurs: str | None = None
    dispute: str = ""
    meetings: Sequence[tuple] = ()
    as_of: str
    # expected
    status: str
    alternative: str | None = None  # row.alternative_status


ALTERNATIVE = [
    Alternative(
        "annual-vs-biennial-differs",
        recurs=ANNUAL,
        dispute=disputed("recurs", "{every: biennial, from: 2026}"),
        as_of="2027-03-01",
        status="overdue",
        alternative="upcoming",
    ),
    Alternative(
        "annual-vs-biennial-same",
        recurs=ANNUAL,
        dispute=disputed("recurs", "{every: biennial, from: 2026}"),
        as_of="2026-03-01",
        status="upcoming",
    ),
    Alternative(
        "annual-vs-biennial-met",
        recurs=ANNUAL,
        dispute=disputed("recurs", "{every: biennial, from: 2026}"),
        meetings=[("m1", "2026-05-01")],
        as_of="2027-03-01",
        status="upcoming",
        alternative="met",
    ),
    Alternative(
        "annual-vs-later-start-pending",
        recurs=ANNUAL,
        dispute=disputed("recurs", "{every: annual, from: 2027}"),
        as_of="2026-06-01",
        status="upcoming",
        alternative="pending",
    ),
    Alternative(
        "due-disputed-upcoming",
        due="2026-06-30",
        dispute=disputed("due", "2026-12"),
        as_of="2026-07-15",
        status="overdue",
        alternative="upcoming",
    ),
    Alternative(
        "due-disputed-due",
        due="2026-06-30",
        dispute=disputed("due", "2026-12"),
        as_of="2026-11-15",
        status="overdue",
        alternative="due",
    ),
    Alternative(
        "due-disputed-same",
        due="2026-06-30",
        dispute=disputed("due", "2026-12"),
        as_of="2026-03-01",
        status="upcoming",
    ),
    Alternative(
        "due-disputed-both-met",
        due="2026-06-30",
        dispute=disputed("due", "2026-12"),
        meetings=[("m1", "2026-05-01")],
        as_of="2026-07-15",
        status="met",
    ),
    Alternative(
        "other-field-no-alternative",
        due="2026-06-30",
        dispute=disputed("place", "Seoul"),
        as_of="2026-07-15",
        status="overdue",
    ),
    Alternative("no-dispute", due="2026-06-30", as_of="2026-07-15", status="overdue"),
    Alternative(
        "override-applies-to-both-readings",
        due="2026-06-30",
        dispute=disputed("due", "2026-12") + CANCELLED.format(day="2026-07-01"),
        as_of="2026-07-15",
        status="cancelled",
    ),
]


@pytest.mark.parametrize("case", ALTERNATIVE, ids=[case.name for case in ALTERNATIVE])
def test_alternative_status(data_dir, case):
    r = row(
        data_dir,
        case.as_of,
        commitment(due=case.due, recurs=case.recurs, extra=case.dispute),
        case.meetings,
    )
    assert (r.status, r.alternative_status) == (case.status, case.alternative)
    assert r.disputed == ((re.search(r"field: (\w+)", case.dispute)[1],) if case.dispute else ())


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
    # the rules: N years start on 1 January of the from year, N months on the from month's 1st
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
    # the label follows the labelling rules
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
    # the urgency order: a lower index is worse (more urgent)
    assert ORDER.index(after) >= ORDER.index(before), (before, after)
    if extra_date > as_of:
        assert after == before  # a meeting after as-of does not count yet
