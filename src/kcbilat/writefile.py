"""Writing files safely: a temp file beside the target, fsync, then an atomic rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def default_mode() -> int:
    """The mode a new file would get from open(): 0o666 less the umask (mkstemp gives 0o600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


class ChangedOnDisk(Exception):
    """The target changed since it was read: refusing to overwrite someone's edit."""


def write_atomic(path: Path, content: str | bytes, expect: bytes | None = None) -> None:
    """Replace `path` with `content` all at once, or not at all.

    With `expect`, refuse (ChangedOnDisk) when the file no longer holds those bytes.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    folder = path.parent
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if expect is not None and path.read_bytes() != expect:
            raise ChangedOnDisk(path)
        with contextlib.suppress(OSError):  # keep the file's mode, or give a new one the usual
            os.chmod(tmp, path.stat().st_mode & 0o7777 if path.exists() else default_mode())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
