"""Whatever a record file holds, validation answers with diagnostics, never an exception."""

from datetime import date

from conftest import write_data
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kcbilat.check.validate import validate_dir

KEYS = [
    "id",
    "title",
    "type",
    "signed",
    "parties",
    "sectors",
    "summary",
    "sources",
    "commitments",
    "due",
    "recurs",
    "every",
    "from",
    "until",
    "status",
    "date",
    "fulfils",
    "ref",
    "period",
    "url",
    "disputed",
    "field",
    "value",
    "note",
    "number",
    "series",
    "x",
]
LEAVES = st.one_of(
    st.sampled_from(
        [
            "mou",
            "held",
            "2026",
            "2026-H1",
            "2026-02-30",
            "annual",
            "kr-mcee",
            "mou/ict",
            "https://x.org",
            "",
            "null",
            "[a, b]",
            "{a: 1}",
            "-1",
            "1e9",
        ]
    ),
    st.integers(-5, 3000),
    st.booleans(),
    st.none(),
    st.text(max_size=8),
)
VALUES = st.recursive(
    LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(KEYS), inner, max_size=5)
    ),
    max_leaves=12,
)


def to_yaml(value, indent=0):
    import json

    return json.dumps(value, ensure_ascii=False)  # JSON is YAML 1.2


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    agreement=st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=8),
    meeting=st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=8),
)
def test_random_records_give_diagnostics_not_exceptions(tmp_path_factory, agreement, meeting):
    root = write_data(tmp_path_factory.mktemp("d") / "data")
    (root / "agreements" / "a.yaml").write_text(to_yaml(agreement), encoding="utf-8")
    (root / "meetings" / "m.yaml").write_text(to_yaml(meeting), encoding="utf-8")
    problems = validate_dir(root, date(2026, 11, 28))
    assert all(p.line is None or p.line >= 1 for p in problems)
    assert problems  # neither random record can be valid: it lacks required fields


def test_a_meeting_number_is_bounded():
    """Found by tests/test_fuzz.py: `number: 0xfff…` (3,600 hex digits) was a valid
    ordinal, and the series check's message (no int of over 4,300 digits prints), the JSON
    export and SQLite (64 bits at most) could not hold it: an internal error."""
    from kcbilat.read.filecheck import check_file
    from kcbilat.read.yamlread import read_text

    text = "id: m\ntitle: M\ndate: 2026-01-05\nstatus: held\nparties: [kr-mcee]\nnumber: {}\n"
    for number, ok in (("1", True), ("10000", True), ("10001", False), ("0", False),
                       ("0x" + "f" * 3600, False)):  # fmt: skip
        doc, _ = read_text(text.format(number))
        valid, issues, _ = check_file("meeting", doc)
        assert bool(valid) is ok, (number, issues)
        if not ok:
            [issue] = issues
            assert "must be a whole number from 1 to 10,000" in issue.message
