"""The record schemas for pydantic: the field types, and validators built from them.

The records themselves are the plain dataclasses of records.py; this module gives
their annotations meaning (ids, partial dates, URLs...) and is the only one that
imports pydantic, so only a cold load pays for it. Rules between the fields of one
record live in filecheck.py and rules between records in checks.py, because they
need positions pydantic cannot give.
"""

from __future__ import annotations

import re
import sys
from datetime import date
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    PlainSerializer,
    PlainValidator,
    TypeAdapter,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from . import records
from .dates import (
    DateError,
    Duration,
    PartialDate,
    parse_duration,
    parse_full_date,
    parse_partial_date,
)

ID_PATTERN = records.ID_PATTERN
_REF = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*/[a-z0-9]+(-[a-z0-9]+)*")
_URL = re.compile(r"https?://[^\s/$.?#][^\s]*")
_COUNTRY = re.compile(r"[A-Z]{2}")


def _check_id(value: str) -> str:
    if not records.is_id(value):
        raise PydanticCustomError(
            "id",
            "{value} is not an id: lowercase letters and digits in words joined by "
            "single hyphens, at most 64 characters",
            {"value": _short(value)},
        )
    # Ids repeat across thousands of records: one shared string each keeps the cache and
    # the memory small (pickle stores a shared object once).
    return sys.intern(value)


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
    # The same few dates and durations recur across thousands of records: parse each once and
    # share the (immutable) result, which also keeps the cache and the memory small.
    seen: dict[tuple[type, Any], Any] = {}

    def validate(value: Any) -> Any:
        key = (type(value), value)
        try:
            return seen[key]
        except (KeyError, TypeError):
            pass
        try:
            parsed = parse(value)
        except DateError as exc:
            raise PydanticCustomError("bad_date", str(exc)) from None
        if len(seen) < 100_000 and isinstance(value, str | int | date):
            seen[key] = parsed
        return parsed

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
Sources = Annotated[list[records.Source], Field(min_length=1)]
FromDate = Annotated[PDate, Field(alias="from")]
Number = Annotated[int, Field(ge=1, strict=True)]


def _fulfil_item(value: Any) -> Any:
    return {"ref": value} if isinstance(value, str) else value


FulfilItem = Annotated[records.Fulfilment, BeforeValidator(_fulfil_item)]

# records.py names these types in its (string) annotations; pydantic resolves them in
# that module's namespace when the validators are built below.
vars(records).update(
    Id=Id,
    Text=Text,
    Url=Url,
    Ref=Ref,
    Country=Country,
    PDate=PDate,
    FullDate=FullDate,
    Dur=Dur,
    Ids=Ids,
    Sources=Sources,
    FromDate=FromDate,
    Number=Number,
    FulfilItem=FulfilItem,
)

#: the record type of each file kind (lists for the two vocabulary files)
MODELS: dict[str, Any] = {
    "agreement": records.Agreement,
    "meeting": records.Meeting,
    "parties": records.Party,
    "sectors": records.Sector,
}
_VALIDATORS: dict[Any, TypeAdapter[Any]] = {}


def validator(tp: Any) -> TypeAdapter[Any]:
    """A cached pydantic validator for a record type (building one costs milliseconds)."""
    if tp not in _VALIDATORS:
        _VALIDATORS[tp] = TypeAdapter(tp)
    return _VALIDATORS[tp]
