"""The rules about time: things dated after today, plans that are over, and the
warnings about meetings."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from kcbilat.check.base import at
from kcbilat.core.problems import Path_, Problem
from kcbilat.read.loader import Dataset, Origin


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

    for agreement in data.agreements.values():
        origin = data.origins[("agreement", agreement.id)]
        yield from late(origin, ("reviewed",), agreement.reviewed, "reviewed")
        for i, c in enumerate(agreement.commitments):
            here: Path_ = ("commitments", i)
            yield from late(origin, (*here, "status_date"), c.status_date, "status_date")
            for j, update in enumerate(c.updates):
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
    for meeting in data.meetings.values():
        if meeting.status == "held" and meeting.date.is_day:
            yield from late(
                data.origins[("meeting", meeting.id)], ("date",), meeting.date.first, "held on"
            )


def check_meetings(data: Dataset, today: date) -> Iterator[Problem]:
    for meeting in data.meetings.values():
        origin = data.origins[("meeting", meeting.id)]
        if meeting.status == "held" and not meeting.sources:
            where: Path_ = ("sources",) if meeting.sources is not None else ()
            yield at(
                data, origin, where, "no-source", "a held meeting should cite at least one source"
            )
        if meeting.status == "scheduled" and meeting.date.last < today:
            yield at(
                data,
                origin,
                ("date",),
                "stale-schedule",
                f"scheduled for {meeting.date}, which is over: mark it held, postponed "
                "or cancelled",
            )
        if meeting.fulfils is None:
            yield at(
                data,
                origin,
                (),
                "orphan",
                "the meeting fulfils nothing: list the commitments it serves in `fulfils`, "
                "or write `fulfils: []` when it serves none on purpose",
            )
