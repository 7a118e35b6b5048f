"""A listing's table on a terminal, fitted to its width: the terminal never wraps a row.

rich draws the table, wraps prose inside its column and cuts with `…`; this module only
chooses which layout to hand it, trying these in order and taking the first that fits:

1. **flat**: a column per field, one line per row where it fits; prose (titles...)
   wraps inside its column, everything else keeps its full width;
2. **stacked**: two lines per row: a column's companion (`Col.under`: the title under the
   ref, the days under the deadline) goes on the second line, cut with `…` if need be;
3. the same, leaving out the optional columns (`Col.drop`, the highest number first),
   which the footer names;
4. **grouped**: stacked, with a grouped column (`Col.group`, the ref) split at its
   separator: the group (the agreement) as a heading row where it changes, the rest (the
   commitment id) in the row; then again without the optional columns.

On a terminal too narrow for all of these (some 60 columns for `status`), rich squeezes
the last one, cutting with `…`. Before choosing, a column whose value is the same on every
row leaves the table for a footer line (`Col.same`), and an empty column disappears.

`wide` is the full layout: every column, one line per row, at its natural width.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text

#: columns on screen are separated by two spaces (one of padding, one of divider)
GAP = 2


@dataclass(frozen=True)
class Col:
    """How a column behaves on a narrow terminal (the default: never cut, never left out)."""

    #: prose that may wrap in its column (flat) or be cut with `…` (stacked)
    prose: bool = False
    #: stacked: shown on the second line of this other column
    under: str | None = None
    #: optional: left out when nothing else fits, the highest number first (0: never)
    drop: int = 0
    #: the value is GROUP<group>REST (a ref, "/"): grouped, the group becomes a heading
    group: str | None = None
    #: a footer line when every row has the same value ({value}, {n}, {name}); the
    #: column then leaves the table (None: it stays)
    same: str | None = None
    #: the narrowest a prose column wraps in (less when its longest text is shorter)
    min: int = 20
    #: the narrowest it is cut to on one line of a stacked column
    cut: int = 20
    #: never cut a word (a list of refs): its longest word is its minimum
    words: bool = False


@dataclass
class _Shape:
    """One way to lay the columns out: which columns share a slot, and with what."""

    slots: list[list[int]]  # each slot: column indexes, the host first, then its guests
    grouped: bool
    dropped: list[str]


def _cells(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def render(
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    width: int,
    color: bool,
    layout: Mapping[str, Col] | None = None,
    styles: Sequence[str | None] = (),
    footer: Sequence[str] = (),
    title: str | None = None,
    fold: bool = True,
    wide: bool = False,
) -> str:
    """The table for a terminal `width` columns wide (colour only when `color`)."""
    from kcbilat.publish.diagnostics import safe

    rows = [[safe(cell) for cell in row] for row in rows]
    layout = layout or {}
    spec = [layout.get(name, Col()) for name in columns]
    keep = list(range(len(columns)))
    notes: list[str] = []
    if fold and not wide:
        keep, notes = _fold(columns, rows, spec)
    if wide:
        shape = _Shape([[i] for i in keep], grouped=False, dropped=[])
        sizes = [_Measure(columns, rows, spec).natural(i, False) for i in keep]
        width = max(width, sum(sizes) + GAP * (len(sizes) - 1))
        table = _table(columns, rows, spec, shape, sizes, styles, title)
    else:
        shape, sizes = _choose(columns, rows, spec, keep, width)
        table = _table(columns, rows, spec, shape, sizes, styles, title)
        if shape.dropped:
            notes.append(
                f"not shown at this width: {', '.join(shape.dropped)} "
                "(--wide or --columns shows them)"
            )
    return _print(table if rows else None, [*footer, *notes], width, color)


def _print(table: Table | None, lines: Sequence[str], width: int, color: bool) -> str:
    from rich.console import Console
    from rich.text import Text

    from kcbilat.publish.diagnostics import safe

    out = io.StringIO()
    console = Console(
        file=out,
        width=width,
        force_terminal=True,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
        markup=False,
    )
    if table is not None:
        console.print(table)
    for line in lines:
        console.print(Text(safe(line)), overflow="fold")
    return "".join(line.rstrip() + "\n" for line in out.getvalue().splitlines())


def _fold(
    columns: Sequence[str], rows: Sequence[Sequence[str]], spec: Sequence[Col]
) -> tuple[list[int], list[str]]:
    """The columns kept, and a footer line for each that left with its one value."""
    keep, notes = [], []
    for i, name in enumerate(columns):
        values = {row[i] for row in rows}
        if rows and values == {""}:
            continue
        same = spec[i].same
        if len(rows) > 1 and len(values) == 1 and same is not None:
            notes.append(same.format(value=values.pop(), n=len(rows), name=name))
            continue
        keep.append(i)
    return keep, notes


def _split(value: str, sep: str) -> tuple[str, str]:
    group, found, rest = value.partition(sep)
    return (group + sep, rest) if found else ("", value)


class _Measure:
    """Each column's natural and least widths, measured once per layout kind."""

    def __init__(
        self, columns: Sequence[str], rows: Sequence[Sequence[str]], spec: Sequence[Col]
    ) -> None:
        self.columns, self.rows, self.spec = columns, rows, spec
        self.memo: dict[tuple[int, bool], tuple[int, int]] = {}

    def _texts(self, i: int, grouped: bool) -> list[str]:
        """What column i shows: its heading and every cell (the group headings too)."""
        sep = self.spec[i].group
        if not (grouped and sep):
            return [self.columns[i], *(row[i] for row in self.rows)]
        parts = [_split(row[i], sep) for row in self.rows]
        return [self.columns[i], *(group for group, _ in parts), *(rest for _, rest in parts)]

    def _measure(self, i: int, grouped: bool) -> tuple[int, int]:
        if (i, grouped) not in self.memo:
            texts = self._texts(i, grouped)
            natural = max(_cells(text) for text in texts)
            words = max(_cells(w) for t in texts for w in t.split()) if self.spec[i].words else 0
            self.memo[i, grouped] = natural, words
        return self.memo[i, grouped]

    def natural(self, i: int, grouped: bool) -> int:
        return self._measure(i, grouped)[0]

    def least(self, i: int, grouped: bool, cut: bool = False) -> int:
        """The narrowest column i may be: its natural width, or for prose `Col.min`
        (`Col.cut` when it is cut to one line), or its longest word where words are kept
        whole."""
        natural, words = self._measure(i, grouped)
        if not self.spec[i].prose:
            return natural
        return min(natural, max(self.spec[i].cut if cut else self.spec[i].min, words))


def _shapes(columns: Sequence[str], spec: Sequence[Col], keep: list[int]) -> list[_Shape]:
    """Every layout worth trying, best first."""
    flat = _Shape([[i] for i in keep], grouped=False, dropped=[])
    levels = sorted({spec[i].drop for i in keep if spec[i].drop}, reverse=True)
    shapes = [flat]
    has_group = any(spec[i].group for i in keep)
    for grouped in (False, True) if has_group else (False,):
        present = list(keep)
        dropped: list[int] = []
        for level in [0, *levels]:
            if level:
                dropped += [i for i in present if spec[i].drop == level]
                present = [i for i in present if spec[i].drop != level]
            names = [columns[i] for i in sorted(dropped)]
            shapes.append(_Shape(_stack(columns, spec, present), grouped, names))
    return shapes


def _stack(columns: Sequence[str], spec: Sequence[Col], present: list[int]) -> list[list[int]]:
    """Slots with each column under its host (`Col.under`), where the host is shown."""
    index = {columns[i]: i for i in present}
    slots: dict[int, list[int]] = {}
    for i in present:
        host = index.get(spec[i].under or "")
        if host is not None and spec[host].under not in index:
            slots.setdefault(host, [host]).append(i)
        else:
            slots.setdefault(i, [i])
    return [slots[i] for i in present if i in slots]


def _choose(
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    spec: Sequence[Col],
    keep: list[int],
    width: int,
) -> tuple[_Shape, list[int]]:
    """The first shape that fits `width`, and its slots' widths (the last one, squeezed)."""
    measure = _Measure(columns, rows, spec)

    def least(shape: _Shape) -> list[int]:
        return [
            max(measure.least(i, shape.grouped, cut=len(slot) > 1) for i in slot)
            for slot in shape.slots
        ]

    shapes = _shapes(columns, spec, keep)
    for shape in shapes:
        room = width - GAP * (len(shape.slots) - 1)
        floor = least(shape)
        if sum(floor) <= room:
            natural = [max(measure.natural(i, shape.grouped) for i in s) for s in shape.slots]
            flexible = [any(spec[i].prose for i in slot) for slot in shape.slots]
            return shape, _share(floor, natural, flexible, room)
    last = shapes[-1]
    room = width - GAP * (len(last.slots) - 1)
    return last, _squeeze(least(last), max(room, len(last.slots)))


def _share(least: list[int], natural: list[int], flexible: list[bool], room: int) -> list[int]:
    """Widths from `least` up to `natural`: the flexible slots share what is left of `room`
    in proportion to what they lack."""
    sizes = [n if not f else m for m, n, f in zip(least, natural, flexible, strict=True)]
    spare = room - sum(sizes)
    lack = [n - s if f else 0 for s, n, f in zip(sizes, natural, flexible, strict=True)]
    if sum(lack) <= spare:
        return [s + extra for s, extra in zip(sizes, lack, strict=True)]
    gives = [spare * want // sum(lack) for want in lack]
    for k in sorted(range(len(lack)), key=lambda k: -lack[k])[: spare - sum(gives)]:
        gives[k] += 1
    return [s + g for s, g in zip(sizes, gives, strict=True)]


def _squeeze(least: list[int], room: int) -> list[int]:
    """Cut the widest slots first until the total fits `room`."""
    sizes = list(least)
    while sum(sizes) > room:
        widest = max(range(len(sizes)), key=lambda k: sizes[k])
        if sizes[widest] <= 1:
            break
        sizes[widest] -= 1
    return sizes


def _table(
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    spec: Sequence[Col],
    shape: _Shape,
    sizes: list[int],
    styles: Sequence[str | None],
    title: str | None,
) -> Table:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    grid = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1, 0, 0),
        header_style="bold",
        title=title,
        title_justify="left",
    )
    depth = max(len(slot) for slot in shape.slots)
    for slot, size in zip(shape.slots, sizes, strict=True):
        header = Text(columns[slot[0]])
        for guest in slot[1:]:
            header.append("\n" + columns[guest], style="dim")
        header.append("\n" * (depth - len(slot)))  # rich aligns headings at the bottom
        grid.add_column(header, width=size)
    previous = None
    for r, row in enumerate(rows):
        cells: list[Text] = []
        heading = None
        for slot in shape.slots:
            cells.append(_cell(row, slot, spec, shape))
            sep = spec[slot[0]].group
            if shape.grouped and sep:
                heading = _split(row[slot[0]], sep)[0] or None
        if heading and heading != previous:
            grid.add_row(
                *(
                    Text(heading, style="bold", no_wrap=True, overflow="ellipsis")
                    if spec[slot[0]].group
                    else Text("")
                    for slot in shape.slots
                )
            )
        previous = heading
        grid.add_row(*cells, style=styles[r] if r < len(styles) else None)
    return grid


def _cell(row: Sequence[str], slot: list[int], spec: Sequence[Col], shape: _Shape) -> Text:
    from rich.text import Text

    lines = []
    for i in slot:
        value = row[i]
        sep = spec[i].group
        if shape.grouped and sep:
            value = _split(value, sep)[1]
        lines.append(value)
    while len(lines) > 1 and not lines[-1]:
        lines.pop()
    text = Text(lines[0])
    for line in lines[1:]:
        text.append("\n" + line, style="dim")
    # prose alone in its column wraps in it; anything else is one line, cut if need be
    wraps = len(slot) == 1 and spec[slot[0]].prose
    text.no_wrap, text.overflow = (False, "fold") if wraps else (True, "ellipsis")
    return text
