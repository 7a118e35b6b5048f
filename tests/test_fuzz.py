"""The fuzzing harness (issue 11): arbitrary values in every field of otherwise valid
records, through every command, and each output still safe in its own language.

Record files come from pull requests by people the maintainers may not know; what kcbilat
prints goes into terminals, pull-request comments, spreadsheets and calendars. Hypothesis
puts hostile values — huge and tiny numbers, far and impossible dates, control and
bidirectional characters, markup, spreadsheet formulas, very long text, odd keys, nulls,
wrong types — into one field or a few of a rich, valid data set, writes it with a real
YAML writer (plus raw text a writer cannot produce: a 3,600-digit hex number, a
timestamp, an anchor, a broken byte...), and runs every command through `main`. Every
run must end in 0, 1 or 2, never an internal error or a traceback, and every output must
still parse in its language with nothing the data could inject:

- JSON parses; CSV and TSV parse and hold no cell a spreadsheet would run;
- iCalendar parses (icalendar) and every event has a UID and a DTSTART;
- HTML (html.parser) has no element or attribute the template does not make for a
  clean data set, and no link that is not http(s) or an anchor;
- Markdown (report, diff) has the same structure (markdown-it's tokens: headings, table
  rows, links, HTML) as the same data set with every hostile text replaced by a plain one:
  record text can add no heading, row, link or tag;
- the SQLite export opens and its foreign keys hold;
- text for a terminal has no control or bidirectional character.

Profiles: the default (derandomized, 12 examples per command group) runs with the suite;
`KCBILAT_FUZZ=long` explores 100 new ones per group on every run (`.ci/run` runs it as a
step of its own). See docs/contributing.md.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import re
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import Run, git, kcbilat
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

# -- profiles -------------------------------------------------------------------------------

_COMMON = {
    "deadline": None,  # a shared, noisy machine: time is not a property under test
    "suppress_health_check": [
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,  # the autouse private cache: one per test is fine
    ],
}
settings.register_profile(
    "kcbilat-fuzz-default", max_examples=12, derandomize=True, database=None, **_COMMON
)
settings.register_profile("kcbilat-fuzz-long", max_examples=100, **_COMMON)
PROFILE = (
    "kcbilat-fuzz-long" if os.environ.get("KCBILAT_FUZZ") == "long" else "kcbilat-fuzz-default"
)
FUZZ = settings(settings.get_profile(PROFILE))

AS_OF = "2026-12-31"
ENV = {"KCBILAT_AS_OF": AS_OF}

# -- the valid data set every example starts from ------------------------------------------

SOURCE = {
    "url": "https://example.org/a",
    "title": "A source",
    "publisher": "A ministry",
    "published": "2026-01",
    "accessed": date(2026, 1, 6),
}

PARTIES = [
    {
        "id": "kr-mcee",
        "name": "Ministry of Climate, Energy and Environment",
        "name_local": "기후에너지환경부",
        "country": "KR",
        "kind": "ministry",
        "abbr": "MCEE",
        "aliases": ["Ministry of Environment"],
        "url": "https://www.me.go.kr/",
    },
    {
        "id": "cn-mee",
        "name": "Ministry of Ecology and Environment",
        "name_local": "生态环境部",
        "country": "CN",
        "kind": "agency",
        "url": "https://www.mee.gov.cn/",
    },
]

SECTORS = [
    {"id": "climate", "name": "Climate", "description": "Climate policy."},
    {"id": "air-quality", "name": "Air quality", "parent": "climate"},
]

AGREEMENT = {
    "id": "mou",
    "title": "A memorandum",
    "type": "mou",
    "signed": date(2026, 1, 5),
    "place": "Beijing",
    "parties": ["kr-mcee", "cn-mee"],
    "revises": "old-mou",
    "status": "in-force",
    "expires": 2031,
    "sectors": ["climate", "air-quality"],
    "summary": "What it is.",
    "sources": [SOURCE],
    "reviewed": date(2026, 10, 1),
    "notes": "What is uncertain.",
    "commitments": [
        {  # one-off, with updates and a disputed deadline
            "id": "summit",
            "title": "A summit",
            "description": "Held once.",
            "sectors": ["climate"],
            "responsible": ["kr-mcee", "cn-mee"],
            "due": "2026-H2",
            "place": "Seoul",
            "updates": [{"date": date(2026, 6, 3), "summary": "Planned.", "sources": [SOURCE]}],
            "sources": [SOURCE],
            "disputed": [
                {"field": "due", "value": "2027", "note": "Another reading.", "sources": [SOURCE]}
            ],
        },
        {  # recurring, alternate hosts, assessed, a disputed recurrence
            "id": "ministers",
            "title": "Annual ministers' meeting",
            "sectors": ["climate"],
            "responsible": ["kr-mcee", "cn-mee"],
            "recurs": {"every": "annual", "from": 2026, "until": 2030},
            "hosts": "alternate",
            "assessment": {
                "verdict": "in-progress",
                "date": date(2026, 10, 1),
                "note": "Ongoing.",
                "sources": [SOURCE],
            },
            "disputed": [
                {
                    "field": "recurs",
                    "value": {"every": "biennial", "from": 2026},
                    "note": "One article says every other year.",
                    "sources": [SOURCE],
                },
                {"field": "place", "value": "Busan", "note": "Or Busan.", "sources": [SOURCE]},
            ],
        },
        {  # open-ended
            "id": "carbon",
            "title": "Carbon markets",
            "sectors": ["air-quality"],
            "responsible": ["cn-mee"],
            "review": "6 months",
        },
        {  # one-off, overridden as met
            "id": "letter",
            "title": "An exchange of letters",
            "sectors": ["climate"],
            "responsible": ["kr-mcee"],
            "due": 2026,
            "status": "met",
            "status_date": date(2026, 5, 1),
            "status_note": "Done by letter.",
            "status_sources": [SOURCE],
        },
        {  # recurring, cancelled
            "id": "forum",
            "title": "A quarterly forum",
            "sectors": ["air-quality"],
            "responsible": ["kr-mcee", "cn-mee"],
            "recurs": {"every": "quarterly", "from": "2026-Q1"},
            "status": "cancelled",
            "status_date": date(2026, 9, 1),
            "status_note": "Dropped.",
        },
    ],
}

OLD_AGREEMENT = {
    "id": "old-mou",
    "title": "The old memorandum",
    "type": "agreement",
    "signed": "2014-07",
    "parties": ["kr-mcee", "cn-mee"],
    "status": "superseded",
    "sectors": ["climate"],
    "summary": "Replaced by the new one.",
    "sources": [{"url": "https://example.org/old", "title": "Old"}],
    "commitments": [
        {
            "id": "talks",
            "title": "Talks",
            "sectors": ["climate"],
            "responsible": ["kr-mcee"],
            "due": "2015-Q3",
        }
    ],
}

HELD = {
    "id": "ministers-2026",
    "title": "The first ministers' meeting",
    "date": date(2026, 5, 1),
    "status": "held",
    "place": "Beijing",
    "host": "CN",
    "parties": ["kr-mcee", "cn-mee"],
    "fulfils": ["mou/summit", {"ref": "mou/ministers", "period": 2026}],
    "series": "ministers",
    "number": 1,
    "sources": [SOURCE],
    "summary": "They met.",
}

SCHEDULED = {
    "id": "ministers-2027",
    "title": "The second ministers' meeting",
    "date": "2027-Q2",
    "status": "scheduled",
    "host": "KR",
    "parties": ["kr-mcee", "cn-mee"],
    "fulfils": [{"ref": "mou/ministers", "period": 2027}],
    "series": "ministers",
    "number": 2,
}

#: file in the data directory → its records (a list for the vocabularies)
BASE: dict[str, Any] = {
    "parties.yaml": PARTIES,
    "sectors.yaml": SECTORS,
    "agreements/mou.yaml": AGREEMENT,
    "agreements/old-mou.yaml": OLD_AGREEMENT,
    "meetings/ministers-2026.yaml": HELD,
    "meetings/ministers-2027.yaml": SCHEDULED,
}
AGREEMENT_IDS = ("mou", "old-mou")
REFS = (*(f"mou/{c['id']}" for c in AGREEMENT["commitments"]), "old-mou/talks")
MEETING_IDS = ("ministers-2026", "ministers-2027")

# -- hostile values -------------------------------------------------------------------------

#: what a terminal must never receive raw: C0 but line feed, DEL, C1, bidi controls
C0 = [chr(c) for c in range(0x20) if c != 0x0A]
C1 = [chr(c) for c in range(0x80, 0xA0)]
BIDI = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
CONTROLS = [*C0, "\x7f", *C1, *BIDI]
#: invisible or odd characters that YAML and kcbilat accept in text
ODD = ["\u200b", "\u200e", "\u200f", "\u061c", "\u2028", "\u2029", "\ufeff", "\u00ad", "\xa0"]

MARKUP = [
    "<img src=x onerror=alert(1)>",
    "</table>",
    "</td></tr></table><script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "<a href='javascript:alert(1)'>x</a>",
    "<!-- x -->",
    "# heading",
    "\n# heading",
    "## heading",
    "| cell | cell |",
    "\n| a | b |\n|---|---|",
    "[x](javascript:alert(1))",
    "![x](https://example.org/x.png)",
    "[x]: javascript:alert(1)",
    "<https://evil.example>",
    "@mention",
    "@org/team",
    "#123",
    "`code`",
    "```\nfence",
    "*em* _em_ **strong** ~~strike~~",
    "&amp; &#60; &lt;",
    "\\",
    "---",
    "===",
    "- item",
    "1. item",
    "> quote",
    "    indented",
    "{{ 7*7 }}",
    "{% raw %}",
    "%0A::error::injected",
    "::warning file=x::y",
    "\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil",
    "DTSTART:19700101",
    "x\r\ny",
    "a,b;c\\d",
    "%s %d {0}",
]
FORMULAS = [
    '=HYPERLINK("https://evil.example","click")',
    "=1+1",
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-1+1",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "=",
    "+",
    "-",
    "@",
    "-2",
    "+3.5",
    "-0",
    "1e5",
]

#: any character YAML and kcbilat accept in text (no control, bidi or surrogate)
_accepted = st.characters(blacklist_categories=("Cs",), blacklist_characters=CONTROLS)
_pieces = st.one_of(
    st.sampled_from(MARKUP),
    st.sampled_from(FORMULAS),
    st.sampled_from(ODD),
    st.text(_accepted, max_size=12),
    st.sampled_from(["\n", " ", "\t", "  \n  ", "\r\n"]),
)
#: text that YAML and kcbilat accept (no control or bidi character): it reaches every output
valid_text = st.one_of(
    st.sampled_from(MARKUP + FORMULAS),
    st.lists(_pieces, min_size=1, max_size=6).map("".join),
    st.builds(
        lambda a, n, b: a + "x" * n + b,
        st.sampled_from(MARKUP),
        st.integers(200, 9_900),
        st.sampled_from(MARKUP),
    ),
).map(lambda s: s if s.strip() else s + "x")
#: text with anything at all in it
any_text = st.one_of(
    valid_text,
    st.lists(st.one_of(_pieces, st.sampled_from(CONTROLS)), min_size=1, max_size=6).map("".join),
    st.text(),
    st.sampled_from(["", " ", "\n", "\t", "x" * 10_001, "y" * 20_000]),
)

huge_ints = st.one_of(
    st.integers(),
    st.integers(-(2**64), 2**64),
    st.sampled_from([0, -1, 1, 999, 1000, 2999, 3000, 9999, 10_000, 2**31, 2**63, -(2**63)]),
    st.integers(1, 3000).map(lambda n: 16**n - 1),  # up to 12,000 bits, written in decimal
)
floats = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([5e-324, 1e308, -0.0, 2026.5, 0.1]),
)

YEARS = st.one_of(st.integers(0, 99_999), st.sampled_from([1, 999, 1000, 2999, 3000, 9999, 10_000]))


def _partial(year: int, form: str, n: int) -> str:
    return {
        "year": f"{year}",
        "half": f"{year}-H{n % 4}",
        "quarter": f"{year}-Q{n % 7}",
        "month": f"{year:04d}-{n % 15:02d}",
        "day": f"{year:04d}-{n % 15:02d}-{n % 33:02d}",
        "loose": f"{year}-{n % 15}-{n % 33}",
        "time": f"{year:04d}-{n % 13:02d}-{n % 29:02d}T10:00:00Z",
        "range": f"{year}..{year + 1}",
        "biennial": f"{year}-{year + 1}",
    }[form]


#: the first and last dates kcbilat accepts, and a month a century of monthly periods away
EDGE_DATES = [
    1000,
    2999,
    "1000-01",
    "1000-H1",
    "2999-Q4",
    "2999-12",
    "2999-12-31",
    date(1000, 1, 1),
    date(2999, 12, 31),
    date(2024, 2, 29),
    "1926-12",
]
date_values = st.one_of(
    st.sampled_from(EDGE_DATES),
    st.dates(),  # years 1 to 9999, written as YAML dates
    st.datetimes(),  # a time of day
    st.builds(
        _partial,
        YEARS,
        st.sampled_from(
            ["year", "half", "quarter", "month", "day", "loose", "time", "range", "biennial"]
        ),
        st.integers(0, 100),
    ),
    YEARS,
    st.sampled_from(["2026-02-29", "2024-02-29", "2026-02-30", "2026-04-31", "today", " 2026 "]),
)
duration_values = st.one_of(
    st.sampled_from(["annual", "biennial", "semiannual", "quarterly", "monthly", "weekly"]),
    st.builds(
        lambda n, unit: f"{n} {unit}",
        huge_ints.filter(lambda n: abs(n) < 10**50),
        st.sampled_from(["year", "years", "month", "months", "weeks", "Years"]),
    ),
    st.sampled_from(
        [
            "1200 years",
            "1200 months",
            "1 month",
            "1201 months",
            "0 years",
            "-1 months",
            " 1   year ",
            "1year",
        ]
    ),
)
id_values = st.one_of(
    st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True),
    st.sampled_from(
        [
            "a" * 64,
            "a" * 65,
            "Mou",
            "mou-",
            "-mou",
            "mou--x",
            "mou/summit",
            "old-mou",
            "mou",
            "kr-mcee",
            "climate",
            "ministers-2026",
        ]
    ),
)
url_values = st.one_of(
    st.builds(lambda s: "https://example.org/" + s, valid_text),
    st.sampled_from(
        [
            "javascript:alert(1)",
            "http://",
            'https://x/"><script>alert(1)</script>',
            "https://x/a)[b](javascript:alert(1)",
            "https://x/<img src=x onerror=alert(1)>",
            "ftp://example.org",
            "https://x/a|b",
            "https://x/%0A%0D",
            "data:text/html,<b>x</b>",
            "https://" + "x" * 5000,
        ]
    ),
)
#: YAML plain scalars no writer produces from a Python value (substituted into the text):
#: numbers past what Python prints (a 3,600-digit hex number has 4,335 decimal digits)...
RAW_NUMBERS = [
    "0x" + "f" * 3600,
    "-0x" + "f" * 3600,
    "0o" + "7" * 5000,
    "0b" + "1" * 9000,
    "9" * 5000,
    "1_000",
    "0x_",
    ".inf",
    "-.inf",
    ".nan",
    "1e400",
]
#: ...dates and timestamps YAML resolves (or not)...
RAW_DATES = [
    "2026-02-30",
    "10000-01-01",
    "0001-01-01",
    "9999-12-31",
    "2026-01-05T10:00:00Z",
    "2026-1-5 10:00:00",
    "2026-01-05 25:61:61",
    "2026-01-05 10:00:00 +99:99",
]
#: ...and what kcbilat refuses, or a YAML reader might trip on
RAW_SYNTAX = [
    "~",
    "null",
    "NO",
    "!!str x",
    "!!python/object:os.system x",
    "!include x.yaml",
    "&a x",
    "*a",
    "{a: 1, a: 2}",
    "[" * 40 + "]" * 40,
    "[" + "0," * 20_001 + "]",
    "'unclosed",
    '"unclosed',
    '"\\u202e"',
    '"\\x1b[31mred"',
    '"\\0"',
    '"\\x85"',
    '"\\ud800"',
    "{<<: {a: 1}}",
    "? complex",
    "[a, b]: c",
    "-",
    "%",
    "@",
    "`",
    "|",
    ">",
]
raw_values = st.one_of(
    st.sampled_from(RAW_NUMBERS), st.sampled_from(RAW_DATES), st.sampled_from(RAW_SYNTAX)
)


def _anything() -> st.SearchStrategy[Any]:
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        huge_ints,
        floats,
        any_text,
        date_values,
    )
    keys = st.one_of(
        st.sampled_from(["", "id", "tilte", "ID", "from", "<<", "\x1b[31m", "\u202e", "k" * 300]),
        st.text(max_size=10),
        st.integers(-5, 5),
        st.booleans(),
        st.none(),
        st.dates(),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)
        ),
        max_leaves=8,
    )


anything = _anything()

#: the field names whose values are text (what the Markdown twin replaces)
TEXT_FIELDS = {
    "name",
    "name_local",
    "abbr",
    "aliases",
    "description",
    "title",
    "place",
    "summary",
    "notes",
    "publisher",
    "status_note",
    "note",
}
URL_FIELDS = {"url"}
DATE_FIELDS = {
    "signed",
    "expires",
    "reviewed",
    "due",
    "from",
    "until",
    "status_date",
    "date",
    "published",
    "accessed",
    "period",
}
DURATION_FIELDS = {"every", "review"}
ID_FIELDS = {
    "id",
    "parties",
    "sectors",
    "responsible",
    "parent",
    "revises",
    "series",
    "ref",
    "fulfils",
}
ENUMS = {
    "type": ["agreement", "mou", "joint-statement", "action-plan", "treaty", "other"],
    "status": [
        "in-force",
        "signed",
        "expired",
        "superseded",
        "terminated",
        "held",
        "scheduled",
        "postponed",
        "cancelled",
        "met",
    ],
    "kind": ["ministry", "agency", "government", "institution", "local-government"],
    "verdict": ["kept", "partly-kept", "in-progress", "stalled", "broken"],
    "hosts": ["alternate"],
    "country": ["KR", "CN", "JP", "kr", "K"],
    "host": ["KR", "CN", "JP", "kr"],
    "field": ["due", "recurs", "responsible", "sectors", "place", "title", "status"],
}


def value_for(key: Any) -> st.SearchStrategy[Any]:
    """Values for a field: mostly of the field's own sort (to get past the other checks),
    often anything at all."""
    own: list[st.SearchStrategy[Any]] = []
    if key in TEXT_FIELDS:
        own += [valid_text, valid_text, any_text]
    if key in URL_FIELDS:
        own.append(url_values)
    if key in DATE_FIELDS:
        own.append(date_values)
    if key in DURATION_FIELDS:
        own.append(duration_values)
    if key in ID_FIELDS:
        own += [id_values, st.lists(id_values, max_size=3)]
    if key in ENUMS:
        own.append(st.sampled_from(ENUMS[key]))
    if key == "number":
        own.append(huge_ints)
    if key in ("value", "fulfils", "recurs"):
        own.append(
            st.fixed_dictionaries(
                {"every": duration_values, "from": date_values},
                optional={"until": date_values, "ref": id_values, "period": date_values},
            )
        )
    return st.one_of(*own, anything) if own else anything


# -- mutations ------------------------------------------------------------------------------

Path_ = tuple[Any, ...]


def paths(value: Any, here: Path_ = ()) -> Iterator[Path_]:
    """Every place in a record: each key's value and each list item, containers too."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield (*here, k)
            yield from paths(v, (*here, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield (*here, i)
            yield from paths(v, (*here, i))


def field_name(path: Path_) -> Any:
    """The key a value at `path` belongs to (a list item belongs to its list's key)."""
    for part in reversed(path):
        if isinstance(part, str):
            return part
    return None


def get(tree: Any, path: Path_) -> Any:
    for part in path:
        tree = tree[part]
    return tree


def put(tree: Any, path: Path_, value: Any) -> None:
    get(tree, path[:-1])[path[-1]] = value


def drop(tree: Any, path: Path_) -> None:
    parent = get(tree, path[:-1])
    del parent[path[-1]]


ALL_PATHS = sorted(
    ((name, p) for name, records in BASE.items() for p in paths(records)),
    key=repr,
)


def kind_of(file: str, path: Path_) -> str:
    """What sort of value stands at a path of the base data set."""
    value = get(BASE[file], path)
    key = field_name(path)
    if isinstance(value, dict | list) and key not in ID_FIELDS:
        return "container"
    for kind, names in (
        ("text", TEXT_FIELDS),
        ("url", URL_FIELDS),
        ("date", DATE_FIELDS),
        ("duration", DURATION_FIELDS),
        ("id", ID_FIELDS),
        ("enum", set(ENUMS)),
    ):
        if key in names:
            return kind
    return "other"


#: the paths of each sort of value: a mutation picks a sort, then a path of it, so that the
#: few durations are hit as often as the many texts
PATHS_BY_KIND: dict[str, list[tuple[str, Path_]]] = {}
for _file, _path in ALL_PATHS:
    PATHS_BY_KIND.setdefault(kind_of(_file, _path), []).append((_file, _path))


@dataclass
class Mutation:
    file: str
    path: Path_
    action: str  # set, drop, add (a key beside `path`), raw (a plain scalar as YAML text)
    value: Any = None
    key: Any = None


@st.composite
def mutations(draw: st.DrawFn) -> Mutation:
    kind = draw(st.sampled_from(sorted(PATHS_BY_KIND)))
    file, path = draw(st.sampled_from(PATHS_BY_KIND[kind]))
    action = draw(st.sampled_from(["set", "set", "set", "set", "drop", "add", "raw", "raw"]))
    if action == "set":
        return Mutation(file, path, "set", draw(value_for(field_name(path))))
    if action == "raw":
        return Mutation(file, path, "raw", draw(raw_values))
    if action == "add":
        key = draw(
            st.one_of(
                st.sampled_from(
                    [
                        "tilte",
                        "note",
                        "Title",
                        "",
                        "<<",
                        "id ",
                        "from",
                        "due",
                        "recurs",
                        "review",
                        "status",
                        "x" * 200,
                    ]
                ),
                st.text(max_size=8),
                st.integers(-3, 3),
                st.booleans(),
                st.none(),
            )
        )
        return Mutation(file, path, "add", draw(value_for(key)), key)
    return Mutation(file, path, "drop")


ODD_NAMES = [
    "Bad Name.yaml",
    "x.yml",
    "X.YAML",
    "a.yaml.bak",
    "\x1b[31mred.yaml",
    "\u202egnp.yaml",
    "new\nline.yaml",
    "tab\there.yaml",
    "é.yaml",
    "-.yaml",
    ".hidden.yaml",
    "n" * 250 + ".yaml",
]


@dataclass
class Case:
    """One fuzzed data set: the files' bytes, and its Markdown twin (every hostile text that
    kcbilat would accept replaced by a plain one)."""

    files: dict[str, bytes]
    twin: dict[str, bytes]
    mutations: list[Mutation]
    ids: list[str] = field(default_factory=list)  # what `show` is asked for

    def __repr__(self) -> str:  # what Hypothesis prints for a failing example
        shown = "\n".join(
            f"--- {name!r}\n{data.decode('utf-8', 'replace')[:3000]}"
            for name, data in self.files.items()
            if name not in BASE or data != _written(BASE[name])
        )
        return f"Case(mutations={self.mutations!r}, ids={self.ids!r})\n{shown}"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))


class _Dumper(yaml.SafeDumper):
    """A YAML writer that repeats a value instead of writing an anchor and an alias, and
    quotes a text that YAML 1.2 would read as something else (PyYAML writes YAML 1.1, where
    `1e5` is a string; kcbilat reads it as the number 100000.0)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _text(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    from kcbilat.read.scalars import resolve_plain

    style = "'" if data and resolve_plain(data) != data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _text)


def _dump(records: Any) -> str:
    return yaml.dump(records, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def _written(records: Any) -> bytes:
    return _dump(records).encode("utf-8")


_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\r(?!\n)")


def _twin_value(key: Any, value: Any, counter: list[int]) -> Any:
    """`value` with each text kcbilat would accept replaced by a plain text, and each URL
    by a plain URL: the Markdown and HTML structure must not depend on them."""
    if isinstance(value, dict):
        return {k: _twin_value(k, v, counter) for k, v in value.items()}
    if isinstance(value, list):
        return [_twin_value(key, v, counter) for v in value]
    if not isinstance(value, str) or key not in TEXT_FIELDS | URL_FIELDS | {"value"}:
        return value
    if not value.strip() or len(value) > 10_000 or _BAD.search(value):
        return value  # refused either way: the twin keeps it
    counter[0] += 1
    if key not in URL_FIELDS:
        return f"Twin text {counter[0]}"
    if re.fullmatch(r"https?://[^\s/$.?#][^\s]*", value):
        return f"https://example.org/twin{counter[0]}"
    return value


@st.composite
def cases(draw: st.DrawFn) -> Case:
    fuzzed = copy.deepcopy(BASE)
    twin = copy.deepcopy(BASE)
    counter = [0]
    raws: dict[str, str] = {}
    done = []
    if draw(st.integers(0, 3)) == 0:  # every text hostile at once, the data still valid
        for file, path in PATHS_BY_KIND["text"]:
            text = draw(valid_text)
            put(fuzzed[file], path, text)
            put(twin[file], path, _twin_value(field_name(path), text, counter))
    for m in draw(st.lists(mutations(), min_size=1, max_size=5)):
        tree, other = fuzzed[m.file], twin[m.file]
        try:
            target = get(tree, m.path[:-1])
            get(other, m.path[:-1])
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation replaced what this one would change
        if not isinstance(target, dict | list):
            continue
        if isinstance(target, list) and not (
            isinstance(m.path[-1], int) and m.path[-1] < len(target)
        ):
            continue
        if isinstance(target, dict) and m.path[-1] not in target:
            continue
        if m.action == "set":
            put(tree, m.path, m.value)
            put(other, m.path, _twin_value(field_name(m.path), m.value, counter))
        elif m.action == "drop":
            drop(tree, m.path)
            drop(other, m.path)
        elif m.action == "raw":
            mark = f"RAWFUZZ{len(raws)}"
            raws[mark] = m.value
            put(tree, m.path, mark)
            put(other, m.path, mark)
        else:  # add a key beside the value at path (in the mapping holding it)
            if not isinstance(target, dict):
                continue
            target[m.key] = m.value
            get(other, m.path[:-1])[m.key] = _twin_value(m.key, m.value, counter)
        done.append(m)

    def write(trees: dict[str, Any]) -> dict[str, bytes]:
        out = {}
        for name, records in trees.items():
            text = _dump(records)
            for mark, raw in raws.items():
                text = text.replace(mark, raw)
            out[name] = text.encode("utf-8")
        return out

    files, twin_files = write(fuzzed), write(twin)

    # Sometimes: bytes no YAML writer makes, in one file, and the same bytes at the same
    # place of a line the twin has too (an offset into the whole file would land elsewhere in
    # the twin, whose texts have other lengths, and could break a record only there).
    if draw(st.integers(0, 5)) == 0:
        name = draw(st.sampled_from(sorted(files)))
        ours, theirs = (out[name].splitlines(keepends=True) for out in (files, twin_files))
        blocks = SequenceMatcher(None, ours, theirs, autojunk=False).get_matching_blocks()
        same = [(a + k, b + k) for a, b, size in blocks for k in range(size)]
        junk = draw(
            st.sampled_from(
                [
                    b"\x00",
                    b"\xff\xfe",
                    b"\xc3",
                    b"\r",
                    b"\t",
                    b"\xe2\x80\xae",
                    b"\x1b[2J",
                    b"&a ",
                    b"*a ",
                    b"!!str ",
                    b"%YAML 1.1\n",
                    b"\n---\n",
                    b"{",
                    b"[",
                    b"'",
                    b'"',
                    b": ",
                    b"\n- ",
                    b"\n  ",
                    b"\xef\xbb\xbf",
                    b"# \xc2\x85 comment\n",
                ]
            )
        )
        if same:
            i, j = draw(st.sampled_from(same))
            at = draw(st.integers(0, len(ours[i])))
            ours[i] = ours[i][:at] + junk + ours[i][at:]
            theirs[j] = theirs[j][:at] + junk + theirs[j][at:]
            files[name], twin_files[name] = b"".join(ours), b"".join(theirs)

    # Sometimes: CRLF line ends and a byte-order mark (both valid).
    if draw(st.integers(0, 7)) == 0:
        name = draw(st.sampled_from(sorted(files)))
        for out in (files, twin_files):
            out[name] = b"\xef\xbb\xbf" + out[name].replace(b"\n", b"\r\n")

    # Sometimes: a file under a name kcbilat refuses.
    if draw(st.integers(0, 7)) == 0:
        odd = draw(st.sampled_from(ODD_NAMES))
        folder = draw(st.sampled_from(["agreements", "meetings"]))
        source = (
            "agreements/old-mou.yaml" if folder == "agreements" else "meetings/ministers-2027.yaml"
        )
        files[f"{folder}/{odd}"] = twin_files[f"{folder}/{odd}"] = files[source]

    ids = [*AGREEMENT_IDS, *REFS, *MEETING_IDS]
    for m in done:  # a fuzzed id is asked for too (a plain string that argv can hold)
        value = m.value
        if m.action == "set" and m.path[-1] == "id" and isinstance(value, str):
            ids += [value] if value and "\x00" not in value else []
    return Case(files, twin_files, done, ids)


# -- running --------------------------------------------------------------------------------


def write_tree(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def run(*args: str) -> Run:
    """A command, with the checks every run must pass: exit 0, 1 or 2, no internal error,
    no traceback, and a standard error a terminal can show."""
    result = kcbilat(*args, env=ENV)
    where = f"kcbilat {' '.join(a[:60] for a in args)}"
    assert result.exit_code in (0, 1, 2), f"{where}: exit {result.exit_code}\n{result.stderr}"
    assert "internal error" not in result.stderr, f"{where}: {result.stderr}"
    assert "Traceback" not in result.output, f"{where}: {result.output}"
    assert_terminal_safe(result.stderr, f"{where} (stderr)")
    return result


#: what no text for a terminal may hold: C0 controls but line feed (tab and CR included), DEL,
#: C1 controls, bidirectional embeddings, overrides and isolates
TERMINAL_BAD = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: in data formats tab and CR may stand as syntax (TSV, iCalendar's CRLF): still no other
DATA_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def assert_terminal_safe(text: str, where: str, pattern: re.Pattern[str] = TERMINAL_BAD) -> None:
    bad = pattern.search(text)
    assert bad is None, (
        f"{where}: raw {bad[0]!r} at {bad.start()}: "
        f"{text[max(0, bad.start() - 80) : bad.start() + 40]!r}"
    )


def assert_json(text: str, where: str) -> Any:
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise AssertionError(f"{where}: not JSON ({exc}): {text[:500]!r}") from None
    assert_terminal_safe(text, where, DATA_BAD)
    return value


_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def assert_cells(text: str, where: str, delimiter: str = ",") -> list[list[str]]:
    """CSV or TSV: parses, and no cell is one a spreadsheet would run as a formula."""
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    for row in rows:
        for cell in row:
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not _PLAIN_NUMBER.fullmatch(cell):
                raise AssertionError(f"{where}: a formula cell {cell[:80]!r}")
    assert_terminal_safe(text, where, DATA_BAD)
    return rows


def assert_ical(text: str, where: str) -> None:
    from icalendar import Calendar

    try:
        cal = Calendar.from_ical(text)
    except ValueError as exc:
        raise AssertionError(f"{where}: not iCalendar ({exc}): {text[:500]!r}") from None
    events = cal.walk("VEVENT")
    for item in events:
        assert "UID" in item and "DTSTART" in item, f"{where}: {item.to_ical()[:300]!r}"
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids)), f"{where}: the same UID twice"
    begun = re.findall(r"(?m)^BEGIN:VEVENT\r?$", text)  # content lines, not text inside one
    assert len(begun) == len(events), f"{where}: an event made by the data"
    assert_terminal_safe(text, where, DATA_BAD)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: set[tuple[str, str | None]] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.add((tag, None))
        for name, value in attrs:
            self.found.add((tag, name))
            if name in ("href", "src", "action", "formaction", "xlink:href") and value is not None:
                self.links.append(value)

    handle_startendtag = handle_starttag


def html_parts(text: str) -> _Tags:
    parser = _Tags()
    parser.feed(text)
    parser.close()
    return parser


def assert_links(links: list[str], where: str) -> None:
    for link in links:
        scheme = link.split(":", 1)[0].strip().lower() if ":" in link else ""
        assert link.startswith("#") or scheme in ("http", "https"), f"{where}: link {link[:120]!r}"


def _clean_html() -> set[tuple[str, str | None]]:
    """The elements and attributes the report's template makes for clean data sets: the
    base one and tests/examples/base (every status, every kind)."""
    found: set[tuple[str, str | None]] = set()
    with tempfile.TemporaryDirectory() as tmp:
        root = write_tree(Path(tmp), {n: _written(r) for n, r in BASE.items()})
        examples = Path(__file__).parent / "examples" / "base"
        for data in (root, examples):
            for extra in ((), ("--all",)):
                result = run("--data", str(data), "report", "-f", "html", "--as-of", AS_OF, *extra)
                assert result.exit_code == 0, result.stderr
                found |= html_parts(result.stdout).found
    return found


_CLEAN_HTML: set[tuple[str, str | None]] = set()


def assert_html(text: str, where: str) -> None:
    if not _CLEAN_HTML:
        _CLEAN_HTML.update(_clean_html())
    parts = html_parts(text)
    extra = parts.found - _CLEAN_HTML
    assert not extra, f"{where}: markup the template never makes: {sorted(extra, key=str)}"
    assert_links(parts.links, where)
    assert_terminal_safe(text, where, DATA_BAD)


def markdown_shape(text: str) -> list[tuple[str, str, str]]:
    """Markdown's structure as markdown-it (CommonMark and GitHub's tables) parses it: every
    block and inline token but plain text, links by kind, HTML with its text."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    shape: list[tuple[str, str, str]] = []

    def walk(tokens: Any) -> None:
        for token in tokens:
            if token.type == "text":
                continue
            detail = ""
            if token.type.startswith("html"):
                detail = token.content
            elif token.type in ("link_open", "image"):
                href = str(token.attrGet("href") or token.attrGet("src") or "")
                detail = "#" if href.startswith("#") else href.split(":", 1)[0]
            shape.append((token.type, token.tag, detail))
            if token.children:
                walk(token.children)

    walk(parser.parse(text))
    return shape


def assert_markdown(text: str, twin: str, where: str) -> None:
    """The Markdown has the structure of its twin's: no record text made a heading, a row, a
    cell, a link, an image or a tag; and its links go to anchors or http(s)."""
    from markdown_it import MarkdownIt

    assert_terminal_safe(text, where, DATA_BAD)
    ours, theirs = markdown_shape(text), markdown_shape(twin)
    if ours != theirs:
        i = next(
            (k for k, (a, b) in enumerate(zip(ours, theirs, strict=False)) if a != b),
            min(len(ours), len(theirs)),
        )
        lines = text.splitlines()
        raise AssertionError(
            f"{where}: the data changed the Markdown's structure at token {i}: "
            f"{ours[i : i + 3]} instead of {theirs[i : i + 3]}\n"
            + "\n".join(line[:200] for line in lines if line.startswith(("#", "|", "<")))[:3000]
        )
    links = [
        str(t.attrGet("href") or t.attrGet("src") or "")
        for block in MarkdownIt("commonmark").enable(["table"]).parse(text)
        for t in block.children or ()
        if t.type in ("link_open", "image")
    ]
    assert_links(links, where)


@pytest.fixture(autouse=True)
def _one_command_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    """typer builds the click command tree anew on every call, most of a small command's
    time; the tree is the same every time, so the harness builds it once and runs five
    times the examples in the same time (`main` still runs whole, as the console script)."""
    import typer.main

    built: dict[Any, Any] = {}
    build = typer.main.get_command

    def get_command(app: Any) -> Any:
        if app not in built:
            built[app] = build(app)
        return built[app]

    monkeypatch.setattr(typer.main, "get_command", get_command)


@pytest.fixture
def workdir() -> Iterator[Callable[[], Path]]:
    """A fresh folder per example (Hypothesis calls the test many times per fixture)."""
    with tempfile.TemporaryDirectory(prefix="kcbilat-fuzz-") as tmp:
        count = iter(range(10**9))

        def fresh() -> Path:
            path = Path(tmp) / str(next(count))
            path.mkdir()
            return path

        yield fresh


def data_of(case: Case, workdir: Callable[[], Path], twin: bool = False) -> str:
    return str(write_tree(workdir() / "data", case.twin if twin else case.files))


# -- the base data set is valid, so what fails is what the fuzzer put in -----------------------


def test_the_base_data_set_is_valid_and_complete(tmp_path):
    root = write_tree(tmp_path, {n: _written(r) for n, r in BASE.items()})
    result = run("--data", str(root), "validate", "--strict")
    assert result.exit_code == 0, result.output
    status = json.loads(run("--data", str(root), "status", "-f", "json", "--all").stdout)
    shown = {row["status"] for row in status["commitments"]}
    assert len(shown) >= 4, shown  # several statuses, so several renderings are exercised


# -- the commands ---------------------------------------------------------------------------


@FUZZ
@given(case=cases())
def test_validate(case, workdir):
    data = data_of(case, workdir)
    text = run("--data", data, "validate")
    assert_terminal_safe(text.stdout, "validate")
    assert_json(run("--data", data, "validate", "-f", "json").stdout, "validate -f json")
    summary = workdir() / "summary.md"
    github = kcbilat_github(data, summary)
    assert_terminal_safe(github, "validate -f github")
    assert_summary(summary.read_text(encoding="utf-8"))
    for line in github.splitlines():
        assert line.startswith(("::error ", "::warning ", "::notice ")) or not line.startswith(
            "::"
        ), f"validate -f github: {line[:200]!r}"


def kcbilat_github(data: str, summary: Path) -> str:
    """`validate -f github` as in a GitHub job, with a step summary."""
    result = kcbilat(
        "--data", data, "validate", "-f", "github", "--strict",
        env={**ENV, "GITHUB_STEP_SUMMARY": str(summary)},
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.output[-2000:]
    assert_terminal_safe(result.stderr, "validate -f github (stderr)")
    return result.stdout


def assert_summary(text: str) -> None:
    """The step summary is one heading and a table of six columns (or a sentence), whatever
    the messages quote: no tag, link, image or extra cell."""
    from markdown_it import MarkdownIt

    assert_terminal_safe(text, "step summary", DATA_BAD)
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(text)
    blocks = [t.type for t in tokens if t.nesting != -1 and t.level == 0]
    assert blocks in (["heading_open", "paragraph_open"], ["heading_open", "table_open"]), blocks
    cells = 0
    for token in tokens:
        if token.type == "tr_open":
            assert cells in (0, 6), f"step summary: a row of {cells} cells"
            cells = 0
        elif token.type in ("th_open", "td_open"):
            cells += 1
        inline = token.children or []
        bad = [t.type for t in inline if t.type in ("html_inline", "link_open", "image")]
        assert not bad and token.type not in ("html_block",), f"step summary: {bad or token}"
    assert cells in (0, 6), f"step summary: a row of {cells} cells"


@FUZZ
@given(case=cases(), everything=st.booleans())
def test_status(case, everything, workdir):
    data = data_of(case, workdir)
    extra = ("--all",) if everything else ()
    base = ("--data", data, "status", "--as-of", AS_OF, *extra)
    table = run(*base)
    event(f"status exits {table.exit_code}")  # 0: the fuzzed data set was valid throughout
    assert_terminal_safe(table.stdout, "status")
    assert_terminal_safe(run(*base, "--wide").stdout, "status --wide")
    assert_json(run(*base, "-f", "json").stdout, "status -f json")
    assert_cells(run(*base, "-f", "csv").stdout, "status -f csv")
    assert_cells(run(*base, "-f", "tsv").stdout, "status -f tsv", "\t")
    markdown = run(*base, "-f", "markdown").stdout
    twin = run("--data", data_of(case, workdir, twin=True), *base[2:], "-f", "markdown").stdout
    assert_markdown(markdown, twin, "status -f markdown")


LIST_KINDS = ("agreements", "commitments", "meetings", "parties", "sectors")


@FUZZ
@given(case=cases(), formats=st.tuples(*[st.sampled_from(["table", "json", "csv", "tsv"])] * 5))
def test_list(case, formats, workdir):
    data = data_of(case, workdir)
    for kind, fmt in zip(LIST_KINDS, formats, strict=True):
        result = run("--data", data, "list", kind, "-f", fmt, "--as-of", AS_OF, "--all")
        where = f"list {kind} -f {fmt}"
        if fmt == "table":
            assert_terminal_safe(result.stdout, where)
        elif fmt == "json":
            assert_json(result.stdout, where)
        else:
            assert_cells(result.stdout, where, "," if fmt == "csv" else "\t")


@FUZZ
@given(case=cases(), picks=st.lists(st.integers(0, 99), min_size=3, max_size=3))
def test_show(case, picks, workdir):
    """Three of the records, and every id the fuzzer wrote."""
    data = data_of(case, workdir)
    base = len(AGREEMENT_IDS + REFS + MEETING_IDS)
    chosen = {case.ids[p % base] for p in picks} | set(case.ids[base:])
    for ident in sorted(chosen):
        text = run("--data", data, "show", ident, "--as-of", AS_OF)
        assert_terminal_safe(text.stdout, f"show {ident!r}")
        if text.exit_code == 0:
            assert_json(
                run("--data", data, "show", ident, "-f", "json", "--as-of", AS_OF).stdout,
                f"show {ident!r} -f json",
            )


@FUZZ
@given(case=cases(), everything=st.booleans())
def test_report(case, everything, workdir):
    data = data_of(case, workdir)
    extra = ("--all",) if everything else ()
    base = ("report", "--as-of", AS_OF, *extra)
    markdown = run("--data", data, *base).stdout
    twin = run("--data", data_of(case, workdir, twin=True), *base).stdout
    assert_markdown(markdown, twin, "report")
    assert_html(run("--data", data, *base, "-f", "html").stdout, "report -f html")


@FUZZ
@given(case=cases(), everything=st.booleans())
def test_calendar(case, everything, workdir):
    data = data_of(case, workdir)
    extra = ("--all",) if everything else ()
    result = run("--data", data, "calendar", "--as-of", AS_OF, *extra)
    assert_ical(result.stdout, "calendar")


@FUZZ
@given(case=cases())
def test_export(case, workdir):
    data = data_of(case, workdir)
    base = ("--data", data, "export", "--as-of", AS_OF)
    assert_json(run(*base).stdout, "export")
    out = workdir()
    csvs = run(*base, "-f", "csv", "-o", str(out / "tables"))
    if csvs.exit_code in (0, 1) and (out / "tables").exists():
        for table in sorted((out / "tables").iterdir()):
            assert_cells(table.read_text(encoding="utf-8"), f"export -f csv: {table.name}")
    db = out / "kcbilat.db"
    result = run(*base, "-f", "sqlite", "-o", str(db))
    if result.exit_code in (0, 1) and db.exists():
        with sqlite3.connect(db) as con:
            assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert con.execute("PRAGMA foreign_key_check").fetchall() == []


@FUZZ
@given(case=cases())
def test_fmt(case, workdir):
    data = data_of(case, workdir)
    check = run("--data", data, "fmt", "--check")
    assert_terminal_safe(check.stdout, "fmt --check")
    if check.exit_code != 1:
        return
    # Formatting what would change: fmt then finds it canonical, and it means the same.
    before = run("--data", data, "export", "--as-of", AS_OF)
    wrote = run("--data", data, "fmt")
    assert_terminal_safe(wrote.stdout, "fmt")
    if wrote.exit_code == 0:
        again = run("--data", data, "fmt", "--check")
        assert again.exit_code == 0, f"fmt is not idempotent:\n{again.stdout[:3000]}"
        after = run("--data", data, "export", "--as-of", AS_OF)
        assert _meaning(after.stdout) == _meaning(before.stdout), "fmt changed the data"


def _meaning(export: str) -> Any:
    value = json.loads(export)
    value.pop("meta", None)
    for key in ("generated", "data_dir"):
        value.pop(key, None)
    return value


@FUZZ
@given(case=cases())
def test_diff(case, workdir):
    """A repository whose second commit holds the fuzzed files and whose third their twin:
    `diff` between the first and each."""
    repo = workdir()
    write_tree(repo / "data", {n: _written(r) for n, r in BASE.items()})
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    shutil_rmtree(repo / "data")
    write_tree(repo / "data", case.files)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", "fuzzed")
    shutil_rmtree(repo / "data")
    write_tree(repo / "data", case.twin)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", "twin")
    data = str(repo / "data")
    base = ("--data", data, "diff", "HEAD~2", "HEAD~1", "--as-of", AS_OF)
    assert_terminal_safe(run(*base).stdout, "diff")
    assert_json(run(*base, "-f", "json").stdout, "diff -f json")
    markdown = run(*base, "-f", "markdown").stdout
    twin = run("--data", data, "diff", "HEAD~2", "HEAD", "--as-of", AS_OF, "-f", "markdown")
    assert_markdown(markdown, twin.stdout, "diff -f markdown")


def shutil_rmtree(path: Path) -> None:
    import shutil

    shutil.rmtree(path)


# -- options: numbers and dates at the edges ------------------------------------------------


@FUZZ
@given(
    window=st.one_of(st.integers(0, 10**30).map(str), st.sampled_from(["-1", "1e9", "x", ""])),
    review_age=st.one_of(st.integers(0, 10**30).map(str), st.sampled_from(["-1", "0"])),
    as_of=st.one_of(
        date_values.map(str), st.sampled_from(["today", "1000-01-01", "2999-12-31", "0001-01-01"])
    ),
    command=st.sampled_from(["status", "report", "calendar", "export", "list commitments"]),
)
def test_options_at_the_edges(window, review_age, as_of, command, workdir):
    data = str(write_tree(workdir(), {n: _written(r) for n, r in BASE.items()}))
    run(
        "--data",
        data,
        *command.split(),
        "--as-of",
        as_of,
        "--window",
        window,
        "--review-age",
        review_age,
    )
