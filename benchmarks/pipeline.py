"""Whole passes through the handlers as deployed: scrape -> stream -> stats -> publish, one snapshot each."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field

from harness import SOURCE_ID, Bench, peak_rss_mb

from jobboard_local.invoke import find_function, invoke


@dataclass
class StepRow:
    label: str
    listings: int  # raw entries served
    repeat: bool = False  # the previous step's snapshot again, at the same time: nothing may change
    seen: int = 0  # normalised postings
    new: int = 0
    changed: int = 0
    closed: int = 0
    scrape_requests: int = 0  # DynamoDB calls made by the scrape function
    items_written: int = 0  # by all three functions
    stream_records: int = 0
    stats_requests: list[int] = field(default_factory=list)  # DynamoDB calls per stats invocation (batch)
    github_requests: int = 0
    commits: int = 0
    board_requests: list[tuple[str, int]] = field(default_factory=list)  # (publish status, GitHub requests) per board
    scrape_s: float = 0.0
    stats_s: float = 0.0
    publish_s: float = 0.0
    dynamodb_s: float = 0.0  # of the stages' time, inside DynamoDB calls (request, server's work, parsing)
    rss_mb: float = 0.0

    @property
    def changes(self) -> int:
        return self.new + self.changed + self.closed

    @property
    def total_s(self) -> float:
        return self.scrape_s + self.stats_s + self.publish_s

    @property
    def scrape_budget(self) -> float:
        """The target: at most N/100 + k + 5 DynamoDB requests for N postings with k changes."""
        return self.seen / 100 + self.changes + 5


def run_step(bench: Bench, label: str, body: str, listings: int, now: str, repeat: bool = False) -> StepRow:
    """Serve `body` as the source, pin the clock at `now`, and run one full pass."""
    stack, counter = bench.stack, bench.dynamo
    bench.serve(body)
    stack.extra_env["JOBBOARD_NOW"] = now
    row = StepRow(label=label, listings=listings, repeat=repeat)
    step_start = counter.usage()

    started = time.perf_counter()
    outcome = invoke(stack, find_function(stack, "scrape"), {"source_id": SOURCE_ID})
    row.scrape_s = time.perf_counter() - started
    row.scrape_requests = (counter.usage() - step_start).requests
    if outcome.get("status") != "ok":
        raise RuntimeError(f"{label}: scrape {outcome.get('status')}: {outcome.get('error')}")
    row.seen, row.new, row.changed, row.closed = (outcome[k] for k in ("seen", "new", "changed", "closed"))

    stats = find_function(stack, "stats")

    def deliver(batch, _context):
        before = counter.usage()
        response = invoke(stack, stats, batch)
        row.stats_requests.append((counter.usage() - before).requests)
        return response

    pump, started = stack.stream_pump, time.perf_counter()
    read_before = pump.records_read
    pump.drain(deliver)
    row.stats_s = time.perf_counter() - started
    row.stream_records = pump.records_read - read_before

    bench.github.reset_requests()
    started = time.perf_counter()
    boards = invoke(stack, find_function(stack, "publish"), {})["boards"]
    row.publish_s = time.perf_counter() - started
    row.github_requests = bench.github.count()
    row.commits = sum(1 for b in boards if b["status"] == "published")
    row.board_requests = [(b["status"], b["github_requests"]) for b in boards]
    used = counter.usage() - step_start
    row.items_written, row.dynamodb_s = used.items_written, used.seconds
    row.rss_mb = peak_rss_mb()
    return row


HEADER = (
    f"{'step':<26} {'listings':>8} {'seen':>5} {'new':>5} {'chg':>4} {'closed':>6} "
    f"{'ddb req':>7} {'items':>6} {'stream':>6} {'stats req max/mean':>18} {'gh req':>6} {'commits':>7} "
    f"{'scrape s':>8} {'stats s':>7} {'pub s':>6} {'ddb s':>6} {'rss MB':>6}"
)


LEGEND = """\
  listings: raw entries served; seen/new/chg/closed: the scrape's outcome (normalised postings)
  ddb req: the scrape function's DynamoDB requests; items: items written by all three functions
  stream: records delivered to the stats function; stats req: its DynamoDB requests per batch (max/mean, batches)
  gh req, commits: the publish function's GitHub API requests and commits (all boards)
  scrape/stats/pub s: wall time per stage; ddb s: of that, time inside DynamoDB calls; rss MB: peak so far"""


def format_row(row: StepRow) -> str:
    batches = row.stats_requests
    per_batch = f"{max(batches)}/{statistics.mean(batches):.1f} ({len(batches)}b)" if batches else "-"
    return (
        f"{row.label:<26} {row.listings:>8} {row.seen:>5} {row.new:>5} {row.changed:>4} {row.closed:>6} "
        f"{row.scrape_requests:>7} {row.items_written:>6} {row.stream_records:>6} {per_batch:>18} "
        f"{row.github_requests:>6} {row.commits:>7} {row.scrape_s:>8.2f} {row.stats_s:>7.2f} "
        f"{row.publish_s:>6.2f} {row.dynamodb_s:>6.2f} {row.rss_mb:>6.0f}"
    )
