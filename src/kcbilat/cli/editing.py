"""The editors' commands: fmt, new agreement|meeting.

The work is done by kcbilat.edit (which imports ruamel and pydantic), imported inside
the commands, so `kcbilat --help` stays instant.
"""

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from kcbilat.cli.context import (
    EXIT_INVALID,
    editable_root,
    fail,
    make_cache,
    note,
    settings,
    shown,
    today,
)
from kcbilat.cli.prompts import FORCE_PROMPT, ask, completer, interactive
from kcbilat.edit.new import AGREEMENT_TYPES, FIELDS, MEETING_STATUSES


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
    from kcbilat.core.atomic import ChangedOnDisk
    from kcbilat.edit.fmt import format_file, targets, unified_diff, write
    from kcbilat.publish.diagnostics import safe

    root = None if paths else editable_root(settings(ctx))
    try:
        found, problems = targets(list(paths or []), root)
    except FileNotFoundError as exc:
        fail(f"{exc.args[0]}: no such file or folder")
    changed = unchanged = failed = 0
    for problem in problems:
        note(f"{shown(problem.file)}: not formatted: not-a-file: {problem.message}")
        failed += 1
    for path, kind in found:
        name = shown(path)
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


def _make(
    ctx: typer.Context,
    kind: str,
    values: dict[str, Any],
    urls: list[str],
    titles: list[str],
    publishers: list[str],
) -> None:
    """Fill in what is missing (prompting on a terminal), check, and create the file."""
    from kcbilat.core.atomic import create_new
    from kcbilat.edit import new
    from kcbilat.publish.diagnostics import FORMATS

    s = settings(ctx)
    root = editable_root(s)
    asking = interactive()
    known = new.known_ids(root, make_cache(s, root)) if asking else {}
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
    problems = new.check(root, path, kind, text, today(None), make_cache(s, root))
    errors = [p for p in problems if p.is_error]
    sys.stderr.write(FORMATS["text"](problems))
    if errors:
        fail(
            f"{shown(path)} not written: the new {kind} has {len(errors)} "
            f"error{'s' * (len(errors) != 1)}",
            EXIT_INVALID,
        )
    try:
        path.parent.mkdir(exist_ok=True)
        create_new(path, text)
    except FileExistsError:
        fail(f"{shown(path)} exists: not overwritten", EXIT_INVALID)
    except OSError as exc:
        fail(f"cannot write {shown(path)}: {exc.strerror or exc}", EXIT_INVALID)
    sys.stdout.write(f"{shown(path)}\n")


def _check_id(ident: str, path: Path) -> None:
    import os

    from kcbilat.core.records import is_id

    if not is_id(ident):
        fail(
            f"--id {ident!r} is not an id: lowercase letters and digits in words joined by "
            "single hyphens, at most 64 characters",
            EXIT_INVALID,
        )
    if os.path.lexists(path):
        fail(f"{shown(path)} exists: not overwritten", EXIT_INVALID)


def _split(values: list[str] | None) -> list[str] | None:
    from kcbilat.status.query import split

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
