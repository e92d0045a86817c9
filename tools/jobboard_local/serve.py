"""`jobboard serve`: the API on localhost (refresh, GitHub's webhook), the schedules firing, the queue
and stream drained.

The local counterpart of `sam local start-api` plus EventBridge Scheduler plus the queue's and
the stream's event source mappings, in one process, until Ctrl-C.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from jobboard_local.environment import LocalStack, local_session
from jobboard_local.invoke import find_function, invoke
from jobboard_local.template import FunctionSpec

_RATE = re.compile(r"^rate\((\d+) (minute|hour|day)s?\)$")
_UNIT_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}


def interval_seconds(expression: str) -> float:
    """Seconds between runs: a rate()'s own; a cron() is played as daily (our crons are)."""
    match = _RATE.match(expression)
    return int(match.group(1)) * _UNIT_SECONDS[match.group(2)] if match else _UNIT_SECONDS["day"]


@dataclass(frozen=True)
class Route:
    """One Api event of the template: method, resource path and the function it invokes."""

    method: str
    resource: str  # e.g. /boards/{id}/refresh
    function: FunctionSpec

    @property
    def pattern(self) -> re.Pattern:
        return re.compile(re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(self.resource)))


def api_routes(stack: LocalStack) -> list[Route]:
    return [Route(method, path, spec) for spec in stack.functions.values() for method, path in spec.api_routes()]


def route_for(routes: list[Route], method: str, path: str) -> tuple[Route, dict] | None:
    """The route API Gateway would pick for the request, and its path parameters."""
    bare = path.split("?")[0]
    for route in routes:
        if route.method == method and (match := route.pattern.fullmatch(bare)):
            return route, match.groupdict()
    return None


def api_gateway_event(method: str, path: str, body: str | None, headers: dict, resource: str, parameters) -> dict:
    """The REST API proxy event API Gateway would send for this request."""
    bare = path.split("?")[0]
    return {
        "resource": resource,
        "path": bare,
        "httpMethod": method,
        "headers": headers,
        "multiValueHeaders": {k: [v] for k, v in headers.items()},
        "queryStringParameters": None,
        "pathParameters": parameters,
        "stageVariables": None,
        "body": body,
        "isBase64Encoded": False,
        "requestContext": {
            "resourcePath": resource,
            "httpMethod": method,
            "stage": "local",
            "path": path,
            "identity": {"sourceIp": "127.0.0.1", "userArn": "local"},
            "requestId": f"local-{time.time_ns()}",
        },
    }


class _Scheduler(threading.Thread):
    """Fires the template's ScheduleV2 events (sped up by `speed`), delivers the scrape queue batch
    by batch, drains the stream and runs the functions' asynchronous invocations (a refresh run's
    publish). One function at a time (`lock`), so an API request waits for one batch at most."""

    def __init__(self, stack: LocalStack, speed: float, lock: threading.Lock):
        super().__init__(daemon=True)
        self.stack, self.speed, self.lock = stack, speed, lock
        self.stopping = threading.Event()

    def run(self):
        due: list[tuple[float, float, str, dict]] = []  # (next run, interval, function, event)
        for spec in self.stack.functions.values():
            for expression, event in spec.schedules():
                interval = interval_seconds(expression)
                due.append((time.monotonic() + interval / self.speed, interval, spec.logical_id, event))
        stats, scrape = find_function(self.stack, "stats"), find_function(self.stack, "scrape")
        busy = False
        while not self.stopping.wait(0.05 if busy else 1.0):
            with self.lock:
                for index, (when, interval, function, event) in enumerate(due):
                    if time.monotonic() >= when:
                        # Scheduler's context attribute: this tick's time (the dispatcher decides what is due by it).
                        event = json.loads(
                            json.dumps(event).replace(
                                "<aws.scheduler.scheduled-time>",
                                datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                            )
                        )
                        print(f"[schedule] {function} {json.dumps(event)}", flush=True)
                        try:
                            print(
                                f"  -> {json.dumps(invoke(self.stack, self.stack.functions[function], event), default=str)[:300]}"
                            )
                        except Exception as exc:  # noqa: BLE001 — a failed run is logged, the schedule goes on
                            print(f"  -> error: {exc}")
                        due[index] = (time.monotonic() + interval / self.speed, interval, function, event)
                scraped = self.stack.drain_queue(scrape, max_batches=1)
                if scraped:
                    print(f"[queue] {scraped} scrape request(s) -> scrape", flush=True)
                responses = self.stack.stream_pump.drain(lambda batch, _ctx: invoke(self.stack, stats, batch))
                if responses:
                    print(f"[stream] {len(responses)} batch(es) -> stats", flush=True)
                ran = self.stack.run_async_invocations(lambda line: print(line, flush=True))
                busy = bool(scraped or responses or ran)


def serve(config_path: Path, out_dir: Path, port: int, speed: float, live: bool) -> int:
    lock = threading.Lock()  # one function at a time, like reserved concurrency 1
    with local_session(config_path, out_dir, live) as stack:
        routes = api_routes(stack)

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8", "replace") if length else None
                found = route_for(routes, self.command, self.path)
                if found is None:  # API Gateway's answer to a route it does not have
                    response = {"statusCode": 403, "body": json.dumps({"message": "Missing Authentication Token"})}
                else:
                    route, parameters = found
                    event = api_gateway_event(
                        self.command, self.path, body, dict(self.headers), route.resource, parameters or None
                    )
                    with lock:
                        response = invoke(stack, route.function, event)
                payload = (response.get("body") or "").encode("utf-8")
                self.send_response(int(response.get("statusCode", 502)))
                for name, values in (response.get("multiValueHeaders") or {}).items():
                    for value in values:
                        self.send_header(name, value)
                for name, value in (response.get("headers") or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_POST = do_GET = _answer  # noqa: N815 (http.server's naming)

            def log_message(self, fmt, *args):
                print(f"[api] {self.command} {self.path} {args[1] if len(args) > 1 else ''}", flush=True)

        httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        scheduler = _Scheduler(stack, speed, lock)
        scheduler.start()
        base = f"http://127.0.0.1:{httpd.server_address[1]}"
        print(
            f"API: {', '.join(f'{r.method} {base}{r.resource}' for r in routes)}  (schedules x{speed:g}; Ctrl-C stops)",
            flush=True,
        )
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            print("\nstopping")
        finally:
            scheduler.stopping.set()
            httpd.server_close()
    return 0
