"""Problems: sorted, quoted briefly, and capped so that no file can flood the output."""

from pathlib import Path

from kcbilat.core.problems import MAX_PER_FILE, MAX_TOTAL, Problem, capped, quote, suggest


def test_quote_keeps_at_most_80_characters():
    assert quote("x" * 200) == repr("x" * 79 + "…")
    assert quote("short") == "'short'"


def test_suggest_only_close_words():
    assert suggest("titel", ["title", "type"]) == " (did you mean 'title'?)"
    assert suggest("zzz", ["title"]) == ""


def test_caps_per_file_and_in_all():
    many = [
        Problem(Path(f"f{f:03d}.yaml"), line, 1, "schema", "x")
        for f in range(30)
        for line in range(60)
    ]
    kept = capped(many)
    per_file = [p for p in kept if p.file == Path("f000.yaml")]
    assert len(per_file) == MAX_PER_FILE + 1 and per_file[-1].code == "limit"
    assert "10 more" in per_file[-1].message
    assert len(kept) == MAX_TOTAL + 1 and kept[-1].code == "limit"


def test_sorted_by_file_then_line():
    a = Problem(Path("b.yaml"), 1, 1, "schema", "x")
    b = Problem(Path("a.yaml"), 9, 1, "schema", "x")
    c = Problem(Path("a.yaml"), 2, 5, "schema", "x")
    assert capped([a, b, c]) == [c, b, a]
