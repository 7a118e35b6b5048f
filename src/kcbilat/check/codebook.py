"""What an explained diagnostic code is made of, and the example files the entries share.

Pure data (nothing here imports the rest of kcbilat). Each entry has a bad and a
fixed example: a whole data file that, put at `path` inside a copy of the example
data set (`tests/examples/base/`), makes validation give that code (bad) and no
diagnostic at all (fixed), with "today" = `EXAMPLE_TODAY`. An example that cannot
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
PLANNED = """\
id: env-dialogue-2027
title: Environment policy dialogue
date: 2027-03
status: scheduled
parties: [kr-mcee, cn-mee]
fulfils: []
"""

SOURCE = """\
sources:
  - url: https://example.org/news/dialogue
    title: Environment policy dialogue held in Seoul
"""

AGREEMENT = """\
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

MINISTERS = "env-climate-mou-2026/annual-ministers-meeting"


def meeting(path: str, text: str, **kw: object) -> Example:
    return Example(f"meetings/{path}.yaml", text, **kw)  # type: ignore[arg-type]


def agreement(text: str, name: str = "ocean-mou-2026") -> Example:
    return Example(f"agreements/{name}.yaml", text)
