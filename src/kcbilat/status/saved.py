"""The statuses of a data set on one date, saved so that asking again reads no record.

The common question is asked again the same day (`kcbilat status`, then with a filter,
then as JSON): its answer — every row, what was left out, and the ids filters need — is
kept beside the per-file cache, under a key of everything it depends on: every file of
the data directory (path, size, mtime, ctime, inode), every module of kcbilat (a
developer's edit included), the version, "today" for validation, and the options that
change a status (as-of, window, review age, --all). Any difference is a different key,
so a saved answer is never used for another question. It is plain data (marshal) in the
cache's private folder, like the per-file cache.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from collections.abc import Callable
from datetime import date
from operator import itemgetter
from pathlib import Path
from typing import Any

from kcbilat._version import __version__
from kcbilat.core.problems import LeftOut
from kcbilat.read.cache import fingerprint, own_file, private_folder
from kcbilat.status.query import Vocabulary
from kcbilat.status.rows import CommitmentStatus, PeriodState

FORMAT = 1
KEEP = 4  # saved answers kept per data directory (other dates, windows...)


class Answer:
    """Every row (unfiltered, in urgency order), what was left out, and the vocabulary.

    A saved answer keeps its rows as saved and builds only those a filter keeps: `where`
    tests each saved row through a view of its values (the same predicate, the same
    attributes), so `--agreement X` on 50,000 rows builds five."""

    __slots__ = ("_rows", "_saved", "left_out", "vocabulary")

    def __init__(
        self,
        rows: list[CommitmentStatus] | None,
        left_out: LeftOut,
        vocabulary: Vocabulary,
        saved: tuple[list[list[Any]], list[Any] | None] | None = None,
    ) -> None:
        self.left_out = left_out
        self.vocabulary = vocabulary
        self._rows = rows
        self._saved = saved

    @property
    def rows(self) -> list[CommitmentStatus]:
        if self._rows is None:
            self._rows = self.where(None)
        return self._rows

    def where(self, keep: Callable[[CommitmentStatus], bool] | None) -> list[CommitmentStatus]:
        """The rows `keep` keeps (all of them without one), in order."""
        if self._saved is None or self._rows is not None:
            rows = self.rows
            return rows if keep is None else [r for r in rows if keep(r)]
        values, history = self._saved
        decode, view = _decoder()
        return [
            decode(row, history[i] if history else ())
            for i, row in enumerate(values)
            if keep is None or keep(view(row))
        ]


def _code_stamp() -> list[tuple[str, int]]:
    package = Path(__file__).resolve().parent.parent
    return sorted(
        (str(path.relative_to(package)), path.stat().st_mtime_ns) for path in package.rglob("*.py")
    )


def key(
    root: Path,
    today: date,
    as_of: date,
    window: int,
    review_age: int,
    include_all: bool,
) -> str:
    """What the answer depends on, hashed (a different file, code or option: another key)."""
    parts = (
        FORMAT,
        __version__,
        sys.version_info[:2],
        str(root.resolve()),
        _code_stamp(),
        fingerprint(root),
        today.toordinal(),
        as_of.toordinal(),
        window,
        review_age,
        include_all,
    )
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogateescape")).hexdigest()[:32]


# -- rows as plain data ------------------------------------------------------------------

_FIELDS = CommitmentStatus._fields
_DATES = tuple(i for i, name in enumerate(_FIELDS) if name in ("deadline", "last_activity",
               "reviewed", "due_last"))  # fmt: skip
_PERIODS = _FIELDS.index("periods")


def _encode_row(row: CommitmentStatus) -> tuple[list[Any], tuple[Any, ...]]:
    """The row's fields (dates as ordinals, without its periods), and its periods."""
    values: list[Any] = list(row)
    for i in _DATES:
        if values[i] is not None:
            values[i] = values[i].toordinal()
    values[_PERIODS] = ()
    periods = tuple(
        (p.label, p.start.toordinal(), p.end.toordinal(), p.state, p.late, p.meetings)
        for p in row.periods
    )
    return values, periods


def _decoder() -> tuple[Callable[..., CommitmentStatus], Callable[[list[Any]], Any]]:
    """How to build a row from its saved values, and a view of them that a filter can test
    without building the row (its dates as dates, everything else as saved)."""
    days: dict[int, date] = {}  # the same few days recur across thousands of rows
    make_row, make_period = CommitmentStatus._make, PeriodState._make

    def day(ordinal: int) -> date:
        found = days.get(ordinal)
        if found is None:
            found = days[ordinal] = date.fromordinal(ordinal)
        return found

    def decode(values: list[Any], periods: tuple[Any, ...]) -> CommitmentStatus:
        for i in _DATES:
            if values[i] is not None:
                values[i] = day(values[i])
        values[_PERIODS] = tuple(
            [
                make_period((label, day(start), day(end), state, late, met))
                for label, start, end, state, late, met in periods
            ]
        )
        return make_row(values)

    def as_day(i: int) -> property:
        return property(lambda values: None if values[i] is None else day(values[i]))

    attributes: dict[str, Any] = {"__slots__": ()}
    for i, name in enumerate(_FIELDS):
        attributes[name] = as_day(i) if i in _DATES else property(itemgetter(i))
    return decode, type("SavedRow", (list,), attributes)


# -- the files ------------------------------------------------------------------------------


def _folder(cache_dir: Path, root: Path) -> Path:
    where = str(root.resolve())
    return cache_dir / f"answers-{hashlib.sha256(where.encode()).hexdigest()[:16]}"


def load(cache_dir: Path, root: Path, name: str, periods: bool = True) -> Answer | None:
    """The answer saved under `name` (a key), or None (never saved, another user's, broken).
    Without `periods`, the rows come without their period history (a table shows none)
    and the larger part of the file is not decoded."""
    folder = _folder(cache_dir, root)
    if private_folder(folder) is not None:
        return None
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    try:
        with os.fdopen(os.open(folder / name, flags), "rb") as handle:
            if not own_file(handle):
                return None
            head = handle.read(8)
            size = int.from_bytes(head, "little")
            saved, rows, errors, files, sectors, parties, agreements = marshal.loads(
                handle.read(size)
            )
            history = marshal.loads(handle.read()) if periods else None
        if saved != name:
            return None
        return Answer(
            None,
            LeftOut(errors, tuple(Path(f) for f in files)),
            Vocabulary(sectors, frozenset(parties), frozenset(agreements)),
            (rows, history),
        )
    except Exception:  # missing, corrupt or of another shape: compute afresh
        return None


def save(cache_dir: Path, root: Path, name: str, answer: Answer) -> None:
    """Keep `answer` under `name` (and the few latest others); failing to is no error."""
    from kcbilat.core.atomic import write_atomic

    folder = _folder(cache_dir, root)
    if private_folder(folder) is not None:
        return
    vocabulary = answer.vocabulary
    encoded = [_encode_row(row) for row in answer.rows]
    body = marshal.dumps(
        (
            name,
            [values for values, _ in encoded],
            answer.left_out.errors,
            [str(f) for f in answer.left_out.files],
            dict(vocabulary.sectors),
            sorted(vocabulary.parties),
            sorted(vocabulary.agreements),
        )
    )
    history = marshal.dumps([periods for _, periods in encoded])
    try:
        write_atomic(folder / name, len(body).to_bytes(8, "little") + body + history, mode=0o600)
        older = sorted(folder.iterdir(), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for stale in older[KEEP:]:
            stale.unlink(missing_ok=True)
    except (OSError, ValueError):  # a read-only home is no reason to fail a command
        pass
