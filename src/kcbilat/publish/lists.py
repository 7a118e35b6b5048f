"""The listings of `kcbilat list agreements|meetings|parties|sectors` (commitments: views).

Each has its table columns (with how they behave on a narrow terminal) and its CSV/TSV
columns, named as in `kcbilat export`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from kcbilat.core.records import Agreement, Meeting, Party, Sector, to_json
from kcbilat.publish.columns import (
    AGREEMENT_FIELDS,
    MEETING_FIELDS,
    PARTY_FIELDS,
    SECTOR_FIELDS,
)
from kcbilat.publish.listing import Listing, datum
from kcbilat.publish.table import Col
from kcbilat.publish.views import EVERY

if TYPE_CHECKING:
    from kcbilat.read.loader import Dataset
    from kcbilat.status.query import Filters


def agreements_listing(agreements: Iterable[Agreement]) -> Listing:
    items = list(agreements)
    return Listing(
        columns=["id", "type", "signed", "status", "parties", "commitments", "title"],
        rows=[
            [
                a.id,
                a.type,
                str(a.signed or ""),
                a.status,
                ", ".join(a.parties),
                str(len(a.commitments)),
                a.title,
            ]
            for a in items
        ],
        layout={
            "title": Col(prose=True, under="id", min=50),
            "type": Col(drop=1, same=EVERY),
            "status": Col(same=EVERY),
            "parties": Col(prose=True, drop=3, same=EVERY),
            "commitments": Col(drop=2),
        },
        fields=AGREEMENT_FIELDS,
        records=lambda: [
            [
                datum(v)
                for v in (
                    a.id,
                    a.title,
                    a.type,
                    a.signed,
                    a.signed and a.signed.first,
                    a.signed and a.signed.last,
                    a.place,
                    a.parties,
                    a.revises,
                    a.status,
                    a.expires,
                    a.expires and a.expires.last,
                    a.sectors,
                    a.reviewed,
                    len(a.commitments),
                )
            ]
            for a in items
        ],
        data=lambda: [to_json(a) for a in items],
    )


def meetings_listing(meetings: Iterable[Meeting]) -> Listing:
    items = list(meetings)
    return Listing(
        columns=["id", "date", "status", "place", "fulfils", "title"],
        rows=[
            [
                m.id,
                str(m.date),
                m.status,
                m.place or "",
                ", ".join(f.ref for f in m.fulfils or ()),
                m.title,
            ]
            for m in items
        ],
        layout={
            "title": Col(prose=True, under="id", min=50),
            "status": Col(same=EVERY),
            "place": Col(prose=True, min=10, drop=1, same=EVERY),
            "fulfils": Col(prose=True, words=True, drop=2),
        },
        fields=MEETING_FIELDS,
        records=lambda: [
            [
                datum(v)
                for v in (
                    m.id,
                    m.title,
                    m.date,
                    m.date.first,
                    m.date.last,
                    m.status,
                    m.place,
                    m.host,
                    m.parties,
                    m.series,
                    m.number,
                    [f.ref for f in m.fulfils or ()],
                )
            ]
            for m in items
        ],
        data=lambda: [to_json(m) for m in items],
    )


def parties_listing(parties: Iterable[Party]) -> Listing:
    items = list(parties)
    return Listing(
        columns=["id", "country", "kind", "abbr", "name", "name_local"],
        rows=[[p.id, p.country, p.kind, p.abbr or "", p.name, p.name_local or ""] for p in items],
        layout={
            "country": Col(same=EVERY),
            "kind": Col(same=EVERY),
            "abbr": Col(drop=2),
            "name": Col(prose=True, min=24),
            "name_local": Col(prose=True, under="name", min=18, drop=1),
        },
        fields=PARTY_FIELDS,
        records=lambda: [[datum(getattr(p, name)) for name in PARTY_FIELDS] for p in items],
        data=lambda: [to_json(p) for p in items],
    )


def sectors_listing(sectors: Iterable[Sector]) -> Listing:
    items = list(sectors)
    return Listing(
        columns=["id", "parent", "name"],
        rows=[[s.id, s.parent or "", s.name] for s in items],
        layout={"name": Col(prose=True)},
        fields=SECTOR_FIELDS,
        records=lambda: [[datum(getattr(s, name)) for name in SECTOR_FIELDS] for s in items],
        data=lambda: [to_json(s) for s in items],
    )


def records_listing(what: str, data: Dataset, filters: Filters) -> Listing:
    """The listing of agreements, meetings, parties or sectors kept by `filters` (resolved)."""
    from kcbilat.status import query

    if what == "agreements":
        keep_a = query.agreement_filter(filters)
        return agreements_listing(
            a for a in sorted(data.agreements.values(), key=lambda a: a.id) if keep_a(a)
        )
    if what == "meetings":
        keep_m = query.meeting_filter(filters)
        return meetings_listing(
            m
            for m in sorted(data.meetings.values(), key=lambda m: (m.date.first, m.id))
            if keep_m(m)
        )
    if what == "parties":
        return parties_listing(filter(query.party_filter(filters), data.parties.values()))
    if what == "sectors":
        return sectors_listing(filter(query.sector_filter(filters), data.sectors.values()))
    raise ValueError(f"not a record listing: {what!r}")
