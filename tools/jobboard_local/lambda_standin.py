"""A local Lambda Invoke endpoint (the part of `sam local start-lambda` the functions use).

The functions start each other asynchronously (the scrape function that finishes a refresh run's
last unit starts the publish function) through boto3's Lambda client; with AWS_ENDPOINT_URL_LAMBDA
pointing here, an `Event` invocation is kept in order (`take()`), for the local loop to run the
way Lambda's own queue for asynchronous invocations would.
"""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_INVOKE = re.compile(r"^/2015-03-31/functions/([^/]+)/invocations$")
ENDPOINT_ENV = "AWS_ENDPOINT_URL_LAMBDA"


class LambdaStandin:
    """Accepts asynchronous invocations; `take()` hands over (function name, event) pairs, oldest first."""

    def __init__(self):
        self._pending: list[tuple[str, dict]] = []
        self._lock = threading.Lock()
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                match = _INVOKE.match(self.path.split("?")[0])
                length = int(self.headers.get("Content-Length") or 0)
                payload = self.rfile.read(length) if length else b"{}"
                if not match:
                    return self._answer(404, {"Type": "User", "message": f"no such route {self.path}"})
                if self.headers.get("X-Amz-Invocation-Type") != "Event":
                    # Only what the functions use; a synchronous call runs through `jobboard invoke`.
                    return self._answer(400, {"Type": "User", "message": "only InvocationType Event is served here"})
                with standin._lock:
                    standin._pending.append((match.group(1), json.loads(payload or b"{}")))
                return self._answer(202, None)

            def _answer(self, status: int, body: dict | None):
                data = json.dumps(body).encode() if body is not None else b""
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, fmt, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def take(self) -> list[tuple[str, dict]]:
        with self._lock:
            pending, self._pending = self._pending, []
        return pending

    def __enter__(self) -> LambdaStandin:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
