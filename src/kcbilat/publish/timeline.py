"""The report's timeline picture, as geometry: one row per commitment on a time axis.

Pure: from the status results to positioned bands, markers, ticks and a legend. The
template (templates/report.html.j2) only draws what is computed here, autoescaped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from kcbilat.core.dates import DEFAULT_REVIEW
from kcbilat.core.records import Agreement, Commitment, Meeting
from kcbilat.publish.views import SYMBOLS, days_text, deadline_text
from kcbilat.status.engine import fulfilments
from kcbilat.status.rows import CommitmentStatus

WIDTH = 960
LEFT, RIGHT = 12, 12
AXIS = 40  # height of the axis band at the top
ROW = 44  # height of one commitment's row: label line, bar (y 18-32), planned meetings below
LEGEND_ROW = 22
LABEL_CHARS = 130  # a row's label fits the width at 12px

#: band states: (label, symbol) — each colour is paired with a symbol and a word
BANDS = {
    "met": ("met", "✓"),
    "missed": ("missed / overdue", "✗"),
    "open": ("open: not met yet", "!"),
    "future": ("future period", "…"),
    "active": ("active (open-ended)", "↔"),
    "stale": ("stale: past its review", "~"),
    "closed": ("closed (cancelled, superseded, ended)", "⊘"),
}
#: the word drawn inside a band wide enough for it
WORDS = {
    "met": "✓ met",
    "missed": "✗ missed",
    "open": "! open",
    "future": "future",
    "active": "active",
    "stale": "~ stale",
    "closed": "⊘ closed",
}
#: how each band state is drawn: (fill, stroke, ink for its symbol); hatched ones use patterns
PAINT = {
    "met": ("#a5d6a7", "#2e7d32", "#1b5e20"),
    "missed": ("url(#tl-hatch-missed)", "#b71c1c", "#7f0000"),
    "open": ("#ffe082", "#e65100", "#6d3200"),
    "future": ("#ffffff", "#9e9e9e", "#616161"),
    "active": ("#c8e6c9", "#558b2f", "#33691e"),
    "stale": ("url(#tl-hatch-stale)", "#6a1b9a", "#4a148c"),
    "closed": ("#cfd8dc", "#607d8b", "#37474f"),
}
#: markers: (label, shape)
MARKERS = {
    "deadline": ("deadline", "diamond"),
    "held": ("held meeting", "dot"),
    "planned": ("planned meeting (whisker: date range)", "ring"),
    "review": ("review horizon", "triangle"),
}
_ONCE = {"met": "met", "overdue": "missed", "cancelled": "closed", "superseded": "closed"}


@dataclass(frozen=True, slots=True)
class Band:
    x: float
    width: float
    state: str
    symbol: str  # drawn inside: the state's word when it fits, else its symbol, else nothing
    text: str  # the tooltip: what the band is


@dataclass(frozen=True, slots=True)
class Marker:
    x: float
    kind: str
    text: str
    x0: float = 0.0  # a planned meeting's date range (whisker), else == x
    x1: float = 0.0


@dataclass(frozen=True, slots=True)
class Row:
    y: float
    ref: str
    status: str
    label: str
    summary: str  # one sentence for the text alternative
    bands: tuple[Band, ...]
    markers: tuple[Marker, ...]


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str
    major: bool


@dataclass(frozen=True, slots=True)
class LegendEntry:
    x: float
    y: float
    kind: str  # band | marker | asof
    key: str
    label: str
    symbol: str = ""


@dataclass
class Timeline:
    width: int
    height: int
    start: date
    end: date  # exclusive
    as_of: date
    as_of_x: float
    rows: list[Row] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    legend: list[LegendEntry] = field(default_factory=list)
    legend_y: float = 0.0
    plot_bottom: float = 0.0
    title: str = ""
    description: str = ""


def _x(day: date, start: date, end: date) -> float:
    plot = WIDTH - LEFT - RIGHT
    return round(LEFT + (day - start).days / max((end - start).days, 1) * plot, 1)


def _parts(
    row: CommitmentStatus,
    agreement: Agreement,
    commitment: Commitment,
    meetings: Sequence[Meeting],
    as_of: date,
) -> tuple[list[tuple[date, date, str, str]], list[tuple[str, date, date, date, str]]]:
    """A row's bands (first, last inclusive, state, text) and markers (kind, day, range, text)."""
    from kcbilat.publish.ical import commitment_items

    bands: list[tuple[date, date, str, str]] = []
    marks: list[tuple[str, date, date, date, str]] = []
    if row.kind == "once":
        due = commitment.due
        assert due is not None
        state = "closed" if row.override and row.status != "met" else _ONCE.get(row.status, "open")
        bands.append((due.first, due.last, state, f"due {due}: {due.first} to {due.last}"))
        marks.append(("deadline", due.last, due.last, due.last, f"deadline {due.last}"))
    elif row.kind == "recurring":
        for p in row.periods:
            state = {"met": "met", "missed": "missed"}.get(p.state, "open")
            if row.override and p.state == "open":
                state = "closed"
            late = " (late)" if p.late else ""
            by = f" by {', '.join(p.meetings)}" if p.meetings else ""
            text = f"period {p.label}, {p.start} to {p.end}: {p.state}{late}{by}"
            bands.append((p.start, p.end, state, text))
        listed = {p.label for p in row.periods}
        for item in commitment_items(row, agreement, commitment, as_of):
            if item.label not in listed:
                start = _period_start(commitment, item.first)
                text = f"period {item.label}, {start} to {item.first}: future"
                bands.append((start, item.first, "future", text))
        if row.deadline:
            marks.append(
                ("deadline", row.deadline, row.deadline, row.deadline, f"deadline {row.deadline}")
            )
    elif row.last_activity is not None and not row.override:
        review = commitment.review or DEFAULT_REVIEW
        horizon = review.after(row.last_activity)
        text = f"active: last activity {row.last_activity}, review by {horizon} ({review})"
        bands.append((row.last_activity, horizon, "active", text))
        marks.append(("review", horizon, horizon, horizon, f"review horizon {horizon}"))
        if row.status == "stale":
            since = horizon + timedelta(days=1)
            bands.append((since, max(since, as_of), "stale", f"stale since {since}"))
    for m in meetings:
        if m.id in row.fulfilled_by and m.status == "held" and m.date.first <= as_of:
            marks.append(
                ("held", m.date.first, m.date.first, m.date.first, f"held {m.date}: {m.title}")
            )
        elif m.id in row.planned:
            mid = m.date.first + (m.date.last - m.date.first) / 2
            marks.append(
                ("planned", mid, m.date.first, m.date.last, f"planned {m.date}: {m.title}")
            )
    return bands, marks


def _period_start(commitment: Commitment, end: date) -> date:
    from kcbilat.core.periods import Series

    r = commitment.recurs
    assert r is not None
    period = Series(r.every, r.from_, r.until).holding(end)
    return period.start if period else end


def _axis(first: date, last: date) -> tuple[date, date, str]:
    """The axis [start, end) rounded to whole months, quarters or years, and the tick step;
    `last` is exclusive too."""
    span = (last - first).days
    if span <= 550:
        step = "month"
        start = date(first.year, first.month, 1)
    elif span <= 1500:
        step = "quarter"
        start = date(first.year, (first.month - 1) // 3 * 3 + 1, 1)
    else:
        step = "year"
        start = date(first.year, 1, 1)
    end = start
    while end < last:
        end = _next(end, step)
    return start, end, step


def _next(day: date, step: str) -> date:
    months = {"month": 1, "quarter": 3, "year": 12}[step]
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _ticks(start: date, end: date, step: str) -> list[Tick]:
    ticks = []
    day = start
    years = end.year - start.year
    every = max(1, years // 12)  # at most about a dozen year labels
    while day <= end:
        major = day.month == 1
        if step == "year":
            label = str(day.year) if day.year % every == 0 else ""
        elif major:
            label = str(day.year)
        elif step == "quarter":
            label = f"Q{(day.month - 1) // 3 + 1}"
        else:
            label = day.strftime("%b")
        if day == end:
            label = ""  # no room for a label at the right edge
        ticks.append(Tick(_x(day, start, end), label, major))
        day = _next(day, step)
    return ticks


def build(
    rows: Sequence[CommitmentStatus],
    agreements: Mapping[str, Agreement],
    meetings: Iterable[Meeting],
    as_of: date,
) -> Timeline | None:
    """The timeline of `rows` (None when there is nothing to draw)."""
    if not rows:
        return None
    by_ref = fulfilments(meetings)
    parts = []
    for row in rows:
        agreement = agreements[row.agreement]
        commitment = next(c for c in agreement.commitments if c.id == row.id)
        mine = [f.meeting for f in by_ref.get(row.ref, ())]
        parts.append((row, *_parts(row, agreement, commitment, mine, as_of)))
    days = [as_of]
    for _, bands, marks in parts:
        days += [d for b in bands for d in (b[0], b[1] + timedelta(days=1))]
        days += [d for m in marks for d in (m[2], m[3] + timedelta(days=1))]
    start, end, step = _axis(min(days), max(days))
    tl = Timeline(WIDTH, 0, start, end, as_of, _x(as_of, start, end))
    tl.ticks = _ticks(start, end, step)
    for index, (row, bands, marks) in enumerate(parts):
        y = AXIS + index * ROW
        drawn = tuple(_band(a, b, state, text, start, end) for a, b, state, text in bands)
        shown = tuple(
            Marker(_x(day, start, end), kind, text, _x(a, start, end), _x(b, start, end))
            for kind, day, a, b, text in marks
        )
        room = LABEL_CHARS - len(row.status) - len(row.ref) - 8
        label = f"{SYMBOLS[row.status]} {row.status} · {_short(row.title, room)} ({row.ref})"
        tl.rows.append(Row(y, row.ref, row.status, label, _sentence(row), drawn, shown))
    tl.plot_bottom = AXIS + len(parts) * ROW
    used_bands = [k for k in BANDS if any(b.state == k for r in tl.rows for b in r.bands)]
    used_marks = [k for k in MARKERS if any(m.kind == k for r in tl.rows for m in r.markers)]
    entries = [("band", k, *BANDS[k]) for k in used_bands]
    entries += [("marker", k, MARKERS[k][0], "") for k in used_marks]
    entries.append(("asof", "asof", f"as of {as_of}", ""))
    tl.legend_y = tl.plot_bottom + 16
    per_line = 3
    column = (WIDTH - LEFT - RIGHT) / per_line
    for i, (kind, key, text, symbol) in enumerate(entries):
        x = LEFT + (i % per_line) * column
        y = tl.legend_y + (i // per_line) * LEGEND_ROW
        tl.legend.append(LegendEntry(round(x, 1), y, kind, key, text, symbol))
    tl.height = int(tl.legend_y + ((len(entries) + per_line - 1) // per_line) * LEGEND_ROW + 8)
    tl.title = f"Timeline of {len(rows)} commitment{'s' * (len(rows) != 1)} as of {as_of}"
    tl.description = (
        f"From {start} to {end - timedelta(days=1)}, one row per commitment: coloured bands "
        "are deadline windows and recurring periods (labelled with their state), markers are "
        "deadlines, meetings and review horizons, and a vertical line marks the as-of date. "
        + " ".join(r.summary for r in tl.rows)
    )
    return tl


def _band(first: date, last: date, state: str, text: str, start: date, end: date) -> Band:
    x = _x(first, start, end)
    width = max(round(_x(last + timedelta(days=1), start, end) - x, 1), 1.5)
    word = WORDS[state]
    inside = word if width >= 7 * len(word) + 24 else BANDS[state][1] if width >= 16 else ""
    return Band(x, width, state, inside, text)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _sentence(row: CommitmentStatus) -> str:
    parts = [f"{row.title}: {row.status}"]
    if deadline_text(row):
        parts.append(f"deadline {deadline_text(row)}, {days_text(row)}")
    if row.record is not None and row.record["ended"]:
        parts.append(f"{row.record['met']} of {row.record['ended']} periods met")
    if row.last_activity:
        parts.append(f"last activity {row.last_activity}")
    return "; ".join(parts) + "."
