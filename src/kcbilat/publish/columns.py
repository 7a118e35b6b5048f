"""The column and field names of every listing, as plain lists.

The CLI offers them as choices (`--columns`, `kcbilat list WHAT`) when it starts, so they
live apart from the renderers that fill the columns: naming a column imports nothing.
"""

from __future__ import annotations

from typing import Literal, get_args

#: the dashboard's table columns
STATUS_COLUMNS = [
    "status",
    "ref",
    "title",
    "deadline",
    "days",
    "responsible",
    "record",
    "assessment",
    "flags",
]

#: the CSV/TSV columns of a commitment: those of `kcbilat export`'s commitments table
COMMITMENT_FIELDS = [
    "ref", "agreement", "id", "title", "kind", "status", "deadline", "days_left", "due",
    "late", "sectors", "responsible", "last_activity", "record_met", "record_ended",
    "record_missed", "reviewed", "unverified", "alternative_status", "assessment", "disputed",
    "in_force", "override", "fulfilled_by", "planned",
]  # fmt: skip

#: the CSV/TSV columns of each record listing: those of `kcbilat export`'s tables
AGREEMENT_FIELDS = [
    "id", "title", "type", "signed", "signed_first", "signed_last", "place", "parties",
    "revises", "status", "expires", "expires_last", "sectors", "reviewed", "commitments",
]  # fmt: skip

MEETING_FIELDS = [
    "id", "title", "date", "date_first", "date_last", "status", "place", "host", "parties",
    "series", "number", "fulfils",
]  # fmt: skip

PARTY_FIELDS = ["id", "name", "name_local", "country", "kind", "abbr", "aliases", "url"]
SECTOR_FIELDS = ["id", "name", "parent", "description"]


#: what `kcbilat list` lists
ListKind = Literal["agreements", "commitments", "meetings", "parties", "sectors"]
LIST_KINDS: tuple[str, ...] = get_args(ListKind)

#: what `status --columns` may name: the table's columns and the CSV/TSV ones
STATUS_NAMES: tuple[str, ...] = tuple(dict.fromkeys([*STATUS_COLUMNS, *COMMITMENT_FIELDS]))

#: what `list --columns` may name: every listing's table columns and CSV/TSV ones
LIST_NAMES: tuple[str, ...] = tuple(
    dict.fromkeys(
        [
            *("ref", "kind", "title", "due", "sectors", "responsible", "status"),
            *COMMITMENT_FIELDS,
            *("id", "type", "signed", "parties", "commitments"),
            *AGREEMENT_FIELDS,
            *("date", "place", "fulfils"),
            *MEETING_FIELDS,
            *("country", "abbr", "name", "name_local"),
            *PARTY_FIELDS,
            *("parent",),
            *SECTOR_FIELDS,
        ]
    )
)
