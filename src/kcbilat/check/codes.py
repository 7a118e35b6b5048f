"""Every diagnostic code explained: what it means, where it points, how to fix it.

The registry the documentation, `kcbilat explain` and `tests/test_codes.py` read.
Pure data, split by what a code is about (`codes_data`: what a record says;
`codes_files`: how a file is stored, and links); `codebook` has the entry's shape.
"""

from __future__ import annotations

from kcbilat.check.codebook import EXAMPLE_TODAY, Code, Example
from kcbilat.check.codes_data import DATA_ERRORS, DATA_WARNINGS
from kcbilat.check.codes_files import FILE_ERRORS, LINK_CODES

__all__ = ["BY_CODE", "CODES", "EXAMPLE_TODAY", "Code", "Example"]

#: every code, errors first, in the order they are documented
CODES: tuple[Code, ...] = DATA_ERRORS + FILE_ERRORS + DATA_WARNINGS + LINK_CODES

#: code → its entry
BY_CODE: dict[str, Code] = {entry.code: entry for entry in CODES}
