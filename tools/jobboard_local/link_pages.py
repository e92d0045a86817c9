"""Recorded job pages and ATS answers served on 127.0.0.1 for the link verifier (tests, `make run`).

The recordings are tests/fixtures/verify/links.json: one entry per apply link, labelled as a job
seeker reads it ("live": they can apply; "closed": the job is gone; "ambiguous": the page does not
say, e.g. a bot wall or a server error), with every HTTP answer the link and its ATS's API give:

    {"id": "greenhouse-closed-redirect", "url": "https://job-boards.greenhouse.io/acme/jobs/4012345002",
     "reads_as": "closed", "rule": "redirect", "note": "...",
     "routes": [
       {"url": "https://boards-api.greenhouse.io/v1/boards/acme/jobs/4012345002", "status": 404,
        "json": {"status": 404, "error": "Job not found"}},
       {"url": "https://job-boards.greenhouse.io/acme/jobs/4012345002", "status": 302,
        "headers": {"Location": "https://job-boards.greenhouse.io/acme?error=true"}},
       {"url": "https://job-boards.greenhouse.io/acme?error=true", "file": "pages/greenhouse-board-error.html"}
     ]}

A route's body is "json", "text" or "file" (under tests/fixtures/verify/); "delay" (seconds) holds
the answer back (a timeout). Each real host is served under its own prefix, /{host}/..., and
`host_overrides()` maps the real hosts there: a LinkFetcher with those overrides (and
allow_loopback) checks the recorded links with its real code. A link whose host has no route is
not overridden and fails DNS offline (`loopback_only`). A request no route answers gets a 500 (an
`unknown` verdict, never a false `closed`) and is kept in `misses`.
"""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jobboard.http import HostPacer
from jobboard.verify.fetch import LinkFetcher
from jobboard_local.loopback import LoopbackServer

LINKS_DIR = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "verify"
# The moment the recordings were made (validThrough dates are relative to it): runs on the
# recordings pin the clock here. The same moment as the source recordings'.
RECORDED_AT = "2026-11-23T12:00:00Z"


def load_links(directory: Path = LINKS_DIR) -> list[dict[str, Any]]:
    return json.loads((directory / "links.json").read_text(encoding="utf-8"))["links"]


def loopback_only(host: str) -> list[str]:
    """An offline resolver: the loopback address resolves, any other name fails like a DNS failure."""
    if host in ("127.0.0.1", "localhost"):
        return ["127.0.0.1"]
    raise socket.gaierror(f"{host}: not resolved (recorded links are served offline)")


def _key(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return (parts.hostname or "").lower(), (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


class LinkPagesServer(LoopbackServer):
    """Serves recorded links on 127.0.0.1; use as a context manager or start()/stop()."""

    def __init__(self, links: list[dict[str, Any]] | None = None, directory: Path = LINKS_DIR):
        self.directory = directory
        self.links = load_links(directory) if links is None else links
        self.routes: dict[tuple[str, str], dict[str, Any]] = {}
        for link in self.links:
            for route in link.get("routes", []):
                self.routes[_key(route["url"])] = route
        self.requests: list[tuple[str, str, str]] = []  # (method, host, path?query) in arrival order
        self.user_agents: set[str] = set()
        self.misses: list[str] = []

    def host_overrides(self) -> dict[str, str]:
        """Real host -> this server's base URL for it."""
        return {host: f"{self.url}/{host}" for host, _ in self.routes}

    def fetcher(self, **settings: Any) -> LinkFetcher:
        """A LinkFetcher pointed at this server for every recorded host (offline DNS; its own pacer,
        which holds a host for its Retry-After but does not space requests: one server answers all)."""
        settings.setdefault("pacer", HostPacer(interval=0.0))
        settings.setdefault("resolver", loopback_only)
        return LinkFetcher(host_overrides=self.host_overrides(), allow_loopback=True, **settings)

    def answer(self, method: str, raw_path: str, headers, body: bytes = b"") -> tuple[int, dict, bytes]:
        host, _, rest = raw_path.lstrip("/").partition("/")
        path = "/" + rest
        self.requests.append((method, host, path))
        self.user_agents.add(headers.get("User-Agent", ""))
        route = self.routes.get((host, path))
        if route is None:
            self.misses.append(f"{method} {host}{path}")
            return 500, {"Content-Type": "text/plain"}, f"no recorded route for {host}{path}".encode()
        if route.get("delay"):
            time.sleep(float(route["delay"]))
        answer_headers = {"Content-Type": "text/html; charset=utf-8"}
        if "json" in route:
            content = json.dumps(route["json"]).encode()
            answer_headers["Content-Type"] = "application/json"
        elif "file" in route:
            content = (self.directory / route["file"]).read_bytes()
        else:
            content = route.get("text", "").encode() * int(route.get("repeat", 1))
        answer_headers.update(route.get("headers") or {})
        return int(route.get("status", 200)), answer_headers, content
