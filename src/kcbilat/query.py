"""Filters for the listing commands: AND across filters, OR within the values of one."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from .status import CommitmentStatus

KINDS = ("once", "recurring", "open")


@dataclass(frozen=True)
class Filters:
    statuses: frozenset[str] = frozenset()
    sectors: frozenset[str] = frozenset()  # already expanded to descendants
    parties: frozenset[str] = frozenset()
    agreements: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    due_before: date | None = None
    due_after: date | None = None
    search: str | None = None


def split(values: Iterable[str] | None) -> list[str]:
    """Repeatable and comma-separated option values, flattened: ['a,b', 'c'] → [a, b, c]."""
    return [part.strip() for value in values or () for part in value.split(",") if part.strip()]


def descendants(sectors: Mapping[str, Any], roots: Iterable[str]) -> frozenset[str]:
    """The sectors and every sector below them (`--sector climate` matches carbon-markets)."""
    children: dict[str, list[str]] = {}
    for sector in sectors.values():
        if sector.parent:
            children.setdefault(sector.parent, []).append(sector.id)
    found: set[str] = set()
    stack = list(roots)
    while stack:
        current = stack.pop()
        if current not in found:
            found.add(current)
            stack.extend(children.get(current, ()))
    return frozenset(found)


def _text(*parts: str | None) -> str:
    return " ".join(p for p in parts if p).casefold()


def due_date(row: CommitmentStatus, agreement: Any) -> date | None:
    """The date `--due-before/--due-after` compare: the deadline, or for a one-off commitment
    that has none any more (met, overridden) the last day of its `due`."""
    if row.deadline is not None:
        return row.deadline
    commitment = next((c for c in agreement.commitments if c.id == row.id), None)
    return commitment.due.last if commitment is not None and commitment.due else None


def commitment_filter(
    f: Filters, agreements: Mapping[str, Any]
) -> Callable[[CommitmentStatus], bool]:
    needle = f.search.casefold() if f.search else None

    def keep(row: CommitmentStatus) -> bool:
        agreement = agreements[row.agreement]
        if f.statuses and row.status not in f.statuses:
            return False
        if f.sectors and not f.sectors.intersection(row.sectors):
            return False
        if f.parties and not f.parties.intersection(row.responsible):
            return False
        if f.agreements and row.agreement not in f.agreements:
            return False
        if f.kinds and row.kind not in f.kinds:
            return False
        if f.due_before or f.due_after:
            day = due_date(row, agreement)
            if day is None or (f.due_before and day >= f.due_before):
                return False
            if f.due_after and day <= f.due_after:
                return False
        if needle:
            commitment = next(c for c in agreement.commitments if c.id == row.id)
            if needle not in _text(row.title, commitment.description, agreement.title, row.ref):
                return False
        return True

    return keep


def agreement_filter(f: Filters) -> Callable[[Any], bool]:
    needle = f.search.casefold() if f.search else None

    def keep(agreement: Any) -> bool:
        if f.agreements and agreement.id not in f.agreements:
            return False
        if f.statuses and agreement.status not in f.statuses:
            return False
        sectors = {s for c in agreement.commitments for s in c.sectors} | set(agreement.sectors)
        if f.sectors and not f.sectors & sectors:
            return False
        if f.parties and not f.parties.intersection(agreement.parties):
            return False
        if f.kinds and not {c.kind for c in agreement.commitments} & f.kinds:
            return False
        signed = agreement.signed.first if agreement.signed else None
        if f.due_before and (signed is None or signed >= f.due_before):
            return False
        if f.due_after and (signed is None or signed <= f.due_after):
            return False
        return not needle or needle in _text(agreement.id, agreement.title, agreement.summary)

    return keep


def meeting_filter(f: Filters) -> Callable[[Any], bool]:
    needle = f.search.casefold() if f.search else None

    def keep(meeting: Any) -> bool:
        refs = [item.ref for item in meeting.fulfils or ()]
        if f.statuses and meeting.status not in f.statuses:
            return False
        if f.parties and not f.parties.intersection(meeting.parties):
            return False
        if f.agreements and not any(r.partition("/")[0] in f.agreements for r in refs):
            return False
        if f.due_before and meeting.date.first >= f.due_before:
            return False
        if f.due_after and meeting.date.last <= f.due_after:
            return False
        return not needle or needle in _text(meeting.id, meeting.title, meeting.summary)

    return keep
