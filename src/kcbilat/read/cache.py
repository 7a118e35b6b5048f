"""A cache of per-file results, so an unchanged file is never parsed or validated twice.

Kept outside the data folder (the user's cache directory), one file per data directory,
written atomically. It holds plain data only (`marshal` of read.codec's encoding):
loading it can run no code, so a cache file planted by someone else (a shared cache
directory, a CI cache restored from another run) can at worst be wrong, never harmful —
and it is not read at all unless it and its folder belong to the user running kcbilat and
no one else may write them. An entry is used only when the file's path, size, mtime,
ctime and inode, kcbilat's version and the code deciding a file's result all match;
anything else — a corrupt or foreign cache file included — means "read the file again".
"""

from __future__ import annotations

import contextlib
import marshal
import os
import stat
import sys
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kcbilat._version import __version__
from kcbilat.core.problems import Issue

FORMAT = 4
Key = tuple[int, int, int, int]


def default_dir(env: Mapping[str, str]) -> Path:
    """$KCBILAT_CACHE_DIR, else $XDG_CACHE_HOME/kcbilat, else ~/.cache/kcbilat."""
    if env.get("KCBILAT_CACHE_DIR"):
        return Path(env["KCBILAT_CACHE_DIR"])
    base = env.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "kcbilat"


#: the modules whose code decides a file's result: an edit to any of them (a developer's
#: working copy, an editable install) must not be answered from the cache
_PER_FILE_CODE = (
    "core/dates",
    "core/records",
    "core/problems",
    "read/models",
    "read/yamlread",
    "read/scalars",
    "read/filecheck",
    "read/salvage",
    "read/codec",
    "read/loader",
    "read/files",
)


def _code_stamp() -> tuple[int, ...]:
    package = Path(__file__).parent.parent
    return tuple(os.stat(package / f"{name}.py").st_mtime_ns for name in _PER_FILE_CODE)


def stat_key(path: Path) -> Key | None:
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def fingerprint(root: Path) -> list[tuple[str, Key | None]]:
    """Every file and folder entry of a data directory with its stat key: what any answer
    computed from the directory depends on (a file added, removed, replaced or touched
    changes it). Plain `os` calls: 20,000 files take a few hundredths of a second."""
    from kcbilat.read.files import RECORD_DIRS, VOCABULARIES

    base = str(root)
    found: list[tuple[str, Key | None]] = []
    for name in (*VOCABULARIES, *RECORD_DIRS):
        path = os.path.join(base, name)
        found.append((name, stat_key(Path(path))))
        if name in RECORD_DIRS:
            try:
                with os.scandir(path) as listing:
                    entries = sorted((entry.name, entry) for entry in listing)
            except OSError:
                continue
            for child, entry in entries:
                try:
                    info = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                key = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
                found.append((f"{name}/{child}", key))
    return found


def private_folder(folder: Path) -> str | None:
    """Make `folder` (0700) if need be; why it may not be used, or None when it may: it must
    be a real folder owned by this user that no one else can write into."""
    try:
        with contextlib.suppress(FileExistsError):  # a file of that name: said below
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.lstat(folder)
    except OSError as exc:
        return f"{folder}: {exc.strerror or exc}"
    if not stat.S_ISDIR(info.st_mode):
        return f"{folder} is not a folder"
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return f"{folder} belongs to another user"
    if info.st_mode & 0o077:
        try:  # ours, but open to others (made by an older kcbilat, or by hand): close it
            os.chmod(folder, 0o700)
        except OSError:
            return f"{folder} can be read or written by others"
    return None


def own_file(handle: Any) -> bool:
    """A regular file of this user that no one else can write: the only kind read back."""
    info = os.fstat(handle.fileno())
    mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return stat.S_ISREG(info.st_mode) and mine and not info.st_mode & 0o022


def _encode(result: Any) -> tuple[Any, ...]:
    from kcbilat.read.codec import encode

    return (
        [(list(prefix), encode(record)) for prefix, record in result.records],
        [(i.line, i.column, i.code, i.message) for i in result.issues],
        [(list(prefix), encode(part)) for prefix, part in result.partial],
        [(list(prefix), ident) for prefix, ident in result.ids],
        result.refs,
        result.readable,
    )


def _decode(data: tuple[Any, ...]) -> Any:
    from kcbilat.read.codec import decode
    from kcbilat.read.loader import FileResult

    records, issues, partial, ids, refs, readable = data
    return FileResult(
        [(tuple(prefix), decode(record)) for prefix, record in records],
        [Issue(*issue) for issue in issues],
        [(tuple(prefix), decode(part)) for prefix, part in partial],
        [(tuple(prefix), ident) for prefix, ident in ids],
        refs,
        readable,
    )


class Cache:
    """The per-file results of one data directory, from its cache file; `note` says why the
    cache is not used when it is not (the command line prints it)."""

    def __init__(self, folder: Path, root: Path) -> None:
        where = str(root.resolve())
        name = "".join(c if c.isalnum() else "-" for c in where[-40:]).strip("-")
        self.file = folder / f"{name}-{zlib.crc32(where.encode()):08x}.cache"
        self.stamp = (FORMAT, __version__, _code_stamp(), sys.version_info[:2], where)
        self.note = private_folder(folder)
        self.old: dict[str, tuple[Key, Any]] = self._read() if self.note is None else {}
        self.new: dict[str, tuple[Key, Any]] = {}
        self.hits = self.misses = 0

    def _read(self) -> dict[str, tuple[Key, Any]]:
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
        try:
            with os.fdopen(os.open(self.file, flags), "rb") as handle:
                if not own_file(handle):
                    self.note = f"{self.file} is not this user's own, private file"
                    return {}
                stamp, entries = marshal.loads(handle.read())  # 5x faster than marshal.load
            if stamp != self.stamp or not isinstance(entries, dict):
                return {}
            return entries
        except Exception:  # missing, corrupt, truncated or foreign: start afresh
            return {}

    def get(self, path: Path) -> tuple[Key | None, Any]:
        """The file's stat key (taken before it is read), and its cached result or None."""
        key = stat_key(path)
        entry = self.old.get(str(path)) or self.new.get(str(path))  # a second read, same run
        if key is None or entry is None or tuple(entry[0]) != key:
            self.misses += 1
            return key, None
        try:
            result = _decode(entry[1])
        except Exception:  # an entry of another shape: read the file again
            self.misses += 1
            return key, None
        self.hits += 1
        self.new[str(path)] = entry
        return key, result

    def put(self, path: Path, key: Key | None, result: Any) -> None:
        if key is not None:
            self.new[str(path)] = (key, _encode(result))

    def save(self) -> None:
        """Write the entries of this run (files gone since are dropped), if anything changed:
        private (0600), in a private folder, all at once."""
        if self.note is not None or (self.misses == 0 and len(self.new) == len(self.old)):
            return
        from kcbilat.core.atomic import write_atomic

        # a read-only home is no reason to fail a command
        with contextlib.suppress(OSError, ValueError):
            write_atomic(self.file, marshal.dumps((self.stamp, self.new)), mode=0o600)
