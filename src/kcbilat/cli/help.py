"""Help that teaches: the commands grouped by what they are for, each with its whole
one-line description, and examples under every command's options."""

from typing import Any

import typer
from typer.core import TyperGroup

#: the groups of `kcbilat -h`, in order, and the commands of each
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Reading", ("status", "list", "show")),
    ("Checking", ("validate", "explain", "sources", "schema")),
    ("Editing", ("new", "review", "fmt")),
    ("Publishing", ("report", "calendar", "export", "diff")),
)

#: a few real command lines for each command's help
EXAMPLES: dict[str, tuple[str, ...]] = {
    "status": (
        "kcbilat status",
        "kcbilat status --as-of 2026-11-28 --status overdue,due",
        "kcbilat status --sector climate --format csv > climate.csv",
        "kcbilat status --fail-on overdue          # exit 1 if any (cron, CI)",
    ),
    "list": (
        "kcbilat list agreements",
        "kcbilat list meetings --agreement env-climate-mou-2026",
        "kcbilat list commitments --kind recurring --format json",
    ),
    "show": (
        "kcbilat show env-climate-mou-2026",
        "kcbilat show env-climate-mou-2026/annual-ministers-meeting --as-of 2026-11-28",
        "kcbilat show kr-cn-environment-ministers-meeting-7 --format json",
    ),
    "validate": (
        "kcbilat validate",
        "kcbilat validate --strict --format github      # in CI",
        "kcbilat validate --changed-since origin/main   # only what a pull request touches",
    ),
    "explain": ("kcbilat explain", "kcbilat explain unknown-ref"),
    "schema": ("kcbilat schema -o schemas/",),
    "review": (
        "kcbilat review env-climate-mou-2026",
        "kcbilat review --all --date 2026-11-20",
    ),
    "fmt": ("kcbilat fmt", "kcbilat fmt --check     # exit 1 when a file would change"),
    "report": (
        "kcbilat report --format html -o report.html",
        "kcbilat report --agreement env-climate-mou-2026 > env.md",
    ),
    "calendar": ("kcbilat calendar -o kcbilat.ics",),
    "export": (
        "kcbilat export > kcbilat.json",
        "kcbilat export --format sqlite -o kcbilat.db",
        "kcbilat export --format csv -o tables/",
    ),
    "diff": (
        "kcbilat diff                         # this branch against main",
        "kcbilat diff v2026-06 HEAD --format markdown",
    ),
    "agreement": (
        "kcbilat new agreement     # on a terminal: asks for what is missing",
        "kcbilat new agreement --id x-mou-2026 --title ... --type mou --parties kr-mcee,cn-mee "
        "--sectors climate --summary ... --source https://... --source-title ...",
    ),
    "meeting": (
        "kcbilat new meeting",
        "kcbilat new meeting --id aemm-8 --title ... --date 2026-11-20 --status held "
        "--parties kr-mcee,cn-mee --fulfils env-climate-mou-2026/annual-ministers-meeting",
    ),
    "commitment": (
        "kcbilat new commitment env-climate-mou-2026",
        "kcbilat new commitment env-climate-mou-2026 --id joint-research --title ... "
        "--sectors climate --responsible kr-mcee,cn-mee --every annual --from 2026",
    ),
    "check": (
        "kcbilat sources check",
        "kcbilat sources check --offline",
        "kcbilat sources check data/agreements/env-climate-mou-2026.yaml --format github",
    ),
}


def epilog(name: str) -> str | None:
    """The examples of a command, kept as written (click's `\\b` stops it rewrapping them)."""
    lines = EXAMPLES.get(name)
    if not lines:
        return None
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


class Sections(TyperGroup):
    """`kcbilat -h`: the commands in their groups, each description whole."""

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        placed: set[str] = set()
        for title, names in SECTIONS:
            rows = []
            for name in names:
                command = self.get_command(ctx, name)
                if command is not None and not command.hidden:
                    rows.append((name, command.get_short_help_str(limit=1000)))
                    placed.add(name)
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)
        rest = [
            (name, command.get_short_help_str(limit=1000))
            for name in self.list_commands(ctx)
            if name not in placed and (command := self.get_command(ctx, name)) is not None
        ]
        if rest:  # a command not yet in a section is still listed
            with formatter.section("Other"):
                formatter.write_dl(rest)


def command(app: typer.Typer, function: Any, name: str | None = None) -> None:
    """Register a command with its examples."""
    key = name or function.__name__.replace("_", "-")
    app.command(key, epilog=epilog(key))(function)
