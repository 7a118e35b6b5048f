"""Run the validator over the example corpus in tests/examples (see its README).

- base/ alone validates clean;
- each valid/<dir>/<name>.yaml added to base gives no diagnostics;
- each invalid/<dir>/<name>.yaml added to (or, for parties/sectors, replacing a
  file of) base gives exactly the one diagnostic named in its header.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parent / "examples"
BASE = EXAMPLES / "base"
TODAY = date(2026, 11, 28)

RECORD_DIRS = ("agreements", "meetings")
TOP_FILES = {"parties": "parties.yaml", "sectors": "sectors.yaml"}

# Every diagnostic code that a data file can provoke here
# (limit, encoding and not-a-file are tested elsewhere).
CODES = (
    "yaml-syntax",
    "schema",
    "unknown-field",
    "bad-date",
    "duplicate-id",
    "filename",
    "unknown-ref",
    "date-order",
    "period",
    "series-order",
    "disputed",
    "yaml-feature",
    "bad-char",
    "no-source",
    "stale-schedule",
    "orphan",
    "host-order",
)
WARNINGS = {"no-source", "stale-schedule", "orphan", "host-order"}

EXPECT_RE = re.compile(r"# expect: (?P<code>[a-z-]+) (?P<line>\d+):(?P<col>\d+)")
FILE_RE = re.compile(r"# file: (?P<name>[a-z0-9][a-z0-9._-]*\.yaml)")


def _cases(kind: str) -> list[Path]:
    return sorted((EXAMPLES / kind).glob("*/*.yaml"))


VALID = _cases("valid")
INVALID = _cases("invalid")


def _id(path: Path) -> str:
    return path.relative_to(EXAMPLES).as_posix()


def _header(case: Path) -> tuple[str, int, int, str]:
    """(code, line, column, destination file name) from a case's header lines."""
    text = case.read_bytes().decode("utf-8-sig")
    lines = text.splitlines()
    m = EXPECT_RE.fullmatch(lines[0].rstrip("\r"))
    assert m, f"{case}: first line must be '# expect: <code> <line>:<col>'"
    name = case.name
    if len(lines) > 1 and (f := FILE_RE.fullmatch(lines[1].rstrip("\r"))):
        name = f["name"]
    return m["code"], int(m["line"]), int(m["col"]), name


def _install(case: Path, tmp_path: Path, name: str | None = None) -> tuple[Path, str]:
    """Copy base to tmp_path/data and put the case in it; return (data dir, dest rel path)."""
    data = tmp_path / "data"
    shutil.copytree(BASE, data)
    kind = case.parent.name
    if kind in TOP_FILES:
        rel = TOP_FILES[kind]
    else:
        assert kind in RECORD_DIRS, f"{case}: unknown folder {kind!r}"
        rel = f"{kind}/{name or case.name}"
    shutil.copyfile(case, data / rel)
    return data, rel


def _rel(path: Path, data: Path) -> str:
    """A diagnostic's file as a path relative to the data directory."""
    path = Path(path)
    for root in (data, data.resolve()):
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    try:
        return path.resolve().relative_to(data.resolve()).as_posix()
    except ValueError:
        return "/".join(path.parts[-2:]) if path.parent.name in RECORD_DIRS else path.name


def _show(problems) -> str:
    return (
        "\n".join(
            f"  {p.file}:{p.line}:{p.column}: {p.severity}[{p.code}] {p.message}" for p in problems
        )
        or "  (none)"
    )


@pytest.fixture(scope="module")
def validate_dir():
    from kcbilat import validate_dir  # not installed: the corpus fails loudly, never skips

    return validate_dir


# --------------------------------------------------------------------------- the corpus itself


def test_corpus_is_big_enough():
    assert len(VALID) >= 10
    assert len(INVALID) >= 45


@pytest.mark.parametrize("case", INVALID, ids=_id)
def test_invalid_case_header_is_well_formed(case: Path):
    code, line, col, name = _header(case)
    assert code in CODES, f"unknown code {code!r}"
    assert case.parent.name in (*RECORD_DIRS, *TOP_FILES)
    lines = case.read_bytes().decode("utf-8").split("\n")
    assert 1 <= line <= len(lines), "expected line is outside the file"
    assert 1 <= col <= len(lines[line - 1]) + 1, "expected column is outside the line"
    if case.parent.name in TOP_FILES:
        assert name == case.name, "# file: only applies to agreements and meetings"


def test_every_code_is_covered():
    covered = {_header(case)[0] for case in INVALID}
    assert set(CODES) - covered == set()


# --------------------------------------------------------------------------- the validator


def test_base_is_clean(validate_dir, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(BASE, data)
    problems = validate_dir(data, today=TODAY)
    assert list(problems) == [], "base/ should validate clean:\n" + _show(problems)


@pytest.mark.parametrize("case", VALID, ids=_id)
def test_valid_case(validate_dir, tmp_path, case: Path):
    data, rel = _install(case, tmp_path)
    problems = validate_dir(data, today=TODAY)
    assert list(problems) == [], f"{rel} should validate clean:\n" + _show(problems)


@pytest.mark.parametrize("case", INVALID, ids=_id)
def test_invalid_case(validate_dir, tmp_path, case: Path):
    code, line, col, name = _header(case)
    data, rel = _install(case, tmp_path, name)
    problems = list(validate_dir(data, today=TODAY))
    got = [(_rel(p.file, data), p.code, p.line, p.column) for p in problems]
    assert got == [(rel, code, line, col)], f"{rel}: got\n" + _show(problems)
    (p,) = problems
    assert p.severity == ("warning" if code in WARNINGS else "error")
    assert p.message.strip(), "a diagnostic needs a message"
