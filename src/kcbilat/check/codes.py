"""Every diagnostic code explained: what it means, where it points, how to fix it.

Pure data (nothing here imports the rest of kcbilat), so the documentation,
`tests/test_codes.py` and any future command can read it cheaply. Each entry has a
bad and a fixed example: a whole data file that, put at `path` inside a copy of the
example data set (`tests/examples/base/`), makes validation give that code (bad) and
no diagnostic at all (fixed), with "today" = `EXAMPLE_TODAY`. An example that cannot
be a file of text (a symlink, say) is marked `runnable=False` and only shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

#: the "today" of the examples' validation (things dated after it are in the future)
EXAMPLE_TODAY = date(2026, 11, 28)


@dataclass(frozen=True, slots=True)
class Example:
    """A data file, and where it goes in a copy of the example data set."""

    #: relative to the data directory: `agreements/<id>.yaml`, `meetings/<id>.yaml`,
    #: or `parties.yaml` / `sectors.yaml` (which then replace the example's own)
    path: str
    text: str
    #: False: a situation described in text (it cannot be written as a file of text)
    runnable: bool = True
    #: how `text` is saved (an `encoding` example saves it as UTF-16)
    encoding: str = "utf-8"


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    severity: str  # error | warning
    summary: str  # one line
    explanation: str  # what it means, where the diagnostic points, how to fix it
    bad: Example
    fixed: Example


# -- pieces shared by the examples -------------------------------------------------------------

# A planned meeting: a partial date is fine, sources are optional, and `fulfils: []` says it
# serves no commitment on purpose.
_PLANNED = """\
id: env-dialogue-2027
title: Environment policy dialogue
date: 2027-03
status: scheduled
parties: [kr-mcee, cn-mee]
fulfils: []
"""

_SOURCE = """\
sources:
  - url: https://example.org/news/dialogue
    title: Environment policy dialogue held in Seoul
"""

_AGREEMENT = """\
id: ocean-mou-2026
title: MOU on marine environment cooperation
type: mou
signed: 2026-01-05
parties: [kr-mcee, cn-mee]
sectors: [climate]
summary: Joint monitoring of the Yellow Sea.
sources:
  - url: https://example.org/ocean-mou
    title: Korea and China sign a marine MOU
commitments:
  - id: joint-survey
    title: Joint survey of the Yellow Sea
    sectors: [climate]
    responsible: [kr-mcee, cn-mee]
"""

_MINISTERS = "env-climate-mou-2026/annual-ministers-meeting"


def _meeting(path: str, text: str, **kw: object) -> Example:
    return Example(f"meetings/{path}.yaml", text, **kw)  # type: ignore[arg-type]


def _agreement(text: str, name: str = "ocean-mou-2026") -> Example:
    return Example(f"agreements/{name}.yaml", text)


CODES: tuple[Code, ...] = (
    Code(
        "yaml-syntax",
        "error",
        "The file is not valid YAML, or a mapping repeats a key.",
        "The YAML parser could not read the file: an unclosed bracket or quote, a bad "
        "indentation, a tab where spaces are needed. The diagnostic points where the parser "
        "gave up, which may be a line or two after the real mistake. A key written twice in "
        "one mapping is reported here too, at the second one. Fix the text there; nothing "
        "else in the file is checked until it parses.",
        _meeting("env-dialogue-2027", _PLANNED.replace("cn-mee]", "cn-mee")),
        _meeting("env-dialogue-2027", _PLANNED),
    ),
    Code(
        "schema",
        "error",
        "A field has the wrong type or shape, a required field is missing, or a word is "
        "not allowed.",
        "The record does not have the shape its type needs: a required field is missing, a "
        "value is text where a list is wanted, a word is not one of those allowed (the "
        "message lists them), a field is empty (`null` is never a value), `due` and `recurs` "
        "stand together, `review` stands beside either, a manual `status` lacks its "
        "`status_date` and `status_note` (and `status_sources` for `met`), a held meeting "
        "has a partial date, a key is not text, the file is empty, or its root is not a "
        "mapping (a list for `parties.yaml` and `sectors.yaml`). A wrong value is pointed "
        "at; a missing field at the key of the mapping lacking it (line 1 for a top-level "
        "field); a field that may not stand beside another at the later of the two.",
        _meeting("env-dialogue-2027", _PLANNED.replace("scheduled", "planned")),
        _meeting("env-dialogue-2027", _PLANNED),
    ),
    Code(
        "unknown-field",
        "error",
        "A key the record type does not have (usually a typo).",
        "Every record type forbids keys it does not know, so that a misspelt field is never "
        "silently ignored. The diagnostic points at the key and suggests the closest known "
        "one. Rename the key, or remove it; free text belongs in `notes` (agreements) or "
        "`summary` (meetings).",
        _meeting("env-dialogue-2027", _PLANNED.replace("title:", "titel:")),
        _meeting("env-dialogue-2027", _PLANNED),
    ),
    Code(
        "bad-date",
        "error",
        "An impossible or malformed partial date or duration, or a time of day.",
        "Dates are written `2026`, `2026-H1`, `2026-Q3`, `2026-06` or `2026-06-15`; "
        "durations `N years`, `N months`, `annual`, `biennial`, `semiannual`, `quarterly` or "
        "`monthly`. An impossible date (`2026-02-30`, `2026-13`, `2026-Q5`), a timestamp "
        "with a time of day, or a partial date where a full one is needed (`updates`, "
        "`status_date`, `reviewed`, `accessed`) is reported at the value. Write the date as "
        "one of those forms.",
        _meeting("env-dialogue-2027", _PLANNED.replace("2027-03", "2027-Q5")),
        _meeting("env-dialogue-2027", _PLANNED.replace("2027-03", "2027-Q2")),
    ),
    Code(
        "duplicate-id",
        "error",
        "An id used twice.",
        "Agreement and meeting ids are unique across the data set (they share one "
        "namespace), party and sector ids within their file, commitment ids within their "
        "agreement. The diagnostic points at the later `id:` (by file, then line) and its "
        "message names the earlier place. Give one of the two records another id (and, for "
        "an agreement or meeting, rename its file to match).",
        _agreement(
            _AGREEMENT
            + "    due: 2027\n"
            + "  - id: joint-survey\n"
            + "    title: Joint report on the survey\n"
            + "    sectors: [climate]\n"
            + "    responsible: [kr-mcee, cn-mee]\n"
            + "    due: 2027-H2\n"
        ),
        _agreement(
            _AGREEMENT
            + "    due: 2027\n"
            + "  - id: survey-report\n"
            + "    title: Joint report on the survey\n"
            + "    sectors: [climate]\n"
            + "    responsible: [kr-mcee, cn-mee]\n"
            + "    due: 2027-H2\n"
        ),
    ),
    Code(
        "filename",
        "error",
        "A record file is not named after its id, or its name breaks the naming pattern.",
        "An agreement or meeting lives in `<id>.yaml`, so that a record can be found from "
        "its id and no two files hold the same one. A file whose name differs from the "
        "record's id is pointed at its `id:` value. A file in `agreements/` or `meetings/` "
        "whose name is not lowercase `[a-z0-9][a-z0-9._-]*.yaml` (`.yml`, capitals, spaces, "
        "a `.bak`) has no line to point at; it is reported rather than skipped, so that no "
        "record is silently left out. Rename the file (`README.md` is the one other name "
        "allowed there).",
        _agreement(_AGREEMENT + "    due: 2027\n", name="ocean-mou"),
        _agreement(_AGREEMENT + "    due: 2027\n"),
    ),
    Code(
        "unknown-ref",
        "error",
        "A party, sector, agreement or commitment reference that does not resolve, or a loop.",
        "Parties and sectors are named by the ids of `parties.yaml` and `sectors.yaml`, an "
        "agreement's `revises` by an agreement id, a meeting's `fulfils` by commitment refs "
        "`<agreement-id>/<commitment-id>`. One that names nothing is reported at the value, "
        "with the closest known id. A sector `parent` chain or a `revises` chain that comes "
        "back on itself is reported at that key in the first record of the loop. A "
        "reference to a record whose own file has errors is not reported again here.",
        _meeting("env-dialogue-2027", _PLANNED.replace("cn-mee]", "cn-mep]")),
        _meeting("env-dialogue-2027", _PLANNED),
    ),
    Code(
        "date-order",
        "error",
        "Dates that contradict each other, or something recorded as done after today.",
        "A `due` or a recurrence's `from` wholly before the agreement's signing (`due: 2026` "
        "in an agreement signed 2026-01-05 is fine), an `until` wholly before `from`, an "
        "`expires` wholly before `signed`; or a meeting held, an update, an assessment, a "
        "`status_date` or a `reviewed` dated after today. It points at the later date. For a "
        "meeting that has not happened yet, write `status: scheduled`.",
        _meeting(
            "env-dialogue-2026",
            _PLANNED.replace("2027", "2026")
            .replace("2026-03", "2026-12-10")
            .replace("scheduled", "held")
            + _SOURCE,
        ),
        _meeting(
            "env-dialogue-2026",
            _PLANNED.replace("2027", "2026").replace("2026-03", "2026-12-10") + _SOURCE,
        ),
    ),
    Code(
        "period",
        "error",
        "A meeting names a period of a recurring commitment that is not one it can serve.",
        "A meeting serves the period of a recurring commitment that holds its date, or the "
        "one named by `period:` (a label such as `2027`, `2026-2027`, `2026-H2`, or a date "
        "inside one period). Reported at the `period:` value: a period that does not exist, "
        "one that starts after the meeting's date (a meeting can make up for a past period, "
        "not serve a future one), a malformed value, or a `period:` on a commitment that is "
        "not recurring. Also reported: a held meeting whose date lies in no period (before "
        "the first, after `until`) and the same ref twice in one `fulfils`, at the second.",
        _meeting(
            "env-ministers-2027",
            _PLANNED.replace("env-dialogue-2027", "env-ministers-2027").replace(
                "fulfils: []", f"fulfils:\n  - ref: {_MINISTERS}\n    period: 2028"
            ),
        ),
        _meeting(
            "env-ministers-2027",
            _PLANNED.replace("env-dialogue-2027", "env-ministers-2027").replace(
                "fulfils: []", f"fulfils:\n  - ref: {_MINISTERS}\n    period: 2027"
            ),
        ),
    ),
    Code(
        "series-order",
        "error",
        "Two meetings of one series share a number, or the numbers do not grow with the dates.",
        "Meetings with the same `series` are numbered in order (`number: 5` is the 5th). Two "
        "with the same number, or a higher number dated wholly before a lower one, are "
        "reported at the later file's `number:`, naming the other. Partial dates are "
        "compared generously: a 5th dialogue planned for `2026` after a 4th held on "
        "2026-01-05 is fine.",
        _meeting(
            "env-ministers-2027",
            _PLANNED.replace("env-dialogue-2027", "env-ministers-2027")
            + "series: kr-cn-env-ministers-meeting\nnumber: 5\n",
        ),
        _meeting(
            "env-ministers-2027",
            _PLANNED.replace("env-dialogue-2027", "env-ministers-2027")
            + "series: kr-cn-env-ministers-meeting\nnumber: 6\n",
        ),
    ),
    Code(
        "disputed",
        "error",
        "A `disputed` entry names a field that cannot be disputed, has an invalid value, or "
        "repeats a field.",
        "`disputed` keeps the reading of a field that the better sources do not support. "
        "Only `due`, `recurs`, `responsible`, `sectors` and `place` can be disputed, each at "
        "most once per commitment, and the value must be valid for that field (a partial "
        "date for `due`, a whole `recurs` mapping, known ids for `responsible` and "
        "`sectors`). Reported at the `field:` or the `value:`.",
        _agreement(
            _AGREEMENT
            + "    due: 2027\n"
            + "    disputed:\n"
            + "      - field: deadline\n"
            + "        value: 2026-H2\n"
            + "        note: One report says the survey is due this year.\n"
            + "        sources:\n"
            + "          - url: https://example.org/ocean-report\n"
            + "            title: Marine survey to start this year\n"
        ),
        _agreement(
            _AGREEMENT
            + "    due: 2027\n"
            + "    disputed:\n"
            + "      - field: due\n"
            + "        value: 2026-H2\n"
            + "        note: One report says the survey is due this year.\n"
            + "        sources:\n"
            + "          - url: https://example.org/ocean-report\n"
            + "            title: Marine survey to start this year\n"
        ),
    ),
    Code(
        "yaml-feature",
        "error",
        "An anchor, alias, merge key, tag, `%YAML`/`%TAG` directive or second document.",
        "Data files are plain YAML: mappings, lists and scalars. Anchors and aliases (`&x`, "
        "`*x`) make one edit change several records unseen, merge keys (`<<`) hide fields, "
        "tags (`!!str`, `!include`, `!!python/...`) ask for types kcbilat never builds, a "
        "`%YAML 1.1` directive changes what `no` means, and a second document (`---`) would "
        "be ignored. Each is reported where it stands (a directive at line 1). Write the "
        "values out; quote a value to make it text.",
        _meeting("env-dialogue-2027", _PLANNED.replace("date: 2027-03", "date: !!str 2027-03")),
        _meeting("env-dialogue-2027", _PLANNED.replace("date: 2027-03", "date: '2027-03'")),
    ),
    Code(
        "limit",
        "error",
        "A file over a size limit, or more diagnostics than are shown.",
        "So that no file can exhaust memory or flood a CI log: a file over 1 MiB is refused "
        "before it is parsed (at line 1); nesting deeper than 32 levels, more than 20,000 "
        "YAML nodes in one file, or a scalar over 10,000 characters are reported where the "
        "limit is crossed. At most 50 diagnostics per file and 1,000 in all are reported; "
        "past a cap, one more `limit` diagnostic says how many were left out. Split or "
        "shorten what is too big; fix the first problems to see the rest.",
        _meeting(
            "env-dialogue-2027",
            _PLANNED.replace("title: Environment policy dialogue", "title: " + "[" * 33 + "]" * 33),
        ),
        _meeting("env-dialogue-2027", _PLANNED),
    ),
    Code(
        "encoding",
        "error",
        "The file is not UTF-8.",
        "Data files are UTF-8 text. A file in UTF-16 (which some Windows editors write) or "
        "holding bytes that are not UTF-8 (a file saved as EUC-KR or GBK, say) is reported "
        "at line 1 or at the first bad byte. Save it as UTF-8 (a UTF-8 byte-order mark is "
        "accepted, and `kcbilat fmt` drops it).",
        _meeting("env-dialogue-2027", _PLANNED, encoding="utf-16"),
        _meeting("env-dialogue-2027", _PLANNED),
    ),
    Code(
        "bad-char",
        "error",
        "A control or bidirectional character, raw or escaped.",
        "Anywhere in a file, comments included, these are refused: C0 control characters "
        "other than tab and line feed (and a carriage return that does not end a line), "
        "DEL, the C1 controls U+0080–U+009F and the bidirectional controls U+202A–U+202E "
        "and U+2066–U+2069, which can make text read differently from what it holds. Raw "
        'ones are reported where they stand; escaped ones (`"\\e"`, `"\\u202E"`) at their '
        "string. Delete the character (a raw one is often invisible: look for it with "
        "`grep -nP '[\\x00-\\x08\\x7f]'` or your editor's show-whitespace mode).",
        _meeting(
            "env-dialogue-2027",
            _PLANNED.replace(
                "title: Environment policy dialogue", 'title: "Policy\\u202E dialogue"'
            ),
        ),
        _meeting(
            "env-dialogue-2027",
            _PLANNED.replace("title: Environment policy dialogue", 'title: "Policy dialogue"'),
        ),
    ),
    Code(
        "not-a-file",
        "error",
        "Something in a data folder that is not a regular file, or a missing `parties.yaml` "
        "or `sectors.yaml`.",
        "The data folders hold regular files only. A symlink, a FIFO, a device or a "
        "sub-folder in `agreements/` or `meetings/` is reported, never opened or followed "
        "(a symlink could read a file from anywhere); so is a `parties.yaml` or "
        "`sectors.yaml` that is missing, or an `agreements` or `meetings` that is a file. "
        "These have no line to point at. Replace a symlink by the file itself, and move "
        "sub-folders out of the data folders.",
        Example(
            "meetings/env-dialogue-2027.yaml",
            "$ ln -s ~/drafts/env-dialogue-2027.yaml data/meetings/\n"
            "$ kcbilat validate\n"
            "data/meetings/env-dialogue-2027.yaml: error[not-a-file]: meetings/"
            "env-dialogue-2027.yaml is a symlink: data folders hold regular .yaml files only\n",
            runnable=False,
        ),
        Example(
            "meetings/env-dialogue-2027.yaml",
            "$ rm data/meetings/env-dialogue-2027.yaml\n"
            "$ cp ~/drafts/env-dialogue-2027.yaml data/meetings/\n",
            runnable=False,
        ),
    ),
    Code(
        "no-source",
        "warning",
        "A held meeting without sources.",
        "A meeting recorded as held is evidence that a commitment was kept, so it should say "
        "where that is reported. Reported at `sources:` when the list is empty, at line 1 "
        "when the key is missing. Add at least one source with `url` and `title`.",
        _meeting(
            "env-dialogue-2026",
            _PLANNED.replace("2027", "2026")
            .replace("2026-03", "2026-10-14")
            .replace("scheduled", "held"),
        ),
        _meeting(
            "env-dialogue-2026",
            _PLANNED.replace("2027", "2026")
            .replace("2026-03", "2026-10-14")
            .replace("scheduled", "held")
            + _SOURCE,
        ),
    ),
    Code(
        "stale-schedule",
        "warning",
        "A scheduled meeting whose date is over.",
        "A planned meeting counts as a plan only until its date has passed (its last day: "
        "`2026-06` is over on 1 July). After that the record is out of date: reported at "
        "its `date:`. Say what happened: `held` with the full date and a source, "
        "`postponed` or `cancelled`; or move the date if it is still planned.",
        _meeting(
            "env-dialogue-2026",
            _PLANNED.replace("2027", "2026").replace("2026-03", "2026-06"),
        ),
        _meeting(
            "env-dialogue-2026",
            _PLANNED.replace("2027", "2026")
            .replace("2026-03", "2026-06")
            .replace("scheduled", "postponed"),
        ),
    ),
    Code(
        "orphan",
        "warning",
        "A meeting without a `fulfils` key.",
        "A meeting is in the data to show what it did for the commitments. One with no "
        "`fulfils` key probably lacks it by mistake; reported at line 1. List the "
        "commitment refs it serves, or write `fulfils: []` when it serves none on purpose "
        "(a historical meeting kept for the record).",
        _meeting("env-dialogue-2027", _PLANNED.replace("fulfils: []\n", "")),
        _meeting("env-dialogue-2027", _PLANNED),
    ),
    Code(
        "host-order",
        "warning",
        "Two consecutive held meetings of a `hosts: alternate` commitment with the same host.",
        "A commitment with `hosts: alternate` is held by the two countries in turn. When two "
        "held meetings serving it, one after the other by date, name the same `host`, the "
        "later one is reported at its `host:`, naming the earlier. Check the host (or the "
        "meeting's date), or record the meeting in between that is missing.",
        _meeting(
            "env-ministers-2026",
            _PLANNED.replace("env-dialogue-2027", "env-ministers-2026")
            .replace("2027-03", "2026-10-14")
            .replace("scheduled", "held")
            .replace("fulfils: []", f"host: CN\nfulfils: [{_MINISTERS}]")
            + _SOURCE,
        ),
        _meeting(
            "env-ministers-2026",
            _PLANNED.replace("env-dialogue-2027", "env-ministers-2026")
            .replace("2027-03", "2026-10-14")
            .replace("scheduled", "held")
            .replace("fulfils: []", f"host: KR\nfulfils: [{_MINISTERS}]")
            + _SOURCE,
        ),
    ),
    Code(
        "dead-link",
        "error",
        "A source URL that is gone: 404 or 410, no such host, a TLS error, a refused "
        "connection (`kcbilat sources check`).",
        "Reported by `kcbilat sources check`, not by `validate`: checking links needs the "
        "network. It points at the `url:` value. The page is gone or its site cannot be "
        "reached at all, so a reader of the record cannot check the fact it supports. Find "
        "where the page went (the publisher's site, a web archive) and cite that, or another "
        "source saying the same.",
        Example(
            "agreements/ocean-mou-2026.yaml",
            "$ kcbilat sources check\n"
            "data/agreements/ocean-mou-2026.yaml:10:10: error[dead-link]: dead link "
            "'https://example.org/ocean-mou': 404 Not Found\n",
            runnable=False,
        ),
        Example(
            "agreements/ocean-mou-2026.yaml",
            "sources:\n  - url: https://web.archive.org/web/2026/https://example.org/ocean-mou\n"
            "    title: Korea and China sign a marine MOU (archived)\n",
            runnable=False,
        ),
    ),
    Code(
        "moved-link",
        "warning",
        "A source URL that redirects permanently (301 or 308) elsewhere.",
        "Reported by `kcbilat sources check` at the `url:` value, with the address it moved "
        "to. The link still works, through the redirect, but may break when the old address "
        "is dropped: cite the new address.",
        Example(
            "agreements/ocean-mou-2026.yaml",
            "$ kcbilat sources check\n"
            "data/agreements/ocean-mou-2026.yaml:10:10: warning[moved-link]: link "
            "'http://example.org/ocean-mou' moved permanently to "
            "'https://example.org/news/ocean-mou'\n",
            runnable=False,
        ),
        Example(
            "agreements/ocean-mou-2026.yaml",
            "sources:\n  - url: https://example.org/news/ocean-mou\n"
            "    title: Korea and China sign a marine MOU\n",
            runnable=False,
        ),
    ),
    Code(
        "unreachable-link",
        "warning",
        "A source URL that could not be checked: a timeout, a server error (5xx), too many "
        "requests (429), or a site that refuses robots (401, 403).",
        "Reported by `kcbilat sources check` at the `url:` value. These say nothing sure "
        "about the page: many sites refuse automated requests, or were slow that once. Open "
        "the link in a browser; if it works, leave it; rerun later (failures are cached for "
        "a day, `--no-cache` asks again).",
        Example(
            "agreements/ocean-mou-2026.yaml",
            "$ kcbilat sources check\n"
            "data/agreements/ocean-mou-2026.yaml:10:10: warning[unreachable-link]: could not "
            "check link 'https://example.org/ocean-mou': timed out after 10 s\n",
            runnable=False,
        ),
        Example(
            "agreements/ocean-mou-2026.yaml",
            "$ kcbilat sources check --timeout 30\n",
            runnable=False,
        ),
    ),
)

#: code → its entry
BY_CODE: dict[str, Code] = {entry.code: entry for entry in CODES}
