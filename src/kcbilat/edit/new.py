"""A new agreement or meeting record: built from values, checked against the data set, created.

Nothing here prompts, prints or exits (the CLI does). The record is written in the
canonical layout through fmt's writer, checked with the whole data set as if it were
already there (without copying or touching the data folder), and created in one step
that fails when the file exists.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

from kcbilat.core.problems import Problem
from kcbilat.core.records import AgreementType, MeetingStatus

if TYPE_CHECKING:
    from kcbilat.read.cache import Cache, Key

FOLDERS = {"agreement": "agreements", "meeting": "meetings"}


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


AGREEMENT_TYPES: tuple[str, ...] = get_args(AgreementType)
MEETING_STATUSES: tuple[str, ...] = get_args(MeetingStatus)

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


def missing(kind: str, values: dict[str, Any], urls: list[str], titles: list[str]) -> list[str]:
    """The options a new record still lacks (in the order they are asked for)."""
    out = [f.option for f in FIELDS[kind] if f.required and values.get(f.key) is None]
    if kind == "agreement" and not urls:
        out.append("--source")
    if len(titles) < len(urls):
        out.append("--source-title")
    return out


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


def record(kind: str, values: dict[str, Any]) -> dict[str, Any]:
    """The record's mapping from option values; absent (None or empty) values are left out,
    except `fulfils: []`, which says on purpose that a meeting fulfils nothing."""
    dates = {"signed", "expires", "date"}
    out: dict[str, Any] = {}
    for key, value in values.items():
        if value is None or (value in ([], "") and not (kind == "meeting" and key == "fulfils")):
            continue
        out[key] = yaml_date(value) if key in dates and isinstance(value, str) else value
    return out


def target(root: Path, kind: str, ident: str) -> Path:
    return root / FOLDERS[kind] / f"{ident}.yaml"


def render(kind: str, values: dict[str, Any]) -> str:
    """The new file's text: the schema line and the record, in canonical layout."""
    from kcbilat.edit.fmt import render_new

    return render_new(record(kind, values), kind)


def check(
    root: Path, path: Path, kind: str, text: str, today: date, cache: Cache | None = None
) -> list[Problem]:
    """Validate the whole data set with `text` standing at `path`; the problems of that file.

    The data folder is read as it is (through the cache when given); only the new file's
    bytes come from memory, so nothing is copied and nothing is written.
    """
    from kcbilat.check.validate import load_and_check

    view = _WithNew(root, path, text.encode("utf-8"))
    data = load_and_check(root, today, cache=_Skipping(cache, path), snapshot=view)
    return [p for p in data.problems if p.file == path]


class _WithNew:
    """The data directory as on disk, plus one file that exists only in memory."""

    def __init__(self, root: Path, path: Path, raw: bytes) -> None:
        from kcbilat.read.files import Disk

        self.disk = Disk(root)
        self.path, self.raw = path, raw
        self.rel = path.relative_to(root).as_posix()

    def kind(self, rel: str) -> str | None:
        return "file" if rel == self.rel else self.disk.kind(rel)

    def children(self, folder: str) -> list[tuple[str, str]] | None:
        found = self.disk.children(folder)
        if found is not None and folder == self.path.parent.name:
            found = sorted({*found, (self.path.name, "file")})
        return found

    def read(self, path: Path) -> bytes:
        from kcbilat.read.files import read_regular

        return self.raw if path == self.path else read_regular(path)


@dataclass
class _Skipping:
    """A cache that never answers for (or remembers) the file that is not written yet."""

    cache: Cache | None
    path: Path

    def get(self, path: Path) -> tuple[Key | None, Any]:
        if self.cache is None or path == self.path:
            return None, None
        return self.cache.get(path)

    def put(self, path: Path, key: Any, result: Any) -> None:
        if self.cache is not None and path != self.path:
            self.cache.put(path, key, result)

    def save(self) -> None:
        if self.cache is not None:
            self.cache.save()


# -- what the data set knows, for completion and prompts -----------------------------------


def known_ids(root: Path, cache: Cache | None = None) -> dict[str, list[str]]:
    """Party, sector, agreement and commitment ids of a data directory (those of broken
    records too): what completion and prompts offer. Never fails: nothing known then."""
    from kcbilat.read.loader import load

    known: dict[str, list[str]] = {"party": [], "sector": [], "agreement": [], "commitment": []}
    try:
        data = load(root, cache=cache)
    except Exception:  # completion must never fail
        return known
    for kind, ident in data.known:
        if kind in known:
            known[kind].append(ident)
    return {kind: sorted(ids) for kind, ids in known.items()}
