"""The command line as a user meets it: output, formats and exit codes."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import agreement, kcbilat, meeting, write_data

REPO = Path(__file__).resolve().parent.parent
ICT = """\
- id: ict
  title: ICT dialogue
  sectors: [digital]
  responsible: [kr-msit]
  due: 2026
"""


def run(*args, env=None):
    return kcbilat(*args, env=env)


@pytest.fixture
def broken(tmp_path):
    root = write_data(
        tmp_path / "data",
        [
            agreement(
                commitments="""\
- id: ict
  title: ICT dialogue
  sectors: [digital]
  responsible: [kr-msit, cn-miit]
  due: 2026
"""
            )
        ],
    )
    (root / "agreements" / "bad.yaml").write_text("id: bad\ntitel: x\n", encoding="utf-8")
    (root / "meetings" / "m.yaml").write_text(
        "id: m\ntitle: M\ndate: 2026-03-01\nstatus: held\nparties: [kr-msit]\nfulfils: [mou/ict]\n",
        encoding="utf-8",
    )
    return root


def test_version_and_help():
    assert run("--version").stdout.startswith("kcbilat ")
    result = run("--help")
    assert result.exit_code == 0
    for command in ("status", "list", "show", "validate", "schema"):
        assert command in result.stdout


def test_validate_text_is_path_line_col(broken):
    result = run("validate", "--data", str(broken), "--as-of", "2026-11-28")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any(
        line.endswith(
            "agreements/bad.yaml:2:1: error[unknown-field]: unknown field "
            "'titel' (did you mean 'title'?)"
        )
        for line in lines
    )
    assert any("meetings/m.yaml:1:1: warning[no-source]" in line for line in lines)


def test_validate_json(broken):
    result = run("validate", "--data", str(broken), "--format", "json")
    rows = json.loads(result.stdout)
    assert {"file", "line", "column", "severity", "code", "message"} == set(rows[0])
    assert {(Path(r["file"]).name, r["code"]) for r in rows} >= {
        ("bad.yaml", "unknown-field"),
        ("m.yaml", "no-source"),
    }


def test_validate_github_annotations_and_step_summary(broken, tmp_path):
    summary = tmp_path / "summary.md"
    result = run(
        "validate", "--data", str(broken), "-f", "github", env={"GITHUB_STEP_SUMMARY": str(summary)}
    )
    lines = result.stdout.splitlines()
    assert any(
        line.startswith("::error file=") and ",line=2,col=1,title=unknown-field::" in line
        for line in lines
    )
    assert any(line.startswith("::warning file=") for line in lines)
    assert all(line.startswith("::") for line in lines)
    table = summary.read_text()
    assert "| file | line | column | severity | code | message |" in table
    assert "unknown-field" in table


def test_github_format_cannot_be_forged(tmp_path):
    root = write_data(tmp_path / "data")
    evil = 'id: x\ntitle: "a\\n::error file=x::pwned,%0A"\n'
    (root / "agreements" / "x.yaml").write_text(evil)
    out = run("validate", "--data", str(root), "-f", "github").stdout
    assert all(
        line.startswith("::error file=") or line.startswith("::warning file=")
        for line in out.splitlines()
    )
    assert "::pwned" not in out


def test_text_output_never_starts_a_line_with_colons(tmp_path):
    root = write_data(tmp_path / "data")
    (root / "agreements" / "::x.yaml").write_text("id: x\n")
    out = run("validate", "--data", str(root)).stdout
    assert not any(line.startswith("::") for line in out.splitlines())


def test_strict_makes_warnings_fail(tmp_path):
    root = write_data(
        tmp_path / "data",
        [agreement(commitments=ICT)],
        [meeting("m", "2026-01-10", ["mou/ict"]).replace("fulfils:\n  - mou/ict\n", "")],
    )
    assert run("validate", "--data", str(root)).exit_code == 0
    assert run("validate", "--data", str(root), "--strict").exit_code == 1


def test_validate_paths_restrict_the_report(broken):
    only = run("validate", "--data", str(broken), "-f", "json", str(broken / "meetings" / "m.yaml"))
    assert {Path(r["file"]).name for r in json.loads(only.stdout)} == {"m.yaml"}
    assert only.exit_code == 0
    assert run("validate", str(broken)).exit_code == 1  # a data directory as the path
    assert run("validate", "--data", str(broken), "nope.yaml").exit_code == 2


def test_kcbilat_as_of_reaches_validation(tmp_path):
    root = write_data(
        tmp_path / "data",
        [agreement(commitments=ICT)],
        [meeting("m", "2026-06-10", ["mou/ict"])],
    )
    assert run("validate", "--data", str(root), env={"KCBILAT_AS_OF": "2026-06-01"}).exit_code == 1
    assert run("validate", "--data", str(root), env={"KCBILAT_AS_OF": "2026-06-10"}).exit_code == 0
    assert run("validate", "--data", str(root), "--as-of", "2026-06-09").exit_code == 1


@pytest.mark.parametrize(
    "args, says",
    [
        (["validate", "--format", "xml"], "--format: unknown format 'xml'"),
        (["status", "--as-of", "2026-13-01"], "--as-of: '2026-13-01': month 13 does not exist"),
        (["status", "--status", "overdu"], "unknown status 'overdu' (did you mean 'overdue'?)"),
        (["status", "--sector", "nope"], "unknown sector 'nope'"),
        (["show", "nope"], "no agreement, meeting or commitment 'nope'"),
        (["list", "things"], "unknown listing 'things'"),
        (["status", "--fail-on", "late"], "--fail-on: unknown status 'late'"),
        (["status", "--kind", "weekly"], "--kind: unknown kind 'weekly'"),
        (["status", "--fail-onn", "overdue"], "no such option --fail-onn (did you mean"),
        (["statu"], "no such command 'statu' (did you mean 'status'?)"),
    ],
)
def test_usage_errors_exit_2_with_one_line_saying_what(broken, args, says):
    """Each case must fail for its own reason: a misspelt option would also exit 2."""
    result = run(*args, "--data", str(broken))
    assert result.exit_code == 2, result.output
    assert says in result.stderr.strip().splitlines()[-1]  # one line says it all


def test_unknown_id_suggests(broken):
    result = run("show", "mou/ic", "--data", str(broken))
    assert result.exit_code == 2
    assert "did you mean 'mou/ict'" in result.output


def test_missing_data_dir_exits_2(tmp_path):
    assert run("status", "--data", str(tmp_path / "none")).exit_code == 2


def test_status_leaves_broken_records_out_says_so_and_exits_1(broken):
    """Fail closed: what can be shown is shown, what was left out is said in the output
    and on stderr, and the exit code is 1, so no cron job or CI gate passes."""
    result = run("status", "--data", str(broken), "--as-of", "2026-11-28")
    assert result.exit_code == 1
    assert "6 errors in " in result.stderr and "kcbilat validate" in result.stderr
    assert "agreements/bad.yaml" in result.stderr
    assert "mou/ict" in result.stdout
    assert "⚠ 6 errors in " in result.stdout  # under the table too
    body = json.loads(
        run("status", "--data", str(broken), "--as-of", "2026-11-28", "-f", "json").stdout
    )
    assert body["left_out"]["errors"] == 6
    assert [f.endswith("agreements/bad.yaml") for f in body["left_out"]["files"]] == [True]
    for command in (["list", "agreements"], ["show", "mou"], ["report"], ["calendar"], ["export"]):
        assert run(*command, "--data", str(broken)).exit_code == 1, command


def test_fail_on_never_passes_on_data_that_was_not_read(tmp_path):
    """A typo in the file holding the only overdue commitment: --fail-on cannot pass."""
    root = write_data(
        tmp_path / "data",
        [
            agreement(
                "mou",
                commitments="- id: c\n  title: C\n  sectors: [climate]\n"
                "  responsible: [kr-mcee]\n  due: 2026-H1\n",
            )
        ],
    )
    args = ["status", "--data", str(root), "--as-of", "2026-11-28", "--fail-on", "overdue"]
    assert run(*args).exit_code == 1  # overdue
    path = root / "agreements" / "mou.yaml"
    path.write_text(path.read_text().replace("signed: 2026-01-05", "signed: 2026-01-50"))
    result = run(*args)
    assert result.exit_code == 1  # broken: not read, so not passed
    assert "1 error in" in result.stderr


def test_status_formats(broken):
    as_json = json.loads(
        run("status", "--data", str(broken), "--as-of", "2026-11-28", "-f", "json").stdout
    )
    assert as_json["as_of"] == "2026-11-28" and as_json["window_days"] == 60
    assert as_json["summary"]["met"] == 1 and set(as_json["summary"]) >= {"overdue", "stale"}
    assert as_json["commitments"][0]["ref"] == "mou/ict"
    rows = list(
        csv.reader(
            io.StringIO(
                run("status", "--data", str(broken), "-f", "csv", "--as-of", "2026-11-28").stdout
            )
        )
    )
    assert rows[0][:3] == ["ref", "agreement", "id"] and rows[1][0] == "mou/ict"
    md = run("status", "--data", str(broken), "-f", "markdown", "--as-of", "2026-11-28").stdout
    assert md.splitlines()[0].startswith("| status | ref |")
    assert md.splitlines()[1].startswith("|---|")
    table = run("status", "--data", str(broken), "--as-of", "2026-11-28").stdout
    assert "✓ met" in table and "1 commitment: 1 met" in table
    assert "\x1b[" not in table and "─" not in table  # no colour or boxes when piped


def test_fail_on(broken):
    (broken / "agreements" / "bad.yaml").unlink()  # valid data: the exit code is --fail-on's
    args = ["status", "--data", str(broken)]
    assert run(*args, "--as-of", "2026-02-01", "--fail-on", "overdue").exit_code == 0
    root = broken
    (root / "meetings" / "m.yaml").unlink()
    assert run(*args, "--as-of", "2027-01-02", "--fail-on", "overdue,due").exit_code == 1
    assert run(*args, "--as-of", "2026-11-28", "--fail-on", "overdue").exit_code == 0
    assert run(*args, "--as-of", "2026-11-28", "--fail-on", "due").exit_code == 1


def test_list_and_show(broken):
    (broken / "agreements" / "bad.yaml").unlink()
    out = run("list", "agreements", "--data", str(broken)).stdout
    assert "mou" in out and "bad" not in out
    assert (
        json.loads(run("list", "meetings", "--data", str(broken), "-f", "json").stdout)[0]["id"]
        == "m"
    )
    assert "kr-msit" in run("list", "parties", "--data", str(broken)).stdout
    assert (
        "carbon-markets"
        in run("list", "sectors", "--data", str(broken), "--sector", "climate").stdout
    )
    shown = run("show", "mou/ict", "--data", str(broken), "--as-of", "2026-11-28").stdout
    assert "status as of 2026-11-28: ✓ met" in shown and "m (held): fulfils it" in shown
    assert "fulfils:" in run("show", "m", "--data", str(broken)).stdout
    assert "commitments (1):" in run("show", "mou", "--data", str(broken)).stdout


def test_show_of_a_broken_record_says_it_is_broken_and_where(broken):
    result = run("show", "bad", "--data", str(broken))
    assert result.exit_code == 1
    assert "agreement 'bad' is left out: its file has 6 errors" in result.stderr
    assert "agreements/bad.yaml:2:1: error[unknown-field]" in result.stderr
    assert "no agreement" not in result.stderr
    # a commitment of a broken agreement, and a broken meeting, likewise
    (broken / "meetings" / "m.yaml").write_text("id: m\ntitle: M\ndate: 2026-13\n")
    assert "meeting 'm' is left out" in run("show", "m", "--data", str(broken)).stderr


def test_schema_output_and_committed_schemas_are_fresh(tmp_path):
    out = json.loads(run("schema").stdout)
    assert set(out) == {"agreement", "meeting", "parties", "sectors"}
    result = run("schema", "-o", str(tmp_path / "s"))
    assert result.exit_code == 0
    for name in out:
        fresh = (tmp_path / "s" / f"{name}.json").read_text()
        committed = (REPO / "schemas" / f"{name}.json").read_text()
        assert fresh == committed, f"schemas/{name}.json is stale: run `kcbilat schema -o schemas`"


def test_data_files_point_at_their_schema():
    for path in (REPO / "data").rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        kind = {"agreements": "agreement", "meetings": "meeting"}.get(path.parent.name, path.stem)
        assert first.startswith("# yaml-language-server: $schema=") and first.endswith(
            f"schemas/{kind}.json"
        ), path


def test_global_options_after_the_command(broken):
    (broken / "agreements" / "bad.yaml").unlink()
    assert run("status", "--data", str(broken), "-v").exit_code == 0
    assert "reading data from" in run("status", "-v", "--data", str(broken)).stderr


def test_python_dash_m_and_internal_errors_are_one_line(tmp_path):
    ok = subprocess.run(
        [sys.executable, "-m", "kcbilat", "--version"], capture_output=True, text=True
    )
    assert ok.returncode == 0 and ok.stdout.startswith("kcbilat ")
    # a bug inside kcbilat: simulate one by breaking a module the command imports
    code = (
        "import sys, kcbilat.check.validate as v\n"
        "v.validate_dir = lambda *a, **k: 1/0\n"
        "from kcbilat.cli import main\n"
        "sys.argv = ['kcbilat'] + sys.argv[1:]\nmain()\n"
    )
    bug = subprocess.run(
        [sys.executable, "-c", code, "validate"], capture_output=True, text=True, cwd=REPO
    )
    assert bug.returncode == 3
    assert bug.stderr.startswith("kcbilat: internal error: ZeroDivisionError")
    assert "Traceback" not in bug.stderr and len(bug.stderr.splitlines()) == 2
    debug = subprocess.run(
        [sys.executable, "-c", code, "--debug", "validate"],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert "Traceback" in debug.stderr


def test_plain_tables_line_up_wide_characters():
    from kcbilat.publish.listing import Listing, display_width, plain

    out = plain(Listing(["name", "code"], [["한중 환경", "x"], ["abc", "y"]], data=None))
    lines = out.splitlines()
    # "한중 환경" is 9 columns wide on a terminal, so "x" starts where "y" does
    assert display_width(lines[1][: lines[1].index("x")]) == lines[2].index("y") == 11


def test_no_cache_option_leaves_no_cache(broken, tmp_path):
    folder = tmp_path / "c"
    run("status", "--no-cache", "--data", str(broken), env={"KCBILAT_CACHE_DIR": str(folder)})
    assert not folder.exists()
    run("status", "--data", str(broken), env={"KCBILAT_CACHE_DIR": str(folder)})
    names = (p.name for p in folder.iterdir())
    kept = sorted("answers" if n.startswith("answers-") else Path(n).suffix for n in names)
    assert kept == [".cache", "answers"]  # the per-file cache, and the saved answer


@pytest.mark.parametrize("width", [60, 120, 200, 400])
def test_terminal_tables_never_cut_a_status_a_ref_or_a_date(width):
    import re

    from kcbilat.publish.listing import display_width, table
    from kcbilat.publish.views import status_listing

    rows = [
        {"ref": f"agreement-{i}/commitment-{i}", "title": "A long title " * 4} for i in range(3)
    ]
    listing = status_listing([], {}, None, 60, "data", 90)
    listing.rows = [
        [
            "✗ overdue",
            r["ref"],
            r["title"],
            "2026-H1",
            "151 d overdue",
            "kr-motir, cn-mofcom",
            "1/2",
            "not assessed",
            "? ≠upcoming",
        ]
        for r in rows
    ]
    listing.footer = []
    text = re.sub(r"\x1b\[[0-9;]*m", "", table(listing, color=True, width=width))
    assert max(display_width(line) for line in text.splitlines()) <= width
    for cell in ("✗ overdue", "151 d overdue", "2026-H1", "? ≠upcoming"):
        assert cell in text
    whole = "agreement-2/commitment-2" in text
    assert whole or ("agreement-2/" in text.split() and "commitment-2" in text.split())


def test_validate_paths_never_calls_the_data_set_valid_when_it_is_not(broken, tmp_path):
    only = run("validate", "--data", str(broken), str(broken / "meetings"))
    assert only.exit_code == 0  # the meetings have a warning, no error
    assert "0 errors, 1 warning in " in only.stderr and ": valid" not in only.stderr
    assert "the rest of the data set has 6 errors" in only.stderr
    fine = run("validate", "--data", str(broken), str(broken / "parties.yaml"))
    assert fine.exit_code == 0 and "parties.yaml: no problems (as of" in fine.stderr
    other = tmp_path / "other.yaml"
    other.write_text("id: x\n")
    for outside in (str(other), "/etc/passwd"):
        result = run("validate", "--data", str(broken), outside)
        assert result.exit_code == 2
        assert "is not in the data directory" in result.stderr


def test_every_format_escapes_control_and_bidi_characters(broken, tmp_path):
    """A file name with a right-to-left override: shown escaped in text, JSON and GitHub."""
    name = "x\u202eevil.yaml"
    (broken / "agreements" / name).write_text("id: x\n", encoding="utf-8")
    summary = tmp_path / "summary.md"
    for fmt in ("text", "json", "github"):
        result = run(
            "validate", "--data", str(broken), "-f", fmt, env={"GITHUB_STEP_SUMMARY": str(summary)}
        )
        assert "\u202e" not in result.output, fmt
        assert "\\u202e" in result.stdout, fmt
    table = summary.read_text(encoding="utf-8")
    assert "\u202e" not in table and "\\\\u202e" in table


def test_the_step_summary_escapes_html(broken, tmp_path):
    (broken / "agreements" / "bad.yaml").write_text("id: bad\n'<b>x</b>': 1\n")
    summary = tmp_path / "summary.md"
    run(
        "validate", "--data", str(broken), "-f", "github", env={"GITHUB_STEP_SUMMARY": str(summary)}
    )
    table = summary.read_text(encoding="utf-8")
    assert "<b>" not in table and "\\<b\\>" in table


def test_no_number_or_date_takes_a_command_down(tmp_path):
    """A 3,600-digit hex number passes the scalar limit but has no decimal text; `due: 9999`
    and `recurs: {from: 9999}` once crashed report, calendar and status: both are refused
    with a positioned diagnostic, and every command ends cleanly."""
    huge = "0x" + "f" * 3600
    root = write_data(
        tmp_path / "data",
        [
            agreement("mou", extra=f"place: {huge}\n"),
            agreement(
                "later",
                commitments="- id: far\n  title: Far\n  sectors: [climate]\n"
                "  responsible: [kr-mcee]\n  recurs: {every: annual, from: 9999}\n",
            ),
        ],
    )
    found = run("validate", "--data", str(root), "-f", "json")
    problems = json.loads(found.stdout)
    assert [(p["code"], p["line"]) for p in problems] == [("bad-date", 16), ("schema", 11)]
    assert "the year must be from 1000 to 2999" in problems[0]["message"]
    assert "(14400 bits)" in problems[1]["message"]
    for command in (
        ["status"],
        ["show", "mou"],
        ["report", "-f", "html"],
        ["calendar"],
        ["export"],
    ):
        result = run(*command, "--data", str(root), "--as-of", "2026-11-28")
        assert result.exit_code == 1, (command, result.output[-300:])  # data left out: 1, not 3
        assert "internal error" not in result.stderr
    assert run("status", "--data", str(root), "--as-of", "9999-12-31").exit_code == 2


def test_no_csv_cell_is_a_formula(tmp_path):
    """Record text that a spreadsheet would run (=HYPERLINK, +, -, @) is written as text."""
    hostile = """'=HYPERLINK("https://evil.example","x")'"""
    commitments = (
        f"- id: c\n  title: {hostile}\n  description: '@SUM(1+1)'\n  sectors: [climate]\n"
        "  responsible: [kr-mcee]\n  due: 2026\n"
    )
    for i, title in enumerate(["'+1+cmd'", "'-2+3'", '"\\t=1+1"', "'@A1'"]):
        commitments += (
            f"- id: c{i}\n  title: {title}\n  sectors: [climate]\n"
            "  responsible: [kr-mcee]\n  due: 2026\n"
        )
    root = write_data(tmp_path / "data", [agreement("mou", commitments=commitments)])
    args = ("--data", str(root), "--as-of", "2026-11-28")
    cells = []
    for fmt in ("csv", "tsv"):
        out = run("status", *args, "-f", fmt).stdout
        delimiter = "," if fmt == "csv" else "\t"
        cells += [c for row in csv.reader(io.StringIO(out), delimiter=delimiter) for c in row]
        out = run("list", "commitments", *args, "-f", fmt).stdout
        cells += [c for row in csv.reader(io.StringIO(out), delimiter=delimiter) for c in row]
    folder = tmp_path / "tables"
    assert run("export", *args, "-f", "csv", "-o", str(folder)).exit_code == 0
    for table in folder.glob("*.csv"):
        cells += [c for row in csv.reader(io.StringIO(table.read_text())) for c in row]

    def runs(cell: str) -> bool:
        if cell[:1] == "-":
            return cell[1:2] != "" and not cell.lstrip("-").isdigit()
        return cell[:1] in ("=", "+", "@", "\t")

    assert not [c for c in cells if runs(c)]
    assert any(c.startswith("'=HYPERLINK") for c in cells)
    for shown in ("'+1+cmd", "'-2+3", "'\t=1+1", "'@A1"):
        assert shown in cells, shown
    assert "-151" in cells or any(c.lstrip("-").isdigit() for c in cells)  # numbers stay numbers


def test_a_huge_number_in_a_disputed_recurrence_is_a_diagnostic(tmp_path):
    """Found by tests/test_fuzz.py: `every: 0xfff…` in a disputed `recurs` was an internal
    error (the check's message could not print the number)."""
    huge = "0x" + "f" * 3600
    root = write_data(
        tmp_path / "data",
        [
            agreement(
                commitments="- id: meet\n  title: Meet\n  sectors: [climate]\n"
                "  responsible: [kr-mcee]\n  recurs: {every: annual, from: 2026}\n"
                "  disputed:\n  - field: recurs\n"
                f"    value: {{every: {huge}, from: 2026}}\n    note: Or not.\n"
                "    sources: [{url: 'https://example.org/y', title: Y}]\n"
            )
        ],
    )
    result = run("validate", "--data", str(root), "-f", "json")
    assert result.exit_code == 1, result.output[-300:]
    [problem] = json.loads(result.stdout)
    assert problem["code"] == "disputed" and "(14400 bits)" in problem["message"]


def test_fail_on_never_reads_the_bundled_data(tmp_path, monkeypatch):
    """A CI gate in a repository without data/ must not pass on kcbilat's own data set."""
    monkeypatch.chdir(tmp_path)
    gate = run("status", "--fail-on", "overdue", env={"KCBILAT_DATA": ""})
    assert gate.exit_code == 2
    assert "never the data set bundled with kcbilat" in gate.stderr
    assert gate.stdout == ""
    plain = run("status", "--as-of", "2026-11-28", env={"KCBILAT_DATA": ""})  # may, and says so
    assert plain.exit_code == 0 and "bundled with kcbilat" in plain.stderr


def test_a_filter_naming_a_broken_agreement_says_it_is_left_out(broken):
    """Not 'unknown agreement … did you mean': the record exists, and its file has errors."""
    for command in (["status"], ["list", "commitments"], ["list", "agreements"], ["report"]):
        result = run(*command, "--agreement", "bad", "--data", str(broken))
        assert result.exit_code == 1, command
        assert result.stderr.strip().endswith(
            "agreement 'bad' is left out: its file has errors (`kcbilat validate` shows them)"
        ), command
    assert run("status", "--agreement", "nosuch", "--data", str(broken)).exit_code == 2


@pytest.mark.parametrize(
    "command",
    [["status"], ["list", "agreements"], ["report"], ["export"], ["show", "mou"], ["validate"]],
)
def test_a_wrong_format_is_refused_before_any_data_is_read(broken, command):
    """On broken data, `--format xml` says only that: no count of errors, no output."""
    result = run(*command, "--format", "xml", "--data", str(broken))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "unknown format 'xml'" in result.stderr and "error" not in result.stderr


def test_every_format_offered_has_a_renderer():
    """The command line offers the names of kcbilat.publish.formats without importing a
    renderer: each renderer's registry must hold exactly those names, or a format would be
    offered that crashes (or one written that no option reaches)."""
    from kcbilat.publish import diagnostics, diff, formats, listing

    assert list(listing.FORMATS) == list(formats.LISTING)
    assert list(diagnostics.FORMATS) == list(formats.DIAGNOSTIC)
    assert list(diff.FORMATS) == list(formats.DIFF)
