"""The codes of what a record says: syntax, schema, references, dates, and the warnings."""

from __future__ import annotations

from kcbilat.check.codebook import (
    AGREEMENT,
    MINISTERS,
    PLANNED,
    SOURCE,
    Code,
    agreement,
    meeting,
)

#: errors in what a record says (the order `kcbilat explain` and the docs list them in)
DATA_ERRORS: tuple[Code, ...] = (
    Code(
        "yaml-syntax",
        "error",
        "The file is not valid YAML, or a mapping repeats a key.",
        "The YAML parser could not read the file: an unclosed bracket or quote, a bad "
        "indentation, a tab where spaces are needed. The diagnostic points where the parser "
        "gave up, which may be a line or two after the real mistake. A key written twice in "
        "one mapping is reported here too, at the second one. Fix the text there; nothing "
        "else in the file is checked until it parses.",
        meeting("env-dialogue-2027", PLANNED.replace("cn-mee]", "cn-mee")),
        meeting("env-dialogue-2027", PLANNED),
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
        meeting("env-dialogue-2027", PLANNED.replace("scheduled", "planned")),
        meeting("env-dialogue-2027", PLANNED),
    ),
    Code(
        "unknown-field",
        "error",
        "A key the record type does not have (usually a typo).",
        "Every record type forbids keys it does not know, so that a misspelt field is never "
        "silently ignored. The diagnostic points at the key and suggests the closest known "
        "one. Rename the key, or remove it; free text belongs in `notes` (agreements) or "
        "`summary` (meetings).",
        meeting("env-dialogue-2027", PLANNED.replace("title:", "titel:")),
        meeting("env-dialogue-2027", PLANNED),
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
        meeting("env-dialogue-2027", PLANNED.replace("2027-03", "2027-Q5")),
        meeting("env-dialogue-2027", PLANNED.replace("2027-03", "2027-Q2")),
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
        agreement(
            AGREEMENT
            + "    due: 2027\n"
            + "  - id: joint-survey\n"
            + "    title: Joint report on the survey\n"
            + "    sectors: [climate]\n"
            + "    responsible: [kr-mcee, cn-mee]\n"
            + "    due: 2027-H2\n"
        ),
        agreement(
            AGREEMENT
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
        agreement(AGREEMENT + "    due: 2027\n", name="ocean-mou"),
        agreement(AGREEMENT + "    due: 2027\n"),
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
        meeting("env-dialogue-2027", PLANNED.replace("cn-mee]", "cn-mep]")),
        meeting("env-dialogue-2027", PLANNED),
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
        meeting(
            "env-dialogue-2026",
            PLANNED.replace("2027", "2026")
            .replace("2026-03", "2026-12-10")
            .replace("scheduled", "held")
            + SOURCE,
        ),
        meeting(
            "env-dialogue-2026",
            PLANNED.replace("2027", "2026").replace("2026-03", "2026-12-10") + SOURCE,
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
        meeting(
            "env-ministers-2027",
            PLANNED.replace("env-dialogue-2027", "env-ministers-2027").replace(
                "fulfils: []", f"fulfils:\n  - ref: {MINISTERS}\n    period: 2028"
            ),
        ),
        meeting(
            "env-ministers-2027",
            PLANNED.replace("env-dialogue-2027", "env-ministers-2027").replace(
                "fulfils: []", f"fulfils:\n  - ref: {MINISTERS}\n    period: 2027"
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
        meeting(
            "env-ministers-2027",
            PLANNED.replace("env-dialogue-2027", "env-ministers-2027")
            + "series: kr-cn-env-ministers-meeting\nnumber: 5\n",
        ),
        meeting(
            "env-ministers-2027",
            PLANNED.replace("env-dialogue-2027", "env-ministers-2027")
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
        agreement(
            AGREEMENT
            + "    due: 2027\n"
            + "    disputed:\n"
            + "      - field: deadline\n"
            + "        value: 2026-H2\n"
            + "        note: One report says the survey is due this year.\n"
            + "        sources:\n"
            + "          - url: https://example.org/ocean-report\n"
            + "            title: Marine survey to start this year\n"
        ),
        agreement(
            AGREEMENT
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
)

#: warnings: valid data that is probably not what the editor meant
DATA_WARNINGS: tuple[Code, ...] = (
    Code(
        "no-source",
        "warning",
        "A held meeting without sources.",
        "A meeting recorded as held is evidence that a commitment was kept, so it should say "
        "where that is reported. Reported at `sources:` when the list is empty, at line 1 "
        "when the key is missing. Add at least one source with `url` and `title`.",
        meeting(
            "env-dialogue-2026",
            PLANNED.replace("2027", "2026")
            .replace("2026-03", "2026-10-14")
            .replace("scheduled", "held"),
        ),
        meeting(
            "env-dialogue-2026",
            PLANNED.replace("2027", "2026")
            .replace("2026-03", "2026-10-14")
            .replace("scheduled", "held")
            + SOURCE,
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
        meeting(
            "env-dialogue-2026",
            PLANNED.replace("2027", "2026").replace("2026-03", "2026-06"),
        ),
        meeting(
            "env-dialogue-2026",
            PLANNED.replace("2027", "2026")
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
        meeting("env-dialogue-2027", PLANNED.replace("fulfils: []\n", "")),
        meeting("env-dialogue-2027", PLANNED),
    ),
    Code(
        "host-order",
        "warning",
        "Two consecutive held meetings of a `hosts: alternate` commitment with the same host.",
        "A commitment with `hosts: alternate` is held by the two countries in turn. When two "
        "held meetings serving it, one after the other by date, name the same `host`, the "
        "later one is reported at its `host:`, naming the earlier. Check the host (or the "
        "meeting's date), or record the meeting in between that is missing.",
        meeting(
            "env-ministers-2026",
            PLANNED.replace("env-dialogue-2027", "env-ministers-2026")
            .replace("2027-03", "2026-10-14")
            .replace("scheduled", "held")
            .replace("fulfils: []", f"host: CN\nfulfils: [{MINISTERS}]")
            + SOURCE,
        ),
        meeting(
            "env-ministers-2026",
            PLANNED.replace("env-dialogue-2027", "env-ministers-2026")
            .replace("2027-03", "2026-10-14")
            .replace("scheduled", "held")
            .replace("fulfils: []", f"host: KR\nfulfils: [{MINISTERS}]")
            + SOURCE,
        ),
    ),
)
