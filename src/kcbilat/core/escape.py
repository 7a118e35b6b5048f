"""One escaping function per output language, used by every renderer that speaks it.

Record text comes from pull requests by people the maintainers may not know, and goes
into terminals, pull-request comments, spreadsheets, calendars and CI logs. Each function
makes text inert in its language: it is shown, never obeyed. (HTML is escaped by the
report's autoescaping templates, iCalendar by the icalendar library; both receive text
already passed through `terminal`.)
"""

from __future__ import annotations

import re


def terminal(text: str) -> str:
    """Printable text: control, bidirectional and other invisible format characters shown
    as Python writes them (`\\x07`, `\\u202e`, `\\n`), so data can neither drive a terminal
    nor reorder or hide what a reader sees."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def one_line(text: str) -> str:
    """Terminal-safe text on one line (runs of whitespace, line breaks included, become
    one space)."""
    return terminal(" ".join(text.split()))


#: what can start markup anywhere in a line of CommonMark or GitHub Markdown: emphasis,
#: code, links and images, HTML and entities, headings and references, table cells,
#: strikethrough, mentions
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~&@!])")
#: what is markup only at the start of a line, and only as a whole: a list item (`- x`,
#: `+ x`, `1. x`, `1) x`), a rule (`---`, `- - -`), a heading's underline (`===`);
#: `-2`, `0.1.0` or `1.5` are not, and stay as written
_MD_LINE_START = re.compile(r"^(?:[-+=](?= |$)|-(?=[- ]*$)|=(?==*$)|[0-9]{1,9}[.)](?= |$))")


def _line_start(match: re.Match[str]) -> str:
    mark = match[0]
    return f"{mark[:-1]}\\{mark[-1]}"


def markdown(text: str) -> str:
    """Plain text inside Markdown (GitHub-flavoured): on one line, every punctuation mark
    that could start markup, HTML, an entity, a link, a mention (`@`) or a reference (`#`)
    backslash-escaped, so a title can add no heading, row, image or ping; and what would be
    a rule or a list item at the start of a line escaped too, because a summary can stand
    on a line of its own (a summary `---` was a horizontal rule in the report)."""
    return _MD_LINE_START.sub(_line_start, _MD_SPECIAL.sub(r"\\\1", one_line(text)), count=1)


def markdown_code(text: str) -> str:
    """Text inside a Markdown code span (ids, refs, revisions): backticks cannot close it."""
    body = one_line(text).replace("`", "'")
    return f"`{body}`"


_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")


def csv_cell(text: str) -> str:
    """A cell for CSV and TSV: one that a spreadsheet would run as a formula (it begins
    with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading apostrophe, as
    OWASP advises, so it is shown as text; a plain number (`-28`) stays a number. The
    text is otherwise kept whole (CSV quotes line breaks; TSV escapes them itself): these
    formats are data."""
    if text.startswith(("=", "+", "-", "@", "\t", "\r")) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def github_data(text: str) -> str:
    """The message part of a GitHub workflow command (`::error ...::message`)."""
    return terminal(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """A property value of a GitHub workflow command (`file=`, `title=`)."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")
