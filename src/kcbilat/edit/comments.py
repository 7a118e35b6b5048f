"""Comments and blank lines of a record file, lifted off its text and tied to the keys
and items they belong to, so that `fmt` can put each back beside its own key after
reordering (ruamel's own comment attachment misplaces them when keys move).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kcbilat.core.problems import Path_


class FormatError(Exception):
    """The file cannot be formatted safely; the message says why."""


BLANK, FULL, EOL = "blank", "full", "eol"
BLOCK_HEADER = re.compile(r"[|>][-+0-9]*")
JOINED = re.compile(r"\s+(?=#)")


Found = list[tuple[int, str, str, int]]  # (0-based line, kind, text, column)


def layout(text: str, yaml: Any) -> Found:
    """Every comment and blank line of `text` outside scalars: (line, kind, text, column).

    Found in the text itself, guided by the scanner's tokens: whatever follows the last
    token ending on a line is a comment; a line no token touches is blank or a comment.
    """
    lines = text.split("\n")
    inside: set[int] = set()  # lines inside a multi-line scalar
    ends: dict[int, int] = {}  # line → column where its last token ends
    for token in yaml.scan(text):
        start, end = token.start_mark, token.end_mark
        if (start.line, start.column) == (end.line, end.column):
            continue
        style = getattr(token, "style", None)
        if type(token).__name__ == "ScalarToken" and style in ("|", ">"):
            header = BLOCK_HEADER.match(lines[start.line], start.column)
            ends[start.line] = header.end() if header else start.column + 1
            last = end.line - 1 if end.column == 0 else end.line
            keep = header is not None and "+" in header.group()
            while not keep and last > start.line and not lines[last].strip():
                last -= 1  # trailing blank lines are not part of the value
            inside.update(range(start.line + 1, last + 1))
            continue
        inside.update(range(start.line + 1, end.line + 1))
        ends[end.line] = max(ends.get(end.line, 0), end.column)
    found: Found = []
    for number, line in enumerate(lines):
        if number in ends:
            rest = line[ends[number] :]
            if rest.strip():
                if not rest.lstrip().startswith("#"):
                    raise FormatError(f"line {number + 1}: unexpected text {rest.strip()[:40]!r}")
                column = ends[number] + len(rest) - len(rest.lstrip())
                found.append((number, EOL, rest.strip(), column))
        elif number in inside:
            continue
        elif not line.strip():
            found.append((number, BLANK, "", 0))
        elif line.lstrip().startswith("#"):
            found.append((number, FULL, line.strip(), len(line) - len(line.lstrip())))
        else:
            raise FormatError(f"line {number + 1}: cannot tell what this line holds")
    if found and found[-1][1] == BLANK and found[-1][0] == len(lines) - 1:
        found.pop()  # the empty "line" after the final line break
    return found


Entry = tuple[Path_, int, int]  # (path, 0-based line, indentation: a key's or an item's dash)


def entries_of(node: Any, lines: list[str], path: Path_ = ()) -> list[Entry]:
    """Every mapping key and sequence item in document order."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    out: list[Entry] = []
    if isinstance(node, CommentedMap):
        for key in node:
            line, column = node.lc.key(key)
            out.append(((*path, key), line, column))
            out += entries_of(node[key], lines, (*path, key))
    elif isinstance(node, CommentedSeq):
        for index, item in enumerate(node):
            line, column = node.lc.item(index)
            before = lines[line][:column].rstrip() if line < len(lines) else ""
            dash = len(before) - 1 if before.endswith("-") else max(column - 2, 0)
            out.append(((*path, index), line, dash))
            out += entries_of(item, lines, (*path, index))
    return out


@dataclass
class Comments:
    """The comments and blank lines ("") of a file, tied to the entries they belong to."""

    head: list[str] = field(default_factory=list)  # before the first entry: the file's own
    tail: list[str] = field(default_factory=list)  # after the last entry, at the root's level
    before: dict[Path_, list[str]] = field(default_factory=dict)  # full lines before an entry
    after: dict[Path_, list[str]] = field(default_factory=dict)  # at the end of its first line
    #: full lines closing a nested mapping or list (indented deeper than what follows it)
    closing: dict[Path_, list[str]] = field(default_factory=dict)


def attach(found: Found, tree: Any, lines: list[str]) -> Comments:
    """Tie each comment to an entry: the one it ends the line of, the one it stands
    before, or (indented deeper than that one) the nested block it closes."""
    entries = entries_of(tree, lines)
    starts = [line for _, line, _ in entries]
    indents = {path: indent for path, _, indent in entries}
    comments = Comments()
    pending: list[str] = []  # blank lines go where the next comment of their run goes
    run = (-1, False)  # the entry the current run of lines stands before; left the block?
    for position, (line, kind, text, column) in enumerate(found):
        if kind == EOL:
            index = bisect.bisect_right(starts, line) - 1
            target = (
                comments.head if index < 0 else comments.after.setdefault(entries[index][0], [])
            )
            target.append(text)
            continue
        if kind == BLANK:
            following = found[position + 1] if position + 1 < len(found) else None
            if following and following[0] == line + 1 and following[1] != EOL:
                pending.append(text)
                continue
        index = bisect.bisect_right(starts, line)
        if run[0] != index:
            run = (index, False)
        if index == 0:
            target = comments.head
        else:
            target = comments.tail if index == len(entries) else None  # type: ignore[assignment]
            next_indent = entries[index][2] if index < len(entries) else 0
            if kind == FULL and column > next_indent and not run[1]:
                previous = next((e for e in reversed(entries[:index]) if e[2] <= column), None)
                if previous and previous[2] > next_indent:
                    path = previous[0]
                    # a list whose dashes stand in its key's column closes with the mapping
                    while isinstance(path[-1], int) and indents.get(path[:-1]) == indents[path]:
                        path = path[:-1]
                    target = comments.closing.setdefault(path[:-1], [])
            if target is None:
                target = comments.before.setdefault(entries[index][0], [])
            if kind == FULL and not any(target is c for c in comments.closing.values()):
                run = (index, True)  # what follows in this run stays in this order
        target += [*pending, text]
        pending = []
    comments.tail += pending
    return comments


def comment_texts(found: Found) -> Counter[str]:
    """The comments, each split where a `#` follows a space (comments ending one line
    may be joined into one)."""
    return Counter(
        piece for _, kind, text, _ in found if kind != BLANK for piece in JOINED.split(text)
    )
