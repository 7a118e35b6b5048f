"""The names of every output format, one Literal per kind of output.

Kept apart from the renderers so the command line can offer and check them without
importing any renderer; each renderer's registry is keyed by these names (a test holds
them equal).
"""

from typing import Literal, get_args

ListingFormat = Literal["table", "json", "csv", "tsv", "markdown"]
DiagnosticFormat = Literal["text", "json", "github"]
ShowFormat = Literal["text", "json"]
ReportFormat = Literal["markdown", "html"]
ExportFormat = Literal["json", "csv", "sqlite"]
DiffFormat = Literal["text", "markdown", "json"]

LISTING: tuple[str, ...] = get_args(ListingFormat)
DIAGNOSTIC: tuple[str, ...] = get_args(DiagnosticFormat)
SHOW: tuple[str, ...] = get_args(ShowFormat)
REPORT: tuple[str, ...] = get_args(ReportFormat)
EXPORT: tuple[str, ...] = get_args(ExportFormat)
DIFF: tuple[str, ...] = get_args(DiffFormat)
