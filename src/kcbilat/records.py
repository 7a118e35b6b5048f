"""The records as plain frozen dataclasses: what every part of kcbilat after validation uses.

They are validated by pydantic (models.py supplies the field types named in the
annotations below and builds the validators), but using them needs no pydantic:
a warm `kcbilat status` reads them from the cache and never imports it. (No
`slots`: unpickling a plain `__dict__` is done in C, several times faster.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from .dates import DateError, Duration, PartialDate, parse_duration, parse_partial_date

if TYPE_CHECKING:  # at run time models.py puts these in this module's namespace
    from .models import (
        Country,
        Dur,
        FromDate,
        FulfilItem,
        FullDate,
        Id,
        Ids,
        Number,
        PDate,
        Ref,
        Sources,
        Text,
        Url,
    )

#: what pydantic needs to know; a plain dict so that this module never imports pydantic
FORBID = {"extra": "forbid"}

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_ID = re.compile(ID_PATTERN)


def is_id(value: Any) -> bool:
    """An id: lowercase letters and digits in words joined by single hyphens, ≤ 64 long."""
    return isinstance(value, str) and len(value) <= 64 and _ID.fullmatch(value) is not None


@dataclass(frozen=True)
class Source:
    __pydantic_config__ = FORBID
    url: Url
    title: Text
    publisher: Text = None
    published: PDate = None
    accessed: FullDate = None


@dataclass(frozen=True)
class Party:
    __pydantic_config__ = FORBID
    id: Id
    name: Text
    country: Country
    kind: Literal["ministry", "agency", "government", "institution", "local-government"]
    name_local: Text = None
    abbr: Text = None
    aliases: list[Text] = field(default_factory=list)
    url: Url = None


@dataclass(frozen=True)
class Sector:
    __pydantic_config__ = FORBID
    id: Id
    name: Text
    parent: Id = None
    description: Text = None


@dataclass(frozen=True)
class Recurrence:
    __pydantic_config__ = FORBID
    every: Dur
    from_: FromDate
    until: PDate = None


@dataclass(frozen=True)
class Update:
    __pydantic_config__ = FORBID
    date: FullDate
    summary: Text
    sources: Sources


@dataclass(frozen=True)
class Assessment:
    __pydantic_config__ = FORBID
    verdict: Literal["kept", "partly-kept", "in-progress", "stalled", "broken"]
    date: FullDate
    note: Text
    sources: Sources


@dataclass(frozen=True)
class Disputed:
    __pydantic_config__ = FORBID
    # The field name and the value are checked in checks.py (code `disputed`),
    # because what a valid value is depends on the field.
    field: str
    value: Any
    note: Text
    sources: Sources


@dataclass(frozen=True)
class Commitment:
    __pydantic_config__ = FORBID
    id: Id
    title: Text
    sectors: Ids
    responsible: Ids
    description: Text = None
    due: PDate = None
    recurs: Recurrence = None
    review: Dur = None
    place: Text = None
    hosts: Literal["alternate"] = None
    status: Literal["met", "cancelled", "superseded"] = None
    status_date: FullDate = None
    status_note: Text = None
    status_sources: list[Source] = None
    updates: list[Update] = field(default_factory=list)
    assessment: Assessment = None
    sources: list[Source] = field(default_factory=list)
    disputed: list[Disputed] = field(default_factory=list)

    @property
    def kind(self) -> str:
        """once | recurring | open, decided by which field the commitment has."""
        if self.due is not None:
            return "once"
        return "recurring" if self.recurs is not None else "open"


@dataclass(frozen=True)
class Agreement:
    __pydantic_config__ = FORBID
    id: Id
    title: Text
    type: Literal["agreement", "mou", "joint-statement", "action-plan", "treaty", "other"]
    parties: Ids
    sectors: Ids
    summary: Text
    sources: Sources
    signed: PDate = None
    place: Text = None
    revises: Id = None
    status: Literal["in-force", "signed", "expired", "superseded", "terminated"] = "in-force"
    expires: PDate = None
    reviewed: FullDate = None
    notes: Text = None
    commitments: list[Commitment] = field(default_factory=list)


@dataclass(frozen=True)
class Fulfilment:
    __pydantic_config__ = FORBID
    ref: Ref
    # Checked in checks.py (code `period`): which labels exist depends on the recurrence.
    period: Any = None


@dataclass(frozen=True)
class Meeting:
    __pydantic_config__ = FORBID
    id: Id
    title: Text
    date: PDate
    status: Literal["held", "scheduled", "postponed", "cancelled"]
    parties: Ids
    place: Text = None
    host: Country = None
    fulfils: list[FulfilItem] = None
    series: Id = None
    number: Number = None
    sources: list[Source] = None
    summary: Text = None


#: the canonical key order of each record type (as documented), for `fmt` and `new`
KEY_ORDER: dict[str, tuple[str, ...]] = {
    "party": ("id", "name", "name_local", "country", "kind", "abbr", "aliases", "url"),
    "sector": ("id", "name", "parent", "description"),
    "agreement": (
        "id",
        "title",
        "type",
        "signed",
        "place",
        "parties",
        "revises",
        "status",
        "expires",
        "sectors",
        "summary",
        "sources",
        "reviewed",
        "notes",
        "commitments",
    ),
    "commitment": (
        "id",
        "title",
        "description",
        "sectors",
        "responsible",
        "due",
        "recurs",
        "review",
        "place",
        "hosts",
        "status",
        "status_date",
        "status_note",
        "status_sources",
        "updates",
        "assessment",
        "sources",
        "disputed",
    ),
    "meeting": (
        "id",
        "title",
        "date",
        "status",
        "place",
        "host",
        "parties",
        "fulfils",
        "series",
        "number",
        "sources",
        "summary",
    ),
    "source": ("url", "title", "publisher", "published", "accessed"),
}


def parse_recurrence(value: Any) -> Recurrence:
    """A `recurs` mapping (as in a disputed reading) without pydantic; DateError says why not."""
    if not isinstance(value, dict):
        raise DateError("`recurs` takes a mapping like {every: annual, from: 2026}")
    unknown = set(value) - {"every", "from", "until"}
    if unknown:
        raise DateError(f"unknown field {sorted(unknown)[0]!r} in `recurs`")
    for key in ("every", "from"):
        if key not in value:
            raise DateError(f"`recurs` needs `{key}`")
    until = value.get("until")
    return Recurrence(
        parse_duration(value["every"]),
        parse_partial_date(value["from"]),
        parse_partial_date(until) if until is not None else None,
    )


def _plain(value: Any) -> Any:
    if isinstance(value, PartialDate | Duration):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if is_dataclass(value):
        return to_json(value)
    return value


def to_json(record: Any) -> dict[str, Any]:
    """A record as JSON-ready data, keyed as in the YAML (`from`), without absent fields."""
    out: dict[str, Any] = {}
    for f in fields(record):
        value = getattr(record, f.name)
        if value is None or (value == [] and f.name not in ("fulfils", "sources")):
            continue
        out["from" if f.name == "from_" else f.name] = _plain(value)
    return out
