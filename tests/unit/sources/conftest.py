"""Shared harness for adapter tests: recorded responses served over real local HTTP.

Fixtures:

    def test_something(scrape_fixture):
        result = scrape_fixture("lever")                   # tests/fixtures/sources/lever.json
        result.postings, result.skipped                     # skipped: Counter of SkipPosting reasons
        result.requests                                     # ["/v0/postings/acme?mode=json&skip=0&limit=3", ...]
        result.raw, result.sleeps                           # what fetch yielded; backoff waits asked for

    scrape_fixture("lever", recording=changed)             # a modified copy, see `recording`
    scrape_fixture("lever", failures=[500])                # the first request answers 500, then the recording
    scrape_fixture("lever", settings={"site": "other"})    # merged onto the recording's settings
    raw_postings("lever")                                  # (adapter, ctx, raw dicts) from one fetch, cached

Helpers (`from conftest import ...`): `recording(type)` a deep copy of the fixture file to
modify; `break_route(data, kind, index=0)` that route answers one of BROKEN_BODIES (truncated
JSON, an HTML error page with status 200, invalid UTF-8); `ctx_for(...)` a SourceContext.

A fetch that fails raises FetchError out of `scrape_fixture`. Each call uses its own URL
prefix on the shared server, so tests stay independent.
"""

from __future__ import annotations

import base64
import copy
import itertools
import json
from collections import Counter
from dataclasses import dataclass, field

import pytest

from jobboard.http import HttpClient
from jobboard_local.recorded import RecordedSourceServer, load_recording, route_body
from jobboard.model import Posting
from jobboard.sources import adapter_class
from jobboard.sources.base import SkipPosting, SourceAdapter, SourceContext

BROKEN_BODIES = ("truncated_json", "html_error_page", "invalid_utf8")


class InjectingServer(RecordedSourceServer):
    """A recorded server that can answer the next requests of one prefix with errors first."""

    def __init__(self):
        super().__init__()
        self.failures: dict[str, list[int]] = {}

    def answer(self, method: str, raw_path: str, request_headers, body: bytes = b""):
        prefix, _, rest = raw_path.lstrip("/").partition("/")
        pending = self.failures.get(prefix)
        if pending:
            status = pending.pop(0)
            self.requests.append((prefix, f"/{rest}"))
            return status, {"Content-Type": "text/plain"}, f"injected HTTP {status}".encode()
        return super().answer(method, raw_path, request_headers, body)


@dataclass
class Scrape:
    postings: list[Posting]
    skipped: Counter  # SkipPosting reason -> count
    raw: list[dict]  # what fetch yielded, in order
    requests: list[str]  # path?query of each request made (prefix removed), in order
    adapter: SourceAdapter
    ctx: SourceContext
    sleeps: list[float] = field(default_factory=list)  # backoff waits the client asked for


def recording(source_type: str) -> dict:
    """A deep copy of the recorded fixture, safe to modify."""
    return copy.deepcopy(load_recording(source_type))


def break_route(data: dict, kind: str, index: int = 0) -> dict:
    """The recording with route `index` answering a broken body of `kind` (see BROKEN_BODIES)."""
    changed = copy.deepcopy(data)
    route = changed["routes"][index]
    body = route_body(route)
    for key in ("json", "text", "base64"):
        route.pop(key, None)
    route["status"] = 200
    if kind == "truncated_json":
        route["text"] = body.decode("utf-8")[: max(1, len(body) // 2)]
    elif kind == "html_error_page":
        route["text"] = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>down</body></html>"
        route["headers"] = {"Content-Type": "text/html"}
    elif kind == "invalid_utf8":
        route["base64"] = base64.b64encode(b'[{"id": "1", "title": "Caf\xe9 \xff\xfe"}]').decode()
    else:
        raise ValueError(kind)
    return changed


def ctx_for(server_url: str, source_type: str, prefix: str, settings: dict, sleeps: list[float]) -> SourceContext:
    return SourceContext(
        id=f"{source_type}-test",
        settings=settings,
        base_url=f"{server_url}/{prefix}",
        http=HttpClient(sleep=sleeps.append, max_attempts=3, read_timeout=5.0),
    )


@pytest.fixture(scope="session")
def recorded_server():
    with InjectingServer() as server:
        yield server


_prefixes = itertools.count()


@pytest.fixture
def scrape_fixture(recorded_server):
    """Run an adapter's fetch + to_posting against its recording; see the module docstring."""

    def run(
        source_type: str,
        *,
        recording: dict | None = None,
        settings: dict | None = None,
        failures: list[int] | None = None,
    ) -> Scrape:
        data = recording if recording is not None else load_recording(source_type)
        # A fresh prefix per call keeps tests independent on the shared server.
        prefix = f"{source_type}-{next(_prefixes)}"
        recorded_server.add(prefix, json.loads(json.dumps(data)))
        if failures:
            recorded_server.failures[prefix] = list(failures)
        sleeps: list[float] = []
        merged = {**data.get("settings", {}), **(settings or {})}
        ctx = ctx_for(recorded_server.url, source_type, prefix, merged, sleeps)
        adapter = adapter_class(source_type)()
        raw = list(adapter.fetch(ctx))
        postings, skipped = [], Counter()
        for item in raw:
            try:
                if not isinstance(item, dict):  # as jobboard.scrape.collect_postings does
                    raise SkipPosting("not an object")
                postings.append(adapter.to_posting(item, ctx))
            except SkipPosting as exc:
                skipped[str(exc)] += 1
        requests = [path for key, path in recorded_server.requests if key == prefix]
        return Scrape(postings, skipped, raw, requests, adapter, ctx, sleeps)

    return run


@pytest.fixture(scope="session")
def raw_postings(recorded_server):
    """raw_postings(type) -> (adapter, ctx, raw dicts) from one clean fetch of the fixture, cached."""
    cache: dict[str, tuple] = {}

    def get(source_type: str):
        if source_type not in cache:
            data = recording(source_type)
            prefix = f"{source_type}-raw"
            recorded_server.add(prefix, data)
            ctx = ctx_for(recorded_server.url, source_type, prefix, data.get("settings", {}), [])
            adapter = adapter_class(source_type)()
            cache[source_type] = (adapter, ctx, [r for r in adapter.fetch(ctx) if isinstance(r, dict)])
        return cache[source_type]

    return get
