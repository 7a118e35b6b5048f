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
    from kcbilat.core.problems import LeftOut
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
    """Say why the command stops (escaped: a message may hold a path or a value given),
    and exit with `code`."""
    from kcbilat.core.escape import terminal

    sys.stderr.write(f"kcbilat: {terminal(message)}\n")
    raise typer.Exit(code)


def note(message: str) -> None:
    from kcbilat.core.escape import terminal

    sys.stderr.write(terminal(message) + "\n")


def shown(path: Path | str) -> str:
    """A path as the user would type it, safe to print."""
    from kcbilat.core.paths import display
    from kcbilat.publish.diagnostics import safe

    return safe(display(path))


def parse_day(value: str, origin: str) -> date:
    """A day given in the environment (KCBILAT_AS_OF), within the years kcbilat accepts."""
    from kcbilat.core.dates import DateError, parse_full_date

    try:
        return parse_full_date(value)
    except DateError as exc:
        fail(f"{origin}: {exc}")


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

    cache = Cache(default_dir(os.environ), root)
    if cache.note is not None:
        note(f"kcbilat: the cache is not used: {cache.note}")
    return cache


def data_dir(s: Settings, bundled: bool = False, why: str | None = None) -> Path:
    """The data directory of this run. Only the reading commands (`bundled`) may fall back
    to the data set shipped with kcbilat, and they say so: checking, editing and comparing
    never do, so none can call another data set valid or write into it. `why` says, when
    there is none, why this command does not fall back."""
    from kcbilat._version import __version__
    from kcbilat.read.files import DataDirError, find_data_dir

    try:
        found = find_data_dir(s.data, os.environ, Path.cwd(), bundled)
    except DataDirError as exc:
        fail(f"{exc} ({why})" if why else str(exc))
    if found.bundled:
        note(
            f"kcbilat: no data/ folder here or above: reading the data set bundled with "
            f"kcbilat {__version__} (--data PATH reads another)"
        )
    if s.verbose:
        note(f"kcbilat: reading data from {shown(found.path)}")
    return found.path


def editable_root(s: Settings) -> Path:
    """The data directory to write into or check: never the bundled data set."""
    return data_dir(s, bundled=False)


def agreements_folder(root: Path) -> None:
    """Exit 1 when the agreements folder of `root` cannot be read: an editing command would
    otherwise find no agreement there (or, for `review --all`, none to review) and say
    "no agreement", or nothing at all."""
    from kcbilat.read.files import unusable_folder

    if why := unusable_folder(root, "agreements"):
        fail(f"no agreement can be read: {shown(root / 'agreements')} {why}", EXIT_INVALID)


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


def load_usable(
    s: Settings, rev: str | None = None, root: Path | None = None
) -> tuple[Path, "Dataset", "LeftOut"]:
    """Load and check the data (of `root`, else the data directory of this run), and keep
    the valid records: what the reporting commands show. What was left out goes into
    their output, and `conclude` reports it."""
    from kcbilat.check.validate import usable

    root = root or data_dir(s, bundled=True)
    data, left_out = usable(load_checked(s, root, rev))
    return root, data, left_out


def conclude(left_out: "LeftOut") -> None:
    """After a reporting command's output: say what was left out and exit 1, so that no
    cron job, CI gate or published report passes on data that was not read."""
    if left_out:
        note(f"kcbilat: {left_out.sentence(shown)}")
        raise typer.Exit(EXIT_INVALID)
