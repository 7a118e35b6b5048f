"""Data directory → records and problems: finding the folder, reading every file safely.

Nothing here prints, exits or reads the clock; "today" is a parameter. A file
is never followed through a symlink or opened when it is not a regular file.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .problems import MAX_BYTES, Issue, Path_, Problem

if TYPE_CHECKING:
    from .yamlread import Document

FILE_NAME = re.compile(r"[a-z0-9][a-z0-9._-]*\.yaml")
RECORD_DIRS = {"agreements": "agreement", "meetings": "meeting"}
VOCABULARIES = {"parties.yaml": "parties", "sectors.yaml": "sectors"}


class DataDirError(Exception):
    """No usable data directory (a usage error: exit 2)."""


def find_data_dir(option: str | os.PathLike[str] | None, env: Mapping[str, str], cwd: Path) -> Path:
    """The data directory: --data > KCBILAT_DATA > nearest data/ with agreements/ > bundled."""
    for given, origin in ((option, "--data"), (env.get("KCBILAT_DATA"), "KCBILAT_DATA")):
        if given:
            path = (cwd / given) if not Path(given).is_absolute() else Path(given)
            if not path.is_dir():
                raise DataDirError(f"{origin} {given}: no such directory")
            return path
    for folder in (cwd, *cwd.parents):
        candidate = folder / "data"
        if (candidate / "agreements").is_dir():
            return candidate
    return bundled_data_dir()


def bundled_data_dir() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "data", here.parent.parent / "data"):  # wheel, source checkout
        if (candidate / "agreements").is_dir():
            return candidate
    raise DataDirError("no data directory found: pass --data PATH or set KCBILAT_DATA")


# -- reading files ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entry:
    """A file to read: its path, its kind, and how to get its bytes."""

    path: Path
    kind: str  # agreement | meeting | parties | sectors


Reader = Callable[[Path], bytes]


class NotAFile(Exception):
    pass


def read_regular(path: Path) -> bytes:
    """Read a regular file without following a symlink or blocking on a FIFO."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise NotAFile(exc.strerror or str(exc)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotAFile("not a regular file")
        if info.st_size > MAX_BYTES:
            raise OverflowError(info.st_size)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise OverflowError(len(data))
        return data
    finally:
        os.close(fd)


class Disk:
    """What a data directory holds on disk (the other view is gitrev.Snapshot)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def kind(self, rel: str) -> str | None:
        path = self.root / rel
        if path.is_symlink():
            return "symlink"
        if path.is_dir():
            return "dir"
        return "file" if path.is_file() else ("other" if os.path.lexists(path) else None)

    def children(self, folder: str) -> list[tuple[str, str]] | None:
        """(name, kind) of what a folder holds; [] when it is absent (git keeps no empty
        folder, so a fresh clone may lack meetings/); None when it is not a folder."""
        directory = self.root / folder
        if not os.path.lexists(directory):
            return []
        if directory.is_symlink() or not directory.is_dir():
            return None
        with os.scandir(directory) as scan:
            found = [
                (
                    e.name,
                    "symlink"
                    if e.is_symlink()
                    else "file"
                    if e.is_file(follow_symlinks=False)
                    else "other",
                )
                for e in scan
            ]
        return sorted(found)


def list_files(root: Path, view: Any = None) -> tuple[list[Entry], list[Problem]]:
    """Every record file of a data directory, and the problems of the folder itself."""
    view = view or Disk(root)
    entries: list[Entry] = []
    problems: list[Problem] = []
    for name, kind in VOCABULARIES.items():
        if view.kind(name) is not None:
            entries.append(Entry(root / name, kind))
        else:
            problems.append(Problem(root / name, None, None, "not-a-file", f"{name} is missing"))
    for folder, kind in RECORD_DIRS.items():
        children = view.children(folder)
        if children is None:
            problems.append(
                Problem(root / folder, None, None, "not-a-file", f"{folder}/ is not a folder")
            )
            continue
        for name, what in children:
            path = root / folder / name
            if name == "README.md":
                continue
            if what != "file":
                said = "a symlink" if what == "symlink" else "not a regular file"
                problems.append(
                    Problem(
                        path,
                        None,
                        None,
                        "not-a-file",
                        f"{folder}/{_printable(name)} is {said}: data folders "
                        "hold regular .yaml files only",
                    )
                )
            elif not FILE_NAME.fullmatch(name):
                problems.append(
                    Problem(
                        path,
                        None,
                        None,
                        "filename",
                        f"{_printable(name)}: record files are named <id>.yaml "
                        "(lowercase a-z, 0-9, '.', '_', '-')",
                    )
                )
            else:
                entries.append(Entry(path, kind))
    return entries, problems


def _printable(name: str) -> str:
    from .problems import quote

    return quote(name) if not name.isprintable() or not name.isascii() else name


# -- one file ---------------------------------------------------------------------------------

_SINGULAR = {
    "parties": "party",
    "sectors": "sector",
    "agreement": "agreement",
    "meeting": "meeting",
}


@dataclass  # no slots: it is pickled into the cache, and a __dict__ unpickles faster
class FileResult:
    """All that one file contributes, computed from its bytes alone (so it can be cached)."""

    records: list[tuple[Path_, Any]]  # the valid records, with the YAML path of each
    issues: list[Issue]
    ids: list[tuple[Path_, str]]  # every id written, valid or not, with where it stands
    refs: list[str]  # the commitment refs of an agreement, valid or not
    readable: bool  # False when nothing in the file could be read (not even its ids)


def read_file(entry: Entry, reader: Reader) -> FileResult:
    from .filecheck import check_file

    doc, issues = read_entry(entry, reader)
    if doc is None:
        return FileResult([], issues, [], [], False)
    records, more = check_file(entry.kind, doc)
    value = doc.value
    raws = list(enumerate(value)) if isinstance(value, list) else [((), value)]
    ids: list[tuple[Path_, str]] = []
    refs: list[str] = []
    for index, raw in raws:
        raw_id = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(raw_id, str):
            continue
        ids.append(((index,) if isinstance(index, int) else (), raw_id))
        if entry.kind == "agreement" and isinstance(raw.get("commitments"), list):
            refs += [
                f"{raw_id}/{item['id']}"
                for item in raw["commitments"]
                if isinstance(item, dict) and isinstance(item.get("id"), str)
            ]
    return FileResult(records, issues + more, ids, refs, isinstance(value, dict | list))


def read_entry(entry: Entry, reader: Reader) -> tuple[Document | None, list[Issue]]:
    try:
        raw = reader(entry.path)
    except NotAFile as exc:
        return None, [Issue(None, None, "not-a-file", f"cannot read: {exc}")]
    except OverflowError as exc:
        return None, [
            Issue(
                1, 1, "limit", f"the file has {exc.args[0]} bytes (at most {MAX_BYTES}); not parsed"
            )
        ]
    from .yamlread import decode, read_text  # the cold path only

    text, issues = decode(raw)
    if text is None:
        return None, issues
    return read_text(text)


# -- the data set --------------------------------------------------------------------------


@dataclass(slots=True)
class Origin:
    """Where a record stands: its file and the YAML path of its mapping in that file."""

    path: Path
    prefix: Path_ = ()


@dataclass
class Dataset:
    root: Path
    parties: dict[str, Any] = field(default_factory=dict)
    sectors: dict[str, Any] = field(default_factory=dict)
    agreements: dict[str, Any] = field(default_factory=dict)
    meetings: dict[str, Any] = field(default_factory=dict)
    #: (kind, id) → where each valid record is
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict)
    #: every id written in a record, valid or not, in reading order (for duplicate-id)
    ids: list[tuple[str, str, Origin]] = field(default_factory=list)
    #: (kind, id) of every record with a readable id, valid or not (and ("commitment", ref)):
    #: a ref to a broken record is not also reported as unknown
    known: set[tuple[str, str]] = field(default_factory=set)
    #: kinds ("party", "sector") whose vocabulary file could not be read at all
    unreadable: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    reader: Reader = read_regular
    #: ref → (agreement, commitment), built on first use by checks.commitment_refs
    refs: dict[str, tuple[Any, Any]] | None = None
    #: parsed documents, read again on demand to place a problem between records
    docs: dict[Path, Document | None] = field(default_factory=dict)

    def locate(self, path: Path, yaml_path: Path_, key: bool = False) -> tuple[int, int]:
        if path not in self.docs:
            self.docs[path] = read_entry(Entry(path, ""), self.reader)[0]
        doc = self.docs[path]
        return doc.at(yaml_path, key=key) if doc else (1, 1)


def load(root: Path, cache: Any = None, snapshot: Any = None) -> Dataset:
    """Read and validate every file of a data directory (no cross-record checks).

    With a `cache` (cache.Cache), files whose stat is unchanged are not read again; with a
    `snapshot` (gitrev.Snapshot), the files are read as they were at a git revision.
    """
    reader = snapshot.read if snapshot is not None else read_regular
    data = Dataset(root, reader=reader)
    entries, data.problems = list_files(root, snapshot)
    found = [cache.get(e.path) if cache is not None else (None, None) for e in entries]
    missing = [e for e, (_, result) in zip(entries, found, strict=True) if result is None]
    fresh = iter(read_files(missing, reader))
    for entry, (key, result) in zip(entries, found, strict=True):
        if result is None:
            result = next(fresh)
            if cache is not None:
                cache.put(entry.path, key, result)
        _register(data, entry, result)
    if cache is not None:
        cache.save()
    return data


#: below this many files a second process costs more than it saves (bench/run.py)
PARALLEL_MIN = 2000
_CHUNK = 500


def read_files(entries: list[Entry], reader: Reader) -> list[FileResult]:
    """read_file for each entry, in order; on the second core too when there are many."""
    workers = min(os.cpu_count() or 1, 4)
    if len(entries) < PARALLEL_MIN or workers < 2 or reader is not read_regular:
        return [read_file(entry, reader) for entry in entries]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from . import filecheck  # noqa: F401 - imported once here, inherited by the workers

    chunks = [entries[i : i + _CHUNK] for i in range(0, len(entries), _CHUNK)]
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:  # no fork on this platform: one process it is
        return [read_file(entry, reader) for entry in entries]
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        return [result for chunk in pool.map(_read_chunk, chunks) for result in chunk]


def _read_chunk(entries: list[Entry]) -> list[FileResult]:
    return [read_file(entry, read_regular) for entry in entries]


def _register(data: Dataset, entry: Entry, result: FileResult) -> None:
    """File the valid records; remember every id written (for duplicate-id) and, so that a
    broken or unreadable record is not also reported as unknown everywhere, every id known."""
    kind = _SINGULAR[entry.kind]
    data.problems += [
        Problem(entry.path, i.line, i.column, i.code, i.message) for i in result.issues
    ]
    if not result.readable:  # stands for the id its name gives, or for the whole vocabulary
        if entry.kind in VOCABULARIES.values():
            data.unreadable.add(kind)
        else:
            data.known.add((kind, entry.path.stem))
    for prefix, ident in result.ids:
        data.ids.append((kind, ident, Origin(entry.path, prefix)))
        data.known.add((kind, ident))
    data.known.update(("commitment", ref) for ref in result.refs)
    target = {
        "party": data.parties,
        "sector": data.sectors,
        "agreement": data.agreements,
        "meeting": data.meetings,
    }[kind]
    for prefix, record in result.records:
        if record.id not in target:
            target[record.id] = record
            data.origins[(kind, record.id)] = Origin(entry.path, prefix)
