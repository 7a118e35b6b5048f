"""The JSON shape of `status --format json` (docs/reference/json.md), field by field."""

import json
from datetime import date

from conftest import kcbilat

from kcbilat.core.vocabulary import ORDER

ISO = r"^\d{4}-\d{2}-\d{2}$"


def is_date(value):
    import re

    return isinstance(value, str) and re.fullmatch(ISO, value) is not None


def check_commitment(c):
    assert isinstance(c["ref"], str) and c["ref"] == f"{c['agreement']}/{c['id']}"
    assert isinstance(c["title"], str)
    assert c["kind"] in ("once", "recurring", "open")
    assert c["status"] in ORDER
    assert c["deadline"] is None or is_date(c["deadline"])
    assert c["due"] is None or isinstance(c["due"], str)
    assert c["days_left"] is None or isinstance(c["days_left"], int)
    assert isinstance(c["late"], bool) and isinstance(c["unverified"], bool)
    assert all(isinstance(s, str) for s in c["sectors"] + c["responsible"])
    assert c["last_activity"] is None or is_date(c["last_activity"])
    assert c["reviewed"] is None or is_date(c["reviewed"])
    assert c["alternative_status"] is None or c["alternative_status"] in ORDER
    if c["kind"] == "recurring" and c["status"] != "pending":
        assert set(c["record"]) == {"met", "ended", "missed"}
        for p in c["periods"]:
            assert set(p) == {"label", "start", "end", "state", "late", "meetings"}
            assert (
                is_date(p["start"])
                and is_date(p["end"])
                and p["state"] in ("met", "missed", "open")
            )
    elif c["kind"] != "recurring":
        assert c["record"] is None
    if c["kind"] != "open":
        assert c["last_activity"] is None
    if c["status"] in ("met", "cancelled", "superseded", "ended", "pending") or c["kind"] == "open":
        assert c["deadline"] is None and c["days_left"] is None
    elif c["deadline"]:
        as_of = date(2026, 11, 28)
        assert c["days_left"] == (date.fromisoformat(c["deadline"]) - as_of).days


def test_status_json_has_the_documented_shape():
    out = kcbilat("status", "--as-of", "2026-11-28", "-f", "json", "--all")
    body = json.loads(out.stdout)
    assert set(body) == {"as_of", "window_days", "data_dir", "summary", "commitments", "left_out"}
    assert body["left_out"] == {"errors": 0, "files": []}
    assert body["as_of"] == "2026-11-28" and body["window_days"] == 60
    assert list(body["summary"]) == list(ORDER)  # every status, zeros included
    assert sum(body["summary"].values()) == len(body["commitments"]) > 0
    for commitment in body["commitments"]:
        check_commitment(commitment)
    ranks = [ORDER.index(c["status"]) for c in body["commitments"]]
    assert ranks == sorted(ranks)  # the dashboard's order
