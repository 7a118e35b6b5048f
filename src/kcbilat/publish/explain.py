"""`kcbilat explain`: a diagnostic code explained, from the same registry as the docs."""

from __future__ import annotations

import textwrap

from kcbilat.check.codes import CODES, Code, Example
from kcbilat.core.escape import terminal


def _paragraph(text: str, width: int, indent: str = "") -> list[str]:
    return textwrap.wrap(
        text, width, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False
    )


def _example(title: str, example: Example) -> list[str]:
    where = f" ({example.path})" if example.runnable else ""
    body = [f"    {line}" if line else "" for line in example.text.rstrip("\n").splitlines()]
    return [f"{title}{where}:", *body]


def explain(entry: Code, width: int = 80) -> str:
    """One code: what it means, where it points, how to fix it, a bad and a fixed file."""
    width = max(40, min(width, 100))
    lines = [f"{entry.code} ({entry.severity})", *_paragraph(entry.summary, width), ""]
    lines += _paragraph(entry.explanation, width)
    lines += ["", *_example("For example", entry.bad), ""]
    lines += _example("Fixed", entry.fixed)
    return "".join(terminal(line) + "\n" for line in lines)


def catalogue(width: int = 80) -> str:
    """Every code, a line each: its severity and what it is about."""
    longest = max(len(entry.code) for entry in CODES)
    lines = []
    for entry in CODES:
        head = f"{entry.code:<{longest}}  {entry.severity:<7}  "
        rest = textwrap.wrap(entry.summary, max(20, width - len(head))) or [""]
        lines.append(head + rest[0])
        lines += [" " * len(head) + more for more in rest[1:]]
    lines += ["", "kcbilat explain CODE says more, with an example and its fix."]
    return "".join(terminal(line) + "\n" for line in lines)
