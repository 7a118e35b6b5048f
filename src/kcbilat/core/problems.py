"""Problem: one diagnostic about the data, as a plain value (never an exception)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

ERROR = "error"
WARNING = "warning"

#: every code and its severity; kcbilat.codes explains each one (docs/reference/diagnostics.md).
CODES: dict[str, str] = {
    "yaml-syntax": ERROR,
    "schema": ERROR,
    "unknown-field": ERROR,
    "bad-date": ERROR,
    "duplicate-id": ERROR,
    "filename": ERROR,
    "unknown-ref": ERROR,
    "date-order": ERROR,
    "period": ERROR,
    "series-order": ERROR,
    "disputed": ERROR,
    "yaml-feature": ERROR,
    "limit": ERROR,
    "encoding": ERROR,
    "bad-char": ERROR,
    "not-a-file": ERROR,
    "no-source": WARNING,
    "stale-schedule": WARNING,
    "orphan": WARNING,
    "host-order": WARNING,
    # `kcbilat sources check`
    "dead-link": ERROR,
    "moved-link": WARNING,
    "unreachable-link": WARNING,
}


class Fault(Exception):
    """Something of the machine, not of the data and not a bug in kcbilat, stopped the work
    (a full disk, a worker process killed): the command line says it in one line, exit 2."""


MAX_PER_FILE = 50
MAX_TOTAL = 1000
#: a file over this many bytes is refused before it is parsed
MAX_BYTES = 1024 * 1024

Path_ = tuple[str | int, ...]  # where a value stands inside a file: keys and list indexes
Pos = tuple[int, int]  # 1-based line, column


@dataclass  # no slots: cached, and a __dict__ unpickles faster
class Issue:
    """A problem found inside one file, before the file's path is attached (a Problem)."""

    line: int | None
    column: int | None
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class Problem:
    file: Path
    line: int | None
    column: int | None
    code: str
    message: str

    @property
    def severity(self) -> str:
        return CODES[self.code]

    @property
    def is_error(self) -> bool:
        return CODES[self.code] == ERROR

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file.as_posix(), self.line or 0, self.column or 0, self.code)


def quote(value: object, limit: int = 80) -> str:
    """A value for a message: at most `limit` characters, so a huge scalar cannot flood output,
    and never an error itself (a 3,600-digit hex number has no decimal text Python will
    make: it is described instead)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return f"({value.bit_length()} bits)"
    if isinstance(value, str):
        text = value
    else:
        try:
            text = repr(value)
        except ValueError:  # a value holding a huge number
            return f"a {type(value).__name__}"
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return repr(text) if isinstance(value, str) else text


def suggest(word: str, choices: Iterable[str]) -> str:
    """' (did you mean X?)' when a close choice exists, else ''."""
    from difflib import get_close_matches

    match = get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""


def capped(problems: Iterable[Problem]) -> list[Problem]:
    """Sort, then keep at most MAX_PER_FILE per file and MAX_TOTAL in all.

    Past a cap one more `limit` problem says how many were left out, so a
    hostile file cannot bury the others or flood a CI log.
    """
    by_file: dict[Path, list[Problem]] = {}
    for problem in sorted(problems, key=Problem.sort_key):
        by_file.setdefault(problem.file, []).append(problem)
    kept: list[Problem] = []
    for path, items in by_file.items():
        if len(items) > MAX_PER_FILE:
            left = len(items) - MAX_PER_FILE
            last = items[MAX_PER_FILE - 1]
            items = [
                *items[:MAX_PER_FILE],
                Problem(
                    path,
                    last.line,
                    last.column,
                    "limit",
                    f"{left} more diagnostics in this file were left out",
                ),
            ]
        kept.extend(items)
    if len(kept) > MAX_TOTAL:
        left = len(kept) - MAX_TOTAL
        last = kept[MAX_TOTAL - 1]
        kept = [
            *kept[:MAX_TOTAL],
            Problem(
                last.file,
                last.line,
                last.column,
                "limit",
                f"{left} more diagnostics were left out (at most {MAX_TOTAL} are shown)",
            ),
        ]
    return kept


@dataclass(frozen=True, slots=True)
class LeftOut:
    """What a reporting command could not read: the errors, and the files holding them
    (whose records are left out). Falsy when nothing was left out."""

    errors: int = 0
    files: tuple[Path, ...] = ()

    def __bool__(self) -> bool:
        return self.errors > 0

    def sentence(self, display: Callable[[Path], str] = str) -> str:
        """'2 errors in data/agreements/x.yaml: its records are left out'."""
        where = ", ".join(display(f) for f in self.files[:3])
        if len(self.files) > 3:
            where += f" and {len(self.files) - 3} more files"
        its = "its" if len(self.files) == 1 else "their"
        return (
            f"{self.errors} error{'s' * (self.errors != 1)} in {where}: {its} records are "
            "left out (`kcbilat validate` shows them)"
        )
