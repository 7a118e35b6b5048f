"""Diagnostics as text, JSON or GitHub annotations (and the GitHub job-summary table)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from kcbilat.core.paths import display
from kcbilat.core.problems import Problem

COLORS = {"error": "\x1b[31m", "warning": "\x1b[33m"}
RESET, BOLD = "\x1b[0m", "\x1b[1m"


def safe(text: str) -> str:
    """Printable text: control characters escaped, so data cannot drive the terminal."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def _where(problem: Problem) -> str:
    place = safe(display(problem.file))
    if problem.line is not None:
        place += f":{problem.line}"
        if problem.column is not None:
            place += f":{problem.column}"
    return "./" + place if place.startswith("::") else place


def text(problems: Sequence[Problem], color: bool = False) -> str:
    lines = []
    for p in problems:
        severity = f"{COLORS[p.severity]}{p.severity}{RESET}" if color else p.severity
        where = f"{BOLD}{_where(p)}{RESET}" if color else _where(p)
        lines.append(f"{where}: {severity}[{p.code}]: {safe(p.message)}")
    return "".join(line + "\n" for line in lines)


def as_json(problems: Sequence[Problem], color: bool = False) -> str:
    rows = [
        {
            "file": display(p.file),
            "line": p.line,
            "column": p.column,
            "severity": p.severity,
            "code": p.code,
            "message": p.message,
        }
        for p in problems
    ]
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github(problems: Sequence[Problem], color: bool = False) -> str:
    """GitHub workflow commands: one annotation per diagnostic, every user text escaped."""
    lines = []
    for p in problems:
        props = [f"file={_escape_property(safe(display(p.file)))}"]
        if p.line is not None:
            props.append(f"line={p.line}")
            if p.column is not None:
                props.append(f"col={p.column}")
        props.append(f"title={_escape_property(p.code)}")
        lines.append(f"::{p.severity} {','.join(props)}::{_escape_data(safe(p.message))}")
    return "".join(line + "\n" for line in lines)


def summary_table(problems: Sequence[Problem], title: str = "kcbilat validate") -> str:
    """A Markdown table for $GITHUB_STEP_SUMMARY (GitHub shows only a few annotations)."""
    if not problems:
        return f"### {title}\n\nNo problems found.\n"

    def cell(value: object) -> str:
        return safe(str(value)).replace("|", "\\|").replace("\n", " ") if value is not None else ""

    rows = [
        f"### {title}",
        "",
        "| file | line | column | severity | code | message |",
        "|---|---:|---:|---|---|---|",
    ]
    rows += [
        f"| {cell(display(p.file))} | {cell(p.line)} | {cell(p.column)} | {p.severity} "
        f"| {p.code} | {cell(p.message)} |"
        for p in problems
    ]
    return "\n".join(rows) + "\n"


FORMATS: dict[str, Callable[..., str]] = {"text": text, "json": as_json, "github": github}
