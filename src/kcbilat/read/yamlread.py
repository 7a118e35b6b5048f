"""YAML text → plain values with source positions, refusing everything but plain YAML.

The only reader of YAML in kcbilat. It consumes parser *events*, never a
composed tree, so an alias bomb or a 100,000-deep nesting is refused at the
first offending event instead of being built. Events come from libyaml (C,
through PyYAML) on the common path and from ruamel.yaml's parser whenever
libyaml refuses a text, so ruamel — the YAML 1.2 reference used by `fmt` —
has the last word on what is valid. Scalars are resolved with YAML 1.2 core
rules exactly as ruamel.yaml resolves them (see tests/test_yamlread.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kcbilat.core.problems import Issue, Path_, Pos
from kcbilat.read.scalars import resolve_plain

MAX_DEPTH = 32
MAX_NODES = 20_000
MAX_SCALAR = 10_000

#: C0 controls but tab/LF/CR, DEL, C1 controls, bidi embeddings and isolates
_BAD = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
#: those, and a CR that does not start a CRLF
BAD_CHARS = re.compile(f"[{_BAD}]|\r(?!\n)")
#: the same written as an escape in a double-quoted scalar, and a lone surrogate (`"\\ud800"`:
#: not a character, and no UTF-8 output can hold it)
BAD_ESCAPES = re.compile(f"[{_BAD}\ud800-\udfff]|\r(?!\n)")


@dataclass(slots=True)
class Document:
    """The plain value of a file and where each part of it stands.

    `values[path]` is the position of the value at `path`; `keys[path]` is the
    position of the key whose value is at `path` (mapping entries only). When read
    without positions, `text` is kept and they are found on first use.
    """

    value: Any
    values: dict[Path_, Pos] = field(default_factory=dict)
    keys: dict[Path_, Pos] = field(default_factory=dict)
    #: paths whose value was refused (an alias): schema errors there would repeat the issue
    refused: set[Path_] = field(default_factory=set)
    text: str | None = None

    def locate(self) -> None:
        """Find every position now (read the text again, this time keeping them)."""
        if self.text is not None:
            located, _ = read_text(self.text, positions=True)
            self.text = None
            if located is not None:
                self.values, self.keys, self.refused = located.values, located.keys, located.refused

    def at(self, path: Path_, key: bool = False) -> Pos:
        """The nearest known position for `path`: its key (if asked and known) or value.

        The root itself stands at line 1, column 1.
        """
        if self.text is not None:
            self.locate()
        if key and path in self.keys:
            return self.keys[path]
        while path:
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return 1, 1  # the record as a whole: line 1, like a missing top-level field


# -- event sources ---------------------------------------------------------------------


class ParseError(Exception):
    def __init__(self, line: int | None, column: int | None, message: str):
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


def _libyaml_events(text: str) -> Callable[[], Any]:
    """The next-event function of libyaml's C parser (through PyYAML)."""
    from yaml._yaml import CParser  # type: ignore[import-untyped]

    next_event: Callable[[], Any] = CParser(text).get_event
    return next_event


def _ruamel_events(text: str) -> Callable[[], Any]:
    """The next-event function of ruamel.yaml's (pure Python, YAML 1.2) parser."""
    from ruamel.yaml import YAML

    next_event: Callable[[], Any] = iter(YAML(typ="rt").parse(text)).__next__
    return next_event


def _mark_error(exc: Exception) -> ParseError:
    """Where the parser failed, and, for a construct left open (a quote, a bracket), the
    line where it began: an unclosed quote fails only at the end of the file."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    begun = getattr(exc, "context_mark", None)
    if context and begun is not None and mark is not None and begun.line != mark.line:
        context = f"{context} begun at line {begun.line + 1}, column {begun.column + 1}"
    message = f"{context}: {problem}" if context else str(problem)
    if mark is None:
        return ParseError(1, 1, message)
    return ParseError(mark.line + 1, mark.column + 1, message)


# -- the reader --------------------------------------------------------------------------


class _Stop(Exception):
    """Reading stops: the file is refused as a whole (limit, second document...)."""


#: event class → kind, learnt per class (libyaml's and ruamel's classes have the same names)
_KINDS: dict[type, str] = {}


def _kind(event: Any) -> str:
    cls = event.__class__
    kind = _KINDS.get(cls)
    if kind is None:
        kind = _KINDS[cls] = cls.__name__.removesuffix("Event")
    return kind


class _Builder:
    """Turns an event stream into plain values and issues, and with `positions` also the
    position of every value and key (only needed to place a problem, so the common path of
    a valid file skips it)."""

    def __init__(self, positions: bool) -> None:
        self.doc = Document(None)
        self.positions = positions
        self.issues: list[Issue] = []
        self.nodes = 0
        self.documents = 0
        self.aliases = False

    def issue(self, mark: Any, code: str, message: str) -> None:
        self.issues.append(Issue(mark.line + 1, mark.column + 1, code, message))

    def build(self, next_event: Callable[[], Any]) -> None:
        while True:
            event = next_event()
            kind = _kind(event)
            if kind == "DocumentStart":
                self.documents += 1
                if self.documents > 1:
                    self.issue(
                        event.start_mark,
                        "yaml-feature",
                        "a second YAML document ('---'): one record file holds one document",
                    )
                    raise _Stop
                if getattr(event, "version", None) or getattr(event, "tags", None):
                    self.issues.append(
                        Issue(1, 1, "yaml-feature", "%YAML/%TAG directives are not allowed")
                    )
                    raise _Stop
                self.doc.value = self.node(next_event, next_event(), (), 1)
            elif kind == "StreamEnd":
                return

    def node(self, next_event: Callable[[], Any], event: Any, path: Path_, depth: int) -> Any:
        kind = _kind(event)
        mark = event.start_mark
        if self.positions:
            self.doc.values[path] = (mark.line + 1, mark.column + 1)
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self.issue(mark, "limit", f"more than {MAX_NODES} YAML nodes in one file")
            raise _Stop
        if depth > MAX_DEPTH:
            self.issue(mark, "limit", f"nesting deeper than {MAX_DEPTH} levels")
            raise _Stop
        if kind == "Scalar":
            if event.anchor is not None or event.tag is not None:
                self.refuse(event, mark)
            issues = len(self.issues)
            value = self.scalar(event, mark)
            refused = len(self.issues) > issues and self.issues[-1].code == "bad-char"
            if refused and event.style == '"':  # a refused escape: never used, like an alias
                if self.positions:
                    self.doc.refused.add(path)
                return None
            return value
        if kind == "Alias":
            self.issue(
                mark,
                "yaml-feature",
                f"alias *{event.anchor}: anchors and aliases are not allowed; repeat the value",
            )
            self.aliases = True
            if self.positions:
                self.doc.refused.add(path)
            return None
        if event.anchor is not None or event.tag is not None:
            self.refuse(event, mark)
        if kind == "SequenceStart":
            items: list[Any] = []
            item = next_event()
            positions = self.positions
            while _kind(item) != "SequenceEnd":
                where = (*path, len(items)) if positions else path
                items.append(self.node(next_event, item, where, depth + 1))
                item = next_event()
            return items
        if kind == "MappingStart":
            return self.mapping(next_event, path, depth)
        raise AssertionError(f"unexpected YAML event {kind}")

    def refuse(self, event: Any, mark: Any) -> None:
        if event.anchor is not None:
            self.issue(
                mark, "yaml-feature", f"anchor &{event.anchor}: anchors and aliases are not allowed"
            )
        if event.tag is not None:
            self.issue(
                mark, "yaml-feature", f"tag {_short_tag(str(event.tag))}: tags are not allowed"
            )

    def mapping(self, next_event: Callable[[], Any], path: Path_, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        seen: dict[str, int] = {}
        positions = self.positions
        while True:
            key_event = next_event()
            kind = _kind(key_event)
            if kind == "MappingEnd":
                return result
            mark = key_event.start_mark
            key: Any
            if kind == "Scalar":
                self.nodes += 1
                if key_event.anchor is not None or key_event.tag is not None:
                    self.refuse(key_event, mark)
                key = self.scalar(key_event, mark)
                if key == "<<" and key_event.implicit[0] and key_event.tag is None:
                    self.issue(
                        mark,
                        "yaml-feature",
                        "merge key '<<': merge keys are not allowed; write the fields out",
                    )
                    self.node(next_event, next_event(), (*path, "\0merge"), depth + 1)
                    continue
            else:
                key = self.node(next_event, key_event, (*path, "\0key"), depth + 1)
                self.doc.values.pop((*path, "\0key"), None)
            value_event = next_event()
            if not isinstance(key, str):
                self.issue(mark, "schema", f"mapping key {_describe(key)} is not a string")
                self.node(next_event, value_event, (*path, "\0bad"), depth + 1)
                continue
            if key in seen:
                self.issue(
                    mark, "yaml-syntax", f"duplicate key {key!r} (first on line {seen[key]})"
                )
                self.node(next_event, value_event, (*path, "\0dup"), depth + 1)
                continue
            seen[key] = mark.line + 1
            if positions:
                here = (*path, key)
                self.doc.keys[here] = (mark.line + 1, mark.column + 1)
                result[key] = self.node(next_event, value_event, here, depth + 1)
            else:
                result[key] = self.node(next_event, value_event, path, depth + 1)

    def scalar(self, event: Any, mark: Any) -> Any:
        text: str = event.value
        if len(text) > MAX_SCALAR:
            self.issue(mark, "limit", f"a scalar of {len(text)} characters (at most {MAX_SCALAR})")
            return text[:MAX_SCALAR]
        style = event.style
        if style == '"':
            bad = BAD_ESCAPES.search(text)
            if bad:
                self.issue(
                    mark, "bad-char", f"escaped character U+{ord(bad[0]):04X} is not allowed"
                )
        if not style and event.tag is None and event.implicit[0]:
            return resolve_plain(text)
        return text


def _short_tag(tag: str) -> str:
    return (
        "!!" + tag.removeprefix("tag:yaml.org,2002:")
        if tag.startswith("tag:yaml.org,2002:")
        else tag
    )


def _describe(key: Any) -> str:
    if isinstance(key, dict | list):
        return "that is a " + ("mapping" if isinstance(key, dict) else "sequence")
    from kcbilat.core.problems import quote

    return quote(key)


def _line_col(text: str, offset: int) -> Pos:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def decode(data: bytes) -> tuple[str | None, list[Issue]]:
    """Bytes → text, accepting a UTF-8 BOM and refusing every other encoding."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Issue(1, 1, "encoding", "the file is UTF-16: save it as UTF-8")]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            Issue(
                line,
                column,
                "encoding",
                f"byte 0x{data[exc.start]:02X} is not UTF-8: save the file as UTF-8",
            )
        ]


def check_chars(text: str) -> list[Issue]:
    issues = []
    for match in BAD_CHARS.finditer(text):
        line, column = _line_col(text, match.start())
        char = match[0]
        name = (
            "a carriage return not followed by a line feed"
            if char == "\r"
            else f"U+{ord(char):04X}"
        )
        issues.append(
            Issue(
                line,
                column,
                "bad-char",
                f"character {name} is not allowed (control or bidirectional character)",
            )
        )
        if len(issues) > 50:
            break
    return issues


_DIRECTIVE = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\n)*%")


def read_text(text: str, positions: bool = False) -> tuple[Document | None, list[Issue]]:
    """Parse one file's text. A None document means nothing is usable.

    Without `positions` the document finds them on first use (Document.at), by reading
    the text again: most files are valid and never need them.
    """
    issues = check_chars(text)
    if issues:
        return None, issues
    if _DIRECTIVE.match(text):
        return None, [Issue(1, 1, "yaml-feature", "%YAML/%TAG directives are not allowed")]
    try:
        doc, issues = _read_events(_libyaml_events(text), positions)
    except Exception as exc:
        if not _is_yaml_error(exc):
            raise
        try:
            doc, issues = _read_events(_ruamel_events(text), positions)
        except Exception as exc2:
            if not _is_yaml_error(exc2):
                raise
            error = _mark_error(exc2)
            return None, [Issue(error.line, error.column, "yaml-syntax", error.message)]
    if doc is not None and not positions:
        doc.text = text
    return doc, issues


def _read_events(
    next_event: Callable[[], Any],
    positions: bool = True,
) -> tuple[Document | None, list[Issue]]:
    builder = _Builder(positions)
    try:
        builder.build(next_event)
    except _Stop:
        return None, builder.issues
    if builder.doc.value is None and not builder.issues:
        return None, [Issue(1, 1, "schema", "the file is empty (or holds only comments)")]
    return builder.doc, builder.issues


def _is_yaml_error(exc: Exception) -> bool:
    module = type(exc).__module__
    return module.startswith(("yaml", "ruamel.yaml")) or isinstance(
        exc, StopIteration | RecursionError
    )
