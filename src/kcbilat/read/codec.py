"""Records ↔ plain data (tuples, lists, dicts, text, numbers): what the cache stores.

The cache is written with `marshal`, which holds plain values only: loading it can build
no object of any class and run no code, unlike pickle. Each record type, each partial
date, duration and date becomes a tuple whose first item names it (YAML itself never
gives a tuple, so a tuple is always such a tag); everything else stays as it is.
Decoding trusts the structure (the cache is private and keyed to this code): it builds
the records without validating them again, which is the point of the cache.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from kcbilat.core import records
from kcbilat.core.dates import Duration, PartialDate

#: the record types, by the tag that names each in the cache
TYPES: tuple[type, ...] = (
    records.Source,
    records.Party,
    records.Sector,
    records.Recurrence,
    records.Update,
    records.Assessment,
    records.Disputed,
    records.Commitment,
    records.Agreement,
    records.Fulfilment,
    records.Meeting,
)
_FIELDS: tuple[tuple[str, ...], ...] = tuple(
    tuple(f.name for f in dataclasses.fields(tp)) for tp in TYPES
)
_TAG = {tp: i for i, tp in enumerate(TYPES)}
PARTIAL, DURATION, DAY, MOMENT = -1, -2, -3, -4


def encode(value: Any) -> Any:
    """A record (or any value inside one) as plain data."""
    kind = type(value)
    tag = _TAG.get(kind)
    if tag is not None:
        state = value.__dict__
        extra = {k: encode(v) for k, v in state.items() if k not in _FIELDS[tag]}
        fields = tuple(encode(state[name]) for name in _FIELDS[tag])
        return (tag, fields, extra) if extra else (tag, fields)
    if kind is PartialDate:
        return (PARTIAL, value.text, value.precision, value.first.toordinal(),
                value.last.toordinal())  # fmt: skip
    if kind is Duration:
        return (DURATION, value.text, value.months, value.unit)
    if kind is date:
        return (DAY, value.toordinal())
    if kind is datetime:
        return (MOMENT, value.isoformat())
    if kind is list:
        return [encode(v) for v in value]
    if kind is dict:
        return {k: encode(v) for k, v in value.items()}
    if kind is frozenset or kind is set:  # a salvaged record's gaps
        return {"\0set": sorted(value)}
    return value


def _record(tag: int) -> Callable[[tuple[Any, ...]], Any]:
    cls, names = TYPES[tag], _FIELDS[tag]
    new = object.__new__

    def build(item: tuple[Any, ...]) -> Any:
        obj: Any = new(cls)
        values = [v if type(v) in _PLAIN else decode(v) for v in item[1]]
        obj.__dict__.update(zip(names, values, strict=True))
        if len(item) > 2:
            obj.__dict__.update({k: decode(v) for k, v in item[2].items()})
        return obj

    return build


#: what decodes as itself: tested inline, since most values are text (a call each is slow)
_PLAIN = frozenset({str, int, bool, float, type(None)})
_BUILD = [_record(tag) for tag in range(len(TYPES))]
_SHARED: dict[Any, Any] = {}  # the same few dates recur across thousands of records


def decode(value: Any) -> Any:
    """The value `encode` was given (records rebuilt without validating them again)."""
    kind = type(value)
    if kind is tuple:
        tag = value[0]
        if tag >= 0:
            return _BUILD[tag](value)
        found = _SHARED.get(value)
        if found is None:
            if len(_SHARED) >= 4096:  # a bound, not a leak, on huge data sets
                _SHARED.clear()
            found = _SHARED[value] = _special(value)
        return found
    if kind is list:
        return [v if type(v) in _PLAIN else decode(v) for v in value]
    if kind is dict:
        if "\0set" in value:
            return frozenset(value["\0set"])
        return {k: decode(v) for k, v in value.items()}
    return value


def _special(value: tuple[Any, ...]) -> Any:
    tag = value[0]
    if tag == PARTIAL:
        _, text, precision, first, last = value
        return PartialDate(text, precision, date.fromordinal(first), date.fromordinal(last))
    if tag == DURATION:
        return Duration(value[1], value[2], value[3])
    if tag == DAY:
        return date.fromordinal(value[1])
    return datetime.fromisoformat(value[1])
