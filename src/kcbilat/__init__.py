"""kcbilat: track the commitments of Korea–China agreements, as a library and a CLI.

The names below are imported lazily, so `import kcbilat` (and the CLI's start-up)
stays cheap until one is used.
"""

from __future__ import annotations

from typing import Any

from kcbilat._version import __version__

_EXPORTS = {
    "validate_dir": "kcbilat.check.validate",
    "load_and_check": "kcbilat.check.validate",
    "Problem": "kcbilat.core.problems",
    "PartialDate": "kcbilat.core.dates",
    "Duration": "kcbilat.core.dates",
    "find_data_dir": "kcbilat.read.files",
    "Dataset": "kcbilat.read.loader",
    "compute": "kcbilat.status.engine",
    "summary": "kcbilat.status.rows",
    "CommitmentStatus": "kcbilat.status.rows",
    "status_rows": "kcbilat.publish.views",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kcbilat' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
