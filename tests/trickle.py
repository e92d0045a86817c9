"""A local server whose answer trickles in a byte at a time: for overall request deadlines."""

from __future__ import annotations

import http.server
import threading
import time
from contextlib import contextmanager


class _Trickle(http.server.BaseHTTPRequestHandler):
    def _answer(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "1000")
        self.end_headers()
        try:
            for _ in range(1000):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.4)
        except OSError:  # the client hung up: as it should
            pass

    do_GET = do_POST = do_PATCH = _answer  # noqa: N815 (http.server's names)

    def log_message(self, *args):
        pass


@contextmanager
def trickling_server():
    """Yields the server's base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Trickle)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
