"""Diagnostics as text, JSON or GitHub annotations (and the GitHub job-summary table).

Every format escapes a message the same way (kcbilat.core.escape): control and
bidirectional characters are shown, never obeyed, in JSON too.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from kcbilat.core.escape import github_data, github_property, markdown, terminal
from kcbilat.core.paths import display
from kcbilat.core.problems import Problem

COLORS = {"error": "\x1b[31m", "warning": "\x1b[33m"}
RESET, BOLD = "\x1b[0m", "\x1b[1m"

#: the terminal escaping, under the name the renderers have always used
safe = terminal


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
            "file": safe(display(p.file)),
            "line": p.line,
            "column": p.column,
            "severity": p.severity,
            "code": p.code,
            "message": safe(p.message),
        }
        for p in problems
    ]
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def github(problems: Sequence[Problem], color: bool = False) -> str:
    """GitHub workflow commands: one annotation per diagnostic, every user text escaped."""
    lines = []
    for p in problems:
        props = [f"file={github_property(display(p.file))}"]
        if p.line is not None:
            props.append(f"line={p.line}")
            if p.column is not None:
                props.append(f"col={p.column}")
        props.append(f"title={github_property(p.code)}")
        lines.append(f"::{p.severity} {','.join(props)}::{github_data(p.message)}")
    return "".join(line + "\n" for line in lines)


def summary_table(problems: Sequence[Problem], title: str = "kcbilat validate") -> str:
    """A Markdown table for $GITHUB_STEP_SUMMARY (GitHub shows only a few annotations)."""
    if not problems:
        return f"### {title}\n\nNo problems found.\n"

    def cell(value: object) -> str:
        return markdown(str(value)) if value is not None else ""

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
