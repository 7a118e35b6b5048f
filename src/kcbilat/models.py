"""The record schemas (SPEC §2) as pydantic models: the one place pydantic is used.

Field rules that involve a single value live here; rules between fields of one
record live in `rules.py`, and rules between records in `checks.py`, because they
need positions pydantic cannot give.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    TypeAdapter,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from .dates import (
    DateError,
    Duration,
    PartialDate,
    parse_duration,
    parse_full_date,
    parse_partial_date,
)

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_ID = re.compile(ID_PATTERN)
_REF = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*/[a-z0-9]+(-[a-z0-9]+)*")
_URL = re.compile(r"https?://[^\s/$.?#][^\s]*")
_COUNTRY = re.compile(r"[A-Z]{2}")


def _check_id(value: str) -> str:
    if len(value) > 64 or not _ID.fullmatch(value):
        raise PydanticCustomError(
            "id",
            "{value} is not an id: lowercase letters and digits in words joined by "
            "single hyphens, at most 64 characters",
            {"value": _short(value)},
        )
    return value


def _check_text(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", "must not be empty")
    return value


def _check_url(value: str) -> str:
    if not _URL.fullmatch(value):
        raise PydanticCustomError("url", "{value} is not an http(s) URL", {"value": _short(value)})
    return value


def _check_ref(value: str) -> str:
    if not _REF.fullmatch(value) or len(value) > 129:
        raise PydanticCustomError(
            "ref",
            "{value} is not a commitment ref: write <agreement-id>/<commitment-id>",
            {"value": _short(value)},
        )
    return value


def _check_country(value: str) -> str:
    if not _COUNTRY.fullmatch(value):
        raise PydanticCustomError(
            "country",
            "{value} is not an ISO 3166-1 alpha-2 code (two capital letters, e.g. KR)",
            {"value": _short(value)},
        )
    return value


def _short(value: object) -> str:
    from .problems import quote

    return quote(value)


def _date_type(parse: Any, schema: dict[str, Any]) -> Any:
    def validate(value: Any) -> Any:
        try:
            return parse(value)
        except DateError as exc:
            raise PydanticCustomError("bad_date", str(exc)) from None

    return PlainValidator(validate), WithJsonSchema(schema), PlainSerializer(str, return_type=str)


_PARTIAL_SCHEMA = {
    "anyOf": [
        {"type": "integer", "minimum": 1000, "maximum": 9999},
        {
            "type": "string",
            "pattern": r"^\d{4}(-H[12]|-Q[1-4]|-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$",
        },
    ],
    "description": "A partial date: 2026, 2026-H1, 2026-Q3, 2026-06 or 2026-06-15.",
}
_FULL_SCHEMA = {"type": "string", "format": "date", "description": "A full date, YYYY-MM-DD."}
_DURATION_SCHEMA = {
    "type": "string",
    "pattern": r"^(annual|biennial|semiannual|quarterly|monthly|[1-9]\d* (years?|months?))$",
    "description": "'N years', 'N months', annual, biennial, semiannual, quarterly or monthly.",
}

Id = Annotated[
    str,
    AfterValidator(_check_id),
    WithJsonSchema({"type": "string", "pattern": ID_PATTERN, "maxLength": 64}),
]
Text = Annotated[
    str,
    AfterValidator(_check_text),
    WithJsonSchema({"type": "string", "minLength": 1, "pattern": r"\S"}),
]
Url = Annotated[
    str,
    AfterValidator(_check_url),
    WithJsonSchema({"type": "string", "pattern": r"^https?://\S+$"}),
]
Ref = Annotated[
    str,
    AfterValidator(_check_ref),
    WithJsonSchema(
        {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*/[a-z0-9]+(-[a-z0-9]+)*$"}
    ),
]
Country = Annotated[
    str, AfterValidator(_check_country), WithJsonSchema({"type": "string", "pattern": "^[A-Z]{2}$"})
]
PDate = Annotated[PartialDate, *_date_type(parse_partial_date, _PARTIAL_SCHEMA)]
FullDate = Annotated[date, *_date_type(parse_full_date, _FULL_SCHEMA)]
Dur = Annotated[Duration, *_date_type(parse_duration, _DURATION_SCHEMA)]

Ids = Annotated[list[Id], Field(min_length=1)]


class Record(BaseModel):
    """Every record forbids unknown fields: a typo is an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=False, hide_input_in_errors=True)


class Source(Record):
    url: Url
    title: Text
    publisher: Text = None  # type: ignore[assignment]
    published: PDate = None  # type: ignore[assignment]
    accessed: FullDate = None  # type: ignore[assignment]


Sources = Annotated[list[Source], Field(min_length=1)]


class Party(Record):
    id: Id
    name: Text
    name_local: Text = None  # type: ignore[assignment]
    country: Country
    kind: Literal["ministry", "agency", "government", "institution", "local-government"]
    abbr: Text = None  # type: ignore[assignment]
    aliases: list[Text] = []
    url: Url = None  # type: ignore[assignment]


class Sector(Record):
    id: Id
    name: Text
    parent: Id = None  # type: ignore[assignment]
    description: Text = None  # type: ignore[assignment]


class Recurrence(Record):
    every: Dur
    from_: PDate = Field(alias="from")
    until: PDate = None  # type: ignore[assignment]


class Update(Record):
    date: FullDate
    summary: Text
    sources: Sources


class Assessment(Record):
    verdict: Literal["kept", "partly-kept", "in-progress", "stalled", "broken"]
    date: FullDate
    note: Text
    sources: Sources


class Disputed(Record):
    # The field name and the value are checked in checks.py (code `disputed`),
    # because what a valid value is depends on the field.
    field: str
    value: Any
    note: Text
    sources: Sources


class Commitment(Record):
    id: Id
    title: Text
    description: Text = None  # type: ignore[assignment]
    sectors: Ids
    responsible: Ids
    due: PDate = None  # type: ignore[assignment]
    recurs: Recurrence = None  # type: ignore[assignment]
    review: Dur = None  # type: ignore[assignment]
    place: Text = None  # type: ignore[assignment]
    hosts: Literal["alternate"] = None  # type: ignore[assignment]
    status: Literal["met", "cancelled", "superseded"] = None  # type: ignore[assignment]
    status_date: FullDate = None  # type: ignore[assignment]
    status_note: Text = None  # type: ignore[assignment]
    status_sources: list[Source] = None  # type: ignore[assignment]
    updates: list[Update] = []
    assessment: Assessment = None  # type: ignore[assignment]
    sources: list[Source] = []
    disputed: list[Disputed] = []

    @property
    def kind(self) -> str:
        """once | recurring | open, decided by which field the commitment has."""
        return (
            "once" if self.due is not None else "recurring" if self.recurs is not None else "open"
        )


class Agreement(Record):
    id: Id
    title: Text
    type: Literal["agreement", "mou", "joint-statement", "action-plan", "treaty", "other"]
    signed: PDate = None  # type: ignore[assignment]
    place: Text = None  # type: ignore[assignment]
    parties: Ids
    revises: Id = None  # type: ignore[assignment]
    status: Literal["in-force", "signed", "expired", "superseded", "terminated"] = "in-force"
    expires: PDate = None  # type: ignore[assignment]
    sectors: Ids
    summary: Text
    sources: Sources
    reviewed: FullDate = None  # type: ignore[assignment]
    notes: Text = None  # type: ignore[assignment]
    commitments: list[Commitment] = []


def _fulfil_item(value: Any) -> Any:
    return {"ref": value} if isinstance(value, str) else value


class Fulfilment(Record):
    ref: Ref
    # Checked in checks.py (code `period`): which labels exist depends on the recurrence.
    period: Any = None


class Meeting(Record):
    id: Id
    title: Text
    date: PDate
    status: Literal["held", "scheduled", "postponed", "cancelled"]
    place: Text = None  # type: ignore[assignment]
    host: Country = None  # type: ignore[assignment]
    parties: Ids
    fulfils: list[Annotated[Fulfilment, BeforeValidator(_fulfil_item)]] = None  # type: ignore[assignment]
    series: Id = None  # type: ignore[assignment]
    number: Annotated[int, Field(ge=1, strict=True)] = None  # type: ignore[assignment]
    sources: list[Source] = None  # type: ignore[assignment]
    summary: Text = None  # type: ignore[assignment]


#: the record types by file kind; lists for the two vocabulary files.
ADAPTERS: dict[str, Any] = {}


def adapter(kind: str) -> TypeAdapter[Any]:
    """A cached TypeAdapter per file kind (building one costs milliseconds)."""
    if kind not in ADAPTERS:
        ADAPTERS[kind] = TypeAdapter(MODELS[kind])
    return ADAPTERS[kind]


MODELS: dict[str, Any] = {
    "agreement": Agreement,
    "meeting": Meeting,
    "parties": list[Party],
    "sectors": list[Sector],
}
