"""Fetching for the link verifier: safe to point at untrusted URLs, polite, bounded.

- SSRF guard: every hop's host is resolved first and refused when any address is loopback,
  private, link-local (169.254.169.254, the cloud metadata address, is one), unspecified,
  multicast or otherwise not globally routable (fd00:ec2::254 is a unique-local address). The
  address the socket actually connected to is checked again (a DNS answer that changes between
  the two lookups is refused too). Proxies from the environment are not used: they would hide
  the peer. `allow_loopback` (local testing only) lets loopback through and nothing else.
- Redirects are followed by hand (at most `max_redirects`), so every hop passes the guard.
- `host_overrides` maps a real host (e.g. "boards-api.greenhouse.io") to a local base URL
  ("http://127.0.0.1:8123/boards-api.greenhouse.io"): the request goes there, everything else
  (answers, redirects, per-host counts) is seen under the real host. This is how tests and
  `make run` point the verifier at a local server for ANY host, as `base_url` does for sources.
- Politeness: the scrapers' HostPacer (one request a second per host, and a host's Retry-After
  held for every later request to it), our own User-Agent, HEAD where the status says enough,
  else a GET whose body is cut at `max_bytes` (a job page's JSON-LD and text are near the top).
- Every wait and request stays inside the invocation's deadline (`jobboard.deadline`): what
  cannot fit is a FetchProblem (the link's verdict is `unknown`), never a late answer.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urljoin, urlsplit

from jobboard import deadline
from jobboard.http import PACER, FetchError, HostPacer, TimeBox, _requests, read_body, retry_after_seconds

if TYPE_CHECKING:
    import requests

USER_AGENT = "jobboard-link-check/0.1 (+https://github.com/jobboard/jobboard; checks that listed jobs are still open)"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
T = TypeVar("T")


class FetchProblem(Exception):
    """The link could not be looked at; `reason` is operator-facing ("timeout", "DNS failure", ...)
    and the link's verdict is `unknown`."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class AddressRefused(FetchProblem):
    """The SSRF guard refused an address (loopback, private, link-local, metadata, ...)."""


def address_allowed(address: str, *, allow_loopback: bool = False) -> bool:
    """Whether the verifier may connect to this IP address."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    if ip.is_loopback:
        return allow_loopback
    # is_global is False for private, link-local (metadata 169.254.169.254), unique-local
    # (fd00:ec2::254), shared (100.64/10), unspecified, reserved and documentation ranges.
    return ip.is_global and not ip.is_multicast


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def resolve(host: str) -> list[str]:
    """The host's addresses (socket.gaierror when it has none)."""
    return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)})


@dataclass(frozen=True)
class Answer:
    """One fetched link, seen under its real hosts (host_overrides undone)."""

    url: str  # the URL asked for
    final_url: str  # where the redirects ended
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes
    redirects: tuple[str, ...] = ()  # the URLs redirected to, in order (final_url last)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body as JSON, or None when it is not JSON."""
        import json

        try:
            return json.loads(self.body)
        except ValueError:
            return None


@dataclass
class LinkFetcher:
    """HTTP for the link verifier; one per verification pass (it counts requests per host)."""

    host_overrides: dict[str, str] = field(default_factory=dict)
    allow_loopback: bool = False  # local testing only: loopback allowed, nothing else
    pacer: HostPacer = field(default_factory=lambda: PACER)  # shared with the scrapers
    max_redirects: int = 5
    max_bytes: int = 256 * 1024  # a capped GET keeps this much of a page
    # An ATS's JSON answer is read up to this much (a board's whole list with its descriptions can
    # be megabytes); a longer one is cut, no longer JSON, and decides nothing.
    max_json_bytes: int = 8 * 1024 * 1024
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    max_seconds: float = 20.0  # one request, body included
    max_wait: float = 30.0  # a longer pacing/Retry-After wait makes the link `unknown` for this pass
    sleep: Callable[[float], None] = time.sleep
    seconds_left: Callable[[], float | None] = deadline.seconds_left  # the invocation's
    resolver: Callable[[str], list[str]] = resolve
    session: requests.Session | None = None
    requests_made: int = 0
    requests_by_host: Counter[str] = field(default_factory=Counter)  # real hosts
    memo: dict[str, Any] = field(default_factory=dict)  # `kept` values for the pass, by URL

    def get(self, url: str, *, accept: str = "text/html,application/xhtml+xml,*/*;q=0.8") -> Answer:
        """A capped GET, redirects followed under the guard."""
        return self._follow("GET", url, accept, self.max_bytes)

    def head(self, url: str) -> Answer:
        """HEAD (the status and Location say enough); a host that refuses HEAD gets a capped GET."""
        answer = self._follow("HEAD", url, "text/html,*/*;q=0.8", 0)
        if answer.status in (405, 501):
            return self.get(url)
        return answer

    def get_json(self, url: str) -> Answer:
        """A GET asking for JSON (read up to `max_json_bytes`)."""
        return self._follow("GET", url, "application/json", self.max_json_bytes)

    def kept(self, url: str, derive: Callable[[Answer], T]) -> T:
        """`derive` of the JSON answer at `url`, asked once per pass when it answers 200 (a board's
        list serves every job of the board); only the derived value is kept, not the body."""
        if url in self.memo:
            return self.memo[url]
        answer = self.get_json(url)
        value = derive(answer)
        if answer.status == 200:
            self.memo[url] = value
        return value

    # -- internals -----------------------------------------------------------------------------

    def _follow(self, method: str, url: str, accept: str, max_bytes: int) -> Answer:
        current, redirects = url, []
        for _ in range(self.max_redirects + 1):
            status, headers, body = self._one(method, current, accept, max_bytes)
            location = headers.get("location")
            if status in REDIRECT_STATUSES and location:
                current = urljoin(current, location.strip())
                redirects.append(current)
                if status == 303:
                    method = "GET"
                continue
            return Answer(url, current, status, headers, body, tuple(redirects))
        raise FetchProblem(f"more than {self.max_redirects} redirects")

    def _one(self, method: str, url: str, accept: str, max_bytes: int) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme not in ("http", "https") or not host:
            raise FetchProblem(f"not a web link: {url[:80]}")
        target = self._target(url, host)
        self._guard(target)
        self._pace(url)
        box = TimeBox.of(self.max_seconds, self.seconds_left(), self.connect_timeout, self.read_timeout)
        if box is None:
            raise FetchProblem("no time left in this invocation")
        requests = _requests()
        session = self._session()
        self.requests_made += 1
        self.requests_by_host[host] += 1
        headers = {"User-Agent": USER_AGENT, "Accept": accept, "Accept-Language": "en"}
        try:
            response = session.request(
                method, target, headers=headers, timeout=box.timeout, allow_redirects=False, stream=True
            )
            if method != "HEAD":
                read_body(response, box, max_bytes, truncate=True)
        except AddressRefused:
            raise
        except FetchError as exc:
            raise FetchProblem(f"slow answer from {host}: {exc}") from None
        except requests.Timeout:
            raise FetchProblem(f"timeout ({host})") from None
        except requests.exceptions.SSLError:
            raise FetchProblem(f"TLS error ({host})") from None
        except requests.ConnectionError as exc:
            if isinstance(exc.__context__, AddressRefused):  # raised inside urllib3's connect
                raise exc.__context__ from None
            raise FetchProblem(f"cannot connect to {host}") from None
        except requests.RequestException as exc:
            raise FetchProblem(f"{type(exc).__name__} from {host}") from None
        answer_headers = {name.lower(): value for name, value in response.headers.items()}
        body = b"" if method == "HEAD" else response.content
        response.close()
        if response.status_code in (429, 503):
            asked = retry_after_seconds(response.headers)
            if asked is not None:
                self.pacer.hold(url, asked)  # the scrapers of this host wait too
        return response.status_code, answer_headers, body

    def _target(self, url: str, host: str) -> str:
        """The URL the request goes to: a host_overrides base in place of the real host."""
        base = self.host_overrides.get(host)
        if not base:
            return url
        parts = urlsplit(url)
        path = parts.path or "/"
        return base.rstrip("/") + path + (f"?{parts.query}" if parts.query else "")

    def _guard(self, target: str) -> None:
        host = urlsplit(target).hostname or ""
        try:
            addresses = [str(ipaddress.ip_address(host))] if _is_ip(host) else self.resolver(host)
        except (OSError, UnicodeError):
            raise FetchProblem(f"DNS failure ({host})") from None
        if not addresses:
            raise FetchProblem(f"DNS failure ({host})")
        refused = [a for a in addresses if not address_allowed(a, allow_loopback=self.allow_loopback)]
        if refused:
            raise AddressRefused(f"address refused ({host} -> {refused[0]})")

    def _pace(self, url: str) -> None:
        """Paced by the real host (overridden or not): a recorded host's Retry-After holds it too."""
        wait = self.pacer.delay(url)
        left = self.seconds_left()
        if wait > 0 and (wait > self.max_wait or (left is not None and wait > left - 1.0)):
            host = urlsplit(url).hostname
            raise FetchProblem(f"{host} asked to wait {wait:.0f} s (Retry-After or pacing)")
        self.pacer.wait(url, self.sleep)

    def _session(self) -> requests.Session:
        if self.session is None:
            self.session = guarded_session(allow_loopback=self.allow_loopback)
        return self.session


def guarded_session(*, allow_loopback: bool) -> requests.Session:
    """A requests Session whose connections check the address actually connected to."""
    requests = _requests()
    from requests.adapters import HTTPAdapter
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

    def checked(sock):
        peer = sock.getpeername()[0]
        if not address_allowed(peer, allow_loopback=allow_loopback):
            sock.close()
            raise AddressRefused(f"address refused (connected to {peer})")
        return sock

    class GuardedHTTPConnection(HTTPConnection):
        def _new_conn(self):
            return checked(super()._new_conn())

    class GuardedHTTPSConnection(HTTPSConnection):
        def _new_conn(self):
            return checked(super()._new_conn())

    class GuardedHTTPPool(HTTPConnectionPool):
        ConnectionCls = GuardedHTTPConnection

    class GuardedHTTPSPool(HTTPSConnectionPool):
        ConnectionCls = GuardedHTTPSConnection

    class GuardedAdapter(HTTPAdapter):
        def init_poolmanager(self, *args, **kwargs):
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = {"http": GuardedHTTPPool, "https": GuardedHTTPSPool}

    session = requests.Session()
    session.trust_env = False  # no proxies from the environment: the guard must see the peer
    session.mount("http://", GuardedAdapter())
    session.mount("https://", GuardedAdapter())
    return session
