"""What every check shares: the Check type, placing a problem, record order, and
which ids and commitment refs the data set knows."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from kcbilat.core.problems import Path_, Problem, suggest
from kcbilat.read.loader import Dataset, Origin
from kcbilat.read.salvage import gaps, indexed

Check = Callable[[Dataset, date], Iterator[Problem]]


def at(
    data: Dataset, origin: Origin, sub: Path_, code: str, message: str, key: bool = False
) -> Problem:
    line, column = data.locate(origin.path, (*origin.prefix, *sub), key=key)
    return Problem(origin.path, line, column, code, message)


def place(data: Dataset, origin: Origin, sub: Path_ = ("id",)) -> str:
    line, _ = data.locate(origin.path, (*origin.prefix, *sub))
    return f"{_display(origin.path)}:{line}"


def _display(path: Any) -> str:
    from kcbilat.core.paths import display

    return display(path)


def order(origin: Origin) -> tuple[str, Path_]:
    """File, then place in the file: records of one file are in line order by their index."""
    return origin.path.as_posix(), origin.prefix


def unknown(data: Dataset, kind: str, ident: Any, pool: dict[str, Any]) -> bool:
    return (
        isinstance(ident, str)
        and ident not in pool
        and (kind, ident) not in data.known
        and kind not in data.unreadable
    )


def refs_of(
    data: Dataset,
    origin: Origin,
    sub: Path_,
    record: Any,
    field: str,
    kind: str,
    pool: dict[str, Any],
) -> Iterator[Problem]:
    """An unknown-ref for each id in `record.field` (a list) that names no `kind`."""
    for i, ident in indexed(record, field):
        if unknown(data, kind, ident, pool):
            yield at(
                data,
                origin,
                (*sub, field, i),
                "unknown-ref",
                f"unknown {kind} {ident!r}{suggest(ident, pool)}",
            )


def each(data: Dataset, kind: str) -> Iterator[tuple[Origin, Any]]:
    """Every record of `kind` the checks look at, with where it stands: the valid ones,
    then what could be read of the broken ones (read.salvage: their gaps are skipped)."""
    tables: dict[str, dict[str, Any]] = {
        "agreement": data.agreements,
        "meeting": data.meetings,
        "party": data.parties,
        "sector": data.sectors,
    }
    table = tables[kind]
    for ident, record in table.items():
        yield data.origins[(kind, ident)], record
    for k, origin, record in data.partial:
        if k == kind:
            yield origin, record


def commitment_refs(data: Dataset) -> dict[str, tuple[Any, Any]]:
    """ref → (agreement, commitment) for every commitment that can be read, those of broken
    agreements included (built once per data set)."""
    if data.refs is None:
        data.refs = {}
        for _, a in each(data, "agreement"):
            if "id" in gaps(a):
                continue
            for c in a.commitments:
                data.refs.setdefault(f"{a.id}/{c.id}", (a, c))
    return data.refs
