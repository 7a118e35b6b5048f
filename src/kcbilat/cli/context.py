"""What every command shares at run time: the global settings, messages, exit codes, the
data directory, "today", and loading the data with what was left out said on stderr.

Heavy modules (pydantic, ruamel, the renderers) are imported inside the functions that
need them, so `kcbilat --help` stays instant.
"""

import os
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

if TYPE_CHECKING:
    from kcbilat.read.cache import Cache
    from kcbilat.read.loader import Dataset

EXIT_INVALID, EXIT_USAGE, EXIT_BUG = 1, 2, 3  # 0 is success


@dataclass
class Settings:
    """The global options, kept on the click context for every command."""

    data: str | None = None
    verbose: bool = False
    debug: bool = False
    color: bool = False
    cache: bool = True
    workers: int = 1


def settings(ctx: typer.Context) -> Settings:
    root = ctx.find_root()
    return root.obj if isinstance(root.obj, Settings) else Settings()


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    sys.stderr.write(f"kcbilat: {message}\n")
    raise typer.Exit(code)


def note(message: str) -> None:
    sys.stderr.write(message + "\n")


def shown(path: Path | str) -> str:
    """A path as the user would type it, safe to print."""
    from kcbilat.core.paths import display
    from kcbilat.publish.diagnostics import safe

    return safe(display(path))


def parse_day(value: str, origin: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{origin} {value!r} is not a date: write YYYY-MM-DD")


def today(as_of: str | None) -> date:
    """--as-of wins over KCBILAT_AS_OF, which wins over the real date."""
    if as_of:
        return parse_day(as_of, "--as-of")
    env = os.environ.get("KCBILAT_AS_OF")
    if env:
        return parse_day(env, "KCBILAT_AS_OF")
    return date.today()


def make_cache(s: Settings, root: Path) -> "Cache | None":
    if not s.cache:
        return None
    from kcbilat.read.cache import Cache, default_dir

    return Cache(default_dir(os.environ), root)


def data_dir(s: Settings) -> Path:
    from kcbilat.read.files import DataDirError, find_data_dir

    try:
        root = find_data_dir(s.data, os.environ, Path.cwd())
    except DataDirError as exc:
        fail(str(exc))
    if s.verbose:
        note(f"kcbilat: reading data from {shown(root)}")
    return root


def editable_root(s: Settings) -> Path:
    """The data directory to write into: as every command finds it, except that the data
    set bundled inside the installed package is never written to (a usage error)."""
    given = s.data or os.environ.get("KCBILAT_DATA")
    cwd = Path.cwd()
    if not given and not any((f / "data" / "agreements").is_dir() for f in (cwd, *cwd.parents)):
        fail("no data directory here (no data/ holding agreements/): pass --data PATH")
    return data_dir(s)


def load_checked(s: Settings, root: Path, rev: str | None = None) -> "Dataset":
    """The data set, checked, as it is now or (with `rev`) as it was at a git revision.

    Validation's "today" is the real date or KCBILAT_AS_OF, never --as-of, so that a
    status as of a past date still answers after later meetings are recorded.
    """
    from kcbilat.check.validate import load_and_check

    if rev is None:
        return load_and_check(root, today(None), make_cache(s, root), workers=s.workers)
    from kcbilat.read.gitrev import GitError, snapshot

    try:
        return load_and_check(root, today(None), snapshot=snapshot(root, rev))
    except GitError as exc:
        fail(str(exc))


def load_usable(s: Settings, rev: str | None = None) -> tuple[Path, "Dataset"]:
    """Load and check the data, then keep the valid records; say on stderr what was left out."""
    from kcbilat.check.validate import usable

    root = data_dir(s)
    data, errors = usable(load_checked(s, root, rev))
    if errors:
        note(
            f"kcbilat: the data has {errors} error{'s' * (errors != 1)}; the broken records are "
            "left out (`kcbilat validate` shows them)"
        )
    return root, data
