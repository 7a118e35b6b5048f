"""The files of a data directory: which folder it is, what it holds, and reading one safely.

A file is never followed through a symlink or opened when it is not a regular file;
nothing here parses YAML.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kcbilat.core.problems import MAX_BYTES, Problem

FILE_NAME = re.compile(r"[a-z0-9][a-z0-9._-]*\.yaml")
RECORD_DIRS = {"agreements": "agreement", "meetings": "meeting"}
VOCABULARIES = {"parties.yaml": "parties", "sectors.yaml": "sectors"}


class DataDirError(Exception):
    """No usable data directory (a usage error: exit 2)."""


@dataclass(frozen=True, slots=True)
class DataDir:
    """The data directory in use, and how it was chosen: "--data", "KCBILAT_DATA", "found"
    (the nearest data/ upward) or "bundled" (the data set shipped inside the package)."""

    path: Path
    origin: str

    @property
    def bundled(self) -> bool:
        return self.origin == "bundled"


def is_data_dir(path: Path) -> bool:
    """A folder holding at least one of agreements/, meetings/, parties.yaml, sectors.yaml."""
    return any(os.path.lexists(path / name) for name in (*RECORD_DIRS, *VOCABULARIES))


def find_data_dir(
    option: str | os.PathLike[str] | None,
    env: Mapping[str, str],
    cwd: Path,
    bundled: bool = True,
) -> DataDir:
    """--data > KCBILAT_DATA > the nearest data/ holding agreements/ from `cwd` upward >
    the bundled data set (only with `bundled`: the reading commands allow it; checking and
    editing never do, so they cannot call another data set valid or write into it)."""
    for given, origin in ((option, "--data"), (env.get("KCBILAT_DATA"), "KCBILAT_DATA")):
        if given:
            path = (cwd / given) if not Path(given).is_absolute() else Path(given)
            if not path.is_dir():
                raise DataDirError(f"{origin} {given}: no such folder")
            if not is_data_dir(path):
                hint = (
                    f": did you mean {origin} {Path(given) / 'data'}?"
                    if (path / "data" / "agreements").is_dir()
                    else " (no agreements/, meetings/, parties.yaml or sectors.yaml in it)"
                )
                raise DataDirError(f"{origin} {given} is not a kcbilat data directory{hint}")
            return DataDir(path, origin)
    for folder in (cwd, *cwd.parents):
        candidate = folder / "data"
        if (candidate / "agreements").is_dir():
            return DataDir(candidate, "found")
    if not bundled:
        raise DataDirError(
            "no data directory here (no data/ holding agreements/ in this folder or above): "
            "pass --data PATH or set KCBILAT_DATA"
        )
    return DataDir(bundled_data_dir(), "bundled")


def bundled_data_dir() -> Path:
    """The data set shipped inside the package (or, in a source checkout, the repository's)."""
    here = Path(__file__).resolve().parent.parent  # the kcbilat package
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
        try:
            children = view.children(folder)
        except OSError as exc:  # an unreadable folder: its records are not read, and it says so
            reason = exc.strerror or str(exc)
            problems.append(
                Problem(
                    root / folder, None, None, "not-a-file", f"{folder}/ cannot be read: {reason}"
                )
            )
            continue
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
    from kcbilat.core.problems import quote

    return quote(name) if not name.isprintable() or not name.isascii() else name


def unusable_folder(root: Path, folder: str) -> str | None:
    """Why a record folder of `root` can be neither read nor written (readers never follow
    a symlink and writers never write through one), or None: so that an editing command
    says why it finds no record there, instead of "no agreement"."""
    path = root / folder
    if path.is_symlink():
        return "is a symlink: records are read and written only inside the data directory"
    if os.path.lexists(path) and not path.is_dir():
        return "is not a folder"
    return None


def unsafe_target(root: Path, path: Path) -> str | None:
    """Why `path` may not be written as a record file of the data directory `root`, or None
    when it may: it must stand, not through any symlink, in `root`'s own agreements/ or
    meetings/ (or in `root` itself, for parties.yaml and sectors.yaml) — where every reader
    looks, since readers never follow a symlink either."""
    folder = path.parent
    inside = root / folder.name if folder.name in RECORD_DIRS else root
    for step in (path, folder):
        if step.is_symlink():
            return f"{step} is a symlink: records are written only into the data directory"
    try:
        real_folder, real_inside = folder.resolve(), inside.resolve()
    except OSError as exc:
        return f"{folder}: {exc.strerror or exc}"
    if real_folder != real_inside or (os.path.lexists(path) and not path.is_file()):
        return f"{path} is not a record file of {root}"
    return None
