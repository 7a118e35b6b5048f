"""The data directory as it was at a git revision, read through `git`, never touching the
working tree or the index; and which files changed since a revision."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from kcbilat.core.problems import MAX_BYTES


class GitError(Exception):
    """git is missing, this is not a repository, or a revision is unknown (exit 2)."""


def git(args: list[str], cwd: Path, input: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, input=input, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


def toplevel(path: Path) -> Path:
    try:
        return Path(git(["rev-parse", "--show-toplevel"], path).decode().strip())
    except GitError:
        raise GitError(f"{path} is not inside a git repository") from None


def resolve(rev: str, cwd: Path) -> str:
    """The commit a revision names (a branch, tag, sha, HEAD~2...)."""
    if rev.startswith("-"):
        raise GitError(f"{rev!r} is not a revision")
    try:
        return git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd).decode().strip()
    except GitError:
        raise GitError(f"unknown revision {rev!r}") from None


def merge_base(cwd: Path) -> str:
    """Where the current branch left the main branch (main, master, or origin's default)."""
    for main in ("main", "master", "origin/main", "origin/master", "origin/HEAD"):
        try:
            resolve(main, cwd)
        except GitError:
            continue
        return git(["merge-base", "HEAD", main], cwd).decode().strip()
    raise GitError("no main branch found: name the base revision (kcbilat diff BASE)")


@dataclass
class Snapshot:
    """The files of a data directory at one commit: a listing and a reader of their bytes."""

    root: Path  # the data directory's path in the working tree (for display)
    rev: str
    repo: Path
    #: path relative to the data directory → (mode, object type, object id, size)
    entries: dict[str, tuple[str, str, str, int]] = field(default_factory=dict)
    _blobs: dict[str, bytes] = field(default_factory=dict)

    def kind(self, rel: str) -> str | None:
        """file | symlink | dir | other, or None when absent."""
        if rel in self.entries:
            mode, otype, _, _ = self.entries[rel]
            if otype == "blob":
                return "symlink" if mode == "120000" else "file"
            return "other"
        prefix = rel + "/"
        return "dir" if any(name.startswith(prefix) for name in self.entries) else None

    def children(self, folder: str) -> list[tuple[str, str]] | None:
        """(name, kind) of what a folder holds; [] when absent; None when not a folder."""
        if self.kind(folder) not in (None, "dir"):
            return None
        prefix = folder + "/"
        names = {
            name[len(prefix) :].split("/", 1)[0] for name in self.entries if name.startswith(prefix)
        }
        return sorted((name, self.kind(prefix + name) or "other") for name in names)

    def read(self, path: Path) -> bytes:
        """A file's bytes at the revision (all blobs are fetched in one `git cat-file`)."""
        from kcbilat.read.files import NotAFile

        rel = path.relative_to(self.root).as_posix()
        entry = self.entries.get(rel)
        if entry is None or entry[1] != "blob" or entry[0] == "120000":
            raise NotAFile("not a regular file at this revision")
        if entry[3] > MAX_BYTES:
            raise OverflowError(entry[3])
        if not self._blobs:
            self._fetch()
        return self._blobs[rel]

    def _fetch(self) -> None:
        wanted = [
            (rel, e[2])
            for rel, e in self.entries.items()
            if e[1] == "blob" and e[0] != "120000" and e[3] <= MAX_BYTES
        ]
        out = git(
            ["cat-file", "--batch"],
            self.repo,
            input="".join(f"{oid}\n" for _, oid in wanted).encode(),
        )
        at = 0
        for rel, _ in wanted:
            header_end = out.index(b"\n", at)
            size = int(out[at:header_end].split()[2])
            self._blobs[rel] = out[header_end + 1 : header_end + 1 + size]
            at = header_end + 1 + size + 1


def snapshot(root: Path, rev: str) -> Snapshot:
    """The data directory `root` (a folder of the working tree) as it was at `rev`."""
    if not root.is_dir():
        raise GitError(f"{root} is not a folder")
    repo = toplevel(root)
    commit = resolve(rev, repo)
    try:
        prefix = root.resolve().relative_to(repo.resolve()).as_posix()
    except ValueError:
        raise GitError(f"{root} is not inside the repository {repo}") from None
    out = git(["ls-tree", "-r", "-l", "-z", "--full-tree", commit, "--", prefix], repo)
    snap = Snapshot(root, commit, repo)
    for item in out.split(b"\0"):
        if not item:
            continue
        meta, _, name = item.partition(b"\t")
        mode, otype, oid, size = meta.decode().split()
        rel = name.decode("utf-8", "surrogateescape")
        rel = rel[len(prefix) + 1 :] if prefix != "." else rel
        snap.entries[rel] = (mode, otype, oid, int(size) if size.isdigit() else 0)
    if not snap.entries:
        raise GitError(f"{prefix} does not exist at {rev}")
    return snap


def changed_files(root: Path, rev: str) -> set[Path]:
    """Files changed since `rev` (committed, staged or not) plus untracked ones, as absolute
    paths."""
    repo = toplevel(root)
    commit = resolve(rev, repo)
    changed = git(["diff", "--name-only", "-z", commit, "--"], repo)
    untracked = git(["ls-files", "--others", "--exclude-standard", "-z"], repo)
    names = [n for n in (changed + b"\0" + untracked).split(b"\0") if n]
    return {(repo / n.decode("utf-8", "surrogateescape")).absolute() for n in names}


def short_rev(rev: str) -> str:
    """A full commit id shortened as git shows it; any other revision name as given."""
    return rev[:12] if len(rev) == 40 and all(c in "0123456789abcdef" for c in rev) else rev
