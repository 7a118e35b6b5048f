"""`kcbilat review`: an agreement's `reviewed:` date set, the editor's record of having
re-checked its sources for follow-ups, keeping the file's comments and layout.

Pure where it can be: set_reviewed() is text in, text out; plan() reads the files and
works out each change without writing anything; check() validates the data set with the
changed texts in place. The command line prints, and writes each file with
write_atomic(expect=) so that an edit made meanwhile is never overwritten.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kcbilat.core.problems import Problem, suggest
from kcbilat.edit.fmt import Edit, Result, edit_text, format_bytes, format_file

if TYPE_CHECKING:
    from kcbilat.read.cache import Cache


class UnknownAgreement(LookupError):
    """An id that names no agreement; the message suggests the nearest one."""


@dataclass(frozen=True)
class Review:
    """What reviewing one agreement does to its file."""

    ident: str
    path: Path
    result: Result  # the bytes before and after, or (code set) why the file cannot be edited
    old: str | None  # the `reviewed` date it had, as written (None: none)
    reformatted: bool  # the rest of the file was not in the canonical layout (it is now)

    @property
    def changed(self) -> bool:
        return self.result.changed


def setting(day: date) -> Edit:
    """The edit (fmt.edit_text) that sets an agreement's `reviewed` to `day`."""
    from kcbilat.edit.comments import FormatError

    def edit(tree: Any) -> None:
        if not isinstance(tree, dict):
            raise FormatError("the file does not hold an agreement (a mapping)")
        tree["reviewed"] = day

    return edit


def set_reviewed(text: str, day: date) -> str:
    """An agreement file's text with `reviewed: day`, in canonical layout, every comment
    kept; where the text was canonical, nothing but that line changes (FormatError when
    the text cannot be edited safely)."""
    return edit_text(text, "agreement", setting(day))


def agreement_files(root: Path, cache: Cache | None = None) -> dict[str, Path]:
    """Every agreement id of the data directory (of broken files too) → its file."""
    from kcbilat.read.loader import load

    data = load(root, cache=cache)
    files: dict[str, Path] = {}
    for kind, ident, origin in data.ids:
        if kind == "agreement":
            files.setdefault(ident, origin.path)
    for kind, ident in sorted(data.known):  # an unreadable file stands for its name's id
        if kind == "agreement" and ident not in files:
            files[ident] = root / "agreements" / f"{ident}.yaml"
    return files


def plan(
    root: Path, idents: Sequence[str] | None, day: date, cache: Cache | None = None
) -> list[Review]:
    """The change to each agreement named (every one when `idents` is None), in the order
    named; nothing is written. UnknownAgreement when an id names none."""
    files = agreement_files(root, cache)
    wanted = sorted(files) if idents is None else list(dict.fromkeys(idents))
    for ident in wanted:
        if ident not in files:
            raise UnknownAgreement(_unknown(ident, list(files)))
    edit = setting(day)
    reviews = []
    for ident in wanted:
        path = files[ident]
        result = format_file(path, "agreement", edit)
        old, reformatted = None, False
        if result.before is not None and result.after is not None:
            old = _written(result.before)
            reformatted = format_bytes(path, result.before, "agreement").changed
        reviews.append(Review(ident, path, result, old, reformatted))
    return reviews


def check(
    root: Path, reviews: Sequence[Review], today: date, cache: Cache | None = None
) -> dict[Path, list[Problem]]:
    """Validate the whole data set with every changed file in its new state (nothing is
    written); the problems of each of those files."""
    from kcbilat.edit.new import check_texts

    texts = {
        r.path: r.result.after.decode("utf-8")
        for r in reviews
        if r.changed and r.result.after is not None
    }
    return check_texts(root, texts, today, cache) if texts else {}


def _unknown(ident: str, pool: list[str]) -> str:
    head, slash, _ = ident.partition("/")
    if slash and head in pool:  # a commitment ref: reviews are of whole agreements
        return f"{ident!r} is a commitment: review its agreement, {head!r}"
    return f"no agreement {ident!r}{suggest(ident, pool)}"


def _written(raw: bytes) -> str | None:
    """The `reviewed` value a file holds, as written."""
    from kcbilat.read.yamlread import decode, read_text

    text = decode(raw)[0]
    doc = read_text(text)[0] if text is not None else None
    value = doc.value.get("reviewed") if doc is not None and isinstance(doc.value, dict) else None
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)
