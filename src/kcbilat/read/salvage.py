"""The readable parts of a record that failed validation, for the checks between records.

One run must list every mistake: a meeting with a misspelt key and an impossible date
still has its parties and its `fulfils` refs checked, so that fixing the first two never
reveals the other two. Each field is validated on its own; a list keeps the items that
validate (and, for lists of records, what can be read of the others). The result is the
record type built without its constructor: a field that could not be read holds a neutral
placeholder (an empty list, or None) and is named in `gaps(record)`, and every check
skips a rule whose inputs are gaps. Such records only ever reach the checks: the reporting
commands never see a broken record.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Iterable
from typing import Any

from kcbilat.core import records

_NO_GAPS: frozenset[str] = frozenset()
_NO_INDEX: dict[str, Any] = {}
_INVALID = object()


def _valid(tp: Any, raw: Any) -> Any:
    """`raw` validated as `tp`, or _INVALID. pydantic is imported here, when a record is
    broken, and not by every run of the checks that import this module for `gaps`."""
    from pydantic import ValidationError

    from kcbilat.read import models

    try:
        return models.validator(tp).validate_python(raw)
    except ValidationError:
        return _INVALID


def gaps(record: object) -> frozenset[str]:
    """The fields of a salvaged record that could not be read (none for a valid record)."""
    found: frozenset[str] = getattr(record, "__dict__", {}).get("_gaps", _NO_GAPS)
    return found


def indexed(record: object, field: str) -> Iterable[tuple[int, Any]]:
    """The items of a list field with their index in the file (a salvaged list may have
    lost unreadable items, so its own positions are not the file's)."""
    items = getattr(record, field) or ()
    where = getattr(record, "__dict__", _NO_INDEX).get("_index")
    if where and field in where:
        return zip(where[field], items, strict=True)
    return enumerate(items)


@functools.cache
def hints(tp: type) -> dict[str, Any]:
    """A record type's field types, Annotated rules kept (asked often: cached)."""
    return typing.get_type_hints(tp, vars(records), include_extras=True)


def unwrap(hint: Any) -> Any:
    """The type under Annotated and `| None`."""
    while True:
        origin = typing.get_origin(hint)
        if origin is typing.Annotated:
            hint = typing.get_args(hint)[0]
        elif origin in (typing.Union, types.UnionType):
            hint = next(a for a in typing.get_args(hint) if a is not type(None))
        else:
            return hint


def _item_type(hint: Any) -> Any | None:
    """The item type (annotations kept) of a list field, or None for any other field."""
    bare = unwrap(hint)
    if typing.get_origin(bare) is list:
        return typing.get_args(bare)[0]
    return None


def salvage(tp: Any, raw: Any) -> Any | None:
    """`tp` built from what of `raw` validates, with the rest as gaps; None when `raw` is
    not even a mapping."""
    if not isinstance(raw, dict) or not isinstance(tp, type) or not dataclasses.is_dataclass(tp):
        return None
    values: dict[str, Any] = {}
    missing: set[str] = set()
    index: dict[str, list[int]] = {}
    for field in dataclasses.fields(tp):
        key = records.yaml_key(field.name)
        hint = hints(tp)[field.name]
        required = (
            field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING
        )
        if key not in raw:
            if required:
                missing.add(field.name)
                values[field.name] = [] if _item_type(hint) is not None else None
            else:
                factory: Any = field.default_factory
                values[field.name] = (
                    field.default if field.default is not dataclasses.MISSING else factory()
                )
            continue
        value = _valid(hint, raw[key])
        if value is not _INVALID:
            values[field.name] = value
            continue
        item = _item_type(hint)
        if item is not None and isinstance(raw[key], list):
            # what can be read of the list, and where each of those items stands
            index[field.name], values[field.name] = _items(item, raw[key])
        else:
            missing.add(field.name)
            values[field.name] = [] if item is not None else None
    record = object.__new__(tp)
    record.__dict__.update(values)  # frozen dataclasses without slots: no __init__ needed
    record.__dict__["_gaps"] = frozenset(missing)
    record.__dict__["_index"] = index
    return record


def _items(item: Any, raws: list[Any]) -> tuple[list[int], list[Any]]:
    """The items of a list that validate, and the salvaged parts of records that do not,
    with the index of each in the file."""
    where: list[int] = []
    kept: list[Any] = []
    inner: Any = unwrap(item)
    for number, raw in enumerate(raws):
        value = _valid(item, raw)
        if value is not _INVALID:
            kept.append(value)
        else:
            # a record with an id of its own (a commitment): what of it can be read
            if not (isinstance(inner, type) and dataclasses.is_dataclass(inner)):
                continue
            if "id" not in hints(inner):
                continue
            part = salvage(inner, raw)
            if part is None or "id" in gaps(part):
                continue
            kept.append(part)
        where.append(number)
    return where, kept
