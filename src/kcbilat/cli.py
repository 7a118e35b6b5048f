"""The command line: parse options, call the library, print, exit. Nothing else.

Heavy modules (pydantic, ruamel, the renderers) are imported inside the commands
that need them, so `kcbilat --help` and `--version` stay instant.
"""

import os
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from ._version import __version__

EXIT_INVALID, EXIT_USAGE, EXIT_BUG = 1, 2, 3  # 0 is success

app = typer.Typer(
    name="kcbilat",
    help="Track the commitments of Korea–China agreements: what is met, due, overdue or stale.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass
class Settings:
    data: str | None = None
    verbose: bool = False
    debug: bool = False
    color: bool = False
    cache: bool = True


def _settings(ctx: typer.Context) -> Settings:
    return ctx.obj if isinstance(ctx.obj, Settings) else Settings()


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    sys.stderr.write(f"kcbilat: {message}\n")
    raise typer.Exit(code)


def note(message: str) -> None:
    sys.stderr.write(message + "\n")


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"kcbilat {__version__}\n")
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    data: Annotated[
        str | None,
        typer.Option(
            "--data",
            metavar="PATH",
            help="Data directory (default: $KCBILAT_DATA, the nearest "
            "data/ holding agreements/ from here upward, else the bundled data set).",
        ),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("-v", "--verbose", help="Say which data directory is read.")
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback on internal errors.")
    ] = False,
    no_color: Annotated[
        bool, typer.Option("--no-color", help="No colour (NO_COLOR is honoured too).")
    ] = False,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Read every file afresh (no cache).")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    color = not no_color and "NO_COLOR" not in os.environ and sys.stdout.isatty()
    ctx.obj = Settings(data=data, verbose=verbose, debug=debug, color=color, cache=not no_cache)


# -- shared helpers --------------------------------------------------------------------------


def parse_day(value: str, origin: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{origin} {value!r} is not a date: write YYYY-MM-DD")


def today(as_of: str | None) -> date:
    """--as-of wins over KCBILAT_AS_OF, which wins over the real date."""
    if as_of:
        return parse_day(as_of, "--as-of")
    env = os.environ.get("KCBILAT_AS_OF")
    if env:
        return parse_day(env, "KCBILAT_AS_OF")
    return date.today()


def make_cache(settings: Settings, root: Path):
    if not settings.cache:
        return None
    from .cache import Cache, default_dir

    return Cache(default_dir(os.environ), root)


def data_dir(settings: Settings) -> Path:
    from .loader import DataDirError, find_data_dir

    try:
        root = find_data_dir(settings.data, os.environ, Path.cwd())
    except DataDirError as exc:
        fail(str(exc))
    if settings.verbose:
        from .paths import display

        note(f"kcbilat: reading data from {display(root)}")
    return root


AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="The date to judge by (default: $KCBILAT_AS_OF, else today).",
    ),
]


# -- validate ----------------------------------------------------------------------------------


@app.command()
def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Report only diagnostics in these files or folders (the whole data set is "
            "still checked). A folder holding agreements/ is taken as the data directory."
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on warnings too.")] = False,
    fmt: Annotated[
        str, typer.Option("--format", "-f", metavar="text|json|github", help="Output format.")
    ] = "text",
    as_of: AsOf = None,
    changed_since: Annotated[
        str | None,
        typer.Option(
            "--changed-since",
            metavar="REV",
            help="Check everything, but report only diagnostics "
            "in files changed since REV (committed, staged, unstaged or untracked).",
        ),
    ] = None,
) -> None:
    """Check every record: schema, references, dates, periods, series."""
    from .render.diagnostics import FORMATS, summary_table
    from .validate import validate_dir

    settings = _settings(ctx)
    if fmt not in FORMATS:
        fail(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    paths = list(paths or [])
    if len(paths) == 1 and (paths[0] / "agreements").is_dir() and settings.data is None:
        settings.data = str(paths.pop())
    root = data_dir(settings)
    day = today(as_of)
    for path in paths:
        if not os.path.lexists(path):
            fail(f"{path}: no such file or folder")
    problems = validate_dir(root, day, make_cache(settings, root))
    if paths:
        wanted = [p.absolute() for p in paths]
        problems = [
            p
            for p in problems
            if any(p.file.absolute() == w or w in p.file.absolute().parents for w in wanted)
        ]
    if changed_since:
        from .gitrev import GitError, changed_files

        try:
            changed = changed_files(root, changed_since)
        except GitError as exc:
            fail(str(exc))
        problems = [p for p in problems if p.file.absolute() in changed]
    sys.stdout.write(FORMATS[fmt](problems, color=settings.color))
    if fmt == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as handle:
            handle.write(summary_table(problems))
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if fmt == "text":
        from .paths import display

        if problems:
            note(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")
        else:
            note(f"{display(root)}: valid (as of {day.isoformat()})")
    if errors or (strict and warnings):
        raise typer.Exit(EXIT_INVALID)


# -- the reporting commands: shared options and loading -------------------------------------

Fmt = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        metavar="table|json|csv|markdown",
        help="Output format (table: aligned text, coloured on a terminal).",
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
StatusOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--status", metavar="S", help="Only these statuses (repeatable or comma-separated)."
    ),
]
SectorOpt = Annotated[
    list[str] | None,
    typer.Option("--sector", metavar="ID", help="Only these sectors, with their sub-sectors."),
]
PartyOpt = Annotated[
    list[str] | None,
    typer.Option("--party", metavar="ID", help="Only what these parties are responsible for."),
]
AgreementOpt = Annotated[
    list[str] | None, typer.Option("--agreement", metavar="ID", help="Only these agreements.")
]
KindOpt = Annotated[
    list[str] | None,
    typer.Option("--kind", metavar="once|recurring|open", help="Only these kinds of commitment."),
]
DueBefore = Annotated[
    str | None, typer.Option("--due-before", metavar="DATE", help="Deadline before DATE.")
]
DueAfter = Annotated[
    str | None, typer.Option("--due-after", metavar="DATE", help="Deadline after DATE.")
]
Search = Annotated[
    str | None,
    typer.Option(
        "--search", metavar="TEXT", help="TEXT in titles and descriptions (case-insensitive)."
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


def load_checked(settings: Settings, root: Path, rev: str | None = None):
    """The data set, checked, as it is now or (with `rev`) as it was at a git revision.

    Validation's "today" is the real date or KCBILAT_AS_OF, never --as-of (docs/design.md).
    """
    from .validate import load_and_check

    if rev is None:
        return load_and_check(root, today(None), make_cache(settings, root))
    from .gitrev import GitError, snapshot

    try:
        return load_and_check(root, today(None), snapshot=snapshot(root, rev))
    except GitError as exc:
        fail(str(exc))


def load_usable(settings: Settings, rev: str | None = None):
    """Load and check the data, then keep the valid records; say on stderr what was left out."""
    from .validate import usable

    root = data_dir(settings)
    data, errors = usable(load_checked(settings, root, rev))
    if errors:
        note(
            f"kcbilat: the data has {errors} error{'s' * (errors != 1)}; the broken records are "
            "left out (`kcbilat validate` shows them)"
        )
    return root, data


def make_filters(data, status, sector, party, agreement, kind, due_before, due_after, search):
    from .query import KINDS, Filters, descendants, split
    from .status import ORDER

    def known(values: list[str], pool, what: str) -> list[str]:
        from .problems import suggest

        for value in values:
            if value not in pool:
                fail(f"unknown {what} {value!r}{suggest(value, pool)}")
        return values

    statuses = split(status)
    for value in statuses:
        if value not in ORDER and value not in (
            "in-force",
            "signed",
            "expired",
            "terminated",
            "held",
            "scheduled",
            "postponed",
        ):
            from .problems import suggest

            fail(f"unknown status {value!r}{suggest(value, ORDER)}")
    return Filters(
        statuses=frozenset(statuses),
        sectors=descendants(data.sectors, known(split(sector), data.sectors, "sector")),
        parties=frozenset(known(split(party), data.parties, "party")),
        agreements=frozenset(known(split(agreement), data.agreements, "agreement")),
        kinds=frozenset(known(split(kind), KINDS, "kind")),
        due_before=parse_day(due_before, "--due-before") if due_before else None,
        due_after=parse_day(due_after, "--due-after") if due_after else None,
        search=search,
    )


def emit(listing, fmt: str, settings: Settings) -> None:
    from .render.listing import FORMATS, json_chunks

    if fmt not in FORMATS:
        fail(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    width = None
    if settings.color:
        import shutil

        width = shutil.get_terminal_size().columns
    if fmt == "json":  # streamed: a big listing is never held as one string
        sys.stdout.writelines(json_chunks(listing))
    else:
        sys.stdout.write(FORMATS[fmt](listing, color=settings.color, width=width))


def compute_rows(data, as_of: date, window: int, review_age: int, include_all: bool):
    from .status import compute

    return compute(
        data.agreements.values(), data.meetings.values(), as_of, window, review_age, include_all
    )


def filtered_rows(settings: Settings, as_of, window, review_age, include_all, filters_in, rev):
    """Load (at a revision), filter and compute: (data dir, data, as-of, filters, kept rows)."""
    from .query import commitment_filter

    day = today(as_of)
    root, data = load_usable(settings, rev)
    filters = make_filters(data, *filters_in)
    keep = commitment_filter(filters, data.agreements)
    rows = [r for r in compute_rows(data, day, window, review_age, include_all) if keep(r)]
    return root, data, day, filters, rows


# -- status ------------------------------------------------------------------------------------


@app.command()
def status(
    ctx: typer.Context,
    fmt: Fmt = "table",
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
    rev: Rev = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            metavar="overdue[,due,stale]",
            help="Exit 1 when any commitment shown has one of these statuses.",
        ),
    ] = None,
) -> None:
    """Where every commitment stands on a date: the dashboard."""
    from .paths import display
    from .query import split
    from .status import ORDER, summary
    from .views import status_listing

    settings = _settings(ctx)
    failing = split([fail_on] if fail_on else [])
    for value in failing:
        if value not in ORDER:
            fail(f"--fail-on {value!r}: choose among {', '.join(ORDER)}")
    filters_in = (status, sector, party, agreement, kind, due_before, due_after, search)
    root, _, day, _, rows = filtered_rows(
        settings, as_of, window, review_age, include_all, filters_in, rev
    )
    emit(status_listing(rows, summary(rows), day, window, display(root), review_age), fmt, settings)
    if failing and any(r.status in failing for r in rows):
        raise typer.Exit(EXIT_INVALID)


# -- list --------------------------------------------------------------------------------------

LIST_KINDS = ("agreements", "commitments", "meetings", "parties", "sectors")


@app.command("list")
def list_(
    ctx: typer.Context,
    what: Annotated[
        str,
        typer.Argument(
            metavar="agreements|commitments|meetings|parties|sectors", help="What to list."
        ),
    ],
    fmt: Fmt = "table",
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
    rev: Rev = None,
) -> None:
    """Tables of records, with the filters that apply to them."""
    from . import views
    from .query import agreement_filter, commitment_filter, meeting_filter

    settings = _settings(ctx)
    if what not in LIST_KINDS:
        from .problems import suggest

        fail(
            f"cannot list {what!r}{suggest(what, LIST_KINDS)}: choose one of "
            + ", ".join(LIST_KINDS)
        )
    day = today(as_of)
    _, data = load_usable(settings, rev)
    f = make_filters(data, status, sector, party, agreement, kind, due_before, due_after, search)
    if what == "commitments":
        keep = commitment_filter(f, data.agreements)
        rows = [r for r in compute_rows(data, day, window, review_age, include_all) if keep(r)]
        listing = views.commitments_listing(sorted(rows, key=lambda r: r.ref))
    elif what == "agreements":
        listing = views.agreements_listing(
            a
            for a in sorted(data.agreements.values(), key=lambda a: a.id)
            if agreement_filter(f)(a)
        )
    elif what == "meetings":
        listing = views.meetings_listing(
            m
            for m in sorted(data.meetings.values(), key=lambda m: (m.date.first, m.id))
            if meeting_filter(f)(m)
        )
    elif what == "parties":
        needle = (search or "").casefold()
        listing = views.parties_listing(
            p
            for p in data.parties.values()
            if (not f.parties or p.id in f.parties)
            and needle in f"{p.id} {p.name} {p.name_local or ''} {p.abbr or ''}".casefold()
        )
    else:
        needle = (search or "").casefold()
        listing = views.sectors_listing(
            s
            for s in data.sectors.values()
            if (not f.sectors or s.id in f.sectors) and needle in f"{s.id} {s.name}".casefold()
        )
    emit(listing, fmt, settings)


# -- show --------------------------------------------------------------------------------------


@app.command()
def show(
    ctx: typer.Context,
    ident: Annotated[
        str,
        typer.Argument(
            metavar="ID-OR-REF",
            help="An agreement id, a meeting id, or a commitment ref <agreement>/<commitment>.",
        ),
    ],
    fmt: Annotated[
        str, typer.Option("--format", "-f", metavar="text|json", help="Output format.")
    ] = "text",
    as_of: AsOf = None,
    window: Window = 60,
    review_age: ReviewAge = 90,
    rev: Rev = None,
) -> None:
    """One agreement, commitment or meeting in full, with statuses and why."""
    from .problems import suggest
    from .show import describe

    settings = _settings(ctx)
    if fmt not in ("text", "json"):
        fail(f"--format {fmt!r}: choose text or json")
    day = today(as_of)
    _, data = load_usable(settings, rev)
    rows = compute_rows(data, day, window, review_age, include_all=True)
    try:
        text = describe(data, rows, ident, day, fmt)
    except KeyError:
        pool = [*data.agreements, *data.meetings, *(r.ref for r in rows)]
        fail(f"no agreement, meeting or commitment {ident!r}{suggest(ident, pool)}")
    sys.stdout.write(text)


# -- diff --------------------------------------------------------------------------------------


@app.command()
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
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="text|markdown|json",
            help="Output format (markdown: for a pull-request comment).",
        ),
    ] = "text",
    as_of: AsOf = None,
    window: Window = 60,
    review_age: ReviewAge = 90,
) -> None:
    """Records added, removed or changed, and commitments whose status changes, between two
    revisions of the data (statuses on one date)."""
    from . import diff as diffing
    from .gitrev import GitError, merge_base, toplevel

    settings = _settings(ctx)
    if fmt not in diffing.FORMATS:
        fail(f"--format {fmt!r}: choose one of {', '.join(diffing.FORMATS)}")
    root = data_dir(settings)
    day = today(as_of)
    try:
        base = base or merge_base(toplevel(root))
    except GitError as exc:
        fail(str(exc))
    old = load_checked(settings, root, base)
    new = load_checked(settings, root, head)
    result = diffing.compare(
        old, new, day, _short_rev(base), head or "working tree", window, review_age
    )
    sys.stdout.write(diffing.FORMATS[fmt](result))


def _short_rev(rev: str) -> str:
    return rev[:12] if len(rev) == 40 and all(c in "0123456789abcdef" for c in rev) else rev


# -- schema ------------------------------------------------------------------------------------


@app.command()
def schema(
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", metavar="DIR", help="Write <kind>.json files into DIR."),
    ] = None,
) -> None:
    """JSON Schemas of the record files, for editors' YAML language servers."""
    import json

    from .schemas import json_schemas
    from .writefile import write_atomic

    schemas = json_schemas()
    if output is None:
        sys.stdout.write(json.dumps(schemas, indent=2, ensure_ascii=False) + "\n")
        return
    output.mkdir(parents=True, exist_ok=True)
    for name, body in schemas.items():
        write_atomic(output / f"{name}.json", json.dumps(body, indent=2, ensure_ascii=False) + "\n")
        note(f"wrote {output / name}.json")


# -- entry point -------------------------------------------------------------------------------

# Commands kept in their own modules register themselves on `app` when imported.
from . import cli_edit  # noqa: E402, F401, I001
from . import cli_publish  # noqa: E402, F401

_GLOBAL_FLAGS = {"--debug", "--no-color", "--no-cache", "-v", "--verbose"}


def _hoist_globals(argv: list[str]) -> list[str]:
    """Accept global options after the command too (`kcbilat validate --data x`)."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest += argv[i:]
            break
        if arg in _GLOBAL_FLAGS:
            front.append(arg)
        elif arg == "--data" and i + 1 < len(argv):
            front += argv[i : i + 2]
            i += 1
        elif arg.startswith("--data="):
            front.append(arg)
        else:
            rest.append(arg)
        i += 1
    return front + rest


def main(argv: list[str] | None = None) -> None:
    # A short-lived process that builds large trees of records and frees little: the cyclic
    # collector, run at its default pace, spends a third of a big load rescanning them.
    import gc

    gc.set_threshold(100_000, 50, 50)
    args = _hoist_globals(list(sys.argv[1:] if argv is None else argv))
    try:
        app(args=args, prog_name="kcbilat")
    except KeyboardInterrupt:
        sys.stderr.write("kcbilat: interrupted\n")
        sys.exit(130)
    except Exception as exc:  # a bug in kcbilat: one line, and the traceback only on request
        if "--debug" in args:
            raise
        sys.stderr.write(
            f"kcbilat: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in kcbilat; rerun with --debug for the traceback and please report it.\n"
        )
        sys.exit(EXIT_BUG)
