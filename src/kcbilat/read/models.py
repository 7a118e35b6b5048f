"""What the records' field rules mean to pydantic, and the validators built from them.

The records are the plain dataclasses of kcbilat.core.records, whose field types name
rules (`Rule("url")`...); this module registers what each rule checks and is the only
one that imports pydantic, so only a cold load pays for it. Rules between the fields
of one record live in filecheck.py and rules between records in kcbilat.check, because
they need positions pydantic cannot give.
"""

from __future__ import annotations

import re
import sys
from datetime import date
from typing import Annotated, Any

from annotated_types import Ge, Le, MinLen
from pydantic import (
    AfterValidator,
    BeforeValidator,
    PlainSerializer,
    PlainValidator,
    Strict,
    TypeAdapter,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from kcbilat.core import records
from kcbilat.core.dates import (
    FIRST_YEAR,
    LAST_YEAR,
    DateError,
    parse_duration,
    parse_full_date,
    parse_partial_date,
)

ID_PATTERN = records.ID_PATTERN
_REF = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*/[a-z0-9]+(-[a-z0-9]+)*")
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
    if not records.is_url(value):
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
    from kcbilat.core.problems import quote

    return quote(value)


def _fulfil_item(value: Any) -> Any:
    return {"ref": value} if isinstance(value, str) else value


_MEMO = 4096  # distinct values remembered per type: a bound, not a leak, on huge data sets


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
        if isinstance(value, str | int | date):
            if len(seen) >= _MEMO:
                seen.clear()
            seen[key] = parsed
        return parsed

    return PlainValidator(validate), WithJsonSchema(schema), PlainSerializer(str, return_type=str)


# The JSON Schemas' patterns say what the parsers in kcbilat.core.dates accept, exactly: an
# editor's language server must refuse what `validate` refuses and nothing else. [0-9], not
# \d (an ECMA-262 \d is ASCII only; Python's is not); `\s*` around, as the parsers strip;
# years 1000-2999 only; the length of each month, and 29 February of leap years only.
_YEAR = "[12][0-9]{3}"
_LEAP_YEAR = "([12][0-9](0[48]|[2468][048]|[13579][26])|(1[26]|2[048])00)"
_DAY = (
    "([12][0-9]{3}-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])"
    "|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-8]))|" + _LEAP_YEAR + "-02-29)"
)
#: a partial date written as text: 2026, 2026-H1, 2026-Q3, 2026-06, 2026-06-15
PARTIAL_PATTERN = rf"^\s*({_YEAR}(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?|{_DAY})\s*$"
FULL_PATTERN = rf"^\s*{_DAY}\s*$"
#: 'N years' or 'N months' (1 ≤ N ≤ 1200, any white space between) or one of the words
DURATION_PATTERN = (
    r"^\s*(annual|biennial|semiannual|quarterly|monthly"
    r"|0*(1200|1[01][0-9]{2}|[1-9][0-9]{0,2})\s+(years?|months?))\s*$"
)
#: a year range and a month range, the period labels that are not partial dates
YEARS_PATTERN = rf"^\s*{_YEAR}-{_YEAR}\s*$"
MONTHS_PATTERN = rf"^\s*{_YEAR}-(0[1-9]|1[0-2])\.\.{_YEAR}-(0[1-9]|1[0-2])\s*$"

PARTIAL_JSON: dict[str, Any] = {
    "anyOf": [
        {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR},
        {"type": "string", "pattern": PARTIAL_PATTERN},
    ],
    "description": "A partial date: 2026, 2026-H1, 2026-Q3, 2026-06 or 2026-06-15.",
}
FULL_JSON: dict[str, Any] = {
    "type": "string",
    "pattern": FULL_PATTERN,
    "description": "A full date, YYYY-MM-DD.",
}
DURATION_JSON: dict[str, Any] = {
    "type": "string",
    "pattern": DURATION_PATTERN,
    "description": "'N years', 'N months', annual, biennial, semiannual, quarterly or monthly.",
}


def _rule(*metadata: Any) -> Any:
    """A rule's core schema: its source type with these pydantic markers applied."""

    def schema(source: Any, handler: Any) -> Any:
        return handler(Annotated[source, *metadata])

    return schema


def _not_null(source: Any, handler: Any) -> Any:
    """Optional fields: `null` is refused (leave the key out instead); the JSON Schema
    drops the `null` branch too."""
    from pydantic_core import core_schema

    def refuse(value: Any) -> Any:
        if value is None:
            raise PydanticCustomError("null", "is empty: give a value or leave the key out")
        return value

    return core_schema.no_info_before_validator_function(refuse, handler(source))


def _json_not_null(schema: Any, handler: Any) -> Any:
    out = handler(schema)
    branches = out.get("anyOf")
    if isinstance(branches, list):
        kept = [b for b in branches if b != {"type": "null"}]
        out = {k: v for k, v in out.items() if k != "anyOf"}
        out.update(kept[0] if len(kept) == 1 else {"anyOf": kept})
    out.pop("default", None)
    return out


ID_JSON: dict[str, Any] = {"type": "string", "pattern": ID_PATTERN, "maxLength": 64}
REF_JSON: dict[str, Any] = {
    "type": "string",
    "pattern": "^" + _REF.pattern + "$",
    "maxLength": 129,
    "description": "A commitment ref: <agreement-id>/<commitment-id>.",
}
TEXT_JSON: dict[str, Any] = {"type": "string", "minLength": 1, "pattern": r"\S"}
URL_JSON: dict[str, Any] = {"type": "string", "pattern": "^" + records.URL_PATTERN + "$"}


def _json_fulfil(schema: Any, handler: Any) -> Any:
    """A `fulfils` item: a plain ref, or a mapping with `ref` (and `period`)."""
    return {"anyOf": [REF_JSON, handler(schema)]}


records.RULES.update(
    {
        "id": _rule(AfterValidator(_check_id), WithJsonSchema(ID_JSON)),
        "text": _rule(AfterValidator(_check_text), WithJsonSchema(TEXT_JSON)),
        "url": _rule(AfterValidator(_check_url), WithJsonSchema(URL_JSON)),
        "ref": _rule(AfterValidator(_check_ref), WithJsonSchema(REF_JSON)),
        "country": _rule(
            AfterValidator(_check_country),
            WithJsonSchema({"type": "string", "pattern": "^[A-Z]{2}$"}),
        ),
        "partial-date": _rule(*_date_type(parse_partial_date, PARTIAL_JSON)),
        "full-date": _rule(*_date_type(parse_full_date, FULL_JSON)),
        "duration": _rule(*_date_type(parse_duration, DURATION_JSON)),
        "non-empty": _rule(MinLen(1)),
        # an ordinal in a series: bounded, so that every output can print it (Python prints
        # no int of over 4,300 digits, SQLite stores none over 64 bits)
        "number": _rule(Strict(), Ge(1), Le(records.MAX_NUMBER)),
        "fulfil": _rule(BeforeValidator(_fulfil_item)),
        "not-null": _not_null,
    }
)
records.JSON_RULES.update({"not-null": _json_not_null, "fulfil": _json_fulfil})

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
