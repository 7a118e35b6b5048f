"""The URLs a data directory cites, each with the file, line and column where it stands.

Found in the YAML itself rather than in the validated records, so that the sources of a
file with an unrelated mistake are still checked: every `url:` value that is text, at
any depth (sources of agreements, commitments, updates, assessments, disputed readings,
overrides and meetings, and the parties' own `url`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kcbilat.check.links import Link
from kcbilat.core.problems import Path_
from kcbilat.read.files import Entry, list_files, read_regular
from kcbilat.read.loader import read_entry


def _urls(value: Any, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "url" and isinstance(item, str):
                yield (*path, key), item
            else:
                yield from _urls(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _urls(item, (*path, index))


def file_links(entry: Entry) -> list[Link]:
    """Every URL of one record file, in file order (none when it cannot be parsed)."""
    doc, _ = read_entry(entry, read_regular)
    if doc is None:
        return []
    found = list(_urls(doc.value))
    if found:
        doc.locate()
    return [Link(entry.path, *doc.at(path), url) for path, url in found]


def data_links(root: Path, only: set[Path] | None = None) -> list[Link]:
    """Every URL cited in the data directory `root` (or, with `only`, in those files and
    the files under those folders, given as absolute paths)."""
    entries, _ = list_files(root)
    links: list[Link] = []
    for entry in entries:
        where = entry.path.absolute()
        if only is not None and not (where in only or any(p in only for p in where.parents)):
            continue
        links += file_links(entry)
    return links
