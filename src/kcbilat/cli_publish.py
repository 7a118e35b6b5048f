"""Publishing commands (report, calendar, export): registered on the main app.

Each is a renderer over the same status results as `kcbilat status`; the modules doing
the work (report, ical, export, and jinja2/icalendar/sqlite3) are imported inside the
commands, so `kcbilat --help` stays instant.
"""

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from ._version import __version__
from .cli import (
    AgreementOpt,
    AsOf,
    DueAfter,
    DueBefore,
    IncludeAll,
    KindOpt,
    PartyOpt,
    Rev,
    ReviewAge,
    Search,
    SectorOpt,
    StatusOpt,
    Window,
    _settings,
    app,
    compute_rows,
    fail,
    filtered_rows,
    load_usable,
    note,
    today,
)

OutputFile = Annotated[
    Path | None,
    typer.Option(
        "-o", "--output", metavar="FILE", help="Write to FILE (default: standard output)."
    ),
]
Title = Annotated[str | None, typer.Option("--title", metavar="TEXT", help="The document's title.")]


def _check_target(path: Path) -> None:
    """Usage errors (exit 2) for a file that cannot be written, before any work is done."""
    if path.is_dir():
        fail(f"cannot write {path}: it is a folder")
    if not path.parent.is_dir():
        fail(f"cannot write {path}: no folder {path.parent}")
    if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        fail(f"cannot write {path}: permission denied")


def _write(path: Path, content: str | bytes) -> None:
    """Write through a temp file and a rename (write_atomic)."""
    from .writefile import write_atomic

    try:
        write_atomic(path, content)
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror or exc}")
    note(f"wrote {path}")


# -- report ------------------------------------------------------------------------------------


@app.command()
def report(
    ctx: typer.Context,
    fmt: Annotated[
        str,
        typer.Option("--format", "-f", metavar="markdown|html", help="Output format."),
    ] = "markdown",
    output: OutputFile = None,
    as_of: AsOf = None,
    window: Window = 60,
    review_age: ReviewAge = 90,
    include_all: IncludeAll = False,
    status: StatusOpt = None,
    sector: SectorOpt = None,
    party: PartyOpt = None,
    agreement: AgreementOpt = None,
    kind: KindOpt = None,
    due_before: DueBefore = None,
    due_after: DueAfter = None,
    search: Search = None,
    title: Title = None,
    rev: Rev = None,
) -> None:
    """A publishable report: Markdown, or one self-contained HTML page with a timeline."""
    from .paths import display
    from .query import Filters
    from .report import FORMATS, build, render
    from .status import in_force

    if fmt not in FORMATS:
        fail(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if output is not None:
        _check_target(output)
    filters_in = (status, sector, party, agreement, kind, due_before, due_after, search)
    root, data, day, filters, rows = filtered_rows(
        _settings(ctx), as_of, window, review_age, include_all, filters_in, rev
    )
    others = []
    if filters == Filters():
        shown = {r.agreement for r in rows}
        others = [
            a
            for a in data.agreements.values()
            if a.id not in shown and (include_all or in_force(a, day))
        ]
    view = build(
        data,
        rows,
        as_of=day,
        window=window,
        review_age=review_age,
        data_dir=display(root),
        title=title,
        version=__version__,
        others=others,
    )
    text = render(view, fmt)
    if output is None:
        sys.stdout.write(text)
    else:
        _write(output, text)


# -- calendar ----------------------------------------------------------------------------------


@app.command()
def calendar(
    ctx: typer.Context,
    output: OutputFile = None,
    as_of: AsOf = None,
    window: Window = 60,
    review_age: ReviewAge = 90,
    include_all: IncludeAll = False,
    status: StatusOpt = None,
    sector: SectorOpt = None,
    party: PartyOpt = None,
    agreement: AgreementOpt = None,
    kind: KindOpt = None,
    due_before: DueBefore = None,
    due_after: DueAfter = None,
    search: Search = None,
    title: Annotated[
        str | None, typer.Option("--title", metavar="TEXT", help="The calendar's name.")
    ] = None,
    rev: Rev = None,
) -> None:
    """An iCalendar (RFC 5545) file of open deadlines and scheduled meetings."""
    from .ical import open_deadlines, to_ical
    from .query import Filters

    if output is not None:
        _check_target(output)
    filters_in = (status, sector, party, agreement, kind, due_before, due_after, search)
    _, data, day, filters, rows = filtered_rows(
        _settings(ctx), as_of, window, review_age, include_all, filters_in, rev
    )
    scheduled = [m for m in data.meetings.values() if m.status == "scheduled"]
    if filters != Filters():  # only the meetings serving a commitment shown
        refs = {r.ref for r in rows}
        scheduled = [m for m in scheduled if any(f.ref in refs for f in m.fulfils or ())]
    items = open_deadlines(rows, data.agreements, scheduled, day)
    body = to_ical(items, day, title or "kcbilat: Korea–China commitments", __version__)
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(body)
        sys.stdout.buffer.flush()
    else:
        _write(output, body)


# -- export ------------------------------------------------------------------------------------


@app.command()
def export(
    ctx: typer.Context,
    fmt: Annotated[
        str, typer.Option("--format", "-f", metavar="json|csv|sqlite", help="Output format.")
    ] = "json",
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="PATH",
            help="json: a file (default: standard output); csv: a folder; sqlite: a file.",
        ),
    ] = None,
    as_of: AsOf = None,
    window: Window = 60,
    review_age: ReviewAge = 90,
    rev: Rev = None,
) -> None:
    """The whole data set with computed statuses, for other tools (all agreements, in force
    or not)."""
    from .export import FORMATS, as_json, csv_files, meta, tables, write_sqlite
    from .paths import display

    if fmt not in FORMATS:
        fail(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if fmt != "json" and output is None:
        fail(f"--format {fmt} needs -o " + ("FOLDER" if fmt == "csv" else "FILE"))
    if output is not None:
        if fmt == "csv":
            if output.exists() and not output.is_dir():
                fail(f"cannot write into {output}: it is not a folder")
            try:
                output.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                fail(f"cannot create {output}: {exc.strerror or exc}")
            if not os.access(output, os.W_OK):
                fail(f"cannot write into {output}: permission denied")
        else:
            _check_target(output)
    settings = _settings(ctx)
    day = today(as_of)
    root, data = load_usable(settings, rev)
    rows = compute_rows(data, day, window, review_age, include_all=True)
    info = meta(day, window, review_age, display(root), __version__)
    if fmt == "json":
        text = as_json(data, rows, info)
        if output is None:
            sys.stdout.write(text)
        else:
            _write(output, text)
        return
    assert output is not None
    all_tables = tables(data, rows, day)
    if fmt == "csv":
        for name, content in csv_files(all_tables, info).items():
            _write(output / name, content)
        return
    try:
        write_sqlite(output, all_tables, info)
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")
    note(f"wrote {output}")
