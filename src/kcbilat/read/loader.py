"""Data directory → records and problems: every file read, validated alone, and registered.

Nothing here prints, exits or reads the clock; "today" is a parameter.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kcbilat.core.problems import MAX_BYTES, Fault, Issue, Path_, Problem
from kcbilat.core.records import Agreement, Meeting, Party, Sector
from kcbilat.read.files import VOCABULARIES, Entry, NotAFile, Reader, list_files, read_regular

if TYPE_CHECKING:
    from kcbilat.read.yamlread import Document

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
    #: what can be read of the records that are not valid (for the checks between records)
    partial: list[tuple[Path_, Any]]
    ids: list[tuple[Path_, str]]  # every id written, valid or not, with where it stands
    refs: list[str]  # the commitment refs of an agreement, valid or not
    readable: bool  # False when nothing in the file could be read (not even its ids)


def read_file(entry: Entry, reader: Reader) -> FileResult:
    from kcbilat.read.filecheck import check_file

    doc, issues = read_entry(entry, reader)
    if doc is None:
        return FileResult([], issues, [], [], [], False)
    records, more, partial = check_file(entry.kind, doc)
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
    return FileResult(records, issues + more, partial, ids, refs, isinstance(value, dict | list))


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
    from kcbilat.read.yamlread import decode, read_text  # the cold path only

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
    parties: dict[str, Party] = field(default_factory=dict)
    sectors: dict[str, Sector] = field(default_factory=dict)
    agreements: dict[str, Agreement] = field(default_factory=dict)
    meetings: dict[str, Meeting] = field(default_factory=dict)
    #: (kind, id) → where each valid record is
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict)
    #: every id written in a record, valid or not, in reading order (for duplicate-id)
    ids: list[tuple[str, str, Origin]] = field(default_factory=list)
    #: (kind, id) of every record with a readable id, valid or not (and ("commitment", ref)):
    #: a ref to a broken record is not also reported as unknown
    known: set[tuple[str, str]] = field(default_factory=set)
    #: (kind, where, record) for what can be read of records that are not valid
    partial: list[tuple[str, Origin, Any]] = field(default_factory=list)
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


def load(root: Path, cache: Any = None, snapshot: Any = None, workers: int = 1) -> Dataset:
    """Read and validate every file of a data directory (no cross-record checks).

    With a `cache` (cache.Cache), files whose stat is unchanged are not read again; with a
    `snapshot` (gitrev.Snapshot), the files are read as they were at a git revision.
    """
    reader = snapshot.read if snapshot is not None else read_regular
    data = Dataset(root, reader=reader)
    entries, data.problems = list_files(root, snapshot)
    found = [cache.get(e.path) if cache is not None else (None, None) for e in entries]
    missing = [e for e, (_, result) in zip(entries, found, strict=True) if result is None]
    fresh = iter(read_files(missing, reader, workers))
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


def read_files(entries: list[Entry], reader: Reader, workers: int = 1) -> list[FileResult]:
    """read_file for each entry, in order; with `workers` above 1, in that many processes
    when there are enough files to pay for them (the caller decides: a library never forks
    on its own)."""
    if len(entries) < PARALLEL_MIN or workers < 2 or reader is not read_regular:
        return [read_file(entry, reader) for entry in entries]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from kcbilat.read import filecheck  # noqa: F401 - imported once here, inherited by the workers

    chunks = [entries[i : i + _CHUNK] for i in range(0, len(entries), _CHUNK)]
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:  # no fork on this platform: one process it is
        return [read_file(entry, reader) for entry in entries]
    from concurrent.futures.process import BrokenProcessPool

    try:
        with ProcessPoolExecutor(
            workers, mp_context=context, initializer=_die_with, initargs=(os.getpid(),)
        ) as pool:
            return [result for chunk in pool.map(_read_chunk, chunks) for result in chunk]
    except BrokenProcessPool:
        raise Fault("a process reading the data files was stopped (killed?): run again") from None


def _read_chunk(entries: list[Entry]) -> list[FileResult]:
    return [read_file(entry, read_regular) for entry in entries]


def _die_with(parent: int) -> None:
    """In a worker: end when the process that started it ends, however it ends (killed
    included), instead of waiting forever for work that will not come."""
    import threading

    try:  # Linux: the kernel sends the signal the moment the parent dies
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:  # elsewhere, the watch below does it within a second
        pass
    if os.getppid() != parent:  # it died before the signal was asked for
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


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
    tables: dict[str, dict[str, Any]] = {
        "party": data.parties,
        "sector": data.sectors,
        "agreement": data.agreements,
        "meeting": data.meetings,
    }
    target = tables[kind]
    data.partial += [(kind, Origin(entry.path, prefix), part) for prefix, part in result.partial]
    for prefix, record in result.records:
        if record.id not in target:
            target[record.id] = record
            data.origins[(kind, record.id)] = Origin(entry.path, prefix)
