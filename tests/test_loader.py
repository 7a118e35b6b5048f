"""Finding the data directory and reading the folder: what is read, what is refused."""

import os
from datetime import date
from pathlib import Path

import pytest
from conftest import agreement, write_data

from kcbilat.check.validate import validate_dir
from kcbilat.read.files import DataDir, DataDirError, bundled_data_dir, find_data_dir

TODAY = date(2026, 11, 28)


def found(root):
    return [(p.file.name, p.code, p.line, p.column) for p in validate_dir(root, TODAY)]


def test_data_dir_order(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    (repo / "data" / "agreements").mkdir(parents=True)
    deep = repo / "a" / "b"
    deep.mkdir(parents=True)
    other = tmp_path / "other"
    other.mkdir()
    (other / "parties.yaml").write_text("[]\n")
    assert find_data_dir(None, {}, deep) == DataDir(repo / "data", "found")
    assert find_data_dir(None, {"KCBILAT_DATA": str(other)}, deep).path == other
    given = find_data_dir(str(repo / "data"), {"KCBILAT_DATA": str(other)}, deep)
    assert given == DataDir(repo / "data", "--data")
    assert find_data_dir(None, {}, tmp_path) == DataDir(bundled_data_dir(), "bundled")
    with pytest.raises(DataDirError, match="--data"):
        find_data_dir(str(tmp_path / "missing"), {}, tmp_path)
    with pytest.raises(DataDirError, match="KCBILAT_DATA"):
        find_data_dir(None, {"KCBILAT_DATA": str(tmp_path / "missing")}, tmp_path)


def test_checking_and_editing_never_fall_back_to_the_bundled_data(tmp_path):
    with pytest.raises(DataDirError, match="no data directory here"):
        find_data_dir(None, {}, tmp_path, bundled=False)


def test_a_folder_that_is_not_a_data_directory_is_refused(tmp_path):
    repo = tmp_path / "repo"
    (repo / "data" / "agreements").mkdir(parents=True)
    with pytest.raises(DataDirError, match=r"did you mean --data .*repo/data\?"):
        find_data_dir(str(repo), {}, tmp_path)
    (tmp_path / "records").mkdir()
    with pytest.raises(DataDirError, match="not a kcbilat data directory"):
        find_data_dir(None, {"KCBILAT_DATA": str(tmp_path / "records")}, tmp_path)


def test_a_data_folder_without_agreements_is_not_taken(tmp_path):
    (tmp_path / "data").mkdir()
    assert find_data_dir(None, {}, tmp_path).bundled


def test_symlinks_fifos_folders_and_odd_names_are_reported_not_read(tmp_path):
    root = write_data(tmp_path / "data", [agreement()])
    agreements = root / "agreements"
    (agreements / "link.yaml").symlink_to(agreements / "mou.yaml")
    (agreements / "outside.yaml").symlink_to("/etc/passwd")
    os.mkfifo(agreements / "pipe.yaml")
    (agreements / "sub.yaml").mkdir()
    (agreements / "mou.yml").write_text("id: x\n")
    (agreements / "Capital.yaml").write_text("id: x\n")
    (agreements / "with space.yaml").write_text("id: x\n")
    (agreements / "backup.yaml.bak").write_text("id: x\n")
    (agreements / "README.md").write_text("notes for editors\n")
    result = found(root)  # a FIFO opened for reading would hang here
    assert sorted(result) == sorted(
        [
            ("Capital.yaml", "filename", None, None),
            ("backup.yaml.bak", "filename", None, None),
            ("link.yaml", "not-a-file", None, None),
            ("mou.yml", "filename", None, None),
            ("outside.yaml", "not-a-file", None, None),
            ("pipe.yaml", "not-a-file", None, None),
            ("sub.yaml", "not-a-file", None, None),
            ("with space.yaml", "filename", None, None),
        ]
    )


def test_missing_vocabulary_files_and_folders(tmp_path):
    root = tmp_path / "data"
    (root / "agreements").mkdir(parents=True)
    (root / "meetings").write_text("a file, not a folder")
    codes = {(name, code) for name, code, _, _ in found(root)}
    assert codes == {
        ("parties.yaml", "not-a-file"),
        ("sectors.yaml", "not-a-file"),
        ("meetings", "not-a-file"),
    }


def test_an_absent_record_folder_is_empty(tmp_path):
    # git keeps no empty folder: a fresh clone of a data set without meetings has no meetings/
    root = write_data(tmp_path / "data", [agreement()])
    (root / "meetings").rmdir()
    assert found(root) == []


def test_a_file_over_one_mebibyte_is_refused_before_parsing(tmp_path):
    root = write_data(tmp_path / "data")
    (root / "agreements" / "big.yaml").write_text("id: big\nnotes: " + "x" * (1024 * 1024) + "\n")
    assert found(root) == [("big.yaml", "limit", 1, 1)]


def test_unreadable_vocabulary_does_not_cascade(tmp_path):
    root = write_data(tmp_path / "data", [agreement()], parties="- id: [unclosed\n")
    assert [code for _, code, _, _ in found(root)] == ["yaml-syntax"]


def test_problems_are_sorted_by_file_and_line_and_capped(tmp_path):
    body = "id: many\n" + "".join(f"x{i}: 1\n" for i in range(80))
    root = write_data(tmp_path / "data")
    (root / "agreements" / "many.yaml").write_text(body)
    result = found(root)
    assert len(result) == 51
    assert result[-1][1] == "limit"
    lines = [line for _, _, line, _ in result[:-1]]
    assert lines == sorted(lines)


def test_bundled_data_is_valid():
    assert validate_dir(bundled_data_dir(), TODAY) == []


def test_paths_are_kept_as_given(tmp_path):
    root = write_data(tmp_path / "data")
    (root / "agreements" / "x.yaml").write_text("id: y\n")
    problems = validate_dir(root, TODAY)
    assert all(isinstance(p.file, Path) and p.file.is_absolute() for p in problems)


def test_many_files_are_read_in_parallel_with_the_same_result(tmp_path, monkeypatch):
    import kcbilat.read.loader as loader

    agreements = [agreement(f"a{i}") for i in range(12)]
    agreements[5] = agreements[5].replace("title:", "titel:", 1)
    root = write_data(tmp_path / "data", agreements)
    one = validate_dir(root, TODAY)
    monkeypatch.setattr(loader, "PARALLEL_MIN", 4)
    monkeypatch.setattr(loader, "_CHUNK", 3)
    import concurrent.futures

    pools = []

    class Pool(concurrent.futures.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            pools.append(args)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Pool)
    assert validate_dir(root, TODAY) == one
    assert not pools  # a library call never forks unless asked to
    assert validate_dir(root, TODAY, workers=2) == one
    assert [p.code for p in one] == ["unknown-field"]
    assert pools  # the second process really was used


def test_one_run_lists_every_mistake_in_a_file_and_across_files(tmp_path):
    """Fixing one mistake never reveals another that was already there: references,
    dates and cross-file rules are checked on every part of a record that could be read,
    even when another part of the same file is broken."""
    meeting = (
        "id: m\n"
        "titel: A meeting\n"  # 2: unknown-field
        "date: 2026-13\n"  # 3: bad-date
        "status: held\n"
        "parties: [kr-msit, cn-mit]\n"  # 5: unknown-ref (cn-mit)
        "fulfils: [mou/ict-dialog]\n"  # 6: unknown-ref (a misspelt commitment)
        "series: s\n"
        "number: 1\n"
        "sources:\n  - url: https://example.org/m\n    title: M\n"
    )
    broken_agreement = agreement(
        "mou",
        signed="2026-01-50",  # 4: bad-date
        commitments="- id: ict\n  title: ICT\n  sectors: [digitl]\n  responsible: [kr-msit]\n"
        "  due: 2025\n",  # sectors: unknown-ref (digitl)
    )
    other = agreement("other", commitments="- id: x\n  title: X\n  sectors: [climate]\n"
                      "  responsible: [cn-mie]\n  due: 2026\n")  # fmt: skip
    root = write_data(tmp_path / "data", [broken_agreement, other], [meeting])
    assert sorted(found(root)) == sorted(
        [
            ("m.yaml", "unknown-field", 2, 1),
            ("m.yaml", "bad-date", 3, 7),
            ("m.yaml", "unknown-ref", 5, 20),
            ("m.yaml", "unknown-ref", 6, 11),
            ("mou.yaml", "bad-date", 4, 9),
            ("mou.yaml", "unknown-ref", 14, 15),
            ("other.yaml", "unknown-ref", 15, 19),
        ]
    )
