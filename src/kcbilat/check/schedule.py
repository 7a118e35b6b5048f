"""Periods, series and hosts: what meetings say about the schedules they serve."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from itertools import pairwise
from typing import Any

from kcbilat.check.base import at, commitment_refs, each, order, place
from kcbilat.core.dates import DateError
from kcbilat.core.periods import Series
from kcbilat.core.problems import Problem, quote
from kcbilat.core.records import Commitment
from kcbilat.read.loader import Dataset, Origin
from kcbilat.read.salvage import gaps, indexed


def _series(commitment: Commitment) -> Series:
    r = commitment.recurs
    assert r is not None, "only recurring commitments have a series"
    return Series(r.every, r.from_, r.until)


def check_periods(data: Dataset, today: date) -> Iterator[Problem]:
    refs = commitment_refs(data)
    for origin, meeting in each(data, "meeting"):
        dated = not {"status", "date"} & gaps(meeting)  # else: rules about its date skipped
        for i, item in indexed(meeting, "fulfils"):
            found = refs.get(item.ref)
            if found is None or {"due", "recurs"} & gaps(found[1]):
                continue  # its kind is unknown: no rule about periods can be judged
            commitment = found[1]
            where = ("fulfils", i, "period") if item.period is not None else ("fulfils", i)
            if commitment.recurs is None:
                if item.period is not None:
                    yield at(
                        data,
                        origin,
                        where,
                        "period",
                        f"{item.ref!r} is not recurring: `period` applies only to "
                        "recurring commitments",
                    )
                continue
            series = _series(commitment)
            if not dated:
                continue
            if item.period is None:
                if meeting.status == "held" and series.holding(meeting.date.first) is None:
                    yield at(
                        data,
                        origin,
                        where,
                        "period",
                        f"{meeting.date} lies in no period of {item.ref!r} "
                        f"({commitment.recurs.every.cadence} from {commitment.recurs.from_}"
                        + (f" until {commitment.recurs.until}" if commitment.recurs.until else "")
                        + "): give `period:` or check the date",
                    )
                continue
            try:
                period = series.named(item.period)
            except DateError:
                yield at(
                    data,
                    origin,
                    where,
                    "period",
                    f"period {quote(item.period)} is not a period label or date "
                    "(e.g. 2027, 2026-2027, 2026-H2, 2026-Q3, 2026-06)",
                )
                continue
            if period is None:
                yield at(
                    data,
                    origin,
                    where,
                    "period",
                    f"period {quote(item.period)} names no period of {item.ref!r} "
                    f"({commitment.recurs.every.cadence} from {commitment.recurs.from_})",
                )
            elif period.start > meeting.date.last:
                yield at(
                    data,
                    origin,
                    where,
                    "period",
                    f"period {period.label} starts after the meeting's date {meeting.date}: "
                    "a meeting can serve a past or current period, not a future one",
                )


def check_series(data: Dataset, today: date) -> Iterator[Problem]:
    runs: dict[str, list[tuple[Origin, Any]]] = defaultdict(list)
    for origin, meeting in each(data, "meeting"):
        readable = not {"id", "series", "number", "date"} & gaps(meeting)
        if readable and meeting.series and meeting.number is not None:
            runs[meeting.series].append((origin, meeting))
    for series, meetings in runs.items():
        meetings.sort(key=lambda om: (om[1].number, order(om[0])))
        for (o1, before), (o2, after) in pairwise(meetings):
            first, later = sorted((o1, o2), key=order)
            if before.number == after.number:
                yield at(
                    data,
                    later,
                    ("number",),
                    "series-order",
                    f"{series} number {after.number} is also used at "
                    f"{place(data, first, ('number',))}",
                )
            elif after.date.last < before.date.first:
                yield at(
                    data,
                    later,
                    ("number",),
                    "series-order",
                    f"{series}: number {after.number} ({after.date}) is dated before number "
                    f"{before.number} ({before.date}) at {place(data, first, ('number',))}",
                )


def check_hosts(data: Dataset, today: date) -> Iterator[Problem]:
    refs = commitment_refs(data)
    held: dict[str, list[tuple[Origin, Any]]] = defaultdict(list)
    for origin, meeting in each(data, "meeting"):
        if {"id", "status", "date", "host"} & gaps(meeting):
            continue
        if meeting.status == "held" and meeting.date.first <= today:
            for _, item in indexed(meeting, "fulfils"):
                found = refs.get(item.ref)
                if found and found[1].hosts == "alternate":
                    held[item.ref].append((origin, meeting))
    for ref, meetings in held.items():
        meetings.sort(key=lambda om: (om[1].date.first, order(om[0])))
        for (o1, before), (o2, after) in pairwise(meetings):
            if before.host and before.host == after.host:
                first, later = sorted((o1, o2), key=order)
                yield at(
                    data,
                    later,
                    ("host",),
                    "host-order",
                    f"{ref} alternates hosts, but {before.id} and {after.id} were both "
                    f"hosted by {after.host} (see {place(data, first, ('host',))})",
                )
