"""Disputed readings: one entry per disputable field, each a valid value for it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from kcbilat.check.base import at, each, unknown
from kcbilat.core.dates import DateError, parse_partial_date
from kcbilat.core.problems import Problem, quote, suggest
from kcbilat.core.records import parse_recurrence
from kcbilat.read.loader import Dataset
from kcbilat.read.salvage import indexed

DISPUTABLE = ("due", "recurs", "responsible", "sectors", "place")


def _disputed_value(field: str, value: Any, data: Dataset) -> str | None:
    """Why `value` is not a valid value for `field`, or None when it is."""
    if field in ("due", "recurs"):
        try:
            (parse_partial_date if field == "due" else parse_recurrence)(value)
        except DateError as exc:
            return str(exc)
        return None
    if field in ("responsible", "sectors"):
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            return f"`{field}` takes a list of at least one id"
        pool = data.parties if field == "responsible" else data.sectors
        kind = "party" if field == "responsible" else "sector"
        strangers = [v for v in value if unknown(data, kind, v, pool)]
        if strangers:
            return f"unknown {kind} {strangers[0]!r}{suggest(strangers[0], pool)}"
        return None
    if not isinstance(value, str) or not value.strip():
        return "`place` takes a non-empty text"
    return None


def check_disputed(data: Dataset, today: date) -> Iterator[Problem]:
    for origin, agreement in each(data, "agreement"):
        for i, commitment in indexed(agreement, "commitments"):
            seen: set[str] = set()
            for j, entry in indexed(commitment, "disputed"):
                here = ("commitments", i, "disputed", j)
                if entry.field not in DISPUTABLE:
                    yield at(
                        data,
                        origin,
                        (*here, "field"),
                        "disputed",
                        f"{quote(entry.field)} cannot be disputed; one of: "
                        + ", ".join(DISPUTABLE),
                    )
                elif entry.field in seen:
                    yield at(
                        data,
                        origin,
                        (*here, "field"),
                        "disputed",
                        f"`{entry.field}` is already disputed above: one entry per field",
                    )
                elif (why := _disputed_value(entry.field, entry.value, data)) is not None:
                    yield at(
                        data,
                        origin,
                        (*here, "value"),
                        "disputed",
                        f"the disputed value is not a valid `{entry.field}`: {why}",
                    )
                seen.add(entry.field)
