"""A listing (header, rows, JSON data) rendered as a table, CSV, Markdown or JSON.

Every listing command builds one Listing from its result objects; the format is
then only a choice of function here, never a second code path.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from kcbilat.publish.diagnostics import safe


@dataclass
class Listing:
    columns: list[str]
    rows: list[list[str]]
    data: Callable[[], Any]  # what --format json prints (built only when asked for)
    #: a rich style per row (the status colour), used by the table on a terminal
    styles: list[str | None] = field(default_factory=list)
    #: columns that may wrap on a narrow terminal (long titles), by index; the first of
    #: them takes whatever width the others leave
    wrap: frozenset[int] = frozenset()

    @property
    def wrap_first(self) -> int | None:
        return min(self.wrap) if self.wrap else None

    #: lines printed after the table / Markdown (summary, data directory)
    footer: list[str] = field(default_factory=list)
    title: str | None = None


def display_width(text: str) -> int:
    """Columns a string takes on a terminal: wide (CJK) characters take two."""
    if text.isascii():
        return len(text)
    from unicodedata import combining, east_asian_width

    return sum(0 if combining(ch) else 2 if east_asian_width(ch) in "WF" else 1 for ch in text)


def plain(listing: Listing) -> str:
    """Aligned columns without colour or box drawing: for pipes, files and `grep`."""
    rows = [listing.columns, *([safe(cell) for cell in row] for row in listing.rows)]
    sizes = [[display_width(cell) for cell in row] for row in rows]
    widths = [max(size[i] for size in sizes) for i in range(len(listing.columns))]
    lines = (
        [
            "  ".join(cell + " " * (widths[i] - size[i]) for i, cell in enumerate(row))
            for row, size in zip(rows, sizes, strict=True)
        ]
        if listing.rows
        else []
    )
    lines += [safe(line) for line in listing.footer]
    return "".join(line.rstrip() + "\n" for line in lines)


def table(listing: Listing, color: bool = False, width: int | None = None) -> str:
    """A rich table on a terminal; plain aligned columns (no box drawing) otherwise."""
    if not color:
        return plain(listing)
    from rich import box
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    natural = [
        max([display_width(name), *(display_width(row[i]) for row in listing.rows)])
        for i, name in enumerate(listing.columns)
    ]
    # Too wide for the terminal: the long texts (titles...) wrap in what the others leave; a
    # status, a ref or a date is never cut. Where even that cannot fit, nothing is hidden:
    # the table keeps its natural width and the terminal wraps its lines (or `less -S`).
    width = width or 100
    gaps = 3 * len(natural)
    squeeze = sum(natural) + gaps > width
    least = sum(w if i not in listing.wrap else min(w, 10) for i, w in enumerate(natural))
    if least + gaps > width:
        width, squeeze = sum(natural) + gaps, False
    out = io.StringIO()
    console = Console(file=out, width=width, force_terminal=True, highlight=False, emoji=False)
    grid = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        header_style="bold",
        title=listing.title,
        expand=squeeze,
    )
    for index, name in enumerate(listing.columns):
        wraps = index in listing.wrap
        grid.add_column(
            name,
            no_wrap=not wraps,
            overflow="fold",
            min_width=min(natural[index], max(display_width(name), 12))
            if wraps
            else natural[index],
            ratio=natural[index] if wraps and squeeze else None,
        )
    for index, row in enumerate(listing.rows):
        style = listing.styles[index] if index < len(listing.styles) else None
        grid.add_row(*(escape(safe(cell)) for cell in row), style=style)
    if listing.rows:
        console.print(grid)
    for line in listing.footer:
        console.print(escape(safe(line)))
    return "".join(line.rstrip() + "\n" for line in out.getvalue().splitlines())


def as_csv(listing: Listing, color: bool = False, width: int | None = None) -> str:
    import csv

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(listing.columns)
    writer.writerows(listing.rows)
    return out.getvalue()


def markdown(listing: Listing, color: bool = False, width: int | None = None) -> str:
    def cell(text: str) -> str:
        return safe(text).replace("|", "\\|").replace("\n", " ") or " "

    lines = []
    if listing.title:
        lines += [f"## {cell(listing.title)}", ""]
    lines.append("| " + " | ".join(cell(c) for c in listing.columns) + " |")
    lines.append("|" + "|".join("---" for _ in listing.columns) + "|")
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in listing.rows]
    if listing.footer:
        lines += ["", *(safe(line) for line in listing.footer)]
    return "\n".join(lines) + "\n"


def json_chunks(listing: Listing) -> Iterator[str]:
    """The JSON text in pieces, so that a big listing is written without building it whole."""
    import json

    encoder = json.JSONEncoder(indent=2, ensure_ascii=False, default=str)
    pieces: list[str] = []
    for piece in encoder.iterencode(listing.data()):
        pieces.append(piece)
        if len(pieces) >= 16_384:  # a few hundred KiB at a time: few, large writes
            yield "".join(pieces)
            pieces.clear()
    pieces.append("\n")
    yield "".join(pieces)


def as_json(listing: Listing, color: bool = False, width: int | None = None) -> str:
    return "".join(json_chunks(listing))


FORMATS: dict[str, Callable[..., str]] = {
    "table": table,
    "json": as_json,
    "csv": as_csv,
    "markdown": markdown,
}
