"""The registry of diagnostic codes (kcbilat.check.codes) against the validator itself.

Every code the validator can give has an entry, and no entry names a code it cannot
give; each runnable bad example, put into a copy of the example data set, gives exactly
its code, and each fixed example gives no diagnostic at all.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kcbilat import validate_dir
from kcbilat.check import codes
from kcbilat.core.problems import CODES

BASE = Path(__file__).parent / "examples" / "base"


def test_every_code_has_one_entry_and_every_entry_a_code():
    names = [entry.code for entry in codes.CODES]
    assert len(names) == len(set(names)), "a code has two entries"
    assert set(names) == set(CODES)
    assert list(codes.BY_CODE) == names


@pytest.mark.parametrize("entry", codes.CODES, ids=lambda e: e.code)
def test_entry_is_complete(entry):
    assert entry.severity == CODES[entry.code]
    assert entry.summary and "\n" not in entry.summary
    assert len(entry.explanation) > 80
    for example in (entry.bad, entry.fixed):
        assert example.path in ("parties.yaml", "sectors.yaml") or example.path.startswith(
            ("agreements/", "meetings/")
        )
        assert example.text.endswith("\n")


def _validate(example: codes.Example, tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(BASE, data)
    (data / example.path).write_bytes(example.text.encode(example.encoding))
    return validate_dir(data, codes.EXAMPLE_TODAY)


RUNNABLE = [e for e in codes.CODES if e.bad.runnable]


def test_most_examples_run():
    """Only what cannot be a file of text (a symlink) is described instead."""
    offline = {"not-a-file", "dead-link", "moved-link", "unreachable-link"}  # need a network
    assert {e.code for e in codes.CODES if not e.bad.runnable} <= offline


@pytest.mark.parametrize("entry", RUNNABLE, ids=lambda e: e.code)
def test_bad_example_gives_exactly_its_code(entry, tmp_path):
    problems = _validate(entry.bad, tmp_path)
    assert [p.code for p in problems] == [entry.code], problems


@pytest.mark.parametrize(
    "entry", [e for e in codes.CODES if e.fixed.runnable], ids=lambda e: e.code
)
def test_fixed_example_gives_nothing(entry, tmp_path):
    assert _validate(entry.fixed, tmp_path) == []


def test_base_alone_is_clean():
    assert validate_dir(BASE, codes.EXAMPLE_TODAY) == []
