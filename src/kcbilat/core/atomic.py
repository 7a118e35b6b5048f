"""Writing files safely: a temp file beside the target, fsync, then an atomic rename or link."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO


def default_mode() -> int:
    """The mode a new file would get from open(): 0o666 less the umask (mkstemp gives 0o600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


class ChangedOnDisk(Exception):
    """The target changed since it was read: refusing to overwrite someone's edit."""


Content = str | bytes | Callable[[BinaryIO], object]


@contextlib.contextmanager
def _staged(path: Path, data: Content, mode: int) -> Iterator[str]:
    """A temp file beside `path` holding `data` (bytes, text, or a function writing to the
    open file, so that big content is streamed), flushed to disk; removed if still there."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            if callable(data):
                data(handle)
            else:
                handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):
            os.chmod(tmp, mode)
        yield tmp
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def write_atomic(
    path: Path, content: Content, expect: bytes | None = None, mode: int | None = None
) -> None:
    """Replace `path` with `content` all at once, or not at all.

    With `expect`, refuse (ChangedOnDisk) when the file no longer holds those bytes.
    A file keeps its mode; a new one gets the usual, or `mode` when given (always).
    """
    if mode is None:
        mode = path.stat().st_mode & 0o7777 if path.exists() else default_mode()
    with _staged(path, content, mode) as tmp:
        if expect is not None and path.read_bytes() != expect:
            raise ChangedOnDisk(path)
        os.replace(tmp, path)


def create_new(path: Path, content: str | bytes) -> None:
    """Create `path` with `content` all at once; FileExistsError when it exists, even when it
    appears while writing (the finished temp file is hard-linked to the name)."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    with _staged(path, data, default_mode()) as tmp:
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError:  # no hard links on this file system: an exclusive create instead
            _create_exclusive(path, data)


def _create_exclusive(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, default_mode())
    try:
        with os.fdopen(fd, "wb", closefd=False) as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise
    finally:
        os.close(fd)


def write_all(folder: Path, files: dict[str, str | bytes]) -> None:
    """Write several files into `folder` all at once, or none: each is first written whole
    beside its target (where a full disk or any other fault stops everything, and the temp
    files are removed, the old files untouched), and only then are they renamed into place
    — renames need no space. Other files in the folder are left alone."""
    staged: list[tuple[str, Path]] = []
    try:
        for name, content in files.items():
            data = content.encode("utf-8") if isinstance(content, str) else content
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
            staged.append((tmp, folder / name))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, default_mode())
    except BaseException:
        for tmp, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise
    for tmp, target in staged:
        os.replace(tmp, target)
