"""The editors' commands that change existing files: fmt and review (`new` is new.py).

The work is done by kcbilat.edit (which imports ruamel and pydantic), imported inside
the commands, so `kcbilat --help` stays instant.
"""

import sys
from pathlib import Path
from typing import Annotated

import typer

from kcbilat.cli.context import (
    EXIT_INVALID,
    agreements_folder,
    editable_root,
    fail,
    make_cache,
    note,
    parse_day,
    settings,
    shown,
    today,
)
from kcbilat.cli.prompts import completer


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


# -- review ----------------------------------------------------------------------------------


def review_command(
    ctx: typer.Context,
    agreements: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="AGREEMENT...",
            help="The agreements whose sources were re-checked (ids, or comma-separated).",
            autocompletion=completer("agreement"),
            show_default=False,
        ),
    ] = None,
    every: Annotated[bool, typer.Option("--all", help="Every agreement of the data set.")] = False,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="YYYY-MM-DD",
            help="When the sources were re-checked (default: today, or $KCBILAT_AS_OF).",
        ),
    ] = None,
) -> None:
    """Record that an agreement's sources were re-checked for follow-ups: set its
    `reviewed` date, keeping the file's comments and layout."""
    from kcbilat.core.atomic import ChangedOnDisk, write_atomic
    from kcbilat.edit.review import UnknownAgreement, check, plan
    from kcbilat.publish.diagnostics import FORMATS, safe
    from kcbilat.read.files import unsafe_target
    from kcbilat.status.query import split

    s = settings(ctx)
    if every and agreements:
        fail("give agreement ids or --all, not both")
    if not every and not split(agreements):
        fail("give the ids of the agreements reviewed (or --all for every one)")
    now = today(None)
    day = parse_day(date, "--date") if date else now
    if day > now:
        fail(f"--date {day} is after today ({now}): record a review once it is done")
    root = editable_root(s)
    agreements_folder(root)
    cache = make_cache(s, root)  # one per command: its note is printed once
    try:
        reviews = plan(root, None if every else split(agreements), day, cache)
    except UnknownAgreement as exc:
        fail(str(exc))
    problems = check(root, reviews, now, cache)
    changed = unchanged = failed = 0
    for r in reviews:
        name, result = shown(r.path), r.result
        errors = [p for p in problems.get(r.path, []) if p.is_error]
        if result.code is not None or result.after is None or result.before is None:
            where = f" at line {result.line}" if result.line else ""
            note(f"{name}: not changed: {result.code}{where}: {safe(result.message)}")
        elif errors:
            sys.stderr.write(FORMATS["text"](problems[r.path]))
            count = f"{len(errors)} error{'s' * (len(errors) != 1)}"
            note(f"{name}: not changed: with reviewed {day} it has {count}")
        elif not r.changed:
            sys.stdout.write(f"{name}: reviewed {day} (unchanged)\n")
            unchanged += 1
            continue
        elif why := unsafe_target(root, r.path):
            note(f"{name}: not changed: {why}")
        else:
            try:
                write_atomic(r.path, result.after, expect=result.before)
            except ChangedOnDisk:
                note(f"{name}: changed on disk while being edited: not overwritten")
            except OSError as exc:
                note(f"{name}: cannot write: {exc.strerror or exc}")
            else:
                layout = " (and the file put in the canonical layout)" if r.reformatted else ""
                sys.stdout.write(f"{name}: reviewed {safe(r.old or 'never')} → {day}{layout}\n")
                changed += 1
                continue
        failed += 1
    if failed:
        note(f"{changed} reviewed, {unchanged} unchanged, {failed} not changed")
        raise typer.Exit(EXIT_INVALID)
