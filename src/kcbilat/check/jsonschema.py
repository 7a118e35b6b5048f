"""JSON Schemas of the record files: the contract of `kcbilat validate`, for editors.

Generated from the pydantic validators (kcbilat.read.models, whose rules carry their JSON
Schema pieces), then given what pydantic cannot derive: the rules between the fields of one
record (kcbilat.read.filecheck: `due` or `recurs`, the overrides, a held meeting's date), the
values a disputed reading and a `period:` may take (kcbilat.check), and a description of
what only `validate` checks. An editor's language server then refuses what `validate`
refuses, as far as one file shows it; tests/test_schemas.py holds them to the example corpus.
"""

from __future__ import annotations

import copy
from typing import Any

BASE_URL = "https://kcbilat.example/schemas"

TITLES = {
    "agreement": "kcbilat agreement (data/agreements/<id>.yaml)",
    "meeting": "kcbilat meeting (data/meetings/<id>.yaml)",
    "parties": "kcbilat parties (data/parties.yaml)",
    "sectors": "kcbilat sectors (data/sectors.yaml)",
}

#: what no JSON Schema of one file can check (docs/reference/data-format.md says the same)
ONLY_VALIDATE: dict[str, tuple[str, ...]] = {
    "agreement": (
        "the file is named after its id (`filename`), and no other agreement or meeting "
        "has that id (`duplicate-id`)",
        "commitment ids are unique within the agreement (`duplicate-id`)",
        "every party and sector id is defined in parties.yaml and sectors.yaml, also in a "
        "disputed `responsible` or `sectors`, and `revises` names another existing "
        "agreement, without loops (`unknown-ref`)",
        "dates in order: `expires`, `due` and `recurs.from` not before `signed`, `until` not "
        "before `from` (`date-order`)",
        "nothing done after today: `reviewed`, `status_date`, updates' and assessments' "
        "dates (`date-order`)",
    ),
    "meeting": (
        "the file is named after its id (`filename`), and no other meeting or agreement "
        "has that id (`duplicate-id`)",
        "every party id is defined in parties.yaml, and each `fulfils` ref names an existing "
        "commitment (`unknown-ref`)",
        "each ref at most once in `fulfils`; a `period:` only for a recurring commitment, "
        "naming one of its periods that does not start after the meeting's date; a year "
        "range (2027-2026) or month range (2026-09..2026-04) that runs backwards (`period`)",
        "numbers in a `series` are unique and grow with the dates (`series-order`)",
        "a held meeting is not dated after today (`date-order`)",
        "the warnings: a held meeting without sources (`no-source`), a scheduled one whose "
        "date is over (`stale-schedule`), no `fulfils` key (`orphan`), the same host twice "
        "running for `hosts: alternate` (`host-order`)",
    ),
    "parties": ("party ids are unique (`duplicate-id`)",),
    "sectors": (
        "sector ids are unique (`duplicate-id`)",
        "`parent` names a sector of the file, without loops (`unknown-ref`)",
    ),
}
#: what only `validate` checks in every kind of file
ONLY_VALIDATE_YAML = (
    "plain YAML only: no anchors, aliases, merge keys, tags, directives or second document "
    "(`yaml-feature`)",
    "no control or bidirectional characters, comments included (`bad-char`); UTF-8 "
    "(`encoding`); at most 1 MiB, 32 levels, 20,000 nodes and 10,000 characters a scalar "
    "(`limit`)",
    "whole numbers written as whole numbers: `2026.0` or `number: 3.0` is refused, although "
    "JSON Schema counts them as integers",
)


def description(kind: str) -> str:
    """The schema's description: what it checks, and the rules only `validate` applies."""
    rules = (*ONLY_VALIDATE[kind], *ONLY_VALIDATE_YAML)
    return (
        "Holds the file to what `kcbilat validate` checks, except what needs more than this "
        "file's values, which only `kcbilat validate` checks: " + "; ".join(rules) + "."
    )


def json_schemas() -> dict[str, dict[str, Any]]:
    """name → JSON Schema (draft 2020-12) for agreement, meeting, parties and sectors files."""
    from kcbilat.read.models import MODELS, validator

    out = {}
    for name, title in TITLES.items():
        tp: Any = MODELS[name]
        listed = name in ("parties", "sectors")
        body = validator(list[tp] if listed else tp).json_schema(by_alias=True, mode="validation")
        body = _without_null_defaults(body)
        records = dict(body.get("$defs", {}))
        if not listed:
            records[body["title"]] = body
        _add_record_rules(records)
        out[name] = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"{BASE_URL}/{name}.json",
            "title": title,
            "description": description(name),
            **{k: v for k, v in body.items() if k != "title"},
        }
    return out


def _without_null_defaults(schema: Any) -> Any:
    """`null` is never a value of an optional field (leave the key out): no `default: null`."""
    if isinstance(schema, dict):
        return {
            k: _without_null_defaults(v)
            for k, v in schema.items()
            if not (k == "default" and v is None)
        }
    if isinstance(schema, list):
        return [_without_null_defaults(v) for v in schema]
    return schema


def _when(field: str, value: str, then: dict[str, Any]) -> dict[str, Any]:
    """`then` applies to a record whose `field` is `value`."""
    return {"if": {"properties": {field: {"const": value}}, "required": [field]}, "then": then}


def _add_record_rules(records: dict[str, dict[str, Any]]) -> None:
    """The rules between the fields of one record, onto the record types found (by name)."""
    from kcbilat.check.disputed import DISPUTABLE
    from kcbilat.read.models import (
        DURATION_JSON,
        FULL_JSON,
        ID_JSON,
        MONTHS_PATTERN,
        PARTIAL_JSON,
        TEXT_JSON,
        YEARS_PATTERN,
    )

    def piece(schema: dict[str, Any]) -> dict[str, Any]:
        return copy.deepcopy(schema)

    if commitment := records.get("Commitment"):
        # kcbilat.read.filecheck._commitment_rules
        commitment["not"] = {"required": ["due", "recurs"]}
        commitment["dependentSchemas"] = {
            "review": {"not": {"anyOf": [{"required": ["due"]}, {"required": ["recurs"]}]}}
        }
        commitment["dependentRequired"] = {
            "status": ["status_date", "status_note"],
            "status_date": ["status"],
            "status_note": ["status"],
            "status_sources": ["status"],
        }
        commitment["allOf"] = [_when("status", "met", {"required": ["status_sources"]})]
        # kcbilat.check.disputed: each disputable field at most once
        disputed = commitment["properties"]["disputed"]
        disputed["allOf"] = [
            {
                "contains": {"properties": {"field": {"const": f}}, "required": ["field"]},
                "minContains": 0,
                "maxContains": 1,
            }
            for f in DISPUTABLE
        ]
    if entry := records.get("Disputed"):
        # kcbilat.check.disputed: a disputable field, and a valid value for it
        entry["properties"]["field"]["enum"] = list(DISPUTABLE)
        recurs = {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "every": piece(DURATION_JSON),
                "from": piece(PARTIAL_JSON),
                "until": piece(PARTIAL_JSON),
            },
            "required": ["every", "from"],
        }
        ids = {"type": "array", "minItems": 1, "items": piece(ID_JSON)}
        values = {
            "due": piece(PARTIAL_JSON),
            "recurs": recurs,
            "responsible": ids,
            "sectors": ids,
            "place": piece(TEXT_JSON),
        }
        entry["allOf"] = [
            _when("field", f, {"properties": {"value": values[f]}}) for f in DISPUTABLE
        ]
    if fulfilment := records.get("Fulfilment"):
        # kcbilat.core.periods.period_range: a period label or a partial date
        fulfilment["properties"]["period"] = {
            "anyOf": [
                *piece(PARTIAL_JSON)["anyOf"],
                {"type": "string", "pattern": YEARS_PATTERN},
                {"type": "string", "pattern": MONTHS_PATTERN},
            ],
            "description": "The period served: a label (2027, 2026-2027, 2026-H2, 2026-Q3, "
            "2026-06, 2026-04..2026-09) or a partial date inside one period.",
        }
    if meeting := records.get("Meeting"):
        # kcbilat.read.filecheck.date_rules: a held meeting has its full date
        meeting["allOf"] = [_when("status", "held", {"properties": {"date": piece(FULL_JSON)}})]
