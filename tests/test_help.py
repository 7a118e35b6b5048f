"""Help that teaches: grouped commands, whole descriptions, examples, `kcbilat explain`,
dates as the data writes them, and filters that cannot apply refused."""

import pytest
from conftest import kcbilat

from kcbilat.check.codes import CODES
from kcbilat.cli.app import app
from kcbilat.cli.help import EXAMPLES, SECTIONS

AS_OF = {"KCBILAT_AS_OF": "2026-11-28"}


def test_the_commands_are_grouped_and_described_whole():
    text = kcbilat("-h").stdout
    headings = [title for title, _ in SECTIONS]
    assert [h for h in headings if f"\n{h}:\n" in text] == headings
    assert "..." not in text.split("\n", 1)[1]  # no description cut short
    assert "Other:" not in text  # every command is in a group


def _commands():
    import typer.main

    group = typer.main.get_command(app)
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from ((f"{name} {sub}", c) for sub, c in command.commands.items())
        else:
            yield name, command


@pytest.mark.parametrize("name, command", list(_commands()), ids=lambda x: str(x))
def test_every_command_shows_examples_with_real_options(name, command):
    text = kcbilat(*name.split(), "-h").stdout
    assert "Examples:\n    kcbilat " in text
    known = {o for p in command.params for o in (*p.opts, *p.secondary_opts)}
    for example in EXAMPLES[name.split()[-1]]:
        assert example.startswith(f"kcbilat {name}")
        words = example.split("#")[0].split()
        assert {w for w in words if w.startswith("-")} <= known | {"-h"}, example


def test_explain_lists_every_code_and_explains_one():
    listing = kcbilat("explain").stdout
    assert all(entry.code in listing for entry in CODES)
    one = kcbilat("explain", "unknown-ref")
    assert one.exit_code == 0
    assert one.stdout.startswith("unknown-ref (error)\n")
    assert "For example (meetings/" in one.stdout and "Fixed (" in one.stdout
    typo = kcbilat("explain", "unknwn-ref")
    assert typo.exit_code == 2
    assert "did you mean 'unknown-ref'?" in typo.stderr


@pytest.mark.parametrize(
    "given, as_of",
    [
        ("2026", "2026-12-31"),
        ("2026-H1", "2026-06-30"),
        ("2026-Q3", "2026-09-30"),
        ("2026-02", "2026-02-28"),
        ("2026-11-28", "2026-11-28"),
        ("today", "2026-11-28"),  # KCBILAT_AS_OF is "today" for every command
    ],
)
def test_as_of_takes_every_precision_the_data_writes(given, as_of):
    out = kcbilat("status", "--as-of", given, "-f", "json", env=AS_OF).stdout
    assert f'"as_of": "{as_of}"' in out


def test_due_filters_take_periods_by_their_edges():
    def refs(*args):
        out = kcbilat("status", "--as-of", "2026-11-28", "-f", "csv", "--columns", "ref", *args)
        return set(out.stdout.split()[1:])

    before_h2 = refs("--due-before", "2026-H2")  # before 2026-07-01
    assert "commercial-dialogue-mou-2026/first-commercial-dialogue" in before_h2  # 2026-H1
    assert "sci-tech-mou-2026/sci-tech-joint-committee-16" not in before_h2  # 2026
    after_h1 = refs("--due-after", "2026-H1")  # after 2026-06-30
    assert "commercial-dialogue-mou-2026/first-commercial-dialogue" not in after_h1
    assert "sci-tech-mou-2026/sci-tech-joint-committee-16" in after_h1


def test_an_impossible_day_says_why():
    result = kcbilat("status", "--as-of", "2026-02-30")
    assert result.exit_code == 2
    assert "--as-of: '2026-02-30': February 2026 has 28 days" in result.stderr


@pytest.mark.parametrize(
    "args, says",
    [
        (["list", "sectors", "--kind", "once"], "--kind cannot apply to sectors"),
        (["list", "parties", "--due-before", "2026"], "--due-before cannot apply to parties"),
        (["list", "meetings", "--sector", "climate"], "--sector cannot apply to meetings"),
        (["list", "agreements", "--status", "overdue"], "'overdue' is not a status of agreements"),
        (["status", "--status", "held"], "'held' is not a status of commitments"),
        (["report", "--status", "in-force"], "'in-force' is not a status of commitments"),
    ],
)
def test_filters_that_cannot_apply_are_refused(args, says):
    result = kcbilat(*args)
    assert result.exit_code == 2
    assert says in result.stderr
    assert len(result.stderr.splitlines()) == 1  # before any data is read
