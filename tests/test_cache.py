"""The cache of per-file results: used only while every key matches, never trusted otherwise."""

import marshal
import os
import pickle
import stat
from datetime import date

import pytest
from conftest import agreement, write_data

from kcbilat.check.validate import load_and_check
from kcbilat.read.cache import Cache

TODAY = date(2026, 11, 28)


def load(root, folder):
    cache = Cache(folder, root)
    data = load_and_check(root, TODAY, cache)
    return data, cache


@pytest.fixture
def setup(tmp_path):
    root = write_data(tmp_path / "data", [agreement("a1"), agreement("a2")])
    folder = tmp_path / "cache"
    _, cache = load(root, folder)
    assert (cache.hits, cache.misses) == (0, 4)
    _, cache = load(root, folder)
    assert (cache.hits, cache.misses) == (4, 0)
    return root, folder


def titles(data):
    return {a.id: a.title for a in data.agreements.values()}


def test_an_edit_is_seen(setup):
    root, folder = setup
    path = root / "agreements" / "a1.yaml"
    path.write_text(path.read_text().replace("A memorandum", "Edited"))
    data, cache = load(root, folder)
    assert titles(data)["a1"] == "Edited" and cache.misses == 1


def test_touch_rename_delete_and_add(setup):
    root, folder = setup
    path = root / "agreements" / "a1.yaml"
    os.utime(path)
    assert load(root, folder)[1].misses == 1
    path.rename(root / "agreements" / "a3.yaml")
    data, cache = load(root, folder)
    assert [p.code for p in data.problems] == ["filename"] and cache.misses == 1
    (root / "agreements" / "a3.yaml").unlink()
    data, _ = load(root, folder)
    assert set(data.agreements) == {"a2"} and data.problems == []


def test_a_file_replaced_by_one_of_equal_size_and_mtime_is_read_again(setup):
    root, folder = setup
    path = root / "agreements" / "a1.yaml"
    before = os.stat(path)
    text = path.read_text().replace("A memorandum", "B memorandum")
    assert len(text) == before.st_size
    tmp = path.with_name("new.tmp")
    tmp.write_text(text)
    os.utime(tmp, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(tmp, path)
    assert os.stat(path).st_mtime_ns == before.st_mtime_ns
    data, cache = load(root, folder)
    assert titles(data)["a1"] == "B memorandum" and cache.misses == 1


def test_in_place_rewrite_with_the_old_mtime_is_caught_by_ctime(setup):
    root, folder = setup
    path = root / "agreements" / "a1.yaml"
    before = os.stat(path)
    path.write_text(path.read_text().replace("A memorandum", "C memorandum"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    data, _ = load(root, folder)
    assert titles(data)["a1"] == "C memorandum"


@pytest.mark.parametrize(
    "garbage",
    [b"", b"not marshal", marshal.dumps(("other", {})), marshal.dumps(42), pickle.dumps(42)],
)
def test_a_corrupt_or_foreign_cache_is_ignored(setup, garbage):
    root, folder = setup
    for file in folder.iterdir():
        file.write_bytes(garbage)
    data, cache = load(root, folder)
    assert cache.hits == 0 and set(data.agreements) == {"a1", "a2"}
    assert load(root, folder)[1].hits == 4  # and rewritten


def test_another_version_does_not_trust_the_cache(setup, monkeypatch):
    root, folder = setup
    monkeypatch.setattr("kcbilat.read.cache.__version__", "99.0")
    assert load(root, folder)[1].hits == 0


def test_cached_and_fresh_results_are_equal(setup):
    root, folder = setup
    (root / "agreements" / "bad.yaml").write_text("id: bad\ntitel: x\n")
    fresh = load_and_check(root, TODAY)
    load(root, folder)
    cached, cache = load(root, folder)
    assert cache.misses == 0
    assert cached.problems == fresh.problems
    assert cached.agreements == fresh.agreements and cached.meetings == fresh.meetings


def test_the_cache_lives_outside_the_data_folder_and_is_private(setup):
    root, folder = setup
    assert not any(p.suffix == ".cache" for p in root.rglob("*"))
    [file] = folder.iterdir()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(file.stat().st_mode) == 0o600


class Planted:
    """What a planted pickle would do when loaded: leave a mark."""

    def __reduce__(self):
        return (os.system, ("touch planted-ran",))


def test_a_planted_pickle_runs_no_code(setup, tmp_path, monkeypatch):
    """The cache is plain data (marshal): a pickle put at its path is only garbage."""
    root, folder = setup
    monkeypatch.chdir(tmp_path)
    for file in folder.iterdir():
        file.write_bytes(pickle.dumps(Planted()))
    data, cache = load(root, folder)
    assert not (tmp_path / "planted-ran").exists()
    assert cache.hits == 0 and set(data.agreements) == {"a1", "a2"}


def test_a_cache_others_can_write_is_made_private_or_not_used(tmp_path):
    root = write_data(tmp_path / "data", [agreement("a1")])
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o777)
    folder.chmod(0o777)
    load(root, folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700  # ours: closed
    [file] = folder.iterdir()
    file.chmod(0o666)  # a file others could have written: not trusted
    _, cache = load(root, folder)
    assert cache.hits == 0 and "not this user's own, private file" in (cache.note or "")


def test_a_cache_folder_of_another_user_is_not_used(tmp_path, monkeypatch):
    root = write_data(tmp_path / "data", [agreement("a1")])
    monkeypatch.setattr(os, "getuid", lambda: os.stat(tmp_path).st_uid + 1)
    _, cache = load(root, tmp_path / "cache")
    assert cache.hits == 0 and "belongs to another user" in (cache.note or "")
    assert not any((tmp_path / "cache").iterdir())  # and nothing written there


def test_a_change_to_kcbilat_own_code_does_not_trust_the_cache(setup, monkeypatch):
    root, folder = setup
    monkeypatch.setattr("kcbilat.read.cache._code_stamp", lambda: (1, 2, 3))
    assert load(root, folder)[1].hits == 0
