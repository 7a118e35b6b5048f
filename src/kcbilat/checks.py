"""Checks between records: ids, references, periods, series, disputes and the warnings.

Each check is a function of the loaded data set and "today" yielding Problems;
CHECKS lists them in the order they run. All are linear (or n log n) in the
size of the data set.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date
from itertools import pairwise
from typing import Any

from .dates import DateError, parse_partial_date
from .loader import Dataset, Origin
from .periods import Series
from .problems import Path_, Problem, quote, suggest
from .records import parse_recurrence

Check = Callable[[Dataset, date], Iterator[Problem]]


def _at(
    data: Dataset, origin: Origin, sub: Path_, code: str, message: str, key: bool = False
) -> Problem:
    line, column = data.locate(origin.path, (*origin.prefix, *sub), key=key)
    return Problem(origin.path, line, column, code, message)


def _place(data: Dataset, origin: Origin, sub: Path_ = ("id",)) -> str:
    line, _ = data.locate(origin.path, (*origin.prefix, *sub))
    return f"{_display(origin.path)}:{line}"


def _display(path: Any) -> str:
    from .paths import display

    return display(path)


def _order(origin: Origin) -> tuple[str, Path_]:
    """File, then place in the file: records of one file are in line order by their index."""
    return origin.path.as_posix(), origin.prefix


# -- ids and file names --------------------------------------------------------------------

_NAMESPACE = {"agreement": "record", "meeting": "record", "party": "party", "sector": "sector"}


def check_ids(data: Dataset, today: date) -> Iterator[Problem]:
    first: dict[tuple[str, str], Origin] = {}
    for kind, ident, origin in sorted(data.ids, key=lambda use: _order(use[2])):
        space = (_NAMESPACE[kind], ident)
        if space in first:
            yield _at(
                data,
                origin,
                ("id",),
                "duplicate-id",
                f"id {ident!r} is already used at {_place(data, first[space])}",
            )
        else:
            first[space] = origin
        if kind in ("agreement", "meeting") and origin.path.stem != ident:
            yield _at(
                data,
                origin,
                ("id",),
                "filename",
                f"the file is named {origin.path.name!r} but holds id {ident!r}: "
                f"rename it to {ident}.yaml",
            )


# -- references ----------------------------------------------------------------------------


def _unknown(data: Dataset, kind: str, ident: Any, pool: dict[str, Any]) -> bool:
    return (
        isinstance(ident, str)
        and ident not in pool
        and (kind, ident) not in data.known
        and kind not in data.unreadable
    )


def _refs(
    data: Dataset, origin: Origin, sub: Path_, ids: list[str], kind: str, pool: dict[str, Any]
) -> Iterator[Problem]:
    for i, ident in enumerate(ids):
        if _unknown(data, kind, ident, pool):
            yield _at(
                data,
                origin,
                (*sub, i),
                "unknown-ref",
                f"unknown {kind} {ident!r}{suggest(ident, pool)}",
            )


def commitment_refs(data: Dataset) -> dict[str, tuple[Any, Any]]:
    """ref → (agreement, commitment) for every valid commitment (built once per data set)."""
    if data.refs is None:
        data.refs = {
            f"{a.id}/{c.id}": (a, c) for a in data.agreements.values() for c in a.commitments
        }
    return data.refs


def check_refs(data: Dataset, today: date) -> Iterator[Problem]:
    parties, sectors = data.parties, data.sectors
    for sector in sectors.values():
        if sector.parent and _unknown(data, "sector", sector.parent, sectors):
            yield _at(
                data,
                data.origins[("sector", sector.id)],
                ("parent",),
                "unknown-ref",
                f"unknown parent sector {sector.parent!r}{suggest(sector.parent, sectors)}",
            )
    for agreement in data.agreements.values():
        origin = data.origins[("agreement", agreement.id)]
        yield from _refs(data, origin, ("parties",), agreement.parties, "party", parties)
        yield from _refs(data, origin, ("sectors",), agreement.sectors, "sector", sectors)
        if agreement.revises and _unknown(data, "agreement", agreement.revises, data.agreements):
            yield _at(
                data,
                origin,
                ("revises",),
                "unknown-ref",
                f"unknown agreement {agreement.revises!r}"
                f"{suggest(agreement.revises, data.agreements)}",
            )
        for i, c in enumerate(agreement.commitments):
            here = ("commitments", i)
            yield from _refs(data, origin, (*here, "sectors"), c.sectors, "sector", sectors)
            yield from _refs(data, origin, (*here, "responsible"), c.responsible, "party", parties)
    refs = commitment_refs(data)
    for meeting in data.meetings.values():
        origin = data.origins[("meeting", meeting.id)]
        yield from _refs(data, origin, ("parties",), meeting.parties, "party", parties)
        for i, item in enumerate(meeting.fulfils or ()):
            if item.ref in refs or ("commitment", item.ref) in data.known:
                continue
            agreement_id, _, commitment_id = item.ref.partition("/")
            agreement = data.agreements.get(agreement_id)
            if agreement is None:
                if ("agreement", agreement_id) in data.known:
                    continue
                hint = suggest(agreement_id, data.agreements)
                message = f"unknown agreement {agreement_id!r} in {item.ref!r}{hint}"
            else:
                hint = suggest(commitment_id, [c.id for c in agreement.commitments])
                message = f"agreement {agreement_id!r} has no commitment {commitment_id!r}{hint}"
            yield _at(data, origin, ("fulfils", i, "ref"), "unknown-ref", message)


def _loops(graph: dict[str, str | None]) -> list[list[str]]:
    """The cycles of a graph where each node has at most one successor."""
    state: dict[str, int] = {}
    cycles = []
    for start in graph:
        path: list[str] = []
        node: str | None = start
        while node is not None and node in graph and node not in state:
            state[node] = 1
            path.append(node)
            node = graph[node]
        if node is not None and state.get(node) == 1 and node in path:
            cycles.append(path[path.index(node) :])
        for visited in path:
            state[visited] = 2
    return cycles


def check_loops(data: Dataset, today: date) -> Iterator[Problem]:
    for kind, records, key in (
        ("sector", data.sectors, "parent"),
        ("agreement", data.agreements, "revises"),
    ):
        graph = {ident: getattr(record, key) for ident, record in records.items()}
        for cycle in _loops(graph):
            origins = sorted((data.origins[(kind, i)] for i in cycle), key=_order)
            chain = " → ".join([*cycle, cycle[0]])
            yield _at(data, origins[0], (key,), "unknown-ref", f"`{key}` loops: {chain}", key=True)


# -- periods, series and hosts --------------------------------------------------------------


def _series(commitment: Any) -> Series:
    r = commitment.recurs
    return Series(r.every, r.from_, r.until)


def check_periods(data: Dataset, today: date) -> Iterator[Problem]:
    refs = commitment_refs(data)
    for meeting in data.meetings.values():
        origin = data.origins[("meeting", meeting.id)]
        for i, item in enumerate(meeting.fulfils or ()):
            found = refs.get(item.ref)
            if found is None:
                continue
            commitment = found[1]
            where = ("fulfils", i, "period") if item.period is not None else ("fulfils", i)
            if commitment.recurs is None:
                if item.period is not None:
                    yield _at(
                        data,
                        origin,
                        where,
                        "period",
                        f"{item.ref!r} is not recurring: `period` applies only to "
                        "recurring commitments",
                    )
                continue
            series = _series(commitment)
            if item.period is None:
                if meeting.status == "held" and series.holding(meeting.date.first) is None:
                    yield _at(
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
                yield _at(
                    data,
                    origin,
                    where,
                    "period",
                    f"period {quote(item.period)} is not a period label or date "
                    "(e.g. 2027, 2026-2027, 2026-H2, 2026-Q3, 2026-06)",
                )
                continue
            if period is None:
                yield _at(
                    data,
                    origin,
                    where,
                    "period",
                    f"period {quote(item.period)} names no period of {item.ref!r} "
                    f"({commitment.recurs.every.cadence} from {commitment.recurs.from_})",
                )
            elif period.start > meeting.date.last:
                yield _at(
                    data,
                    origin,
                    where,
                    "period",
                    f"period {period.label} starts after the meeting's date {meeting.date}: "
                    "a meeting can serve a past or current period, not a future one",
                )


def check_series(data: Dataset, today: date) -> Iterator[Problem]:
    runs: dict[str, list[Any]] = defaultdict(list)
    for meeting in data.meetings.values():
        if meeting.series and meeting.number is not None:
            runs[meeting.series].append(meeting)
    for series, meetings in runs.items():
        meetings.sort(key=lambda m: (m.number, _order(data.origins[("meeting", m.id)])))
        for before, after in pairwise(meetings):
            o1 = data.origins[("meeting", before.id)]
            o2 = data.origins[("meeting", after.id)]
            first, later = sorted((o1, o2), key=_order)
            if before.number == after.number:
                yield _at(
                    data,
                    later,
                    ("number",),
                    "series-order",
                    f"{series} number {after.number} is also used at "
                    f"{_place(data, first, ('number',))}",
                )
            elif after.date.last < before.date.first:
                yield _at(
                    data,
                    later,
                    ("number",),
                    "series-order",
                    f"{series}: number {after.number} ({after.date}) is dated before number "
                    f"{before.number} ({before.date}) at {_place(data, first, ('number',))}",
                )


def check_hosts(data: Dataset, today: date) -> Iterator[Problem]:
    refs = commitment_refs(data)
    held: dict[str, list[Any]] = defaultdict(list)
    for meeting in data.meetings.values():
        if meeting.status == "held" and meeting.date.first <= today:
            for item in meeting.fulfils or ():
                found = refs.get(item.ref)
                if found and found[1].hosts == "alternate":
                    held[item.ref].append(meeting)
    for ref, meetings in held.items():
        meetings.sort(key=lambda m: (m.date.first, m.id))
        for before, after in pairwise(meetings):
            if before.host and before.host == after.host:
                o1 = data.origins[("meeting", before.id)]
                o2 = data.origins[("meeting", after.id)]
                first, later = sorted((o1, o2), key=_order)
                yield _at(
                    data,
                    later,
                    ("host",),
                    "host-order",
                    f"{ref} alternates hosts, but {before.id} and {after.id} were both "
                    f"hosted by {after.host} (see {_place(data, first, ('host',))})",
                )


# -- disputed readings -----------------------------------------------------------------------

DISPUTABLE = ("due", "recurs", "responsible", "sectors", "place")


def _disputed_value(field: str, value: Any, data: Dataset) -> str | None:
    """Why `value` is not a valid value for `field`, or None when it is."""
    if field in ("due", "recurs"):
        try:
            (parse_partial_date if field == "due" else parse_recurrence)(value)
        except DateError as exc:
            return str(exc)
        return None
    if field in ("responsible", "sectors"):
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            return f"`{field}` takes a list of at least one id"
        pool = data.parties if field == "responsible" else data.sectors
        kind = "party" if field == "responsible" else "sector"
        unknown = [v for v in value if _unknown(data, kind, v, pool)]
        return f"unknown {kind} {unknown[0]!r}{suggest(unknown[0], pool)}" if unknown else None
    if not isinstance(value, str) or not value.strip():
        return "`place` takes a non-empty text"
    return None


def check_disputed(data: Dataset, today: date) -> Iterator[Problem]:
    for agreement in data.agreements.values():
        origin = data.origins[("agreement", agreement.id)]
        for i, commitment in enumerate(agreement.commitments):
            seen: set[str] = set()
            for j, entry in enumerate(commitment.disputed):
                here = ("commitments", i, "disputed", j)
                if entry.field not in DISPUTABLE:
                    yield _at(
                        data,
                        origin,
                        (*here, "field"),
                        "disputed",
                        f"{quote(entry.field)} cannot be disputed; one of: "
                        + ", ".join(DISPUTABLE),
                    )
                elif entry.field in seen:
                    yield _at(
                        data,
                        origin,
                        (*here, "field"),
                        "disputed",
                        f"`{entry.field}` is already disputed above: one entry per field",
                    )
                elif (why := _disputed_value(entry.field, entry.value, data)) is not None:
                    yield _at(
                        data,
                        origin,
                        (*here, "value"),
                        "disputed",
                        f"the disputed value is not a valid `{entry.field}`: {why}",
                    )
                seen.add(entry.field)


# -- the calendar -----------------------------------------------------------------------------


def check_future(data: Dataset, today: date) -> Iterator[Problem]:
    """Things recorded as done after today (held, updated, overridden, reviewed, assessed)."""

    def late(origin: Origin, sub: Path_, day: date | None, what: str) -> Iterator[Problem]:
        if day is not None and day > today:
            yield _at(
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


# -- warnings ---------------------------------------------------------------------------------


def check_meetings(data: Dataset, today: date) -> Iterator[Problem]:
    for meeting in data.meetings.values():
        origin = data.origins[("meeting", meeting.id)]
        if meeting.status == "held" and not meeting.sources:
            where: Path_ = ("sources",) if meeting.sources is not None else ()
            yield _at(
                data, origin, where, "no-source", "a held meeting should cite at least one source"
            )
        if meeting.status == "scheduled" and meeting.date.last < today:
            yield _at(
                data,
                origin,
                ("date",),
                "stale-schedule",
                f"scheduled for {meeting.date}, which is over: mark it held, postponed "
                "or cancelled",
            )
        if meeting.fulfils is None:
            yield _at(
                data,
                origin,
                (),
                "orphan",
                "the meeting fulfils nothing: list the commitments it serves in `fulfils`, "
                "or write `fulfils: []` when it serves none on purpose",
            )


CHECKS: tuple[Check, ...] = (
    check_ids,
    check_refs,
    check_loops,
    check_periods,
    check_series,
    check_hosts,
    check_disputed,
    check_future,
    check_meetings,
)


def run_checks(data: Dataset, today: date) -> list[Problem]:
    return [problem for check in CHECKS for problem in check(data, today)]
