"""The records as plain frozen dataclasses: what every part of kcbilat after validation uses.

Using them needs no pydantic: a warm `kcbilat status` reads them from the cache and
never imports it. Their field types name *rules* (`Rule("url")`, `Rule("partial-date")`
...) that the validation layer (kcbilat.read.models) teaches pydantic; this module only
names them, so it depends on nothing above it. (No `slots`: unpickling a plain
`__dict__` is done in C, several times faster.)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from typing import Annotated, Any, Literal

from kcbilat.core.dates import DateError, Duration, PartialDate, parse_duration, parse_partial_date
from kcbilat.core.vocabulary import (
    AgreementStatus,
    AgreementType,
    Kind,
    MeetingStatus,
    Override,
    PartyKind,
    Verdict,
)


@dataclass(frozen=True, slots=True)
class Rule:
    """A named validation rule on a field type, enforced by kcbilat.read.models.

    Pydantic asks each `Annotated` marker for its schema; the rules are registered in
    RULES by the validation layer when it is imported, so this module needs no pydantic.
    """

    name: str

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        return RULES[self.name](source, handler)

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> Any:
        return (
            JSON_RULES[self.name](schema, handler) if self.name in JSON_RULES else handler(schema)
        )


#: rule name → how pydantic builds its core schema (filled by kcbilat.read.models)
RULES: dict[str, Callable[[Any, Any], Any]] = {}
#: rule name → how pydantic builds its JSON schema (filled by kcbilat.read.models)
JSON_RULES: dict[str, Callable[[Any, Any], Any]] = {}

Id = Annotated[str, Rule("id")]
Text = Annotated[str, Rule("text")]
Url = Annotated[str, Rule("url")]
Ref = Annotated[str, Rule("ref")]
Country = Annotated[str, Rule("country")]
PDate = Annotated[PartialDate, Rule("partial-date")]
FullDate = Annotated[date, Rule("full-date")]
Dur = Annotated[Duration, Rule("duration")]
Ids = Annotated[list[Id], Rule("non-empty")]
Number = Annotated[int, Rule("number")]
#: the largest `number` of a meeting in a series
MAX_NUMBER = 10_000
#: on an optional field: it may be left out, but `null` is not a value (a typo, not a choice)
NotNull = Rule("not-null")


#: what pydantic needs to know; a plain dict so that this module never imports pydantic
FORBID: dict[str, Any] = {"extra": "forbid"}


def yaml_key(name: str) -> str:
    """A field's key in YAML and JSON: its name, but `from` for `from_` (a Python keyword)."""
    return "from" if name == "from_" else name


#: `from` is a Python keyword: the field is `from_`, written `from`
FROM_ALIAS: dict[str, Any] = {**FORBID, "alias_generator": yaml_key}

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_ID = re.compile(ID_PATTERN)
#: a source's URL: http or https, a host, no white space
URL_PATTERN = r"https?://[^\s/$.?#][^\s]*"
_URL = re.compile(URL_PATTERN)


def is_id(value: Any) -> bool:
    """An id: lowercase letters and digits in words joined by single hyphens, ≤ 64 long."""
    return isinstance(value, str) and len(value) <= 64 and _ID.fullmatch(value) is not None


def is_url(value: Any) -> bool:
    """A URL a source may have: http(s), a host, no white space."""
    return isinstance(value, str) and _URL.fullmatch(value) is not None


@dataclass(frozen=True)
class Source:
    __pydantic_config__ = FORBID
    url: Url
    title: Text
    publisher: Annotated[Text | None, NotNull] = None
    published: Annotated[PDate | None, NotNull] = None
    accessed: Annotated[FullDate | None, NotNull] = None


@dataclass(frozen=True)
class Party:
    __pydantic_config__ = FORBID
    id: Id
    name: Text
    country: Country
    kind: PartyKind
    name_local: Annotated[Text | None, NotNull] = None
    abbr: Annotated[Text | None, NotNull] = None
    aliases: list[Text] = field(default_factory=list)
    url: Annotated[Url | None, NotNull] = None


@dataclass(frozen=True)
class Sector:
    __pydantic_config__ = FORBID
    id: Id
    name: Text
    parent: Annotated[Id | None, NotNull] = None
    description: Annotated[Text | None, NotNull] = None


@dataclass(frozen=True)
class Recurrence:
    __pydantic_config__ = FROM_ALIAS
    every: Dur
    from_: PDate  # written `from` (see FROM_ALIAS)
    until: Annotated[PDate | None, NotNull] = None


@dataclass(frozen=True)
class Update:
    __pydantic_config__ = FORBID
    date: FullDate
    summary: Text
    sources: Annotated[list[Source], Rule("non-empty")]


@dataclass(frozen=True)
class Assessment:
    __pydantic_config__ = FORBID
    verdict: Verdict
    date: FullDate
    note: Text
    sources: Annotated[list[Source], Rule("non-empty")]


@dataclass(frozen=True)
class Disputed:
    __pydantic_config__ = FORBID
    # The field name and the value are checked in checks.py (code `disputed`),
    # because what a valid value is depends on the field.
    field: str
    value: Any
    note: Text
    sources: Annotated[list[Source], Rule("non-empty")]


@dataclass(frozen=True)
class Commitment:
    __pydantic_config__ = FORBID
    id: Id
    title: Text
    sectors: Ids
    responsible: Ids
    description: Annotated[Text | None, NotNull] = None
    due: Annotated[PDate | None, NotNull] = None
    recurs: Annotated[Recurrence | None, NotNull] = None
    review: Annotated[Dur | None, NotNull] = None
    place: Annotated[Text | None, NotNull] = None
    hosts: Annotated[Literal["alternate"] | None, NotNull] = None
    status: Annotated[Override | None, NotNull] = None
    status_date: Annotated[FullDate | None, NotNull] = None
    status_note: Annotated[Text | None, NotNull] = None
    status_sources: Annotated[Annotated[list[Source], Rule("non-empty")] | None, NotNull] = None
    updates: list[Update] = field(default_factory=list)
    assessment: Annotated[Assessment | None, NotNull] = None
    sources: list[Source] = field(default_factory=list)
    disputed: list[Disputed] = field(default_factory=list)

    @property
    def kind(self) -> Kind:
        """once | recurring | open, decided by which field the commitment has."""
        if self.due is not None:
            return "once"
        return "recurring" if self.recurs is not None else "open"


@dataclass(frozen=True)
class Agreement:
    __pydantic_config__ = FORBID
    id: Id
    title: Text
    type: AgreementType
    parties: Ids
    sectors: Ids
    summary: Text
    sources: Annotated[list[Source], Rule("non-empty")]
    signed: Annotated[PDate | None, NotNull] = None
    place: Annotated[Text | None, NotNull] = None
    revises: Annotated[Id | None, NotNull] = None
    status: AgreementStatus = "in-force"
    expires: Annotated[PDate | None, NotNull] = None
    reviewed: Annotated[FullDate | None, NotNull] = None
    notes: Annotated[Text | None, NotNull] = None
    commitments: list[Commitment] = field(default_factory=list)


@dataclass(frozen=True)
class Fulfilment:
    __pydantic_config__ = FORBID
    ref: Ref
    # Checked in checks.py (code `period`): which labels exist depends on the recurrence.
    period: Annotated[Any, NotNull] = None


@dataclass(frozen=True)
class Meeting:
    __pydantic_config__ = FORBID
    id: Id
    title: Text
    date: PDate
    status: MeetingStatus
    parties: Ids
    place: Annotated[Text | None, NotNull] = None
    host: Annotated[Country | None, NotNull] = None
    fulfils: Annotated[list[Annotated[Fulfilment, Rule("fulfil")]] | None, NotNull] = None
    series: Annotated[Id | None, NotNull] = None
    number: Annotated[Number | None, NotNull] = None
    sources: Annotated[list[Source] | None, NotNull] = None
    summary: Annotated[Text | None, NotNull] = None


#: a record of a data file (an agreement, a meeting, or an item of a vocabulary file)
Record = Agreement | Meeting | Party | Sector

#: the canonical key order of each record type, for `fmt` and `new`
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
    if "until" in value and until is None:
        raise DateError("`until: null` is not a date: leave `until` out instead")
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
        out[yaml_key(f.name)] = _plain(value)
    return out
