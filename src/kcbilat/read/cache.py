"""A cache of per-file results, so an unchanged file is never parsed or validated twice.

Kept outside the data folder (the user's cache directory), one file per data
directory, written atomically. An entry is used only when the file's path, size,
mtime, ctime and inode, and kcbilat's version, all match; anything else — a
corrupt or foreign cache file included — simply means "read the file again".
"""

from __future__ import annotations

import os
import pickle
import sys
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kcbilat._version import __version__

FORMAT = 3
_BATCH = 500  # files per pickled batch
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
    "read/filecheck",
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


class Cache:
    def __init__(self, folder: Path, root: Path) -> None:
        where = str(root.resolve())
        name = "".join(c if c.isalnum() else "-" for c in where[-40:]).strip("-")
        self.file = folder / f"{name}-{zlib.crc32(where.encode()):08x}.pickle"
        self.stamp = (FORMAT, __version__, _code_stamp(), sys.version_info[:2], where)
        self.old: dict[str, tuple[Key, Any]] = self._read()
        self.new: dict[str, tuple[Key, Any]] = {}
        self.hits = self.misses = 0

    def _read(self) -> dict[str, tuple[Key, Any]]:
        entries: dict[str, tuple[Key, Any]] = {}
        try:
            with open(self.file, "rb") as handle:
                if pickle.load(handle) != self.stamp:
                    return {}
                while True:
                    try:
                        batch = pickle.load(handle)  # one pickle per batch of files
                    except EOFError:
                        return entries
                    entries.update(batch)
        except Exception:  # missing, corrupt, truncated or foreign: start afresh
            return {}

    def get(self, path: Path) -> tuple[Key | None, Any]:
        """The file's stat key (taken before it is read), and its cached result or None."""
        key = stat_key(path)
        entry = self.old.get(str(path))
        if key is None or entry is None or entry[0] != key:
            self.misses += 1
            return key, None
        self.hits += 1
        self.new[str(path)] = entry
        return key, entry[1]

    def put(self, path: Path, key: Key | None, result: Any) -> None:
        if key is not None:
            self.new[str(path)] = (key, result)

    def _dump(self, handle: Any) -> None:
        # One pickle per batch of files: pickle's memo of every object written would cost
        # tens of MiB on a big data set; values shared inside a batch stay shared.
        pickle.dump(self.stamp, handle, pickle.HIGHEST_PROTOCOL)
        items = list(self.new.items())
        for start in range(0, len(items), _BATCH):
            pickle.dump(dict(items[start : start + _BATCH]), handle, pickle.HIGHEST_PROTOCOL)

    def save(self) -> None:
        """Write the entries of this run (files gone since are dropped), if anything changed."""
        if self.misses == 0 and len(self.new) == len(self.old):
            return
        from kcbilat.core.atomic import write_atomic

        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.file, self._dump)
        except OSError:  # a read-only home is no reason to fail a command
            pass
