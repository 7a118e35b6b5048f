"""The whole validation: read every file, check across records, cap the output."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from .checks import run_checks
from .loader import Dataset, load
from .problems import Problem, capped


def load_and_check(root: Path, today: date) -> Dataset:
    """Load a data directory and run every check; `data.problems` then holds them all,
    sorted and capped."""
    data = load(root, today)
    data.problems = capped([*data.problems, *run_checks(data, today)])
    return data


def validate_dir(root: Path, today: date) -> list[Problem]:
    """Every diagnostic of a data directory, sorted by file and line."""
    return load_and_check(Path(root), today).problems
