"""What changed between two versions of the data: records, and commitment statuses on one date."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from kcbilat.core.escape import markdown as esc
from kcbilat.core.escape import markdown_code, terminal
from kcbilat.core.records import to_json
from kcbilat.publish.views import SYMBOLS
from kcbilat.read.loader import Dataset
from kcbilat.status.query import select
from kcbilat.status.rows import CommitmentStatus


@dataclass(frozen=True, slots=True)
class RecordChange:
    kind: str  # agreement | meeting | party | sector
    id: str
    change: str  # added | removed | changed | invalid (its file has errors on one side)
    fields: tuple[str, ...] = ()
    where: str = ""  # for "invalid": the side, as named in the diff (a revision, "working tree")
    errors: int = 0  # for "invalid": the errors of its file there


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
    #: errors in the data on each side (a record broken there is "invalid", never "removed")
    base_errors: int = 0
    head_errors: int = 0


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


def _invalid(data: Dataset, kind: str, valid: dict[str, Any]) -> dict[str, int]:
    """id → errors of its file, for the records of `kind` that exist but could not be read."""
    errors: dict[Any, int] = {}
    for problem in data.problems:
        if problem.is_error:
            errors[problem.file] = errors.get(problem.file, 0) + 1
    out: dict[str, int] = {}
    for k, ident, origin in data.ids:
        if k == kind and ident not in valid and origin.path in errors:
            out[ident] = errors[origin.path]
    if kind in ("agreement", "meeting"):  # a file whose id cannot be read: its name stands
        folder = "agreements" if kind == "agreement" else "meetings"
        for k, ident in data.known:
            path = data.root / folder / f"{ident}.yaml"
            if k == kind and ident not in valid and ident not in out and path in errors:
                out[ident] = errors[path]
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
    broken: set[str] = set()  # agreements invalid on either side: no status to compare
    for kind, attr in (
        ("agreement", "agreements"),
        ("meeting", "meetings"),
        ("party", "parties"),
        ("sector", "sectors"),
    ):
        before, after = getattr(old, attr), getattr(new, attr)
        bad_before, bad_after = _invalid(old, kind, before), _invalid(new, kind, after)
        for ident in sorted(set(before) | set(after) | set(bad_before) | set(bad_after)):
            if ident in bad_before or ident in bad_after:
                side, errors = (
                    (head, bad_after[ident]) if ident in bad_after else (base, bad_before[ident])
                )
                records.append(RecordChange(kind, ident, "invalid", where=side, errors=errors))
                if kind == "agreement":
                    broken.add(ident)
            elif ident not in before:
                records.append(RecordChange(kind, ident, "added"))
            elif ident not in after:
                records.append(RecordChange(kind, ident, "removed"))
            elif before[ident] != after[ident]:
                fields = _fields(to_json(before[ident]), to_json(after[ident]))
                records.append(RecordChange(kind, ident, "changed", tuple(fields)))

    def statuses(data: Dataset) -> dict[str, CommitmentStatus]:
        return {r.ref: r for r in select(data, as_of, window, review_age, include_all=True)}

    was, now = statuses(old), statuses(new)
    changes = []
    for ref in sorted(set(was) | set(now)):
        if ref.partition("/")[0] in broken:
            continue
        a, b = was.get(ref), now.get(ref)
        if a is None or b is None or a.status != b.status:
            title = (b or a).title  # type: ignore[union-attr]
            changes.append(StatusChange(ref, title, a and a.status, b and b.status))
    return DataDiff(
        base,
        head,
        as_of,
        tuple(records),
        tuple(changes),
        sum(p.is_error for p in old.problems),
        sum(p.is_error for p in new.problems),
    )


def _status(value: str | None) -> str:
    return f"{SYMBOLS[value]} {value}" if value else "—"


def _change(r: RecordChange) -> str:
    """'changed agreement x', 'invalid agreement x in working tree (2 errors)'."""
    if r.change == "invalid":
        return f"invalid {r.kind} {r.id} in {r.where} ({r.errors} error{'s' * (r.errors != 1)})"
    return f"{r.change} {r.kind} {r.id}"


def invalid_sides(d: DataDiff) -> list[str]:
    """'the working tree has 2 errors' for each side whose data is not valid."""
    return [
        f"{side} has {n} error{'s' * (n != 1)}"
        for side, n in ((d.base, d.base_errors), (d.head, d.head_errors))
        if n
    ]


def text(d: DataDiff) -> str:
    lines = [terminal(f"kcbilat diff {d.base}..{d.head} (statuses as of {d.as_of})")]
    lines += [
        terminal(f"⚠ {side}: records broken there are shown as invalid")
        for side in invalid_sides(d)
    ]
    if not d.records and not d.statuses:
        return "\n".join([*lines, "no changes"]) + "\n"
    if d.statuses:
        lines += ["", "status changes:"]
        lines += [
            terminal(f"  {c.ref}: {_status(c.before)} → {_status(c.after)}") for c in d.statuses
        ]
    if d.records:
        lines += ["", "records:"]
        for r in d.records:
            detail = f": {', '.join(r.fields)}" if r.fields else ""
            lines.append(terminal(f"  {_change(r)}{detail}"))
    return "\n".join(lines) + "\n"


def markdown(d: DataDiff) -> str:
    """For a pull-request comment or a job summary: every text from the data escaped
    (no markup, no mention, no extra row can come from a record)."""
    head = f"### kcbilat: {markdown_code(d.base)} → {markdown_code(d.head)}"
    lines = [head, "", f"Statuses as of {d.as_of}."]
    lines += [
        f"> **Invalid data:** {esc(side)}: the records broken there are shown as invalid "
        "(`kcbilat validate` shows the errors)."
        for side in invalid_sides(d)
    ]
    if not d.records and not d.statuses:
        return "\n".join([*lines, "", "No changes to the data."]) + "\n"
    if d.statuses:
        lines += ["", "| commitment | before | after |", "|---|---|---|"]
        lines += [
            f"| {markdown_code(c.ref)} {esc(c.title)} | {_status(c.before)} | {_status(c.after)} |"
            for c in d.statuses
        ]
    else:
        lines += ["", "No commitment changes status."]
    if d.records:
        lines += ["", f"<details><summary>Records changed ({len(d.records)})</summary>", ""]
        for r in d.records:
            detail = f": {', '.join(markdown_code(f) for f in r.fields)}" if r.fields else ""
            what = f"{r.change} {r.kind} {markdown_code(r.id)}"
            if r.change == "invalid":
                what += f" in {esc(r.where)} ({r.errors} error{'s' * (r.errors != 1)})"
            lines.append(f"- {what}{detail}")
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"


def as_json(d: DataDiff) -> str:
    body = {
        "base": d.base,
        "head": d.head,
        "as_of": d.as_of.isoformat(),
        "errors": {"base": d.base_errors, "head": d.head_errors},
        "records": [
            {"kind": r.kind, "id": r.id, "change": r.change, "fields": list(r.fields)}
            | ({"where": r.where, "errors": r.errors} if r.change == "invalid" else {})
            for r in d.records
        ],
        "statuses": [
            {"ref": c.ref, "title": c.title, "before": c.before, "after": c.after}
            for c in d.statuses
        ],
    }
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


FORMATS = {"text": text, "markdown": markdown, "json": as_json}
