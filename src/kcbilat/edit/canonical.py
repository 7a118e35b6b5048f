"""The canonical tree of a record file: keys in their canonical order, every part in its
one layout (ids in flow lists, records in block style), comments left off.

ruamel.yaml's round trip gives the structure and writes it: keys in the order of
records.KEY_ORDER, two-space indentation, lists of ids in flow style, plain scalars
where they read back as the same string (else single quotes; double quotes only for a
line break), block scalars (`>-`, `|`) kept with their line breaks, no re-wrapping.
"""

from __future__ import annotations

import functools
from dataclasses import fields
from typing import Any

from kcbilat.core import records
from kcbilat.core.problems import Path_

#: the file kinds (as the loader names them) and the record type of their root
ROOT = {"agreement": "agreement", "meeting": "meeting", "parties": "party", "sectors": "sector"}
_ID_LISTS = frozenset({"parties", "sectors", "responsible", "aliases"})
#: record type → {key: ("list" | "map" | "flow-map", the record type of the value)}
_CHILDREN: dict[str, dict[str, tuple[str, str]]] = {
    "agreement": {"sources": ("list", "source"), "commitments": ("list", "commitment")},
    "commitment": {
        "recurs": ("flow-map", "recurs"),
        "status_sources": ("list", "source"),
        "updates": ("list", "update"),
        "assessment": ("map", "assessment"),
        "sources": ("list", "source"),
        "disputed": ("list", "disputed"),
    },
    "update": {"sources": ("list", "source")},
    "assessment": {"sources": ("list", "source")},
    "disputed": {"sources": ("list", "source")},
    "meeting": {"fulfils": ("list", "fulfil"), "sources": ("list", "source")},
}
_NESTED = {
    "recurs": records.Recurrence,
    "update": records.Update,
    "assessment": records.Assessment,
    "disputed": records.Disputed,
    "fulfil": records.Fulfilment,
}


def key_order(kind: str) -> tuple[str, ...]:
    """The canonical key order of a record type (the order of docs/reference/data-format.md)."""
    if kind in records.KEY_ORDER:
        return records.KEY_ORDER[kind]
    return tuple(records.yaml_key(f.name) for f in fields(_NESTED[kind]))


class Verbatim(str):
    """A date or timestamp exactly as written (even an impossible one: `2026-02-30`)."""


_TIMESTAMP = "tag:yaml.org,2002:timestamp"


@functools.cache
def _classes() -> tuple[Any, Any]:
    from ruamel.yaml.constructor import RoundTripConstructor
    from ruamel.yaml.representer import RoundTripRepresenter

    class Constructor(RoundTripConstructor):
        pass

    class Representer(RoundTripRepresenter):
        pass

    def construct_timestamp(constructor: Any, node: Any) -> Verbatim:
        return Verbatim(node.value)

    def represent_str(representer: Any, data: str) -> Any:
        # A line break inside a quoted string: one line with an escape, never a line
        # break the reader has to fold back.
        style = '"' if "\n" in data or "\r" in data else None
        return representer.represent_scalar("tag:yaml.org,2002:str", data, style=style)

    def represent_verbatim(representer: Any, data: Verbatim) -> Any:
        return representer.represent_scalar(_TIMESTAMP, str(data))

    Constructor.add_constructor(_TIMESTAMP, construct_timestamp)
    Representer.add_representer(str, represent_str)
    Representer.add_representer(Verbatim, represent_verbatim)
    return Constructor, Representer


def round_trip() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.Constructor, yaml.Representer = _classes()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 1_000_000  # never re-wrap a line
    yaml.preserve_quotes = False
    yaml.allow_unicode = True
    return yaml


# -- the canonical tree -----------------------------------------------------------------------


def _fresh(value: Any) -> Any:
    """A scalar without the comment ruamel keeps on block scalars."""
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    if isinstance(value, FoldedScalarString):
        copy = FoldedScalarString(str(value))
        copy.fold_pos = list(getattr(value, "fold_pos", []))
        return copy
    if isinstance(value, LiteralScalarString):
        return LiteralScalarString(str(value))
    return value


def _copy(node: Any, flow: bool | None = None) -> Any:
    """A comment-free copy of an unknown part, in its own flow or block style."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, dict):
        out: Any = CommentedMap()
        for key, value in node.items():
            out[key] = _copy(value)
    elif isinstance(node, list):
        out = CommentedSeq(_copy(item) for item in node)
    else:
        return _fresh(node)
    style = node.fa.flow_style() if flow is None and hasattr(node, "fa") else flow
    if style:
        out.fa.set_flow_style()
    else:
        out.fa.set_block_style()
    return out


def _record(node: Any, kind: str, flow: bool = False) -> Any:
    """A mapping of a known record type in canonical key order, its parts canonical too."""
    from ruamel.yaml.comments import CommentedMap

    if not isinstance(node, dict):
        return _copy(node)
    order = key_order(kind)
    rank = {key: i for i, key in enumerate(order)}
    keys = sorted(node, key=lambda k: (0, rank[k]) if k in rank else (1, 0))
    out = CommentedMap()
    children = _CHILDREN.get(kind, {})
    for key in keys:
        value = node[key]
        if key not in rank:
            out[key] = _copy(value)
        elif key in _ID_LISTS and isinstance(value, list):
            out[key] = _copy(value, flow=True)
        elif key in children:
            shape, child = children[key]
            if shape == "list" and isinstance(value, list):
                out[key] = _list(value, child)
            else:
                out[key] = _record(value, child, flow=shape == "flow-map")
        elif kind == "disputed" and key == "value":
            out[key] = _disputed_value(value, node.get("field"))
        else:
            out[key] = _copy(value, flow=False if isinstance(value, dict | list) else None)
    if flow:
        out.fa.set_flow_style()
    else:
        out.fa.set_block_style()
    return out


def _list(items: list[Any], kind: str) -> Any:
    from ruamel.yaml.comments import CommentedSeq

    out = CommentedSeq()
    for item in items:
        if kind == "fulfil" and isinstance(item, dict) and set(item) == {"ref"}:
            out.append(_copy(item["ref"]))  # a ref without a period: the plain ref
        elif kind == "fulfil" and not isinstance(item, dict):
            out.append(_copy(item))
        else:
            out.append(_record(item, kind))
    out.fa.set_block_style()
    return out


def _disputed_value(value: Any, field: Any) -> Any:
    if field in ("responsible", "sectors") and isinstance(value, list):
        return _copy(value, flow=True)
    if field == "recurs" and isinstance(value, dict):
        return _record(value, "recurs", flow=True)
    return _copy(value)


def canonical(tree: Any, kind: str) -> Any:
    """The canonical tree of a file of `kind` (agreement | meeting | parties | sectors)."""
    from ruamel.yaml.comments import CommentedSeq

    record = ROOT[kind]
    if kind in ("parties", "sectors") and isinstance(tree, list):
        out = CommentedSeq(_record(item, record) for item in tree)
        out.fa.set_block_style()
        return out
    return _record(tree, record)


def anchor(tree: Any, path: Path_) -> Path_:
    """Where a comment of the original `path` goes in the canonical tree: the path itself,
    or the nearest entry that still stands on a line of its own (a flow collection, or
    the item a `{ref: ...}` became)."""
    node, kept = tree, 0
    for step in path:
        flow = hasattr(node, "fa") and node.fa.flow_style()
        if flow or not isinstance(node, dict | list):
            break
        if step not in (node if isinstance(node, dict) else range(len(node))):
            break
        node = node[step]  # type: ignore[index]
        kept += 1
    return path[:kept]


# -- writing it out -------------------------------------------------------------------------


def dump(tree: Any, yaml: Any) -> str:
    import io

    out = io.StringIO()
    yaml.dump(tree, out)
    text = out.getvalue()
    if isinstance(tree, list) and tree:
        # ruamel indents a top-level sequence by its offset too: bring it back to column 0
        lines = text.split("\n")
        if all(line.startswith("  ") or not line for line in lines):
            text = "\n".join(line[2:] for line in lines)
    return text
