"""Record files rewritten in the canonical layout, for `kcbilat fmt` and `kcbilat new`.

The canonical tree comes from canonical.py. Comments are lifted off the text first, tied to
the key or item they stand before (or end the line of), and put back beside that
same key afterwards, so that reordering keys never moves a comment to a stranger.
Every result is checked before it is offered: it must read back to the same values
and hold the same comments, or the file is not formatted (FormatError).
"""

from __future__ import annotations

import copy
import difflib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kcbilat.core.problems import Path_, Problem
from kcbilat.edit.canonical import anchor, canonical, dump, round_trip
from kcbilat.edit.comments import (
    Comments,
    FormatError,
    attach,
    comment_texts,
    entries_of,
    layout,
)

#: the validation codes that mean "not plain, readable YAML": such a file is never rewritten
YAML_LEVEL = frozenset(
    {"yaml-syntax", "yaml-feature", "encoding", "bad-char", "limit", "not-a-file"}
)
SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/{kind}.json"


def _squeeze(lines: list[str], first: bool) -> list[str]:
    """Runs of blank lines become one; none at the start of a collection."""
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]) or (not out and not first):
            out.append(line)
    return out


def _render(tree: Any, comments: Comments, yaml: Any) -> str:
    """The canonical tree as text, with every comment put back beside its entry."""
    body = dump(tree, yaml).rstrip("\n").split("\n")
    placed = yaml.load("\n".join(body) + "\n")
    entries = entries_of(placed, body)
    moved = Comments(comments.head, comments.tail)
    for table, target in (
        (comments.before, moved.before),
        (comments.after, moved.after),
        (comments.closing, moved.closing),
    ):
        for path, texts in table.items():
            target.setdefault(anchor(tree, path), []).extend(texts)
    before: dict[int, list[str]] = {}  # body line → full lines to put before it
    after: dict[int, list[str]] = {}  # body line → comments to end it with
    closing: dict[int, list[tuple[int, list[str]]]] = {}  # body line → (depth, lines) after it
    indent: dict[int, int] = {}
    for number, (path, line, column) in enumerate(entries):
        indent.setdefault(line, column)
        if path in moved.before:
            first = path[-1] == 0 or _first_key(placed, path) or line in before
            texts = _squeeze(moved.before.pop(path), first)
            before.setdefault(line, []).extend(_indented(texts, indent[line]))
        if path in moved.after:
            after.setdefault(line, []).extend(moved.after.pop(path))
        if path in moved.closing:
            end = next(
                (e[1] - 1 for e in entries[number + 1 :] if e[0][: len(path)] != path),
                len(body) - 1,
            )
            child = next((e for e in entries[number + 1 :] if e[0][:-1] == path), None)
            pad = child[2] if child and not _is_flow(_at(placed, path)) else column
            texts = _indented(_squeeze(moved.closing.pop(path), False), pad)
            closing.setdefault(end, []).append((len(path), texts))
    if moved.before or moved.after or moved.closing:  # never drop a comment
        raise FormatError("could not place every comment")
    out = _squeeze(list(comments.head), True)
    for number, text in enumerate(body):
        out += before.get(number, [])
        out.append("  ".join([text, *after[number]]) if number in after else text)
        for _, texts in sorted(closing.get(number, []), key=lambda item: -item[0]):
            out += texts
    out += _squeeze(list(comments.tail), False)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"


def _indented(texts: list[str], column: int) -> list[str]:
    return [" " * column + text if text else "" for text in texts]


def _at(tree: Any, path: Path_) -> Any:
    for step in path:
        tree = tree[step]
    return tree


def _is_flow(node: Any) -> bool:
    return bool(hasattr(node, "fa") and node.fa.flow_style())


def _first_key(tree: Any, path: Path_) -> bool:
    node = tree
    for step in path[:-1]:
        node = node[step]
    return isinstance(node, dict) and next(iter(node), None) == path[-1]


def format_text(text: str, kind: str) -> str:
    """The canonical text of one record file (LF line ends, no byte-order mark).

    `text` must be plain YAML (validation without yaml-level errors); FormatError when
    the result would not read back to the same values and comments.
    """
    return edit_text(text, kind, None)


#: a change to a record file's values: called on ruamel's round-trip tree, then on the
#: plain values read back from the original text (so it must build fresh values each time)
Edit = Callable[[Any], None]


def edit_text(text: str, kind: str, edit: Edit | None) -> str:
    """The canonical text of one record file after `edit` changed its values, every
    comment kept beside its own key or item (FormatError when that cannot be done).

    The comments are tied to their keys before the edit, so a key added anywhere takes
    none from its neighbours (ruamel keeps a comment on the key *before* it, and would
    hand it to a key inserted there), and the canonical layout puts the key in its place.
    The result must read back to the original values with `edit` applied, and hold the
    same comments; where the file was canonical, only the edited entries change.
    """
    from kcbilat.read.yamlread import read_text

    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    yaml = round_trip()
    try:
        tree = yaml.load(text)
        found = layout(text, yaml)
    except FormatError:
        raise
    except Exception as exc:  # ruamel refused what the reader accepted: leave the file alone
        raise FormatError(f"cannot read it: {type(exc).__name__}") from None
    _string_keys(tree)
    try:
        comments = attach(found, tree, text.split("\n"))
        if edit is not None:
            edit(tree)
        result = _render(canonical(tree, kind), comments, yaml)
    except FormatError:
        raise
    except Exception as exc:  # ruamel could not write it back: leave the file alone
        raise FormatError(f"cannot write it back: {type(exc).__name__}") from None
    before, after = read_text(text)[0], read_text(result)[0]
    if before is None or after is None:
        raise FormatError("the formatted text would not read back to the same values")
    expected = before.value
    if edit is not None:
        expected = copy.deepcopy(expected)
        edit(expected)
    if _plain_refs(expected, kind) != after.value:
        raise FormatError("the formatted text would not read back to the same values")
    try:
        kept = comment_texts(found) == comment_texts(layout(result, yaml))
    except Exception:  # the result does not even scan: a bug, but never a lost file
        kept = False
    if not kept:
        raise FormatError("the formatted text would not keep every comment")
    return result


def _plain_refs(value: Any, kind: str) -> Any:
    """The value as fmt means to write it: a `{ref: x}` fulfils item as the plain ref."""
    if kind == "meeting" and isinstance(value, dict) and isinstance(value.get("fulfils"), list):
        items = [
            item["ref"] if isinstance(item, dict) and set(item) == {"ref"} else item
            for item in value["fulfils"]
        ]
        return {**value, "fulfils": items}
    return value


def _string_keys(node: Any) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if not isinstance(key, str):
                raise FormatError("a mapping key is not a string")
            _string_keys(value)
    elif isinstance(node, list):
        for item in node:
            _string_keys(item)


# -- files ---------------------------------------------------------------------------------


def kind_of(path: Path) -> str | None:
    """The kind of a record file from where it stands, as the loader names kinds."""
    from kcbilat.read.files import RECORD_DIRS, VOCABULARIES

    if path.suffix != ".yaml":
        return None
    return VOCABULARIES.get(path.name) or RECORD_DIRS.get(path.parent.name)


def line_end(raw: bytes) -> str:
    """The file's line end: CRLF when its first line ends so, else LF."""
    first = raw.find(b"\n")
    return "\r\n" if first > 0 and raw[first - 1 : first] == b"\r" else "\n"


def encode(text: str, newline: str) -> bytes:
    return (text.replace("\n", "\r\n") if newline == "\r\n" else text).encode("utf-8")


@dataclass(frozen=True, slots=True)
class Result:
    """What fmt makes of one file: its bytes before and after, or why it was left alone."""

    path: Path
    before: bytes | None
    after: bytes | None = None
    code: str | None = None  # why it was not formatted (a validation code, or "fmt")
    line: int | None = None
    message: str = ""

    @property
    def changed(self) -> bool:
        return self.after is not None and self.after != self.before


def format_bytes(path: Path, raw: bytes, kind: str, edit: Edit | None = None) -> Result:
    """Format the bytes of one file (after `edit`, when given: see edit_text); a Result
    with `code` set when they cannot be."""
    from kcbilat.read.yamlread import decode, read_text

    text, issues = decode(raw)
    if text is not None:
        doc, issues = read_text(text)
        issues = [i for i in issues if i.code in YAML_LEVEL] or (issues if doc is None else [])
    if issues or text is None:
        first = issues[0]
        return Result(path, raw, None, first.code, first.line, first.message)
    try:
        result = format_text(text, kind) if edit is None else edit_text(text, kind, edit)
    except FormatError as exc:
        return Result(path, raw, None, "fmt", None, str(exc))
    return Result(path, raw, encode(result, line_end(raw)))


def format_file(path: Path, kind: str, edit: Edit | None = None) -> Result:
    """Read and format one file (never through a symlink), after `edit` when given;
    nothing is written."""
    from kcbilat.core.problems import MAX_BYTES
    from kcbilat.read.files import NotAFile, read_regular

    try:
        raw = read_regular(path)
    except NotAFile as exc:
        return Result(path, None, None, "not-a-file", None, f"cannot read: {exc}")
    except OverflowError:
        return Result(path, None, None, "limit", 1, f"the file is larger than {MAX_BYTES} bytes")
    return format_bytes(path, raw, kind, edit)


def write(result: Result) -> None:
    """Replace the file by its formatted bytes, unless it changed since it was read
    (writefile.ChangedOnDisk)."""
    from kcbilat.core.atomic import write_atomic

    assert result.after is not None and result.before is not None
    write_atomic(result.path, result.after, expect=result.before)


def unified_diff(result: Result, name: str) -> str:
    """What formatting changes, as a unified diff of the text (line ends shown as LF)."""
    assert result.after is not None and result.before is not None
    old = result.before.decode("utf-8", "replace").removeprefix("\ufeff").replace("\r\n", "\n")
    new = result.after.decode("utf-8").replace("\r\n", "\n")
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=name,
        tofile=f"{name} (formatted)",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def render_new(record: dict[str, Any], kind: str) -> str:
    """A new record's text: the schema line, then the record in canonical layout."""
    from ruamel.yaml.comments import CommentedMap

    yaml = round_trip()
    text = SCHEMA_LINE.format(kind=kind) + "\n" + dump(CommentedMap(record), yaml)
    return format_text(text, kind)


def targets(
    paths: list[Path], root: Path | None
) -> tuple[list[tuple[Path, str | None]], list[Problem]]:
    """The files `fmt` works on, with their kind (None: not a record file), and the
    `not-a-file` problems of the data folders listed (a symlink or FIFO where a record
    file should be). Every record file of `root` when given; a folder holding
    `agreements/` is a data directory; another folder, its `.yaml` record files.
    FileNotFoundError names a path that does not exist."""
    from kcbilat.read.files import list_files

    found: list[tuple[Path, str | None]] = []
    problems: list[Problem] = []
    if root is not None:
        entries, problems = list_files(root)
        found = [(e.path, e.kind) for e in entries]
    for path in paths:
        if not os.path.lexists(path):
            raise FileNotFoundError(path)
        if path.is_dir() and not path.is_symlink():
            if (path / "agreements").is_dir():
                entries, more = list_files(path)
                found += [(e.path, e.kind) for e in entries]
                problems += more
                continue
            for folder, dirs, files in os.walk(path):
                dirs.sort()
                for name in sorted(files):
                    file = Path(folder) / name
                    if name.endswith(".yaml") and kind_of(file):
                        found.append((file, kind_of(file)))
        else:
            found.append((path, kind_of(path)))
    seen: set[Path] = set()
    unique = []
    for path, kind in found:
        if path.absolute() not in seen:
            seen.add(path.absolute())
            unique.append((path, kind))
    return unique, [p for p in problems if p.code == "not-a-file"]
