"""The sources' HTTP client against a local server: retries, Retry-After, size cap, bad bodies."""

from __future__ import annotations

import pytest

from jobboard.http import FetchError, HostPacer, HttpClient, NotModified
from jobboard_local.loopback import LoopbackServer


class Scripted(LoopbackServer):
    """Answers each request with the next scripted (status, headers, body)."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.seen_headers = []

    def answer(self, method, raw_path, headers, body):
        self.seen_headers.append(dict(headers))
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


@pytest.fixture
def sleeps():
    return []


def client(sleeps, **options) -> HttpClient:
    return HttpClient(sleep=sleeps.append, backoff_base=0.01, **options)


def test_429_and_5xx_are_retried_honouring_retry_after(sleeps):
    with Scripted((429, {"Retry-After": "7"}, b""), (503, {}, b""), (200, {}, b'{"ok": true}')) as server:
        http = client(sleeps)
        assert http.get_json(server.url + "/feed") == {"ok": True}
    assert sleeps[0] == 7 and len(sleeps) == 2 and http.requests_made == 3
    assert server.seen_headers[0]["User-Agent"].startswith("jobboard/")


def test_a_source_that_stays_down_is_a_clear_failure(sleeps):
    with Scripted((503, {}, b"")) as server:
        with pytest.raises(FetchError, match="failed after 3 attempts: HTTP 503"):
            client(sleeps, max_attempts=3).get(server.url + "/feed")
    assert len(sleeps) == 2


def test_a_long_retry_after_ends_the_fetch_at_once(sleeps):
    """Issue 9 item 12: Retry-After: 3600 used to be retried 60 s apart, past the function's timeout."""
    with Scripted((429, {"Retry-After": "3600"}, b"")) as server:
        with pytest.raises(FetchError, match=r"rate limited until \d{4}-\d\d-\d\dT.*HTTP 429"):
            client(sleeps, max_attempts=4, max_wait=30).get(server.url + "/feed")
    assert sleeps == [] and len(server.seen_headers) == 1


def test_a_host_s_retry_after_is_kept_in_the_shared_pacer(sleeps):
    """The link verifier paces with the same HostPacer: a host that told a scrape to wait is not
    asked again by the verifier before then."""
    held: list[float] = []

    class Recording(HostPacer):
        def hold(self, url: str, seconds: float) -> None:
            held.append(seconds)

    with Scripted((429, {"Retry-After": "3600"}, b"")) as server:
        with pytest.raises(FetchError, match="rate limited until"):
            client(sleeps, pacer=Recording()).get(server.url + "/feed")
    assert held == [3600]


def test_no_retry_wait_outlives_the_invocation(sleeps):
    with Scripted((429, {"Retry-After": "20"}, b"")) as server:
        http = client(sleeps, seconds_left=lambda: 15.0)  # 20 s is under max_wait, not under what is left
        with pytest.raises(FetchError, match="rate limited until"):
            http.get(server.url + "/feed")
    assert sleeps == []
    with Scripted((503, {}, b"")) as server:
        with pytest.raises(FetchError, match="no time left"):
            client(sleeps, seconds_left=lambda: 0.5).get(server.url + "/feed")


def test_a_trickling_body_is_cut_at_the_fetch_deadline():
    """A body arriving a byte at a time (every 20 s in the issue) must not hold the scrape past its timeout."""
    import time

    from tests.trickle import trickling_server

    with trickling_server() as url:
        started = time.monotonic()
        with pytest.raises(FetchError, match="still arriving"):
            HttpClient(max_seconds=2.0, max_attempts=1).get(url + "/feed")
        assert time.monotonic() - started < 3.0


@pytest.mark.parametrize(
    "body, message",
    [
        (b"<!DOCTYPE html><html>Service unavailable</html>", "expected JSON, got an HTML page"),
        (b'{"jobs": [1, 2', "expected JSON, got malformed JSON"),
        (b'{"title": "caf\xe9"}', "not valid UTF-8"),
    ],
)
def test_bodies_that_are_not_json_say_what_came(sleeps, body, message):
    with Scripted((200, {}, body)) as server:
        with pytest.raises(FetchError, match=message):
            client(sleeps).get_json(server.url + "/feed")


def test_bodies_over_the_size_cap_are_refused(sleeps):
    with Scripted((200, {}, b"x" * 5000)) as server:
        with pytest.raises(FetchError, match="exceeds the 1000-byte cap"):
            client(sleeps, max_bytes=1000).get(server.url + "/feed")


def test_only_the_first_request_is_conditional_and_304_means_unchanged(sleeps):
    with Scripted((304, {}, b"")) as server:
        http = client(sleeps, validators={server.url + "/feed": {"etag": '"v1"'}})
        with pytest.raises(NotModified):
            http.get(server.url + "/feed")
        assert server.seen_headers[0]["If-None-Match"] == '"v1"'
    with Scripted((200, {"ETag": '"v2"'}, b"[]")) as server:
        http = client(sleeps, validators={server.url + "/feed": {"etag": '"v1"'}})
        http.get(server.url + "/page2")  # not the remembered URL: plain GET
        http.get(server.url + "/feed")  # a later request is never conditional
        assert all("If-None-Match" not in h for h in server.seen_headers)
        assert http.seen_validators == {server.url + "/page2": {"etag": '"v2"'}}


def test_an_unreachable_host_is_one_short_line(sleeps):
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError) as error:
        client(sleeps, max_attempts=2).get(f"http://127.0.0.1:{port}/feed")
    assert str(error.value) == f"GET http://127.0.0.1:{port}/feed failed after 2 attempts: cannot connect to 127.0.0.1"
