"""Plain YAML scalars resolved under YAML 1.2 core rules, exactly as ruamel.yaml's
VersionedResolver((1, 2)) resolves them (tests/test_yamlread.py holds the two equal)."""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

_INT = re.compile(r"[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+")
_FLOAT = re.compile(
    r"[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)"
    r"|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)"
    r"|\.(?:nan|NaN|NAN)"
)
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULL = {"", "~", "null", "Null", "NULL"}
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_TIMESTAMP = re.compile(
    r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"
    r"(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]*))?"
    r"(?:[ \t]*(Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?"
)
_INT_FIRST = frozenset("+-0123456789")
_FLOAT_FIRST = frozenset("+-.0123456789")


def resolve_plain(text: str) -> Any:
    """The value of a plain (unquoted, untagged) scalar under YAML 1.2 core rules."""
    if text in _NULL:
        return None
    first = text[0]
    if first in "tTfF" and text in _BOOL:
        return _BOOL[text]
    if first in _INT_FIRST:
        if first.isdigit() and len(text) >= 10:
            if _DATE.fullmatch(text):
                return _date(text)
            if m := _TIMESTAMP.fullmatch(text):
                return _timestamp(m, text)
        if _INT.fullmatch(text):
            return _int(text)
    if first in _FLOAT_FIRST and _FLOAT.fullmatch(text):
        return _float(text)
    return text


def _int(text: str) -> Any:
    sign = -1 if text[0] == "-" else 1
    body = text.lstrip("+-").replace("_", "")
    try:
        if body.startswith("0b"):
            return sign * int(body[2:], 2)
        if body.startswith("0x"):
            return sign * int(body[2:], 16)
        if body.startswith("0o"):
            return sign * int(body[2:], 8)
        return sign * int(body)
    except ValueError:
        return text


def _float(text: str) -> Any:
    body = text.replace("_", "")
    low = body.lower()
    if low.endswith(".inf"):
        return -math.inf if body.startswith("-") else math.inf
    if low == ".nan":
        return math.nan
    try:
        return float(body)
    except ValueError:
        return text


def _date(text: str) -> Any:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return text  # 2026-02-30: the date checks report it with a clear message


def _timestamp(m: re.Match[str], text: str) -> Any:
    year, month, day, hour, minute, second, fraction, zone = m.groups()
    try:
        micro = int((fraction or "0")[:6].ljust(6, "0"))
        tz = None
        if zone == "Z":
            tz = UTC
        elif zone:
            hours, _, minutes = zone[1:].partition(":")
            delta = timedelta(hours=int(hours), minutes=int(minutes or 0))
            tz = timezone(-delta if zone[0] == "-" else delta)
        return datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second), micro, tz
        )
    except ValueError:
        return text
