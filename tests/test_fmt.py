"""`kcbilat fmt`: the canonical layout, comments kept, safe writes, --check."""

import os
from pathlib import Path

import pytest
from conftest import agreement, kcbilat, meeting
from hypothesis import given, settings
from hypothesis import strategies as st

from kcbilat.core.atomic import ChangedOnDisk
from kcbilat.edit import comments as comments_module
from kcbilat.edit import fmt
from kcbilat.edit.canonical import round_trip
from kcbilat.read.filecheck import check_file
from kcbilat.read.yamlread import decode, read_text

CORPUS = Path(__file__).parent / "fmt"
CASES = sorted(p.name.removesuffix(".in.yaml") for p in CORPUS.glob("*.in.yaml"))
#: corpus inputs that are not valid records on purpose
INVALID = {"agreement-unknown"}


def run(*args, env=None):
    return kcbilat(*args, env=env)


def corpus(case: str) -> tuple[str, bytes, bytes]:
    kind = case.split("-")[0]
    before = (CORPUS / f"{case}.in.yaml").read_bytes()
    after = (CORPUS / f"{case}.out.yaml").read_bytes()
    return kind, before, after


def value(raw: bytes):
    text, issues = decode(raw)
    assert not issues
    doc, issues = read_text(text)
    assert not issues
    return doc.value


def comments(raw: bytes):
    text = decode(raw)[0].replace("\r\n", "\n")
    return comments_module.comment_texts(
        comments_module.layout(text, round_trip())
    )  # joined eol comments split


def plain_refs(data):
    """fmt writes a fulfils item without a period as the plain ref."""
    if isinstance(data, dict) and isinstance(data.get("fulfils"), list):
        items = [
            i["ref"] if isinstance(i, dict) and list(i) == ["ref"] else i for i in data["fulfils"]
        ]
        return {**data, "fulfils": items}
    return data


# -- the corpus: messy input → expected canonical output --------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_corpus_gives_the_expected_layout(case):
    kind, before, expected = corpus(case)
    result = fmt.format_bytes(CORPUS / f"{case}.in.yaml", before, kind)
    assert result.code is None, result.message
    assert result.after.decode("utf-8") == expected.decode("utf-8")
    assert result.after == expected


@pytest.mark.parametrize("case", CASES)
def test_formatting_twice_changes_nothing(case):
    kind, _, expected = corpus(case)
    result = fmt.format_bytes(CORPUS / "x.yaml", expected, kind)
    assert result.after == expected
    assert not result.changed


@pytest.mark.parametrize("case", CASES)
def test_values_and_comments_are_kept(case):
    kind, before, after = corpus(case)
    assert plain_refs(value(before)) == value(after)
    assert comments(before) == comments(after)
    if case not in INVALID:
        for raw in (before, after):
            doc = read_text(decode(raw)[0])[0]
            records, issues, _ = check_file(kind, doc)
            assert issues == []
        assert check_file(kind, read_text(decode(before)[0])[0])[0] == records


def test_the_corpus_covers_crlf_bom_and_canonical_files():
    _, crlf, crlf_out = corpus("meeting-crlf")
    assert crlf.startswith(b"\xef\xbb\xbf") and b"\r\n" in crlf
    assert not crlf_out.startswith(b"\xef\xbb\xbf")
    assert crlf_out.count(b"\r\n") == crlf_out.count(b"\n")  # CRLF kept, on every line
    _, bom, bom_out = corpus("meeting-bom")
    assert bom_out == bom[3:]  # only the byte-order mark goes
    _, canonical, canonical_out = corpus("agreement-canonical")
    assert canonical == canonical_out


def test_comments_stay_with_their_keys_when_keys_move():
    text = (
        "# header\n"
        "title: A title  # eol of title\n"
        "# before id\n"
        "id: x\n"
        "sources:\n"
        "  - title: T\n"
        "    # before url\n"
        "    url: https://example.org\n"
        "# before type\n"
        "type: mou\n"
    )
    out = fmt.format_text(text, "agreement").splitlines()
    assert out[0] == "# header"
    assert out[out.index("id: x") - 1] == "# before id"
    assert "title: A title  # eol of title" in out
    assert out[out.index("type: mou") - 1] == "# before type"
    url = next(i for i, line in enumerate(out) if "url:" in line)
    assert out[url - 1] == "  # before url"  # the item's first line: the comment goes above
    assert out[url] == "  - url: https://example.org"


def test_quoting_rules():
    text = (
        "id: q\n"
        "title: \"A 'quoted' title\"\n"
        "type: 'mou'\n"
        "signed: '2026'\n"
        "place: 'yes'\n"
        'summary: "#hash: colon"\n'
        'notes: "two\\nlines"\n'
    )
    out = fmt.format_text(text, "agreement")
    assert "title: A 'quoted' title\n" in out  # plain where it reads back the same
    assert "type: mou\n" in out
    assert "signed: '2026'\n" in out  # a string that would read as a number stays quoted
    assert "place: yes\n" in out  # YAML 1.2: yes is text
    assert "summary: '#hash: colon'\n" in out  # single quotes where plain is unsafe
    assert 'notes: "two\\nlines"\n' in out  # double quotes only for a line break
    assert value(out.encode()) == value(text.encode())


def test_no_rewrapping_of_long_lines():
    long = "word " * 60 + "end"
    out = fmt.format_text(f"id: w\ntitle: {long}\n", "agreement")
    assert f"title: {long}\n" in out


def test_render_new_is_canonical():
    text = fmt.render_new(
        {"title": "T", "id": "m", "status": "held", "date": "2026-01-05", "parties": ["a"]},
        "meeting",
    )
    assert text.startswith("# yaml-language-server: $schema=../../schemas/meeting.json\n")
    assert fmt.format_text(text, "meeting") == text


# -- the command -------------------------------------------------------------------------------


MESSY = """\
title: A memorandum   # eol
id: mou
type: 'mou'
parties:
  - kr-mcee
  - cn-mee
sectors: [climate]
summary: What it is.
sources:
    - title: A source
      url: https://example.org/x
"""


@pytest.fixture
def messy(data_dir):
    root = data_dir([MESSY], [meeting("m", "2026-03-01", [])])
    return root, root / "agreements" / "mou.yaml"


def test_fmt_reformats_and_counts(messy):
    root, path = messy
    result = run("fmt", "--data", str(root))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"reformatted {path}\n"
    assert "1 file reformatted, 3 unchanged" in result.stderr
    assert path.read_text(encoding="utf-8").startswith("id: mou\ntitle: A memorandum  # eol\n")
    again = run("fmt", "--check", "--data", str(root))
    assert again.exit_code == 0
    assert again.stdout == ""


def test_fmt_check_changes_nothing_and_prints_a_diff(messy):
    root, path = messy
    before = path.read_bytes()
    result = run("fmt", "--check", "--data", str(root))
    assert result.exit_code == 1
    assert path.read_bytes() == before
    assert result.stdout.startswith(f"--- {path}\n+++ {path} (formatted)\n@@ ")
    assert "-title: A memorandum   # eol\n" in result.stdout
    assert "+title: A memorandum  # eol\n" in result.stdout
    assert f"would reformat {path}" in result.stderr
    assert "1 file would be reformatted, 3 unchanged" in result.stderr


def test_fmt_check_sees_a_byte_order_mark(data_dir):
    root = data_dir([agreement()])
    path = root / "agreements" / "mou.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert run("fmt", "--check", "--data", str(root)).exit_code == 1
    assert run("fmt", "--data", str(root)).exit_code == 0
    assert not path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_fmt_keeps_crlf(data_dir):
    root = data_dir([MESSY])
    path = root / "agreements" / "mou.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert run("fmt", "--data", str(root)).exit_code == 0
    raw = path.read_bytes()
    assert raw.startswith(b"id: mou\r\n") and raw.count(b"\n") == raw.count(b"\r\n")


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("id: x\ntitle: [unclosed\n", "yaml-syntax", 3),
        ("id: &a x\ntitle: *a\n", "yaml-feature", 1),
        ("id: x\nid: y\n", "yaml-syntax", 2),
        ("id: x\ntitle: a\x07b\n", "bad-char", 2),
    ],
)
def test_yaml_broken_files_are_left_untouched(data_dir, text, code, line):
    root = data_dir([agreement()])
    broken = root / "agreements" / "broken.yaml"
    broken.write_text(text, encoding="utf-8")
    before = broken.read_bytes()
    result = run("fmt", "--data", str(root))
    assert result.exit_code == 1
    assert broken.read_bytes() == before
    assert f"{broken}: not formatted: {code} at line {line}" in result.stderr
    assert "1 not formatted" in result.stderr


def test_a_file_not_in_utf8_is_left_untouched(data_dir):
    root = data_dir([agreement()])
    broken = root / "agreements" / "latin.yaml"
    broken.write_bytes(b"id: latin\ntitle: caf\xe9\n")
    result = run("fmt", "--data", str(root))
    assert result.exit_code == 1
    assert broken.read_bytes() == b"id: latin\ntitle: caf\xe9\n"
    assert f"{broken}: not formatted: encoding at line 2" in result.stderr


def test_a_symlink_is_reported_and_not_followed(data_dir, tmp_path):
    root = data_dir([agreement()])
    outside = tmp_path / "outside.yaml"
    outside.write_text(MESSY, encoding="utf-8")
    (root / "agreements" / "link.yaml").symlink_to(outside)
    result = run("fmt", "--data", str(root))
    assert result.exit_code == 1
    assert "link.yaml: not formatted: not-a-file" in result.stderr
    assert outside.read_text(encoding="utf-8") == MESSY


def test_paths_name_files_and_folders(messy):
    root, path = messy
    result = run("fmt", "--check", str(path))
    assert result.exit_code == 1
    assert result.stderr.count("would reformat") == 1
    assert run("fmt", "--check", str(root / "meetings")).exit_code == 0
    assert run("fmt", str(root / "agreements")).exit_code == 0
    assert run("fmt", "--check", str(root)).exit_code == 0


def test_a_file_that_is_not_a_record_is_refused(data_dir, tmp_path):
    stray = tmp_path / "notes.yaml"
    stray.write_text("a: 1\n", encoding="utf-8")
    readme = data_dir() / "agreements" / "README.md"
    readme.write_text("# Agreements\n\nOne file per agreement.\n", encoding="utf-8")
    for path in (stray, readme):
        before = path.read_bytes()
        result = run("fmt", str(path))
        assert result.exit_code == 1
        assert "not formatted: not a record file" in result.stderr
        assert path.read_bytes() == before
    assert run("fmt", str(tmp_path / "missing.yaml")).exit_code == 2


def test_an_empty_file_is_reported(data_dir):
    root = data_dir()
    (root / "meetings" / "empty.yaml").write_text("# only a comment\n", encoding="utf-8")
    result = run("fmt", "--data", str(root))
    assert result.exit_code == 1
    assert "empty.yaml: not formatted: schema at line 1" in result.stderr
    assert (root / "meetings" / "empty.yaml").read_text(encoding="utf-8") == "# only a comment\n"


# -- writing safely ----------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["replace", "fsync"])
def test_a_failed_write_leaves_the_original_intact(messy, monkeypatch, target):
    root, path = messy
    before = path.read_bytes()

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, target, broken)
    result = run("fmt", "--data", str(root))
    assert result.exit_code == 1
    assert "cannot write: No space left on device" in result.stderr
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["mou.yaml"]  # no temp file left


def test_a_file_changed_between_read_and_write_is_not_overwritten(messy, monkeypatch):
    root, path = messy
    edited = MESSY.replace("What it is.", "Someone else's edit.")
    real = fmt.format_text

    def meanwhile(text, kind):
        result = real(text, kind)
        if kind == "agreement":
            path.write_text(edited, encoding="utf-8")  # an editor saves while fmt works
        return result

    monkeypatch.setattr(fmt, "format_text", meanwhile)
    result = run("fmt", "--data", str(root))
    assert result.exit_code == 1
    assert f"{path}: changed on disk while being formatted: not overwritten" in result.stderr
    assert path.read_text(encoding="utf-8") == edited
    assert sorted(p.name for p in path.parent.iterdir()) == ["mou.yaml"]


def test_write_refuses_changed_bytes(messy):
    _, path = messy
    result = fmt.format_file(path, "agreement")
    path.write_text(MESSY + "notes: added\n", encoding="utf-8")
    with pytest.raises(ChangedOnDisk):
        fmt.write(result)
    assert path.read_text(encoding="utf-8").endswith("notes: added\n")


def test_the_repository_data_is_formatted():
    data = Path(__file__).resolve().parent.parent / "data"
    result = run("fmt", "--check", "--data", str(data))
    assert result.exit_code == 0, result.stdout


# -- properties: any plain layout, any comments ------------------------------------------------

WORDS = st.sampled_from(
    ["climate", "yes", "2026", "2026-H1", "a: b", "#x", "it's", 'say "hi"', "x  y", "한중", "- z"]
)
IDS = st.lists(st.sampled_from(["kr-mcee", "cn-mee", "kr-msit"]), min_size=1, max_size=3)
SOURCE = st.fixed_dictionaries({"url": st.just("https://example.org/s"), "title": WORDS})


def shuffled(mapping_strategy):
    return mapping_strategy.flatmap(
        lambda m: st.permutations(list(m.items())).map(dict) if m else st.just(m)
    )


COMMITMENT = shuffled(
    st.fixed_dictionaries(
        {"id": st.just("c"), "title": WORDS, "sectors": IDS, "responsible": IDS},
        optional={
            "recurs": shuffled(
                st.fixed_dictionaries({"every": st.just("annual"), "from": st.just(2026)})
            ),
            "sources": st.lists(shuffled(SOURCE), max_size=2),
            "zz-unknown": WORDS,
        },
    )
)
AGREEMENT = shuffled(
    st.fixed_dictionaries(
        {"id": st.just("a"), "title": WORDS, "parties": IDS, "sources": st.lists(SOURCE)},
        optional={"summary": WORDS, "commitments": st.lists(COMMITMENT, max_size=2)},
    )
)


def messy_text(record, flow_lists, indent, comment_every, eol_every):
    """The record dumped in a given style, with comment lines and end-of-line comments
    scattered over it."""
    import io

    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    def build(value):
        if isinstance(value, dict):
            out = CommentedMap((k, build(v)) for k, v in value.items())
            return out
        if isinstance(value, list):
            out = CommentedSeq(build(v) for v in value)
            if flow_lists and all(isinstance(v, str) for v in value):
                out.fa.set_flow_style()
            return out
        return value

    yaml = YAML()
    yaml.indent(mapping=indent, sequence=indent + 2, offset=indent)
    buffer = io.StringIO()
    yaml.dump(build(record), buffer)
    lines = []
    for number, line in enumerate(buffer.getvalue().splitlines()):
        if comment_every and number % comment_every == 0:
            lines.append(" " * (number % 7) + f"# comment {number}")
        if number % 5 == 3:
            lines.append(" " * (number % 3))  # a blank line
        lines.append(line + (f"   # eol {number}" if eol_every and number % eol_every == 1 else ""))
    return "\n".join(lines) + "\n"


@settings(max_examples=100, deadline=None)
@given(
    AGREEMENT,
    st.booleans(),
    st.sampled_from([2, 4]),
    st.integers(min_value=0, max_value=4),
    st.integers(min_value=0, max_value=3),
)
def test_any_layout_formats_to_a_fixed_point(record, flow_lists, indent, comment_every, eol):
    text = messy_text(record, flow_lists, indent, comment_every, eol)
    out = fmt.format_text(text, "agreement")  # never a FormatError: the guard agrees
    assert fmt.format_text(out, "agreement") == out
    assert value(out.encode()) == value(text.encode())
    assert comments(out.encode()) == comments(text.encode())
    first_key = next(line for line in out.splitlines() if line and not line.startswith("#"))
    assert first_key.startswith("id: a")
