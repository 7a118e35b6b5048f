"""Result objects → Listings: which columns each listing shows, and the JSON shapes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, Literal, get_args

from kcbilat.core.records import Agreement, Meeting, Party, Sector, to_json
from kcbilat.publish.listing import Listing
from kcbilat.status.engine import ORDER, CommitmentStatus

if TYPE_CHECKING:
    from kcbilat.read.loader import Dataset
    from kcbilat.status.query import Filters

SYMBOLS = {
    "overdue": "✗",
    "due": "!",
    "stale": "~",
    "scheduled": "◷",
    "upcoming": "○",
    "active": "●",
    "pending": "·",
    "met": "✓",
    "ended": "■",
    "cancelled": "⊘",
    "superseded": "↷",
}
STYLES = {
    "overdue": "bold red",
    "due": "yellow",
    "stale": "magenta",
    "scheduled": "cyan",
    "upcoming": "default",
    "active": "green",
    "pending": "dim",
    "met": "green",
    "ended": "dim",
    "cancelled": "dim",
    "superseded": "dim",
}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def status_dict(row: CommitmentStatus) -> dict[str, Any]:
    """One commitment in `status --format json` (docs/reference/json.md)."""
    return {
        "ref": row.ref,
        "agreement": row.agreement,
        "id": row.id,
        "title": row.title,
        "kind": row.kind,
        "status": row.status,
        "deadline": _iso(row.deadline),
        "due": row.due,
        "days_left": row.days_left,
        "late": row.late,
        "sectors": list(row.sectors),
        "responsible": list(row.responsible),
        "last_activity": _iso(row.last_activity),
        "record": row.record,
        "periods": [
            {
                "label": p.label,
                "start": p.start.isoformat(),
                "end": p.end.isoformat(),
                "state": p.state,
                "late": p.late,
                "meetings": list(p.meetings),
            }
            for p in row.periods
        ]
        if row.kind == "recurring"
        else [],
        "reviewed": _iso(row.reviewed),
        "unverified": row.unverified,
        "alternative_status": row.alternative_status,
        "assessment": row.assessment,
        "disputed": list(row.disputed),
        "fulfilled_by": list(row.fulfilled_by),
        "planned": list(row.planned),
        "override": row.override,
        "in_force": row.in_force,
    }


def party_label(parties: Mapping[str, Party], ident: str) -> str:
    """A party for people: 'Ministry of Ecology and Environment / 生态环境部 (cn-mee)'."""
    party = parties.get(ident)
    if party is None:
        return ident
    local = f" / {party.name_local}" if party.name_local else ""
    return f"{party.name}{local} ({ident})"


def status_rows(rows: Iterable[CommitmentStatus]) -> list[dict[str, Any]]:
    """Plain dicts, one per commitment (the JSON shape): ready for pandas.DataFrame."""
    return [status_dict(row) for row in rows]


def deadline_text(row: CommitmentStatus) -> str:
    """The deadline as written: `2026-H1` for a one-off, the period label for a recurring one."""
    if row.deadline is None:
        return ""
    if row.kind == "once" and row.due:
        return row.due
    label = next((p.label for p in row.periods if p.end == row.deadline), None)
    return label or row.deadline.isoformat()


def days_text(row: CommitmentStatus) -> str:
    if row.days_left is None:
        return ""
    if row.days_left < 0:
        return f"{-row.days_left} d overdue"
    return "today" if row.days_left == 0 else f"{row.days_left} d left"


def record_text(row: CommitmentStatus) -> str:
    if row.record is None:
        return ""
    text = f"{row.record['met']}/{row.record['ended']}"
    if row.record["missed"]:
        text += " missed " + ",".join(row.record["missed"])
    return text


def status_text(row: CommitmentStatus) -> str:
    text = f"{SYMBOLS[row.status]} {row.status}"
    return text + " (late)" if row.late else text


def flags_text(row: CommitmentStatus) -> str:
    flags = []
    if row.unverified:
        flags.append(
            f"unverified since {row.reviewed}" if row.reviewed else "unverified (never reviewed)"
        )
    if row.alternative_status:
        flags.append(f"disputed: {row.alternative_status} under the other reading")
    elif row.disputed:
        flags.append("disputed: " + ",".join(row.disputed))
    if not row.in_force:
        flags.append("agreement not in force")
    return "; ".join(flags)


def markers(row: CommitmentStatus) -> str:
    """The dashboard's compact flags (its footer says what they mean): ? unverified,
    ≠ disputed (with the status under the other reading), † agreement not in force."""
    out = ["?"] if row.unverified else []
    if row.alternative_status:
        out.append(f"≠{row.alternative_status}")
    elif row.disputed:
        out.append("≠")
    if not row.in_force:
        out.append("†")
    return " ".join(out)


STATUS_COLUMNS = [
    "status",
    "ref",
    "title",
    "deadline",
    "days",
    "responsible",
    "record",
    "assessment",
    "flags",
]


def status_cells(row: CommitmentStatus) -> list[str]:
    return [
        status_text(row),
        row.ref,
        row.title,
        deadline_text(row),
        days_text(row),
        ", ".join(row.responsible),
        record_text(row),
        row.assessment or "not assessed",
        markers(row),
    ]


def summary_line(counts: Mapping[str, int]) -> str:
    parts = [f"{counts[s]} {s}" for s in ORDER if counts.get(s)]
    total = sum(counts.values())
    return f"{total} commitment{'s' * (total != 1)}: " + (", ".join(parts) if parts else "none")


def status_listing(
    rows: Sequence[CommitmentStatus],
    counts: Mapping[str, int],
    as_of: date,
    window: int,
    data_dir: str,
    review_age: int,
) -> Listing:
    unverified = [r for r in rows if r.unverified]
    footer = [summary_line(counts)]
    if unverified:
        never = sum(r.reviewed is None for r in unverified)
        footer.append(
            f"? {len(unverified)} unverified: the agreement's sources were not reviewed in the "
            f"{review_age} days before {as_of}"
            + (f" ({never} never)" if never else "")
            + ": no record of a meeting is not proof that none was held"
        )
    if any(r.disputed for r in rows):
        footer.append(
            "≠ disputed: sources disagree; ≠STATUS is the status under the other "
            "reading (kcbilat show REF)"
        )
    if any(not r.in_force for r in rows):
        footer.append("† the agreement is not in force (shown with --all)")
    footer.append(f"as of {as_of} · window {window} days · data: {data_dir}")
    return Listing(
        columns=STATUS_COLUMNS,
        rows=[status_cells(r) for r in rows],
        styles=[STYLES[r.status] for r in rows],
        wrap=frozenset({2}),
        footer=footer,
        data=lambda: {
            "as_of": as_of.isoformat(),
            "window_days": window,
            "data_dir": data_dir,
            "summary": dict(counts),
            "commitments": [status_dict(r) for r in rows],
        },
    )


def commitments_listing(rows: Sequence[CommitmentStatus]) -> Listing:
    return Listing(
        columns=["ref", "kind", "title", "due", "sectors", "responsible", "status"],
        rows=[
            [
                r.ref,
                r.kind,
                r.title,
                r.due or ("recurring" if r.kind == "recurring" else ""),
                ", ".join(r.sectors),
                ", ".join(r.responsible),
                r.status,
            ]
            for r in rows
        ],
        styles=[STYLES[r.status] for r in rows],
        wrap=frozenset({2}),
        data=lambda: [status_dict(r) for r in rows],
    )


def agreements_listing(agreements: Iterable[Agreement]) -> Listing:
    items = list(agreements)
    return Listing(
        columns=["id", "type", "signed", "status", "parties", "commitments", "title"],
        rows=[
            [
                a.id,
                a.type,
                str(a.signed or ""),
                a.status,
                ", ".join(a.parties),
                str(len(a.commitments)),
                a.title,
            ]
            for a in items
        ],
        wrap=frozenset({6}),
        data=lambda: [to_json(a) for a in items],
    )


def meetings_listing(meetings: Iterable[Meeting]) -> Listing:
    items = list(meetings)
    return Listing(
        columns=["id", "date", "status", "place", "fulfils", "title"],
        rows=[
            [
                m.id,
                str(m.date),
                m.status,
                m.place or "",
                ", ".join(f.ref for f in m.fulfils or ()),
                m.title,
            ]
            for m in items
        ],
        wrap=frozenset({5}),
        data=lambda: [to_json(m) for m in items],
    )


def parties_listing(parties: Iterable[Party]) -> Listing:
    items = list(parties)
    return Listing(
        columns=["id", "country", "kind", "abbr", "name", "name_local"],
        rows=[[p.id, p.country, p.kind, p.abbr or "", p.name, p.name_local or ""] for p in items],
        wrap=frozenset({4}),
        data=lambda: [to_json(p) for p in items],
    )


def sectors_listing(sectors: Iterable[Sector]) -> Listing:
    items = list(sectors)
    return Listing(
        columns=["id", "parent", "name"],
        rows=[[s.id, s.parent or "", s.name] for s in items],
        data=lambda: [to_json(s) for s in items],
    )


#: what `kcbilat list` lists
ListKind = Literal["agreements", "commitments", "meetings", "parties", "sectors"]
LIST_KINDS: tuple[str, ...] = get_args(ListKind)


def records_listing(what: str, data: Dataset, filters: Filters) -> Listing:
    """The listing of agreements, meetings, parties or sectors kept by `filters` (resolved)."""
    from kcbilat.status import query

    if what == "agreements":
        keep_a = query.agreement_filter(filters)
        return agreements_listing(
            a for a in sorted(data.agreements.values(), key=lambda a: a.id) if keep_a(a)
        )
    if what == "meetings":
        keep_m = query.meeting_filter(filters)
        return meetings_listing(
            m
            for m in sorted(data.meetings.values(), key=lambda m: (m.date.first, m.id))
            if keep_m(m)
        )
    if what == "parties":
        return parties_listing(filter(query.party_filter(filters), data.parties.values()))
    if what == "sectors":
        return sectors_listing(filter(query.sector_filter(filters), data.sectors.values()))
    raise ValueError(f"not a record listing: {what!r}")
