"""A headless Chromium (Debian's `chromium`, driven by Playwright) and a local HTTP server for the
search page the publisher writes (render/site.py). Skipped with a message when either is missing:
`make test` installs chromium first (tools/install-chromium)."""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator, Mapping
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest


def chromium_path() -> str | None:
    return os.environ.get("JOBBOARD_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        pytest.skip("no chromium: `apt-get install chromium` (make test does it as root) or set JOBBOARD_CHROMIUM")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (make install)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=["--no-sandbox"])
        yield browser
        browser.close()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


class SiteServer:
    """Serves a board's files (repository paths -> bytes) from a folder, as GitHub Pages serves the branch."""

    def __init__(self, root: Path) -> None:
        self.root = root
        handler = functools.partial(_Quiet, directory=str(root))
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/"

    def write(self, files: Mapping[str, bytes]) -> None:
        for path, data in files.items():
            target = self.root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)

    def __enter__(self) -> SiteServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture(scope="module")
def site_server(tmp_path_factory) -> Iterator[SiteServer]:
    with SiteServer(tmp_path_factory.mktemp("site")) as server:
        yield server
