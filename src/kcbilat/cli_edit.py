"""Editing commands (fmt, new agreement|meeting): registered on the main app.

The work is done by fmt.py and new.py (which import ruamel and pydantic); they are
imported inside the commands, so `kcbilat --help` stays instant.
"""

import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from .cli import (
    EXIT_INVALID,
    Settings,
    _settings,
    app,
    data_dir,
    fail,
    make_cache,
    note,
    today,
)
from .prompts import (
    AGREEMENT_TYPES,
    FIELDS,
    FORCE_PROMPT,
    MEETING_STATUSES,
    ask,
    completer,
    interactive,
)


def _shown(path: Path) -> str:
    from .paths import display
    from .render.diagnostics import safe

    return safe(display(path))


def editable_root(settings: Settings) -> Path:
    """The data directory to write into: as every command finds it, except that the data
    set bundled inside the installed package is never written to (a usage error)."""
    given = settings.data or os.environ.get("KCBILAT_DATA")
    cwd = Path.cwd()
    if not given and not any((f / "data" / "agreements").is_dir() for f in (cwd, *cwd.parents)):
        fail("no data directory here (no data/ holding agreements/): pass --data PATH")
    return data_dir(settings)


# -- fmt -------------------------------------------------------------------------------------


def _targets(paths: list[Path], root: Path | None) -> tuple[list[tuple[Path, str | None]], list]:
    """The files to format, with their kind (None: not a record file), and the problems
    of the folders listed (a symlink or FIFO where a record file should be)."""
    from .fmt import kind_of
    from .loader import list_files

    found: list[tuple[Path, str | None]] = []
    problems = []
    if root is not None:
        entries, problems = list_files(root)
        found = [(e.path, e.kind) for e in entries]
    for path in paths:
        if not os.path.lexists(path):
            fail(f"{path}: no such file or folder")
        if path.is_dir() and not path.is_symlink():
            if (path / "agreements").is_dir():
                entries, more = list_files(path)
                found += [(e.path, e.kind) for e in entries]
                problems += more
                continue
            for folder, dirs, files in os.walk(path):
                dirs.sort()
                for name in sorted(files):
                    file = Path(folder) / name
                    if name.endswith(".yaml") and kind_of(file):
                        found.append((file, kind_of(file)))
        else:
            found.append((path, kind_of(path)))
    seen: set[Path] = set()
    unique = []
    for path, kind in found:
        key = path.absolute()
        if key not in seen:
            seen.add(key)
            unique.append((path, kind))
    return unique, [p for p in problems if p.code == "not-a-file"]


@app.command("fmt")
def fmt_command(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Files or folders to format (default: every record file of the data directory)."
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check", help="Change nothing; print a diff and exit 1 when a file would change."
        ),
    ] = False,
) -> None:
    """Rewrite records in the canonical layout, keeping every comment and value."""
    from .fmt import format_file, unified_diff, write
    from .render.diagnostics import safe
    from .writefile import ChangedOnDisk

    settings = _settings(ctx)
    root = None if paths else editable_root(settings)
    targets, problems = _targets(list(paths or []), root)
    changed = unchanged = failed = 0
    for problem in problems:
        note(f"{_shown(problem.file)}: not formatted: not-a-file: {problem.message}")
        failed += 1
    for path, kind in targets:
        name = _shown(path)
        if kind is None:
            note(
                f"{name}: not formatted: not a record file (agreements/*.yaml, meetings/*.yaml, "
                "parties.yaml or sectors.yaml)"
            )
            failed += 1
            continue
        result = format_file(path, kind)
        if result.code == "fmt":  # plain YAML that fmt cannot rewrite without loss
            note(f"{name}: not formatted: {safe(result.message)}")
            failed += 1
        elif result.code is not None:
            where = f" at line {result.line}" if result.line else ""
            note(f"{name}: not formatted: {result.code}{where}: {safe(result.message)}")
            failed += 1
        elif not result.changed:
            unchanged += 1
        elif check:
            sys.stdout.write(unified_diff(result, name))
            note(f"would reformat {name}")
            changed += 1
        else:
            try:
                write(result)
            except ChangedOnDisk:
                note(f"{name}: changed on disk while being formatted: not overwritten")
                failed += 1
                continue
            except OSError as exc:
                note(f"{name}: cannot write: {exc.strerror or exc}")
                failed += 1
                continue
            sys.stdout.write(f"reformatted {name}\n")
            changed += 1
    files = "file" if changed == 1 else "files"
    counts = (
        f"{changed} {files} would be reformatted" if check else f"{changed} {files} reformatted"
    )
    counts += f", {unchanged} unchanged"
    if failed:
        counts += f", {failed} not formatted"
    note(counts)
    if failed or (check and changed):
        raise typer.Exit(EXIT_INVALID)


# -- new -------------------------------------------------------------------------------------

new_app = typer.Typer(
    name="new",
    help="Write a new, valid record where it belongs (prompting for what is missing).",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(new_app, name="new")


def _make(
    ctx: typer.Context,
    kind: str,
    values: dict[str, Any],
    urls: list[str],
    titles: list[str],
    publishers: list[str],
) -> None:
    """Fill in what is missing (prompting on a terminal), check, and create the file."""
    from . import new
    from .writefile import create_new

    settings = _settings(ctx)
    root = editable_root(settings)
    asking = interactive()
    known = new.known_ids(root, make_cache(settings, root)) if asking else {}
    missing: list[str] = []
    if len(titles) > len(urls) or len(publishers) > len(urls):
        fail("more --source-title or --source-publisher than --source URLs")
    for field in FIELDS[kind]:
        if values.get(field.key) is None:
            if asking and field.ask:
                values[field.key] = ask(field, known)
            elif field.required:
                missing.append(field.option)
        if field.key == "id" and values.get("id") is not None:
            _check_id(values["id"], new.target(root, kind, values["id"]))
    if kind == "agreement" and not urls:
        if asking:
            urls.append(typer.prompt("Source URL"))
        else:
            missing.append("--source")
    elif kind == "meeting" and not urls and asking:
        url = typer.prompt("Source URL (empty: none)", default="", show_default=False).strip()
        urls += [url] if url else []
    titles = list(titles)
    for url in urls[len(titles) :]:
        if asking:
            titles.append(typer.prompt(f"Title of {url}"))
        elif "--source-title" not in missing:
            missing.append("--source-title")
    if missing:
        fail(
            f"missing {', '.join(missing)}: give {'it' if len(missing) == 1 else 'them'} as "
            f"options (there is no terminal to ask on; {FORCE_PROMPT}=1 asks anyway)"
        )
    values["sources"] = new.sources(urls, titles, publishers)
    path = new.target(root, kind, values["id"])
    text = new.render(kind, values)
    problems = new.check(root, path, kind, text, today(None), make_cache(settings, root))
    errors = [p for p in problems if p.is_error]
    sys.stderr.write(new.problems_text(problems))
    if errors:
        fail(
            f"{_shown(path)} not written: the new {kind} has {len(errors)} "
            f"error{'s' * (len(errors) != 1)}",
            EXIT_INVALID,
        )
    try:
        path.parent.mkdir(exist_ok=True)
        create_new(path, text)
    except FileExistsError:
        fail(f"{_shown(path)} exists: not overwritten", EXIT_INVALID)
    except OSError as exc:
        fail(f"cannot write {_shown(path)}: {exc.strerror or exc}", EXIT_INVALID)
    sys.stdout.write(f"{_shown(path)}\n")


def _check_id(ident: str, path: Path) -> None:
    from .records import is_id

    if not is_id(ident):
        fail(
            f"--id {ident!r} is not an id: lowercase letters and digits in words joined by "
            "single hyphens, at most 64 characters",
            EXIT_INVALID,
        )
    if os.path.lexists(path):
        fail(f"{_shown(path)} exists: not overwritten", EXIT_INVALID)


def _split(values: list[str] | None) -> list[str] | None:
    from .query import split

    return None if values is None else split(values)


def _ids_option(flag: str, kind: str, text: str) -> Any:
    return typer.Option(flag, metavar="ID[,ID]", help=text, autocompletion=completer(kind))


Sources = Annotated[
    list[str] | None,
    typer.Option("--source", metavar="URL", help="A source's URL (repeatable)."),
]
SourceTitles = Annotated[
    list[str] | None,
    typer.Option(
        "--source-title", metavar="TEXT", help="The title of the source of the same position."
    ),
]
SourcePublishers = Annotated[
    list[str] | None,
    typer.Option(
        "--source-publisher", metavar="TEXT", help="The publisher of the source of that position."
    ),
]
IdOpt = Annotated[
    str | None,
    typer.Option("--id", metavar="ID", help="The record's id, also its file name."),
]
TitleOpt = Annotated[str | None, typer.Option("--title", metavar="TEXT", help="Its title.")]
PlaceOpt = Annotated[str | None, typer.Option("--place", metavar="TEXT", help="Where.")]
PartiesOpt = Annotated[
    list[str] | None,
    _ids_option("--parties", "party", "Party ids (repeatable or comma-separated)."),
]


@new_app.command("agreement")
def new_agreement(
    ctx: typer.Context,
    ident: IdOpt = None,
    title: TitleOpt = None,
    type_: Annotated[
        str | None,
        typer.Option("--type", metavar="|".join(AGREEMENT_TYPES), help="The kind of agreement."),
    ] = None,
    signed: Annotated[
        str | None,
        typer.Option("--signed", metavar="DATE", help="When it was signed (a partial date)."),
    ] = None,
    place: PlaceOpt = None,
    parties: PartiesOpt = None,
    revises: Annotated[
        str | None,
        typer.Option(
            "--revises",
            metavar="ID",
            help="The agreement this one revises or replaces.",
            autocompletion=completer("agreement"),
        ),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            metavar="in-force|signed|expired|superseded|terminated",
            help="Its status (default: in-force, left unwritten).",
        ),
    ] = None,
    expires: Annotated[
        str | None, typer.Option("--expires", metavar="DATE", help="When it expires.")
    ] = None,
    sectors: Annotated[
        list[str] | None,
        _ids_option("--sectors", "sector", "Sector ids (repeatable or comma-separated)."),
    ] = None,
    summary: Annotated[
        str | None, typer.Option("--summary", metavar="TEXT", help="What it is, in brief.")
    ] = None,
    source: Sources = None,
    source_title: SourceTitles = None,
    source_publisher: SourcePublishers = None,
    notes: Annotated[str | None, typer.Option("--notes", metavar="TEXT", help="Notes.")] = None,
) -> None:
    """Write a new agreement to <data>/agreements/<id>.yaml."""
    values = {
        "id": ident,
        "title": title,
        "type": type_,
        "signed": signed,
        "place": place,
        "parties": _split(parties),
        "revises": revises,
        "status": status,
        "expires": expires,
        "sectors": _split(sectors),
        "summary": summary,
        "notes": notes,
    }
    _make(ctx, "agreement", values, list(source or []), source_title or [], source_publisher or [])


@new_app.command("meeting")
def new_meeting(
    ctx: typer.Context,
    ident: IdOpt = None,
    title: TitleOpt = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date", metavar="DATE", help="When (held: a full date; scheduled: a partial date)."
        ),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option("--status", metavar="|".join(MEETING_STATUSES), help="What became of it."),
    ] = None,
    place: PlaceOpt = None,
    host: Annotated[
        str | None,
        typer.Option(
            "--host",
            metavar="KR|CN",
            help="The country that hosted.",
            autocompletion=lambda: ["KR", "CN"],
        ),
    ] = None,
    parties: PartiesOpt = None,
    fulfils: Annotated[
        list[str] | None,
        typer.Option(
            "--fulfils",
            metavar="REF[,REF]",
            help="Commitment refs it fulfils (agreement/commitment); '' for none.",
            autocompletion=completer("commitment"),
        ),
    ] = None,
    series: Annotated[
        str | None,
        typer.Option("--series", metavar="ID", help="The run of meetings it belongs to."),
    ] = None,
    number: Annotated[
        int | None, typer.Option("--number", metavar="N", help="Its ordinal in the series.")
    ] = None,
    source: Sources = None,
    source_title: SourceTitles = None,
    source_publisher: SourcePublishers = None,
    summary: Annotated[
        str | None, typer.Option("--summary", metavar="TEXT", help="What happened.")
    ] = None,
) -> None:
    """Write a new meeting to <data>/meetings/<id>.yaml."""
    values = {
        "id": ident,
        "title": title,
        "date": date,
        "status": status,
        "place": place,
        "host": host,
        "parties": _split(parties),
        "fulfils": _split(fulfils),
        "series": series,
        "number": number,
        "summary": summary,
    }
    _make(ctx, "meeting", values, list(source or []), source_title or [], source_publisher or [])
