"""The whole validation: read every file, check across records, cap the output."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from kcbilat.check.checks import run_checks
from kcbilat.core.problems import LeftOut, Problem, capped
from kcbilat.read.loader import Dataset, load


def load_and_check(
    root: Path, today: date, cache: Any = None, snapshot: Any = None, workers: int = 1
) -> Dataset:
    """Load a data directory and run every check; `data.problems` then holds them all,
    sorted and capped. `cache` (a cache.Cache) skips files unchanged since last time;
    `snapshot` (a gitrev.Snapshot) reads the files as they were at a revision; `workers`
    above 1 lets a large data set be read by that many processes."""
    data = load(root, cache=cache, snapshot=snapshot, workers=workers)
    data.problems = capped([*data.problems, *run_checks(data, today)])
    return data


def validate_dir(root: Path, today: date, cache: Any = None, workers: int = 1) -> list[Problem]:
    """Every diagnostic of a data directory, sorted by file and line."""
    return load_and_check(Path(root), today, cache, workers=workers).problems


def only_in(problems: list[Problem], paths: set[Path], within: bool = False) -> list[Problem]:
    """The problems located in `paths` (absolute), or with `within` also in files under them."""

    def wanted(file: Path) -> bool:
        file = file.absolute()
        return file in paths or (within and any(p in paths for p in file.parents))

    return [p for p in problems if wanted(p.file)]


def usable(data: Dataset) -> tuple[Dataset, LeftOut]:
    """The records the reporting commands work on: those from files without errors, and
    what was left out."""
    errors = [p for p in data.problems if p.is_error]
    if not errors:
        return data, LeftOut()
    bad_files = {p.file for p in errors}

    def ok(kind: str, records: dict[str, Any]) -> dict[str, Any]:
        return {k: r for k, r in records.items() if data.origins[(kind, k)].path not in bad_files}

    clean = replace(
        data,
        agreements=ok("agreement", data.agreements),
        meetings=ok("meeting", data.meetings),
        refs=None,
    )
    return clean, LeftOut(len(errors), tuple(sorted(bad_files)))


def broken(data: Dataset, ident: str) -> tuple[str, list[Problem]] | None:
    """For an id or ref whose record could not be read (a file with errors): what it is
    and the errors of its file; None when no record has that id."""
    agreement_id = ident.partition("/")[0]
    for kind, key in (("agreement", ident), ("meeting", ident), ("commitment", ident)):
        if (kind, key) not in data.known:
            continue
        owner = ("agreement", agreement_id) if kind == "commitment" else (kind, ident)
        files = {o.path for k, i, o in data.ids if (k, i) == owner}
        if kind != "commitment":  # a file whose id is unreadable stands for its name
            folder = "agreements" if kind == "agreement" else "meetings"
            files.add(data.root / folder / f"{ident}.yaml")
        problems = [p for p in data.problems if p.is_error and p.file in files]
        if problems:
            return kind, problems
    return None
