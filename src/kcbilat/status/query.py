"""Filters for the listing commands: AND across filters, OR within the values of one.

`Filters` holds what the user asked for; `resolve` checks its ids against the data set
(an unknown one is an `UnknownId`, with a suggestion) and widens sectors to their
sub-sectors. The predicates below then decide, record by record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI builds filters at startup: this module imports nothing heavy
    from kcbilat.core.records import Agreement, Commitment, Meeting, Party, Sector
    from kcbilat.read.loader import Dataset
    from kcbilat.status.rows import CommitmentStatus


@dataclass(frozen=True)
class Filters:
    statuses: frozenset[str] = frozenset()
    sectors: frozenset[str] = frozenset()  # after `resolve`: with their sub-sectors
    parties: frozenset[str] = frozenset()
    agreements: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    due_before: date | None = None
    due_after: date | None = None
    search: str | None = None


class UnknownId(ValueError):
    """A filter names an id the data set does not have (a usage error)."""

    def __init__(self, what: str, value: str, pool: Iterable[str]) -> None:
        from kcbilat.core.problems import suggest

        super().__init__(f"unknown {what} {value!r}{suggest(value, pool)}")
        self.what, self.value = what, value


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The ids the filters check a value against, and the sector tree they widen along
    (all a filter needs of the data set, so it can be saved with an answer)."""

    sectors: Mapping[str, str | None]  # id → parent
    parties: frozenset[str]
    agreements: frozenset[str]

    @classmethod
    def of(cls, data: Dataset) -> Vocabulary:
        return cls(
            {s.id: s.parent for s in data.sectors.values()},
            frozenset(data.parties),
            frozenset(data.agreements),
        )


def resolve(f: Filters, vocabulary: Vocabulary) -> Filters:
    """The filters with every id checked and sectors widened to their sub-sectors."""
    for what, values, pool in (
        ("sector", f.sectors, vocabulary.sectors),
        ("party", f.parties, vocabulary.parties),
        ("agreement", f.agreements, vocabulary.agreements),
    ):
        for value in sorted(values):
            if value not in pool:
                raise UnknownId(what, value, pool)
    if not f.sectors:
        return f
    return replace(f, sectors=descendants(vocabulary.sectors, f.sectors))


def split(values: Iterable[str] | None) -> list[str]:
    """Repeatable and comma-separated option values, flattened: ['a,b', 'c'] → [a, b, c]."""
    return [part.strip() for value in values or () for part in value.split(",") if part.strip()]


def descendants(parents: Mapping[str, str | None], roots: Iterable[str]) -> frozenset[str]:
    """The sectors and every sector below them (`--sector climate` matches carbon-markets);
    `parents` maps each sector id to its parent's."""
    children: dict[str, list[str]] = {}
    for sector, parent in parents.items():
        if parent:
            children.setdefault(parent, []).append(sector)
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


def due_date(row: CommitmentStatus) -> date | None:
    """The date `--due-before/--due-after` compare: the deadline, or for a one-off commitment
    that has none any more (met, overridden) the last day of its `due`."""
    return row.deadline if row.deadline is not None else row.due_last


def commitment_filter(f: Filters) -> Callable[[CommitmentStatus], bool]:
    needle = f.search.casefold() if f.search else None

    def keep(row: CommitmentStatus) -> bool:
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
            day = due_date(row)
            if day is None or (f.due_before and day >= f.due_before):
                return False
            if f.due_after and day <= f.due_after:
                return False
        return not needle or needle in row.haystack

    return keep


def agreement_filter(f: Filters) -> Callable[[Agreement], bool]:
    needle = f.search.casefold() if f.search else None

    def keep(agreement: Agreement) -> bool:
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


def meeting_filter(f: Filters) -> Callable[[Meeting], bool]:
    needle = f.search.casefold() if f.search else None

    def keep(meeting: Meeting) -> bool:
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


def party_filter(f: Filters) -> Callable[[Party], bool]:
    needle = (f.search or "").casefold()

    def keep(p: Party) -> bool:
        if f.parties and p.id not in f.parties:
            return False
        return needle in _text(p.id, p.name, p.name_local, p.abbr)

    return keep


def sector_filter(f: Filters) -> Callable[[Sector], bool]:
    needle = (f.search or "").casefold()

    def keep(s: Sector) -> bool:
        if f.sectors and s.id not in f.sectors:
            return False
        return needle in _text(s.id, s.name)

    return keep


def select(
    data: Dataset,
    as_of: date,
    window: int = 60,
    review_age: int = 90,
    include_all: bool = False,
    filters: Filters | None = None,
) -> list[CommitmentStatus]:
    """The statuses the reporting commands show: every tracked commitment's, in urgency
    order, kept by `filters` (already resolved)."""
    from kcbilat.status.engine import compute

    if filters is None or filters == Filters():
        return compute(
            data.agreements.values(), data.meetings.values(), as_of, window, review_age, include_all
        )
    rows = compute(
        data.agreements.values(),
        data.meetings.values(),
        as_of,
        window,
        review_age,
        include_all,
        keep=before_status(filters),
    )
    keep = commitment_filter(filters)
    return [r for r in rows if keep(r)]


def before_status(f: Filters) -> Callable[[Agreement, Commitment], bool]:
    """The filters that need no status, on a commitment before its status is computed (the
    others — status and deadlines — are applied after)."""
    needle = f.search.casefold() if f.search else None

    def keep(agreement: Agreement, c: Commitment) -> bool:
        if f.agreements and agreement.id not in f.agreements:
            return False
        if f.sectors and not f.sectors.intersection(c.sectors):
            return False
        if f.parties and not f.parties.intersection(c.responsible):
            return False
        if f.kinds and c.kind not in f.kinds:
            return False
        if needle:
            ref = f"{agreement.id}/{c.id}"
            return needle in _text(c.title, c.description, agreement.title, ref)
        return True

    return keep


#: the option of each filter
OPTIONS = {
    "statuses": "--status",
    "sectors": "--sector",
    "parties": "--party",
    "agreements": "--agreement",
    "kinds": "--kind",
    "due_before": "--due-before",
    "due_after": "--due-after",
    "search": "--search",
}
#: the filters each listing applies; any other given is refused, never silently ignored
APPLIES: dict[str, frozenset[str]] = {
    "commitments": frozenset(OPTIONS),
    "agreements": frozenset(OPTIONS),
    "meetings": frozenset(
        {"statuses", "parties", "agreements", "due_before", "due_after", "search"}
    ),
    "parties": frozenset({"parties", "search"}),
    "sectors": frozenset({"sectors", "search"}),
}


def not_applying(what: str, f: Filters, words: dict[str, tuple[str, ...]]) -> str | None:
    """Why `f` cannot be applied to the listing `what` (commitments, agreements, meetings,
    parties, sectors), or None; `words` are the statuses each listing's records have."""
    given = [name for name in OPTIONS if getattr(f, name) not in (frozenset(), None)]
    extra = [OPTIONS[name] for name in given if name not in APPLIES[what]]
    if extra:
        return (
            f"{', '.join(extra)} cannot apply to {what} (they take: "
            + ", ".join(OPTIONS[name] for name in OPTIONS if name in APPLIES[what])
            + ")"
        )
    allowed = words.get(what, ())
    wrong = sorted(s for s in f.statuses if s not in allowed)
    if wrong:
        return f"--status {wrong[0]!r} is not a status of {what} (they have: {', '.join(allowed)})"
    return None
