"""`kcbilat new commitment`: a commitment appended to its agreement's file, the file's
comments and layout kept, checked with the whole data set, written atomically."""

import sys
from typing import Any, NoReturn

import typer

from kcbilat.cli.context import (
    EXIT_INVALID,
    agreements_folder,
    editable_root,
    fail,
    make_cache,
    note,
    settings,
    shown,
    today,
)
from kcbilat.cli.prompts import Filler, interactive, reject, report, sources


def add(
    ctx: typer.Context,
    agreement: str,
    values: dict[str, Any],
    urls: list[str],
    titles: list[str],
    publishers: list[str],
) -> None:
    """Fill in the commitment, append it to its agreement's file, check, write atomically."""
    from kcbilat.core.atomic import ChangedOnDisk, write_atomic
    from kcbilat.core.problems import suggest
    from kcbilat.edit import new
    from kcbilat.edit.answers import BadAnswer, commitment_kind, survey
    from kcbilat.edit.fmt import format_file
    from kcbilat.publish.diagnostics import safe

    s = settings(ctx)
    root = editable_root(s)
    agreements_folder(root)
    asking = interactive()
    cache = make_cache(s, root)  # one per command: its note is printed once
    known = survey(root, today(None), cache)
    pool = known.ids.get("agreement", [])
    if agreement not in pool:
        fail(f"no agreement {agreement!r}{suggest(agreement, pool)}")
    path = known.files.get(agreement)
    if path is None:
        fail(
            f"the file of agreement {agreement!r} cannot be read (`kcbilat validate` says why)",
            EXIT_INVALID,
        )
    try:
        values["kind"] = commitment_kind(values)
    except BadAnswer as exc:
        fail(str(exc))
    if values["kind"] is None and not asking:
        values["kind"] = "open"
    filler = Filler("commitment", known.into(agreement), asking)
    filler.fill(values)
    values["sources"] = sources("commitment", filler, urls, titles, publishers)
    item = new.record("commitment", values)
    snippet = new.render("commitment", values)

    def refuse(message: str) -> NoReturn:
        then = f"add it under the `commitments:` of {shown(path)}"
        reject(root, asking, f"{agreement}.{values['id']}", snippet, message, then)

    result = format_file(path, "agreement", new.appending(item))
    if result.after is None or result.before is None:
        where = f" at line {result.line}" if result.line else ""
        refuse(f"{shown(path)} not changed: {result.code}{where}: {safe(result.message)}")
    text = result.after.decode("utf-8")
    problems = new.check_texts(root, {path: text}, today(None), cache)[path]
    if problems:
        note(f"{shown(path)}, with the new commitment in it:")
    errors = report(problems)
    if errors:
        refuse(
            f"{shown(path)} not changed: with the new commitment it has {errors} "
            f"error{'s' * (errors != 1)}"
        )
    from kcbilat.read.files import unsafe_target

    why = unsafe_target(root, path)
    if why:
        refuse(f"{shown(path)} not changed: {why}")
    try:
        write_atomic(path, result.after, expect=result.before)
    except ChangedOnDisk:
        refuse(f"{shown(path)} changed on disk meanwhile: not overwritten")
    except OSError as exc:
        refuse(f"cannot write {shown(path)}: {exc.strerror or exc}")
    sys.stdout.write(f"{shown(path)}\n")
