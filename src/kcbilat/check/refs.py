"""Ids and references: duplicate ids, file names, unknown references, and loops."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from kcbilat.check.base import at, commitment_refs, each, order, place, refs_of, unknown
from kcbilat.core.problems import Problem, suggest
from kcbilat.read.loader import Dataset, Origin
from kcbilat.read.salvage import gaps, indexed

_NAMESPACE = {"agreement": "record", "meeting": "record", "party": "party", "sector": "sector"}


def check_ids(data: Dataset, today: date) -> Iterator[Problem]:
    first: dict[tuple[str, str], Origin] = {}
    for kind, ident, origin in sorted(data.ids, key=lambda use: order(use[2])):
        space = (_NAMESPACE[kind], ident)
        if space in first:
            yield at(
                data,
                origin,
                ("id",),
                "duplicate-id",
                f"id {ident!r} is already used at {place(data, first[space])}",
            )
        else:
            first[space] = origin
        if kind in ("agreement", "meeting") and origin.path.stem != ident:
            yield at(
                data,
                origin,
                ("id",),
                "filename",
                f"the file is named {origin.path.name!r} but holds id {ident!r}: "
                f"rename it to {ident}.yaml",
            )


def check_refs(data: Dataset, today: date) -> Iterator[Problem]:
    parties, sectors = data.parties, data.sectors
    for origin, sector in each(data, "sector"):
        if sector.parent and unknown(data, "sector", sector.parent, sectors):
            yield at(
                data,
                origin,
                ("parent",),
                "unknown-ref",
                f"unknown parent sector {sector.parent!r}{suggest(sector.parent, sectors)}",
            )
    for origin, agreement in each(data, "agreement"):
        yield from refs_of(data, origin, (), agreement, "parties", "party", parties)
        yield from refs_of(data, origin, (), agreement, "sectors", "sector", sectors)
        if agreement.revises and unknown(data, "agreement", agreement.revises, data.agreements):
            yield at(
                data,
                origin,
                ("revises",),
                "unknown-ref",
                f"unknown agreement {agreement.revises!r}"
                f"{suggest(agreement.revises, data.agreements)}",
            )
        for i, c in indexed(agreement, "commitments"):
            here = ("commitments", i)
            yield from refs_of(data, origin, here, c, "sectors", "sector", sectors)
            yield from refs_of(data, origin, here, c, "responsible", "party", parties)
    refs = commitment_refs(data)
    broken = {a.id: a for _, a in each(data, "agreement") if "id" not in gaps(a)}
    for origin, meeting in each(data, "meeting"):
        yield from refs_of(data, origin, (), meeting, "parties", "party", parties)
        for i, item in indexed(meeting, "fulfils"):
            if item.ref in refs or ("commitment", item.ref) in data.known:
                continue
            agreement_id, _, commitment_id = item.ref.partition("/")
            owner = data.agreements.get(agreement_id) or broken.get(agreement_id)
            if owner is None:
                if ("agreement", agreement_id) in data.known:
                    continue  # an agreement whose file could not be read: no telling
                hint = suggest(agreement_id, data.agreements)
                message = f"unknown agreement {agreement_id!r} in {item.ref!r}{hint}"
            elif "commitments" in gaps(owner):
                continue  # its commitments could not be read
            else:
                hint = suggest(commitment_id, [c.id for c in owner.commitments])
                message = f"agreement {agreement_id!r} has no commitment {commitment_id!r}{hint}"
            yield at(data, origin, ("fulfils", i, "ref"), "unknown-ref", message)


def _loops(graph: dict[str, str | None]) -> list[list[str]]:
    """The cycles of a graph where each node has at most one successor."""
    state: dict[str, int] = {}
    cycles = []
    for start in graph:
        path: list[str] = []
        node: str | None = start
        while node is not None and node in graph and node not in state:
            state[node] = 1
            path.append(node)
            node = graph[node]
        if node is not None and state.get(node) == 1 and node in path:
            cycles.append(path[path.index(node) :])
        for visited in path:
            state[visited] = 2
    return cycles


def check_loops(data: Dataset, today: date) -> Iterator[Problem]:
    for kind, key in (("sector", "parent"), ("agreement", "revises")):
        graph: dict[str, str | None] = {}
        where: dict[str, Origin] = {}
        for origin, record in each(data, kind):
            if "id" not in gaps(record) and record.id not in graph:
                graph[record.id] = getattr(record, key)
                where[record.id] = origin
        for cycle in _loops(graph):
            origins = sorted((where[i] for i in cycle), key=order)
            chain = " → ".join([*cycle, cycle[0]])
            yield at(data, origins[0], (key,), "unknown-ref", f"`{key}` loops: {chain}", key=True)
