"""The researchers' commands: status, list, show."""

import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kcbilat.cli.context import (
    EXIT_INVALID,
    Settings,
    conclude,
    data_dir,
    fail,
    load_usable,
    settings,
    shown,
    today,
)
from kcbilat.cli.options import (
    STATUSES,
    AsOf,
    IncludeAll,
    NoPager,
    Rev,
    ReviewAge,
    Wide,
    Window,
    applying,
    columns_option,
    format_option,
    one_of,
    with_filters,
)
from kcbilat.publish.columns import LIST_KINDS, LIST_NAMES, STATUS_NAMES
from kcbilat.publish.formats import LISTING, SHOW
from kcbilat.status.query import Filters

if TYPE_CHECKING:
    from kcbilat.core.problems import LeftOut
    from kcbilat.publish.listing import Listing
    from kcbilat.read.loader import Dataset
    from kcbilat.status.query import Vocabulary
    from kcbilat.status.saved import Answer

ListingFmt = Annotated[
    str,
    format_option(
        LISTING,
        "Output format (table: fitted to a terminal, one row a line when piped; "
        "csv/tsv: data, with the column names of `kcbilat export`).",
    ),
]


def resolved(
    filters: Filters, known: "Dataset | Vocabulary", left_out: "LeftOut | None" = None
) -> Filters:
    """The filters checked against the data set: an unknown id is a usage error, and the
    id of an agreement whose file has errors is said to be left out (exit 1), not unknown."""
    from kcbilat.status.query import UnknownId, Vocabulary, resolve

    vocabulary = known if isinstance(known, Vocabulary) else Vocabulary.of(known)
    try:
        return resolve(filters, vocabulary)
    except UnknownId as exc:
        broken = (
            {f.stem for f in left_out.files if f.parent.name == "agreements"} if left_out else ()
        )
        if exc.what == "agreement" and exc.value in broken:
            fail(
                f"agreement {exc.value!r} is left out: its file has errors "
                "(`kcbilat validate` shows them)",
                EXIT_INVALID,
            )
        fail(str(exc))


def statuses(
    s: Settings,
    rev: str | None,
    day: date,
    window: int,
    review_age: int,
    include_all: bool,
    periods: bool = True,
    gate: bool = False,
) -> "tuple[Path, Answer]":
    """Every commitment's status, with what was left out: the answer saved the last time
    the same question was asked of the same files and code, or computed (and saved).
    Without `periods`, a saved answer's rows come without their period history. A `gate`
    (`--fail-on`) reads only the user's data, never the data set bundled with kcbilat."""
    from kcbilat.read.cache import default_dir
    from kcbilat.status import saved
    from kcbilat.status.query import Vocabulary, select

    if gate:
        root = data_dir(
            s, why="--fail-on checks your data, never the data set bundled with kcbilat"
        )
    else:
        root = data_dir(s, bundled=True)
    keep = rev is None and s.cache
    if keep:
        folder = default_dir(os.environ)
        name = saved.key(root, today(None), day, window, review_age, include_all)
        found = saved.load(folder, root, name, periods)
        if found is not None:
            return root, found
    _, data, left_out = load_usable(s, rev, root)
    rows = select(data, day, window, review_age, include_all)
    answer = saved.Answer(rows, left_out, Vocabulary.of(data))
    if keep:
        saved.save(folder, root, name, answer)
    return root, answer


def terminal_width() -> int | None:
    """The terminal's width when standard output is one (None when piped)."""
    if not sys.stdout.isatty():
        return None
    import shutil

    return shutil.get_terminal_size().columns


def emit(
    listing: "Listing", fmt: str, s: Settings, columns: str | None = None, wide: bool = False
) -> None:
    """Print a listing in a format (JSON is streamed: a big listing is never one string);
    on a terminal, the table fits its width."""
    from kcbilat.publish.listing import FORMATS, json_chunks, pick, plain_lines, table
    from kcbilat.status.query import split

    names = split([columns]) if columns else []
    if names:
        if fmt == "json":
            fail("--columns: not with --format json, which holds every field")
        try:
            listing = pick(listing, names, data=fmt in ("csv", "tsv"))
        except ValueError as exc:
            fail(str(exc))
    width = terminal_width()
    if fmt == "json":
        sys.stdout.writelines(json_chunks(listing))
    elif fmt == "table" and width is None and not s.color:  # piped: streamed
        sys.stdout.writelines(plain_lines(listing))
    elif fmt == "table":
        sys.stdout.write(table(listing, color=s.color, width=width, wide=wide, fold=not names))
    else:
        sys.stdout.write(FORMATS[fmt](listing, color=s.color, width=width))


@with_filters
def status(
    ctx: typer.Context,
    fmt: ListingFmt = "table",
    as_of: AsOf = None,
    window: Window = 60,
    review_age: ReviewAge = 90,
    include_all: IncludeAll = False,
    rev: Rev = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            metavar="overdue[,due,stale]",
            help="Exit 1 when any commitment shown has one of these statuses.",
            parser=one_of("status", STATUSES, many=True),
        ),
    ] = None,
    columns: Annotated[str | None, columns_option(STATUS_NAMES)] = None,
    wide: Wide = False,
    *,
    filters: Filters,
) -> None:
    """Where every commitment stands on a date: the dashboard."""
    from kcbilat.core.paths import display
    from kcbilat.publish import incomplete
    from kcbilat.publish.views import status_listing
    from kcbilat.status.query import commitment_filter, split
    from kcbilat.status.rows import summary

    s = settings(ctx)
    day = today(as_of)
    applying("commitments", filters)
    failing = split([fail_on] if fail_on else [])
    root, answer = statuses(
        s, rev, day, window, review_age, include_all, fmt == "json", gate=bool(failing)
    )
    left_out = answer.left_out
    keep = commitment_filter(resolved(filters, answer.vocabulary, answer.left_out))
    rows = answer.where(keep if filters != Filters() else None)
    compact = fmt == "table" and not (wide or columns) and terminal_width() is not None
    listing = status_listing(
        rows,
        summary(rows),
        day,
        window,
        display(root),
        review_age,
        compact=compact,
        cells=fmt != "json",
    )
    emit(incomplete.mark(listing, left_out, shown), fmt, s, columns, wide)
    conclude(left_out)
    if failing and any(r.status in failing for r in rows):
        raise typer.Exit(EXIT_INVALID)


@with_filters
def list_(
    ctx: typer.Context,
    what: Annotated[
        str,
        typer.Argument(
            metavar="|".join(LIST_KINDS), help="What to list.", parser=one_of("listing", LIST_KINDS)
        ),
    ],
    fmt: ListingFmt = "table",
    as_of: AsOf = None,
    window: Window = 60,
    review_age: ReviewAge = 90,
    include_all: IncludeAll = False,
    rev: Rev = None,
    columns: Annotated[str | None, columns_option(LIST_NAMES)] = None,
    wide: Wide = False,
    *,
    filters: Filters,
) -> None:
    """Tables of records, with the filters that apply to them."""
    from kcbilat.publish import incomplete, lists, views
    from kcbilat.status.query import commitment_filter

    s = settings(ctx)
    day = today(as_of)
    applying(what, filters)
    if what == "commitments":
        _, answer = statuses(s, rev, day, window, review_age, include_all, fmt == "json")
        left_out = answer.left_out
        keep = commitment_filter(resolved(filters, answer.vocabulary, answer.left_out))
        rows = answer.where(keep)
        listing = views.commitments_listing(sorted(rows, key=lambda r: r.ref))
    else:
        _, data, left_out = load_usable(s, rev)
        listing = lists.records_listing(what, data, resolved(filters, data, left_out))
    emit(incomplete.mark(listing, left_out, shown), fmt, s, columns, wide)
    conclude(left_out)


def show(
    ctx: typer.Context,
    ident: Annotated[
        str,
        typer.Argument(
            metavar="ID-OR-REF",
            help="An agreement id, a meeting id, or a commitment ref <agreement>/<commitment>.",
        ),
    ],
    fmt: Annotated[str, format_option(SHOW)] = "text",
    as_of: AsOf = None,
    window: Window = 60,
    review_age: ReviewAge = 90,
    rev: Rev = None,
    no_pager: NoPager = False,
) -> None:
    """One agreement, commitment or meeting in full, with statuses and why."""
    from kcbilat.check.validate import broken
    from kcbilat.cli.pager import page
    from kcbilat.core.problems import suggest
    from kcbilat.publish.diagnostics import FORMATS
    from kcbilat.publish.show import describe
    from kcbilat.status.query import select

    s = settings(ctx)
    day = today(as_of)
    _, data, left_out = load_usable(s, rev)
    rows = select(data, day, window, review_age, include_all=True)
    try:
        text = describe(data, rows, ident, day, fmt, width=terminal_width())
    except KeyError:
        found = broken(data, ident)
        if found is not None:  # it exists, but its file could not be read
            kind, problems = found
            sys.stderr.write(FORMATS["text"](problems, color=False))
            n = len(problems)
            fail(
                f"{kind} {ident!r} is left out: its file has {n} error{'s' * (n != 1)} "
                "(listed above; fix them and run `kcbilat validate`)",
                EXIT_INVALID,
            )
        pool = [*data.agreements, *data.meetings, *(r.ref for r in rows)]
        fail(f"no agreement, meeting or commitment {ident!r}{suggest(ident, pool)}")
    if fmt == "json":
        sys.stdout.write(text)
    else:
        page(text, no_pager)
    conclude(left_out)
