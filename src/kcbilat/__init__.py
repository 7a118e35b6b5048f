"""kcbilat: track the commitments of Korea–China agreements, as a library and a CLI.

The names below are imported lazily, so `import kcbilat` (and the CLI's start-up)
stays cheap until one is used.
"""

from __future__ import annotations

from typing import Any

from ._version import __version__

_EXPORTS = {
    "validate_dir": "kcbilat.validate",
    "load_and_check": "kcbilat.validate",
    "Problem": "kcbilat.problems",
    "PartialDate": "kcbilat.dates",
    "Duration": "kcbilat.dates",
    "find_data_dir": "kcbilat.loader",
    "Dataset": "kcbilat.loader",
    "compute": "kcbilat.status",
    "summary": "kcbilat.status",
    "CommitmentStatus": "kcbilat.status",
    "status_rows": "kcbilat.views",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kcbilat' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
