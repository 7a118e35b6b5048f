"""Writes are all or nothing, never lose someone's edit, and never replace a file by surprise."""

import os

import pytest

from kcbilat.core.atomic import ChangedOnDisk, create_new, write_atomic


def test_create_never_replaces_a_file_that_appears(tmp_path):
    path = tmp_path / "x.yaml"
    create_new(path, "id: x\n")
    assert path.read_text(encoding="utf-8") == "id: x\n"
    with pytest.raises(FileExistsError):
        create_new(path, "id: other\n")
    assert path.read_text(encoding="utf-8") == "id: x\n"
    assert [p.name for p in tmp_path.iterdir()] == ["x.yaml"]  # no temp file left
    assert path.stat().st_mode & 0o777 != 0o600  # the usual mode, not mkstemp's


def test_write_atomic_keeps_the_mode_and_leaves_no_temp_file(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("old\n")
    path.chmod(0o640)
    write_atomic(path, "new\n")
    assert path.read_text() == "new\n" and path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["x.yaml"]


def test_a_failure_during_the_write_leaves_the_original_intact(tmp_path, monkeypatch):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"original\r\n")

    def broken(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", broken)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(path, "replacement\n")
    assert path.read_bytes() == b"original\r\n"
    assert [p.name for p in tmp_path.iterdir()] == ["x.yaml"]


def test_a_file_changed_since_it_was_read_is_not_overwritten(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("as read\n")
    read = path.read_bytes()
    path.write_text("edited meanwhile\n")
    with pytest.raises(ChangedOnDisk):
        write_atomic(path, "formatted\n", expect=read)
    assert path.read_text() == "edited meanwhile\n"
    assert [p.name for p in tmp_path.iterdir()] == ["x.yaml"]


def test_write_all_is_all_or_nothing(tmp_path, monkeypatch):
    """A full disk while writing the third of three files: no file changes, no temp file
    is left, other files in the folder are untouched."""
    import errno
    import os

    from kcbilat.core.atomic import write_all

    folder = tmp_path / "tables"
    folder.mkdir()
    write_all(folder, {"a.csv": "old a\n", "b.csv": "old b\n", "c.csv": "old c\n"})
    (folder / "notes.txt").write_text("mine\n")
    calls = []
    real = os.fsync

    def fsync(fd):
        calls.append(fd)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(OSError):
        write_all(folder, {"a.csv": "new a\n", "b.csv": "new b\n", "c.csv": "new c\n"})
    assert sorted(p.name for p in folder.iterdir()) == ["a.csv", "b.csv", "c.csv", "notes.txt"]
    assert [(folder / n).read_text() for n in ("a.csv", "b.csv", "c.csv")] == [
        "old a\n",
        "old b\n",
        "old c\n",
    ]
