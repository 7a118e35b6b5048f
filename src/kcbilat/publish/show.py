"""`kcbilat show`: one agreement, commitment or meeting in full, and why its status is so."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from kcbilat.core.periods import Series
from kcbilat.core.records import Agreement, Commitment, Meeting, Source, to_json
from kcbilat.publish.diagnostics import safe
from kcbilat.publish.listing import display_width
from kcbilat.publish.views import (
    days_text,
    deadline_text,
    flags_text,
    party_label,
    record_text,
    status_dict,
    status_text,
)
from kcbilat.read.loader import Dataset
from kcbilat.status.engine import fulfilments
from kcbilat.status.rows import CommitmentStatus


def describe(
    data: Dataset,
    rows: Sequence[CommitmentStatus],
    ident: str,
    as_of: date,
    fmt: str,
    width: int | None = None,
) -> str:
    """The text (or JSON) for `ident`; KeyError when nothing has that id or ref. With a
    `width` (a terminal's), the text is wrapped to it (see `wrap`)."""
    by_ref = {r.ref: r for r in rows}
    if ident in by_ref:
        agreement = data.agreements[by_ref[ident].agreement]
        commitment = next(c for c in agreement.commitments if c.id == by_ref[ident].id)
        if fmt == "json":
            return _json(status_dict(by_ref[ident]) | {"commitment": to_json(commitment)})
        return _text(_commitment(data, agreement, commitment, by_ref[ident], as_of), width)
    if ident in data.agreements:
        agreement = data.agreements[ident]
        mine = [r for r in rows if r.agreement == ident]
        if fmt == "json":
            return _json(to_json(agreement) | {"statuses": [status_dict(r) for r in mine]})
        return _text(_agreement(data, agreement, mine), width)
    if ident in data.meetings:
        meeting = data.meetings[ident]
        if fmt == "json":
            return _json(to_json(meeting))
        return _text(_meeting(data, meeting, by_ref, as_of), width)
    raise KeyError(ident)


def _text(lines: Sequence[str], width: int | None) -> str:
    if width is not None:
        lines = [
            line[:width] if line.strip("=") == "" else part  # a title's underline
            for line in lines
            for part in wrap(line, width)
        ]
    return "".join(line + "\n" for line in lines)


#: `name: value` at the start of a line: continuation lines align with the value
_FIELD = re.compile(r"[a-z][a-z ]*: +(?=\S)")


#: a list item (`- source`) or a dated one (`2026-01-05: update`): its lines hang
_ITEM = re.compile(r"- |\S+: ")


def wrap(line: str, width: int) -> list[str]:
    """A line cut at spaces into lines of at most `width` columns (wide characters count
    two). Continuation lines hang: aligned with the value of a `name: value` line,
    indented two more than a list or dated item, and level with the first line of a
    paragraph (under its heading). A word is never split: one longer than the width
    (a URL) stands alone on its line, unindented."""
    if display_width(line) <= width:
        return [line]
    indent = len(line) - len(line.lstrip(" "))
    field = _FIELD.match(line)
    if field and field.end() <= 16:
        hang = field.end()
    elif _ITEM.match(line, indent):
        hang = indent + 2
    else:  # a paragraph under its heading: every line at its indent
        hang = indent
    hang = min(hang, width // 3)
    out: list[str] = []
    current, empty = line[:indent], True
    for token in re.findall(r"\S+ *", line[indent:]):
        word = token.rstrip(" ")
        if not empty and display_width(current + word) > width:
            out.append(current.rstrip(" "))
            current, empty = " " * hang, True
        if empty and display_width(current + word) > width:
            current = ""  # longer than the line: on its own, from the first column
        current += token
        empty = False
    out.append(current.rstrip(" "))
    return out


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, default=str) + "\n"


def _sources(sources: Sequence[Source], indent: str = "  ") -> list[str]:
    lines = []
    for s in sources or ():
        meta = ", ".join(str(x) for x in (s.publisher, s.published) if x)
        lines.append(f"{indent}- {s.title}" + (f" ({meta})" if meta else "") + f" <{s.url}>")
    return lines


def _field(name: str, value: Any) -> list[str]:
    return [f"{name + ':':<12} {value}"] if value not in (None, "", [], ()) else []


def _agreement(data: Dataset, a: Agreement, rows: Sequence[CommitmentStatus]) -> list[str]:
    lines = [safe(a.title), "=" * min(display_width(a.title), 78)]
    lines += _field("id", a.id) + _field("type", a.type) + _field("signed", a.signed)
    lines += _field("place", a.place) + _field("status", a.status) + _field("expires", a.expires)
    lines += _field("revises", a.revises) + _field("sectors", ", ".join(a.sectors))
    lines += _field("reviewed", a.reviewed or "never (statuses are unverified)")
    lines += ["parties:", *(f"  - {party_label(data.parties, p)}" for p in a.parties)]
    lines += ["", "summary:", f"  {a.summary}"]
    if a.notes:
        lines += ["", "notes:", f"  {a.notes}"]
    lines += ["", "sources:", *_sources(a.sources)]
    lines += ["", f"commitments ({len(rows)}):"]
    for r in rows:
        extra = "  ".join(x for x in (deadline_text(r), days_text(r), record_text(r)) if x)
        lines.append(
            f"  {status_text(r):<16} {r.ref}  {r.title}" + (f"  [{extra}]" if extra else "")
        )
    if not rows:
        lines.append("  (none recorded)")
    return [safe(line) for line in lines]


def _commitment(
    data: Dataset, a: Agreement, c: Commitment, r: CommitmentStatus, as_of: date
) -> list[str]:
    lines = [safe(c.title), "=" * min(display_width(c.title), 78)]
    lines += _field("ref", r.ref) + _field("agreement", f"{a.id} ({a.title})")
    lines += _field("kind", r.kind)
    if c.due:
        lines += _field("due", c.due)
    if c.recurs:
        until = f" until {c.recurs.until}" if c.recurs.until else ""
        lines += _field("recurs", f"{c.recurs.every.cadence} from {c.recurs.from_}{until}")
    if r.kind == "open":
        lines += _field("review", c.review or "12 months (default)")
    lines += _field("place", c.place) + _field("hosts", c.hosts)
    lines += _field("responsible", ", ".join(party_label(data.parties, p) for p in c.responsible))
    lines += _field("sectors", ", ".join(c.sectors))
    status_line = status_text(r)
    details = [x for x in (deadline_text(r) and f"deadline {deadline_text(r)}", days_text(r)) if x]
    if details:
        status_line += " — " + ", ".join(details)
    lines += ["", f"status as of {as_of}: {status_line}"]
    lines += _field("record", record_text(r)) + _field("last activity", r.last_activity)
    lines += _field("flags", flags_text(r))
    if c.status:
        lines += [
            f"override:    {c.status} from {c.status_date}: {c.status_note}",
            *_sources(c.status_sources or ()),
        ]
    if c.assessment:
        v = c.assessment
        lines += ["", f"assessment: {v.verdict} ({v.date}): {v.note}", *_sources(v.sources)]
    else:
        lines += ["", "assessment: not assessed (the schedule above says nothing about substance)"]
    if c.description:
        lines += ["", "description:", f"  {c.description}"]
    if r.kind == "recurring":
        lines += ["", *_ledger(data, a, c, r, as_of)]
    else:
        lines += ["", *_meetings_once(data, r, as_of)]
    if c.updates:
        lines += ["", "updates:"]
        for u in sorted(c.updates, key=lambda u: u.date):
            note = "" if u.date <= as_of else " (after as-of: not counted)"
            lines += [f"  {u.date}: {u.summary}{note}", *_sources(u.sources, "    ")]
    for d in c.disputed:
        lines += [
            "",
            f"disputed {d.field}: {json.dumps(d.value, default=str, ensure_ascii=False)}",
            f"  {d.note}",
            *_sources(d.sources),
        ]
        if r.alternative_status and d.field in ("due", "recurs"):
            lines.append(f"  under this reading the status would be: {r.alternative_status}")
    sources = c.sources or a.sources
    lines += ["", "sources:" + ("" if c.sources else " (the agreement's)"), *_sources(sources)]
    return [safe(line) for line in lines]


def _ledger(
    data: Dataset, a: Agreement, c: Commitment, r: CommitmentStatus, as_of: date
) -> list[str]:
    """The period ledger, then every meeting naming the commitment and whether it counted."""
    lines = ["periods:"]
    for p in r.periods:
        late = " (late)" if p.late else ""
        met_by = f"  by {', '.join(p.meetings)}" if p.meetings else ""
        lines.append(f"  {p.label:<20} {p.start} – {p.end}  {p.state}{late}{met_by}")
    if not r.periods:
        lines.append("  (none yet)")
    counted = {m for p in r.periods for m in p.meetings}
    assert c.recurs is not None
    series = Series(c.recurs.every, c.recurs.from_, c.recurs.until)
    first = r.periods[0].start if r.periods else None
    lines.append("meetings:")
    items = fulfilments(data.meetings.values()).get(r.ref, [])
    for item in items:
        m = item.meeting
        if m.id in counted:
            why = "counted"
        elif m.status != "held":
            plan = m.status == "scheduled" and m.date.last >= as_of
            why = "a live plan" if plan else f"{m.status}: does not count"
        elif m.date.first > as_of:
            why = "held after as-of: not counted yet"
        else:
            period = (
                series.named(item.period)
                if item.period is not None
                else series.holding(m.date.first)
            )
            if period is None or (first and period.end < first):
                why = "serves no period that exists (before the signing or outside the series)"
            else:
                why = "not counted"
        target = f" for {item.period}" if item.period is not None else ""
        lines.append(f"  {m.date}  {m.id} ({m.status}){target}: {why}")
    if not items:
        lines.append("  (no meeting names this commitment)")
    return lines


def _meetings_once(data: Dataset, r: CommitmentStatus, as_of: date) -> list[str]:
    lines = ["meetings:"]
    items = fulfilments(data.meetings.values()).get(r.ref, [])
    for item in items:
        m = item.meeting
        if m.id in r.fulfilled_by:
            why = "fulfils it" if m.id == r.fulfilled_by[0] else "held, after the first"
        elif m.id in r.planned:
            why = "a live plan"
        elif m.status == "held":
            why = "held after as-of: not counted yet"
        else:
            why = f"{m.status}: does not count"
        lines.append(f"  {m.date}  {m.id} ({m.status}): {why}")
    if not items:
        lines.append("  (no meeting names this commitment)")
    return lines


def _meeting(
    data: Dataset, m: Meeting, by_ref: dict[str, CommitmentStatus], as_of: date
) -> list[str]:
    lines = [safe(m.title), "=" * min(display_width(m.title), 78)]
    lines += _field("id", m.id) + _field("date", m.date) + _field("status", m.status)
    lines += _field("place", m.place) + _field("host", m.host)
    if m.series:
        lines += _field("series", m.series + (f" (no. {m.number})" if m.number else ""))
    lines += ["parties:", *(f"  - {party_label(data.parties, p)}" for p in m.parties)]
    lines += ["fulfils:"]
    for item in m.fulfils or ():
        r = by_ref.get(item.ref)
        what = f"{r.title} — now {r.status}" if r else "(not a tracked commitment)"
        period = ""
        if r and r.kind == "recurring":
            period = next((f" [period {p.label}]" for p in r.periods if m.id in p.meetings), "")
        target = f" (period: {item.period})" if item.period is not None else ""
        lines.append(f"  - {item.ref}{target}: {what}{period}")
    if m.fulfils is not None and not m.fulfils:
        lines.append("  (nothing, on purpose)")
    if m.summary:
        lines += ["", "summary:", f"  {m.summary}"]
    lines += ["", "sources:", *_sources(m.sources or ())]
    return [safe(line) for line in lines]
