"""A new agreement, meeting or commitment: built from values, checked against the data set.

Nothing here prompts, prints or exits (the CLI does). A record is written in the
canonical layout through fmt's writer, checked with the whole data set as if it were
already there (without copying or touching the data folder), and created in one step
that fails when the file exists. How each value is checked as it is given is answers.py.
"""

from __future__ import annotations

import contextlib
import copy
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

from kcbilat.core.problems import Problem
from kcbilat.core.vocabulary import AGREEMENT_STATUSES, AGREEMENT_TYPES, MEETING_STATUSES, Kind

if TYPE_CHECKING:
    from kcbilat.read.cache import Cache, Key

FOLDERS = {"agreement": "agreements", "meeting": "meetings"}


@dataclass(frozen=True)
class Field:
    """One value of a new record: its key, option, prompt, and how an answer is checked."""

    key: str
    option: str
    label: str
    #: how a value is checked (answers.check): new-id, text, choice, date, ids, agreement,
    #: id, country, number, duration
    rule: str = "text"
    required: bool = True
    ask: bool = True  # prompted on a terminal when missing (optional ones: empty skips)
    ids: str | None = None  # rule "ids": a list of these known ids (party, sector, commitment)
    choices: tuple[str, ...] = ()
    when: str | None = None  # a commitment's value only for this kind (once, recurring, open)


KINDS: tuple[str, ...] = get_args(Kind)

_ID = Field("id", "--id", "Id (lowercase-with-hyphens, also the file name)", "new-id")
_PARTIES = Field("parties", "--parties", "Parties (ids, comma-separated)", "ids", ids="party")
_SECTORS = Field("sectors", "--sectors", "Sectors (ids, comma-separated)", "ids", ids="sector")


def _optional(key: str, rule: str = "text", **kwargs: Any) -> Field:
    """An optional value given only as an option (never asked for)."""
    return Field(key, f"--{key}", key.capitalize(), rule, required=False, ask=False, **kwargs)


FIELDS: dict[str, tuple[Field, ...]] = {
    "agreement": (
        _ID,
        Field("title", "--title", "Title"),
        Field("type", "--type", "Type", "choice", choices=AGREEMENT_TYPES),
        Field(
            "signed",
            "--signed",
            "Signed (2026-01-05, 2026-06 or 2026; empty if unknown)",
            "date",
            required=False,
        ),
        _optional("place"),
        _PARTIES,
        _optional("revises", "agreement"),
        _optional("status", "choice", choices=AGREEMENT_STATUSES),
        _optional("expires", "date"),
        _SECTORS,
        Field("summary", "--summary", "Summary (two or three sentences)"),
        _optional("notes"),
    ),
    "meeting": (
        _ID,
        Field("title", "--title", "Title"),
        Field("status", "--status", "Status", "choice", choices=MEETING_STATUSES),
        Field("date", "--date", "Date", "date"),  # its label depends on the status
        _optional("place"),
        _optional("host", "country"),
        _PARTIES,
        Field(
            "fulfils",
            "--fulfils",
            "Commitments it fulfils (agreement/commitment refs, comma-separated; empty: none)",
            "ids",
            required=False,
            ids="commitment",
        ),
        _optional("series", "id"),
        _optional("number", "number"),
        _optional("summary"),
    ),
    "commitment": (
        Field("id", "--id", "Id (lowercase-with-hyphens, unique in the agreement)", "new-id"),
        Field("title", "--title", "Title"),
        Field("description", "--description", "Description (empty: none)", required=False),
        Field("sectors", "--sectors", "Sectors (ids, comma-separated)", "ids", ids="sector"),
        Field(
            "responsible",
            "--responsible",
            "Responsible parties (ids, comma-separated)",
            "ids",
            ids="party",
        ),
        Field("kind", "--due/--every/--review", "Kind", "choice", choices=KINDS),
        Field(
            "due",
            "--due",
            "Due (2026-12-31, 2026-Q4, 2026-H2, 2026-06 or 2026)",
            "date",
            when="once",
        ),
        Field(
            "every",
            "--every",
            "Every (annual, biennial, semiannual, quarterly, monthly, '2 years', '6 months')",
            "duration",
            when="recurring",
        ),
        Field(
            "from",
            "--from",
            "From (the first period: 2026, 2026-H2, 2026-07...)",
            "date",
            when="recurring",
        ),
        Field(
            "until",
            "--until",
            "Until (the last period; empty: no end)",
            "date",
            required=False,
            when="recurring",
        ),
        Field(
            "review",
            "--review",
            "Review period (a duration; empty: the default, 12 months)",
            "duration",
            required=False,
            when="open",
        ),
        _optional("place"),
        _optional("hosts", "choice", choices=("alternate",)),
    ),
}


def yaml_date(text: str) -> Any:
    """A date as an editor would write it: `2026` a number, `2026-06-15` a date, else text
    (an impossible date stays text, and validation says what is wrong with it)."""
    text = text.strip()
    if re.fullmatch(r"[0-9]{4}", text):
        return int(text)
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        with contextlib.suppress(ValueError):
            return date.fromisoformat(text)
    return text


def sources(urls: list[str], titles: list[str], publishers: list[str]) -> list[dict[str, Any]]:
    """Source mappings from parallel lists (the n-th title and publisher go with the n-th URL)."""
    out = []
    for i, url in enumerate(urls):
        source: dict[str, Any] = {"url": url, "title": titles[i]}
        if i < len(publishers) and publishers[i]:
            source["publisher"] = publishers[i]
        out.append(source)
    return out


_DATES = frozenset({"signed", "expires", "date", "due", "from", "until"})
_RECURS = ("every", "from", "until")


def record(kind: str, values: dict[str, Any]) -> dict[str, Any]:
    """The record's mapping from checked values; absent (None or empty) values are left
    out, except `fulfils: []`, which says on purpose that a meeting fulfils nothing. A
    commitment's `every`, `from` and `until` make its `recurs`."""
    out: dict[str, Any] = {}
    recurs: dict[str, Any] = {}
    for key, value in values.items():
        if key == "kind" and kind == "commitment":
            continue
        if value is None or (value in ([], "") and not (kind == "meeting" and key == "fulfils")):
            continue
        if key in _DATES and isinstance(value, str):
            value = yaml_date(value)
        if kind == "commitment" and key in _RECURS:
            recurs[key] = value
        else:
            out[key] = value
    if recurs:
        out["recurs"] = {key: recurs[key] for key in _RECURS if key in recurs}
    return out


def target(root: Path, kind: str, ident: str) -> Path:
    return root / FOLDERS[kind] / f"{ident}.yaml"


def render(kind: str, values: dict[str, Any]) -> str:
    """The new file's text: the schema line and the record, in canonical layout (for a
    commitment: the `commitments:` list holding it, as it goes into its agreement)."""
    from kcbilat.edit.fmt import edit_text, render_new

    if kind == "commitment":
        return edit_text("commitments: []\n", "agreement", appending(record(kind, values)))
    return render_new(record(kind, values), kind)


def appending(item: dict[str, Any]) -> Callable[[Any], None]:
    """The edit (fmt.edit_text) that appends a commitment to an agreement's `commitments:`."""
    from kcbilat.edit.comments import FormatError

    def edit(tree: Any) -> None:
        if not isinstance(tree, dict):
            raise FormatError("the file does not hold an agreement (a mapping)")
        items = tree.setdefault("commitments", [])
        if not isinstance(items, list):
            raise FormatError("its `commitments` is not a list")
        items.append(copy.deepcopy(item))

    return edit


def check(
    root: Path, path: Path, kind: str, text: str, today: date, cache: Cache | None = None
) -> list[Problem]:
    """Validate the whole data set with `text` standing at `path`; the problems of that file.

    The data folder is read as it is (through the cache when given); only the new file's
    bytes come from memory, so nothing is copied and nothing is written.
    """
    return check_texts(root, {path: text}, today, cache)[path]


def check_texts(
    root: Path, texts: dict[Path, str], today: date, cache: Cache | None = None
) -> dict[Path, list[Problem]]:
    """Validate the whole data set with each of `texts` standing at its path (a new file,
    or one replacing the file there); the problems of each of those files."""
    from kcbilat.check.validate import load_and_check

    raws = {path: text.encode("utf-8") for path, text in texts.items()}
    view = _InMemory(root, raws)
    data = load_and_check(root, today, cache=_Skipping(cache, set(raws)), snapshot=view)
    found: dict[Path, list[Problem]] = {path: [] for path in texts}
    for problem in data.problems:
        if problem.file in found:
            found[problem.file].append(problem)
    return found


class _InMemory:
    """The data directory as on disk, except for files whose bytes are held in memory."""

    def __init__(self, root: Path, raws: dict[Path, bytes]) -> None:
        from kcbilat.read.files import Disk

        self.disk = Disk(root)
        self.raws = raws
        self.rels = {path.relative_to(root).as_posix(): path for path in raws}

    def kind(self, rel: str) -> str | None:
        return "file" if rel in self.rels else self.disk.kind(rel)

    def children(self, folder: str) -> list[tuple[str, str]] | None:
        found = self.disk.children(folder)
        if found is not None:
            extra = {(p.name, "file") for p in self.raws if p.parent.name == folder}
            if extra:
                found = sorted({*found, *extra})
        return found

    def read(self, path: Path) -> bytes:
        from kcbilat.read.files import read_regular

        return self.raws[path] if path in self.raws else read_regular(path)


@dataclass
class _Skipping:
    """A cache that never answers for (or remembers) the files held in memory."""

    cache: Cache | None
    paths: set[Path]

    def get(self, path: Path) -> tuple[Key | None, Any]:
        if self.cache is None or path in self.paths:
            return None, None
        return self.cache.get(path)

    def put(self, path: Path, key: Any, result: Any) -> None:
        if self.cache is not None and path not in self.paths:
            self.cache.put(path, key, result)

    def save(self) -> None:
        if self.cache is not None:
            self.cache.save()


# -- a record that could not be written: kept, so that no answer is lost --------------------


def keep_rejected(root: Path, cwd: Path, name: str, text: str) -> Path:
    """Save `text` as `<name>.yaml.rejected` in `cwd` (or beside the data directory when
    `cwd` is inside it: never among the records), as `<name>.2.yaml.rejected` and so on
    when taken, never overwriting a file; the path written, or OSError."""
    from kcbilat.core.atomic import create_new

    folder = cwd
    if cwd.resolve() == root.resolve() or root.resolve() in cwd.resolve().parents:
        folder = root.resolve().parent
    for n in range(1, 100):
        path = folder / (f"{name}.yaml.rejected" if n == 1 else f"{name}.{n}.yaml.rejected")
        try:
            create_new(path, text)
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"{folder / name}.yaml.rejected and 98 more exist")
