"""Asking for a new record's values: prompts on a terminal, and completion of known ids.

Part of the command line (it talks to the user through typer); what a new record needs
is kcbilat.edit.new's FIELDS, and how each value is checked, kcbilat.edit.answers. An
answer that would not do is said at once and asked again; an option that would not do
is asked again on a terminal, and is a usage error (exit 2) otherwise. Ctrl-C or the
end of the input at a prompt is typer.Abort, which `main` turns into exit 130.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer

from kcbilat.cli.context import EXIT_INVALID, Settings, fail, make_cache, note, shown, today

if TYPE_CHECKING:
    from kcbilat.edit.answers import Known
    from kcbilat.edit.new import Field

#: set to 1 to prompt for missing values as on a terminal (for tests and scripted input)
FORCE_PROMPT = "KCBILAT_FORCE_PROMPT"


def known(ctx: typer.Context) -> dict[str, list[str]]:
    """Known ids of the data directory named on the command line (for completion)."""
    from kcbilat.edit.answers import survey
    from kcbilat.read.files import find_data_dir

    root_ctx = ctx.find_root()
    option = root_ctx.params.get("data") if root_ctx.params else None
    if isinstance(root_ctx.obj, Settings) and root_ctx.obj.data:
        option = root_ctx.obj.data
    try:
        root = find_data_dir(option, os.environ, Path.cwd(), bundled=False).path
        return survey(root, today(None), make_cache(Settings(), root)).ids
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


def prompt(label: str, check: Callable[[str], Any], required: bool, words: list[str]) -> Any:
    """Ask until the answer passes `check` (its BadAnswer is said, and asked again); an
    empty answer to an optional question is checked as "". Ctrl-C: typer.Abort."""
    from kcbilat.edit.answers import BadAnswer

    def convert(text: str) -> Any:
        try:
            return check(text)
        except BadAnswer as exc:
            raise typer.BadParameter(str(exc)) from None

    with _completion(words):
        try:
            return typer.prompt(
                label, default=None if required else "", show_default=False, value_proc=convert
            )
        except (KeyboardInterrupt, EOFError):  # click makes these Abort too: never exit 1
            raise typer.Abort() from None


class Filler:
    """Fills a new record's values: options first, checked; what is missing or wrong is
    asked for on a terminal, or named in a usage error (exit 2) when there is none."""

    def __init__(self, kind: str, known: Known, asking: bool) -> None:
        self.kind, self.known, self.asking = kind, known, asking
        self.missing: list[str] = []

    def fill(self, values: dict[str, Any]) -> None:
        from kcbilat.edit.answers import BadAnswer, check, label
        from kcbilat.edit.new import FIELDS

        for field in FIELDS[self.kind]:
            if field.when is not None and field.when != values.get("kind"):
                continue  # a commitment's value for another kind (asked for in turn)
            given = values.get(field.key) is not None
            if given:
                try:
                    values[field.key] = check(
                        self.kind, field, values[field.key], values, self.known
                    )
                    continue
                except BadAnswer as exc:
                    self._wrong(field.option, str(exc))
                    values[field.key] = None
            if self.asking and (field.ask or given):
                values[field.key] = prompt(
                    label(self.kind, field, values, self.known),
                    _bound(check, self.kind, field, values, self.known),
                    field.required,
                    self.known.ids.get(field.ids or "", []),
                )
            elif field.required:
                self.missing.append(field.option)

    def _wrong(self, option: str, message: str) -> None:
        if not self.asking:
            fail(f"{option}: {message}")
        note(f"kcbilat: {option}: {message}")

    def sources(self, urls: list[str], titles: list[str], required: bool) -> None:
        """Check the sources' URLs, ask for one when needed (or offer to on a terminal),
        and for the title of each URL that has none."""
        from kcbilat.edit.answers import BadAnswer, check_url

        if len(titles) > len(urls):
            fail("more --source-title than --source URLs")
        for i, url in enumerate(urls):
            try:
                urls[i] = check_url(url)
            except BadAnswer as exc:
                self._wrong("--source", str(exc))
                urls[i] = prompt("Source URL", check_url, True, [])
        if not urls and self.asking:
            label = "Source URL" if required else "Source URL (empty: none)"
            url = prompt(label, _optional_url if not required else check_url, required, [])
            urls += [url] if url else []
        elif not urls and required:
            self.missing.append("--source")
        for url in urls[len(titles) :]:
            if self.asking:
                titles.append(prompt(f"Title of {url}", _title, True, []))
            elif "--source-title" not in self.missing:
                self.missing.append("--source-title")

    def done(self) -> None:
        """A usage error naming what is still missing, if anything is."""
        if self.missing:
            it = "it" if len(self.missing) == 1 else "them"
            fail(
                f"missing {', '.join(self.missing)}: give {it} as options (there is no "
                f"terminal to ask on; {FORCE_PROMPT}=1 asks anyway)"
            )


def _bound(check: Callable[..., Any], kind: str, field: Field, values: Any, known: Any) -> Any:
    return lambda text: check(kind, field, text, values, known)


def _optional_url(text: str) -> str | None:
    from kcbilat.edit.answers import check_url

    return check_url(text) if text.strip() else None


def _title(text: str) -> str:
    from kcbilat.edit.answers import BadAnswer

    if not text.strip():
        raise BadAnswer("a value is needed")
    return text.strip()


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


# -- the end of a new record --------------------------------------------------------


def sources(
    kind: str, filler: Filler, urls: list[str], titles: list[str], publishers: list[str]
) -> list[dict[str, Any]]:
    from kcbilat.edit.new import sources

    if len(publishers) > len(urls):
        fail("more --source-publisher than --source URLs")
    filler.sources(urls, titles, required=kind == "agreement")
    filler.done()
    return sources(urls, titles, publishers)


def report(problems: list[Any]) -> int:
    """Print the diagnostics on stderr; the number of errors."""
    from kcbilat.publish.diagnostics import FORMATS

    sys.stderr.write(FORMATS["text"](problems))
    return sum(p.is_error for p in problems)


def reject(root: Path, asking: bool, name: str, text: str, message: str, then: str) -> NoReturn:
    """Nothing was written: say why, keep what was typed at the prompts (`then` says what
    to do with it), exit 1."""
    from kcbilat.edit.new import keep_rejected

    note(f"kcbilat: {message}")
    if asking:
        try:
            kept = keep_rejected(root, Path.cwd(), name, text)
        except OSError as exc:
            note(f"kcbilat: your answers could not be kept in a file ({exc}); here they are:")
            sys.stderr.write(text)
        else:
            where = shown(kept)
            where = where if "/" in where else f"./{where}"
            note(f"kcbilat: your answers are kept in {where}: correct it, then {then}")
    raise typer.Exit(EXIT_INVALID)
