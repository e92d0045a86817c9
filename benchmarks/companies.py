"""`make bench`, company lists: 500 Greenhouse companies of 20 postings each, one `jobboard run`.

A Greenhouse stand-in generated here answers every company's board on 127.0.0.1; the config is
one source entry with a 500-company list feeding one board. The real CLI runs twice as a user
runs it (a subprocess: dispatcher -> queue -> scrape function -> stream -> stats -> publisher,
moto for AWS, local git for GitHub); the second pass, over unchanged data, must write nothing
and commit nothing. Figures: wall time per pass, requests to the source, writes, commits.

Usage: python benchmarks/companies.py [--companies 500] [--postings 20]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import yaml

from jobboard_local.loopback import LoopbackServer

REPO = Path(__file__).resolve().parents[1]
TITLES = [
    "Backend Engineer",
    "Senior Software Engineer",
    "Platform Engineer",
    "Frontend Engineer",
    "Site Reliability Engineer",
    "Data Engineer",
    "Engineering Manager",
    "Product Designer",
]
PLACES = ["Remote", "Berlin, Germany", "New York, NY", "London, UK", "Remote (EU)"]


class GreenhouseStandIn(LoopbackServer):
    """Every company's board: /v1/boards/<slug>/jobs with `postings` jobs, dated from `now`."""

    def __init__(self, companies: list[str], postings: int, now: datetime):
        self.boards = {
            slug: json.dumps(
                {"jobs": [_job(slug, c, p, now) for p in range(postings)], "meta": {"total": postings}}
            ).encode()
            for c, slug in enumerate(companies)
        }
        self.requests = 0
        self._lock = threading.Lock()

    def answer(self, method, raw_path, headers, body):
        with self._lock:
            self.requests += 1
        match = re.fullmatch(r"/v1/boards/([^/?]+)/jobs(\?.*)?", raw_path)
        board = self.boards.get(match.group(1)) if match else None
        if board is None:
            return 404, {"Content-Type": "application/json"}, b'{"status": 404}'
        return 200, {"Content-Type": "application/json"}, self.served(raw_path, board)


def _job(slug: str, company: int, index: int, now: datetime) -> dict:
    job_id = 4_000_000 + index  # the same ids at every company: keys must include the company
    return {
        "id": job_id,
        "title": f"{TITLES[(company + index) % len(TITLES)]} {index % 3 + 1}",
        "absolute_url": f"https://boards.greenhouse.io/{slug}/jobs/{job_id}",
        "location": {"name": PLACES[(company * 7 + index) % len(PLACES)]},
        "company_name": f"Company {company:03d}",
        "first_published": (now - timedelta(days=(company + index) % 20, hours=index)).isoformat(),
        "updated_at": now.isoformat(),
        "content": "&lt;p&gt;Python, Go, AWS and Kubernetes.&lt;/p&gt;",
        "departments": [{"name": "Engineering"}],
        "metadata": [],
    }


def company_list_config(source_url: str, slugs: list[str], **board) -> dict:
    """One Greenhouse company list (the stand-in at source_url) feeding one board, "all"."""
    return {
        "sources": [{"id": "ats", "type": "greenhouse", "base_url": source_url, "companies": slugs}],
        "boards": [
            {
                "id": "all",
                "title": "All Jobs",
                **board,
                "github": {"repo": "bench/all-jobs"},
                "sources": ["ats"],
                "filters": {"max_age_days": 30},
            }
        ],
    }


def run_cli(config: Path, out: Path) -> tuple[float, str, dict]:
    """Wall time, printed summary and `--report` figures of one `jobboard run --live`."""
    env = {**os.environ, "LOG_LEVEL": "WARNING"}
    env.pop("GITHUB_TOKEN", None)  # boards go to local git repositories under out/
    report = out.parent / "report.json"
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "jobboard_local.cli",
            "--config",
            str(config),
            "--out",
            str(out),
            "run",
            "--live",
            "--report",
            str(report),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"jobboard run failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return elapsed, done.stdout, json.loads(report.read_text(encoding="utf-8"))


def figure(pattern: str, text: str) -> int:
    match = re.search(pattern, text)
    return int(match.group(1)) if match else -1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=500)
    parser.add_argument("--postings", type=int, default=20)
    args = parser.parse_args()
    slugs = [f"company-{i:03d}" for i in range(args.companies)]
    now = datetime.now(timezone.utc)
    print(
        f"\n== Company lists: {args.companies} Greenhouse companies x {args.postings} postings, "
        f"`jobboard run --live` (CLI subprocess) against a generated stand-in",
        flush=True,
    )
    with (
        tempfile.TemporaryDirectory(prefix="jobboard-bench-companies-") as work,
        GreenhouseStandIn(slugs, args.postings, now) as server,
    ):
        config = Path(work) / "jobboard.yaml"
        config.write_text(
            yaml.safe_dump(company_list_config(server.url, slugs, theme="jobr")),
            encoding="utf-8",
        )
        out = Path(work) / "out"
        rows = []
        for label in ("first pass", "unchanged second pass"):
            before = server.requests
            elapsed, shown, report = run_cli(config, out)
            rows.append(
                (
                    label,
                    elapsed,
                    server.requests - before,
                    figure(r"postings written: (\d+)", shown),
                    figure(r"commits: (\d+)", shown),
                    figure(r"Stream: (\d+) record", shown),
                    shown,
                    report,
                )
            )
        print(f"  {'pass':<24} {'wall s':>7} {'requests':>9} {'writes':>7} {'stream':>7} {'commits':>8}  stage seconds")
        for label, elapsed, requests, writes, commits, stream, _, report in rows:
            stages = ", ".join(f"{k} {v:.1f}" for k, v in (report.get("seconds") or {}).items())
            print(f"  {label:<24} {elapsed:>7.1f} {requests:>9} {writes:>7} {stream:>7} {commits:>8}  {stages}")
        board_line = next((line for line in rows[0][6].splitlines() if line.strip().startswith("all ")), "")
        print(f"  board after the first pass: {board_line.strip()}")
        second = rows[1]
        ok = second[3] == 0 and second[4] == 0 and second[5] == 0
        print(
            f"  {'PASS' if ok else 'MISS'} unchanged second pass: {second[3]} writes, {second[4]} commits "
            f"(target 0 and 0)"
        )
        print(
            "  Locally the scrape function runs one batch at a time (no concurrency); the per-host pacing "
            "that spaces a real host's requests does not apply to the loopback stand-in."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
