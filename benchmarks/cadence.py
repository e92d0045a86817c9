"""`make bench`, publish cadence: 1,000 Greenhouse companies feeding the 4 default boards for a day.

What a board's watchers and its repository see over a simulated day: commits per board (the most
in one hour, the day's total), commits caused by postings ageing out alone, and the bytes each
board's publishes upload to GitHub.

The shape: one `companies:` entry of 1,000 Greenhouse companies (20 postings each, `rate(6 hours)`
as the shipped sources) feeding the 4 boards of the shipped jobboard.yaml (their filters, themes
and max_age_days). A stand-in generated here answers every company on 127.0.0.1 from a moving
clock: each posting slot is filled for 8 to 40 days, then replaced by a new posting, so about 5%
of the postings turn over a day and postings age out of the boards all day long.

How it runs: the `jobboard` CLI's local stack (`jobboard_local.environment.local_session`, as `jobboard
run --live` and `jobboard serve` use it: embedded moto with its stand-in patches, the template's
queues and tables, the real handlers invoked as Lambda would) with GITHUB_TOKEN pointing the
publisher at the GitHub stand-in, so commits go through the Git Data API requests a deployed
stack sends. The clock (JOBBOARD_NOW) moves in 5-minute ticks over 25 hours: the dispatcher fires
every tick (queueing what is due), the scrape queue and the stream are drained, and the publish
function fires every 15 minutes, as template.yaml schedules them. The first hour settles the
boards (a first full pass and its publish, then the schedule); the figures are for the 24 hours after.

A commit is counted as caused by ageing out alone when no stream record since the board's last
commit changed what it shows other than by dropping a posting past its max_age_days (what the
stats function receives, read by the bench); the first commit of a UTC day is counted apart (the
daily publish). Bytes uploaded: the request bodies of the board's POST/PUT/PATCH requests.

Usage: python benchmarks/cadence.py [--companies 1000] [--postings 20] [--hours 24]
(`PYTHONPATH=<another checkout>/layers/jobboard:<it>/tools` measures that checkout's code: the "before").
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

import companies
import yaml

from jobboard.store import dynamo
from jobboard_local.environment import local_session
from jobboard_local.github_standin import GitHubStandin
from jobboard_local.invoke import find_function, invoke
from jobboard_local.loopback import LoopbackServer

REPO = Path(__file__).resolve().parents[1]
TOKEN = "ghp_cadenceBench"
TITLES = [*companies.TITLES, "Full Stack Developer", "DevOps Engineer"]
PLACES = companies.PLACES
DAY = timedelta(days=1)
TICK = timedelta(minutes=5)  # the dispatcher's schedule
PUBLISH_EVERY = timedelta(minutes=15)  # the publisher's schedule
SETTLE = timedelta(hours=1)
# The code before publish_interval (commit 75e0746), this bench at 1,000 companies, its first 8
# simulated hours (a whole day did not finish on the shared development machine).
BEFORE = (
    "most commits in one hour 4 (frontend, remote: every publish), 3 devops, 1 backend; a day ~80 frontend, "
    "~68 remote, ~40 devops, ~12 backend, all but one a day caused by ageing out alone; ~700 MB uploaded a day "
    "by the 4 boards"
)
LIFETIMES = (8, 40)  # days a posting slot keeps one posting: mean turnover ln(40/8)/32 = 5.0% a day


def _unit(*parts) -> float:
    """A stable number in [0, 1) for these parts."""
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


class MovingGreenhouse(LoopbackServer):
    """Every company's board at the bench's clock: slot j of company c holds posting generation g
    from `origin + g * lifetime - phase`, for `lifetime` days (fixed per slot)."""

    def __init__(self, companies: list[str], postings: int, origin: datetime):
        self.companies, self.postings, self.origin = companies, postings, origin
        self.now = origin
        self.requests = 0
        self._lock = threading.Lock()
        self._slots = {
            (c, j): (
                timedelta(days=LIFETIMES[0] + (LIFETIMES[1] - LIFETIMES[0]) * _unit("life", c, j)),
                _unit("phase", c, j),
            )
            for c in range(len(companies))
            for j in range(postings)
        }
        self._index = {slug: c for c, slug in enumerate(companies)}

    def jobs(self, company: int, now: datetime) -> list[dict]:
        slug = self.companies[company]
        jobs = []
        for j in range(self.postings):
            lifetime, phase = self._slots[(company, j)]
            age = now - self.origin + phase * lifetime
            generation = int(age / lifetime)
            posted = now - (age - generation * lifetime)
            job_id = 5_000_000 + (j * 10_000) + generation
            jobs.append(
                {
                    "id": job_id,
                    "title": f"{TITLES[int(_unit('title', company, j, generation) * len(TITLES))]} {j % 3 + 1}",
                    "absolute_url": f"https://boards.greenhouse.io/{slug}/jobs/{job_id}",
                    "location": {"name": PLACES[int(_unit("place", company, j, generation) * len(PLACES))]},
                    "company_name": f"Company {company:04d}",
                    "first_published": posted.isoformat(),
                    "updated_at": posted.isoformat(),
                    "content": "&lt;p&gt;Python, Go, AWS and Kubernetes.&lt;/p&gt;",
                    "departments": [{"name": "Engineering"}],
                    "metadata": [],
                }
            )
        return jobs

    def answer(self, method, raw_path, headers, body):
        with self._lock:
            self.requests += 1
        match = re.fullmatch(r"/v1/boards/([^/?]+)/jobs(\?.*)?", raw_path)
        company = self._index.get(match.group(1)) if match else None
        if company is None:
            return 404, {"Content-Type": "application/json"}, b'{"status": 404}'
        jobs = self.jobs(company, self.now)
        return (
            200,
            {"Content-Type": "application/json"},
            json.dumps({"jobs": jobs, "meta": {"total": len(jobs)}}).encode(),
        )


class MeteredGitHub(GitHubStandin):
    """The GitHub stand-in, counting each repository's uploaded bytes (write requests' bodies)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.uploaded_by_repo: Counter = Counter()
        self.jobs_json_by_repo: Counter = Counter()  # of which jobs.json's content

    def answer(self, method, raw_path, headers, body):
        match = re.match(r"^/repos/([^/]+/[^/]+)(/git/trees)?", raw_path)
        if match and method in ("POST", "PUT", "PATCH"):
            self.uploaded_by_repo[match.group(1)] += len(body or b"")
            if match.group(2) and method == "POST":
                entries = json.loads(body or b"{}").get("tree") or []
                self.jobs_json_by_repo[match.group(1)] += sum(
                    len(str(e.get("content", "")).encode()) for e in entries if str(e.get("path")).endswith("jobs.json")
                )
        return super().answer(method, raw_path, headers, body)


def bench_config(server_url: str, slugs: list[str]) -> dict:
    """The shipped boards (filters, themes, max_age_days), fed by one 1,000-company entry."""
    shipped = yaml.safe_load((REPO / "jobboard.yaml").read_text(encoding="utf-8"))
    boards = []
    for board in shipped["boards"]:
        # publish_interval as the default (1 hour), left out so that older code (the "before") reads the file.
        settings = {k: v for k, v in board.items() if k != "publish_interval"}
        boards.append({**settings, "sources": ["ats"], "github": {"repo": f"bench/{board['id']}"}})
    source = {"id": "ats", "type": "greenhouse", "base_url": server_url, "companies": slugs}
    return {"sources": [{**source, "schedule": "rate(6 hours)"}], "boards": boards}


class StreamJudge:
    """Reads the stream records the stats function gets: per board, whether anything it shows
    changed other than a posting leaving it past its max_age_days."""

    def __init__(self, max_age: dict[str, int]):
        self.max_age = max_age
        self.changed: set[str] = set()  # boards with a change since their last commit

    def read(self, records: list[dict], now: datetime) -> None:
        for record in records:
            body = record.get("dynamodb", {})
            new = dynamo.from_dynamo(body["NewImage"]) if body.get("NewImage") else None
            old = dynamo.from_dynamo(body["OldImage"]) if body.get("OldImage") else None
            if new is None or (old is not None and old.get("rev") == new.get("rev")):
                continue  # a TTL delete, or bookkeeping (a miss counted)
            now_on, was_on = set(new.get("boards") or ()), set((old or {}).get("boards") or ())
            posted = datetime.fromisoformat(str(new["posted_at"]).replace("Z", "+00:00"))
            for board in now_on | was_on:
                aged = now - posted > timedelta(days=self.max_age[board])
                if board in now_on or not aged:
                    self.changed.add(board)


def simulate(companies: int, postings: int, hours: int, say=print, progress: bool = False) -> dict:
    slugs = [f"company-{i:04d}" for i in range(companies)]
    day_start = datetime(2026, 1, 15, tzinfo=timezone.utc)
    start = day_start - SETTLE
    end = day_start + timedelta(hours=hours)
    env_before = dict(os.environ)
    with (
        tempfile.TemporaryDirectory(prefix="jobboard-bench-cadence-") as work,
        MovingGreenhouse(slugs, postings, start - timedelta(days=60)) as source,
        MeteredGitHub(token=TOKEN, auto_create=True) as github,
    ):
        config_path = Path(work) / "jobboard.yaml"
        config = bench_config(source.url, slugs)
        config_path.write_text(yaml.safe_dump(config), encoding="utf-8")
        max_age = {b["id"]: int(b.get("filters", {}).get("max_age_days", 30)) for b in config["boards"]}
        repos = {f"bench/{b['id']}": b["id"] for b in config["boards"]}
        os.environ.update({"GITHUB_TOKEN": TOKEN, "GITHUB_API_URL": github.api_url, "LOG_LEVEL": "ERROR"})
        judge = StreamJudge(max_age)
        commits: dict[str, list[tuple[datetime, str]]] = defaultdict(list)  # board -> (time, cause)
        statuses: Counter = Counter()
        uploaded: Counter = Counter()
        uploaded_jobs_json: Counter = Counter()
        seconds: dict[str, float] = defaultdict(float)
        last_day: dict[str, object] = {}
        try:
            with local_session(config_path, Path(work) / "out", live=True, say=lambda *a, **k: None) as stack:
                dispatch, scrape = find_function(stack, "dispatch"), find_function(stack, "scrape")
                stats, publish = find_function(stack, "stats"), find_function(stack, "publish")
                now = start
                while now < end:
                    os.environ["JOBBOARD_NOW"] = now.strftime("%Y-%m-%dT%H:%M:%SZ")
                    source.now = now
                    counted = now >= day_start
                    started = time.perf_counter()
                    event = {"all": True} if now == start else {"scheduled_time": os.environ["JOBBOARD_NOW"]}
                    invoke(stack, dispatch, event)
                    stack.drain_queue(scrape)
                    seconds["scrape"] += time.perf_counter() - started
                    started = time.perf_counter()

                    def stats_batch(batch, _ctx, at=now):
                        judge.read(batch["Records"], at)
                        return invoke(stack, stats, batch)

                    stack.stream_pump.drain(stats_batch)
                    seconds["stats"] += time.perf_counter() - started
                    if (now - start) % PUBLISH_EVERY == timedelta(0):
                        started = time.perf_counter()
                        before = Counter(github.uploaded_by_repo)
                        before_jobs_json = Counter(github.jobs_json_by_repo)
                        try:
                            outcomes = invoke(stack, publish, {})["boards"]
                        except Exception as exc:  # noqa: BLE001 — a held or failed board is reported, the day goes on
                            outcomes = getattr(exc, "outcomes", [])
                            say(f"  {now:%H:%M} publish: {exc}")
                        seconds["publish"] += time.perf_counter() - started
                        for outcome in outcomes:
                            board = outcome["board"]
                            if counted:
                                statuses[outcome["status"]] += 1
                            if outcome["status"] != "published":
                                continue
                            if board in judge.changed:
                                cause = "changes"
                            elif last_day.get(board) != now.date():
                                cause = "daily"
                            else:
                                cause = "age-out"
                            judge.changed.discard(board)
                            last_day[board] = now.date()
                            if counted:
                                commits[board].append((now, cause))
                        if counted:
                            for repo, board in repos.items():
                                uploaded[board] += github.uploaded_by_repo[repo] - before[repo]
                                uploaded_jobs_json[board] += github.jobs_json_by_repo[repo] - before_jobs_json[repo]
                    now += TICK
                    if progress and counted and (now - day_start) % timedelta(hours=1) == timedelta(0):
                        say(
                            f"    {now - timedelta(hours=1):%H:%M}-{now:%H:%M}: commits so far "
                            + ", ".join(f"{b} {len(commits[b])}" for b in sorted(repos.values()))
                            + f"; MB uploaded so far {sum(uploaded.values()) / 1e6:.1f}",
                            flush=True,
                        )
                stack.unchanged = True  # nothing to save: the bench's tables die with it
        finally:
            os.environ.clear()
            os.environ.update(env_before)
        return {
            "boards": sorted(repos.values()),
            "commits": commits,
            "uploaded": uploaded,
            "uploaded_jobs_json": uploaded_jobs_json,
            "statuses": statuses,
            "seconds": seconds,
            "source_requests": source.requests,
            "hours": hours,
        }


def summary(result: dict) -> dict[str, dict]:
    """Per board: most commits in one UTC hour, commits in the day, by cause, bytes uploaded."""
    rows = {}
    for board in result["boards"]:
        commits = result["commits"].get(board, [])
        per_hour = Counter(at.replace(minute=0) for at, _ in commits)
        causes = Counter(cause for _, cause in commits)
        gaps = [b - a for (a, _), (b, _) in zip(commits, commits[1:])]
        rows[board] = {
            "max_per_hour": max(per_hour.values(), default=0),
            "per_day": len(commits),
            "changes": causes["changes"],
            "daily": causes["daily"],
            "age_out": causes["age-out"],
            "min_gap_minutes": min(gaps).total_seconds() / 60 if gaps else None,
            "uploaded_mb": result["uploaded"][board] / 1e6,
            "jobs_json_mb": result["uploaded_jobs_json"][board] / 1e6,
        }
    return rows


def print_rows(label: str, rows: dict[str, dict], say=print) -> None:
    say(f"  {label}")
    say(
        f"    {'board':<10} {'max/hour':>8} {'per day':>8} {'changes':>8} {'daily':>6} {'age-out alone':>14} "
        f"{'min gap':>8} {'MB uploaded/day':>16} {'of which jobs.json':>19}"
    )
    for board, row in rows.items():
        gap = "-" if row["min_gap_minutes"] is None else f"{row['min_gap_minutes']:.0f} m"
        say(
            f"    {board:<10} {row['max_per_hour']:>8} {row['per_day']:>8} {row['changes']:>8} {row['daily']:>6} "
            f"{row['age_out']:>14} {gap:>8} {row['uploaded_mb']:>16.2f} {row['jobs_json_mb']:>19.2f}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=1000)
    parser.add_argument("--postings", type=int, default=20)
    parser.add_argument("--hours", type=int, default=24)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--progress", action="store_true", help="a line per simulated hour")
    args = parser.parse_args()
    print(
        f"\n== Publish cadence: {args.companies} Greenhouse companies x {args.postings} postings -> the 4 default "
        f"boards, a simulated {args.hours} h (5-minute dispatcher ticks, publishes every 15 minutes, ~5% turnover a day)",
        flush=True,
    )
    started = time.perf_counter()
    result = simulate(args.companies, args.postings, args.hours, progress=args.progress)
    rows = summary(result)
    print(f"  before: {BEFORE}")
    print_rows("after: commits and uploads per board", rows)
    statuses = ", ".join(f"{n} {status}" for status, n in sorted(result["statuses"].items()))
    print(f"    publish outcomes (4 boards x {args.hours * 4} runs): {statuses}")
    print(
        "    wall "
        + f"{time.perf_counter() - started:.0f} s ("
        + ", ".join(f"{k} {v:.0f} s" for k, v in result["seconds"].items())
        + f"); requests to the source: {result['source_requests']}"
    )
    worst_hour = max(row["max_per_hour"] for row in rows.values())
    age_out = max(row["age_out"] for row in rows.values())
    daily = max(row["daily"] + row["age_out"] for row in rows.values())
    print(f"  {'PASS' if worst_hour <= 1 else 'MISS'} at most one commit per board per hour: worst {worst_hour}")
    print(
        f"  {'PASS' if age_out == 0 and daily <= 1 else 'MISS'} age-outs alone commit once a day: "
        f"{age_out} age-out commits besides the daily publish (most of a board), daily + age-out at most {daily}"
    )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
