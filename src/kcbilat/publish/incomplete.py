"""What a reporting command says in its own output about the records it left out.

The same words go under a table, into a JSON document and into a report's banner, so a
reader of any of them (not only of standard error) knows the picture is incomplete.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from kcbilat.core.problems import LeftOut
from kcbilat.publish.listing import Listing


def as_json(left_out: LeftOut, display: Callable[[Path], str] = str) -> dict[str, Any]:
    """`{"errors": 2, "files": ["data/agreements/x.yaml"]}` (zeros when nothing was)."""
    return {"errors": left_out.errors, "files": [display(f) for f in left_out.files]}


def mark(listing: Listing, left_out: LeftOut, display: Callable[[Path], str] = str) -> Listing:
    """The listing with a warning under it and, when its JSON is a document, a `left_out`
    entry in it (always there, so that a consumer can rely on it)."""
    if left_out:
        listing.footer.insert(0, f"⚠ {left_out.sentence(display)}")
    build = listing.data

    def data() -> Any:
        body = build()
        if isinstance(body, dict):
            return {**body, "left_out": as_json(left_out, display)}
        return body

    listing.data = data
    return listing
