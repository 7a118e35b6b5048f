"""The link checker against real local HTTP servers (never the internet).

Faults a local server cannot produce (no such host, a bad certificate) come from an
httpx.MockTransport raising what httpx raises for them.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from kcbilat._version import __version__
from kcbilat.check.links import (
    DAY,
    STATES,
    CitedUrl,
    Link,
    LinkCache,
    LinkResult,
    check_links,
    offline,
    to_problems,
)

FILE = Path("data/agreements/x.yaml")
T0 = 1_800_000_000.0  # the cache's clock in these tests


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """A proxy from the environment would send requests for 127.0.0.1 elsewhere."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


def _start(host: str) -> HTTPServer:
    # pytest-httpserver's own, threaded: the plugin's `httpserver` fixture serves one request
    # at a time, so a handler that sleeps would hold up the requests made alongside it
    server = HTTPServer(host=host, port=0, threaded=True)
    server.start()
    return server


@pytest.fixture(scope="module")
def _server() -> Iterator[HTTPServer]:
    server = _start("127.0.0.1")
    yield server
    server.stop()


@pytest.fixture
def server(_server: HTTPServer) -> Iterator[HTTPServer]:
    yield _server
    try:
        _server.check_assertions()  # no request the test did not expect
    finally:
        _server.clear()


def url(server: HTTPServer, path: str, host: str = "127.0.0.1") -> str:
    return f"http://{host}:{server.port}{path}"


def links(*urls: str) -> list[Link]:
    return [Link(FILE, n, 7, u) for n, u in enumerate(urls, start=1)]


def check(*urls: str, **options: Any) -> list[LinkResult]:
    return check_links(links(*urls), **{"timeout": 2.0, "per_host_interval": 0.0, **options})


def redirect(status: int, to: str) -> Response:
    return Response(status=status, headers={"Location": to})


def requests_to(server: HTTPServer, path: str) -> list[str]:
    return [request.method for request, _ in server.log if request.path == path]


# --------------------------------------------------------------------------- status codes


def test_200_is_ok_and_names_kcbilat(server: HTTPServer) -> None:
    server.expect_request("/ok").respond_with_data("hello")
    [result] = check(url(server, "/ok"))
    assert (result.state, result.status, result.detail) == ("ok", 200, "200 OK")
    assert result.location is None and not result.cached
    assert requests_to(server, "/ok") == ["HEAD"]  # HEAD is enough: no body fetched
    [(request, _)] = server.log
    assert request.headers["User-Agent"].startswith(f"kcbilat/{__version__} ")


@pytest.mark.parametrize("status", [404, 410])
def test_404_and_410_are_dead(server: HTTPServer, status: int) -> None:
    server.expect_request("/gone").respond_with_data("no", status=status)
    [result] = check(url(server, "/gone"))
    assert (result.state, result.status) == ("dead", status)
    assert result.detail == {404: "404 Not Found", 410: "410 Gone"}[status]
    assert requests_to(server, "/gone") == ["HEAD", "GET"]  # a GET confirms before judging


@pytest.mark.parametrize("status", [301, 308])
def test_permanent_redirect_to_200_is_moved(server: HTTPServer, status: int) -> None:
    server.expect_request("/old").respond_with_response(redirect(status, "/new"))
    server.expect_request("/new").respond_with_data("here")
    [result] = check(url(server, "/old"))
    new = url(server, "/new")
    assert (result.state, result.status, result.location) == ("moved", 200, new)
    assert result.detail == f"moved permanently to {new}"


@pytest.mark.parametrize("status", [302, 303, 307])
def test_temporary_redirect_to_200_is_ok(server: HTTPServer, status: int) -> None:
    server.expect_request("/tmp").respond_with_response(redirect(status, "/ok"))
    server.expect_request("/ok").respond_with_data("here")
    [result] = check(url(server, "/tmp"))
    assert (result.state, result.status, result.location) == ("ok", 200, None)


def test_permanent_then_temporary_redirect_is_moved_to_the_final_url(server: HTTPServer) -> None:
    server.expect_request("/a").respond_with_response(redirect(301, "/b"))
    server.expect_request("/b").respond_with_response(redirect(302, "/c"))
    server.expect_request("/c").respond_with_data("here")
    [result] = check(url(server, "/a"))
    assert (result.state, result.location) == ("moved", url(server, "/c"))


def test_permanent_redirect_to_404_is_dead(server: HTTPServer) -> None:
    server.expect_request("/old").respond_with_response(redirect(301, "/missing"))
    server.expect_request("/missing").respond_with_data("no", status=404)
    [result] = check(url(server, "/old"))
    assert (result.state, result.status, result.location) == ("dead", 404, None)
    assert result.detail == f"404 Not Found at {url(server, '/missing')}"


def test_redirect_loop_is_unreachable(server: HTTPServer) -> None:
    server.expect_request("/loop").respond_with_response(redirect(302, "/loop"))
    [result] = check(url(server, "/loop"))
    assert (result.state, result.detail) == ("unreachable", "more than 10 redirects")
    assert len(requests_to(server, "/loop")) == 11


def test_head_405_is_asked_again_with_get(server: HTTPServer) -> None:
    server.expect_request("/nohead", method="HEAD").respond_with_data("", status=405)
    server.expect_request("/nohead", method="GET").respond_with_data("x" * 100_000)
    [result] = check(url(server, "/nohead"))
    assert (result.state, result.status) == ("ok", 200)
    assert requests_to(server, "/nohead") == ["HEAD", "GET"]


@pytest.mark.parametrize(
    ("status", "head_only", "state"),
    [(500, False, "unreachable"), (503, False, "unreachable"), (429, False, "unreachable"),
     (403, False, "unreachable"), (401, False, "unreachable"), (403, True, "ok")],
)  # fmt: skip
def test_refusals_and_server_errors_are_unreachable(
    server: HTTPServer, status: int, head_only: bool, state: str
) -> None:
    server.expect_request("/p", method="HEAD").respond_with_data("", status=status)
    server.expect_request("/p").respond_with_data("", status=200 if head_only else status)
    [result] = check(url(server, "/p"))
    assert result.state == state
    if state == "unreachable":
        assert result.status == status and result.detail.startswith(f"{status} ")
    # a site that rate-limits is not asked again at once
    assert len(requests_to(server, "/p")) == (1 if status == 429 else 2)


def test_timeouts_are_unreachable_and_run_in_parallel(server: HTTPServer) -> None:
    release = threading.Event()

    def slow(request: Request) -> Response:
        release.wait(2.0)
        return Response("late")

    server.expect_request("/slow", query_string=None).respond_with_handler(slow)
    urls = [url(server, f"/slow?n={n}") for n in range(4)]
    start = time.monotonic()
    try:
        results = check(*urls, timeout=0.5)
    finally:
        release.set()
    elapsed = time.monotonic() - start
    assert {(r.state, r.status, r.detail) for r in results} == {
        ("unreachable", None, "timed out after 0.5 s")
    }
    assert elapsed < 1.5, f"{elapsed:.2f} s: the timeouts were waited for one after another"


# --------------------------------------------------------------------------- network faults


def test_connection_refused_is_dead() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    [result] = check(f"http://127.0.0.1:{port}/x")
    assert (result.state, result.status) == ("dead", None)
    assert result.detail == "connection refused by 127.0.0.1"


def test_https_to_a_plain_http_server_is_a_tls_error(server: HTTPServer) -> None:
    [result] = check(f"https://127.0.0.1:{server.port}/")
    assert (result.state, result.status) == ("dead", None)
    assert result.detail.startswith("TLS error: [SSL")


def raising(exc: Callable[[httpx.Request], Exception]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc(request)

    return httpx.MockTransport(handler)


@pytest.mark.parametrize(
    ("error", "message", "state"),
    [
        (httpx.ConnectError, "[Errno -2] Name or service not known", "dead"),
        (httpx.ConnectError, "[Errno 8] nodename nor servname provided, or not known", "dead"),
        (httpx.ConnectError, "[Errno -3] Temporary failure in name resolution", "unreachable"),
        (httpx.ConnectError, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "
                             "certificate has expired (_ssl.c:1006)", "dead"),
        (httpx.ConnectError, "[SSL: TLSV1_ALERT_INTERNAL_ERROR] tlsv1 alert internal error",
         "dead"),
        (httpx.ConnectError, "[Errno 111] Connection refused", "dead"),
        (httpx.ConnectError, "[Errno 101] Network is unreachable", "unreachable"),
        (httpx.ConnectTimeout, "timed out", "unreachable"),
        (httpx.ReadTimeout, "The read operation timed out", "unreachable"),
        (httpx.RemoteProtocolError, "Server disconnected without sending a response.",
         "unreachable"),
        (RuntimeError, "something nobody expected", "unreachable"),
    ],
    ids=["dns", "dns-macos", "dns-temporary", "cert-expired", "tls-alert", "refused",
         "net-unreachable", "connect-timeout", "read-timeout", "protocol", "unexpected"],
)  # fmt: skip
def test_faults_from_the_transport(error: type[Exception], message: str, state: str) -> None:
    transport = raising(lambda request: error(message, request=request)
                        if issubclass(error, httpx.RequestError) else error(message))  # fmt: skip
    [result] = check("https://no-such.example/page", transport=transport, timeout=3)
    assert (result.state, result.status) == (state, None)
    if "not known" in message:
        assert result.detail == "DNS lookup failed: no such host no-such.example"
    elif "SSL" in message:
        assert result.detail == "TLS error: " + " ".join(message.split())
    elif "timed out" in message:
        assert result.detail == "timed out after 3 s"
    elif "refused" in message:
        assert result.detail == "connection refused by no-such.example"
    else:
        assert message in result.detail


@pytest.mark.parametrize(
    "bad",
    ["", "not a url", "ftp://example.org/x", "http://", "http://exa mple.org/", "http://[::1"],
)
def test_bad_urls_are_results_not_exceptions(bad: str) -> None:
    [result] = check(bad, transport=raising(lambda request: AssertionError("no request")))
    assert (result.state, result.status) == ("dead", None)
    assert result.detail == "not a valid http(s) URL"


# --------------------------------------------------------------------------- scheduling


def test_one_request_per_distinct_url_and_results_in_input_order(server: HTTPServer) -> None:
    server.expect_request("/a").respond_with_data("a")
    server.expect_request("/b").respond_with_data("b", status=404)
    a, b = url(server, "/a"), url(server, "/b")
    results = check(a, b, a, a)
    assert [(r.link.line, r.link.url, r.state) for r in results] == [
        (1, a, "ok"), (2, b, "dead"), (3, a, "ok"), (4, a, "ok"),
    ]  # fmt: skip
    assert requests_to(server, "/a") == ["HEAD"]


def test_requests_to_one_host_are_spaced(server: HTTPServer) -> None:
    server.expect_request("/s", query_string=None).respond_with_data("s")
    start = time.monotonic()
    results = check(*(url(server, f"/s?n={n}") for n in range(3)), per_host_interval=0.3)
    assert time.monotonic() - start >= 0.6  # a lower bound only: never flaky on a busy machine
    assert {r.state for r in results} == {"ok"}


def test_the_gate_spaces_one_host_and_lets_others_through() -> None:
    """The per-host rule itself, on a clock of its own (no timing on a shared machine)."""
    from kcbilat.check.links import _HostGate

    now = [100.0]
    slept: list[float] = []
    gate = _HostGate(0.3, clock=lambda: now[0], sleep=slept.append)
    starts = [gate.wait("a.example"), gate.wait("a.example"), gate.wait("b.example")]
    assert starts == [100.0, 100.3, 100.0]  # b is not held up by a
    assert slept == [pytest.approx(0.3)]
    now[0] = 101.0  # long after: no wait
    assert gate.wait("a.example") == 101.0 and len(slept) == 1


def test_redirect_hops_are_spaced_too(server: HTTPServer) -> None:
    server.expect_request("/old").respond_with_response(redirect(301, "/new"))
    server.expect_request("/new").respond_with_data("here")
    start = time.monotonic()
    [result] = check(url(server, "/old"), per_host_interval=0.3)
    assert result.state == "moved" and time.monotonic() - start >= 0.3


def test_different_hosts_are_checked_in_parallel(server: HTTPServer) -> None:
    try:
        other = _start("::1")
    except OSError:
        pytest.skip("no IPv6 loopback here")
    try:
        for each in (server, other):
            each.expect_request("/p", query_string=None).respond_with_data("p")
        urls = [
            url(each, f"/p?n={n}", host)
            for n in range(2)
            for each, host in ((server, "127.0.0.1"), (server, "localhost"), (other, "[::1]"))
        ]
        start = time.monotonic()
        results = check(*urls, per_host_interval=0.3)
        elapsed = time.monotonic() - start
    finally:
        other.stop()
    assert [r.state for r in results] == ["ok"] * 6
    # two requests per host: one interval, not the five a single queue would take
    assert 0.3 <= elapsed < 0.9, f"{elapsed:.2f} s"


# --------------------------------------------------------------------------- the cache


@pytest.fixture
def cache_file(tmp_path: Path) -> Path:
    return tmp_path / "home" / ".cache" / "kcbilat" / "links.json"


def _two(server: HTTPServer) -> tuple[str, str]:
    server.expect_request("/ok").respond_with_data("ok")
    server.expect_request("/dead").respond_with_data("no", status=404)
    return url(server, "/ok"), url(server, "/dead")


def test_a_second_run_is_answered_from_the_cache(server: HTTPServer, cache_file: Path) -> None:
    ok, dead = _two(server)
    first = check(ok, dead, cache=LinkCache(cache_file, now=T0))
    requests = len(server.log)
    second = check(ok, dead, cache=LinkCache(cache_file, now=T0 + 3600))
    assert len(server.log) == requests  # not one request
    assert [r.cached for r in first] == [False, False] and [r.cached for r in second] == [True] * 2
    strip = [(r.state, r.status, r.detail, r.location) for r in first]
    assert [(r.state, r.status, r.detail, r.location) for r in second] == strip


def test_expired_entries_are_fetched_again(server: HTTPServer, cache_file: Path) -> None:
    ok, dead = _two(server)
    check(ok, dead, cache=LinkCache(cache_file, now=T0))
    server.clear_log()
    later = check(ok, dead, cache=LinkCache(cache_file, now=T0 + 2 * DAY))
    assert [r.cached for r in later] == [True, False]  # dead is kept 1 day, ok 7
    assert requests_to(server, "/ok") == []
    server.clear_log()
    much_later = check(ok, dead, cache=LinkCache(cache_file, now=T0 + 8 * DAY))
    assert [r.cached for r in much_later] == [False, False]
    assert requests_to(server, "/ok") == ["HEAD"]
    server.clear_log()
    # an entry stamped in the future (a clock set back, a planted file) is not trusted
    check(ok, cache=LinkCache(cache_file, now=T0))
    assert requests_to(server, "/ok") == ["HEAD"]


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"\xff\xfe\x00",
        b"[]",
        b'"a string"',
        b'{"format": 99, "entries": {}}',
        b'{"format": 1, "entries": []}',
        b"[" * 100_000 + b"]" * 100_000,
    ],
    ids=["syntax", "bytes", "list", "string", "format", "entries", "deep"],
)
def test_a_corrupt_cache_is_ignored(server: HTTPServer, cache_file: Path, content: bytes) -> None:
    ok, _ = _two(server)
    cache_file.parent.mkdir(parents=True)
    cache_file.write_bytes(content)
    [result] = check(ok, cache=LinkCache(cache_file, now=T0))
    assert (result.state, result.cached) == ("ok", False)
    saved = json.loads(cache_file.read_text(encoding="utf-8"))  # replaced by a good file
    assert saved["entries"][ok]["state"] == "ok"


def test_bad_entries_are_dropped_one_by_one(cache_file: Path) -> None:
    good = {"state": "ok", "status": 200, "detail": "200 OK", "location": None, "checked": T0}
    entries = {
        "http://good/": good,
        "http://state/": {**good, "state": "fine"},
        "http://status/": {**good, "status": "200"},
        "http://checked/": {**good, "checked": True},
        "http://moved/": {**good, "state": "moved"},  # moved without a location
        "http://list/": [],
    }
    cache_file.parent.mkdir(parents=True)
    cache_file.write_text(json.dumps({"format": 1, "entries": entries}), encoding="utf-8")
    cache = LinkCache(cache_file, now=T0 + 1)
    assert cache.get("http://good/") == ("ok", 200, "200 OK", None)
    assert list(cache.entries) == ["http://good/"]


def test_another_users_cache_is_ignored(
    server: HTTPServer, cache_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok, _ = _two(server)
    check(ok, cache=LinkCache(cache_file, now=T0))
    monkeypatch.setattr(os, "getuid", lambda: os.stat(cache_file).st_uid + 1)
    assert LinkCache(cache_file, now=T0).entries == {}


def test_the_cache_is_private_and_written_whole(server: HTTPServer, cache_file: Path) -> None:
    ok, _ = _two(server)
    check(ok, cache=LinkCache(cache_file, now=T0))
    assert stat.S_IMODE(os.stat(cache_file.parent).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(cache_file).st_mode) == 0o600
    assert os.listdir(cache_file.parent) == ["links.json"]  # no temporary file left


def test_an_unwritable_cache_does_not_fail_the_check(server: HTTPServer, tmp_path: Path) -> None:
    ok, _ = _two(server)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    cache = LinkCache(blocker / "links.json", now=T0)
    [result] = check(ok, cache=cache)
    assert result.state == "ok" and cache.save() is False


# --------------------------------------------------------------------------- problems, offline


def _result(state: str, url: str = "https://example.org/a", line: int = 3) -> LinkResult:
    location = "https://example.org/b" if state == "moved" else None
    detail = {"ok": "200 OK", "moved": f"moved permanently to {location}",
              "dead": "404 Not Found", "unreachable": "timed out after 10 s"}[state]  # fmt: skip
    return LinkResult(Link(FILE, line, 9, url), state, None, detail, location)


def test_to_problems_codes_severities_and_places() -> None:
    problems = to_problems([_result(state, line=n) for n, state in enumerate(STATES, start=1)])
    assert [(p.file, p.line, p.column, p.code, p.severity) for p in problems] == [
        (FILE, 2, 9, "moved-link", "warning"),
        (FILE, 3, 9, "dead-link", "error"),
        (FILE, 4, 9, "unreachable-link", "warning"),
    ]
    assert [p.message for p in problems] == [
        "link 'https://example.org/a' moved permanently to 'https://example.org/b'",
        "dead link 'https://example.org/a': 404 Not Found",
        "could not check link 'https://example.org/a': timed out after 10 s",
    ]


def test_problem_messages_shorten_long_urls() -> None:
    long = "https://example.org/" + "x" * 500
    [problem] = to_problems([_result("dead", long)])
    quoted = problem.message.split(" ")[2].rstrip(":")
    assert len(quoted) <= 82 and quoted.endswith("…'")


def test_offline_lists_distinct_urls_without_a_request(server: HTTPServer) -> None:
    a, b = url(server, "/a"), url(server, "/b")
    cited = links(a, b, a)
    assert offline(cited) == [
        CitedUrl(a, (cited[0], cited[2])),
        CitedUrl(b, (cited[1],)),
    ]
    assert server.log == []


def test_importing_the_module_does_not_import_httpx() -> None:
    code = "import sys, kcbilat.check.links; print('httpx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- `kcbilat sources check` on a data directory ------------------------------------------------


def _sleepy(request: Request) -> Response:
    time.sleep(2)
    return Response("late")


def test_sources_check_reports_each_link_at_its_file_and_line(
    server: HTTPServer, tmp_path: Path
) -> None:
    """A dead link, a moved one and one that times out, each at the line citing it."""
    from conftest import SOURCE, agreement, kcbilat, write_data

    server.expect_request("/fine").respond_with_data("ok")
    server.expect_request("/gone").respond_with_data("no", status=404)
    server.expect_request("/old").respond_with_response(redirect(301, url(server, "/new")))
    server.expect_request("/new").respond_with_data("here")
    server.expect_request("/slow").respond_with_handler(_sleepy)
    sources = "sources:\n" + "".join(
        f"  - url: {url(server, path)}\n    title: Page {path}\n"
        for path in ("/fine", "/gone", "/old", "/slow")
    )
    root = write_data(tmp_path / "data", [agreement(extra="").replace(SOURCE, sources)])
    file = "data/agreements/mou.yaml"
    args = ("sources", "check", "--data", str(root), "--timeout", "0.5")
    done = kcbilat(*args, "--per-host-interval", "0", env={"KCBILAT_CACHE_DIR": str(tmp_path)})
    assert done.exit_code == 1  # a dead link
    lines = done.stdout.splitlines()
    where = {line.split(": ")[1]: line.split(": ")[0] for line in lines}
    assert where["error[dead-link]"].endswith(f"{file}:11:10"), lines  # the /gone URL's line
    assert where["warning[moved-link]"].endswith(f"{file}:13:10"), lines
    assert where["warning[unreachable-link]"].endswith(f"{file}:15:10"), lines
    assert "/new" in next(line for line in lines if "moved-link" in line)
    assert "timed out" in next(line for line in lines if "unreachable-link" in line)
    assert "4 links (4 URLs, 0 answered from the cache): 1 dead, 1 moved, 1 unreachable" in (
        done.stderr
    )

    # --offline fetches nothing and lists what would be checked; a rerun uses the cache
    before = len(server.log)
    listed = kcbilat(*args, "--offline", env={"KCBILAT_CACHE_DIR": str(tmp_path)})
    assert listed.exit_code == 0 and len(server.log) == before
    assert f"{file}:9" in listed.stdout and url(server, "/fine") in listed.stdout
    again = kcbilat(*args, "-f", "json", env={"KCBILAT_CACHE_DIR": str(tmp_path)})
    assert again.exit_code == 1 and len(server.log) == before  # all from the cache
    assert {p["code"] for p in json.loads(again.stdout)} == {
        "dead-link",
        "moved-link",
        "unreachable-link",
    }
