"""Recorded source responses served over real local HTTP, so adapters run their real code.

A recording is one JSON file per source type (tests/fixtures/sources/<type>.json):

    {
      "settings": {...},            # adapter settings that match the recorded paths
      "quirks": ["..."],            # the documented quirks this recording contains
      "routes": [
        {"path": "/v1/boards/acme/jobs", "query": {"page": "2"},    # query: subset to match
         "status": 200, "headers": {...},
         "json": <body as JSON> | "text": "<body as text>" | "base64": "<raw bytes>"}
      ]
    }

Each source type is served under its own prefix: base_url = f"{server.url}/{type}".
The first route whose path matches and whose query items are all present answers;
an unmatched request gets 404.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from jobboard_local.loopback import LoopbackServer

RECORDINGS_DIR = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "sources"
# The moment the recordings' dates are relative to: sample runs pin the clock here, so the
# recorded postings are as fresh as when they were recorded, whatever today's date.
SAMPLE_NOW = "2026-11-23T12:00:00Z"


def recording_types(directory: Path = RECORDINGS_DIR) -> list[str]:
    return sorted(p.stem for p in directory.glob("*.json"))


def load_recording(source_type: str, directory: Path = RECORDINGS_DIR) -> dict:
    return json.loads((directory / f"{source_type}.json").read_text(encoding="utf-8"))


def route_body(route: dict) -> bytes:
    if "json" in route:
        return json.dumps(route["json"], ensure_ascii=False).encode("utf-8")
    if "base64" in route:
        return base64.b64decode(route["base64"])
    return route.get("text", "").encode("utf-8")


class RecordedSourceServer(LoopbackServer):
    """Serves recordings on 127.0.0.1; use as a context manager or start()/stop()."""

    def __init__(self, recordings: dict[str, dict] | None = None):
        self.recordings: dict[str, dict] = dict(recordings or {})
        self.requests: list[tuple[str, str]] = []  # (type, path?query) in arrival order

    def add(self, source_type: str, recording: dict) -> None:
        self.recordings[source_type] = recording

    def base_url(self, source_type: str) -> str:
        return f"{self.url}/{source_type}"

    def answer(self, method: str, raw_path: str, request_headers, body: bytes = b"") -> tuple[int, dict, bytes]:
        parts = urlsplit(raw_path)
        source_type, _, path = parts.path.lstrip("/").partition("/")
        path = "/" + path
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        self.requests.append((source_type, f"{path}?{parts.query}" if parts.query else path))
        recording = self.recordings.get(source_type)
        for route in (recording or {}).get("routes", []):
            if route["path"].rstrip("/") != path.rstrip("/"):
                continue
            if any(query.get(k) != str(v) for k, v in (route.get("query") or {}).items()):
                continue
            headers = {"Content-Type": "application/json" if "json" in route else "text/plain; charset=utf-8"}
            headers.update(route.get("headers") or {})
            recorded = route_body(route)
            body = self.served(raw_path, recorded)
            etag = headers.get("ETag")
            if etag and body != recorded:  # a rewritten body is another version of the feed
                etag = headers["ETag"] = f'"{hashlib.sha256(body).hexdigest()[:16]}"'
            if etag and request_headers.get("If-None-Match") == etag:
                return 304, {"ETag": etag}, b""
            return int(route.get("status", 200)), headers, body
        return 404, {"Content-Type": "text/plain"}, f"no recorded route for {source_type} {raw_path}".encode()
