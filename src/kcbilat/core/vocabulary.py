"""The closed word lists: the values a record's field may take, and a commitment's statuses.

Plain `Literal`s, apart from the records and the engine that use them, so that the CLI can
offer them as choices when it starts without importing either.
"""

from __future__ import annotations

from typing import Literal, get_args

AgreementType = Literal["agreement", "mou", "joint-statement", "action-plan", "treaty", "other"]
AgreementStatus = Literal["in-force", "signed", "expired", "superseded", "terminated"]
MeetingStatus = Literal["held", "scheduled", "postponed", "cancelled"]
PartyKind = Literal["ministry", "agency", "government", "institution", "local-government"]
Verdict = Literal["kept", "partly-kept", "in-progress", "stalled", "broken"]
Override = Literal["met", "cancelled", "superseded"]
#: a commitment's kind, decided by which field it has
Kind = Literal["once", "recurring", "open"]

AGREEMENT_TYPES: tuple[str, ...] = get_args(AgreementType)
AGREEMENT_STATUSES: tuple[str, ...] = get_args(AgreementStatus)
MEETING_STATUSES: tuple[str, ...] = get_args(MeetingStatus)

#: every status, in urgency order: the dashboard groups by it and the JSON list keeps it
Status = Literal[
    "overdue",
    "due",
    "stale",
    "scheduled",
    "upcoming",
    "active",
    "pending",
    "met",
    "ended",
    "cancelled",
    "superseded",
]
ORDER: tuple[str, ...] = get_args(Status)
