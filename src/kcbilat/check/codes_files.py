"""The codes of how a file is stored (encoding, characters, YAML features, limits) and of links."""

from __future__ import annotations

from kcbilat.check.codebook import (
    PLANNED,
    Code,
    Example,
    meeting,
)

#: errors in how a file is stored, whatever it says
FILE_ERRORS: tuple[Code, ...] = (
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
        meeting("env-dialogue-2027", PLANNED.replace("date: 2027-03", "date: !!str 2027-03")),
        meeting("env-dialogue-2027", PLANNED.replace("date: 2027-03", "date: '2027-03'")),
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
        meeting(
            "env-dialogue-2027",
            PLANNED.replace("title: Environment policy dialogue", "title: " + "[" * 33 + "]" * 33),
        ),
        meeting("env-dialogue-2027", PLANNED),
    ),
    Code(
        "encoding",
        "error",
        "The file is not UTF-8.",
        "Data files are UTF-8 text. A file in UTF-16 (which some Windows editors write) or "
        "holding bytes that are not UTF-8 (a file saved as EUC-KR or GBK, say) is reported "
        "at line 1 or at the first bad byte. Save it as UTF-8 (a UTF-8 byte-order mark is "
        "accepted, and `kcbilat fmt` drops it).",
        meeting("env-dialogue-2027", PLANNED, encoding="utf-16"),
        meeting("env-dialogue-2027", PLANNED),
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
        meeting(
            "env-dialogue-2027",
            PLANNED.replace(
                "title: Environment policy dialogue", 'title: "Policy\\u202E dialogue"'
            ),
        ),
        meeting(
            "env-dialogue-2027",
            PLANNED.replace("title: Environment policy dialogue", 'title: "Policy dialogue"'),
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
)

#: what `kcbilat sources check` finds at a source URL
LINK_CODES: tuple[Code, ...] = (
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
