"""Open deadlines and planned meetings as dated items, and as an RFC 5545 calendar.

`open_deadlines` (and `commitment_items`, which the report's timeline shares) is pure;
`to_ical` is the one place the `icalendar` library is used, imported there so that
nothing else pays for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from kcbilat.core.dates import DEFAULT_REVIEW, add_months
from kcbilat.core.escape import one_line
from kcbilat.core.periods import Series
from kcbilat.core.records import Agreement, Commitment, Meeting, Source
from kcbilat.publish.views import SYMBOLS
from kcbilat.status.engine import first_index
from kcbilat.status.rows import CommitmentStatus

#: recurring periods starting up to this many months after as-of are listed as upcoming
HORIZON_MONTHS = 12
UID_DOMAIN = "kcbilat"


@dataclass(frozen=True, slots=True)
class Item:
    """One all-day calendar entry: a deadline of a commitment or a planned meeting."""

    uid: str
    kind: str  # due | period | review | meeting
    first: date  # the first day
    last: date  # the last day (inclusive); == first except for a meeting with a partial date
    summary: str
    description: str
    url: str | None
    categories: tuple[str, ...]
    ref: str | None = None
    label: str | None = None  # the period label, or the `due` / meeting date as written


def uid(ref: str, label: str) -> str:
    """`<agreement>/<commitment>/<label>@kcbilat`: stable while the ref and period stay."""
    return f"{ref}/{label}@{UID_DOMAIN}"


def meeting_uid(meeting_id: str) -> str:
    return f"meeting/{meeting_id}@{UID_DOMAIN}"


def _sources_text(sources: Sequence[Source]) -> list[str]:
    return [f"- {s.title}: {s.url}" for s in sources]


def _describe(
    row: CommitmentStatus, commitment: Any, agreement: Any, as_of: date, what: str
) -> str:
    status = f"{SYMBOLS[row.status]} {row.status}"
    if row.unverified:
        status += " (unverified: " + (
            f"agreement last reviewed {row.reviewed})" if row.reviewed else "never reviewed)"
        )
    lines = [
        what,
        f"Commitment: {row.ref}",
        f"Agreement: {agreement.title} ({agreement.id})",
        f"Responsible: {', '.join(row.responsible)}",
        f"Status as of {as_of}: {status}",
    ]
    sources = commitment.sources or agreement.sources
    if sources:
        lines += ["", "Sources:", *_sources_text(sources)]
    return "\n".join(lines)


def _first_url(commitment: Commitment, agreement: Agreement) -> str | None:
    sources = commitment.sources or agreement.sources
    return sources[0].url if sources else None


def commitment_items(
    row: CommitmentStatus, agreement: Any, commitment: Any, as_of: date
) -> list[Item]:
    """The open deadlines of one commitment (none once it is met, ended or overridden)."""
    if row.override:
        return []
    where = agreement.id
    url = _first_url(commitment, agreement)
    items: list[Item] = []
    if row.kind == "once":
        if row.status == "met":
            return []
        day = commitment.due.last
        prefix = "Overdue" if row.status == "overdue" else "Due"
        summary = f"{prefix}: {row.title} ({where})"
        what = f"Deadline: {commitment.due} (last day {day})."
        items.append(
            Item(
                uid(row.ref, "due"),
                "due",
                day,
                day,
                summary,
                _describe(row, commitment, agreement, as_of, what),
                url,
                ("kcbilat", "deadline", row.status),
                row.ref,
                str(commitment.due),
            )
        )
    elif row.kind == "recurring":
        if row.status == "ended":
            return []
        current = {p.label for p in row.periods}
        for label, end in _open_periods(row, agreement, commitment, as_of):
            state = row.status if label in current else "upcoming"
            summary = f"Due ({label}): {row.title} ({where})"
            what = f"End of the {label} period (last day {end}): a meeting is due by then."
            items.append(
                Item(
                    uid(row.ref, label),
                    "period",
                    end,
                    end,
                    summary,
                    _describe(row, commitment, agreement, as_of, what),
                    url,
                    ("kcbilat", "deadline", state),
                    row.ref,
                    label,
                )
            )
    elif row.last_activity is not None:
        review = commitment.review or DEFAULT_REVIEW
        horizon = review.after(row.last_activity)
        summary = f"Review: {row.title} ({where})"
        what = (
            f"Open-ended; last activity {row.last_activity}. With no meeting or update by "
            f"{horizon} (review: {review}) it goes stale."
        )
        items.append(
            Item(
                uid(row.ref, "review"),
                "review",
                horizon,
                horizon,
                summary,
                _describe(row, commitment, agreement, as_of, what),
                url,
                ("kcbilat", "review", row.status),
                row.ref,
                "review",
            )
        )
    return items


def _open_periods(
    row: CommitmentStatus, agreement: Any, commitment: Any, as_of: date
) -> list[tuple[str, date]]:
    """(label, last day) of the current period if not met, and of the periods starting within
    HORIZON_MONTHS after as-of (the first ones, for a commitment still pending)."""
    found = [(p.label, p.end) for p in row.periods if p.state == "open"]
    r = commitment.recurs
    series = Series(r.every, r.from_, r.until)
    last = series.last_index
    if row.periods:
        index = (series.index_of(row.periods[-1].start) or 0) + 1
    else:
        index = first_index(series, agreement.signed)
    horizon = add_months(as_of, HORIZON_MONTHS)
    while last is None or index <= last:
        period = series.period(index)
        if period.start > horizon:
            break
        if period.end >= as_of:
            found.append((period.label, period.end))
        index += 1
    return found


def meeting_item(meeting: Meeting) -> Item:
    refs = [f.ref for f in meeting.fulfils or ()]
    owners = list(dict.fromkeys(r.partition("/")[0] for r in refs))
    summary = f"Planned: {meeting.title}" + (f" ({', '.join(owners)})" if owners else "")
    lines = [f"Scheduled meeting {meeting.id}, date {meeting.date}"]
    if not meeting.date.is_day:
        lines[0] += f" (the exact day is not known: {meeting.date.first} to {meeting.date.last})"
    if meeting.place:
        lines.append(f"Place: {meeting.place}")
    if refs:
        lines.append("Fulfils: " + ", ".join(refs))
    if meeting.summary:
        lines += ["", meeting.summary]
    if meeting.sources:
        lines += ["", "Sources:", *_sources_text(meeting.sources)]
    return Item(
        meeting_uid(meeting.id),
        "meeting",
        meeting.date.first,
        meeting.date.last,
        summary,
        "\n".join(lines),
        meeting.sources[0].url if meeting.sources else None,
        ("kcbilat", "meeting"),
        None,
        str(meeting.date),
    )


def open_deadlines(
    rows: Iterable[CommitmentStatus],
    agreements: Mapping[str, Agreement],
    meetings: Iterable[Meeting],
    as_of: date,
) -> list[Item]:
    """Every open deadline of `rows`, and the scheduled `meetings`, by date then UID."""
    items: list[Item] = []
    for row in rows:
        agreement = agreements[row.agreement]
        commitment = next(c for c in agreement.commitments if c.id == row.id)
        items += commitment_items(row, agreement, commitment, as_of)
    items += [meeting_item(m) for m in meetings if m.status == "scheduled"]
    return sorted(items, key=lambda i: (i.first, i.uid))


def to_ical(
    items: Sequence[Item], as_of: date, name: str, version: str, warning: str | None = None
) -> bytes:
    """The items as an RFC 5545 calendar of all-day events (DTEND is exclusive); a
    `warning` (records left out) becomes the calendar's description. The name and the
    warning (a title given, a file's name) are written as they are (icalendar does not escape
    X- properties), so they are made one terminal-safe line first: a line break there would
    end the content line."""
    from datetime import UTC, datetime

    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", f"-//kcbilat//kcbilat {version}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", one_line(name))
    if warning:
        cal.add("x-wr-caldesc", one_line(warning))
    # DTSTAMP is the as-of date, not the clock: the same data and date give the same file.
    stamp = datetime(as_of.year, as_of.month, as_of.day, tzinfo=UTC)
    for item in items:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.first)
        event.add("dtend", item.last + timedelta(days=1))
        event.add("summary", item.summary)
        event.add("description", item.description)
        if item.url:
            event.add("url", item.url)
        event.add("categories", list(item.categories))
        event.add("transp", "TRANSPARENT")
        event.add("status", "TENTATIVE" if item.kind == "meeting" else "CONFIRMED")
        cal.add_component(event)
    body: bytes = cal.to_ical()
    return body


def planned_meetings(
    meetings: Iterable[Meeting], rows: Iterable[CommitmentStatus] | None = None
) -> list[Meeting]:
    """The scheduled meetings a calendar shows: all of them, or with `rows` (a filtered
    selection) only those serving a commitment among them."""
    scheduled = [m for m in meetings if m.status == "scheduled"]
    if rows is None:
        return scheduled
    refs = {r.ref for r in rows}
    return [m for m in scheduled if any(f.ref in refs for f in m.fulfils or ())]
