"""The whole validation: read every file, check across records, cap the output."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from .checks import run_checks
from .loader import Dataset, load
from .problems import Problem, capped


def load_and_check(root: Path, today: date, cache: Any = None, snapshot: Any = None) -> Dataset:
    """Load a data directory and run every check; `data.problems` then holds them all,
    sorted and capped. `cache` (a cache.Cache) skips files unchanged since last time;
    `snapshot` (a gitrev.Snapshot) reads the files as they were at a revision."""
    data = load(root, cache=cache, snapshot=snapshot)
    data.problems = capped([*data.problems, *run_checks(data, today)])
    return data


def validate_dir(root: Path, today: date, cache: Any = None) -> list[Problem]:
    """Every diagnostic of a data directory, sorted by file and line."""
    return load_and_check(Path(root), today, cache).problems


def usable(data: Dataset) -> tuple[Dataset, int]:
    """The records the reporting commands work on: those from files without errors.

    Returns a copy of the data set without the broken records, and the number of errors.
    """
    bad_files = {p.file for p in data.problems if p.is_error}
    errors = sum(p.is_error for p in data.problems)
    if not bad_files:
        return data, 0

    def ok(kind: str, records: dict[str, Any]) -> dict[str, Any]:
        return {k: r for k, r in records.items() if data.origins[(kind, k)].path not in bad_files}

    clean = replace(
        data,
        agreements=ok("agreement", data.agreements),
        meetings=ok("meeting", data.meetings),
        refs=None,
    )
    return clean, errors
