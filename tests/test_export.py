"""`kcbilat export`: JSON, CSV files and SQLite, each with the statuses as of a date."""

import csv
import json
import sqlite3

import pytest
from conftest import agreement, kcbilat, meeting

from kcbilat import __version__

AS_OF = "2026-11-28"
TABLES = ["agreements", "commitments", "fulfilments", "meetings", "parties", "periods", "sectors"]

COMMITMENTS = """\
- id: ict
  title: ICT dialogue
  sectors: [digital]
  responsible: [kr-msit, cn-miit]
  due: 2026-H1
- id: ministers
  title: Annual ministers' meeting
  sectors: [climate]
  responsible: [kr-mcee, cn-mee]
  recurs: {every: annual, from: 2024}
- id: carbon
  title: Carbon markets cooperation
  sectors: [carbon-markets]
  responsible: [kr-mcee, cn-mee]
"""
OLD = """\
- id: survey
  title: Joint survey
  sectors: [air-quality]
  responsible: [kr-mcee]
  due: 2012
"""


def run(*args):
    return kcbilat(*args, env={"KCBILAT_AS_OF": AS_OF})


@pytest.fixture
def sample(data_dir):
    series = "series: kr-cn-ministers\nnumber: {}\n"
    return data_dir(
        [
            agreement(signed="2024-01-05", commitments=COMMITMENTS),
            agreement("old", signed="2010-05-01", status="expired", commitments=OLD),
        ],
        [
            meeting("m24", "2024-06-01", ["mou/ministers"], extra=series.format(1)),
            meeting(
                "m26",
                "2026-02-01",
                [{"ref": "mou/ministers", "period": 2025}, "mou/carbon"],
                extra=series.format(2),
            ),
            meeting("m27", "2027-03-01", ["mou/ministers"], "scheduled", series.format(3)),
            meeting("s11", "2011-04-01", ["old/survey"]),
        ],
    )


def export(root, fmt, *args):
    result = run("export", "--data", str(root), "--as-of", AS_OF, "--format", fmt, *args)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def db(sample, tmp_path):
    path = tmp_path / "export.db"
    export(sample, "sqlite", "-o", str(path))
    con = sqlite3.connect(path)
    con.execute("PRAGMA foreign_keys = ON")
    yield con
    con.close()


def test_sqlite_tables_keys_and_meta(db, tmp_path):
    names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    assert sorted(names) == sorted([*TABLES, "meta"])
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    fks = {
        (table, row[2], row[3])
        for table in TABLES
        for row in db.execute(f"PRAGMA foreign_key_list({table})")
    }
    assert {
        ("commitments", "agreements", "agreement"),
        ("periods", "commitments", "ref"),
        ("fulfilments", "meetings", "meeting"),
        ("fulfilments", "commitments", "ref"),
        ("sectors", "sectors", "parent"),
        ("agreements", "agreements", "revises"),
    } <= fks
    pk = [r[1] for r in db.execute("PRAGMA table_info(periods)") if r[5]]
    assert pk == ["ref", "label"]
    meta = dict(db.execute("SELECT key, value FROM meta"))
    assert meta["as_of"] == AS_OF
    assert meta["kcbilat_version"] == __version__
    assert meta["data_dir"].endswith("data")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "export.db"]  # no temp file


def test_sqlite_answers_questions(db):
    overdue = db.execute(
        "SELECT ref, deadline, days_left FROM commitments WHERE status = 'overdue' ORDER BY ref"
    ).fetchall()
    assert overdue == [("mou/ict", "2026-06-30", -151)]
    per_series = db.execute(
        "SELECT series, count(*), sum(status = 'held') FROM meetings "
        "WHERE series IS NOT NULL GROUP BY series"
    ).fetchall()
    assert per_series == [("kr-cn-ministers", 3, 2)]
    # the period ledger: 2024 met, 2025 met late by m26 (which names it), 2026 open
    ledger = db.execute(
        "SELECT label, start_date, end_date, state, late, meetings FROM periods "
        "WHERE ref = 'mou/ministers' ORDER BY start_date"
    ).fetchall()
    assert ledger == [
        ("2024", "2024-01-01", "2024-12-31", "met", 0, '["m24"]'),
        ("2025", "2025-01-01", "2025-12-31", "met", 1, '["m26"]'),
        ("2026", "2026-01-01", "2026-12-31", "open", 0, "[]"),
    ]
    counted = db.execute(
        "SELECT meeting, ref, period, counted, counted_for FROM fulfilments ORDER BY meeting, ref"
    ).fetchall()
    assert ("m26", "mou/ministers", "2025", 1, "2025") in counted
    assert ("m26", "mou/carbon", None, 1, None) in counted
    assert ("m27", "mou/ministers", None, 0, None) in counted  # a plan counts for nothing
    # commitments a party is responsible for, through the JSON list
    refs = db.execute(
        "SELECT c.ref FROM commitments c, json_each(c.responsible) p "
        "WHERE p.value = 'cn-miit' ORDER BY c.ref"
    ).fetchall()
    assert refs == [("mou/ict",)]


def test_sqlite_includes_agreements_not_in_force_and_iso_dates(db):
    rows = dict(db.execute("SELECT id, in_force FROM agreements"))
    assert rows == {"mou": 1, "old": 0}
    survey = db.execute(
        "SELECT status, in_force, due, due_first, due_last, unverified FROM commitments "
        "WHERE ref = 'old/survey'"
    ).fetchone()
    assert survey == ("met", 0, "2012", "2012-01-01", "2012-12-31", 1)
    signed = db.execute("SELECT signed, signed_first FROM agreements WHERE id = 'mou'").fetchone()
    assert signed == ("2024-01-05", "2024-01-05")
    when = db.execute(
        "SELECT date, date_first, date_last FROM meetings WHERE id = 'm27'"
    ).fetchone()
    assert when == ("2027-03-01", "2027-03-01", "2027-03-01")
    sources = json.loads(
        db.execute("SELECT sources FROM agreements WHERE id = 'mou'").fetchone()[0]
    )
    assert sources == [{"url": "https://example.org/x", "title": "A source"}]


def test_sqlite_replaces_an_existing_file(sample, tmp_path):
    path = tmp_path / "export.db"
    path.write_bytes(b"not a database")
    export(sample, "sqlite", "-o", str(path))
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM commitments").fetchone() == (4,)
    con.close()


def test_csv_one_file_per_table(sample, tmp_path):
    folder = tmp_path / "csv"
    export(sample, "csv", "-o", str(folder))
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [f"{t}.csv" for t in TABLES] + ["meta.csv"]
    )
    with open(folder / "commitments.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["ref"] for r in rows] == ["mou/ict", "mou/ministers", "mou/carbon", "old/survey"]
    assert rows[0]["status"] == "overdue" and rows[0]["late"] == "false"
    assert json.loads(rows[0]["responsible"]) == ["kr-msit", "cn-miit"]
    with open(folder / "parties.csv", encoding="utf-8", newline="") as handle:
        parties = {r["id"]: r for r in csv.DictReader(handle)}
    assert parties["kr-mcee"]["name_local"] == "기후에너지환경부"
    header = (folder / "periods.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "ref,label,start_date,end_date,state,late,meetings"


def test_json_records_and_statuses(sample):
    document = json.loads(export(sample, "json").stdout)
    assert document["as_of"] == AS_OF
    assert document["kcbilat_version"] == __version__
    assert document["summary"]["overdue"] == 1
    assert [c["ref"] for c in document["commitments"]] == [  # in urgency order
        "mou/ict",
        "mou/ministers",
        "mou/carbon",
        "old/survey",
    ]
    old = next(c for c in document["commitments"] if c["ref"] == "old/survey")
    assert old["in_force"] is False and old["status"] == "met"
    assert [a["id"] for a in document["agreements"]] == ["mou", "old"]
    ministers = document["agreements"][0]["commitments"][1]
    assert ministers["recurs"] == {"every": "annual", "from": "2024"}
    assert [m["id"] for m in document["meetings"]] == ["s11", "m24", "m26", "m27"]
    assert {p["id"] for p in document["parties"]} >= {"kr-mcee", "cn-mee"}
    assert {s["id"] for s in document["sectors"]} >= {"climate", "carbon-markets"}


def test_json_to_a_file(sample, tmp_path):
    path = tmp_path / "all.json"
    result = export(sample, "json", "-o", str(path))
    assert result.stdout == ""
    assert json.loads(path.read_text(encoding="utf-8"))["as_of"] == AS_OF


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xlsx"], "json, csv, sqlite"),
        (["--format", "sqlite"], "needs -o FILE"),
        (["--format", "csv"], "needs -o FOLDER"),
        (["--format", "sqlite", "-o", "{tmp}/missing/x.db"], "no folder"),
        (["--format", "sqlite", "-o", "{tmp}"], "is a folder"),
        (["--format", "csv", "-o", "{tmp}/file.txt"], "not a folder"),
    ],
)
def test_usage_errors_exit_2(sample, tmp_path, args, message):
    (tmp_path / "file.txt").write_text("x")
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = run("export", "--data", str(sample), *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_bundled_data_sqlite(tmp_path):
    path = tmp_path / "export.db"
    result = run("export", "--as-of", AS_OF, "--format", "sqlite", "-o", str(path))
    assert result.exit_code == 0
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    overdue = con.execute("SELECT ref FROM commitments WHERE status = 'overdue'").fetchall()
    assert sorted(overdue) == [
        ("commercial-dialogue-mou-2026/first-commercial-dialogue",),
        ("kr-cn-fta-2015/phase-2-rounds",),
        ("kr-cn-fta-2015/trade-ministers-meeting-2026-h1",),
    ]
    assert con.execute("SELECT count(*) FROM agreements").fetchone() == (28,)
    con.close()


def test_a_file_left_out_is_named_escaped(sample):
    """Found by tests/test_fuzz.py: the export's `left_out` named a file as it is, with its
    escape sequences and bidirectional overrides."""
    (sample / "agreements" / "\x1b[31mred\u202e.yaml").write_text("id: [\n", encoding="utf-8")
    result = run("export", "--data", str(sample), "--as-of", AS_OF)
    assert result.exit_code == 1
    [name] = json.loads(result.stdout)["left_out"]["files"]
    assert name.endswith("agreements/\\x1b[31mred\\u202e.yaml")
