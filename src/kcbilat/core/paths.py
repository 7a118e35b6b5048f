"""Paths as the user would type them: relative inside the current folder, absolute outside."""

from __future__ import annotations

from pathlib import Path, PurePath


def display(path: PurePath | str, cwd: Path | None = None) -> str:
    path = Path(path)
    if not path.is_absolute():
        return path.as_posix()
    try:
        return path.relative_to(cwd or Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()
