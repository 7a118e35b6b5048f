"""The researchers' commands: status, list, show."""

import sys
from typing import Annotated

import typer

from kcbilat.cli.context import (
    EXIT_INVALID,
    Settings,
    conclude,
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
    Rev,
    ReviewAge,
    Window,
    format_option,
    one_of,
    with_filters,
)
from kcbilat.publish.formats import LISTING, SHOW
from kcbilat.publish.views import LIST_KINDS
from kcbilat.status.query import Filters

ListingFmt = Annotated[
    str,
    format_option(LISTING, "Output format (table: aligned text, coloured on a terminal)."),
]


def resolved(filters: Filters, data: object) -> Filters:
    """The filters checked against the data set: an unknown id is a usage error."""
    from kcbilat.status.query import UnknownId, resolve

    try:
        return resolve(filters, data)  # type: ignore[arg-type]
    except UnknownId as exc:
        fail(str(exc))


def emit(listing: object, fmt: str, s: Settings) -> None:
    """Print a listing in a format (JSON is streamed: a big listing is never one string)."""
    from kcbilat.publish.listing import FORMATS, json_chunks

    width = None
    if s.color:
        import shutil

        width = shutil.get_terminal_size().columns
    if fmt == "json":
        sys.stdout.writelines(json_chunks(listing))  # type: ignore[arg-type]
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
    *,
    filters: Filters,
) -> None:
    """Where every commitment stands on a date: the dashboard."""
    from kcbilat.core.paths import display
    from kcbilat.publish import incomplete
    from kcbilat.publish.views import status_listing
    from kcbilat.status.engine import summary
    from kcbilat.status.query import select, split

    s = settings(ctx)
    day = today(as_of)
    root, data, left_out = load_usable(s, rev)
    rows = select(data, day, window, review_age, include_all, resolved(filters, data))
    listing = status_listing(rows, summary(rows), day, window, display(root), review_age)
    emit(incomplete.mark(listing, left_out, shown), fmt, s)
    conclude(left_out)
    failing = split([fail_on] if fail_on else [])
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
    *,
    filters: Filters,
) -> None:
    """Tables of records, with the filters that apply to them."""
    from kcbilat.publish import incomplete, views
    from kcbilat.status.query import select

    s = settings(ctx)
    day = today(as_of)
    _, data, left_out = load_usable(s, rev)
    f = resolved(filters, data)
    if what == "commitments":
        rows = select(data, day, window, review_age, include_all, f)
        listing = views.commitments_listing(sorted(rows, key=lambda r: r.ref))
    else:
        listing = views.records_listing(what, data, f)
    emit(incomplete.mark(listing, left_out, shown), fmt, s)
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
) -> None:
    """One agreement, commitment or meeting in full, with statuses and why."""
    from kcbilat.check.validate import broken
    from kcbilat.core.problems import suggest
    from kcbilat.publish.diagnostics import FORMATS
    from kcbilat.publish.show import describe
    from kcbilat.status.query import select

    s = settings(ctx)
    day = today(as_of)
    _, data, left_out = load_usable(s, rev)
    rows = select(data, day, window, review_age, include_all=True)
    try:
        text = describe(data, rows, ident, day, fmt)
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
    sys.stdout.write(text)
    conclude(left_out)
