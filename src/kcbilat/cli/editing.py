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
    editable_root,
    fail,
    note,
    settings,
    shown,
)


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
