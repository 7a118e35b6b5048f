"""Each value of a new record checked the moment it is given, typed at a prompt or as an
option: what validation would refuse later, said now, while it can still be corrected.

Nothing here prompts, prints or exits: check() returns the value or raises BadAnswer
with a message fit to print, and the command line asks again (at a prompt) or stops
(an option, a usage error). The rules between records that need the whole data set
(periods, series) are left to the validation of the finished record.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kcbilat.core.dates import DateError, PartialDate, parse_duration, parse_partial_date
from kcbilat.core.problems import suggest
from kcbilat.core.records import is_id, is_url
from kcbilat.edit.new import FIELDS, FOLDERS, Field, target

if TYPE_CHECKING:
    from kcbilat.read.cache import Cache


class BadAnswer(ValueError):
    """A value that would make the record invalid; the message says why (and what to give)."""


@dataclass(frozen=True)
class Known:
    """What the data set holds, for checking answers (broken records' ids included)."""

    root: Path
    today: date
    #: party, sector, agreement, meeting and commitment (refs) ids
    ids: dict[str, list[str]] = field(default_factory=dict)
    #: agreement id → the file that holds it, and when it was signed (valid ones only)
    files: dict[str, Path] = field(default_factory=dict)
    signed: dict[str, PartialDate | None] = field(default_factory=dict)
    #: the agreement a new commitment goes into
    agreement: str | None = None

    def into(self, agreement: str) -> Known:
        return replace(self, agreement=agreement)


def survey(root: Path, today: date, cache: Cache | None = None) -> Known:
    """What the data directory holds (nothing known when it cannot be read at all)."""
    from kcbilat.read.loader import load

    kinds = ("party", "sector", "agreement", "meeting", "commitment")
    ids: dict[str, set[str]] = {kind: set() for kind in kinds}
    try:
        data = load(root, cache=cache)
    except Exception:  # a prompt must never fail on what it merely suggests
        return Known(root, today, {kind: [] for kind in kinds})
    for kind, ident in data.known:
        if kind in ids:
            ids[kind].add(ident)
    files: dict[str, Path] = {}
    for kind, ident, origin in data.ids:
        if kind == "agreement":
            files.setdefault(ident, origin.path)
    signed = {ident: a.signed for ident, a in data.agreements.items()}
    return Known(root, today, {k: sorted(v) for k, v in ids.items()}, files, signed)


def field_of(kind: str, key: str) -> Field:
    return next(f for f in FIELDS[kind] if f.key == key)


def label(kind: str, f: Field, values: dict[str, Any], known: Known) -> str:
    """The prompt for a value, as the values given so far make it."""
    today = known.today
    if kind == "meeting" and f.key == "date":
        status = values.get("status")
        if status == "held":
            return f"Date held (YYYY-MM-DD, {today.isoformat()} at the latest)"
        year = today.year + (status == "scheduled")
        if status == "scheduled":
            return f"Date (a day, or {year}-Q2, {year}-H1 or {year})"
        return f"Date (YYYY-MM-DD; or {year}-Q4, {year} when not known to the day)"
    if f.choices:
        return f"{f.label} ({'|'.join(f.choices)})"
    return f.label


def commitment_kind(values: dict[str, Any]) -> str | None:
    """once, recurring or open as the options given say (None: they do not say)."""
    once = values.get("due") is not None
    recurring = any(values.get(key) is not None for key in ("every", "from", "until"))
    if once and recurring:
        raise BadAnswer("--due (one-off) and --every/--from/--until (recurring) do not go together")
    if values.get("review") is not None and (once or recurring):
        raise BadAnswer("--review is only for open-ended commitments (without --due or --every)")
    if once:
        return "once"
    if recurring:
        return "recurring"
    return "open" if values.get("review") is not None else None


def check(kind: str, f: Field, raw: Any, values: dict[str, Any], known: Known) -> Any:
    """The value of field `f` of a new `kind` from an answer or an option (text, a list of
    texts, a number), checked against the values so far and the data set; BadAnswer
    when it would not do. An empty optional answer is None (`fulfils`: [], none)."""
    if f.rule == "ids":
        return _ids(f, raw, known)
    if f.rule == "number":
        return _number(raw)
    text = raw.strip() if isinstance(raw, str) else str(raw)
    if not text:
        if f.required:
            raise BadAnswer("a value is needed")
        return None
    if f.rule == "new-id":
        return _new_id(kind, text, known)
    if f.rule == "id":
        if not is_id(text):
            raise BadAnswer(_not_an_id(text))
    elif f.rule == "agreement":
        pool = known.ids.get("agreement", [])
        if pool and text not in pool:
            raise BadAnswer(f"no agreement {text!r}{suggest(text, pool)}")
    elif f.rule == "choice":
        if text not in f.choices:
            hint = suggest(text, f.choices) or f" (choose one of {', '.join(f.choices)})"
            raise BadAnswer(f"{text!r} is not allowed{hint}")
    elif f.rule == "country":
        if not re.fullmatch(r"[A-Z]{2}", text):
            hint = f" (did you mean {text.upper()!r}?)" if re.fullmatch("[A-Za-z]{2}", text) else ""
            raise BadAnswer(f"{text!r} is not a country code: two capital letters (KR, CN){hint}")
    elif f.rule == "duration":
        try:
            parse_duration(text)
        except DateError as exc:
            raise BadAnswer(str(exc)) from None
        text = " ".join(text.split())
    elif f.rule == "date":
        _date_rules(kind, f, _date(text), values, known)
    return text


def check_url(raw: str) -> str:
    text = raw.strip()
    if not is_url(text):
        raise BadAnswer(f"{text!r} is not a web address: write it whole, http:// or https://…")
    return text


# -- the rules ---------------------------------------------------------------------------


def _not_an_id(text: str) -> str:
    message = (
        f"{text!r} is not an id: lowercase letters and digits in words joined by single "
        "hyphens, at most 64 characters"
    )
    slug = "-".join(re.findall(r"[a-z0-9]+", text.lower()))[:64].strip("-")
    return message + (f" (did you mean {slug!r}?)" if is_id(slug) else "")


def _new_id(kind: str, text: str, known: Known) -> str:
    if not is_id(text):
        raise BadAnswer(_not_an_id(text))
    if kind == "commitment":
        if f"{known.agreement}/{text}" in known.ids.get("commitment", []):
            raise BadAnswer(f"{known.agreement} already has a commitment {text!r}")
        return text
    if os.path.lexists(target(known.root, kind, text)):
        raise BadAnswer(f"{FOLDERS[kind]}/{text}.yaml exists in the data directory")
    for other, article in (("agreement", "an"), ("meeting", "a")):
        if text in known.ids.get(other, []):
            raise BadAnswer(
                f"{text!r} is already the id of {article} {other} (agreements and meetings "
                "share one set of ids)"
            )
    return text


def _ids(f: Field, raw: Any, known: Known) -> list[str]:
    from kcbilat.status.query import split

    values = split(raw if isinstance(raw, list) else [str(raw)])
    pool = known.ids.get(f.ids or "", [])
    what = "commitment ref" if f.ids == "commitment" else f.ids
    for value in values:
        if pool and value not in pool:
            raise BadAnswer(f"unknown {what} {value!r}{suggest(value, pool)}")
        if values.count(value) > 1:
            raise BadAnswer(f"{value!r} is given twice")
    if f.required and not values:
        raise BadAnswer("give at least one")
    return values


def _number(raw: Any) -> int:
    try:
        number = int(str(raw).strip())
    except ValueError:
        raise BadAnswer(f"{raw!r} is not a whole number") from None
    if number < 1:
        raise BadAnswer("the ordinal of a meeting in its series is 1 or more")
    return number


def _date(text: str) -> PartialDate:
    try:
        return parse_partial_date(text)
    except DateError as exc:
        raise BadAnswer(str(exc)) from None


def _given_date(value: Any) -> PartialDate | None:
    """A date given among the other values, if it reads as one (else its own check says)."""
    if value is None:
        return None
    try:
        return parse_partial_date(value.strip() if isinstance(value, str) else value)
    except DateError:
        return None


def _held(day: PartialDate, today: date) -> None:
    if not day.is_day:
        raise BadAnswer(f"a held meeting needs its full date (YYYY-MM-DD), not {day}")
    if day.first > today:
        raise BadAnswer(
            f"{day} is after today ({today.isoformat()}): a meeting not yet held is scheduled"
        )


def _date_rules(
    kind: str, f: Field, day: PartialDate, values: dict[str, Any], known: Known
) -> None:
    if kind == "meeting" and f.key == "date" and values.get("status") == "held":
        _held(day, known.today)
    elif kind == "agreement" and f.key == "expires":
        signed = _given_date(values.get("signed"))
        if signed and day.last < signed.first:
            raise BadAnswer(f"{day} is before the agreement was signed ({signed})")
    elif kind == "commitment" and f.key in ("due", "from"):
        signed = known.signed.get(known.agreement or "")
        if signed and day.last < signed.first:
            raise BadAnswer(f"{day} is before the agreement was signed ({signed})")
    elif kind == "commitment" and f.key == "until":
        start = _given_date(values.get("from"))
        if start and day.last < start.first:
            raise BadAnswer(f"{day} is before the first period, from {start}")
