"""`make bench`, refresh: POST /boards/{id}/refresh on a 1,000-company board, through `jobboard serve`.

The board is one Greenhouse company list (the generated stand-in of benchmarks/companies.py). The
real CLI serves the API as a user runs it (`jobboard serve --live`, a subprocess: embedded moto,
the scrape queue delivered batch by batch, the stream, asynchronous invocations, local git).
Figures: the POST's answer time (target < 1 s: it only records the run and queues the units), each
GET's, and the run to its end through the queue (units done, publish status and commit).

Usage: python benchmarks/refresh.py [--companies 1000] [--postings 5]
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import requests
import yaml
from companies import GreenhouseStandIn, company_list_config

REPO = Path(__file__).resolve().parents[1]
POST_TARGET_SECONDS = 1.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=1000)
    parser.add_argument("--postings", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=900, help="seconds the run may take to finish")
    args = parser.parse_args()
    slugs = [f"company-{i:04d}" for i in range(args.companies)]
    print(
        f"\n== Refresh: POST /boards/all/refresh on {args.companies} Greenhouse companies x {args.postings} "
        "postings, `jobboard serve --live` (CLI subprocess)",
        flush=True,
    )
    with (
        tempfile.TemporaryDirectory(prefix="jobboard-bench-refresh-") as work,
        GreenhouseStandIn(slugs, args.postings, datetime.now(timezone.utc)) as source,
    ):
        config = Path(work) / "jobboard.yaml"
        config.write_text(
            yaml.safe_dump(company_list_config(source.url, slugs)),
            encoding="utf-8",
        )
        port = free_port()
        env = {**os.environ, "LOG_LEVEL": "WARNING"}
        env.pop("GITHUB_TOKEN", None)  # the board goes to a local git repository
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jobboard_local.cli",
                "--config",
                str(config),
                "--out",
                str(Path(work) / "out"),
                "--live",
                "serve",
                "--port",
                str(port),
                "--speed",
                "0.001",  # the dispatcher and publisher schedules stay out of the way
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
            cwd=REPO,
        )
        try:
            return _measure(f"http://127.0.0.1:{port}/boards/all/refresh", server, source, args)
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.communicate(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()


def _measure(url: str, server: subprocess.Popen, source: GreenhouseStandIn, args) -> int:
    deadline = time.monotonic() + 120
    while True:  # the server is up when it answers (a GET of an unknown run: 404)
        try:
            requests.get(f"{url}/warm-up", timeout=30)
            break
        except requests.ConnectionError:
            if server.poll() is not None or time.monotonic() > deadline:
                print(server.stdout.read() if server.stdout else "", file=sys.stderr)
                raise SystemExit("jobboard serve did not start") from None
            time.sleep(0.3)
    started = time.perf_counter()
    answer = requests.post(url, timeout=60)
    post_seconds = time.perf_counter() - started
    if answer.status_code != 202:
        raise SystemExit(f"POST answered {answer.status_code}: {answer.text[:500]}")
    run = answer.json()
    print(f"  POST answered 202 in {post_seconds:.3f} s: run {run['run_id']}, {run['units']['total']} units queued")
    progress_url = f"{url}/{run['run_id']}"
    get_seconds: list[float] = []
    shown = 0.0
    while True:
        started = time.perf_counter()
        progress = requests.get(progress_url, timeout=60).json()
        get_seconds.append(time.perf_counter() - started)
        elapsed = time.perf_counter() - started + sum(get_seconds[:-1])
        if progress["status"] == "finished":
            break
        if time.monotonic() - shown >= 10:
            shown = time.monotonic()
            units = progress["units"]
            print(f"  ... {units['done']}/{units['total']} units done ({units['failed']} failed), {progress['status']}")
        if server.poll() is not None:
            raise SystemExit(f"jobboard serve exited: {server.stdout.read() if server.stdout else ''}")
        if elapsed > args.timeout:
            raise SystemExit(f"the run did not finish within {args.timeout:.0f} s: {progress}")
        time.sleep(1.0)
    run_seconds = _seconds_between(progress["started_at"], progress["updated_at"])
    units, publish = progress["units"], progress["publish"]
    print(
        f"  run finished in {run_seconds:.0f} s (local loop: one scrape batch at a time): "
        f"{units['done']}/{units['total']} units done, {units['failed']} failed; "
        f"{source.requests} requests to the source; publish {publish['status']}, {publish['jobs']} jobs, "
        f"commit {str(publish.get('commit'))[:12]}, stats settled {publish.get('stats_settled')}"
    )
    get_seconds.sort()
    print(
        f"  GET /boards/all/refresh/<run>: {len(get_seconds)} calls, median {get_seconds[len(get_seconds) // 2]:.3f} s, "
        f"max {get_seconds[-1]:.3f} s"
    )
    # A second POST: the function warm (its modules and the 1,000-company config loaded), as most
    # calls find it. Its run is left in the queue: serve stops after this.
    started = time.perf_counter()
    again = requests.post(url, data='{"dry_run": true}', timeout=60)
    warm_seconds = time.perf_counter() - started
    print(f"  second POST (warm function) answered {again.status_code} in {warm_seconds:.3f} s")
    ok = post_seconds < POST_TARGET_SECONDS and warm_seconds < POST_TARGET_SECONDS
    completed = publish["status"] == "published" and units["done"] == units["total"] == args.companies
    print(
        f"  {'PASS' if ok else 'MISS'} POST answer {post_seconds:.3f} s first, {warm_seconds:.3f} s warm "
        f"(target < {POST_TARGET_SECONDS:.0f} s)"
    )
    print(f"  {'PASS' if completed else 'MISS'} the run completes through the queue and publishes")
    return 0


def _seconds_between(start: str, end: str) -> float:
    def parse(text: str) -> datetime:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")

    return (parse(end) - parse(start)).total_seconds()


if __name__ == "__main__":
    sys.exit(main())
