"""Saved answers and filtering before computing: never a result the plain path would not give.

The plain path is `--no-cache` without filters: every record read and checked, every
status computed, then filtered here by what each filter means. The fast paths (filters
applied before computing, a saved answer read back, rows built only when a filter keeps
them) must print the same bytes, in every format, on the benchmark generator's data.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import kcbilat

REPO = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-28"

sys.path.insert(0, str(REPO / "bench"))
from generate import generate  # noqa: E402


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    root = generate(40, tmp_path_factory.mktemp("generated") / "data")
    # one file with an error: its records are left out, on every path alike
    broken = next((root / "agreements").glob("*.yaml"))
    broken.write_text(broken.read_text().replace("title:", "titel:", 1))
    return root


def run(root: Path, cache: Path | None, *args: str) -> tuple[int, str]:
    where = ["--no-cache"] if cache is None else []
    env = {"KCBILAT_CACHE_DIR": str(cache)} if cache else {}
    result = kcbilat("--data", str(root), *where, *args, "--as-of", AS_OF, env=env)
    return result.exit_code, result.stdout


def plain(root: Path) -> list[dict]:
    code, out = run(root, None, "status", "--format", "json")
    assert code == 1  # the broken file
    return json.loads(out)["commitments"]


def sectors_under(root: Path, sector: str) -> set[str]:
    from generate import SECTORS

    return {s for s, parent in SECTORS if sector in (s, parent)}


#: each filter, and what it keeps of a plain row (the oracle, written from the docs)
FILTERS = {
    ("--status", "overdue,due"): lambda r, root: r["status"] in ("overdue", "due"),
    ("--kind", "recurring"): lambda r, root: r["kind"] == "recurring",
    ("--party", "cn-mee"): lambda r, root: "cn-mee" in r["responsible"],
    ("--sector", "climate"): lambda r, root: bool(
        sectors_under(root, "climate") & set(r["sectors"])
    ),
    ("--search", "COMMITMENT 3 OF"): lambda r, root: "commitment 3 of" in r["title"].casefold(),
    ("--due-before", "2026-06-30"): lambda r, root: (r["deadline"] or "9") < "2026-06-30",
}


def test_filters_give_the_plain_rows_they_keep(generated):
    rows = plain(generated)
    assert len(rows) > 100
    one = rows[17]["agreement"]
    cases = {**FILTERS, ("--agreement", one): lambda r, root: r["agreement"] == one}
    for args, keeps in cases.items():
        _, out = run(generated, None, "status", "--format", "json", *args)
        got = json.loads(out)["commitments"]
        expected = [r for r in rows if keeps(r, generated)]
        assert got == expected, args
        assert 0 < len(got) < len(rows), args  # the filter does filter


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_saved_answers_print_what_the_plain_path_prints(generated, tmp_path, fmt):
    cache = tmp_path / "cache"
    one = plain(generated)[17]["agreement"]
    cases = [(), ("--agreement", one), *FILTERS, ("--status", "met", "--kind", "once")]
    for args in cases:
        expected = run(generated, None, "status", "--format", fmt, *args)
        first = run(generated, cache, "status", "--format", fmt, *args)  # computes, saves
        again = run(generated, cache, "status", "--format", fmt, *args)  # reads back
        assert first == expected, args
        assert again == expected, args
    assert len(list(cache.glob("answers-*/*"))) >= 1
    listed = run(generated, None, "list", "commitments", "--format", fmt, "--kind", "open")
    assert run(generated, cache, "list", "commitments", "--format", fmt, "--kind", "open") == listed


def test_a_saved_answer_is_not_used_once_a_file_changes(generated, tmp_path):
    root = tmp_path / "data"
    import shutil

    shutil.copytree(generated, root)
    cache = tmp_path / "cache"
    before = run(root, cache, "status", "--format", "csv")
    assert run(root, cache, "status", "--format", "csv") == before
    target = sorted((root / "agreements").glob("*.yaml"))[3]
    text = target.read_text()
    target.write_text(text.replace("title: Commitment 0 of", "title: A title no run has seen", 1))
    after = run(root, cache, "status", "--format", "csv")
    assert "A title no run has seen" in after[1]
    assert after == run(root, None, "status", "--format", "csv")


def test_another_date_window_or_review_age_is_another_answer(generated, tmp_path):
    cache = tmp_path / "cache"
    for args in [(), ("--window", "10"), ("--review-age", "5"), ("--all",)]:
        assert run(generated, cache, "status", "-f", "csv", *args) == run(
            generated, None, "status", "-f", "csv", *args
        ), args
    later = kcbilat("--data", str(generated), "status", "-f", "csv", "--as-of", "2027-03-01",
                    env={"KCBILAT_CACHE_DIR": str(cache)})  # fmt: skip
    plain_later = kcbilat("--data", str(generated), "--no-cache", "status", "-f", "csv",
                          "--as-of", "2027-03-01")  # fmt: skip
    assert later.stdout == plain_later.stdout


def test_a_corrupt_saved_answer_is_computed_afresh(generated, tmp_path):
    cache = tmp_path / "cache"
    expected = run(generated, cache, "status", "--format", "json")
    for saved in cache.glob("answers-*/*"):
        saved.write_bytes(saved.read_bytes()[:100] + b"\x00garbage")
    assert run(generated, cache, "status", "--format", "json") == expected
