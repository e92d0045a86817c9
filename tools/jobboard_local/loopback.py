"""A small threaded HTTP server on 127.0.0.1 for local stand-ins (sources, GitHub)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class LoopbackServer:
    """Subclasses answer requests; use as a context manager or start()/stop()."""

    _server: ThreadingHTTPServer | None = None
    # Rewrites a body before it is served (key: the request path): `jobboard cost` turns postings
    # over with it. Subclasses that serve postings apply it through `served`.
    rewrite: Callable[[str, bytes], bytes] | None = None

    def served(self, key: str, body: bytes) -> bytes:
        return self.rewrite(key, body) if self.rewrite else body

    def answer(self, method: str, raw_path: str, headers, body: bytes) -> tuple[int, dict, bytes]:
        """(status, headers, body) for one request."""
        raise NotImplementedError

    @property
    def url(self) -> str:
        assert self._server, f"{type(self).__name__} not started"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self):
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self):
                length = int(self.headers.get("Content-Length") or 0)
                status, headers, body = owner.answer(self.command, self.path, self.headers, self.rfile.read(length))
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    try:
                        self.wfile.write(body)
                    except (BrokenPipeError, ConnectionResetError):
                        pass  # the client stopped reading (the link verifier's capped GET)

            do_GET = do_HEAD = do_POST = do_PATCH = do_PUT = do_DELETE = _serve  # noqa: N815 (http.server's naming)

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
