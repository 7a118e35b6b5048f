"""--rev, diff and --changed-since against real git repositories made in the tests."""

import json
import subprocess

import pytest
from conftest import agreement, git, kcbilat, meeting, write_data

COMMITMENTS = """\
- id: ict
  title: ICT dialogue
  sectors: [digital]
  responsible: [kr-msit, cn-miit]
  due: 2026
"""


def run(*args, cwd=None, monkeypatch=None):
    if cwd is not None:
        monkeypatch.chdir(cwd)
    return kcbilat(*args)


@pytest.fixture
def repo(tmp_path):
    repo = tmp_path / "repo"
    write_data(repo / "data", [agreement(commitments=COMMITMENTS)])
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "first")
    return repo


def add_meeting(repo):
    (repo / "data" / "meetings" / "m.yaml").write_text(meeting("m", "2026-05-01", ["mou/ict"]))


def test_status_at_a_revision_does_not_touch_the_working_tree(repo, monkeypatch):
    add_meeting(repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "held")
    now = run("status", "--as-of", "2026-11-28", "-f", "json", cwd=repo, monkeypatch=monkeypatch)
    before = run(
        "status",
        "--as-of",
        "2026-11-28",
        "-f",
        "json",
        "--rev",
        "HEAD~1",
        cwd=repo,
        monkeypatch=monkeypatch,
    )
    assert json.loads(now.stdout)["commitments"][0]["status"] == "met"
    assert json.loads(before.stdout)["commitments"][0]["status"] == "due"
    assert (repo / "data" / "meetings" / "m.yaml").exists()
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True
    ).stdout
    assert status == ""


def test_list_and_show_at_a_revision(repo, monkeypatch):
    add_meeting(repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "held")
    (repo / "data" / "meetings" / "m.yaml").unlink()  # the working tree no longer has it
    listed = run(
        "list", "meetings", "-f", "json", "--rev", "HEAD", cwd=repo, monkeypatch=monkeypatch
    )
    assert [m["id"] for m in json.loads(listed.stdout)] == ["m"]
    shown = run("show", "m", "--rev", "HEAD", cwd=repo, monkeypatch=monkeypatch)
    assert shown.exit_code == 0 and "mou/ict" in shown.stdout


def test_revision_errors_exit_2(repo, tmp_path, monkeypatch):
    result = run("status", "--rev", "no-such-branch", cwd=repo, monkeypatch=monkeypatch)
    assert result.exit_code == 2 and "unknown revision" in result.output
    outside = write_data(tmp_path / "plain" / "data")
    result = run(
        "status", "--rev", "HEAD", "--data", str(outside), cwd=tmp_path, monkeypatch=monkeypatch
    )
    assert result.exit_code == 2 and "not inside a git repository" in result.output


def test_symlinks_and_odd_names_at_a_revision_are_reported(repo, monkeypatch):
    (repo / "data" / "agreements" / "link.yaml").symlink_to("mou.yaml")
    (repo / "data" / "agreements" / "x.yml").write_text("id: x\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "odd")
    (repo / "data" / "agreements" / "link.yaml").unlink()
    (repo / "data" / "agreements" / "x.yml").unlink()
    result = run("status", "--rev", "HEAD", cwd=repo, monkeypatch=monkeypatch)
    assert "2 errors" in result.stderr


def test_diff_markdown_names_the_status_change_and_the_record(repo, monkeypatch):
    git(repo, "checkout", "-q", "-b", "feature")
    add_meeting(repo)
    result = run(
        "diff", "--as-of", "2026-11-28", "-f", "markdown", cwd=repo, monkeypatch=monkeypatch
    )
    assert result.exit_code == 0, result.output
    assert "| `mou/ict` ICT dialogue | ! due | ✓ met |" in result.stdout
    assert "- added meeting `m`" in result.stdout
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "held")
    committed = run(
        "diff",
        "main",
        "HEAD",
        "--as-of",
        "2026-11-28",
        "-f",
        "json",
        cwd=repo,
        monkeypatch=monkeypatch,
    )
    body = json.loads(committed.stdout)
    assert body["statuses"] == [
        {"ref": "mou/ict", "title": "ICT dialogue", "before": "due", "after": "met"}
    ]
    assert body["records"] == [{"kind": "meeting", "id": "m", "change": "added", "fields": []}]


def test_diff_names_changed_fields(repo, monkeypatch):
    path = repo / "data" / "agreements" / "mou.yaml"
    path.write_text(path.read_text().replace("due: 2026", "due: 2027"))
    out = run("diff", "--as-of", "2026-11-28", cwd=repo, monkeypatch=monkeypatch).stdout
    assert "changed agreement mou: commitments.ict.due" in out
    assert "mou/ict: ! due → ○ upcoming" in out


def test_diff_without_changes(repo, monkeypatch):
    out = run("diff", "--as-of", "2026-11-28", cwd=repo, monkeypatch=monkeypatch).stdout
    assert "no changes" in out


def test_changed_since_reports_only_changed_files(repo, monkeypatch):
    (repo / "data" / "agreements" / "old.yaml").write_text("id: old\ntitel: x\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "broken file already there")
    all_problems = run("validate", "-f", "json", cwd=repo, monkeypatch=monkeypatch)
    assert {p["file"] for p in json.loads(all_problems.stdout)} == {"data/agreements/old.yaml"}
    assert (
        run("validate", "--changed-since", "HEAD", cwd=repo, monkeypatch=monkeypatch).exit_code == 0
    )
    (repo / "data" / "meetings" / "new.yaml").write_text("id: new\n")  # untracked, broken
    result = run(
        "validate", "-f", "json", "--changed-since", "HEAD", cwd=repo, monkeypatch=monkeypatch
    )
    assert result.exit_code == 1
    assert {p["file"] for p in json.loads(result.stdout)} == {"data/meetings/new.yaml"}
    assert (
        run("validate", "--changed-since", "nope", cwd=repo, monkeypatch=monkeypatch).exit_code == 2
    )


def test_diff_calls_a_broken_record_invalid_never_removed(repo, monkeypatch):
    """A typo in the working tree: the agreement is 'invalid in working tree', its
    commitments get no made-up status change, and the diff exits 1."""
    path = repo / "data" / "agreements" / "mou.yaml"
    path.write_text(path.read_text().replace("signed: 2026-01-05", "signed: 2026-01-50"))
    for fmt in ("text", "markdown", "json"):
        result = run("diff", "main", "-f", fmt, "--as-of", "2026-11-28", cwd=repo,
                     monkeypatch=monkeypatch)  # fmt: skip
        assert result.exit_code == 1, result.output
        assert "working tree has 1 error" in result.stderr
        assert "removed" not in result.stdout and "→ —" not in result.stdout
    text = run("diff", "main", "--as-of", "2026-11-28", cwd=repo, monkeypatch=monkeypatch).stdout
    assert "invalid agreement mou in working tree (1 error)" in text
    body = json.loads(run("diff", "main", "-f", "json", cwd=repo, monkeypatch=monkeypatch).stdout)
    assert body["errors"] == {"base": 0, "head": 1}
    assert body["records"] == [
        {"kind": "agreement", "id": "mou", "change": "invalid", "fields": [],
         "where": "working tree", "errors": 1}
    ]  # fmt: skip
    assert body["statuses"] == []


def test_diff_markdown_escapes_record_text(repo, monkeypatch):
    """Titles from a pull request cannot add markup, rows, images or mentions to a comment."""
    path = repo / "data" / "agreements" / "mou.yaml"
    hostile = "'x | <img src=y> @someone [a](b)\\r# heading'"
    path.write_text(path.read_text().replace("title: ICT dialogue", f"title: {hostile}"))
    add_meeting(repo)  # the status changes, so the title is shown
    md = run("diff", "main", "-f", "markdown", "--as-of", "2026-11-28", cwd=repo,
             monkeypatch=monkeypatch).stdout  # fmt: skip
    row = next(line for line in md.splitlines() if "mou/ict" in line)
    assert row.count(" | ") == 2  # still three cells: no row or cell added
    assert "<img" not in row.replace("\\<img", "")
    assert "\\@someone" in row and "\\[a\\](b)" in row and "x \\|" in row
    assert not any(line.startswith("#") for line in md.splitlines()[1:])


def test_checking_and_comparing_never_fall_back_to_the_bundled_data(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for command in (["validate"], ["diff"], ["fmt", "--check"], ["sources", "check"]):
        result = kcbilat(*command)
        assert result.exit_code == 2, command
        assert "no data directory here" in result.stderr
        assert "site-packages" not in result.output
    status = kcbilat("status", "--as-of", "2026-11-28")
    assert status.exit_code == 0
    assert "reading the data set bundled with kcbilat" in status.stderr
    (tmp_path / "records").mkdir()
    (tmp_path / "data" / "agreements").mkdir(parents=True)
    result = kcbilat("--data", str(tmp_path), "status")
    assert result.exit_code == 2
    assert f"did you mean --data {tmp_path / 'data'}?" in result.stderr
