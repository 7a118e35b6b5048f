"""Ids and references: duplicate ids, file names, unknown references, and loops."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from kcbilat.check.base import at, commitment_refs, order, place, refs_of, unknown
from kcbilat.core.problems import Problem, suggest
from kcbilat.read.loader import Dataset, Origin

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
    for sector in sectors.values():
        if sector.parent and unknown(data, "sector", sector.parent, sectors):
            yield at(
                data,
                data.origins[("sector", sector.id)],
                ("parent",),
                "unknown-ref",
                f"unknown parent sector {sector.parent!r}{suggest(sector.parent, sectors)}",
            )
    for agreement in data.agreements.values():
        origin = data.origins[("agreement", agreement.id)]
        yield from refs_of(data, origin, ("parties",), agreement.parties, "party", parties)
        yield from refs_of(data, origin, ("sectors",), agreement.sectors, "sector", sectors)
        if agreement.revises and unknown(data, "agreement", agreement.revises, data.agreements):
            yield at(
                data,
                origin,
                ("revises",),
                "unknown-ref",
                f"unknown agreement {agreement.revises!r}"
                f"{suggest(agreement.revises, data.agreements)}",
            )
        for i, c in enumerate(agreement.commitments):
            here = ("commitments", i)
            yield from refs_of(data, origin, (*here, "sectors"), c.sectors, "sector", sectors)
            yield from refs_of(
                data, origin, (*here, "responsible"), c.responsible, "party", parties
            )
    refs = commitment_refs(data)
    for meeting in data.meetings.values():
        origin = data.origins[("meeting", meeting.id)]
        yield from refs_of(data, origin, ("parties",), meeting.parties, "party", parties)
        for i, item in enumerate(meeting.fulfils or ()):
            if item.ref in refs or ("commitment", item.ref) in data.known:
                continue
            agreement_id, _, commitment_id = item.ref.partition("/")
            owner = data.agreements.get(agreement_id)
            if owner is None:
                if ("agreement", agreement_id) in data.known:
                    continue
                hint = suggest(agreement_id, data.agreements)
                message = f"unknown agreement {agreement_id!r} in {item.ref!r}{hint}"
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
    for kind, records, key in (
        ("sector", data.sectors, "parent"),
        ("agreement", data.agreements, "revises"),
    ):
        graph = {ident: getattr(record, key) for ident, record in records.items()}
        for cycle in _loops(graph):
            origins = sorted((data.origins[(kind, i)] for i in cycle), key=order)
            chain = " → ".join([*cycle, cycle[0]])
            yield at(data, origins[0], (key,), "unknown-ref", f"`{key}` loops: {chain}", key=True)
