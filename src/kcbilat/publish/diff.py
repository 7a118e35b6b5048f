"""What changed between two versions of the data: records, and commitment statuses on one date."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from kcbilat.core.records import to_json
from kcbilat.publish.views import SYMBOLS
from kcbilat.read.loader import Dataset
from kcbilat.status.engine import compute


@dataclass(frozen=True, slots=True)
class RecordChange:
    kind: str  # agreement | meeting | party | sector
    id: str
    change: str  # added | removed | changed
    fields: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StatusChange:
    ref: str
    title: str
    before: str | None  # None: the commitment did not exist
    after: str | None


@dataclass(frozen=True, slots=True)
class DataDiff:
    base: str
    head: str
    as_of: date
    records: tuple[RecordChange, ...]
    statuses: tuple[StatusChange, ...]


def _fields(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Top-level keys that differ; commitments by id, one level down."""
    out = []
    for key in dict.fromkeys([*old, *new]):
        if old.get(key) == new.get(key):
            continue
        if key == "commitments":
            before = {c["id"]: c for c in old.get(key, [])}
            after = {c["id"]: c for c in new.get(key, [])}
            for cid in dict.fromkeys([*before, *after]):
                if cid not in before:
                    out.append(f"commitments.{cid} (added)")
                elif cid not in after:
                    out.append(f"commitments.{cid} (removed)")
                else:
                    out += [f"commitments.{cid}.{f}" for f in _fields(before[cid], after[cid])]
        else:
            out.append(key)
    return out


def compare(
    old: Dataset,
    new: Dataset,
    as_of: date,
    base: str,
    head: str,
    window: int = 60,
    review_age: int = 90,
) -> DataDiff:
    records = []
    for kind, attr in (
        ("agreement", "agreements"),
        ("meeting", "meetings"),
        ("party", "parties"),
        ("sector", "sectors"),
    ):
        before, after = getattr(old, attr), getattr(new, attr)
        for ident in sorted(set(before) | set(after)):
            if ident not in before:
                records.append(RecordChange(kind, ident, "added"))
            elif ident not in after:
                records.append(RecordChange(kind, ident, "removed"))
            elif before[ident] != after[ident]:
                fields = _fields(to_json(before[ident]), to_json(after[ident]))
                records.append(RecordChange(kind, ident, "changed", tuple(fields)))

    def statuses(data: Dataset) -> dict[str, Any]:
        rows = compute(
            data.agreements.values(),
            data.meetings.values(),
            as_of,
            window,
            review_age,
            include_all=True,
        )
        return {r.ref: r for r in rows}

    was, now = statuses(old), statuses(new)
    changes = []
    for ref in sorted(set(was) | set(now)):
        a, b = was.get(ref), now.get(ref)
        if a is None or b is None or a.status != b.status:
            title = (b or a).title  # type: ignore[union-attr]
            changes.append(StatusChange(ref, title, a and a.status, b and b.status))
    return DataDiff(base, head, as_of, tuple(records), tuple(changes))


def _status(value: str | None) -> str:
    return f"{SYMBOLS[value]} {value}" if value else "—"


def text(d: DataDiff) -> str:
    lines = [f"kcbilat diff {d.base}..{d.head} (statuses as of {d.as_of})"]
    if not d.records and not d.statuses:
        return lines[0] + "\nno changes\n"
    if d.statuses:
        lines += ["", "status changes:"]
        lines += [f"  {c.ref}: {_status(c.before)} → {_status(c.after)}" for c in d.statuses]
    if d.records:
        lines += ["", "records:"]
        for r in d.records:
            detail = f": {', '.join(r.fields)}" if r.fields else ""
            lines.append(f"  {r.change} {r.kind} {r.id}{detail}")
    return "\n".join(lines) + "\n"


def markdown(d: DataDiff) -> str:
    """For a pull-request comment or a job summary."""

    def cell(value: str) -> str:
        return value.replace("|", "\\|").replace("\n", " ")

    lines = [f"### kcbilat: `{d.base}` → `{d.head}`", "", f"Statuses as of {d.as_of}."]
    if not d.records and not d.statuses:
        return "\n".join([*lines, "", "No changes to the data."]) + "\n"
    if d.statuses:
        lines += ["", "| commitment | before | after |", "|---|---|---|"]
        lines += [
            f"| `{c.ref}` {cell(c.title)} | {_status(c.before)} | {_status(c.after)} |"
            for c in d.statuses
        ]
    else:
        lines += ["", "No commitment changes status."]
    if d.records:
        lines += ["", f"<details><summary>Records changed ({len(d.records)})</summary>", ""]
        for r in d.records:
            detail = f": {', '.join(f'`{f}`' for f in r.fields)}" if r.fields else ""
            lines.append(f"- {r.change} {r.kind} `{r.id}`{detail}")
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"


def as_json(d: DataDiff) -> str:
    body = {
        "base": d.base,
        "head": d.head,
        "as_of": d.as_of.isoformat(),
        "records": [
            {"kind": r.kind, "id": r.id, "change": r.change, "fields": list(r.fields)}
            for r in d.records
        ],
        "statuses": [
            {"ref": c.ref, "title": c.title, "before": c.before, "after": c.after}
            for c in d.statuses
        ],
    }
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


FORMATS = {"text": text, "markdown": markdown, "json": as_json}
