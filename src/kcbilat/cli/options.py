"""The options the commands share, each declared once, and the parsers that check a value
against the library's own vocabulary before any data is read.

A parser raises typer.BadParameter; `kcbilat.cli.app.main` prints every usage error
as one line.
"""

import functools
import inspect
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Annotated, Any, get_args

import typer

from kcbilat.core.vocabulary import AgreementStatus, Kind, MeetingStatus, Status
from kcbilat.status.query import Filters, split

STATUSES: tuple[str, ...] = get_args(Status)
KINDS: tuple[str, ...] = get_args(Kind)
#: what `--status` may name: a commitment's status, or an agreement's or meeting's
ANY_STATUS: tuple[str, ...] = tuple(
    dict.fromkeys([*STATUSES, *get_args(AgreementStatus), *get_args(MeetingStatus)])
)


def one_of(what: str, names: Sequence[str], many: bool = False) -> Callable[[str], str]:
    """A parser accepting one of `names` (or, with `many`, a comma-separated list of them),
    with a "did you mean" for a near miss."""

    def parse(value: str) -> str:
        from kcbilat.core.problems import suggest

        for part in split([value]) if many else [value]:
            if part not in names:
                hint = suggest(part, names) or f" (choose from {', '.join(names)})"
                raise typer.BadParameter(f"unknown {what} {part!r}{hint}")
        return value

    return parse


def a_day(edge: str) -> Callable[[str], str]:
    """A parser for dates on the command line, written as the data writes them (2026,
    2026-H2, 2026-Q3, 2026-06, 2026-06-15) or `today`; the period's first or last day
    (`edge`), as an ISO date."""

    def parse(value: str) -> str:
        import os

        from kcbilat.core.dates import DateError, parse_partial_date

        if value.strip().lower() == "today":
            return os.environ.get("KCBILAT_AS_OF") or date.today().isoformat()
        try:
            written = parse_partial_date(value)
        except DateError as exc:
            raise typer.BadParameter(str(exc)) from None
        return (written.first if edge == "first" else written.last).isoformat()

    return parse


def format_option(names: Sequence[str], help: str = "Output format.") -> Any:
    """`--format/-f` taking one of `names` (the first is the default)."""
    return typer.Option(
        "--format",
        "-f",
        metavar="|".join(names),
        help=help,
        parser=one_of("format", names),
    )


AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="The date to judge by: 2026-11-28, today, or a period (2026, 2026-H2, 2026-Q3, "
        "2026-06: its last day). Default: $KCBILAT_AS_OF, else today.",
        parser=a_day("last"),
    ),
]
Window = Annotated[
    int,
    typer.Option("--window", metavar="DAYS", min=0, help="What falls due within DAYS is 'due'."),
]
ReviewAge = Annotated[
    int,
    typer.Option(
        "--review-age",
        metavar="DAYS",
        min=0,
        help="Flag statuses unverified when the agreement was "
        "reviewed more than DAYS before as-of.",
    ),
]
IncludeAll = Annotated[
    bool,
    typer.Option(
        "--all", help="Include agreements that are not in force (expired, superseded, terminated)."
    ),
]
Rev = Annotated[
    str | None,
    typer.Option(
        "--rev",
        metavar="REV",
        help="Read the data as it was at a git revision (the working tree is not touched).",
    ),
]
OutputFile = Annotated[
    Path | None,
    typer.Option(
        "-o", "--output", metavar="FILE", help="Write to FILE (default: standard output)."
    ),
]

Wide = Annotated[
    bool,
    typer.Option(
        "--wide",
        help="On a terminal: every column at full width, one line per row "
        "(the terminal wraps what does not fit; try `| less -S`).",
    ),
]
NoPager = Annotated[
    bool,
    typer.Option(
        "--no-pager", help="Never page: on a terminal, long output goes to $PAGER (else less)."
    ),
]


def columns_option(names: Sequence[str]) -> Any:
    """`--columns NAME,…`: the columns to show, in order, each one of `names`."""
    return typer.Option(
        "--columns",
        metavar="NAME,…",
        help="Only these columns, in this order (comma-separated): the table's "
        "(status, ref, title, deadline, days…) or, with csv/tsv, the data's (days_left…).",
        parser=one_of("column", names, many=True),
    )


# -- the filters -----------------------------------------------------------------------------

_FILTERS: dict[str, Any] = {
    "status": Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            metavar="S",
            help="Only these statuses (repeatable or comma-separated).",
            parser=one_of("status", ANY_STATUS, many=True),
        ),
    ],
    "sector": Annotated[
        list[str] | None,
        typer.Option("--sector", metavar="ID", help="Only these sectors, with their sub-sectors."),
    ],
    "party": Annotated[
        list[str] | None,
        typer.Option("--party", metavar="ID", help="Only what these parties are responsible for."),
    ],
    "agreement": Annotated[
        list[str] | None,
        typer.Option("--agreement", metavar="ID", help="Only these agreements."),
    ],
    "kind": Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            metavar="|".join(KINDS),
            help="Only these kinds of commitment.",
            parser=one_of("kind", KINDS, many=True),
        ),
    ],
    "due_before": Annotated[
        str | None,
        typer.Option(
            "--due-before",
            metavar="DATE",
            help="Deadline before DATE (a period: before it begins).",
            parser=a_day("first"),
        ),
    ],
    "due_after": Annotated[
        str | None,
        typer.Option(
            "--due-after",
            metavar="DATE",
            help="Deadline after DATE (a period: after it ends).",
            parser=a_day("last"),
        ),
    ],
    "search": Annotated[
        str | None,
        typer.Option(
            "--search", metavar="TEXT", help="TEXT in titles and descriptions (case-insensitive)."
        ),
    ],
}


def to_filters(values: dict[str, Any]) -> Filters:
    """The filters as typed (ids not yet checked against the data: query.resolve does)."""

    def day(value: str | None) -> date | None:
        return date.fromisoformat(value) if value else None

    return Filters(
        statuses=frozenset(split(values["status"])),
        sectors=frozenset(split(values["sector"])),
        parties=frozenset(split(values["party"])),
        agreements=frozenset(split(values["agreement"])),
        kinds=frozenset(split(values["kind"])),
        due_before=day(values["due_before"]),
        due_after=day(values["due_after"]),
        search=values["search"],
    )


#: the statuses the records of each listing have
STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "commitments": STATUSES,
    "agreements": get_args(AgreementStatus),
    "meetings": get_args(MeetingStatus),
}


def applying(what: str, filters: Filters) -> None:
    """A usage error, before any data is read, when a filter cannot apply to the listing
    `what`: a filter silently ignored would mislead."""
    from kcbilat.status.query import not_applying

    why = not_applying(what, filters, STATUS_WORDS)
    if why:
        from kcbilat.cli.context import fail

        fail(why)


def with_filters(command: Callable[..., None]) -> Callable[..., None]:
    """Give a command the filter options; it receives them as one `filters: Filters`."""
    signature = inspect.signature(command)
    own = [p for p in signature.parameters.values() if p.name != "filters"]
    added = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=tp)
        for name, tp in _FILTERS.items()
    ]

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        values = {name: kwargs.pop(name) for name in _FILTERS}
        command(*args, filters=to_filters(values), **kwargs)

    wrapper.__signature__ = signature.replace(parameters=[*own, *added])  # type: ignore[attr-defined]
    annotations = {k: v for k, v in command.__annotations__.items() if k != "filters"}
    wrapper.__annotations__ = {**annotations, **_FILTERS}
    return wrapper
