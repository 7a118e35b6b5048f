"""`kcbilat new agreement|meeting`: valid, canonical records written where they belong."""

import os
from datetime import date
from pathlib import Path

import pytest
from conftest import agreement, kcbilat, load_valid, meeting

from kcbilat.cli.prompts import completer
from kcbilat.edit import new

AS_OF = {"KCBILAT_AS_OF": "2026-11-28"}

COMMITMENTS = """\
- id: ict-dialogue
  title: ICT dialogue
  sectors: [digital]
  responsible: [kr-msit, cn-miit]
  due: 2026
- id: yearly
  title: A yearly meeting
  sectors: [digital]
  responsible: [kr-msit, cn-miit]
  recurs: {every: annual, from: 2026}
"""


def run(*args, env=None, input=None):
    return kcbilat(*args, env={**AS_OF, **(env or {})}, input=input)


def with_option(args, option, value):
    """The arguments with OPTION's (first) value replaced, or the option added."""
    args = list(args)
    if option in args:
        args[args.index(option) + 1] = value
    else:
        args += [option, value]
    return args


@pytest.fixture
def root(data_dir):
    return data_dir([agreement("digital", commitments=COMMITMENTS)])


AGREEMENT = (
    "new",
    "agreement",
    "--id",
    "climate-mou-2026",
    "--title",
    "Memorandum on climate cooperation",
    "--type",
    "mou",
    "--signed",
    "2026-01-05",
    "--parties",
    "kr-mcee,cn-mee",
    "--sectors",
    "climate",
    "--sectors",
    "air-quality",
    "--summary",
    "It widens cooperation: climate change, carbon markets.",
    "--source",
    "https://example.org/mou",
    "--source-title",
    "Press release",
)
MEETING = (
    "new",
    "meeting",
    "--id",
    "ict-dialogue-5",
    "--title",
    "5th ICT Strategy Dialogue",
    "--date",
    "2026-11-20",
    "--status",
    "held",
    "--parties",
    "kr-msit",
    "--parties",
    "cn-miit",
    "--fulfils",
    "digital/ict-dialogue",
    "--place",
    "Beijing",
    "--host",
    "CN",
    "--source",
    "https://example.org/ict",
    "--source-title",
    "Announcement",
    "--source-publisher",
    "MSIT",
)


def test_new_agreement_is_valid_and_canonical(root):
    result = run(*AGREEMENT, "--data", str(root))
    assert result.exit_code == 0, result.output
    path = root / "agreements" / "climate-mou-2026.yaml"
    assert result.stdout == f"{path}\n"
    assert path.read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../../schemas/agreement.json\n"
        "id: climate-mou-2026\n"
        "title: Memorandum on climate cooperation\n"
        "type: mou\n"
        "signed: 2026-01-05\n"
        "parties: [kr-mcee, cn-mee]\n"
        "sectors: [climate, air-quality]\n"
        "summary: 'It widens cooperation: climate change, carbon markets.'\n"
        "sources:\n"
        "  - url: https://example.org/mou\n"
        "    title: Press release\n"
    )
    data = load_valid(root)
    assert data.agreements["climate-mou-2026"].signed.is_day
    assert run("fmt", "--check", "--data", str(root)).exit_code == 0
    assert run("validate", "--strict", "--data", str(root)).exit_code == 0


def test_new_meeting_is_valid_and_canonical(root):
    result = run(*MEETING, "--data", str(root))
    assert result.exit_code == 0, result.output
    path = root / "meetings" / "ict-dialogue-5.yaml"
    assert path.read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../../schemas/meeting.json\n"
        "id: ict-dialogue-5\n"
        "title: 5th ICT Strategy Dialogue\n"
        "date: 2026-11-20\n"
        "status: held\n"
        "place: Beijing\n"
        "host: CN\n"
        "parties: [kr-msit, cn-miit]\n"
        "fulfils:\n"
        "  - digital/ict-dialogue\n"
        "sources:\n"
        "  - url: https://example.org/ict\n"
        "    title: Announcement\n"
        "    publisher: MSIT\n"
    )
    assert "ict-dialogue-5" in load_valid(root).meetings
    assert run("fmt", "--check", "--data", str(root)).exit_code == 0
    assert run("validate", "--strict", "--data", str(root)).exit_code == 0


def test_partial_dates_and_fulfilling_nothing(root):
    result = run(
        "new", "meeting", "--id", "plan", "--title", "A plan", "--date", "2027-Q2",
        "--status", "scheduled", "--parties", "kr-mcee", "--fulfils", "", "--data", str(root),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = (root / "meetings" / "plan.yaml").read_text(encoding="utf-8")
    assert "date: 2027-Q2\n" in text
    assert "fulfils: []\n" in text  # fulfils nothing, on purpose: no `orphan` warning
    assert result.stderr == ""


def test_warnings_are_shown_and_the_file_written(root):
    result = run(
        "new", "meeting", "--id", "talks", "--title", "Talks", "--date", "2026-05-01",
        "--status", "held", "--parties", "kr-mcee", "--data", str(root),
    )  # fmt: skip
    assert result.exit_code == 0
    assert "warning[orphan]" in result.stderr
    assert "warning[no-source]" in result.stderr
    assert (root / "meetings" / "talks.yaml").exists()


def test_missing_values_without_a_terminal_exit_2(root):
    result = run("new", "meeting", "--id", "m", "--title", "T", "--data", str(root))
    assert result.exit_code == 2
    assert "missing --status, --date, --parties" in result.stderr
    assert not (root / "meetings" / "m.yaml").exists()
    result = run("new", "agreement", "--id", "a", "--data", str(root))
    assert result.exit_code == 2
    assert "missing --title, --type, --parties, --sectors, --summary, --source" in result.stderr
    result = run(*AGREEMENT[:-2], "--data", str(root))  # a URL without its title
    assert result.exit_code == 2
    assert "missing --source-title" in result.stderr


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("--parties", "kr-mcee,cn-mea"), "--parties: unknown party 'cn-mea' (did you mean "
         "'cn-mee'?)"),
        (("--type", "pact"), "--type: 'pact' is not allowed (choose one of agreement, mou,"),
        (("--signed", "2026-02-30"), "--signed: '2026-02-30': February 2026 has 28 days"),
        (("--revises", "digitl"), "--revises: no agreement 'digitl' (did you mean 'digital'?)"),
        (("--source", "ftp://example.org"), "--source: 'ftp://example.org' is not a web address"),
        (("--expires", "2025-12"), "--expires: 2025-12 is before the agreement was signed"),
        (("--parties", ""), "--parties: give at least one"),
        (("--id", "Climate MOU"), "--id: 'Climate MOU' is not an id: lowercase letters and "
         "digits in words joined by single hyphens, at most 64 characters (did you mean "
         "'climate-mou'?)"),
        (("--id", "digital"), "--id: agreements/digital.yaml exists in the data directory"),
        (("--id", "ict-talks"), "--id: 'ict-talks' is already the id of a meeting"),
    ],
)  # fmt: skip
def test_a_wrong_option_is_a_usage_error_and_nothing_is_written(data_dir, change, message):
    root = data_dir([agreement("digital", commitments=COMMITMENTS)],
                    [meeting("ict-talks", "2026-03-01", ["digital/ict-dialogue"])])  # fmt: skip
    before = {p.name: p.read_bytes() for p in (root / "agreements").iterdir()}
    result = run(*with_option(AGREEMENT, *change), "--data", str(root))
    assert result.exit_code == 2, result.output
    assert f"kcbilat: {message}" in result.stderr
    assert {p.name: p.read_bytes() for p in (root / "agreements").iterdir()} == before
    assert list(Path.cwd().glob("*.rejected")) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("--date", "2026-12-20"), "--date: 2026-12-20 is after today (2026-11-28): a "
         "meeting not yet held is scheduled"),
        (("--date", "2026-11"), "--date: a held meeting needs its full date (YYYY-MM-DD), not "
         "2026-11"),
        (("--fulfils", "digital/ict-dialog"), "--fulfils: unknown commitment ref "
         "'digital/ict-dialog' (did you mean 'digital/ict-dialogue'?)"),
        (("--host", "cn"), "--host: 'cn' is not a country code: two capital letters (KR, CN) "
         "(did you mean 'CN'?)"),
        (("--number", "0"), "--number: the ordinal of a meeting in its series is 1 or more"),
        (("--status", "hled"), "--status: 'hled' is not allowed (did you mean 'held'?)"),
    ],
)  # fmt: skip
def test_a_wrong_meeting_option_is_a_usage_error(root, change, message):
    result = run(*with_option(MEETING, *change), "--data", str(root))
    assert result.exit_code == 2, result.output
    assert f"kcbilat: {message}\n" in result.stderr
    assert not (root / "meetings" / "ict-dialogue-5.yaml").exists()


def test_an_error_only_the_whole_data_set_shows_exits_1(root, tmp_path, monkeypatch):
    """A held meeting outside every period of the recurring commitment it names: each
    value is fine, the record is not (validation with the whole data set says so)."""
    monkeypatch.chdir(tmp_path)
    args = with_option(MEETING, "--fulfils", "digital/yearly")
    result = run(*with_option(args, "--date", "2025-05-01"), "--data", str(root))
    assert result.exit_code == 1
    assert "error[period]: 2025-05-01 lies in no period of 'digital/yearly'" in result.stderr
    assert "not written: the new meeting has 1 error" in result.stderr
    assert not (root / "meetings" / "ict-dialogue-5.yaml").exists()
    assert list(tmp_path.glob("*.rejected")) == []  # the command line still holds every value


def test_prompts_ask_for_what_is_missing(root):
    answers = [
        "ict-dialogue-6",  # id
        "6th ICT Strategy Dialogue",  # title
        "planned",  # status: not a choice, asked again
        "scheduled",
        "2026-13",  # date: not a date, asked again
        "2027",
        "kr-msit,cn-miitt",  # a typo: asked again, with a suggestion
        "kr-msit,cn-miit",
        "digital/ict-dialogue",  # fulfils
        "",  # no source
        "",
    ]
    result = run(
        "new",
        "meeting",
        "--data",
        str(root),
        env={"KCBILAT_FORCE_PROMPT": "1"},
        input="\n".join(answers),
    )
    assert result.exit_code == 0, result.output
    assert "did you mean 'cn-miit'?" in result.output
    assert "choose one of held, scheduled, postponed, cancelled" in result.output
    text = (root / "meetings" / "ict-dialogue-6.yaml").read_text(encoding="utf-8")
    assert "date: 2027\nstatus: scheduled\nparties: [kr-msit, cn-miit]\n" in text
    assert "fulfils:\n  - digital/ict-dialogue\n" in text
    load_valid(root)


def test_prompts_for_an_agreement_source(root):
    answers = "\n".join(["", "climate", "It is new.", "https://example.org/s", "The text", ""])
    args = ["new", "agreement", "--id", "a-mou", "--title", "T", "--type", "mou"]
    args += ["--parties", "kr-mcee", "--data", str(root)]
    result = run(*args, env={"KCBILAT_FORCE_PROMPT": "1"}, input=answers)
    assert result.exit_code == 0, result.output
    text = (root / "agreements" / "a-mou.yaml").read_text(encoding="utf-8")
    assert "signed" not in text  # left empty: unknown
    assert "sources:\n  - url: https://example.org/s\n    title: The text\n" in text


def test_no_data_directory_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KCBILAT_DATA", raising=False)
    result = run(*AGREEMENT)
    assert result.exit_code == 2
    assert "pass --data PATH" in result.stderr


class _Ctx:
    def __init__(self, data):
        self.params = {"data": str(data)}
        self.obj = None

    def find_root(self):
        return self


def test_completion_of_known_ids(root):
    parties = completer("party")
    assert parties(_Ctx(root), "kr-") == ["kr-mcee", "kr-msit"]
    assert parties(_Ctx(root), "kr-mcee,cn-m") == ["kr-mcee,cn-mee", "kr-mcee,cn-miit"]
    assert completer("commitment")(_Ctx(root), "dig") == ["digital/ict-dialogue", "digital/yearly"]
    assert completer("sector")(_Ctx(root), "carb") == ["carbon-markets"]
    assert completer("agreement")(_Ctx(root), "") == ["digital"]
    assert parties(_Ctx(root / "missing"), "") == []


def test_check_sees_the_whole_data_set_without_writing(root):
    text = new.render("meeting", {"id": "m", "title": "M", "date": "2026-03-01",
                                  "status": "held", "parties": ["kr-mcee"],
                                  "fulfils": ["digital/nope"]})  # fmt: skip
    path = root / "meetings" / "m.yaml"
    problems = new.check(root, path, "meeting", text, date(2026, 11, 28))
    assert sorted(p.code for p in problems) == ["no-source", "unknown-ref"]
    assert not os.path.exists(path)


# -- prompts that never lose an answer ------------------------------------------------------

PROMPT = {"KCBILAT_FORCE_PROMPT": "1"}


def test_a_wrong_id_and_url_are_asked_again_without_starting_over(root):
    answers = [
        "ICT dialogue 6",  # not an id: asked again, with a suggestion
        "digital",  # the id of an agreement: asked again
        "ict-dialogue-6",
        "6th ICT Strategy Dialogue",
        "held",
        "2026-12-01",  # held, but after today: asked again
        "2026-11-20",
        "kr-msit,cn-miit",
        "digital/ict-dialogue",
        "www.example.org/ict",  # not a web address: asked again
        "https://example.org/ict",
        "Announcement",
    ]
    result = run("new", "meeting", "--data", str(root), env=PROMPT, input="\n".join(answers))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Error: 'ICT dialogue 6' is not an id" in out
    assert "(did you mean 'ict-dialogue-6'?)" in out
    assert "Error: 'digital' is already the id of an agreement" in out
    assert "Date held (YYYY-MM-DD, 2026-11-28 at the latest): " in out
    assert "Error: 2026-12-01 is after today (2026-11-28)" in out
    assert "Error: 'www.example.org/ict' is not a web address" in out
    path = root / "meetings" / "ict-dialogue-6.yaml"
    assert result.stdout.endswith(f"{path}\n")
    assert "sources:\n  - url: https://example.org/ict\n    title: Announcement\n" in (
        path.read_text(encoding="utf-8")
    )
    load_valid(root)


def test_a_wrong_option_is_asked_again_on_a_terminal(root):
    args = with_option(MEETING, "--id", "digital")
    args = with_option(args, "--source", "example.org")
    result = run(*args, "--data", str(root), env=PROMPT, input="ict-5\nhttps://example.org\n")
    assert result.exit_code == 0, result.output
    assert "kcbilat: --id: 'digital' is already the id of an agreement" in result.stderr
    assert "kcbilat: --source: 'example.org' is not a web address" in result.stderr
    text = (root / "meetings" / "ict-5.yaml").read_text(encoding="utf-8")
    assert "  - url: https://example.org\n    title: Announcement\n" in text


REJECTED = [
    "ict-dialogue-6",
    "6th ICT Strategy Dialogue",
    "held",
    "2025-05-01",
    "kr-msit,cn-miit",
    "digital/yearly",  # recurring from 2026: a meeting of 2025 falls in no period
    "https://example.org/ict",
    "Announcement",
]


def test_a_record_that_fails_at_the_end_is_kept(root, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("new", "meeting", "--data", str(root), env=PROMPT, input="\n".join(REJECTED))
    assert result.exit_code == 1
    path = root / "meetings" / "ict-dialogue-6.yaml"
    assert "error[period]: 2025-05-01 lies in no period of 'digital/yearly'" in result.stderr
    shown = "data/meetings/ict-dialogue-6.yaml"  # as the user would type it, from here
    assert f"kcbilat: {shown} not written: the new meeting has 1 error" in result.stderr
    assert (
        "kcbilat: your answers are kept in ./ict-dialogue-6.yaml.rejected: correct it, then "
        f"move it to {shown}"
    ) in result.stderr
    assert not path.exists()
    kept = (tmp_path / "ict-dialogue-6.yaml.rejected").read_text(encoding="utf-8")
    assert kept.startswith("# yaml-language-server: $schema=../../schemas/meeting.json\n")
    for answer in [*REJECTED[:2], "2025-05-01", "digital/yearly", "https://example.org/ict"]:
        assert answer in kept
    # a second try never overwrites the first
    result = run("new", "meeting", "--data", str(root), env=PROMPT, input="\n".join(REJECTED))
    assert "kept in ./ict-dialogue-6.2.yaml.rejected" in result.stderr
    assert (tmp_path / "ict-dialogue-6.2.yaml.rejected").read_text(encoding="utf-8") == kept


def test_a_rejected_record_is_never_kept_inside_the_data(root, monkeypatch):
    monkeypatch.chdir(root / "meetings")
    result = run("new", "meeting", "--data", str(root), env=PROMPT, input="\n".join(REJECTED))
    assert result.exit_code == 1
    assert (root.parent / "ict-dialogue-6.yaml.rejected").exists()
    assert list(root.rglob("*.rejected")) == []


@pytest.mark.parametrize("answers", ["", "ict-dialogue-6\n6th ICT Strategy Dialogue\n"])
def test_input_that_ends_at_a_prompt_is_an_interruption(root, answers):
    result = run("new", "meeting", "--data", str(root), env=PROMPT, input=answers)
    assert result.exit_code == 130
    assert result.stderr.endswith("kcbilat: interrupted\n")
    assert list((root / "meetings").iterdir()) == []


def test_ctrl_c_at_a_prompt_exits_130(root, monkeypatch):
    import typer

    asked = []

    def interrupted(text, **kwargs):
        asked.append(text)
        if len(asked) == 3:
            raise KeyboardInterrupt
        return kwargs["value_proc"](["x-1", "Title"][len(asked) - 1])

    monkeypatch.setattr(typer, "prompt", interrupted)
    result = run("new", "meeting", "--data", str(root), env=PROMPT)
    assert result.exit_code == 130
    assert result.stderr == "\nkcbilat: interrupted\n"
    assert asked[-1].startswith("Status")
    assert list((root / "meetings").iterdir()) == []


def test_ctrl_c_anywhere_else_exits_130_too(root, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(new, "check", interrupted)  # while the data set is validated
    result = run(*MEETING, "--data", str(root))
    assert result.exit_code == 130
    assert result.stderr == "\nkcbilat: interrupted\n"


# -- new commitment ------------------------------------------------------------------------

#: an agreement file with comments before, between and after its entries (canonical)
COMMENTED = """\
# yaml-language-server: $schema=../../schemas/agreement.json
# Checked against the ministry's release.
id: env
title: A memorandum  # the official title
type: mou
signed: 2026-01-05
parties: [kr-mcee, cn-mee]
sectors: [climate]
summary: What it is.
sources:
  - url: https://example.org/x
    title: A source
commitments:
  # the one-off commitments first
  - id: report
    title: A joint report
    sectors: [climate]
    responsible: [kr-mcee, cn-mee]
    due: 2026-H2  # "in the second half of the year"

# more commitments to come once the annex is published
"""

COMMITMENT = ["new", "commitment", "env", "--title", "Climate talks", "--sectors", "climate",
              "--responsible", "kr-mcee,cn-mee"]  # fmt: skip


@pytest.fixture
def commented(root):
    path = root / "agreements" / "env.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    load_valid(root)
    return path


@pytest.mark.parametrize(
    ("options", "kind", "lines"),
    [
        (["--due", "2026-12-31"], "once", ["due: 2026-12-31"]),
        (["--every", "annual", "--from", "2026", "--until", "2030", "--hosts", "alternate"],
         "recurring", ["recurs: {every: annual, from: 2026, until: 2030}", "hosts: alternate"]),
        (["--review", "6 months", "--place", "Seoul"], "open",
         ["review: 6 months", "place: Seoul"]),
        ([], "open", []),
    ],
)  # fmt: skip
def test_new_commitment_of_each_kind_keeps_the_file(root, commented, options, kind, lines):
    result = run(*COMMITMENT, "--id", "talks", *options, "--data", str(root))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{commented}\n"
    head = ["title: Climate talks", "sectors: [climate]", "responsible: [kr-mcee, cn-mee]"]
    added = "".join(f"    {line}\n" for line in [*head, *lines])
    end = "\n# more commitments to come once the annex is published\n"
    expected = COMMENTED.replace(end, f"  - id: talks\n{added}{end}")
    assert commented.read_text(encoding="utf-8") == expected
    kinds = {c.id: c.kind for c in load_valid(root).agreements["env"].commitments}
    assert kinds["talks"] == kind
    assert run("fmt", "--check", "--data", str(root)).exit_code == 0


def test_new_commitment_with_a_source_and_a_description(root, commented):
    args = [*COMMITMENT, "--id", "talks", "--description", "Talks: yearly.", "--due", "2027"]
    args += ["--source", "https://example.org/t", "--source-title", "Release"]
    result = run(*args, "--data", str(root))
    assert result.exit_code == 0, result.output
    text = commented.read_text(encoding="utf-8")
    assert (
        "  - id: talks\n    title: Climate talks\n    description: 'Talks: yearly.'\n"
        "    sectors: [climate]\n    responsible: [kr-mcee, cn-mee]\n    due: 2027\n"
        "    sources:\n      - url: https://example.org/t\n        title: Release\n"
    ) in text


def test_new_commitment_prompts_for_the_kind(root, commented):
    answers = [
        "report",  # taken in this agreement: asked again
        "talks",
        "Climate talks",
        "",  # no description
        "climat",  # asked again
        "climate",
        "kr-mcee,cn-mee",
        "yearly",  # not a kind: asked again
        "recurring",
        "every year",  # not a duration: asked again
        "annual",
        "2025",  # before the signing: asked again
        "2026",
        "",  # no end
        "",  # no source
    ]
    result = run("new", "commitment", "env", "--data", str(root), env=PROMPT,
                 input="\n".join(answers) + "\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Error: env already has a commitment 'report'" in out
    assert "Error: unknown sector 'climat' (did you mean 'climate'?)" in out
    assert "Kind (once|recurring|open): " in out
    assert "Error: 'every year' is not a duration" in out
    assert "Error: 2025 is before the agreement was signed (2026-01-05)" in out
    text = commented.read_text(encoding="utf-8")
    assert "  - id: talks\n" in text
    assert "    recurs: {every: annual, from: 2026}\n" in text
    assert text.endswith("\n# more commitments to come once the annex is published\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--id", "report", "--due", "2026"], "--id: env already has a commitment 'report'"),
        (["--id", "Talks", "--due", "2026"], "--id: 'Talks' is not an id"),
        (["--id", "t", "--due", "2026", "--every", "annual"], "--due (one-off) and "
         "--every/--from/--until (recurring) do not go together"),
        (["--id", "t", "--due", "2026", "--review", "1 year"], "--review is only for "
         "open-ended commitments"),
        (["--id", "t", "--every", "annual"], "missing --from"),
        (["--id", "t", "--every", "weekly", "--from", "2026"], "--every: 'weekly' is not a "
         "duration"),
        (["--id", "t", "--every", "annual", "--from", "2027", "--until", "2026"], "--until: "
         "2026 is before the first period, from 2027"),
        (["--id", "t", "--due", "2025"], "--due: 2025 is before the agreement was signed"),
        (["--id", "t", "--hosts", "alternately"], "--hosts: 'alternately' is not allowed"),
        (["--id", "t", "--source", "https://example.org"], "missing --source-title"),
    ],
)  # fmt: skip
def test_new_commitment_usage_errors(root, commented, args, message):
    result = run(*COMMITMENT, *args, "--data", str(root))
    assert result.exit_code == 2, result.output
    assert f"kcbilat: {message}" in result.stderr
    assert commented.read_text(encoding="utf-8") == COMMENTED


def test_new_commitment_to_an_unknown_agreement(root, commented):
    args = ["new", "commitment", "en", "--id", "t", "--title", "T", "--sectors", "climate"]
    result = run(*args, "--responsible", "kr-mcee", "--data", str(root))
    assert result.exit_code == 2
    assert result.stderr == "kcbilat: no agreement 'en' (did you mean 'env'?)\n"


def test_new_commitment_to_a_broken_agreement_writes_nothing(
    root, commented, tmp_path, monkeypatch
):
    commented.write_text(COMMENTED.replace("type: mou", "type: pact"), encoding="utf-8")
    before = commented.read_bytes()
    monkeypatch.chdir(tmp_path)
    answers = "\n".join(["talks", "Talks", "", "climate", "kr-mcee", "once", "2026", ""]) + "\n"
    result = run("new", "commitment", "env", "--data", str(root), env=PROMPT, input=answers)
    assert result.exit_code == 1
    assert "error[schema]" in result.stderr
    shown = "data/agreements/env.yaml"
    assert f"kcbilat: {shown} not changed: with the new commitment it has 1 error" in (
        result.stderr
    )
    assert commented.read_bytes() == before
    kept = (tmp_path / "env.talks.yaml.rejected").read_text(encoding="utf-8")
    assert kept == (
        "commitments:\n  - id: talks\n    title: Talks\n    sectors: [climate]\n"
        "    responsible: [kr-mcee]\n    due: 2026\n"
    )
    assert "then add it under the `commitments:` of" in result.stderr


def test_new_commitment_never_overwrites_an_edit_made_meanwhile(root, commented, monkeypatch):
    from kcbilat.edit import new as library

    edited = COMMENTED.replace("What it is.", "Someone else's summary.")
    real = library.check_texts

    def meanwhile(*args, **kwargs):
        found = real(*args, **kwargs)
        commented.write_text(edited, encoding="utf-8")
        return found

    monkeypatch.setattr(library, "check_texts", meanwhile)
    result = run(*COMMITMENT, "--id", "talks", "--data", str(root))
    assert result.exit_code == 1
    assert f"{commented} changed on disk meanwhile: not overwritten" in result.stderr
    assert commented.read_text(encoding="utf-8") == edited


# -- the library: answers checked as they are given ------------------------------------------


@pytest.fixture
def known(root):
    from kcbilat.edit.answers import survey

    return survey(root, date(2026, 11, 28))


def answer(kind, key, raw, known, **values):
    from kcbilat.edit.answers import check, field_of

    return check(kind, field_of(kind, key), raw, values, known)


def test_survey_knows_ids_files_and_signing(root, known):
    assert known.ids["agreement"] == ["digital"]
    assert known.ids["commitment"] == ["digital/ict-dialogue", "digital/yearly"]
    assert known.files == {"digital": root / "agreements" / "digital.yaml"}
    assert str(known.signed["digital"]) == "2026-01-05"


@pytest.mark.parametrize(
    ("kind", "key", "raw", "values", "message"),
    [
        ("meeting", "id", "Talks 5", {}, "not an id: .* \\(did you mean 'talks-5'\\?\\)"),
        ("agreement", "id", "digital", {}, "agreements/digital.yaml exists"),
        ("meeting", "id", "digital", {}, "'digital' is already the id of an agreement"),
        ("commitment", "id", "yearly", {}, "digital already has a commitment 'yearly'"),
        ("meeting", "date", "2026-11-29", {"status": "held"}, "after today \\(2026-11-28\\)"),
        ("meeting", "date", "2026-Q4", {"status": "held"}, "needs its full date"),
        ("meeting", "date", "2026-02-30", {}, "'2026-02-30': February 2026 has 28 days"),
        ("meeting", "parties", "kr-mcee,cn-me", {}, "unknown party 'cn-me' \\(did you mean"),
        ("meeting", "parties", "kr-mcee,kr-mcee", {}, "'kr-mcee' is given twice"),
        ("meeting", "parties", " ", {}, "give at least one"),
        ("meeting", "title", "  ", {}, "a value is needed"),
        ("commitment", "due", "2025", {}, "before the agreement was signed \\(2026-01-05\\)"),
        ("commitment", "until", "2026", {"from": "2027"}, "before the first period, from 2027"),
        ("commitment", "every", "yearly", {}, "'yearly' is not a duration"),
        ("agreement", "expires", "2025", {"signed": "2026-01-05"}, "before the agreement was"),
        ("agreement", "revises", "digitl", {}, "no agreement 'digitl' \\(did you mean"),
    ],
)  # fmt: skip
def test_a_wrong_answer_says_why(known, kind, key, raw, values, message):
    from kcbilat.edit.answers import BadAnswer

    with pytest.raises(BadAnswer, match=message):
        answer(kind, key, raw, known.into("digital"), **values)


def test_right_answers_are_the_values(known):
    from kcbilat.edit.answers import check_url

    assert answer("meeting", "id", " talks-5 ", known) == "talks-5"
    assert answer("meeting", "date", "2026-11-28", known, status="held") == "2026-11-28"
    assert answer("meeting", "date", "2027-Q2", known, status="scheduled") == "2027-Q2"
    assert answer("meeting", "parties", "kr-mcee, cn-mee", known) == ["kr-mcee", "cn-mee"]
    assert answer("meeting", "parties", ["kr-mcee"], known) == ["kr-mcee"]
    assert answer("meeting", "fulfils", "", known) == []  # fulfils nothing, on purpose
    assert answer("agreement", "signed", "", known) is None  # unknown: left out
    assert answer("commitment", "every", " 6  months", known.into("digital")) == "6 months"
    assert answer("commitment", "id", "new-one", known.into("digital")) == "new-one"
    assert answer("meeting", "number", 3, known) == 3
    assert check_url(" https://example.org/x ") == "https://example.org/x"


@pytest.mark.parametrize(
    ("values", "kind"),
    [({"due": "2026"}, "once"), ({"every": "annual"}, "recurring"),
     ({"until": "2030"}, "recurring"), ({"review": "1 year"}, "open"), ({}, None)],
)  # fmt: skip
def test_the_kind_of_a_commitment_follows_its_options(values, kind):
    from kcbilat.edit.answers import BadAnswer, commitment_kind

    assert commitment_kind(values) == kind
    if kind is not None:
        with pytest.raises(BadAnswer):
            commitment_kind({**values, "due" if kind != "once" else "every": "2026"})


def test_a_commitment_record_and_its_snippet():
    values = {"id": "talks", "title": "Talks", "description": None, "sectors": ["climate"],
              "responsible": ["kr-mcee"], "kind": "recurring", "due": None, "every": "annual",
              "from": "2026-07", "until": "2030", "review": None, "sources": []}  # fmt: skip
    assert new.record("commitment", values) == {
        "id": "talks",
        "title": "Talks",
        "sectors": ["climate"],
        "responsible": ["kr-mcee"],
        "recurs": {"every": "annual", "from": "2026-07", "until": 2030},
    }
    assert new.render("commitment", values) == (
        "commitments:\n  - id: talks\n    title: Talks\n    sectors: [climate]\n"
        "    responsible: [kr-mcee]\n    recurs: {every: annual, from: 2026-07, until: 2030}\n"
    )


def test_appending_a_commitment_keeps_every_comment():
    from kcbilat.edit.fmt import edit_text

    item = {"id": "t", "title": "T", "sectors": ["climate"], "responsible": ["kr-mcee"]}
    after = edit_text(COMMENTED, "agreement", new.appending(item))
    end = "\n# more commitments to come once the annex is published\n"
    added = "  - id: t\n    title: T\n    sectors: [climate]\n    responsible: [kr-mcee]\n"
    assert after == COMMENTED.replace(end, added + end)
    # an agreement without commitments gets the list, last
    bare = agreement("bare")
    assert edit_text(bare, "agreement", new.appending(item)) == bare + "commitments:\n" + added


def test_check_texts_sees_several_files_in_memory(root):
    path = root / "agreements" / "digital.yaml"
    text = path.read_text(encoding="utf-8").replace("due: 2026", "due: 2025")
    other = root / "agreements" / "other.yaml"
    found = new.check_texts(root, {path: text, other: agreement("other")}, date(2026, 11, 28))
    assert [p.code for p in found[path]] == ["date-order"]
    assert found[other] == []
    assert not other.exists()
    assert "due: 2026" in path.read_text(encoding="utf-8")


def test_a_rejected_record_is_kept_beside_the_data_never_in_it(root, tmp_path):
    first = new.keep_rejected(root, tmp_path, "x", "a\n")
    assert first == tmp_path / "x.yaml.rejected"
    assert new.keep_rejected(root, tmp_path, "x", "b\n") == tmp_path / "x.2.yaml.rejected"
    assert first.read_text() == "a\n"
    inside = new.keep_rejected(root, root / "meetings", "y", "c\n")
    assert inside == root.resolve().parent / "y.yaml.rejected"


def test_new_never_writes_through_a_symlinked_folder(tmp_path):
    """A symlinked meetings/ would put the file outside the data directory, where no reader
    looks (readers refuse that folder): nothing is written."""
    from conftest import write_data

    root = write_data(tmp_path / "data")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "meetings").rmdir()
    (root / "meetings").symlink_to(elsewhere)
    result = run(
        "new", "meeting", "--data", str(root), "--id", "m", "--title", "M", "--date", "2026-05-01",
        "--status", "scheduled", "--parties", "kr-mcee", "--fulfils", "",
    )  # fmt: skip
    assert result.exit_code != 0
    assert not list(elsewhere.iterdir())


@pytest.mark.parametrize("command", ["review", "review --all", "new commitment"])
def test_no_edit_writes_through_a_symlinked_agreements_folder(tmp_path, command):
    """`review` and `new commitment` rewrite an agreement's file: through a symlinked
    agreements/ that file is outside the data directory, where no reader looks. The file is
    left as it was, and the command says why it finds no agreement (exit 1, as `validate`
    calls that folder an error), rather than "no agreement 'mou'" or, for --all, nothing."""
    from conftest import agreement, write_data

    root = write_data(tmp_path / "data", [agreement("mou")])
    elsewhere = tmp_path / "elsewhere"
    (root / "agreements").rename(elsewhere)
    (root / "agreements").symlink_to(elsewhere)
    before = (elsewhere / "mou.yaml").read_bytes()
    args = {
        "review": ["review", "mou"],
        "review --all": ["review", "--all"],
        "new commitment": [
            "new", "commitment", "mou", "--id", "talks-2", "--title", "More talks",
            "--sectors", "climate", "--responsible", "kr-mcee", "--due", "2027",
        ],
    }[command]  # fmt: skip
    result = run(*args, "--data", str(root))
    assert result.exit_code == 1, result.output
    assert "no agreement can be read" in result.stderr and "is a symlink" in result.stderr
    assert (elsewhere / "mou.yaml").read_bytes() == before
