"""`kcbilat new agreement|meeting`: valid, canonical records written where they belong."""

import os
from datetime import date

import pytest
from conftest import agreement, kcbilat, load_valid

from kcbilat.cli.prompts import completer
from kcbilat.edit import new

AS_OF = {"KCBILAT_AS_OF": "2026-11-28"}

COMMITMENTS = """\
- id: ict-dialogue
  title: ICT dialogue
  sectors: [digital]
  responsible: [kr-msit, cn-miit]
  due: 2026
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
    assert "missing --date, --status, --parties" in result.stderr
    assert not (root / "meetings" / "m.yaml").exists()
    result = run("new", "agreement", "--id", "a", "--data", str(root))
    assert result.exit_code == 2
    assert "missing --title, --type, --parties, --sectors, --summary, --source" in result.stderr
    result = run(*AGREEMENT[:-2], "--data", str(root))  # a URL without its title
    assert result.exit_code == 2
    assert "missing --source-title" in result.stderr


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (("--parties", "kr-mcee,cn-bogus"), "unknown-ref"),
        (("--type", "pact"), "schema"),
        (("--signed", "2026-02-30"), "bad-date"),
        (("--revises", "no-such-mou"), "unknown-ref"),
        (("--source", "ftp://example.org"), "schema"),
    ],
)
def test_invalid_values_exit_1_and_write_nothing(root, change, code):
    result = run(*with_option(AGREEMENT, *change), "--data", str(root))
    assert result.exit_code == 1
    assert f"error[{code}]" in result.stderr
    assert "not written" in result.stderr
    assert sorted(p.name for p in (root / "agreements").iterdir()) == ["digital.yaml"]


def test_a_held_meeting_in_the_future_is_refused(root):
    result = run(*with_option(MEETING, "--date", "2026-12-20"), "--data", str(root))
    assert result.exit_code == 1
    assert "error[date-order]" in result.stderr
    assert not (root / "meetings" / "ict-dialogue-5.yaml").exists()


def test_a_bad_id_is_refused(root):
    result = run(*with_option(AGREEMENT, "--id", "Climate MOU"), "--data", str(root))
    assert result.exit_code == 1
    assert "is not an id" in result.stderr


def test_an_existing_file_is_not_overwritten(root):
    path = root / "agreements" / "digital.yaml"
    before = path.read_bytes()
    result = run(*with_option(AGREEMENT, "--id", "digital"), "--data", str(root))
    assert result.exit_code == 1
    assert "exists: not overwritten" in result.stderr
    assert path.read_bytes() == before


def test_prompts_ask_for_what_is_missing(root):
    answers = [
        "ict-dialogue-6",  # id
        "6th ICT Strategy Dialogue",  # title
        "2026-13",  # date: not a date, asked again
        "2027",
        "planned",  # status: not a choice, asked again
        "scheduled",
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
    assert completer("commitment")(_Ctx(root), "dig") == ["digital/ict-dialogue"]
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
