"""Checks between records: ids, references, periods, series, disputes and the warnings.

Each check is a function of the loaded data set and "today" yielding Problems;
CHECKS lists them in the order they run. All are linear (or n log n) in the
size of the data set.
"""

from __future__ import annotations

from datetime import date

from kcbilat.check.base import Check
from kcbilat.check.disputed import check_disputed
from kcbilat.check.refs import check_ids, check_loops, check_refs
from kcbilat.check.schedule import check_hosts, check_periods, check_series
from kcbilat.check.timing import check_future, check_meetings
from kcbilat.core.problems import Problem
from kcbilat.read.loader import Dataset

CHECKS: tuple[Check, ...] = (
    check_ids,
    check_refs,
    check_loops,
    check_periods,
    check_series,
    check_hosts,
    check_disputed,
    check_future,
    check_meetings,
)


def run_checks(data: Dataset, today: date) -> list[Problem]:
    return [problem for check in CHECKS for problem in check(data, today)]
