"""Check the source URLs cited by the data: which are dead, which have moved.

One sync ``httpx.Client`` is shared by a bounded thread pool, not an ``AsyncClient``:
the rest of kcbilat is synchronous, so a pool needs no event loop in the CLI; the
client's connection pool is thread-safe; and at a polite per-host rate the work is
waiting, which threads do as well as coroutines for a few hundred links.

Only what a reader would hit too is "dead": 404/410, no such host, a bad certificate,
a refused connection. Timeouts, 5xx, 429 and 401/403 say nothing sure about the page
(many sites refuse robots), so they are "unreachable": worth a look by hand, not an error.

httpx (and the thread pool, and tempfile) are imported inside the functions that use
them: importing this module costs the CLI next to nothing until a check actually runs.
"""

from __future__ import annotations

import json
import os
import re
import stat
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from kcbilat._version import __version__

if TYPE_CHECKING:
    import httpx

    from kcbilat.core.problems import Problem

USER_AGENT = f"kcbilat/{__version__} (source link checker)"
MAX_REDIRECTS = 10
STATES = ("ok", "moved", "dead", "unreachable")
DAY = 86400.0
_PERMANENT = frozenset({301, 308})
_GONE = frozenset({404, 410})
_ASK_AGAIN = frozenset(range(400, 600)) - {429}  # HEAD answers that a GET may contradict
_DNS = re.compile(r"name or service not known|nodename nor servname|no address associated|"
                  r"getaddrinfo failed|name resolution|errno -[235]\b", re.I)  # fmt: skip
_HOSTNAME = re.compile(rb"[A-Za-z0-9._:-]+")  # as httpx sends it: IDNA-encoded, no brackets
_TLS = re.compile(r"\bssl\b|tls|certificate|wrong.version.number|record.layer", re.I)

_FIELDS = ("state", "status", "detail", "location")
#: a verdict on one URL: state, status, detail, location (LinkResult's fields after `link`)
Verdict = tuple[str, int | None, str, str | None]


@dataclass(frozen=True, slots=True)
class Link:
    """One URL as written in a data file, with where it stands (1-based) for diagnostics."""

    file: Path
    line: int | None
    column: int | None
    url: str


@dataclass(frozen=True, slots=True)
class LinkResult:
    link: Link
    state: str  # "ok" | "moved" | "dead" | "unreachable"
    status: int | None  # the final HTTP status, None when no response came
    detail: str  # one line a person can act on
    location: str | None = None  # the final URL, for "moved"
    cached: bool = False


@dataclass(frozen=True, slots=True)
class CitedUrl:
    """A distinct URL and every place citing it, in input order (what `--offline` lists)."""

    url: str
    links: tuple[Link, ...]


def offline(links: Iterable[Link]) -> list[CitedUrl]:
    """The distinct URLs a check would fetch, first cited first; no network."""
    by_url: dict[str, list[Link]] = {}
    for link in links:
        by_url.setdefault(link.url, []).append(link)
    return [CitedUrl(url, tuple(places)) for url, places in by_url.items()]


def check_links(
    links: Sequence[Link],
    *,
    timeout: float = 10.0,
    concurrency: int = 8,
    per_host_interval: float = 1.0,
    cache: LinkCache | None = None,
    transport: httpx.BaseTransport | None = None,
) -> list[LinkResult]:
    """One result per link, in input order; each distinct URL fetched at most once.

    Never raises for a URL or a network fault: every fault is a result. Fresh answers
    from `cache` are reused (``cached=True``); new ones are stored and the cache saved.
    """
    from concurrent.futures import ThreadPoolExecutor  # with logging: 6 ms, only when used

    import httpx

    urls = [cited.url for cited in offline(links)]
    found: dict[str, tuple[Verdict, bool]] = {}
    if cache is not None:
        found = {url: (hit, True) for url in urls if (hit := cache.get(url)) is not None}
    order = _interleaved([url for url in urls if url not in found])
    if order:
        gate = _HostGate(per_host_interval)
        headers = {"User-Agent": USER_AGENT}
        with httpx.Client(transport=transport, timeout=timeout, headers=headers) as client:
            pool = ThreadPoolExecutor(max(1, min(concurrency, len(order))), "kcbilat-links")
            try:
                verdicts = list(pool.map(lambda url: _check(client, gate, url, timeout), order))
            finally:  # on Ctrl-C, do not go on fetching what is still queued
                pool.shutdown(wait=True, cancel_futures=True)
        for url, verdict in zip(order, verdicts, strict=True):
            found[url] = (verdict, False)
            if cache is not None:
                cache.put(url, verdict)
        if cache is not None:
            cache.save()
    return [LinkResult(link, *found[link.url][0], cached=found[link.url][1]) for link in links]


def _interleaved(urls: Sequence[str]) -> list[str]:
    """Round-robin over hosts, so the pool starts on many hosts rather than queueing on one."""
    queues: dict[str, list[str]] = {}
    for url in urls:
        try:
            host = (urlsplit(url).hostname or "").lower()
        except ValueError:
            host = ""
        queues.setdefault(host, []).append(url)
    rounds = max((len(queue) for queue in queues.values()), default=0)
    return [queue[i] for i in range(rounds) for queue in queues.values() if i < len(queue)]


class _HostGate:
    """Gives each request to a host a start time at least `interval` after the previous one.

    Slots are reserved under the lock and slept for outside it, so hosts never wait on
    each other. Every hop goes through the gate, redirects to another host included.
    """

    def __init__(
        self,
        interval: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = interval
        self.next: dict[str, float] = {}
        self.lock = threading.Lock()
        self.clock, self.sleep = clock, sleep

    def wait(self, host: str) -> float:
        """Block until this host may be asked again; return the start time given."""
        with self.lock:
            now = self.clock()
            start = max(now, self.next.get(host, now))
            self.next[host] = start + self.interval
        if start > now:
            self.sleep(start - now)
        return start


def _send(client: httpx.Client, gate: _HostGate, request: httpx.Request) -> httpx.Response:
    gate.wait(request.url.host)
    response = client.send(request, stream=True)  # redirects are followed by _check
    response.close()  # only the status and headers matter: the body is never read
    return response


def _check(client: httpx.Client, gate: _HostGate, url: str, timeout: float) -> Verdict:
    """HEAD, then GET where HEAD is refused; redirects followed hop by hop through the gate."""
    try:  # no request for a URL no browser could open: no host, "exa%20mple.org", ftp:
        request = client.build_request("HEAD", url)
        valid = request.url.scheme in ("http", "https") and _HOSTNAME.fullmatch(
            request.url.raw_host
        )
    except Exception:  # httpx.InvalidURL
        valid = None
    if not valid:
        return ("dead", None, "not a valid http(s) URL", None)
    first, moved = str(request.url), False
    for _hop in range(MAX_REDIRECTS + 1):
        try:
            response = _send(client, gate, request)
            # Many servers answer HEAD wrongly (405, 501, 403, even 404): ask as a browser
            # would before judging. Not after a 429: a second request would be rude.
            if request.method == "HEAD" and response.status_code in _ASK_AGAIN:
                request = client.build_request("GET", request.url)
                response = _send(client, gate, request)
        except Exception as exc:  # every fault is a verdict, never an exception
            return _fault(exc, request.url.host, timeout)
        if response.next_request is None:
            final = str(request.url)
            return _verdict(response.status_code, final if final != first else None, moved)
        moved = moved or response.status_code in _PERMANENT
        request = response.next_request
    return ("unreachable", response.status_code, f"more than {MAX_REDIRECTS} redirects", None)


def _verdict(status: int, final: str | None, moved: bool) -> Verdict:
    """Classify the last response; `final` is the URL it came from when redirected."""
    from httpx import codes

    text = f"{status} {codes.get_reason_phrase(status) or 'HTTP status'}"
    where = f" at {final}" if final else ""
    if 200 <= status < 300:
        if moved and final:
            return ("moved", status, f"moved permanently to {_clip(final, 300)}", final)
        return ("ok", status, text, None)
    if status in _GONE:
        return ("dead", status, text + where, None)
    if status in (401, 403):
        text += ": the site refuses robots; check in a browser"
    elif status == 429 or status >= 500:
        text += ": the server is busy or failing; try later"
    return ("unreachable", status, text + where, None)


def _fault(exc: BaseException, host: str, timeout: float) -> Verdict:
    """Classify an exception: the fault's kind, then its message (MockTransport has no cause)."""
    import socket
    import ssl

    import httpx

    if isinstance(exc, httpx.TimeoutException):
        return ("unreachable", None, f"timed out after {timeout:g} s", None)
    text = _one_line(exc)
    causes: list[BaseException] = []
    cause: BaseException | None = exc
    while cause is not None and len(causes) < 10:
        causes.append(cause)
        cause = cause.__cause__ or cause.__context__
    if isinstance(exc, httpx.ConnectError):
        dns = [c for c in causes if isinstance(c, socket.gaierror)]
        if dns or _DNS.search(text):
            if (dns and dns[0].errno == socket.EAI_AGAIN) or "temporary" in text.lower():
                return ("unreachable", None, f"DNS lookup failed for a while: {text}", None)
            return ("dead", None, f"DNS lookup failed: no such host {host}", None)
        if any(isinstance(c, ssl.SSLError) for c in causes) or _TLS.search(text):
            return ("dead", None, f"TLS error: {text}", None)
        if any(isinstance(c, ConnectionRefusedError) for c in causes) or "refused" in text:
            return ("dead", None, f"connection refused by {host}", None)
        return ("unreachable", None, f"could not connect: {text}", None)
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return ("dead", None, f"not a valid http(s) URL: {text}", None)
    return ("unreachable", None, f"{type(exc).__name__}: {text}", None)


def _one_line(exc: BaseException) -> str:
    """An exception's message as one printable line, at most 200 characters."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return _clip("".join(ch if ch.isprintable() else "?" for ch in text), 200)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class LinkCache:
    """Recent verdicts by URL in a JSON file, so a rerun fetches only what is new or stale.

    JSON, never pickle: loading must not be able to run code. A file that is corrupt, of
    another shape, or not the current user's is ignored and the check starts afresh.
    `now` is the clock (seconds since the epoch) for this run, a parameter for tests.
    """

    FORMAT = 1
    MAX_BYTES = 32 * 1024 * 1024

    def __init__(
        self, path: Path, *, now: float | None = None, ok_ttl: float = 7 * DAY, bad_ttl: float = DAY
    ) -> None:
        self.path = Path(path)
        self.now = time.time() if now is None else now
        self.ok_ttl = ok_ttl  # for ok and moved: a working page rarely dies within a week
        self.bad_ttl = bad_ttl  # for dead and unreachable: a fault is often brief
        self.entries: dict[str, dict[str, Any]] = self._read()
        self.changed = False

    def _fresh(self, entry: dict[str, Any]) -> bool:
        ttl = self.ok_ttl if entry["state"] in ("ok", "moved") else self.bad_ttl
        return bool(0 <= self.now - entry["checked"] <= ttl)  # a future time is not trusted

    def get(self, url: str) -> Verdict | None:
        """The verdict stored for `url` if still fresh, else None."""
        entry = self.entries.get(url)
        if entry is None or not self._fresh(entry):
            return None
        return (entry["state"], entry["status"], entry["detail"], entry["location"])

    def put(self, url: str, verdict: Verdict) -> None:
        self.entries[url] = {**dict(zip(_FIELDS, verdict, strict=True)), "checked": self.now}
        self.changed = True

    def _read(self) -> dict[str, dict[str, Any]]:
        try:
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            with open(fd, "rb") as handle:
                info = os.fstat(handle.fileno())
                mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
                if not mine or not stat.S_ISREG(info.st_mode) or info.st_size > self.MAX_BYTES:
                    return {}  # another user's file could plant answers: never trust it
                data = json.loads(handle.read())
        except Exception:  # missing, unreadable, corrupt, too deep: start afresh
            return {}
        entries = data.get("entries") if isinstance(data, dict) else None
        if not isinstance(entries, dict) or data.get("format") != self.FORMAT:
            return {}
        return {url: e for url, e in entries.items() if _valid_entry(e)}

    def save(self) -> bool:
        """Write the fresh entries atomically; False when that failed (no reason to fail a run)."""
        if not self.changed:
            return True
        from kcbilat.core.atomic import write_atomic

        keep = {url: e for url, e in self.entries.items() if self._fresh(e)}
        folder = self.path.parent
        try:
            if not folder.is_dir():
                folder.mkdir(mode=0o700, parents=True, exist_ok=True)
                os.chmod(folder, 0o700)  # mkdir's mode is filtered by the umask
            body = json.dumps({"format": self.FORMAT, "entries": keep}, indent=1)
            write_atomic(self.path, body, mode=0o600)
        except OSError:
            return False
        self.changed = False
        return True


def _valid_entry(entry: object) -> bool:
    """An entry as put() writes it, its text printable: a shown detail cannot hide escapes."""
    if not isinstance(entry, dict) or entry.get("state") not in STATES:
        return False
    status, detail, location = entry.get("status"), entry.get("detail"), entry.get("location")
    return (
        (status is None or (type(status) is int and 100 <= status < 600))
        and isinstance(detail, str)
        and detail.isprintable()
        and (location is None or (isinstance(location, str) and location.isprintable()))
        and (entry["state"] != "moved" or location is not None)
        and type(entry.get("checked")) in (int, float)
    )


def to_problems(results: Iterable[LinkResult]) -> list[Problem]:
    """Diagnostics for every result but ok: dead-link (error), moved-link, unreachable-link."""
    from kcbilat.core.problems import Problem, quote

    problems: list[Problem] = []
    for result in results:
        url, link = quote(result.link.url), result.link
        message = {
            "moved": f"link {url} moved permanently to {quote(result.location or '', 200)}",
            "dead": f"dead link {url}: {result.detail}",
            "unreachable": f"could not check link {url}: {result.detail}",
        }.get(result.state)
        if message is not None:  # the codes: moved-link, dead-link, unreachable-link
            code = f"{result.state}-link"
            problems.append(Problem(link.file, link.line, link.column, code, message))
    return problems
