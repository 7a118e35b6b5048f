"""Faults of the machine, not of the data or kcbilat: each is one clear line and exit 2
(never "a bug in kcbilat"), leaves nothing half-written, and leaves no process behind."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import agreement, kcbilat, write_data

from kcbilat.core.problems import Fault


@pytest.fixture
def root(tmp_path):
    return write_data(tmp_path / "data", [agreement("mou")])


def test_standard_output_on_a_full_device(root):
    for args in (["status"], ["status", "-f", "json"], ["export"]):
        with open("/dev/full", "w") as full:
            done = subprocess.run(
                [sys.executable, "-m", "kcbilat", "--data", str(root), *args],
                stdout=full,
                stderr=subprocess.PIPE,
                text=True,
            )
        assert done.returncode == 2, args
        assert done.stderr.strip().splitlines() == [
            "kcbilat: cannot go on: the output: No space left on device"
        ]


def test_an_unreadable_folder_is_said_where_it_is(root, monkeypatch):
    """Tests run as root, who reads anything: the refusal is simulated where it happens."""
    real = os.scandir

    def scandir(path):
        if str(path).endswith("meetings"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = kcbilat("validate", "--data", str(root))
    assert result.exit_code == 1
    assert "error[not-a-file]: meetings/ cannot be read: Permission denied" in result.stdout
    assert kcbilat("status", "--data", str(root)).exit_code == 1  # fail closed


def test_schema_onto_a_file_or_a_read_only_folder(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    result = kcbilat("schema", "-o", str(target))
    assert result.exit_code == 2
    assert "internal error" not in result.stderr and "File exists" in result.stderr


def test_a_full_disk_under_sqlite_export(root, tmp_path, monkeypatch):
    import sqlite3

    from kcbilat.publish import export

    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(export, "fill", full)
    target = tmp_path / "out.db"
    result = kcbilat("export", "--data", str(root), "-f", "sqlite", "-o", str(target))
    assert result.exit_code == 2
    assert "database or disk is full (nothing was changed)" in result.stderr
    assert not list(tmp_path.glob("*.db*")) and not list(tmp_path.glob(".out.db*"))


def test_a_full_disk_under_csv_export_changes_nothing(root, tmp_path, monkeypatch):
    import errno

    folder = tmp_path / "tables"
    assert kcbilat("export", "--data", str(root), "-f", "csv", "-o", str(folder)).exit_code == 0
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    real = os.fsync
    calls = []

    def fsync(fd):
        calls.append(fd)
        if len(calls) == 4:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    result = kcbilat(
        "export", "--data", str(root), "--as-of", "2027-06-01", "-f", "csv", "-o", str(folder)
    )
    assert result.exit_code == 2
    assert "nothing was changed" in result.stderr
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def _killed(entries):
    os._exit(9)  # what a worker killed by the OOM killer or `kill -9` looks like


def test_a_killed_worker_is_a_clear_fault(tmp_path, monkeypatch):
    from kcbilat.read import loader

    root = write_data(tmp_path / "data", [agreement(f"a{i}") for i in range(8)])
    monkeypatch.setattr(loader, "PARALLEL_MIN", 4)
    monkeypatch.setattr(loader, "_read_chunk", _killed)
    with pytest.raises(Fault, match="was stopped"):
        loader.load(root, workers=2)


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="reads /proc (Linux)")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_workers_die_with_their_parent(tmp_path, sig):
    """Kill the process reading in parallel (SIGTERM, or SIGKILL, which it cannot catch):
    its workers end too, instead of waiting forever for work (reparented to PID 1)."""
    root = write_data(tmp_path / "data", [agreement(f"a{i}") for i in range(8)])
    script = textwrap.dedent(
        f"""
        import time
        from pathlib import Path
        from kcbilat.read import loader
        def slow(entries):
            time.sleep(60)
        loader.PARALLEL_MIN = 4
        loader._CHUNK = 2
        loader._read_chunk = slow
        loader.load(Path({str(root)!r}), workers=2)
        """
    )
    parent = subprocess.Popen([sys.executable, "-c", script])

    def children():
        found = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            if f"\nPPid:\t{parent.pid}\n" in text:
                found.append(int(status.parent.name))
        return found

    deadline = time.monotonic() + 20
    while len(children()) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    workers = children()
    assert len(workers) >= 2
    parent.send_signal(sig)
    parent.wait()
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = [pid for pid in workers if Path(f"/proc/{pid}/status").exists()
             and "State:\tZ" not in Path(f"/proc/{pid}/status").read_text()]  # fmt: skip
    assert alive == []


def test_a_path_with_terminal_escapes_is_printed_escaped(tmp_path):
    """A data directory whose name holds an escape sequence cannot drive the terminal through
    the summary line, -v, or the error for a missing --data."""
    root = write_data(tmp_path / "evil\x1b[2J\x1b]0;title\x07", [agreement("mou")])
    for args in (
        ["-v", "validate", "--data", str(root)],
        ["-v", "status", "--data", str(root)],
        ["--data", str(root / "missing\x1b[31m"), "status"],
        ["validate", "--data", str(root), str(root / "nope\x1b[31m")],
    ):
        result = kcbilat(*args)
        assert "\x1b" not in result.output and "\x07" not in result.output, args
        assert "\\x1b" in result.output, args
