"""JSON Schemas of the record files, generated from the pydantic models."""

from __future__ import annotations

from typing import Any

BASE_URL = "https://kcbilat.example/schemas"


def json_schemas() -> dict[str, dict[str, Any]]:
    """name → JSON Schema (draft 2020-12) for agreement, meeting, parties and sectors files."""
    from kcbilat.read.models import MODELS, validator

    titles = {
        "agreement": "kcbilat agreement (data/agreements/<id>.yaml)",
        "meeting": "kcbilat meeting (data/meetings/<id>.yaml)",
        "parties": "kcbilat parties (data/parties.yaml)",
        "sectors": "kcbilat sectors (data/sectors.yaml)",
    }
    out = {}
    for name, title in titles.items():
        tp: Any = MODELS[name]
        body = validator(list[tp] if name in ("parties", "sectors") else tp).json_schema(
            by_alias=True, mode="validation"
        )
        out[name] = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"{BASE_URL}/{name}.json",
            "title": title,
            **{k: v for k, v in body.items() if k != "title"},
        }
    return out
