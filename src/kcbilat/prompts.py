"""Asking for a new record's values: prompts on a terminal, and completion of known ids.

Part of the command line (it talks to the user through typer), kept apart from the
commands of cli_edit.py.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer

from .cli import Settings, make_cache

#: set to 1 to prompt for missing values as on a terminal (for tests and scripted input)
FORCE_PROMPT = "KCBILAT_FORCE_PROMPT"


def known(ctx: typer.Context) -> dict[str, list[str]]:
    """Known ids of the data directory named on the command line (for completion)."""
    from .loader import find_data_dir
    from .new import known_ids

    root_ctx = ctx.find_root()
    option = root_ctx.params.get("data") if root_ctx.params else None
    if isinstance(root_ctx.obj, Settings) and root_ctx.obj.data:
        option = root_ctx.obj.data
    try:
        root = find_data_dir(option, os.environ, Path.cwd())
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


@dataclass(frozen=True)
class Field:
    """One value of a new record: its key, option, prompt, and how a prompt checks it."""

    key: str
    option: str
    label: str
    required: bool = True
    ask: bool = True  # prompted on a terminal when missing (optional ones: empty skips)
    ids: str | None = None  # a list of these known ids (party, sector, commitment)
    choices: tuple[str, ...] = ()
    date: bool = False


AGREEMENT_TYPES = ("agreement", "mou", "joint-statement", "action-plan", "treaty", "other")
MEETING_STATUSES = ("held", "scheduled", "postponed", "cancelled")

FIELDS: dict[str, tuple[Field, ...]] = {
    "agreement": (
        Field("id", "--id", "Id (lowercase-with-hyphens, also the file name)"),
        Field("title", "--title", "Title"),
        Field("type", "--type", "Type", choices=AGREEMENT_TYPES),
        Field(
            "signed",
            "--signed",
            "Signed (2026-01-05, 2026-06 or 2026; empty if unknown)",
            required=False,
            date=True,
        ),
        Field("parties", "--parties", "Parties (ids, comma-separated)", ids="party"),
        Field("sectors", "--sectors", "Sectors (ids, comma-separated)", ids="sector"),
        Field("summary", "--summary", "Summary (two or three sentences)"),
    ),
    "meeting": (
        Field("id", "--id", "Id (lowercase-with-hyphens, also the file name)"),
        Field("title", "--title", "Title"),
        Field(
            "date", "--date", "Date (2026-12-10; a scheduled one may be 2026-Q4 or 2026)", date=True
        ),
        Field("status", "--status", "Status", choices=MEETING_STATUSES),
        Field("parties", "--parties", "Parties (ids, comma-separated)", ids="party"),
        Field(
            "fulfils",
            "--fulfils",
            "Commitments it fulfils (agreement/commitment refs, comma-separated; empty: none)",
            required=False,
            ids="commitment",
        ),
    ),
}


def interactive() -> bool:
    return os.environ.get(FORCE_PROMPT) == "1" or sys.stdin.isatty()


def _checker(field: Field, known: dict[str, list[str]]) -> Callable[[str], Any]:
    """What a prompt does with an answer: the value, or BadParameter (asked again)."""
    from .problems import suggest
    from .query import split

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
            from .dates import DateError, parse_partial_date

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
