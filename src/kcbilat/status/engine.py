"""Commitment status on a date (docs/reference/statuses.md): pure functions over records.

No clock, no I/O: the as-of date, the window and the review age are parameters,
and the result is a list of plain, frozen values that every renderer shares.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from kcbilat.core.dates import DEFAULT_REVIEW, DateError, PartialDate, parse_partial_date
from kcbilat.core.periods import Period, Series
from kcbilat.core.records import Agreement, Commitment, Meeting, parse_recurrence
from kcbilat.core.vocabulary import ORDER
from kcbilat.status.rows import CommitmentStatus, PeriodRecord, PeriodState

NO_DEADLINE = {"met", "cancelled", "superseded", "ended", "pending"}


@dataclass(frozen=True, slots=True)
class Fulfilment:
    meeting: Meeting
    period: Any  # the `period:` value as written, or None


@dataclass(slots=True)
class _Outcome:
    status: str
    deadline: date | None = None
    late: bool = False
    periods: tuple[PeriodState, ...] = ()
    record: PeriodRecord | None = None
    last_activity: date | None = None
    fulfilled_by: tuple[str, ...] = ()
    planned: tuple[str, ...] = ()
    override: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def fulfilments(meetings: Iterable[Meeting]) -> dict[str, list[Fulfilment]]:
    """ref → the meetings that name it in `fulfils`, in date order."""
    by_ref: dict[str, list[Fulfilment]] = defaultdict(list)
    for meeting in sorted(meetings, key=lambda m: (m.date.first, m.id)):
        for item in meeting.fulfils or ():
            by_ref[item.ref].append(Fulfilment(meeting, item.period))
    return by_ref


def in_force(agreement: Agreement, as_of: date) -> bool:
    if agreement.status not in ("in-force", "signed"):
        return False
    return not (agreement.expires and agreement.expires.last < as_of)


def _held(items: Sequence[Fulfilment], as_of: date) -> list[Fulfilment]:
    return [f for f in items if f.meeting.status == "held" and f.meeting.date.first <= as_of]


def _plans(items: Sequence[Fulfilment], as_of: date) -> list[Fulfilment]:
    """Scheduled meetings count as plans only while their date's last day has not passed."""
    return [f for f in items if f.meeting.status == "scheduled" and f.meeting.date.last >= as_of]


def _ids(items: Iterable[Fulfilment]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f.meeting.id for f in items))


# -- the three kinds ------------------------------------------------------------------------


def _once(
    due: PartialDate,
    signed: PartialDate | None,
    items: Sequence[Fulfilment],
    as_of: date,
    window: int,
) -> _Outcome:
    deadline = due.last
    held, plans = _held(items, as_of), _plans(items, as_of)
    base = _Outcome("pending", fulfilled_by=_ids(held), planned=_ids(plans))
    if signed and as_of < signed.first:
        return base
    if held:
        first = held[0].meeting
        return replace(base, status="met", late=first.date.first > deadline)
    if deadline < as_of:
        return replace(base, status="overdue", deadline=deadline)
    if plans:
        first = min(plans, key=lambda f: f.meeting.date.first).meeting
        return replace(
            base, status="scheduled", deadline=deadline, late=first.date.first > deadline
        )
    if (deadline - as_of).days <= window:
        return replace(base, status="due", deadline=deadline)
    return replace(base, status="upcoming", deadline=deadline)


def first_index(series: Series, signed: PartialDate | None) -> int:
    """The first period that ends on or after the signing (earlier ones do not exist)."""
    if signed is None or signed.first <= series.base:
        return 0
    index = series.index_of(signed.first)
    if index is None:  # signed after the last period: no period exists
        last = series.last_index
        return (last if last is not None else 0) + 1
    return index


def _serving(series: Series, item: Fulfilment) -> Period | None:
    """The period a meeting serves: its `period:` if given, else the one holding its date."""
    if item.period is not None:
        try:
            return series.named(item.period)
        except DateError:
            return None
    return series.holding(item.meeting.date.first)


def _recurring(
    series: Series,
    signed: PartialDate | None,
    items: Sequence[Fulfilment],
    as_of: date,
    window: int,
) -> _Outcome:
    start = first_index(series, signed)
    last = series.last_index
    zeros: PeriodRecord = {"met": 0, "ended": 0, "missed": []}
    if (last is not None and start > last) or (signed and as_of < signed.first):
        return _Outcome("pending", record=zeros)
    first_period = series.period(start)
    if as_of < first_period.start:
        return _Outcome("pending", record=zeros)
    current = series.index_of(as_of)
    ended = current is None  # after the last period (as-of is not before the first)
    top = last if ended else current
    assert top is not None
    served: dict[int, list[Fulfilment]] = defaultdict(list)
    for item in _held(items, as_of):
        period = _serving(series, item)
        if period is not None and start <= period.index <= top:
            served[period.index].append(item)
    periods = []
    for index in range(start, top + 1):
        period = series.period(index)
        meetings = sorted(served.get(index, ()), key=lambda f: f.meeting.date.first)
        if meetings:
            state = "met"
        elif period.end < as_of:
            state = "missed"
        else:
            state = "open"
        late = bool(meetings) and meetings[0].meeting.date.first > period.end
        periods.append(
            PeriodState(period.label, period.start, period.end, state, late, _ids(meetings))
        )
    counted = [p for p in periods if p.end < as_of or p.state == "met"]
    record: PeriodRecord = {
        "met": sum(p.state == "met" for p in counted),
        "ended": len(counted),
        "missed": [p.label for p in counted if p.state == "missed"],
    }
    held_ids = _ids(f for index in sorted(served) for f in served[index])
    plans = _plans(items, as_of)
    base = _Outcome(
        "ended", periods=tuple(periods), record=record, fulfilled_by=held_ids, planned=_ids(plans)
    )
    if ended:
        return base
    now = periods[-1]
    if now.state == "met":
        return replace(base, status="met")
    if len(periods) > 1 and periods[-2].state == "missed":
        return replace(base, status="overdue", deadline=periods[-2].end)
    current_period = series.period(top)
    if any(_serving(series, f) == current_period for f in plans):
        return replace(base, status="scheduled", deadline=now.end)
    if (now.end - as_of).days <= window:
        return replace(base, status="due", deadline=now.end)
    return replace(base, status="upcoming", deadline=now.end)


def _open(
    commitment: Commitment, signed: PartialDate | None, items: Sequence[Fulfilment], as_of: date
) -> _Outcome:
    held = _held(items, as_of)
    if signed and as_of < signed.first:
        return _Outcome("pending", fulfilled_by=_ids(held))
    dates = [f.meeting.date.first for f in held]
    dates += [u.date for u in commitment.updates if u.date <= as_of]
    if signed:
        dates.append(signed.first)
    last = max(dates) if dates else None
    review = commitment.review or DEFAULT_REVIEW
    status = "stale" if last is None or as_of > review.after(last) else "active"
    return _Outcome(
        status, last_activity=last, fulfilled_by=_ids(held), planned=_ids(_plans(items, as_of))
    )


def outcome(
    agreement: Agreement,
    commitment: Commitment,
    items: Sequence[Fulfilment],
    as_of: date,
    window: int,
) -> _Outcome:
    """The status of one commitment, before flags and presentation."""
    if commitment.status and commitment.status_date and commitment.status_date <= as_of:
        base = outcome(agreement, replace(commitment, status=None), items, as_of, window)
        return replace(base, status=commitment.status, deadline=None, late=False, override=True)
    signed = agreement.signed
    if commitment.due is not None:
        return _once(commitment.due, signed, items, as_of, window)
    if commitment.recurs is not None:
        r = commitment.recurs
        return _recurring(Series(r.every, r.from_, r.until), signed, items, as_of, window)
    return _open(commitment, signed, items, as_of)


def _alternative(
    agreement: Agreement,
    commitment: Commitment,
    items: Sequence[Fulfilment],
    as_of: date,
    window: int,
    status: str,
) -> str | None:
    """The status under the first disputed `due` (one-off) or `recurs` (recurring) reading."""
    field_name = {"once": "due", "recurring": "recurs"}.get(commitment.kind)
    entry = next((d for d in commitment.disputed if d.field == field_name), None)
    if entry is None:
        return None
    parse = parse_partial_date if field_name == "due" else parse_recurrence
    try:
        value: Any = parse(entry.value)
    except DateError:  # an invalid disputed value is a validation error, not a status
        return None
    changed = (
        replace(commitment, due=value) if field_name == "due" else replace(commitment, recurs=value)
    )
    other = outcome(agreement, changed, items, as_of, window)
    return other.status if other.status != status else None


def commitment_status(
    agreement: Agreement,
    commitment: Commitment,
    items: Sequence[Fulfilment],
    as_of: date,
    window: int = 60,
    review_age: int = 90,
) -> CommitmentStatus:
    result = outcome(agreement, commitment, items, as_of, window)
    deadline = (
        None if result.status in NO_DEADLINE or commitment.kind == "open" else result.deadline
    )
    reviewed = agreement.reviewed
    label = None
    if deadline is not None:
        if commitment.due is not None:
            label = str(commitment.due)
        else:
            label = next((p.label for p in result.periods if p.end == deadline), None)
    ref = f"{agreement.id}/{commitment.id}"
    words = (commitment.title, commitment.description, agreement.title, ref)
    return CommitmentStatus(
        ref=f"{agreement.id}/{commitment.id}",
        agreement=agreement.id,
        id=commitment.id,
        title=commitment.title,
        kind=commitment.kind,
        status=result.status,
        deadline=deadline,
        due=str(commitment.due) if commitment.due is not None else None,
        days_left=(deadline - as_of).days if deadline else None,
        late=result.late if commitment.kind == "once" else False,
        sectors=tuple(commitment.sectors),
        responsible=tuple(commitment.responsible),
        last_activity=result.last_activity if commitment.kind == "open" else None,
        record=result.record if commitment.kind == "recurring" else None,
        periods=result.periods if result.status != "pending" else (),
        reviewed=reviewed,
        unverified=reviewed is None or (as_of - reviewed).days > review_age,
        alternative_status=_alternative(agreement, commitment, items, as_of, window, result.status),
        assessment=commitment.assessment.verdict if commitment.assessment else None,
        disputed=tuple(d.field for d in commitment.disputed),
        fulfilled_by=result.fulfilled_by,
        planned=result.planned,
        in_force=in_force(agreement, as_of),
        override=result.override,
        due_last=commitment.due.last if commitment.due is not None else None,
        deadline_label=label or (deadline.isoformat() if deadline else None),
        haystack=" ".join(w for w in words if w).casefold(),
    )


_RANK: dict[str, int] = {status: rank for rank, status in enumerate(ORDER)}


def sort_key(row: CommitmentStatus) -> tuple[int, int, date, str]:
    return (_RANK[row.status], row.deadline is None, row.deadline or date.max, row.ref)


def compute(
    agreements: Iterable[Agreement],
    meetings: Iterable[Meeting],
    as_of: date,
    window: int = 60,
    review_age: int = 90,
    include_all: bool = False,
    keep: Callable[[Agreement, Commitment], bool] | None = None,
) -> list[CommitmentStatus]:
    """Every tracked commitment's status as of a date, in urgency order.

    Commitments of agreements not in force are left out unless `include_all`; with
    `keep`, so are those it refuses (a filter that needs no status: its status is then
    never computed).
    """
    by_ref = fulfilments(meetings)
    rows = [
        commitment_status(a, c, by_ref.get(f"{a.id}/{c.id}", ()), as_of, window, review_age)
        for a in agreements
        if include_all or in_force(a, as_of)
        for c in a.commitments
        if keep is None or keep(a, c)
    ]
    return sorted(rows, key=sort_key)
