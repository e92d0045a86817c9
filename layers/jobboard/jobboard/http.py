"""HTTP for source adapters: timeouts, retries with backoff, Retry-After, a size cap.

Every failure surfaces as FetchError with a message fit for a per-source outcome.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    import requests

from jobboard import deadline

USER_AGENT = "jobboard/0.1 (+https://github.com/jobboard/jobboard; job-list publisher)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


# Politeness: at least this long between the starts of two requests to one host (per process;
# across processes the queue's message groups let only one scrape per host run at a time).
HOST_INTERVAL_SECONDS = 1.0
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


class HostPacer:
    """Spaces requests to the same host, and holds a host back as long as its Retry-After asked
    (scrapers and the link verifier share one pacer); local stand-ins on loopback are not paced."""

    def __init__(self, interval: float = HOST_INTERVAL_SECONDS, clock: Callable[[], float] = time.monotonic):
        self.interval = interval
        self.clock = clock
        self.last_start: dict[str, float] = {}
        self.not_before: dict[str, float] = {}  # host -> clock() value its Retry-After asked for

    def delay(self, url: str) -> float:
        """Seconds a request to `url` must wait now (0 when it may start)."""
        host = urlsplit(url).hostname or ""
        if host in _LOOPBACK:
            return 0.0
        now = self.clock()
        previous = self.last_start.get(host)
        spaced = previous + self.interval - now if previous is not None else 0.0
        return max(0.0, spaced, self.not_before.get(host, now) - now)

    def wait(self, url: str, sleep: Callable[[float], None]) -> None:
        host = urlsplit(url).hostname or ""
        if host in _LOOPBACK:
            return
        delay = self.delay(url)
        if delay > 0:
            sleep(delay)
        self.last_start[host] = self.clock()

    def hold(self, url: str, seconds: float) -> None:
        """The host asked (Retry-After) for no request before `seconds` from now."""
        host = urlsplit(url).hostname or ""
        if host not in _LOOPBACK and seconds > 0:
            self.not_before[host] = max(self.not_before.get(host, 0.0), self.clock() + seconds)


# One per process: a warm function's consecutive scrapes of one host are spaced too.
PACER = HostPacer()


class FetchError(Exception):
    """A source could not be fetched or parsed; the message says why."""


class NotModified(Exception):
    """The conditional first request of a scrape answered 304: the feed is as last fetched."""


@dataclass
class HttpClient:
    """HTTP for the source adapters: timeouts, retries with backoff, Retry-After, size and time limits."""

    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    max_attempts: int = 4
    backoff_base: float = 1.0
    max_wait: float = 60.0  # a retry that must wait longer (Retry-After) fails the fetch instead
    max_bytes: int = 20 * 1024 * 1024
    # Longest one request may take, body included: socket timeouts alone let a body trickling
    # a byte every 20 s run for hours.
    max_seconds: float = 120.0
    sleep: Callable[[float], None] = time.sleep
    seconds_left: Callable[[], float | None] = deadline.seconds_left  # the invocation's
    session: requests.Session = field(default_factory=lambda: _requests().Session())
    requests_made: int = 0
    # Conditional GET: validators (ETag / Last-Modified) from the last successful scrape, by URL.
    # Only the first request of a scrape is made conditional: a 304 there means the whole feed
    # is unchanged (adapters opt in when one request returns the whole feed).
    validators: dict[str, dict[str, str]] = field(default_factory=dict)
    seen_validators: dict[str, dict[str, str]] = field(default_factory=dict)
    pacer: HostPacer = field(default_factory=lambda: PACER)

    def get(self, url: str, *, params: dict | None = None, headers: dict | None = None) -> requests.Response:
        """GET with retries on network errors, 429 and 5xx; body read under the size cap."""
        requests = _requests()
        merged = {"User-Agent": USER_AGENT, "Accept": "application/json, */*;q=0.5", **(headers or {})}
        key = requests.Request("GET", url, params=params).prepare().url or url
        first = self.requests_made == 0
        conditional = first and self.validators.get(key)
        if conditional:
            merged.update(
                {
                    name: value
                    for name, value in (
                        ("If-None-Match", conditional.get("etag")),
                        ("If-Modified-Since", conditional.get("last_modified")),
                    )
                    if value
                }
            )
        last_error = ""
        for attempt in range(1, self.max_attempts + 1):
            self.pacer.wait(url, self.sleep)
            box = TimeBox.of(self.max_seconds, self.seconds_left(), self.connect_timeout, self.read_timeout)
            if box is None:
                raise FetchError(f"GET {url}: no time left in this invocation to fetch")
            self.requests_made += 1
            asked = None
            try:
                response = self.session.get(url, params=params, headers=merged, timeout=box.timeout, stream=True)
                read_body(response, box, self.max_bytes)
            except requests.RequestException as exc:
                last_error = _network_problem(exc, url)
                wait = self._backoff(attempt)
            else:
                if response.status_code == 304 and conditional:
                    raise NotModified(key)
                if response.status_code not in RETRY_STATUSES:
                    if response.status_code == 200 and first:
                        self._remember_validators(key, response)
                    return response
                last_error = f"HTTP {response.status_code}"
                asked = retry_after_seconds(response.headers)
                if asked is not None:
                    self.pacer.hold(url, asked)  # the link verifier waits for this host too
                wait = asked if asked is not None else self._backoff(attempt)
            if attempt == self.max_attempts:
                break
            left = self.seconds_left()
            if wait > self.max_wait or (left is not None and wait > left):
                if asked is not None or last_error == "HTTP 429":
                    raise FetchError(
                        f"GET {url}: rate limited until {deadline.utc_after(wait)} ({last_error}); stored jobs kept"
                    )
                raise FetchError(f"GET {url} failed ({last_error}) with no time left to retry")
            self.sleep(wait)
        raise FetchError(f"GET {url} failed after {self.max_attempts} attempts: {last_error}")

    def get_json(self, url: str, *, params: dict | None = None, headers: dict | None = None):
        response = self.get(url, params=params, headers=headers)
        return decode_json(response)

    def _remember_validators(self, key: str, response: requests.Response) -> None:
        found = {
            name: response.headers[header]
            for name, header in (("etag", "ETag"), ("last_modified", "Last-Modified"))
            if response.headers.get(header)
        }
        if found:
            self.seen_validators[key] = found

    def _backoff(self, attempt: int) -> float:
        return self.backoff_base * (2 ** (attempt - 1)) * (0.5 + random.random() / 2)


@dataclass(frozen=True)
class TimeBox:
    """One request's time, body included: socket timeouts alone let a body trickling a byte
    every 20 s run for hours. Each socket read waits at most `step` and no read starts after
    `cutoff`, so the request ends within `seconds`."""

    seconds: float
    step: float
    cutoff: float  # time.monotonic()
    connect: float

    @classmethod
    def of(cls, max_seconds: float, seconds_left: float | None, connect: float, read: float) -> TimeBox | None:
        """The box for a request now, or None when the invocation has no time left for one."""
        seconds = max_seconds if seconds_left is None else min(max_seconds, seconds_left)
        if seconds <= 1.0:
            return None
        step = min(read, seconds / 2)
        return cls(seconds=seconds, step=step, cutoff=time.monotonic() + seconds - step, connect=min(connect, step))

    @property
    def timeout(self) -> tuple[float, float]:
        return (self.connect, self.step)


def read_body(response: requests.Response, box: TimeBox, max_bytes: int, *, truncate: bool = False) -> None:
    """Read a streamed response's body within its time box and under the size cap (FetchError if not;
    with `truncate`, the first `max_bytes` are kept instead: the link verifier's capped GET)."""
    declared = response.headers.get("Content-Length")
    if not truncate and declared and declared.isdigit() and int(declared) > max_bytes:
        response.close()
        raise FetchError(f"response of {declared} bytes exceeds the {max_bytes}-byte cap")
    chunks, size = [], 0
    for chunk in _chunks_as_they_come(response):
        size += len(chunk)
        if size > max_bytes:
            response.close()
            if truncate:
                chunks.append(chunk[: len(chunk) - (size - max_bytes)])
                break
            raise FetchError(f"response exceeds the {max_bytes}-byte cap")
        chunks.append(chunk)
        if time.monotonic() > box.cutoff:
            response.close()
            raise FetchError(f"response body still arriving after {box.seconds:.0f} s; {size} bytes read")
    response._content = b"".join(chunks)  # requests' own cache of the body


def _chunks_as_they_come(response: requests.Response):
    """The body in pieces as they arrive (read1: a slow body is seen per piece, not per 64 KB)."""
    from urllib3.exceptions import DecodeError, HTTPError, ReadTimeoutError

    requests = _requests()
    while True:
        try:
            chunk = response.raw.read1(64 * 1024, decode_content=True)
        except ReadTimeoutError as exc:
            raise requests.exceptions.ReadTimeout(exc) from exc
        except DecodeError as exc:
            raise requests.exceptions.ContentDecodingError(exc) from exc
        except HTTPError as exc:
            raise requests.exceptions.ChunkedEncodingError(exc) from exc
        if not chunk:
            return
        yield chunk


def _network_problem(exc: requests.RequestException, url: str) -> str:
    """A one-line reason (requests' own messages repeat the whole connection pool's state)."""
    requests = _requests()
    host = urlsplit(url).hostname
    if isinstance(exc, requests.Timeout):
        return f"{host} did not answer in time"
    if isinstance(exc, requests.ConnectionError):
        return f"cannot connect to {host}"
    return f"{type(exc).__name__}: {str(exc)[:200]}"


def retry_after_seconds(headers) -> float | None:
    """Seconds to wait from a Retry-After header (delta seconds or an HTTP date)."""
    value = headers.get("Retry-After")
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    from email.utils import parsedate_to_datetime  # here: the email package is a cold-start cost

    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def _requests():
    """requests, imported on first use: loading a config (which reads the adapters' settings)
    must not bring it into handlers that never fetch anything (cold start)."""
    import requests

    return requests


# Python objects one JSON answer may become. A body under the size cap can still be dense: 20 MB of
# "{}," is 7 million dicts, over 500 MB parsed, and ScrapeFunction has 512 MB. Real answers parse
# to 2-3x their size (the 3.6 MB Simplify listing: 8 MB); this leaves a 20 MB real answer room.
MAX_PARSED_BYTES = 128 * 1024 * 1024


def parsed_size_estimate(body: bytes) -> int:
    """An upper estimate of the memory json.loads makes of `body` (CPython 3.11-3.13, 64-bit):
    per object, list, string and value, measured over dense and real bodies; bytes.count is a C scan."""
    return (
        120 * body.count(b"{") + 72 * body.count(b"[") + 28 * body.count(b'"') + 16 * body.count(b",") + 2 * len(body)
    )


def decode_json(response: requests.Response):
    """The body as JSON, or FetchError naming what came instead (HTML error page, bad UTF-8, an
    answer too dense to parse in the function's memory...). Text is in Unicode's composed form
    (NFC): the same title sent decomposed by one source and composed by another is one text."""
    if response.status_code >= 400:
        raise FetchError(f"HTTP {response.status_code} from {response.url}")
    body = response.content
    estimate = parsed_size_estimate(body)
    if estimate > MAX_PARSED_BYTES:
        raise FetchError(
            f"response of {len(body)} bytes is too dense to parse (about {estimate // 2**20} MB of objects; "
            f"at most {MAX_PARSED_BYTES // 2**20} MB): stored jobs kept"
        )
    from jobboard.normalise.text import nfc  # here: handlers that never fetch skip html.parser (cold start)

    try:
        text = nfc(body.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise FetchError(f"response is not valid UTF-8 (byte {exc.start})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        snippet = text.lstrip()[:60].replace("\n", " ")
        kind = "an HTML page" if snippet.startswith("<") else "malformed JSON"
        raise FetchError(f"expected JSON, got {kind} ({exc.msg} at char {exc.pos}): {snippet!r}") from None
