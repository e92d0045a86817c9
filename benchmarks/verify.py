"""`make bench`: the link verifier (VerifyFunction) at 6,000 shown postings, through the same local
stack `jobboard run` uses (the function invoked as deployed, moto as `jobboard moto-server`).

The postings: a real SimplifyJobs snapshot (../shared/data, or $JOBBOARD_SHARED_DATA), every
listing open, on one board. Their apply links (623 hosts, and the ATS APIs the checker asks) are
answered by a loopback stand-in through verify.host_overrides: an ATS API answers the job, a page
is a plain job page, and one link in 20 is gone (404). Nothing is resolved but loopback.

Figures: a full pass (`jobboard verify`: every link) for wall time, requests per host and DynamoDB
requests, with host pacing off for this pass only (paced, 1 request a second per host, it would take
as many seconds as its busiest host has requests: printed); the same pass again (nothing due: 0
requests); then one hourly run as deployed (one slot of the interval, paced by the real host as
deployed) for its wall time, requests per host and peak Python memory.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import tracemalloc
from collections import Counter
from datetime import timedelta
from urllib.parse import urlsplit

os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("POWERTOOLS_LOG_LEVEL", os.environ["LOG_LEVEL"])
os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")

import yaml  # noqa: E402
from harness import LISTINGS_PATH, all_open, dynamodb_endpoint, listings_recording, snapshots, workspace  # noqa: E402

from jobboard import http  # noqa: E402
from jobboard.config import load_config  # noqa: E402
from jobboard.model import parse_utc  # noqa: E402
from jobboard.store import dynamo  # noqa: E402
from jobboard.verify.run import interval_start  # noqa: E402
from jobboard_local.environment import local_session  # noqa: E402
from jobboard_local.link_sample import offline_fetcher  # noqa: E402
from jobboard_local.loopback import LoopbackServer  # noqa: E402
from jobboard_local.recorded import RecordedSourceServer  # noqa: E402
from jobboard_local.run import run_pass, verify_stage  # noqa: E402
from jobboard_local.usage import DynamoCounter, observe  # noqa: E402

SNAPSHOT = "daily-2024-10-24"  # 6,000 listings
ATS_APIS = (
    "boards-api.greenhouse.io",
    "api.lever.co",
    "api.eu.lever.co",
    "api.ashbyhq.com",
    "api.smartrecruiters.com",
    "apply.workable.com",
)
TARGET_FULL_PASS_S = 120.0  # 6,000 links, local stand-ins, unpaced: the verifier's own work
TARGET_HOURLY_RUN_S = 300.0  # paced; VerifyFunction's timeout is 900 s
TARGET_HOURLY_PEAK_MB = 100.0  # VerifyFunction has 256 MB


def say(text: str = "") -> None:
    print(text, flush=True)


class AnyLink(LoopbackServer):
    """Every host's links: /<host>/<path>. An API path answers JSON, a page HTML; one link in 20 is gone."""

    def __init__(self) -> None:
        self.by_host: Counter = Counter()

    def answer(self, method: str, raw_path: str, headers, body: bytes = b"") -> tuple[int, dict, bytes]:
        host, _, path = raw_path.lstrip("/").partition("/")
        self.by_host[host] += 1
        gone = int(hashlib.blake2b(path.encode(), digest_size=2).hexdigest(), 16) % 20 == 0
        if gone:
            return 404, {"Content-Type": "text/html"}, b"<html><title>Not found</title>Page not found</html>"
        if "json" in (headers.get("Accept") or ""):
            # a per-job API names its job by the path's last segment (Greenhouse, Lever, SmartRecruiters)
            job_id = path.partition("?")[0].rstrip("/").rpartition("/")[2]
            return 200, {"Content-Type": "application/json"}, json.dumps({"id": job_id, "title": "Intern"}).encode()
        page = "<html><head><title>Software Engineering Intern</title></head><body><h1>Intern</h1><a>Apply</a></body></html>"
        return 200, {"Content-Type": "text/html; charset=utf-8"}, page.encode()


def main() -> int:
    found = [s for s in snapshots("simplify-summer2025") if s.name == SNAPSHOT]
    if not found:
        say("verify bench skipped: the SimplifyJobs snapshots are not there (../shared/data or $JOBBOARD_SHARED_DATA)")
        return 0
    snapshot = found[0]
    # Every listing open, and none older than the board's year (1,796 are): all 6,000 shown.
    oldest = int((parse_utc(snapshot.commit_time) - timedelta(days=360)).timestamp())
    entries = [
        {**e, "date_posted": max(int(e.get("date_posted") or oldest), oldest)} if isinstance(e, dict) else e
        for e in all_open(snapshot.entries())
    ]
    hosts = {host for e in entries if isinstance(e, dict) and (host := urlsplit(e.get("url") or "").hostname)}
    say(f"\n== Link verifier: {SNAPSHOT} ({len(entries):,} listings, all open), {len(hosts)} hosts ==")
    with (
        workspace() as workdir,
        dynamodb_endpoint() as (endpoint, _pid),
        RecordedSourceServer() as sources,
        AnyLink() as pages,
    ):
        os.environ["AWS_ENDPOINT_URL"] = endpoint
        sources.add("simplify", listings_recording(json.dumps(entries)))
        config = {
            "sources": [
                {
                    "id": "simplify-new-grad",
                    "type": "simplify",
                    "url": LISTINGS_PATH,
                    "base_url": sources.base_url("simplify"),
                }
            ],
            "boards": [
                {
                    "id": "all",
                    "title": "Internships",
                    "github": {"repo": "bench/all"},
                    "sources": ["simplify-new-grad"],
                    "filters": {"max_age_days": 365},
                }
            ],
            "verify": {"enabled": False},
        }
        config_path = workdir / "jobboard.verify.yaml"
        config_path.write_text(yaml.safe_dump(config), encoding="utf-8")
        os.environ["JOBBOARD_NOW"] = snapshot.commit_time
        with (
            local_session(config_path, workdir / "out", live=True, say=lambda *a, **k: None) as stack,
            offline_fetcher(paced=True),
        ):
            loaded = run_pass(stack, load_config(config_path), say=lambda *a, **k: None, dry_run=True)
            shown = sum(b["jobs"] for b in loaded.boards)
            overrides = {host: f"{pages.url}/{host}" for host in sorted(hosts | set(ATS_APIS))}
            config["verify"] = {"host_overrides": overrides, "allow_loopback": True}
            config_path.write_text(yaml.safe_dump(config), encoding="utf-8")
            say(f"shown postings: {shown:,} (scraped and counted first, not measured here)")

            pacing = http.PACER.interval
            http.PACER.interval = 0.0  # this pass unpaced (its paced length is printed from its hosts)
            full = _measured(stack, {"all": True})
            _report("full pass (jobboard verify), unpaced", full)
            busiest = max(full["outcome"]["requests_by_host"].items(), key=lambda item: item[1])
            say(
                f"  paced at 1 request/s per host it takes about {busiest[1]:,} s ({busiest[0]}); deployed, the "
                "interval's 24 hourly runs share it"
            )
            again = _measured(stack, {"all": True})
            _report("same pass again (within the interval)", again)
            say(
                f"  unchanged second pass: {again['outcome']['requests']} requests {_mark(again['outcome']['requests'] == 0)}"
            )

            http.PACER.interval = pacing  # the hourly run paced, as deployed
            start = interval_start(parse_utc(snapshot.commit_time), timedelta(hours=24))
            os.environ["JOBBOARD_NOW"] = (start + timedelta(days=1, minutes=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
            tracemalloc.start()
            hourly = _measured(stack, {})
            peak_mb = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
            _report("one hourly run as deployed (slot 0 of the next day), paced 1 request a second per host", hourly)
            per_host = hourly["outcome"]["requests_by_host"]
            top = max(per_host.values(), default=0)
            full_top = busiest[1]
            say(
                f"  busiest host this run: {top} requests (its day: {full_top:,}; a 24th is {full_top / 24:.0f}) · "
                f"wall {hourly['seconds']:.1f} s (target < {TARGET_HOURLY_RUN_S:.0f} s) {_mark(hourly['seconds'] < TARGET_HOURLY_RUN_S)} · "
                f"Python heap peak {peak_mb:.0f} MB (target < {TARGET_HOURLY_PEAK_MB:.0f} MB) {_mark(peak_mb < TARGET_HOURLY_PEAK_MB)}"
            )
            say(
                f"full pass wall {full['seconds']:.1f} s (target < {TARGET_FULL_PASS_S:.0f} s) {_mark(full['seconds'] < TARGET_FULL_PASS_S)}"
            )
    return 0


def _measured(stack, event: dict) -> dict:
    counter = DynamoCounter()
    counter.attach(dynamo.client())
    read: Counter = Counter()

    def reads(call) -> None:  # what Queries bring back: read units are billed by size (4 KB, halved)
        if call.operation == "Query":
            read["bytes"] += call.received_bytes

    stop = observe(dynamo.client(), reads)
    started = time.perf_counter()
    try:
        outcome = verify_stage(stack, event, say=lambda *a, **k: None)
    finally:
        counter.detach()
        stop()
    used = counter.usage()
    return {
        "outcome": outcome,
        "seconds": time.perf_counter() - started,
        "requests": used.requests,
        "written": used.items_written,
        "read_kb": read["bytes"] / 1024,
    }


def _report(label: str, measured: dict) -> None:
    o = measured["outcome"]
    hosts = sorted(o["requests_by_host"].items(), key=lambda item: -item[1])
    say(f"\n{label}: {measured['seconds']:.1f} s")
    say(
        f"  links: {o['shown']:,} shown, {o['due']:,} due, {o['checked']:,} checked: {o['open']:,} open, {o['closed']:,} closed, "
        f"{o['unknown']:,} unknown; {o['postings_closed']} postings closed; {o['left']} left for the next run"
    )
    say(
        f"  HTTP requests: {o['requests']:,} to {len(hosts)} hosts; most: "
        + ", ".join(f"{h} {n}" for h, n in hosts[:6])
    )
    say(
        f"  DynamoDB: {measured['requests']} requests, {measured['written']} items written ({o['slots_written']} record "
        f"slots; the rest is the stats function on the closings); Queries returned {measured['read_kb']:,.0f} KB "
        f"(about {measured['read_kb'] / 8:,.0f} read units, eventually consistent)"
    )


def _mark(ok: bool) -> str:
    return "PASS" if ok else "MISS"


if __name__ == "__main__":
    raise SystemExit(main())
