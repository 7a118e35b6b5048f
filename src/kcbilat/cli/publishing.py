"""The publishing commands: report, calendar, export, diff.

Each is a renderer over the same status results as `kcbilat status`; the modules doing
the work (and jinja2, icalendar, sqlite3) are imported inside the commands, so
`kcbilat --help` stays instant.
"""

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kcbilat._version import __version__
from kcbilat.cli.context import (
    EXIT_INVALID,
    conclude,
    data_dir,
    fail,
    load_checked,
    load_usable,
    note,
    settings,
    shown,
    today,
)
from kcbilat.cli.options import (
    AsOf,
    IncludeAll,
    OutputFile,
    Rev,
    ReviewAge,
    Window,
    applying,
    format_option,
    with_filters,
)
from kcbilat.cli.reading import resolved
from kcbilat.publish.formats import DIFF, EXPORT, REPORT
from kcbilat.status.query import Filters

if TYPE_CHECKING:
    from datetime import date

    from kcbilat.core.problems import LeftOut
    from kcbilat.read.loader import Dataset
    from kcbilat.status.rows import CommitmentStatus


def _check_target(path: Path) -> None:
    """Usage errors (exit 2) for a file that cannot be written, before any work is done."""
    if path.is_dir():
        fail(f"cannot write {path}: it is a folder")
    if not path.parent.is_dir():
        fail(f"cannot write {path}: no folder {path.parent}")
    if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        fail(f"cannot write {path}: permission denied")


def _write(path: Path, content: str | bytes) -> None:
    """Write through a temp file and a rename."""
    from kcbilat.core.atomic import write_atomic

    try:
        write_atomic(path, content)
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror or exc}")
    note(f"wrote {path}")


def _selected(
    ctx: typer.Context,
    output: Path | None,
    as_of: str | None,
    window: int,
    review_age: int,
    include_all: bool,
    rev: str | None,
    filters: Filters,
) -> tuple["date", Path, "Dataset", "LeftOut", list["CommitmentStatus"]]:
    """What report and calendar share: the target checked first, then the rows shown."""
    from kcbilat.status.query import select

    if output is not None:
        _check_target(output)
    day = today(as_of)
    applying("commitments", filters)
    root, data, left_out = load_usable(settings(ctx), rev)
    rows = select(data, day, window, review_age, include_all, resolved(filters, data, left_out))
    return day, root, data, left_out, rows


@with_filters
def report(
    ctx: typer.Context,
    fmt: Annotated[str, format_option(REPORT)] = "markdown",
    output: OutputFile = None,
    as_of: AsOf = None,
    window: Window = 60,
    review_age: ReviewAge = 90,
    include_all: IncludeAll = False,
    title: Annotated[
        str | None, typer.Option("--title", metavar="TEXT", help="The document's title.")
    ] = None,
    rev: Rev = None,
    *,
    filters: Filters,
) -> None:
    """A publishable report: Markdown, or one self-contained HTML page with a timeline."""
    from kcbilat.publish.report import build, render, unlisted

    day, root, data, left_out, rows = _selected(
        ctx, output, as_of, window, review_age, include_all, rev, filters
    )
    view = build(
        data,
        rows,
        as_of=day,
        window=window,
        review_age=review_age,
        data_dir=shown(root),
        title=title,
        version=__version__,
        others=unlisted(data, rows, day, include_all) if filters == Filters() else [],
        left_out=left_out.sentence(shown) if left_out else "",
    )
    text = render(view, fmt)
    if output is None:
        sys.stdout.write(text)
    else:
        _write(output, text)
    conclude(left_out)


@with_filters
def calendar(
    ctx: typer.Context,
    output: OutputFile = None,
    as_of: AsOf = None,
    window: Window = 60,
    review_age: ReviewAge = 90,
    include_all: IncludeAll = False,
    title: Annotated[
        str | None, typer.Option("--title", metavar="TEXT", help="The calendar's name.")
    ] = None,
    rev: Rev = None,
    *,
    filters: Filters,
) -> None:
    """An iCalendar (RFC 5545) file of open deadlines and scheduled meetings."""
    from kcbilat.publish.ical import open_deadlines, planned_meetings, to_ical

    day, _, data, left_out, rows = _selected(
        ctx, output, as_of, window, review_age, include_all, rev, filters
    )
    scheduled = planned_meetings(data.meetings.values(), None if filters == Filters() else rows)
    items = open_deadlines(rows, data.agreements, scheduled, day)
    name = title or "kcbilat: Korea–China commitments"
    warning = f"Incomplete: {left_out.sentence(shown)}" if left_out else None
    body = to_ical(items, day, name, __version__, warning)
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(body)
        sys.stdout.buffer.flush()
    else:
        _write(output, body)
    conclude(left_out)


def export(
    ctx: typer.Context,
    fmt: Annotated[str, format_option(EXPORT)] = "json",
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
    from kcbilat.publish.export import as_json, csv_files, meta, tables, write_sqlite
    from kcbilat.status.query import select

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
    day = today(as_of)
    root, data, left_out = load_usable(settings(ctx), rev)
    rows = select(data, day, window, review_age, include_all=True)
    info = meta(day, window, review_age, shown(root), __version__, left_out, shown)
    if fmt == "json":
        text = as_json(data, rows, info)
        if output is None:
            sys.stdout.write(text)
        else:
            _write(output, text)
    else:
        assert output is not None
        all_tables = tables(data, rows, day)
        if fmt == "csv":
            from kcbilat.core.atomic import write_all

            files = csv_files(all_tables, info)
            try:
                write_all(output, dict(files))  # every table, or none: never half old, half new
            except OSError as exc:
                fail(f"cannot write into {output}: {exc.strerror or exc} (nothing was changed)")
            note(f"wrote {', '.join(files)} into {output}")
        else:
            try:
                write_sqlite(output, all_tables, info)
            except OSError as exc:
                fail(f"cannot write {output}: {exc.strerror or exc}")
            note(f"wrote {output}")
    conclude(left_out)


def diff(
    ctx: typer.Context,
    base: Annotated[
        str | None,
        typer.Argument(help="The revision to compare from (default: where this branch left main)."),
    ] = None,
    head: Annotated[
        str | None, typer.Argument(help="The revision to compare to (default: the working tree).")
    ] = None,
    fmt: Annotated[
        str, format_option(DIFF, "Output format (markdown: for a pull-request comment).")
    ] = "text",
    as_of: AsOf = None,
    window: Window = 60,
    review_age: ReviewAge = 90,
) -> None:
    """Records added, removed or changed, and commitments whose status changes, between two
    revisions of the data (statuses on one date)."""
    from kcbilat.publish import diff as diffing
    from kcbilat.read.gitrev import GitError, merge_base, short_rev, toplevel

    s = settings(ctx)
    root = data_dir(s)
    day = today(as_of)
    try:
        base = base or merge_base(toplevel(root))
    except GitError as exc:
        fail(str(exc))
    old = load_checked(s, root, base)
    new = load_checked(s, root, head)
    result = diffing.compare(
        old, new, day, short_rev(base), head or "working tree", window, review_age
    )
    sys.stdout.write(diffing.FORMATS[fmt](result))
    sides = diffing.invalid_sides(result)
    if sides:  # a diff of data that was not all read must not pass a CI gate
        note(f"kcbilat: {'; '.join(sides)} (`kcbilat validate` shows them)")
        raise typer.Exit(EXIT_INVALID)
