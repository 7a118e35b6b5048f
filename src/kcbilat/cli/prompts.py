"""Asking for a new record's values: prompts on a terminal, and completion of known ids.

Part of the command line (it talks to the user through typer); what a new record
needs is kcbilat.edit.new's FIELDS.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from kcbilat.cli.context import Settings, make_cache
from kcbilat.edit.new import Field

#: set to 1 to prompt for missing values as on a terminal (for tests and scripted input)
FORCE_PROMPT = "KCBILAT_FORCE_PROMPT"


def known(ctx: typer.Context) -> dict[str, list[str]]:
    """Known ids of the data directory named on the command line (for completion)."""
    from kcbilat.edit.new import known_ids
    from kcbilat.read.files import find_data_dir

    root_ctx = ctx.find_root()
    option = root_ctx.params.get("data") if root_ctx.params else None
    if isinstance(root_ctx.obj, Settings) and root_ctx.obj.data:
        option = root_ctx.obj.data
    try:
        root = find_data_dir(option, os.environ, Path.cwd(), bundled=False).path
        return known_ids(root, make_cache(Settings(), root))
    except Exception:  # completion never fails loudly
        return {}


def completer(kind: str) -> Callable[..., list[str]]:
    """Shell completion of known ids, also after a comma (`--parties kr-mcee,cn-`)."""

    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        head, comma, last = incomplete.rpartition(",")
        taken = set(head.split(",")) if comma else set()
        return [
            head + comma + ident
            for ident in known(ctx).get(kind, [])
            if ident.startswith(last) and ident not in taken
        ]

    return complete


def interactive() -> bool:
    return os.environ.get(FORCE_PROMPT) == "1" or sys.stdin.isatty()


def _checker(field: Field, known: dict[str, list[str]]) -> Callable[[str], Any]:
    """What a prompt does with an answer: the value, or BadParameter (asked again)."""
    from kcbilat.core.problems import suggest
    from kcbilat.status.query import split

    def convert(text: str) -> Any:
        text = text.strip()
        if field.ids:
            values = split([text])
            pool = known.get(field.ids, [])
            for value in values:
                if pool and value not in pool:
                    raise typer.BadParameter(f"unknown {field.ids} {value!r}{suggest(value, pool)}")
            if field.required and not values:
                raise typer.BadParameter("give at least one")
            return values
        if field.choices and text not in field.choices:
            raise typer.BadParameter(f"choose one of {', '.join(field.choices)}")
        if field.date and text:
            from kcbilat.core.dates import DateError, parse_partial_date

            try:
                parse_partial_date(text)
            except DateError as exc:
                raise typer.BadParameter(str(exc)) from None
        if field.required and not text:
            raise typer.BadParameter("a value is needed")
        return text or None

    return convert


def ask(field: Field, known: dict[str, list[str]]) -> Any:
    label = field.label
    if field.choices:
        label += f" ({'|'.join(field.choices)})"
    with _completion(known.get(field.ids or "", [])):
        return typer.prompt(
            label,
            default=None if field.required else "",
            show_default=False,
            value_proc=_checker(field, known),
        )


class _completion:
    """Tab completion of known ids at a prompt, where readline is at hand."""

    def __init__(self, words: list[str]) -> None:
        self.words = words
        self.saved: Any = None

    def __enter__(self) -> None:
        if not self.words or not sys.stdin.isatty():
            return
        try:
            import readline
        except ImportError:
            return
        self.saved = (readline, readline.get_completer(), readline.get_completer_delims())

        def complete(text: str, state: int) -> str | None:
            matches = [w for w in self.words if w.startswith(text)]
            return matches[state] if state < len(matches) else None

        readline.set_completer_delims(", ")
        readline.set_completer(complete)
        readline.parse_and_bind("tab: complete")

    def __exit__(self, *exc: object) -> None:
        if self.saved:
            readline, completer, delims = self.saved
            readline.set_completer(completer)
            readline.set_completer_delims(delims)
