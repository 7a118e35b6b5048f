"""`kcbilat new agreement|meeting|commitment`: a new record, valid, where it belongs.

Every value is checked as it is given (kcbilat.edit.answers, through prompts.Filler);
the finished record is validated with the whole data set before anything is written.
When it still fails, nothing typed at a prompt is lost: the record is kept in a
`<id>.yaml.rejected` file outside the data directory. The work is done by kcbilat.edit
(which imports ruamel and pydantic), imported inside the commands, so `kcbilat --help`
stays instant.
"""

import sys
from typing import Annotated, Any, NoReturn

import typer

from kcbilat.cli import commitment
from kcbilat.cli.context import (
    editable_root,
    make_cache,
    settings,
    shown,
    today,
)
from kcbilat.cli.help import epilog
from kcbilat.cli.prompts import Filler, completer, interactive, reject, report, sources
from kcbilat.core.vocabulary import AGREEMENT_STATUSES, AGREEMENT_TYPES, MEETING_STATUSES

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
    from kcbilat.edit.answers import survey

    s = settings(ctx)
    root = editable_root(s)
    asking = interactive()
    cache = make_cache(s, root)  # one per command: its note is printed once
    filler = Filler(kind, survey(root, today(None), cache), asking)
    filler.fill(values)
    values["sources"] = sources(kind, filler, urls, titles, publishers)
    path = new.target(root, kind, values["id"])
    text = new.render(kind, values)

    def refuse(message: str) -> NoReturn:
        then = f"move it to {shown(path)} (`kcbilat validate` checks it there)"
        reject(root, asking, values["id"], text, message, then)

    problems = new.check(root, path, kind, text, today(None), cache)
    errors = report(problems)
    if errors:
        refuse(f"{shown(path)} not written: the new {kind} has {errors} error{'s' * (errors != 1)}")
    from kcbilat.read.files import unsafe_target

    why = unsafe_target(root, path)
    if why:
        refuse(f"{shown(path)} not written: {why}")
    try:
        path.parent.mkdir(exist_ok=True)
        create_new(path, text)
    except FileExistsError:
        refuse(f"{shown(path)} exists: not overwritten")
    except OSError as exc:
        refuse(f"cannot write {shown(path)}: {exc.strerror or exc}")
    sys.stdout.write(f"{shown(path)}\n")


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
SectorsOpt = Annotated[
    list[str] | None,
    _ids_option("--sectors", "sector", "Sector ids (repeatable or comma-separated)."),
]


@new_app.command("agreement", epilog=epilog("agreement"))
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
            metavar="|".join(AGREEMENT_STATUSES),
            help="Its status (default: in-force, left unwritten).",
        ),
    ] = None,
    expires: Annotated[
        str | None, typer.Option("--expires", metavar="DATE", help="When it expires.")
    ] = None,
    sectors: SectorsOpt = None,
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
    _make(
        ctx,
        "agreement",
        values,
        list(source or []),
        list(source_title or []),
        list(source_publisher or []),
    )


@new_app.command("meeting", epilog=epilog("meeting"))
def new_meeting(
    ctx: typer.Context,
    ident: IdOpt = None,
    title: TitleOpt = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="DATE",
            help="When (held: a full date, not after today; scheduled: a partial date).",
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
        "status": status,
        "date": date,
        "place": place,
        "host": host,
        "parties": _split(parties),
        "fulfils": _split(fulfils),
        "series": series,
        "number": number,
        "summary": summary,
    }
    _make(
        ctx,
        "meeting",
        values,
        list(source or []),
        list(source_title or []),
        list(source_publisher or []),
    )


def _option(flag: str, metavar: str, text: str) -> Any:
    return typer.Option(flag, metavar=metavar, help=text)


@new_app.command("commitment", epilog=epilog("commitment"))
def new_commitment(
    ctx: typer.Context,
    agreement: Annotated[
        str,
        typer.Argument(
            metavar="AGREEMENT",
            help="The id of the agreement it belongs to.",
            autocompletion=completer("agreement"),
        ),
    ],
    ident: Annotated[
        str | None, _option("--id", "ID", "Its id, unique within the agreement.")
    ] = None,
    title: TitleOpt = None,
    description: Annotated[
        str | None, _option("--description", "TEXT", "What it commits to, in full.")
    ] = None,
    sectors: SectorsOpt = None,
    responsible: Annotated[
        list[str] | None,
        _ids_option("--responsible", "party", "The parties responsible (ids)."),
    ] = None,
    due: Annotated[str | None, _option("--due", "DATE", "One-off: when it is due.")] = None,
    every: Annotated[
        str | None, _option("--every", "DURATION", "Recurring: annual, '6 months'...")
    ] = None,
    from_: Annotated[str | None, _option("--from", "DATE", "Recurring: its first period.")] = None,
    until: Annotated[
        str | None, _option("--until", "DATE", "Recurring: its last period (default: none).")
    ] = None,
    review: Annotated[
        str | None,
        _option(
            "--review", "DURATION", "Open-ended: activity expected within (default 12 months)."
        ),
    ] = None,
    place: PlaceOpt = None,
    hosts: Annotated[
        str | None, _option("--hosts", "alternate", "The two countries host in turn.")
    ] = None,
    source: Sources = None,
    source_title: SourceTitles = None,
    source_publisher: SourcePublishers = None,
) -> None:
    """Add a commitment to <data>/agreements/<AGREEMENT>.yaml: one-off (--due), recurring
    (--every, --from [--until]) or open-ended (neither; --review)."""
    values = {
        "id": ident,
        "title": title,
        "description": description,
        "sectors": _split(sectors),
        "responsible": _split(responsible),
        "kind": None,
        "due": due,
        "every": every,
        "from": from_,
        "until": until,
        "review": review,
        "place": place,
        "hosts": hosts,
    }
    commitment.add(
        ctx,
        agreement,
        values,
        list(source or []),
        list(source_title or []),
        list(source_publisher or []),
    )
