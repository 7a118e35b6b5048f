"""The canonical layout of record files, for `kcbilat fmt` and `kcbilat new`.

ruamel.yaml's round trip gives the structure and writes it in one layout: keys in
the documented order (records.KEY_ORDER), two-space indentation, lists of ids in
flow style, plain scalars where they read back as the same string (else single
quotes; double quotes only for a line break), block scalars (`>-`, `|`) kept with
their line breaks, no re-wrapping. Comments are lifted off the text first, tied to
the key or item they stand before (or end the line of), and put back beside that
same key afterwards, so that reordering keys never moves a comment to a stranger.
Every result is checked before it is offered: it must read back to the same values
and hold the same comments, or the file is not formatted (FormatError).
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from . import records
from .comments import (
    Comments,
    FormatError,
    attach,
    comment_texts,
    entries_of,
    layout,
)
from .problems import Path_

#: the validation codes that mean "not plain, readable YAML": such a file is never rewritten
YAML_LEVEL = frozenset(
    {"yaml-syntax", "yaml-feature", "encoding", "bad-char", "limit", "not-a-file"}
)
#: the file kinds (as the loader names them) and the record type of their root
ROOT = {"agreement": "agreement", "meeting": "meeting", "parties": "party", "sectors": "sector"}
SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/{kind}.json"

_ID_LISTS = frozenset({"parties", "sectors", "responsible", "aliases"})
#: record type → {key: ("list" | "map" | "flow-map", the record type of the value)}
_CHILDREN: dict[str, dict[str, tuple[str, str]]] = {
    "agreement": {"sources": ("list", "source"), "commitments": ("list", "commitment")},
    "commitment": {
        "recurs": ("flow-map", "recurs"),
        "status_sources": ("list", "source"),
        "updates": ("list", "update"),
        "assessment": ("map", "assessment"),
        "sources": ("list", "source"),
        "disputed": ("list", "disputed"),
    },
    "update": {"sources": ("list", "source")},
    "assessment": {"sources": ("list", "source")},
    "disputed": {"sources": ("list", "source")},
    "meeting": {"fulfils": ("list", "fulfil"), "sources": ("list", "source")},
}
_NESTED = {
    "recurs": records.Recurrence,
    "update": records.Update,
    "assessment": records.Assessment,
    "disputed": records.Disputed,
    "fulfil": records.Fulfilment,
}


def key_order(kind: str) -> tuple[str, ...]:
    """The canonical key order of a record type (docs/reference/data-format.md)."""
    if kind in records.KEY_ORDER:
        return records.KEY_ORDER[kind]
    return tuple("from" if f.name == "from_" else f.name for f in fields(_NESTED[kind]))


class Verbatim(str):
    """A date or timestamp exactly as written (even an impossible one: `2026-02-30`)."""


_TIMESTAMP = "tag:yaml.org,2002:timestamp"


@functools.cache
def _classes() -> tuple[Any, Any]:
    from ruamel.yaml.constructor import RoundTripConstructor
    from ruamel.yaml.representer import RoundTripRepresenter

    class Constructor(RoundTripConstructor):
        pass

    class Representer(RoundTripRepresenter):
        pass

    def construct_timestamp(constructor: Any, node: Any) -> Verbatim:
        return Verbatim(node.value)

    def represent_str(representer: Any, data: str) -> Any:
        # A line break inside a quoted string: one line with an escape, never a line
        # break the reader has to fold back.
        style = '"' if "\n" in data or "\r" in data else None
        return representer.represent_scalar("tag:yaml.org,2002:str", data, style=style)

    def represent_verbatim(representer: Any, data: Verbatim) -> Any:
        return representer.represent_scalar(_TIMESTAMP, str(data))

    Constructor.add_constructor(_TIMESTAMP, construct_timestamp)
    Representer.add_representer(str, represent_str)
    Representer.add_representer(Verbatim, represent_verbatim)
    return Constructor, Representer


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.Constructor, yaml.Representer = _classes()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 1_000_000  # never re-wrap a line
    yaml.preserve_quotes = False
    yaml.allow_unicode = True
    return yaml


# -- the canonical tree -----------------------------------------------------------------------


def _fresh(value: Any) -> Any:
    """A scalar without the comment ruamel keeps on block scalars."""
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    if isinstance(value, FoldedScalarString):
        copy = FoldedScalarString(str(value))
        copy.fold_pos = list(getattr(value, "fold_pos", []))
        return copy
    if isinstance(value, LiteralScalarString):
        return LiteralScalarString(str(value))
    return value


def _copy(node: Any, flow: bool | None = None) -> Any:
    """A comment-free copy of an unknown part, in its own flow or block style."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, dict):
        out: Any = CommentedMap()
        for key, value in node.items():
            out[key] = _copy(value)
    elif isinstance(node, list):
        out = CommentedSeq(_copy(item) for item in node)
    else:
        return _fresh(node)
    style = node.fa.flow_style() if flow is None and hasattr(node, "fa") else flow
    if style:
        out.fa.set_flow_style()
    else:
        out.fa.set_block_style()
    return out


def _record(node: Any, kind: str, flow: bool = False) -> Any:
    """A mapping of a known record type in canonical key order, its parts canonical too."""
    from ruamel.yaml.comments import CommentedMap

    if not isinstance(node, dict):
        return _copy(node)
    order = key_order(kind)
    rank = {key: i for i, key in enumerate(order)}
    keys = sorted(node, key=lambda k: (0, rank[k]) if k in rank else (1, 0))
    out = CommentedMap()
    children = _CHILDREN.get(kind, {})
    for key in keys:
        value = node[key]
        if key not in rank:
            out[key] = _copy(value)
        elif key in _ID_LISTS and isinstance(value, list):
            out[key] = _copy(value, flow=True)
        elif key in children:
            shape, child = children[key]
            if shape == "list" and isinstance(value, list):
                out[key] = _list(value, child)
            else:
                out[key] = _record(value, child, flow=shape == "flow-map")
        elif kind == "disputed" and key == "value":
            out[key] = _disputed_value(value, node.get("field"))
        else:
            out[key] = _copy(value, flow=False if isinstance(value, dict | list) else None)
    if flow:
        out.fa.set_flow_style()
    else:
        out.fa.set_block_style()
    return out


def _list(items: list[Any], kind: str) -> Any:
    from ruamel.yaml.comments import CommentedSeq

    out = CommentedSeq()
    for item in items:
        if kind == "fulfil" and isinstance(item, dict) and set(item) == {"ref"}:
            out.append(_copy(item["ref"]))  # a ref without a period: the plain ref
        elif kind == "fulfil" and not isinstance(item, dict):
            out.append(_copy(item))
        else:
            out.append(_record(item, kind))
    out.fa.set_block_style()
    return out


def _disputed_value(value: Any, field: Any) -> Any:
    if field in ("responsible", "sectors") and isinstance(value, list):
        return _copy(value, flow=True)
    if field == "recurs" and isinstance(value, dict):
        return _record(value, "recurs", flow=True)
    return _copy(value)


def canonical(tree: Any, kind: str) -> Any:
    """The canonical tree of a file of `kind` (agreement | meeting | parties | sectors)."""
    from ruamel.yaml.comments import CommentedSeq

    record = ROOT[kind]
    if kind in ("parties", "sectors") and isinstance(tree, list):
        out = CommentedSeq(_record(item, record) for item in tree)
        out.fa.set_block_style()
        return out
    return _record(tree, record)


def _anchor(tree: Any, path: Path_) -> Path_:
    """Where a comment of the original `path` goes in the canonical tree: the path itself,
    or the nearest entry that still stands on a line of its own (a flow collection, or
    the item a `{ref: ...}` became)."""
    node, kept = tree, 0
    for step in path:
        flow = hasattr(node, "fa") and node.fa.flow_style()
        if flow or not isinstance(node, dict | list):
            break
        if step not in (node if isinstance(node, dict) else range(len(node))):
            break
        node = node[step]
        kept += 1
    return path[:kept]


# -- writing it out -------------------------------------------------------------------------


def _dump(tree: Any, yaml: Any) -> str:
    import io

    out = io.StringIO()
    yaml.dump(tree, out)
    text = out.getvalue()
    if isinstance(tree, list) and tree:
        # ruamel indents a top-level sequence by its offset too: bring it back to column 0
        lines = text.split("\n")
        if all(line.startswith("  ") or not line for line in lines):
            text = "\n".join(line[2:] for line in lines)
    return text


def _squeeze(lines: list[str], first: bool) -> list[str]:
    """Runs of blank lines become one; none at the start of a collection."""
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]) or (not out and not first):
            out.append(line)
    return out


def _render(tree: Any, comments: Comments, yaml: Any) -> str:
    """The canonical tree as text, with every comment put back beside its entry."""
    body = _dump(tree, yaml).rstrip("\n").split("\n")
    placed = yaml.load("\n".join(body) + "\n")
    entries = entries_of(placed, body)
    moved = Comments(comments.head, comments.tail)
    for table, target in (
        (comments.before, moved.before),
        (comments.after, moved.after),
        (comments.closing, moved.closing),
    ):
        for path, texts in table.items():
            target.setdefault(_anchor(tree, path), []).extend(texts)
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
    for number, line in enumerate(body):
        out += before.get(number, [])
        out.append("  ".join([line, *after[number]]) if number in after else line)
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
    from .yamlread import read_text

    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    yaml = _yaml()
    try:
        tree = yaml.load(text)
        found = layout(text, yaml)
    except FormatError:
        raise
    except Exception as exc:  # ruamel refused what the reader accepted: leave the file alone
        raise FormatError(f"cannot read it: {type(exc).__name__}") from None
    _string_keys(tree)
    try:
        result = _render(canonical(tree, kind), attach(found, tree, text.split("\n")), yaml)
    except FormatError:
        raise
    except Exception as exc:  # ruamel could not write it back: leave the file alone
        raise FormatError(f"cannot write it back: {type(exc).__name__}") from None
    before, after = read_text(text)[0], read_text(result)[0]
    if before is None or after is None or _plain_refs(before.value, kind) != after.value:
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
    from .loader import RECORD_DIRS, VOCABULARIES

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


def format_bytes(path: Path, raw: bytes, kind: str) -> Result:
    """Format the bytes of one file; a Result with `code` set when they cannot be."""
    from .yamlread import decode, read_text

    text, issues = decode(raw)
    if text is not None:
        doc, issues = read_text(text)
        issues = [i for i in issues if i.code in YAML_LEVEL] or (issues if doc is None else [])
    if issues:
        first = issues[0]
        return Result(path, raw, None, first.code, first.line, first.message)
    try:
        result = format_text(text, kind)
    except FormatError as exc:
        return Result(path, raw, None, "fmt", None, str(exc))
    return Result(path, raw, encode(result, line_end(raw)))


def format_file(path: Path, kind: str) -> Result:
    """Read and format one file (never through a symlink); nothing is written."""
    from .loader import NotAFile, read_regular
    from .problems import MAX_BYTES

    try:
        raw = read_regular(path)
    except NotAFile as exc:
        return Result(path, None, None, "not-a-file", None, f"cannot read: {exc}")
    except OverflowError:
        return Result(path, None, None, "limit", 1, f"the file is larger than {MAX_BYTES} bytes")
    return format_bytes(path, raw, kind)


def write(result: Result) -> None:
    """Replace the file by its formatted bytes, unless it changed since it was read
    (writefile.ChangedOnDisk)."""
    from .writefile import write_atomic

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

    yaml = _yaml()
    text = SCHEMA_LINE.format(kind=kind) + "\n" + _dump(CommentedMap(record), yaml)
    return format_text(text, kind)
