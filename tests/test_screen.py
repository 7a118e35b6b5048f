"""The researcher's screen: tables that fit the terminal, CSV/TSV as data, `show` wrapped
and paged, and a first period in words (issue 12, items 1, 2, 3 and 7)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import pytest
from conftest import agreement, kcbilat, load_valid, statuses

from kcbilat.core.vocabulary import ORDER
from kcbilat.publish.columns import COMMITMENT_FIELDS
from kcbilat.publish.listing import Listing, as_tsv, display_width, table
from kcbilat.publish.views import (
    SYMBOLS,
    days_text,
    deadline_text,
    status_listing,
    status_text,
)
from kcbilat.status.query import select
from kcbilat.status.rows import summary

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
AS_OF = "2026-11-28"
DAY = date(2026, 11, 28)
WIDTHS = [80, 100, 120, 200]
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def run(*args, env=None):
    return kcbilat(*args, "--data", str(DATA), env=env)


@pytest.fixture(scope="module")
def bundled():
    """The bundled data set's statuses as of AS_OF, as `kcbilat status` selects them."""
    data = load_valid(DATA)
    return select(data, DAY)


def dashboard(rows, compact=True):
    return status_listing(rows, summary(rows), DAY, 60, "data", 90, compact=compact)


def check_rows(text, rows, width):
    """No line wider than `width`; every commitment on a line of its own that starts with
    its status and holds its deadline and its ref (or its id under its agreement's
    heading), with its days on that line or the next."""
    lines = ANSI.sub("", text).splitlines()
    too_wide = [line for line in lines if display_width(line) > width]
    assert not too_wide, too_wide
    rule = next(i for i, line in enumerate(lines) if set(line.strip()) == {"─"})
    body = lines[rule + 1 :]
    found, group = [], None
    for k, line in enumerate(body):
        if line.strip().endswith("/") and " " not in line.strip():
            group = line.strip()
        elif line.startswith(tuple(SYMBOLS.values())):
            found.append((line, body[k + 1] if k + 1 < len(body) else "", group))
    assert len(found) == len(rows)
    for (line, after, heading), r in zip(found, rows, strict=True):
        assert line.startswith(status_text(r)), (line, r.ref)
        assert deadline_text(r) in line, (line, r.ref)
        assert r.ref in line or (r.id in line.split() and heading == r.agreement + "/"), line
        assert days_text(r) in line or days_text(r) in after, (line, after)
    return lines


# -- 1. tables that fit ----------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_the_dashboard_fits_the_terminal(bundled, width):
    text = table(dashboard(bundled), color=True, width=width)
    lines = check_rows(text, bundled, width)
    assert "\x1b[" in text  # coloured
    # what every row shares is said once, in the footer
    assert "none assessed" in text and "all 20 unverified" in text
    header = " ".join(lines[:2])
    assert "assessment" not in header and " ? " not in text


def test_the_layouts_from_narrow_to_wide(bundled):
    def lines(width):
        return ANSI.sub("", table(dashboard(bundled), color=True, width=width)).splitlines()

    # 80: the agreement as a heading over the commitment ids
    assert "commercial-dialogue-mou-2026/" in [line.strip() for line in lines(80)]
    # 100: whole refs, the title under each (two lines a row)
    assert any(line.startswith("✗ overdue    commercial-dialogue-mou-2026/") for line in lines(100))
    # 120: with room for the responsible parties; then at full width, one line a row
    assert "responsible" in lines(120)[0]
    full = lines(400)
    assert len([line for line in full if line.startswith(tuple(SYMBOLS.values()))]) == 20
    assert len(full) == 2 + 20 + 4


@pytest.mark.parametrize("width", WIDTHS)
def test_every_list_fits_the_terminal(width):
    from kcbilat.publish import lists, views
    from kcbilat.status.query import Filters

    data = load_valid(DATA)
    listings = [views.commitments_listing(sorted(select(data, DAY), key=lambda r: r.ref))]
    for what in ("agreements", "meetings", "parties", "sectors"):
        listings.append(lists.records_listing(what, data, Filters()))
    for listing in listings:
        text = ANSI.sub("", table(listing, color=True, width=width))
        assert max(display_width(line) for line in text.splitlines()) <= width
        key = listing.columns[0]
        for row in listing.rows:  # the id never cut: whole, or its last part under a heading
            assert row[0] in text or row[0].split("/")[-1] in text.split(), (key, row[0])


def test_wide_characters_count_twice(data_dir):
    long_title = "한중 환경 협력 공동 연구 사업의 이행과 평가에 관한 장기 계획 " * 3
    root = data_dir(
        [
            agreement(
                "kr-cn-environment-and-climate-cooperation-memorandum-2026",
                commitments=f"- id: joint-research-on-air-quality-and-climate\n"
                f"  title: {long_title}\n  sectors: [climate]\n  responsible: [kr-mcee]\n",
            )
        ]
    )
    rows = list(statuses(root, DAY).values())
    for width in WIDTHS:
        check_rows(table(dashboard(rows), color=True, width=width), rows, width)


def test_a_terminal_too_narrow_still_gets_lines_no_wider_than_it(bundled):
    for width in (40, 60):
        text = ANSI.sub("", table(dashboard(bundled), color=True, width=width))
        assert max(display_width(line) for line in text.splitlines()) <= width


def test_wide_is_the_full_layout(bundled):
    text = ANSI.sub("", table(dashboard(bundled, compact=False), color=True, width=80, wide=True))
    lines = text.splitlines()
    for column in ("status", "ref", "title", "deadline", "days", "assessment", "flags"):
        assert column in lines[0]
    rows = [line for line in lines if line.startswith(tuple(SYMBOLS.values()))]
    assert len(rows) == 20 and all("?" in line for line in rows)
    for r in bundled:  # whole refs and titles, one line each
        assert sum(r.ref in line and r.title in line for line in rows) == 1


def run_in_terminal(args, columns=80, lines=24, env=None):
    """Run `python -m kcbilat ARGS` with a pseudo-terminal of that size as its standard
    output; what it showed (colours removed) and its standard error."""
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
    clean = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    clean.update({"PAGER": "cat", "KCBILAT_AS_OF": "", **(env or {})})
    with tempfile.TemporaryFile() as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "kcbilat", *args],
            stdin=subprocess.DEVNULL,
            stdout=slave,
            stderr=err,
            env=clean,
        )
        os.close(slave)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: every writer has closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        process.wait(timeout=60)
        os.close(master)
        err.seek(0)
        stderr = err.read().decode()
    shown = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    return ANSI.sub("", shown), stderr


@pytest.fixture(scope="module")
def data_copy(tmp_path_factory):
    target = tmp_path_factory.mktemp("screen") / "data"
    shutil.copytree(DATA, target)
    return target


def test_status_fits_a_real_80_column_terminal(data_copy, bundled, tmp_path):
    shown, stderr = run_in_terminal(
        ["status", "--as-of", AS_OF, "--data", str(data_copy)],
        env={"KCBILAT_CACHE_DIR": str(tmp_path)},
    )
    assert stderr == ""
    check_rows(shown, bundled, 80)
    assert "─" in shown  # a terminal's table


def test_piped_output_is_one_row_per_line():
    statuses_shown = json.loads(run("status", "--as-of", AS_OF, "-f", "json").stdout)
    out = run("status", "--as-of", AS_OF).stdout
    assert "…" not in out and "─" not in out and "\x1b[" not in out
    lines = out.splitlines()
    for c in statuses_shown["commitments"]:
        (line,) = [line for line in lines if f" {c['ref']} " in line]
        assert c["title"] in line and c["status"] in line
    assert run("status", "--as-of", AS_OF, "--wide").stdout == out
    meetings = run("list", "meetings").stdout.splitlines()
    for m in json.loads(run("list", "meetings", "-f", "json").stdout):
        assert sum(line.startswith(m["id"] + " ") and m["title"] in line for line in meetings) == 1


# -- --columns --------------------------------------------------------------------------------


def test_columns_pick_and_order_the_columns():
    out = run("status", "--as-of", AS_OF, "--columns", "deadline,ref,status").stdout
    assert out.splitlines()[0].split() == ["deadline", "ref", "status"]
    assert ["2026-H1", "commercial-dialogue-mou-2026/first-commercial-dialogue", "✗ overdue"] in [
        re.split(r"  +", line) for line in out.splitlines()
    ]
    rows = list(csv.reader(io.StringIO(run("list", "agreements", "-f", "csv", "--columns",
                                           "id,signed_first").stdout)))  # fmt: skip
    assert rows[0] == ["id", "signed_first"] and ["clear-sky-plan-2019", "2019-11-04"] in rows
    md = run("list", "meetings", "-f", "markdown", "--columns", "date,title").stdout
    assert md.splitlines()[0] == "| date | title |"


@pytest.mark.parametrize(
    "args, says",
    [
        (["status", "--columns", "ref,titel"], "unknown column 'titel' (did you mean 'title'?)"),
        (["list", "meetings", "--columns", "dat"], "unknown column 'dat' (did you mean 'date'?)"),
        (["status", "--columns", "days_left"], "no table column 'days_left' here (did you mean"),
        (["status", "-f", "csv", "--columns", "days"], "no CSV/TSV column 'days' here (did you"),
        (["list", "parties", "--columns", "ref"], "no table column 'ref' here"),
        (["status", "-f", "json", "--columns", "ref"], "not with --format json"),
    ],
)
def test_columns_name_real_columns(args, says):
    result = run(*args, "--as-of", AS_OF)
    assert result.exit_code == 2, result.output
    assert says in result.stderr.strip().splitlines()[-1]


# -- 3. CSV and TSV are data ------------------------------------------------------------------


def read_csv(text, delimiter=","):
    quoting = csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter, quoting=quoting))


def test_status_csv_has_the_export_columns_and_plain_values(tmp_path):
    out = run("status", "--as-of", AS_OF, "-f", "csv", "--all").stdout
    rows = read_csv(out)
    assert list(rows[0]) == COMMITMENT_FIELDS
    assert COMMITMENT_FIELDS[:8] == [
        "ref", "agreement", "id", "title", "kind", "status", "deadline", "days_left",
    ]  # fmt: skip
    assert not any(glyph in out for glyph in [*SYMBOLS.values(), " d overdue", " d left"])
    for row in rows:
        assert row["status"] in ORDER
        assert row["deadline"] == "" or re.fullmatch(r"\d{4}-\d\d-\d\d", row["deadline"])
        assert row["days_left"] == "" or re.fullmatch(r"-?\d+", row["days_left"])
        for flag in ("late", "unverified", "in_force", "override"):
            assert row[flag] in ("true", "false")
    first = next(r for r in rows if r["id"] == "first-commercial-dialogue")
    assert first["days_left"] == "-151" and first["deadline"] == "2026-06-30"
    assert first["due"] == "2026-H1" and first["responsible"] == "kr-motir;cn-mofcom"
    rounds = next(r for r in rows if r["id"] == "phase-2-rounds")
    assert rounds["due"] == "" and (rounds["record_met"], rounds["record_ended"]) == ("1", "5")
    assert rounds["record_missed"].split(";")[0] == "2026-03..2026-04"

    # the same names and, list columns aside, the same values as `kcbilat export`
    assert run("export", "-f", "csv", "-o", str(tmp_path / "x"), "--as-of", AS_OF).exit_code == 0
    exported = {r["ref"]: r for r in read_csv((tmp_path / "x" / "commitments.csv").read_text())}
    assert set(COMMITMENT_FIELDS) <= set(next(iter(exported.values())))
    lists = {"sectors", "responsible", "record_missed", "disputed", "fulfilled_by", "planned"}
    for row in rows:
        for name in set(COMMITMENT_FIELDS) - lists:
            assert row[name] == exported[row["ref"]][name], (row["ref"], name)
        for name in lists - {"disputed"}:
            values = row[name].split(";") if row[name] else []
            assert values == json.loads(exported[row["ref"]][name] or "[]"), (row["ref"], name)


def test_tsv_holds_the_csv_values():
    as_csv = read_csv(run("status", "--as-of", AS_OF, "-f", "csv").stdout)
    as_tsv_rows = read_csv(run("status", "--as-of", AS_OF, "-f", "tsv").stdout, "\t")
    assert as_tsv_rows == as_csv
    for what in ("agreements", "meetings", "parties", "sectors", "commitments"):
        text = run("list", what, "--as-of", AS_OF, "-f", "tsv").stdout
        counts = {line.count("\t") for line in text.splitlines()}
        assert len(counts) == 1  # one record a line, every line the same columns
        assert read_csv(text, "\t") == read_csv(
            run("list", what, "--as-of", AS_OF, "-f", "csv").stdout
        )


def test_tsv_escapes_tabs_newlines_and_backslashes():
    listing = Listing(["a", "b"], [["x\ty", "1\n2\\3"]], data=list)
    assert as_tsv(listing) == "a\tb\nx\\ty\t1\\n2\\\\3\n"


def test_list_csv_is_data_too():
    rows = read_csv(run("list", "commitments", "--as-of", AS_OF, "-f", "csv").stdout)
    assert list(rows[0]) == COMMITMENT_FIELDS
    assert all(r["due"] != "recurring" for r in rows)
    assert [r["ref"] for r in rows] == sorted(r["ref"] for r in rows)
    agreements = read_csv(run("list", "agreements", "-f", "csv").stdout)
    plan = next(a for a in agreements if a["id"] == "env-cooperation-plan-2023-2027")
    assert (plan["signed"], plan["signed_first"], plan["signed_last"]) == (
        "2023-06",
        "2023-06-01",
        "2023-06-30",
    )
    assert plan["parties"] == "kr-mcee;cn-mee"
    meetings = read_csv(run("list", "meetings", "-f", "csv").stdout)
    assert all(";" not in m["fulfils"] or ", " not in m["fulfils"] for m in meetings)
    assert list(read_csv(run("list", "parties", "-f", "csv").stdout)[0]) == [
        "id", "name", "name_local", "country", "kind", "abbr", "aliases", "url",
    ]  # fmt: skip


def test_the_status_json_is_unchanged_by_all_this():
    body = json.loads(run("status", "--as-of", AS_OF, "-f", "json").stdout)
    annual = next(c for c in body["commitments"] if c["id"] == "annual-commercial-dialogue")
    assert annual["record"] == {"met": 0, "ended": 0, "missed": []}
    assert set(body) == {"as_of", "window_days", "data_dir", "summary", "commitments", "left_out"}


# -- 7. a first period in words ---------------------------------------------------------------


def test_a_first_period_reads_as_words(data_dir):
    root = data_dir(
        [
            agreement(
                commitments="- id: ministers\n  title: Annual ministers' meeting\n"
                "  sectors: [climate]\n  responsible: [kr-mcee]\n"
                "  recurs: {every: annual, from: 2026}\n"
            )
        ]
    )
    args = ["status", "--data", str(root), "--as-of", "2026-03-01"]
    md = kcbilat(*args, "-f", "markdown").stdout
    assert "| first period |" in md and "0/0" not in md
    assert "first period" in kcbilat(*args).stdout
    (row,) = read_csv(kcbilat(*args, "-f", "csv").stdout)
    assert (row["record_met"], row["record_ended"], row["record_missed"]) == ("0", "0", "")
    body = json.loads(kcbilat(*args, "-f", "json").stdout)
    assert body["commitments"][0]["record"] == {"met": 0, "ended": 0, "missed": []}
    later = kcbilat("status", "--data", str(root), "--as-of", "2027-03-01", "-f", "markdown")
    assert "| 0/1 missed 2026 |" in later.stdout
    before = kcbilat("status", "--data", str(root), "--as-of", "2026-01-02", "--all")
    assert "not started" in before.stdout and "first period" not in before.stdout


# -- 2. show: wrapped and paged ---------------------------------------------------------------


@pytest.mark.parametrize("width", [60, 80])
def test_show_wraps_prose_and_keeps_urls_whole(bundled, width):
    from kcbilat.publish.show import describe

    data = load_valid(DATA)
    rows = select(data, DAY, include_all=True)
    idents = [*data.agreements, *data.meetings, *(r.ref for r in rows)]
    for ident in idents:
        text = describe(data, rows, ident, DAY, "text", width=width)
        for line in text.splitlines():
            assert display_width(line) <= width or " " not in line.strip(), (ident, line)
        unwrapped = describe(data, rows, ident, DAY, "text")
        # the same words in the same order (the title's underline aside): only lines differ
        assert [w for w in text.split() if w.strip("=")] == [
            w for w in unwrapped.split() if w.strip("=")
        ]
        for url in re.findall(r"<(https?://[^>]+)>", unwrapped):
            assert any(f"<{url}>" in line for line in text.splitlines()), url


def test_wrap_hangs_and_never_splits_a_word():
    from kcbilat.publish.show import wrap

    url = "<https://example.org/" + "a" * 60 + ">"
    assert wrap(f"  - A source with a long address {url}", 40) == [
        "  - A source with a long address",
        url,
    ]
    assert wrap("agreement:   env-mou (Memorandum of Understanding on things)", 40) == [
        "agreement:   env-mou (Memorandum of",
        "             Understanding on things)",
    ]
    assert wrap("  2026-01-05: The ministers met and agreed", 24) == [
        "  2026-01-05: The",
        "    ministers met and",
        "    agreed",
    ]
    assert wrap("  A paragraph of prose under its heading", 20) == [
        "  A paragraph of",
        "  prose under its",
        "  heading",
    ]
    assert wrap("  한중 환경 협력 공동 연구", 12) == ["  한중 환경", "  협력 공동", "  연구"]


def test_show_json_is_not_wrapped_or_paged():
    ref = "kr-cn-fta-2015/phase-2-rounds"
    body = json.loads(run("show", ref, "--as-of", AS_OF, "-f", "json").stdout)
    assert body["ref"] == ref and body["commitment"]["id"] == "phase-2-rounds"


def test_pager_choice():
    from kcbilat.cli.pager import DEFAULT, pager_command, wants_pager

    assert pager_command({}) == DEFAULT == "less -FRX"
    assert pager_command({"PAGER": "more"}) == "more"
    assert pager_command({"PAGER": ""}) is None and pager_command({"PAGER": "cat"}) is None
    assert wants_pager(30, 24, terminal=True, no_pager=False)
    assert not wants_pager(23, 24, terminal=True, no_pager=False)  # fits the screen
    assert not wants_pager(30, 24, terminal=False, no_pager=False)  # piped
    assert not wants_pager(30, 24, terminal=True, no_pager=True)


@pytest.fixture
def fake_pager(tmp_path):
    script = tmp_path / "pager"
    script.write_text("#!/bin/sh\nsed 's/^/paged: /'\n")
    script.chmod(0o755)
    return str(script)


def test_show_pages_long_text_on_a_terminal(data_copy, fake_pager, tmp_path):
    env = {"PAGER": fake_pager, "KCBILAT_CACHE_DIR": str(tmp_path)}
    args = ["show", "env-climate-mou-2026", "--as-of", AS_OF, "--data", str(data_copy)]
    shown, _ = run_in_terminal(args, env=env)
    lines = shown.splitlines()
    assert len(lines) > 24 and all(line.startswith("paged: ") for line in lines)
    assert max(display_width(line) for line in lines if "<http" not in line) <= 80 + 7
    plain, _ = run_in_terminal([*args, "--no-pager"], env=env)
    assert "paged: " not in plain
    for line in plain.splitlines():  # wrapped to the terminal, but for a long URL alone
        assert display_width(line) <= 80 or (line.startswith("<http") and " " not in line)
    short = ["show", "kr-cn-fta-services-investment-negotiations-13", "--data", str(data_copy)]
    fits, _ = run_in_terminal(short, lines=60, env=env)
    assert "paged: " not in fits  # it fits on the screen


def test_show_is_never_paged_when_piped(fake_pager):
    out = run("show", "env-climate-mou-2026", "--as-of", AS_OF, env={"PAGER": fake_pager})
    assert out.exit_code == 0 and "paged: " not in out.stdout
    assert max(len(line) for line in out.stdout.splitlines()) > 200  # not wrapped either


def test_json_records_read_back_as_the_json_module_writes_them():
    """The fast record encoder changes spacing only: every value reads back the same, and
    what it cannot encode (a whole number beyond 64 bits) falls back to the json module."""
    from collections import namedtuple

    from kcbilat.publish.listing import record_encoder

    encode = record_encoder()
    pair = namedtuple("pair", "a b")
    values = [
        {"ref": "a/b", "title": '생태환경부 \u2028 \x1f "quoted"', "n": None, "late": False},
        {"when": date(2026, 2, 28), 3: [1, 2.5], "path": Path("data/x.yaml"), "p": pair(1, 2)},
        {"number": 2**70, "days": -59},
    ]
    for value in values:
        text = encode(value)
        assert "\n" not in text
        assert json.loads(text) == json.loads(json.dumps(value, default=str)), text
    for body in json.loads(run("status", "--as-of", AS_OF, "-f", "json").stdout)["commitments"]:
        assert json.loads(encode(body)) == body


def test_markdown_listings_escape_record_text(tmp_path):
    """Found by tests/test_fuzz.py: `status` and `list` in Markdown escaped only `|`, so a
    commitment's title added an HTML tag (an image with an onerror) to a pull-request
    comment, and a party's name a link or a mention."""
    from conftest import write_data

    root = write_data(
        tmp_path / "data",
        [
            agreement(
                commitments="- id: x\n  title: '<img src=x onerror=alert(1)> [a](javascript:b)'\n"
                "  sectors: [climate]\n  responsible: [kr-mcee]\n  due: 2026\n"
            )
        ],
    )
    status = kcbilat("status", "--data", str(root), "--as-of", AS_OF, "-f", "markdown").stdout
    assert "\\<img src=x onerror=alert(1)\\> \\[a\\](javascript:b)" in status
    assert "<img" not in status.replace("\\<img", "")
    listing = kcbilat("list", "commitments", "--data", str(root), "-f", "markdown").stdout
    assert "\\<img" in listing and "<img" not in listing.replace("\\<img", "")
