"""Result objects → Listings: which columns each listing shows, and the JSON shapes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from kcbilat.core.vocabulary import ORDER
from kcbilat.publish.columns import COMMITMENT_FIELDS, STATUS_COLUMNS
from kcbilat.publish.listing import Listing, datum
from kcbilat.publish.table import Col

if TYPE_CHECKING:  # a saved answer is shown without importing records or the engine
    from kcbilat.core.records import Party
    from kcbilat.status.rows import CommitmentStatus

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
    return row.deadline_label or row.deadline.isoformat()


def days_text(row: CommitmentStatus) -> str:
    if row.days_left is None:
        return ""
    if row.days_left < 0:
        return f"{-row.days_left} d overdue"
    return "today" if row.days_left == 0 else f"{row.days_left} d left"


def record_text(row: CommitmentStatus) -> str:
    """`1/5 missed 2026-03..2026-04, …`; in words before a first period has ended."""
    if row.record is None:
        return ""
    if row.status == "pending":
        return "not started"
    if not row.record["ended"]:
        return "first period"
    text = f"{row.record['met']}/{row.record['ended']}"
    if row.record["missed"]:
        text += " missed " + ", ".join(row.record["missed"])
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


def markers(row: CommitmentStatus, unverified: bool = True) -> str:
    """The dashboard's compact flags (its footer says what they mean): ? unverified (unless
    `unverified` is off: the footer says all are), ≠ disputed (with the status under the
    other reading), † agreement not in force."""
    out = ["?"] if row.unverified and unverified else []
    if row.alternative_status:
        out.append(f"≠{row.alternative_status}")
    elif row.disputed:
        out.append("≠")
    if not row.in_force:
        out.append("†")
    return " ".join(out)


#: `Col.same` for a column that may leave a table whose rows all have one value
EVERY = "{name}: {value} (every row)"


STATUS_LAYOUT = {
    "ref": Col(group="/"),
    "title": Col(prose=True, under="ref", min=50),
    "days": Col(under="deadline"),
    "responsible": Col(prose=True, drop=2, same=EVERY),
    "record": Col(prose=True, under="responsible", drop=3),
    "assessment": Col(drop=1, same=EVERY),
    "flags": Col(under="status"),
}


def status_cells(row: CommitmentStatus, unverified: bool = True) -> list[str]:
    return [
        status_text(row),
        row.ref,
        row.title,
        deadline_text(row),
        days_text(row),
        ", ".join(row.responsible),
        record_text(row),
        row.assessment or "not assessed",
        markers(row, unverified),
    ]


def commitment_record(row: CommitmentStatus) -> list[str]:
    """A commitment's CSV/TSV values, in COMMITMENT_FIELDS order."""
    record = row.record
    values = status_dict(row) | {
        "deadline": row.deadline,
        "record_met": record["met"] if record else None,
        "record_ended": record["ended"] if record else None,
        "record_missed": record["missed"] if record else None,
        "reviewed": row.reviewed,
        "last_activity": row.last_activity,
    }
    return [datum(values[name]) for name in COMMITMENT_FIELDS]


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
    compact: bool = False,
    cells: bool = True,
) -> Listing:
    """The dashboard. `compact` (a terminal's table): what every row shares, `?` on every
    row or no assessment at all, is said once in the footer instead of on every row.
    Without `cells` (for JSON, which shows no table), the table's cells are not built."""
    unverified = [r for r in rows if r.unverified]
    every = compact and len(rows) > 1 and len(unverified) == len(rows)
    unassessed = compact and len(rows) > 1 and all(r.assessment is None for r in rows)
    footer = [summary_line(counts) + ("; none assessed" if unassessed else "")]
    if unverified:
        never = sum(r.reviewed is None for r in unverified)
        footer.append(
            (f"all {len(rows)} unverified" if every else f"? {len(unverified)} unverified")
            + f": the agreement's sources were not reviewed in the {review_age} days before "
            + f"{as_of}"
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
    columns = list(STATUS_COLUMNS)
    table = [status_cells(r, not every) for r in rows] if cells else []
    if unassessed:
        at = columns.index("assessment")
        columns.pop(at)
        for row in table:
            row.pop(at)
    return Listing(
        columns=columns,
        rows=table,
        styles=[STYLES[r.status] for r in rows] if cells else [],
        layout=STATUS_LAYOUT,
        footer=footer,
        fields=COMMITMENT_FIELDS,
        records=lambda: [commitment_record(r) for r in rows],
        data=lambda: {
            "as_of": as_of.isoformat(),
            "window_days": window,
            "data_dir": data_dir,
            "summary": dict(counts),
            "commitments": map(status_dict, rows),  # streamed: made one at a time
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
        layout={
            "ref": Col(group="/"),
            "title": Col(prose=True, under="ref", min=50),
            "kind": Col(same=EVERY),
            "sectors": Col(prose=True, drop=2, same=EVERY),
            "responsible": Col(prose=True, under="sectors", drop=1, same=EVERY),
            "status": Col(same=EVERY),
        },
        fields=COMMITMENT_FIELDS,
        records=lambda: [commitment_record(r) for r in rows],
        data=lambda: map(status_dict, rows),
    )
