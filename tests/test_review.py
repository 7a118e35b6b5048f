"""`kcbilat review`: an agreement's `reviewed` date set, comments and layout kept."""

import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import agreement, kcbilat, load_valid

from kcbilat.edit import review
from kcbilat.edit.comments import FormatError

AS_OF = {"KCBILAT_AS_OF": "2026-11-28"}
REPO = Path(__file__).resolve().parent.parent

#: an agreement with comments before, inside and after its entries (canonical already)
COMMENTED = """\
# yaml-language-server: $schema=../../schemas/agreement.json
# The 2026 memorandum: checked against the ministry's release.
id: mou
title: A memorandum  # the official English title
type: mou
signed: 2026-01-05
parties: [kr-mcee, cn-mee]
sectors: [climate]
summary: What it is.
sources:
  - url: https://example.org/x
    title: A source
    # a second source is still being looked for
# notes say what no source gives
notes: Some notes.
commitments:
  - id: talks
    title: Talks
    sectors: [climate]
    responsible: [kr-mcee, cn-mee]
    due: 2026  # "within the year"

# end of the file: more commitments to come
"""


def run(*args, env=None):
    return kcbilat(*args, env={**AS_OF, **(env or {})})


@pytest.fixture
def root(data_dir):
    root = data_dir([agreement("plain", extra="reviewed: 2026-02-05\nnotes: Notes.\n")])
    (root / "agreements" / "mou.yaml").write_text(COMMENTED, encoding="utf-8")
    load_valid(root)
    return root


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    import difflib

    diff = difflib.ndiff(before.splitlines(), after.splitlines())
    return [(line[0], line[2:]) for line in diff if line[:1] in "+-"]


# -- the library --------------------------------------------------------------------------


def test_set_reviewed_adds_the_key_in_its_place_and_keeps_every_comment():
    after = review.set_reviewed(COMMENTED, date(2026, 11, 20))
    # the new key goes after `sources`, before `notes`; the comment about the notes stays
    # with them, the one inside the sources with the sources
    assert changed_lines(COMMENTED, after) == [("+", "reviewed: 2026-11-20")]
    assert (
        "    # a second source is still being looked for\n"
        "reviewed: 2026-11-20\n"
        "# notes say what no source gives\n"
        "notes: Some notes.\n"
    ) in after


def test_set_reviewed_replaces_the_date_and_nothing_else():
    text = review.set_reviewed(COMMENTED, date(2026, 11, 20))
    again = review.set_reviewed(text, date(2026, 11, 27))
    assert changed_lines(text, again) == [
        ("-", "reviewed: 2026-11-20"),
        ("+", "reviewed: 2026-11-27"),
    ]
    assert review.set_reviewed(again, date(2026, 11, 27)) == again


def test_set_reviewed_refuses_what_is_not_an_agreement():
    with pytest.raises(FormatError):
        review.set_reviewed("- id: x\n", date(2026, 1, 1))


def test_plan_names_the_old_date_and_writes_nothing(root):
    before = (root / "agreements" / "plain.yaml").read_bytes()
    [plain, mou] = review.plan(root, ["plain", "mou"], date(2026, 11, 20))
    assert (plain.ident, plain.old, plain.changed, plain.reformatted) == (
        "plain",
        "2026-02-05",
        True,
        False,
    )
    assert plain.result.after == before.replace(b"2026-02-05", b"2026-11-20")
    assert (mou.old, mou.changed) == (None, True)
    assert (root / "agreements" / "plain.yaml").read_bytes() == before
    assert [r.ident for r in review.plan(root, None, date(2026, 11, 20))] == ["mou", "plain"]


def test_plan_refuses_an_unknown_id_with_a_suggestion(root):
    with pytest.raises(review.UnknownAgreement, match=r"no agreement 'plane' \(did you mean"):
        review.plan(root, ["plane"], date(2026, 11, 20))
    with pytest.raises(review.UnknownAgreement, match="'mou/talks' is a commitment"):
        review.plan(root, ["mou/talks"], date(2026, 11, 20))


def test_crlf_line_ends_are_kept(root):
    path = root / "agreements" / "plain.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    [plan] = review.plan(root, ["plain"], date(2026, 11, 20))
    assert plan.result.after == path.read_bytes().replace(b"2026-02-05", b"2026-11-20")
    assert not plan.reformatted


# -- the command --------------------------------------------------------------------------


def test_review_sets_today_by_default(root):
    path = root / "agreements" / "plain.yaml"
    before = path.read_text(encoding="utf-8")
    result = run("review", "plain", "--data", str(root))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{path}: reviewed 2026-02-05 → 2026-11-28\n"
    assert result.stderr == ""
    assert path.read_text(encoding="utf-8") == before.replace("2026-02-05", "2026-11-28")
    assert load_valid(root).agreements["plain"].reviewed == date(2026, 11, 28)


def test_without_kcbilat_as_of_today_is_the_real_date(root):
    result = kcbilat("review", "plain", "--data", str(root), env={"KCBILAT_AS_OF": ""})
    assert result.exit_code == 0, result.output
    assert load_valid(root).agreements["plain"].reviewed == date.today()


def test_review_several_with_a_date_keeps_comments(root):
    result = run("review", "mou,plain", "--date", "2026-06-30", "--data", str(root))
    assert result.exit_code == 0, result.output
    mou = root / "agreements" / "mou.yaml"
    assert result.stdout.splitlines() == [
        f"{mou}: reviewed never → 2026-06-30",
        f"{root / 'agreements' / 'plain.yaml'}: reviewed 2026-02-05 → 2026-06-30",
    ]
    after = mou.read_text(encoding="utf-8")
    assert changed_lines(COMMENTED, after) == [("+", "reviewed: 2026-06-30")]
    assert run("fmt", "--check", "--data", str(root)).exit_code == 0
    again = run("review", "mou", "--date", "2026-06-30", "--data", str(root))
    assert again.stdout == f"{mou}: reviewed 2026-06-30 (unchanged)\n"


def test_review_all(root):
    result = run("review", "--all", "--data", str(root))
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 2
    assert {a.reviewed for a in load_valid(root).agreements.values()} == {date(2026, 11, 28)}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["plain", "--date", "2026-11-29"], "--date 2026-11-29 is after today (2026-11-28)"),
        (["plain", "--date", "2026-02-30"], "--date: '2026-02-30': February 2026 has 28 days"),
        (["plane"], "no agreement 'plane' (did you mean 'plain'?)"),
        (["plain", "nope"], "no agreement 'nope'"),
        (["mou/talks"], "'mou/talks' is a commitment: review its agreement, 'mou'"),
        ([], "give the ids of the agreements reviewed (or --all for every one)"),
        (["plain", "--all"], "give agreement ids or --all, not both"),
    ],
)
def test_usage_errors_exit_2_and_write_nothing(root, args, message):
    before = {p: p.read_bytes() for p in (root / "agreements").iterdir()}
    result = run("review", *args, "--data", str(root))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"kcbilat: {message}")
    assert result.stderr.count("\n") == 1
    assert {p: p.read_bytes() for p in (root / "agreements").iterdir()} == before


def test_a_file_with_errors_is_not_written_the_others_are(root):
    broken = root / "agreements" / "broken.yaml"
    broken.write_text(agreement("broken").replace("kr-mcee", "kr-nope"), encoding="utf-8")
    before = broken.read_bytes()
    result = run("review", "broken", "plain", "--data", str(root))
    assert result.exit_code == 1
    assert "error[unknown-ref]: unknown party 'kr-nope'" in result.stderr
    assert f"{broken}: not changed: with reviewed 2026-11-28 it has 1 error" in result.stderr
    assert "1 reviewed, 0 unchanged, 1 not changed" in result.stderr
    assert broken.read_bytes() == before
    assert "plain.yaml: reviewed 2026-02-05 → 2026-11-28" in result.stdout


def test_a_file_that_is_not_plain_yaml_is_left_alone(root):
    path = root / "agreements" / "plain.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "notes: again\n", encoding="utf-8")
    before = path.read_bytes()
    result = run("review", "plain", "--data", str(root))
    assert result.exit_code == 1
    assert f"{path}: not changed: yaml-syntax at line" in result.stderr
    assert path.read_bytes() == before


def test_a_file_changed_meanwhile_is_not_overwritten(root, monkeypatch):
    path = root / "agreements" / "plain.yaml"
    edited = path.read_text(encoding="utf-8").replace("Notes.", "Someone else's notes.")
    real = review.check

    def meanwhile(*args, **kwargs):
        found = real(*args, **kwargs)
        path.write_text(edited, encoding="utf-8")  # an editor saves while review works
        return found

    monkeypatch.setattr(review, "check", meanwhile)
    result = run("review", "plain", "--data", str(root))
    assert result.exit_code == 1
    assert f"{path}: changed on disk while being edited: not overwritten" in result.stderr
    assert path.read_text(encoding="utf-8") == edited
    assert sorted(p.name for p in path.parent.iterdir()) == ["mou.yaml", "plain.yaml"]


def test_a_file_not_in_canonical_layout_is_said_to_be_reformatted(root):
    path = root / "agreements" / "plain.yaml"
    path.write_text("sectors: [climate]\n" + path.read_text().replace("sectors: [climate]\n", ""))
    result = run("review", "plain", "--data", str(root))
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("→ 2026-11-28 (and the file put in the canonical layout)\n")


def test_the_bundled_data_changes_only_on_the_reviewed_lines(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(REPO / "data", root)
    before = {p.name: p.read_text(encoding="utf-8") for p in (root / "agreements").iterdir()}
    result = run("review", "--all", "--date", "2026-11-27", "--data", str(root))
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == len(before)
    for name, text in before.items():
        after = (root / "agreements" / name).read_text(encoding="utf-8")
        changes = changed_lines(text, after)
        assert [line for sign, line in changes if sign == "+"] == ["reviewed: 2026-11-27"], name
        assert all(line.startswith("reviewed: ") for _, line in changes), name


def test_a_cache_that_cannot_be_used_is_said_once_and_why(tmp_path):
    """A review reads the data twice (to plan, then to check the result) through one cache:
    its note comes once, and says what is wrong with the folder."""
    shutil.copytree(REPO / "tests" / "examples" / "base", tmp_path / "data")
    (tmp_path / "not-a-folder").write_text("")
    result = kcbilat(
        "review", "--all", "--data", str(tmp_path / "data"),
        env={**AS_OF, "KCBILAT_CACHE_DIR": str(tmp_path / "not-a-folder")},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stderr.count("the cache is not used") == 1
    assert "not-a-folder is not a folder" in result.stderr
