"""One file's parsed YAML → its validated record(s) and positioned issues.

Covers what can be judged from one file alone, and without the calendar (so that
the result can be cached): the schema (through pydantic, whose error locations
map back to YAML positions), the rules between fields of one record, and the
order of its dates. Rules about "today" are in checks.py.
"""

from __future__ import annotations

import dataclasses
import typing
from datetime import date
from typing import Any

from pydantic import ValidationError

from kcbilat.core import records
from kcbilat.core.problems import Issue, Path_, quote, suggest
from kcbilat.read import models
from kcbilat.read.salvage import gaps, hints, indexed, salvage, unwrap
from kcbilat.read.yamlread import Document

#: pydantic calls an unknown key "extra" on models and "unexpected keyword" on dataclasses
_EXTRA = ("extra_forbidden", "unexpected_keyword_argument")
ROOT_SHAPE = {"agreement": dict, "meeting": dict, "parties": list, "sectors": list}


def check_file(
    kind: str, doc: Document
) -> tuple[list[tuple[Path_, Any]], list[Issue], list[tuple[Path_, Any]]]:
    """Validate a parsed file of `kind` (agreement | meeting | parties | sectors).

    Returns the valid records with the YAML path of each (one for a record file;
    every valid item of a list file), the issues found, and what can be read of the
    records that are not valid (salvage.py), so that their references and dates are
    checked in the same run.
    """
    value = doc.value
    shape = ROOT_SHAPE[kind]
    if not isinstance(value, shape):
        what = (
            "a mapping (key: value lines)" if shape is dict else "a list (lines starting with '- ')"
        )
        issue = Issue(1, 1, "schema", f"the file must hold {what}, not {_kind_of(value)}")
        return [], [issue], []
    issues: list[Issue] = []
    valid: list[tuple[Path_, Any]] = []
    partial: list[tuple[Path_, Any]] = []
    model = models.MODELS[kind]
    validator = models.validator(model)
    items: list[tuple[Path_, Any]]
    items = [((), value)] if shape is dict else [((i,), item) for i, item in enumerate(value)]
    for prefix, raw in items:
        issues += shape_rules(kind, raw, prefix, doc)
        try:
            record = validator.validate_python(raw)
        except ValidationError as exc:
            issues += _schema_issues(exc.errors(), prefix, doc, model)
            part = salvage(model, raw)
            if part is not None:
                issues += date_rules(part, prefix, doc)
                partial.append((prefix, part))
            continue
        issues += date_rules(record, prefix, doc)
        valid.append((prefix, record))
    return valid, issues, partial


# -- pydantic errors → issues -----------------------------------------------------------


def _schema_issues(errors: list[Any], prefix: Path_, doc: Document, model: Any) -> list[Issue]:
    """One issue per input problem: a typo'd key is reported as unknown (with its
    suggestion), not also as the required field it misses; a refused alias is not also
    a wrong value."""
    doc.locate()  # errors are placed by position, and refused aliases found by path
    typos = {
        (*err["loc"][:-1], hint)
        for err in errors
        if err["type"] in _EXTRA
        for hint in _fields_at(model, err["loc"][:-1])
        if suggest(str(err["loc"][-1]), [hint])
    }
    issues = []
    for err in errors:
        loc = tuple(err["loc"])
        if err["type"] == "missing" and loc in typos:
            continue
        path = (*prefix, *loc)
        if any(path[: len(r)] == r for r in doc.refused):
            continue
        issues.append(_from_pydantic(err, prefix, doc, model))
    return issues


def _from_pydantic(err: Any, prefix: Path_, doc: Document, model: Any) -> Issue:
    loc: Path_ = tuple(err["loc"])
    path = (*prefix, *loc)
    kind = err["type"]
    name = _dotted(loc)
    if kind in _EXTRA:
        line, column = doc.at(path, key=True)
        hint = suggest(str(loc[-1]), _fields_at(model, loc[:-1]))
        return Issue(line, column, "unknown-field", f"unknown field {str(loc[-1])!r}{hint}")
    if kind == "missing":
        line, column = _missing_at(doc, path[:-1])
        where = f" in {_dotted(loc[:-1])}" if loc[:-1] else ""
        return Issue(line, column, "schema", f"missing required field {str(loc[-1])!r}{where}")
    line, column = doc.at(path)
    if kind == "bad_date":
        return Issue(line, column, "bad-date", f"{name}: {err['msg']}")
    value = err.get("input")
    if value is None:
        message = "is empty: give a value or leave the key out"
    elif kind == "literal_error":
        message = f"{quote(value)} is not one of: {err['ctx']['expected']}"
    elif kind == "too_short" and isinstance(value, list):
        message = "must list at least one item"
    elif kind in ("model_type", "model_attributes_type", "dict_type"):
        message = f"must be a mapping (key: value lines), not {_kind_of(value)}"
    elif kind == "list_type":
        message = f"must be a list, not {_kind_of(value)}"
    elif kind in ("greater_than_equal", "less_than_equal"):  # a meeting's number
        message = f"must be a whole number from 1 to {records.MAX_NUMBER:,}, not {quote(value)}"
    elif kind in ("string_type", "int_type", "int_from_float", "int_parsing"):
        wanted = "text" if kind == "string_type" else "a whole number"
        message = f"must be {wanted}, not {_kind_of(value)} {quote(value)}"
    else:
        message = err["msg"]
    return Issue(line, column, "schema", f"{name}: {message}" if name else message)


def _missing_at(doc: Document, parent: Path_) -> tuple[int, int]:
    """Where a missing field is reported: the key of the mapping that lacks it; line 1 for a
    top-level field; the item's first line for a list item."""
    if not parent:
        return 1, 1
    if isinstance(parent[-1], int):
        return doc.at(parent)
    return doc.at(parent, key=True)


def _dotted(loc: Path_) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _kind_of(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, date):
        return "a date"
    return "text"


def _fields_at(model: Any, loc: Path_) -> list[str]:
    """The YAML keys of the record type found at `loc` inside `model`."""
    tp = model
    for part in loc:
        tp = unwrap(tp)
        if isinstance(part, int):
            args = typing.get_args(tp)
            tp = args[0] if args else None
        elif dataclasses.is_dataclass(tp):
            tp = next(
                (h for n, h in hints(typing.cast(type, tp)).items() if records.yaml_key(n) == part),
                None,
            )
        else:
            return []
    tp = unwrap(tp)
    if dataclasses.is_dataclass(tp):
        return [records.yaml_key(f.name) for f in dataclasses.fields(tp)]
    return []


# -- rules between the fields of one record ------------------------------------------------

_OVERRIDE = ("status_date", "status_note", "status_sources")


def shape_rules(kind: str, raw: Any, prefix: Path_, doc: Document) -> list[Issue]:
    """Fields that may not stand together, or need each other (judged on the raw mapping,
    so they are reported even when another field of the record is broken)."""
    if not isinstance(raw, dict):
        return []
    issues: list[Issue] = []
    if kind == "agreement":
        commitments = raw.get("commitments")
        if isinstance(commitments, list):
            seen: dict[str, int] = {}
            for i, item in enumerate(commitments):
                if not isinstance(item, dict):
                    continue
                here = (*prefix, "commitments", i)
                issues += _commitment_rules(item, here, doc)
                cid = item.get("id")
                if isinstance(cid, str):
                    if cid in seen:
                        line, column = doc.at((*here, "id"))
                        first = doc.at((*prefix, "commitments", seen[cid], "id"))[0]
                        issues.append(
                            Issue(
                                line,
                                column,
                                "duplicate-id",
                                f"commitment id {cid!r} is used twice in this "
                                f"agreement (first on line {first})",
                            )
                        )
                    else:
                        seen[cid] = i  # positions are looked up only for a problem
    elif kind == "meeting":
        fulfils = raw.get("fulfils")
        if isinstance(fulfils, list):
            issues += _repeated_refs(fulfils, (*prefix, "fulfils"), doc)
    return issues


def _later(doc: Document, path: Path_, *keys: str) -> tuple[str, tuple[int, int]]:
    placed = sorted((doc.at((*path, k), key=True), k) for k in keys)
    return placed[-1][1], placed[-1][0]


def _commitment_rules(item: dict[str, Any], path: Path_, doc: Document) -> list[Issue]:
    issues = []
    if "due" in item and "recurs" in item:
        key, (line, column) = _later(doc, path, "due", "recurs")
        issues.append(
            Issue(
                line,
                column,
                "schema",
                f"{key!r}: a commitment has `due` (one-off) or `recurs` (recurring), not both",
            )
        )
    if "review" in item:
        other = [k for k in ("due", "recurs") if k in item]
        if other:
            key, (line, column) = _later(doc, path, "review", *other)
            issues.append(
                Issue(
                    line,
                    column,
                    "schema",
                    f"{key!r}: `review` is only for open-ended commitments "
                    f"(this one has `{other[0]}`)",
                )
            )
    if "status" in item:
        needed = ["status_date", "status_note"]
        if item.get("status") == "met":
            needed.append("status_sources")
        for key in needed:
            if key not in item:
                line, column = doc.at(path)
                issues.append(
                    Issue(
                        line,
                        column,
                        "schema",
                        f"missing required field {key!r}: `status: {item['status']}` "
                        f"needs {', '.join(needed)}",
                    )
                )
    else:
        for key in _OVERRIDE:
            if key in item:
                line, column = doc.at((*path, key), key=True)
                issues.append(
                    Issue(
                        line,
                        column,
                        "schema",
                        f"{key!r} without `status`: add the status it dates, or remove it",
                    )
                )
    return issues


def _repeated_refs(fulfils: list[Any], path: Path_, doc: Document) -> list[Issue]:
    seen: set[str] = set()
    issues = []
    for i, item in enumerate(fulfils):
        ref = item.get("ref") if isinstance(item, dict) else item
        if not isinstance(ref, str):
            continue
        if ref in seen:
            line, column = doc.at((*path, i))
            issues.append(
                Issue(
                    line,
                    column,
                    "period",
                    f"{ref!r} is listed twice in `fulfils`: name it once (with `period:` "
                    "when it serves a period other than the one of the meeting's date)",
                )
            )
        seen.add(ref)
    return issues


# -- the order of one record's dates -------------------------------------------------------


def date_rules(record: records.Record, prefix: Path_, doc: Document) -> list[Issue]:
    """Dates that contradict each other inside one record (never the calendar)."""
    issues: list[Issue] = []

    def add(path: Path_, code: str, message: str) -> None:
        line, column = doc.at((*prefix, *path))
        issues.append(Issue(line, column, code, message))

    if isinstance(record, records.Agreement):
        signed = record.signed
        if signed and record.expires and record.expires.last < signed.first:
            add(
                ("expires",),
                "date-order",
                f"expires {record.expires} is before the agreement was signed ({signed})",
            )
        for i, c in indexed(record, "commitments"):
            here: Path_ = ("commitments", i)
            if signed and c.due and c.due.last < signed.first:
                add(
                    (*here, "due"),
                    "date-order",
                    f"due {c.due} is before the agreement was signed ({signed})",
                )
            if c.recurs:
                start, until = c.recurs.from_, c.recurs.until
                if signed and start.last < signed.first:
                    add(
                        (*here, "recurs", "from"),
                        "date-order",
                        f"from {start} is before the agreement was signed ({signed})",
                    )
                if until and until.last < start.first:
                    add(
                        (*here, "recurs", "until"),
                        "date-order",
                        f"until {until} is before from {start}",
                    )
    elif (
        isinstance(record, records.Meeting)
        and not {"status", "date"} & gaps(record)
        and record.status == "held"
        and not record.date.is_day
    ):
        add(
            ("date",),
            "schema",
            f"a held meeting needs its full date (YYYY-MM-DD), not {record.date}",
        )
    return issues
