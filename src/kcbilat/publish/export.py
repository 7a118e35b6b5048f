"""`kcbilat export`: the whole data set with computed statuses, as JSON, CSV files or SQLite.

`tables` flattens the records and the shared status results into seven relational
tables (plus `meta`); the CSV and SQLite writers are small functions over them. The
JSON export keeps the records' own shape beside the statuses of `status --format json`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from kcbilat.core.atomic import default_mode
from kcbilat.core.escape import csv_cell
from kcbilat.core.problems import Fault, LeftOut
from kcbilat.core.records import Source, to_json
from kcbilat.publish.views import status_dict
from kcbilat.read.loader import Dataset
from kcbilat.status.engine import in_force
from kcbilat.status.rows import CommitmentStatus, summary

FORMAT_VERSION = "1"


@dataclass
class Table:
    name: str
    #: (column, SQLite type) in order
    columns: list[tuple[str, str]]
    primary_key: tuple[str, ...]
    #: (columns, other table, other columns)
    foreign_keys: list[tuple[tuple[str, ...], str, tuple[str, ...]]] = field(default_factory=list)
    rows: list[tuple[Any, ...]] = field(default_factory=list)

    def add(self, **values: Any) -> None:
        assert set(values) == {c for c, _ in self.columns}, set(values) ^ {
            c for c, _ in self.columns
        }
        self.rows.append(tuple(values[c] for c, _ in self.columns))


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _partial(value: Any) -> tuple[str | None, str | None, str | None]:
    """A partial date as written, and its first and last day as ISO dates."""
    if value is None:
        return None, None, None
    return str(value), value.first.isoformat(), value.last.isoformat()


def _sources(sources: Sequence[Source] | None) -> list[dict[str, Any]]:
    return [to_json(s) for s in sources or ()]


def _schema() -> dict[str, Table]:
    t, i, j = "TEXT", "INTEGER", "TEXT"  # j: TEXT holding a JSON array or object
    return {
        "parties": Table(
            "parties",
            [("id", t), ("name", t), ("name_local", t), ("country", t), ("kind", t),
             ("abbr", t), ("aliases", j), ("url", t)],
            ("id",),
        ),
        "sectors": Table(
            "sectors",
            [("id", t), ("name", t), ("parent", t), ("description", t)],
            ("id",),
            [(("parent",), "sectors", ("id",))],
        ),
        "agreements": Table(
            "agreements",
            [("id", t), ("title", t), ("type", t), ("signed", t), ("signed_first", t),
             ("signed_last", t), ("place", t), ("parties", j), ("revises", t), ("status", t),
             ("expires", t), ("expires_last", t), ("in_force", i), ("sectors", j),
             ("summary", t), ("reviewed", t), ("notes", t), ("sources", j)],
            ("id",),
            [(("revises",), "agreements", ("id",))],
        ),
        "commitments": Table(
            "commitments",
            [("ref", t), ("agreement", t), ("id", t), ("title", t), ("description", t),
             ("kind", t), ("due", t), ("due_first", t), ("due_last", t), ("recurs_every", t),
             ("recurs_from", t), ("recurs_until", t), ("review", t), ("place", t), ("hosts", t),
             ("sectors", j), ("responsible", j),
             # computed as of meta.as_of
             ("status", t), ("urgency", i), ("deadline", t), ("days_left", i), ("late", i),
             ("last_activity", t), ("record_met", i), ("record_ended", i),
             ("record_missed", j), ("reviewed", t), ("unverified", i),
             ("alternative_status", t), ("in_force", i), ("override", i),
             ("fulfilled_by", j), ("planned", j),
             # as recorded
             ("manual_status", t), ("manual_status_date", t), ("manual_status_note", t),
             ("manual_status_sources", j), ("assessment", t), ("assessment_date", t),
             ("assessment_note", t), ("assessment_sources", j), ("updates", j),
             ("disputed", j), ("sources", j)],
            ("ref",),
            [(("agreement",), "agreements", ("id",))],
        ),
        "periods": Table(
            "periods",
            [("ref", t), ("label", t), ("start_date", t), ("end_date", t), ("state", t),
             ("late", i), ("meetings", j)],
            ("ref", "label"),
            [(("ref",), "commitments", ("ref",))],
        ),
        "meetings": Table(
            "meetings",
            [("id", t), ("title", t), ("date", t), ("date_first", t), ("date_last", t),
             ("status", t), ("place", t), ("host", t), ("parties", j), ("series", t),
             ("number", i), ("summary", t), ("sources", j)],
            ("id",),
        ),
        "fulfilments": Table(
            "fulfilments",
            [("meeting", t), ("ref", t), ("period", t), ("counted", i), ("counted_for", t)],
            ("meeting", "ref"),
            [
                (("meeting",), "meetings", ("id",)),
                (("ref",), "commitments", ("ref",)),
                (("ref", "counted_for"), "periods", ("ref", "label")),
            ],
        ),
    }  # fmt: skip


def tables(data: Dataset, rows: Sequence[CommitmentStatus], as_of: date) -> dict[str, Table]:
    """The seven tables, parents before children; `rows` are every commitment's statuses."""
    out = _schema()
    for p in data.parties.values():
        out["parties"].add(
            id=p.id, name=p.name, name_local=p.name_local, country=p.country, kind=p.kind,
            abbr=p.abbr, aliases=list(p.aliases), url=p.url,
        )  # fmt: skip
    for s in data.sectors.values():
        parent = s.parent if s.parent in data.sectors else None
        out["sectors"].add(id=s.id, name=s.name, parent=parent, description=s.description)
    by_ref = {r.ref: r for r in rows}
    for a in sorted(data.agreements.values(), key=lambda a: a.id):
        signed, signed_first, signed_last = _partial(a.signed)
        expires, _, expires_last = _partial(a.expires)
        out["agreements"].add(
            id=a.id, title=a.title, type=a.type, signed=signed, signed_first=signed_first,
            signed_last=signed_last, place=a.place, parties=list(a.parties),
            revises=a.revises if a.revises in data.agreements else None, status=a.status,
            expires=expires, expires_last=expires_last,
            in_force=in_force(a, as_of), sectors=list(a.sectors), summary=a.summary,
            reviewed=_iso(a.reviewed), notes=a.notes, sources=_sources(a.sources),
        )  # fmt: skip
    for urgency, r in enumerate(rows):
        a = data.agreements[r.agreement]
        c = next(x for x in a.commitments if x.id == r.id)
        due, due_first, due_last = _partial(c.due)
        v = c.assessment
        out["commitments"].add(
            ref=r.ref, agreement=r.agreement, id=r.id, title=r.title,
            description=c.description, kind=r.kind, due=due, due_first=due_first,
            due_last=due_last,
            recurs_every=str(c.recurs.every) if c.recurs else None,
            recurs_from=str(c.recurs.from_) if c.recurs else None,
            recurs_until=str(c.recurs.until) if c.recurs and c.recurs.until else None,
            review=str(c.review) if c.review else None, place=c.place, hosts=c.hosts,
            sectors=list(r.sectors), responsible=list(r.responsible),
            status=r.status, urgency=urgency, deadline=_iso(r.deadline), days_left=r.days_left,
            late=r.late, last_activity=_iso(r.last_activity),
            record_met=r.record["met"] if r.record else None,
            record_ended=r.record["ended"] if r.record else None,
            record_missed=list(r.record["missed"]) if r.record else None,
            reviewed=_iso(r.reviewed), unverified=r.unverified,
            alternative_status=r.alternative_status, in_force=r.in_force, override=r.override,
            fulfilled_by=list(r.fulfilled_by), planned=list(r.planned),
            manual_status=c.status, manual_status_date=_iso(c.status_date),
            manual_status_note=c.status_note,
            manual_status_sources=_sources(c.status_sources) if c.status_sources else None,
            assessment=v.verdict if v else None, assessment_date=_iso(v.date) if v else None,
            assessment_note=v.note if v else None,
            assessment_sources=_sources(v.sources) if v else None,
            updates=[to_json(u) for u in c.updates], disputed=[to_json(d) for d in c.disputed],
            sources=_sources(c.sources),
        )  # fmt: skip
        for period in r.periods:
            out["periods"].add(
                ref=r.ref, label=period.label, start_date=_iso(period.start),
                end_date=_iso(period.end), state=period.state, late=period.late,
                meetings=list(period.meetings),
            )  # fmt: skip
    for m in sorted(data.meetings.values(), key=lambda m: (m.date.first, m.id)):
        when, first, last = _partial(m.date)
        out["meetings"].add(
            id=m.id, title=m.title, date=when, date_first=first, date_last=last,
            status=m.status, place=m.place, host=m.host, parties=list(m.parties),
            series=m.series, number=m.number, summary=m.summary,
            sources=_sources(m.sources) if m.sources is not None else None,
        )  # fmt: skip
        for item in m.fulfils or ():
            found = by_ref.get(item.ref)
            if found is None:  # its agreement was left out (a file with errors)
                continue
            r = found
            counted_for = next((p.label for p in r.periods if m.id in p.meetings), None)
            counted = counted_for is not None or (r.kind != "recurring" and m.id in r.fulfilled_by)
            out["fulfilments"].add(
                meeting=m.id, ref=item.ref,
                period=str(item.period) if item.period is not None else None,
                counted=counted, counted_for=counted_for,
            )  # fmt: skip
    return out


def meta(
    as_of: date,
    window: int,
    review_age: int,
    data_dir: str,
    version: str,
    left_out: LeftOut | None = None,
    display: Callable[[Path], str] = str,
) -> dict[str, str]:
    """The export's settings (the `meta` table), with what could not be read: `errors` and
    `left_out` (the files, one per line), so that an incomplete export says so itself."""
    left_out = left_out or LeftOut()
    return {
        "as_of": as_of.isoformat(),
        "window_days": str(window),
        "review_age_days": str(review_age),
        "data_dir": data_dir,
        "kcbilat_version": version,
        "format_version": FORMAT_VERSION,
        "errors": str(left_out.errors),
        "left_out": "\n".join(display(f) for f in left_out.files),
    }


# -- JSON --------------------------------------------------------------------------------------


def as_json(data: Dataset, rows: Sequence[CommitmentStatus], info: dict[str, str]) -> str:
    """Every record as written (dates as strings) plus every commitment's computed status."""
    document = {
        "kcbilat_version": info["kcbilat_version"],
        "as_of": info["as_of"],
        "window_days": int(info["window_days"]),
        "review_age_days": int(info["review_age_days"]),
        "data_dir": info["data_dir"],
        "left_out": {"errors": int(info["errors"]), "files": info["left_out"].split("\n")}
        if info["left_out"]
        else {"errors": 0, "files": []},
        "summary": summary(rows),
        "commitments": [status_dict(r) for r in rows],
        "agreements": [to_json(a) for a in sorted(data.agreements.values(), key=lambda a: a.id)],
        "meetings": [
            to_json(m) for m in sorted(data.meetings.values(), key=lambda m: (m.date.first, m.id))
        ],
        "parties": [to_json(p) for p in data.parties.values()],
        "sectors": [to_json(s) for s in data.sectors.values()],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# -- CSV ---------------------------------------------------------------------------------------


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return csv_cell(json.dumps(value, ensure_ascii=False))
    return csv_cell(value) if isinstance(value, str) else value


def as_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c for c, _ in table.columns])
    writer.writerows([_csv_cell(v) for v in row] for row in table.rows)
    return out.getvalue()


def csv_files(all_tables: dict[str, Table], info: dict[str, str]) -> dict[str, str]:
    """File name → content: one CSV per table, and meta.csv."""
    files = {f"{name}.csv": as_csv(table) for name, table in all_tables.items()}
    meta_table = Table("meta", [("key", "TEXT"), ("value", "TEXT")], ("key",))
    for key, value in info.items():
        meta_table.add(key=key, value=value)
    files["meta.csv"] = as_csv(meta_table)
    return files


# -- SQLite ------------------------------------------------------------------------------------


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def ddl(table: Table) -> str:
    lines = [
        f"  {_quote(c)} {kind}" + (" NOT NULL" if c in table.primary_key else "")
        for c, kind in table.columns
    ]
    lines.append(f"  PRIMARY KEY ({', '.join(map(_quote, table.primary_key))})")
    for cols, other, their in table.foreign_keys:
        lines.append(
            f"  FOREIGN KEY ({', '.join(map(_quote, cols))}) REFERENCES {_quote(other)} "
            f"({', '.join(map(_quote, their))}) DEFERRABLE INITIALLY DEFERRED"
        )
    return f"CREATE TABLE {_quote(table.name)} (\n" + ",\n".join(lines) + "\n)"


def _sql_cell(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def fill(con: sqlite3.Connection, all_tables: dict[str, Table], info: dict[str, str]) -> None:
    """Create and fill the tables in `con`; raises when a foreign key does not resolve."""
    con.execute("PRAGMA foreign_keys = ON")
    con.execute('CREATE TABLE "meta" (\n  "key" TEXT PRIMARY KEY,\n  "value" TEXT\n)')
    for table in all_tables.values():
        con.execute(ddl(table))
    with con:
        con.executemany('INSERT INTO "meta" VALUES (?, ?)', info.items())
        for table in all_tables.values():
            marks = ", ".join("?" for _ in table.columns)
            con.executemany(
                f"INSERT INTO {_quote(table.name)} VALUES ({marks})",
                ([_sql_cell(v) for v in row] for row in table.rows),
            )
    broken = con.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"export: foreign keys that do not resolve: {broken[:5]}")


def write_sqlite(path: Path, all_tables: dict[str, Table], info: dict[str, str]) -> None:
    """Build the database in a temp file beside `path`, then rename it into place."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        try:
            fill(con, all_tables, info)
        finally:
            con.close()
        os.chmod(tmp, default_mode())
        os.replace(tmp, path)
    except sqlite3.OperationalError as exc:  # "database or disk is full", and the like
        Path(tmp).unlink(missing_ok=True)
        raise Fault(f"cannot write {path}: {exc} (nothing was changed)") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
