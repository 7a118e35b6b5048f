"""The JSON Schemas (schemas/*.json) hold every file to the contract of `kcbilat validate`.

Checked with the `jsonschema` library on what an editor's language server sees: the YAML
loaded with YAML 1.2 rules, timestamps kept as the text written (as check-jsonschema and the
YAML language server do: JSON has no dates), keys as text. Every valid file of the corpus
and of data/ passes; every invalid example fails, except those listed below with the reason
a schema of one file cannot catch them (and those must pass, so the lists stay exact).
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import tomllib
from collections.abc import Iterator
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import YAMLError

from kcbilat.check.disputed import DISPUTABLE, _disputed_value
from kcbilat.check.jsonschema import json_schemas
from kcbilat.core.dates import DateError, parse_duration, parse_full_date, parse_partial_date
from kcbilat.core.periods import period_range
from kcbilat.core.records import is_id
from kcbilat.read import models
from kcbilat.read.filecheck import check_file
from kcbilat.read.yamlread import Document

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "tests" / "examples"
SCHEMAS = REPO / "schemas"
#: a file's kind, from its folder (or its name, for the two vocabulary files)
KINDS = {
    "agreements": "agreement",
    "meetings": "meeting",
    "parties": "parties",
    "sectors": "sectors",
}

#: invalid examples that a YAML 1.2 loader refuses: there is no value for a schema to check
NOT_YAML = {
    "agreements/syntax-bad-indent.yaml": "YAML syntax",
    "agreements/syntax-colon-in-plain.yaml": "YAML syntax",
    "agreements/syntax-duplicate-key.yaml": "YAML syntax",
    "agreements/syntax-tab-indent.yaml": "YAML syntax",
    "agreements/syntax-unclosed-flow.yaml": "YAML syntax",
    "agreements/syntax-unterminated-quote.yaml": "YAML syntax",
    "meetings/syntax-duplicate-key-meeting.yaml": "YAML syntax",
    "meetings/syntax-unclosed-mapping.yaml": "YAML syntax",
    "sectors/syntax-sector-unclosed-flow.yaml": "YAML syntax",
    "agreements/feature-alias.yaml": "an alias of no anchor",
    "agreements/feature-second-document.yaml": "a second document",
    "agreements/feature-second-document-empty.yaml": "a second document",
    "agreements/feature-tag-include.yaml": "a tag a safe loader does not know",
    "meetings/feature-tag-python.yaml": "a tag a safe loader does not know",
    "agreements/bad-char-bel-in-comment.yaml": "a control character the reader refuses",
    "agreements/bad-char-del-in-comment.yaml": "a control character the reader refuses",
    "parties/bad-char-c1-in-party.yaml": "a control character the reader refuses",
}

_YAML_LEVEL = "a rule on the YAML text, which a schema never sees"
_CROSS_FILE = "needs another file of the data set"
_TODAY = "needs today's date"
_COMPARE = "compares two values, which JSON Schema cannot"
_UNIQUE = "ids unique across items: JSON Schema's uniqueItems compares whole items"
_WARNING = "a warning: `validate` passes, and so does the schema"

#: invalid examples that pass the schema: only `kcbilat validate` can refuse them
ONLY_VALIDATE = {
    "agreements/bad-char-escaped-esc.yaml": _YAML_LEVEL,
    "agreements/bad-char-escaped-rlo.yaml": _YAML_LEVEL,
    "agreements/bad-char-nel-in-comment.yaml": _YAML_LEVEL,
    "agreements/bad-char-rlo-in-comment.yaml": _YAML_LEVEL,
    "meetings/bad-char-lri-in-value.yaml": _YAML_LEVEL,
    "agreements/feature-anchor.yaml": _YAML_LEVEL,
    "agreements/feature-merge-key.yaml": _YAML_LEVEL,
    "agreements/feature-tag-directive.yaml": _YAML_LEVEL,
    "agreements/feature-tag-str.yaml": _YAML_LEVEL,
    "agreements/feature-yaml-directive.yaml": _YAML_LEVEL,
    "agreements/filename-mismatch.yaml": "the file's name, which a schema never sees",
    "meetings/filename-mismatch-meeting.yaml": "the file's name, which a schema never sees",
    "agreements/date-order-due-before-signed.yaml": _COMPARE,
    "agreements/date-order-due-day-before-signed.yaml": _COMPARE,
    "agreements/date-order-expires-before-signed.yaml": _COMPARE,
    "agreements/date-order-from-before-signed.yaml": _COMPARE,
    "agreements/date-order-until-before-from.yaml": _COMPARE,
    "agreements/unknown-ref-revises-itself.yaml": _COMPARE,
    "agreements/date-order-reviewed-after-today.yaml": _TODAY,
    "agreements/date-order-status-date-after-today.yaml": _TODAY,
    "agreements/date-order-update-after-today.yaml": _TODAY,
    "meetings/date-order-held-after-today.yaml": _TODAY,
    "agreements/duplicate-id-commitment.yaml": _UNIQUE,
    "parties/duplicate-id-party.yaml": _UNIQUE,
    "sectors/duplicate-id-sector.yaml": _UNIQUE,
    "meetings/period-same-ref-twice.yaml": "a ref twice, once plain and once with `period:`",
    "meetings/period-same-ref-twice-flow.yaml": "a ref twice, once plain and once with `period:`",
    "meetings/duplicate-id-agreement.yaml": _CROSS_FILE,
    "agreements/unknown-ref-commitment-sector.yaml": _CROSS_FILE,
    "agreements/unknown-ref-party.yaml": _CROSS_FILE,
    "agreements/unknown-ref-responsible.yaml": _CROSS_FILE,
    "agreements/unknown-ref-revises.yaml": _CROSS_FILE,
    "agreements/unknown-ref-sector.yaml": _CROSS_FILE,
    "meetings/unknown-ref-fulfils-agreement.yaml": _CROSS_FILE,
    "meetings/unknown-ref-fulfils-commitment.yaml": _CROSS_FILE,
    "meetings/unknown-ref-fulfils-ref-key.yaml": _CROSS_FILE,
    "meetings/unknown-ref-meeting-party.yaml": _CROSS_FILE,
    "sectors/unknown-ref-sector-parent.yaml": _CROSS_FILE,
    "sectors/unknown-ref-sector-parent-loop.yaml": _CROSS_FILE,
    "sectors/unknown-ref-sector-parent-self.yaml": _CROSS_FILE,
    "meetings/period-biennial-not-a-label.yaml": _CROSS_FILE + " (the recurrence)",
    "meetings/period-held-before-first.yaml": _CROSS_FILE + " (the recurrence)",
    "meetings/period-not-a-label.yaml": _CROSS_FILE + " (the recurrence)",
    "meetings/period-not-in-series.yaml": _CROSS_FILE + " (the recurrence)",
    "meetings/period-one-off.yaml": _CROSS_FILE + " (the commitment's kind)",
    "meetings/period-open-ended.yaml": _CROSS_FILE + " (the commitment's kind)",
    "meetings/period-starts-after-date.yaml": _CROSS_FILE + " (the recurrence)",
    "meetings/series-order-earlier-higher.yaml": _CROSS_FILE,
    "meetings/series-order-number-falls.yaml": _CROSS_FILE,
    "meetings/series-order-same-number.yaml": _CROSS_FILE,
    "meetings/host-order-same-host.yaml": _WARNING,
    "meetings/no-source-empty.yaml": _WARNING,
    "meetings/no-source-missing.yaml": _WARNING,
    "meetings/orphan-held.yaml": _WARNING,
    "meetings/orphan-scheduled.yaml": _WARNING,
    "meetings/stale-schedule-month.yaml": _WARNING,
    "meetings/stale-schedule-quarter.yaml": _WARNING,
    "meetings/stale-schedule-yesterday.yaml": _WARNING,
}

#: the codes of the rules on one file's values: a schema must catch every one of them
PER_FILE_CODES = ("schema", "unknown-field", "bad-date")


class _Constructor(SafeConstructor):
    """Timestamps stay the text written: a language server sees `2026-02-30` as a string."""


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", SafeConstructor.construct_yaml_str)


def load(path: Path) -> Any:
    yaml = YAML(typ="safe", pure=True)
    yaml.Constructor = _Constructor
    return _as_json(yaml.load(path.read_bytes()))


def _as_json(value: Any) -> Any:
    """Keys as text, as in JSON (check-jsonschema does the same)."""
    if isinstance(value, dict):
        return {str(k): _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    return value


@pytest.fixture(scope="module")
def validators() -> dict[str, Draft202012Validator]:
    out = {}
    for kind in ("agreement", "meeting", "parties", "sectors"):
        schema = json.loads((SCHEMAS / f"{kind}.json").read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        out[kind] = Draft202012Validator(schema)
    return out


def _kind(path: Path) -> str:
    return KINDS.get(path.parent.name) or KINDS[path.stem]


def _valid_files() -> list[Path]:
    roots = (REPO / "data", EXAMPLES / "base")
    files = [p for root in roots for p in sorted(root.rglob("*.yaml"))]
    return files + sorted((EXAMPLES / "valid").glob("*/*.yaml"))


def _name(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


INVALID = sorted((EXAMPLES / "invalid").glob("*/*.yaml"))


def _code(case: Path) -> str:
    header = case.read_bytes().decode("utf-8-sig").splitlines()[0]
    m = re.match(r"# expect: ([a-z-]+) ", header)
    assert m, case
    return m[1]


def _errors(validator: Draft202012Validator, value: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message[:200]}"
        for e in validator.iter_errors(value)
    ]


# -- the corpus ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", _valid_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_valid_file_passes_its_schema(validators, path: Path):
    assert _errors(validators[_kind(path)], load(path)) == []


@pytest.mark.parametrize("case", INVALID, ids=_name)
def test_invalid_example_fails_its_schema_unless_listed(validators, case: Path):
    name = _name(case)
    if name in NOT_YAML:
        with pytest.raises(YAMLError):
            load(case)
        return
    errors = _errors(validators[_kind(case)], load(case))
    if name in ONLY_VALIDATE:
        assert errors == [], f"the schema now catches {name}: take it off ONLY_VALIDATE"
    else:
        assert errors, f"{name} ({_code(case)}) passes the schema, but `validate` refuses it"


def test_the_lists_name_real_examples_and_no_per_file_rule():
    names = {_name(case): _code(case) for case in INVALID}
    assert set(NOT_YAML) <= set(names) and set(ONLY_VALIDATE) <= set(names)
    assert not set(NOT_YAML) & set(ONLY_VALIDATE)
    for name, code in names.items():
        if code in PER_FILE_CODES:
            assert name not in NOT_YAML and name not in ONLY_VALIDATE, name


def test_each_schema_names_what_only_validate_checks():
    schemas = json_schemas()
    for case in INVALID:
        name = _name(case)
        if name in ONLY_VALIDATE:
            assert f"`{_code(case)}`" in schemas[_kind(case)]["description"], name
    docs = (REPO / "docs" / "reference" / "data-format.md").read_text(encoding="utf-8")
    assert "## What the JSON Schemas check, and what only `kcbilat validate` checks" in docs


# -- the same verdict on every field --------------------------------------------------------

#: values tried in every place of a record: one of each kind that some rule takes or refuses
CANDIDATES: list[Any] = [None, "", " ", "x", "Some text", 0, 1, 3, -1, 2026, 10000, 1.5, True]
CANDIDATES += [[], ["x"], ["kr-mcee"], ["a b"], {}, {"a": 1}, "a" * 64, "a" * 65, "a--b", "A"]
CANDIDATES += ["2026", "0999", "0000", "2026-H2", "2026-Q4", "2026-13", "2026-06", " 2026-06 "]
CANDIDATES += ["2026-06-31", "2026-02-29", "2028-02-29", "2026-01-05T10:00", "2026-2027"]
CANDIDATES += ["2027-2026", "2026-01..2026-06", "2026-13..2027-01", "1 year", "2  years"]
CANDIDATES += ["0 months", "1201 months", "1200 years", "annual", "https://example.org/x"]
CANDIDATES += ["http://", "ftp://example.org", "KR", "kr", "a/b", "a/b/c", "held", "met", "mou"]
CANDIDATES += ["alternate", "kept", "due", "recurs", "place", "title"]
CANDIDATES += [{"every": "annual", "from": 2026}, {"every": "annual", "from": 2026, "until": None}]
CANDIDATES += [{"ref": "a/b"}, {"ref": "a/b", "period": "2026-H1"}, {"period": 2026}, ["a/b"]]
CANDIDATES += [[{"url": "https://example.org/x", "title": "T"}], [{"url": "https://example.org"}]]
#: refused by `validate`, taken by any JSON Schema: JSON's 2026.0 is an integer
NOT_EXPRESSIBLE = [2026.0, 3.0]
#: `validate` takes them (a period label, a backwards range: refused with another file only)
PERIOD_ONLY_VALIDATE = {"2027-2026"}


def _with(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    value = copy.deepcopy(value)
    parent = value
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = new
    return value


def _places(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in a record."""
    if path:
        yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _places(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _places(item, (*path, i))


def _trimmed(value: Any) -> Any:
    """The record with the first two items of each list (they stand for the others)."""
    if isinstance(value, dict):
        return {k: _trimmed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_trimmed(v) for v in value[:2]]
    return value


def _validate_refuses(kind: str, value: Any) -> bool:
    """Whether `validate` refuses this one file's value, for a reason that file alone gives."""
    valid, issues, _ = check_file(kind, Document(value))
    if any(i.code in PER_FILE_CODES for i in issues):
        return True
    for _, record in valid:
        for commitment in getattr(record, "commitments", []):
            fields = [d.field for d in commitment.disputed]
            if len(set(fields)) < len(fields) or set(fields) - set(DISPUTABLE):
                return True
            for d in commitment.disputed:
                if d.field in ("responsible", "sectors"):
                    if not (isinstance(d.value, list) and d.value):
                        return True
                    if not all(is_id(v) for v in d.value):
                        return True  # an unknown id, whatever the other files say
                elif _disputed_value(d.field, d.value, None) is not None:
                    return True
        for item in getattr(record, "fulfils", None) or []:
            if item.period is not None and not _accepts(period_range, item.period):
                return not (isinstance(item.period, str) and item.period in PERIOD_ONLY_VALIDATE)
    return False


def _isoformat(value: Any) -> Any:
    """As a language server sees it: dates are the text written."""
    if isinstance(value, dict):
        return {k: _isoformat(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_isoformat(v) for v in value]
    return value.isoformat() if isinstance(value, date) else value


RECORDS = [
    ("agreement", EXAMPLES / "valid" / "agreements" / "overrides.yaml"),
    ("agreement", EXAMPLES / "valid" / "agreements" / "disputed.yaml"),
    ("meeting", EXAMPLES / "valid" / "meetings" / "period-2027-annual.yaml"),
    ("meeting", EXAMPLES / "base" / "meetings" / "2026-env-ministers-meeting.yaml"),
    ("parties", EXAMPLES / "base" / "parties.yaml"),
    ("sectors", EXAMPLES / "base" / "sectors.yaml"),
]


@pytest.mark.parametrize(("kind", "path"), RECORDS, ids=lambda x: getattr(x, "name", x))
def test_schema_and_validate_agree_on_every_value_in_every_place(validators, kind, path):
    """Each place of a valid record set to each candidate value (or left out): the schema
    refuses exactly what `validate` refuses, as far as this one file tells."""
    record = _trimmed(YAML(typ="safe", pure=True).load(path.read_bytes()))
    tries = [(new, True) for new in CANDIDATES] + [(new, False) for new in NOT_EXPRESSIBLE]
    disagree = []
    for place in _places(record):
        for new, exact in [*tries, (KeyError, True)]:
            if new is KeyError:
                if not isinstance(place[-1], str):
                    continue
                value = copy.deepcopy(record)
                parent = value
                for key in place[:-1]:
                    parent = parent[key]
                del parent[place[-1]]
            else:
                value = _with(record, place, new)
            refused = _validate_refuses(kind, value)
            schema_refuses = not validators[kind].is_valid(_isoformat(value))
            # where a schema cannot be exact, it still never refuses what `validate` takes
            if refused != schema_refuses if exact else schema_refuses and not refused:
                what = "left out" if new is KeyError else f"= {new!r}"
                disagree.append(f"{place} {what}: validate {refused}, schema {schema_refuses}")
    assert not disagree, "\n".join(disagree)


# -- the schemas themselves -----------------------------------------------------------------


def _walk(node: Any, path: str = "") -> Any:
    yield path, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _walk(v, f"{path}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _walk(v, f"{path}/{i}")


def test_no_default_null_and_no_null_anywhere():
    nulls = set()
    for kind, schema in json_schemas().items():
        for path, node in _walk(schema):
            if isinstance(node, dict):
                assert node.get("default", 0) is not None, f"{kind}.json{path}: default null"
                if node.get("type") == "null" or "null" in (node.get("type") or []):
                    nulls.add(f"{kind}{path}")
    # `null` is never a value, not even `period:` or a disputed `recurs`'s `until:`
    assert nulls == set()


def test_optional_fields_refuse_null(validators):
    meeting = load(EXAMPLES / "base" / "meetings" / "2026-env-ministers-meeting.yaml")
    for key in ("place", "host", "fulfils", "series", "number", "sources", "summary"):
        assert _errors(validators["meeting"], {**meeting, key: None}), key


def _days() -> list[str]:
    years = ["0000", "0001", "0004", "0100", "0400", "1000", "1900", "2000", "2024", "2026"]
    years += ["2028", "2100", "2400", "9996", "9999"]
    return [f"{y}-{m:02d}-{d:02d}" for y in years for m in range(14) for d in range(33)]


def _accepts(parse: Any, value: Any) -> bool:
    try:
        parse(value)
    except DateError:
        return False
    return True


def _matches(schema: dict[str, Any], value: Any) -> bool:
    return Draft202012Validator(schema).is_valid(value)


def test_date_patterns_accept_exactly_what_the_parsers_accept():
    texts = _days() + [f"{y}-{p}" for y in ("0000", "2026") for p in ("H0", "H1", "H2", "H3")]
    texts += [f"2026-Q{q}" for q in range(6)] + [f"2026-{m:02d}" for m in range(14)]
    texts += ["2026", "0999", "0000", " 2026-H1 ", "2026-6", "2026-06-1", "26", "20260", ""]
    texts += ["2026-01-05T10:00", "2026-01-05 10:00", "2026-01-05\n", "\t2026-Q4", "2026-w1"]
    for text in texts:
        assert _matches(models.PARTIAL_JSON, text) == _accepts(parse_partial_date, text), text
        assert _matches(models.FULL_JSON, text) == _accepts(parse_full_date, text), text
    for year in (999, 1000, 2026, 9999, 10000, -2026, True):
        assert _matches(models.PARTIAL_JSON, year) == _accepts(parse_partial_date, year), year
    # other scripts' digits: Python's \d takes them, an ECMA-262 \d does not; both refuse
    for text in ("٢٠٢٦", "٢٠٢٦-10", "２０２６", "2026-٠٦-15"):
        assert not _accepts(parse_partial_date, text)
        assert not _matches(models.PARTIAL_JSON, text)


def test_duration_pattern_accepts_exactly_what_the_parser_accepts():
    texts = ["annual", "biennial", "semiannual", "quarterly", "monthly", " annual ", "Annual"]
    texts += [
        f"{n}{gap}{unit}"
        for n in range(0, 1300, 7)
        for gap in (" ", "  ", "\t")
        for unit in ("year", "years", "month", "months", "weeks")
    ]
    texts += ["1200 years", "1201 months", "007 months", "1 year ", "1years", "fortnightly"]
    for text in texts:
        assert _matches(models.DURATION_JSON, text) == _accepts(parse_duration, text), text


def test_period_schema_refuses_no_period_validate_may_accept():
    period = json_schemas()["meeting"]["$defs"]["Fulfilment"]["properties"]["period"]
    texts = ["2027", 2027, "2026-2027", "2026-2030", "2026-H2", "2026-Q3", "2026-06"]
    texts += ["2026-04..2026-09", "2026-12..2027-11", "2026-06-15", " 2026-2027 "]
    for text in texts:
        assert _matches(period, text), text
    refused = ["last year", "2026-13..2027-01", "2026-01..2026-13", "0999-1000", "2026..2027"]
    for text in [*refused, "2026/2027", [2026], None, True]:
        assert not _matches(period, text), text
        assert not _accepts(period_range, text), text


def test_patterns_are_ecma_262_regular_expressions():
    """Editors run the patterns as JavaScript regular expressions (with the `u` flag)."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    patterns = sorted(
        {
            node_["pattern"]
            for schema in json_schemas().values()
            for _, node_ in _walk(schema)
            if isinstance(node_, dict) and isinstance(node_.get("pattern"), str)
        }
    )
    script = "for (const p of JSON.parse(process.argv[1])) new RegExp(p, 'u')"
    subprocess.run([node, "-e", script, json.dumps(patterns)], check=True)


# -- where the files find them ------------------------------------------------------------


def test_the_wheel_ships_the_schemas_where_the_data_files_point():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert shipped["data"] == "kcbilat/data" and shipped["schemas"] == "kcbilat/schemas"
    for path in (REPO / "data").rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        target = first.split("$schema=", 1)[1]
        # in the source tree
        assert (path.parent / target).resolve().is_file(), path
        # in the wheel: data/agreements/x.yaml is kcbilat/data/agreements/x.yaml
        inside = PurePosixPath("kcbilat", *path.relative_to(REPO).parts)
        parts: list[str] = []
        for part in (*inside.parent.parts, *PurePosixPath(target).parts):
            if part == "..":
                parts.pop()
            else:
                parts.append(part)
        wheel_path = PurePosixPath(*parts)
        assert wheel_path.parent == PurePosixPath("kcbilat/schemas"), path
        assert (REPO / "schemas" / wheel_path.name).is_file(), path
