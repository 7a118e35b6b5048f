"""`kcbilat report`: the status results as a publishable Markdown or HTML document.

`build` turns the shared result objects into one plain view (no second status
computation); `render` fills a Jinja2 template with it: HTML autoescaped, Markdown
through an escaping `finalize`, so no record text can inject markup in either.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from kcbilat.core.escape import markdown
from kcbilat.core.records import Agreement, Commitment, Source
from kcbilat.core.vocabulary import ORDER
from kcbilat.publish.views import (
    SYMBOLS,
    days_text,
    deadline_text,
    flags_text,
    party_label,
    record_text,
    status_text,
    summary_line,
)
from kcbilat.read.loader import Dataset
from kcbilat.status.engine import Fulfilment, fulfilments
from kcbilat.status.rows import CommitmentStatus, summary

if TYPE_CHECKING:
    from jinja2 import Environment

DEFAULT_TITLE = "Korea–China agreement commitments"
ATTENTION = ("overdue", "due")


@dataclass
class MeetingLine:
    date: str
    id: str
    title: str
    status: str
    note: str


@dataclass
class CommitmentView:
    row: CommitmentStatus
    record: Commitment
    status: str  # symbol and word, "(late)" when late
    deadline: str
    days: str
    ledger: str  # the recurring record, "1/1 missed 2026"
    flags: str
    schedule: str  # what was promised, when: "due 2026", "every annual from 2026"
    responsible: list[str]
    sectors: list[str]
    meetings: list[MeetingLine]
    disputed: list[dict[str, Any]]
    sources: list[Any]
    own_sources: bool


@dataclass
class AgreementView:
    record: Any
    parties: list[str]
    commitments: list[CommitmentView]


@dataclass
class Group:
    id: str
    name: str
    total: int
    counts: list[int]


@dataclass
class Report:
    title: str
    as_of: date
    window: int
    review_age: int
    data_dir: str
    version: str
    total: int
    summary_line: str
    counts: list[tuple[str, str, int]]  # (status, symbol, count), non-zero only
    columns: list[str]  # the statuses that occur, in urgency order
    by_sector: list[Group]
    by_agreement: list[Group]
    attention: list[CommitmentView]
    unverified: int
    never_reviewed: int
    agreements: list[AgreementView]
    others: list[Any] = field(default_factory=list)  # agreements with nothing shown
    left_out: str = ""  # what could not be read (files with errors), in a sentence
    timeline: Any = None


def _schedule(c: Commitment) -> str:
    if c.due is not None:
        return f"one-off, due {c.due}"
    if c.recurs is not None:
        until = f" until {c.recurs.until}" if c.recurs.until else ""
        return f"recurring, {c.recurs.every.cadence} from {c.recurs.from_}{until}"
    return f"open-ended, review every {c.review or '12 months'}"


def _meetings(row: CommitmentStatus, items: Sequence[Fulfilment], as_of: date) -> list[MeetingLine]:
    counted = set(row.fulfilled_by) | {m for p in row.periods for m in p.meetings}
    lines = []
    for item in items:
        m = item.meeting
        if m.id in counted:
            period = next((p.label for p in row.periods if m.id in p.meetings), None)
            note = f"counted for {period}" if period else "counted"
        elif m.id in row.planned:
            note = "planned"
        elif m.status == "held" and m.date.first > as_of:
            note = "held after the as-of date: not counted yet"
        elif m.status == "held":
            note = "held, not counted (serves no period that exists)"
        else:
            note = f"{m.status}: does not count"
        lines.append(MeetingLine(str(m.date), m.id, m.title, m.status, note))
    return lines


def _disputed(row: CommitmentStatus, c: Commitment) -> list[dict[str, Any]]:
    out = []
    for d in c.disputed:
        value = d.value
        text = ", ".join(map(str, value)) if isinstance(value, list) else value
        if isinstance(value, dict):
            text = ", ".join(f"{k}: {v}" for k, v in value.items())
        alternative = row.alternative_status if d.field in ("due", "recurs") else None
        out.append(
            {
                "field": d.field,
                "value": str(text),
                "note": d.note,
                "sources": d.sources,
                "alternative": alternative,
            }
        )
    return out


def _groups(
    rows: Sequence[CommitmentStatus],
    columns: list[str],
    key: Callable[[CommitmentStatus], Iterable[str]],
    names: Mapping[str, str],
) -> list[Group]:
    counts: dict[str, dict[str, int]] = {}
    for row in rows:
        for ident in key(row):
            counts.setdefault(ident, dict.fromkeys(columns, 0))[row.status] += 1
    groups = [
        Group(ident, names.get(ident, ident), sum(c.values()), [c[s] for s in columns])
        for ident, c in counts.items()
    ]
    return sorted(groups, key=lambda g: (-g.total, g.id))


def build(
    data: Dataset,
    rows: Sequence[CommitmentStatus],
    *,
    as_of: date,
    window: int,
    review_age: int,
    data_dir: str,
    title: str | None,
    version: str,
    others: Iterable[Agreement] = (),
    left_out: str = "",
) -> Report:
    """The report's view of `rows` (already filtered, in urgency order)."""
    from kcbilat.publish.timeline import build as timeline

    by_ref = fulfilments(data.meetings.values())
    views: dict[str, CommitmentView] = {}
    for row in rows:
        agreement = data.agreements[row.agreement]
        c = next(x for x in agreement.commitments if x.id == row.id)
        views[row.ref] = CommitmentView(
            row=row,
            record=c,
            status=status_text(row),
            deadline=deadline_text(row),
            days=days_text(row),
            ledger=record_text(row),
            flags=flags_text(row),
            schedule=_schedule(c),
            responsible=[party_label(data.parties, p) for p in c.responsible],
            sectors=[data.sectors[s].name if s in data.sectors else s for s in c.sectors],
            meetings=_meetings(row, by_ref.get(row.ref, ()), as_of),
            disputed=_disputed(row, c),
            sources=list(c.sources or agreement.sources),
            own_sources=bool(c.sources),
        )
    counts = summary(rows)
    columns = [s for s in ORDER if counts[s]]
    by_agreement: dict[str, list[CommitmentView]] = {}
    for r in rows:  # one pass: a scan of every row per agreement took seconds at 10,000
        by_agreement.setdefault(r.agreement, []).append(views[r.ref])
    agreements = []
    for ident in sorted(by_agreement):
        record = data.agreements[ident]
        parties = [party_label(data.parties, p) for p in record.parties]
        agreements.append(AgreementView(record, parties, by_agreement[ident]))
    return Report(
        title=title or DEFAULT_TITLE,
        as_of=as_of,
        window=window,
        review_age=review_age,
        data_dir=data_dir,
        version=version,
        total=len(rows),
        summary_line=summary_line(counts),
        counts=[(s, SYMBOLS[s], counts[s]) for s in columns],
        columns=columns,
        by_sector=_groups(
            rows, columns, lambda r: r.sectors, {s.id: s.name for s in data.sectors.values()}
        ),
        by_agreement=_groups(
            rows,
            columns,
            lambda r: (r.agreement,),
            {a.id: a.title for a in data.agreements.values()},
        ),
        attention=[views[r.ref] for r in rows if r.status in ATTENTION],
        unverified=sum(r.unverified for r in rows),
        never_reviewed=sum(r.unverified and r.reviewed is None for r in rows),
        agreements=agreements,
        others=sorted(others, key=lambda a: a.id),
        left_out=left_out,
        timeline=timeline(rows, data.agreements, data.meetings.values(), as_of),
    )


# -- rendering -------------------------------------------------------------------------------


class Raw(str):
    """Markdown that is already safe (a link built here): `finalize` leaves it alone."""


def md(value: Any) -> str:
    """Plain text for Markdown (kcbilat.core.escape.markdown); Raw is already Markdown."""
    if isinstance(value, Raw):
        return value
    if value is None:
        return ""
    return markdown(str(value))


def md_link(text: Any, url: str) -> Raw:
    """`[text](url)`; the URL (validated http(s), no spaces) has its brackets encoded."""
    label = md(text) or md(url)
    return Raw(f"[{label}]({quote(url, safe=':/?#@!$&*+,;=%~-._')})")


def md_sources(sources: Iterable[Source]) -> Raw:
    """A Markdown list of source links, with publisher and date."""
    lines = []
    for s in sources:
        meta = ", ".join(md(x) for x in (s.publisher, s.published) if x)
        lines.append(f"- {md_link(s.title, s.url)}" + (f" — {meta}" if meta else ""))
    return Raw("\n".join(lines))


def _environment(fmt: str) -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    from kcbilat.publish.timeline import BANDS, MARKERS, PAINT

    env = Environment(
        loader=PackageLoader("kcbilat.publish", "templates"),
        autoescape=fmt == "html",
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=md if fmt == "markdown" else None,
    )
    env.filters["link"] = md_link
    env.filters["sources"] = md_sources
    env.globals.update(BANDS=BANDS, MARKERS=MARKERS, PAINT=PAINT, SYMBOLS=SYMBOLS)
    return env


def render(report: Report, fmt: str) -> str:
    """The report as Markdown (GitHub-flavoured) or one self-contained HTML page."""
    env = _environment(fmt)
    name = "report.md.j2" if fmt == "markdown" else "report.html.j2"
    text: str = env.get_template(name).render(r=report)
    if fmt == "markdown":
        text = re.sub(r"\n{3,}", "\n\n", text)
    return text


def unlisted(
    data: Dataset, rows: Sequence[CommitmentStatus], as_of: date, include_all: bool
) -> list[Agreement]:
    """The agreements an unfiltered report lists apart: those none of `rows` belongs to
    (no commitment recorded), in force unless `include_all`."""
    from kcbilat.status.engine import in_force

    shown = {r.agreement for r in rows}
    return [
        a
        for a in data.agreements.values()
        if a.id not in shown and (include_all or in_force(a, as_of))
    ]
