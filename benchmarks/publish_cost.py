"""What a publish run costs per board, through the publish function as deployed (issue 8 item 3).

One snapshot is scraped and published; then, with nothing scraped in between, the publisher
runs as its schedule would (every 15 minutes) through the rest of that day and into the next,
one board per invocation so each board's cost stands alone: DynamoDB requests and the bytes
they read, GitHub requests (reads: GET; the rest write a commit).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from harness import BOARDS, Snapshot, bench_world, workspace
from pipeline import run_step

from jobboard_local.invoke import find_function, invoke
from jobboard_local.usage import Call, observe

TARGET_UNCHANGED_DYNAMODB = 1  # requests: the board version and the last publish's marks
TARGET_SMALL_READ_BYTES = 4096  # one read unit
TARGET_VERIFY_READS = 2  # GET ref, GET tree
TARGET_CHANGED = 5


@dataclass
class BoardRun:
    when: str
    board: str
    status: str
    dynamodb: int  # requests
    dynamodb_bytes: int  # response bodies
    github_reads: int
    github_writes: int

    @property
    def github(self) -> int:
        return self.github_reads + self.github_writes


class ResponseBytes:
    """Bytes of DynamoDB response bodies on the handlers' shared client."""

    def __init__(self, client):
        self.total = 0
        observe(client, self._add)

    def _add(self, call: Call) -> None:
        self.total += call.received_bytes


def publish_cost(snapshot: Snapshot, say=print) -> list[tuple[bool, str, str]]:
    from jobboard.store import dynamo

    start = datetime.fromisoformat(snapshot.commit_time).astimezone(timezone.utc)
    say(
        f"\n== Publish cost per board: {snapshot.name} scraped and published at {_iso(start)}, then the publisher "
        "every 15 minutes with nothing scraped, through the next day's first runs"
    )
    runs: list[BoardRun] = []
    with workspace() as workdir, bench_world(workdir) as bench:
        first = run_step(bench, "first publish", snapshot.text(), snapshot.listings, _iso(start))
        routes = list(bench.github.requests)  # the boards publish one after the other, in BOARDS order
        for board, (status, requests) in zip(BOARDS, first.board_requests):
            mine, routes = routes[:requests], routes[requests:]
            reads = sum(1 for route in mine if route.startswith("GET"))
            runs.append(BoardRun("first publish", str(board["id"]), status, 0, 0, reads, requests - reads))
        received = ResponseBytes(dynamo.client())
        next_day = datetime.combine(start.date() + timedelta(days=1), datetime.min.time(), tzinfo=timezone.utc)
        ticks = [start + timedelta(minutes=15 * n) for n in range(1, 97)]
        ticks = [t for t in ticks if t < next_day] + [next_day + timedelta(minutes=5), next_day + timedelta(minutes=20)]
        for when in ticks:
            bench.stack.extra_env["JOBBOARD_NOW"] = _iso(when)
            label = "next day" if when >= next_day else "same day"
            for board in BOARDS:
                before_requests, before_bytes = bench.dynamo.usage().requests, received.total
                bench.github.reset_requests()
                (outcome,) = invoke(bench.stack, find_function(bench.stack, "publish"), {"board_id": board["id"]})[
                    "boards"
                ]
                reads = sum(1 for route in bench.github.requests if route.startswith("GET"))
                runs.append(
                    BoardRun(
                        label,
                        str(board["id"]),
                        outcome["status"],
                        bench.dynamo.usage().requests - before_requests,
                        received.total - before_bytes,
                        reads,
                        bench.github.count() - reads,
                    )
                )
    return _report(runs, say)


def _report(runs: list[BoardRun], say) -> list[tuple[bool, str, str]]:
    say("  (first publish: DynamoDB not counted here, see the phases above)")
    say(
        f"  {'runs':<16} {'board':<18} {'status':<10} {'count':>5} {'ddb req max':>11} {'ddb bytes max':>13} "
        f"{'gh reads max':>12} {'gh writes max':>13}"
    )
    groups: dict[tuple[str, str, str], list[BoardRun]] = {}
    for run in runs:
        groups.setdefault((run.when, run.board, run.status), []).append(run)
    for (when, board, status), group in groups.items():
        say(
            f"  {when:<16} {board:<18} {status:<10} {len(group):>5} {max(r.dynamodb for r in group):>11} "
            f"{max(r.dynamodb_bytes for r in group):>13} {max(r.github_reads for r in group):>12} "
            f"{max(r.github_writes for r in group):>13}"
        )
    unchanged = [r for r in runs if r.status == "unchanged"]
    verifying = [r for r in runs if r.when == "next day" and r.status != "unchanged"]
    changed = [r for r in runs if r.status == "published"]
    worst = max(unchanged, key=lambda r: (r.dynamodb, r.dynamodb_bytes, r.github), default=None)
    return [
        (
            bool(unchanged)
            and all(
                r.dynamodb <= TARGET_UNCHANGED_DYNAMODB and r.dynamodb_bytes <= TARGET_SMALL_READ_BYTES
                for r in unchanged
            ),
            f"unchanged board: <= {TARGET_UNCHANGED_DYNAMODB} small DynamoDB read",
            f"max {worst.dynamodb if worst else '-'} request(s), {worst.dynamodb_bytes if worst else '-'} bytes "
            f"over {len(unchanged)} unchanged board runs",
        ),
        (
            bool(unchanged) and all(r.github == 0 for r in unchanged),
            "unchanged board: 0 GitHub requests",
            f"max {max((r.github for r in unchanged), default='-')} over {len(unchanged)} unchanged board runs",
        ),
        (
            len({r.board for r in verifying}) == len(verifying)
            and all(r.github_reads <= TARGET_VERIFY_READS for r in verifying),
            f"one verifying publish a day, reading <= {TARGET_VERIFY_READS} GitHub requests",
            f"{len(verifying)} for {len(BOARDS)} boards on the next day; reads max "
            f"{max((r.github_reads for r in verifying), default='-')} (+ a commit of the day's history point: writes max "
            f"{max((r.github_writes for r in verifying), default='-')})",
        ),
        (
            all(r.github <= TARGET_CHANGED for r in changed),
            f"changed publish <= {TARGET_CHANGED} GitHub requests",
            f"max {max((r.github for r in changed), default='-')} over {len(changed)} commits",
        ),
    ]


def _iso(when: datetime) -> str:
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
