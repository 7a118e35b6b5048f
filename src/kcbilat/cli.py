"""The command line: parse options, call the library, print, exit. Nothing else.

Heavy modules (pydantic, ruamel, the renderers) are imported inside the commands
that need them, so `kcbilat --help` and `--version` stay instant.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from ._version import __version__

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3

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
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    color = not no_color and "NO_COLOR" not in os.environ and sys.stdout.isatty()
    ctx.obj = Settings(data=data, verbose=verbose, debug=debug, color=color)


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
) -> None:
    """Check every record: schema, references, dates, periods, series (SPEC §3)."""
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
    problems = validate_dir(root, day)
    if paths:
        wanted = [p.absolute() for p in paths]
        problems = [
            p
            for p in problems
            if any(p.file.absolute() == w or w in p.file.absolute().parents for w in wanted)
        ]
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

_GLOBAL_FLAGS = {"--debug", "--no-color", "-v", "--verbose"}


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
