"""The rules about time: things dated after today, plans that are over, and the
warnings about meetings."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from kcbilat.check.base import at, each
from kcbilat.core.problems import Path_, Problem
from kcbilat.read.loader import Dataset, Origin
from kcbilat.read.salvage import gaps, indexed


def check_future(data: Dataset, today: date) -> Iterator[Problem]:
    """Things recorded as done after today (held, updated, overridden, reviewed, assessed)."""

    def late(origin: Origin, sub: Path_, day: date | None, what: str) -> Iterator[Problem]:
        if day is not None and day > today:
            yield at(
                data,
                origin,
                sub,
                "date-order",
                f"{what} {day.isoformat()} is after today ({today.isoformat()})",
            )

    for origin, agreement in each(data, "agreement"):
        yield from late(origin, ("reviewed",), agreement.reviewed, "reviewed")
        for i, c in indexed(agreement, "commitments"):
            here: Path_ = ("commitments", i)
            yield from late(origin, (*here, "status_date"), c.status_date, "status_date")
            for j, update in indexed(c, "updates"):
                yield from late(
                    origin, (*here, "updates", j, "date"), update.date, "the update's date"
                )
            if c.assessment:
                yield from late(
                    origin,
                    (*here, "assessment", "date"),
                    c.assessment.date,
                    "the assessment's date",
                )
    for origin, meeting in each(data, "meeting"):
        if {"status", "date"} & gaps(meeting):
            continue
        if meeting.status == "held" and meeting.date.is_day:
            yield from late(origin, ("date",), meeting.date.first, "held on")


def check_meetings(data: Dataset, today: date) -> Iterator[Problem]:
    for origin, meeting in each(data, "meeting"):
        unread = gaps(meeting)
        if "status" in unread:
            pass  # the rules below are about its status
        elif meeting.status == "held" and not meeting.sources and "sources" not in unread:
            where: Path_ = ("sources",) if meeting.sources is not None else ()
            yield at(
                data, origin, where, "no-source", "a held meeting should cite at least one source"
            )
        if not {"status", "date"} & unread and (
            meeting.status == "scheduled" and meeting.date.last < today
        ):
            yield at(
                data,
                origin,
                ("date",),
                "stale-schedule",
                f"scheduled for {meeting.date}, which is over: mark it held, postponed "
                "or cancelled",
            )
        if meeting.fulfils is None and "fulfils" not in unread:
            yield at(
                data,
                origin,
                (),
                "orphan",
                "the meeting fulfils nothing: list the commitments it serves in `fulfils`, "
                "or write `fulfils: []` when it serves none on purpose",
            )
