"""On-demand refresh of one board, through the scrape queue: no request waits on a scrape.

1. `start_run` (POST /boards/{id}/refresh): records the run (units in total) and queues every
   enabled unit of the board's sources, the dispatcher's messages tagged with the run.
2. `RunTracker.unit_finished` (the scrape function, per message): counts the unit once, in one
   transaction with the unit's own item; the function that finishes the last unit claims the run
   (a conditional write: one claimant) and starts the publish function asynchronously.
3. `finish_run` (the publish function, {"board_id", "run_id"}): waits until the stats function
   has applied each unit's last write to the board, publishes it, records the outcome on the run.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from aws_lambda_powertools import Logger

from jobboard import deadline
from jobboard.config import BoardConfig, Config, SourceConfig
from jobboard.dispatch import ScrapeQueue, requests_for
from jobboard.scrape import ScrapeOutcome
from jobboard.store.boards import BoardsStore
from jobboard.store.runs import Run, RunsStore

if TYPE_CHECKING:  # the publish side (Jinja2, GitHub) is loaded by the publish function alone
    from jobboard.publish.base import Publisher
    from jobboard.publish.board import Lease, PublishOutcome

logger = Logger(child=True)

# At most this long for the stats to catch up with the run's last writes (then it publishes anyway).
SETTLE_TIMEOUT_SECONDS = 60.0


class NothingToRefresh(ValueError):
    """The board has no enabled unit to scrape."""


def board_units(board: BoardConfig, config: Config) -> list[SourceConfig]:
    """Every enabled unit of each of the board's sources (a company list: one per company)."""
    return [unit for source_id in board.sources for unit in config.source(source_id).units() if unit.enabled]


def new_run_id(now: datetime) -> str:
    """Sortable by start time, unique by its random tail."""
    return f"{now.strftime('%Y%m%dT%H%M%SZ')}-{uuid.uuid4().hex[:8]}"


def start_run(
    board: BoardConfig,
    config: Config,
    runs: RunsStore,
    queue: ScrapeQueue,
    now: datetime,
    *,
    force: bool = False,
    dry_run: bool = False,
) -> Run:
    """Record the run, then queue its units (recorded first: a fast scrape must find it)."""
    units = board_units(board, config)
    if not units:
        raise NothingToRefresh(f"board {board.id!r} has no enabled source to scrape")
    run = Run(board.id, new_run_id(now), total=len(units), left=len(units), force=force, dry_run=dry_run)
    runs.create(run, now)
    try:
        queue.send(requests_for(units, slot=f"refresh-{run.run_id}", run=(board.id, run.run_id)))
    except Exception as exc:
        runs.finish(board.id, run.run_id, {"status": "failed", "message": f"queueing the units failed: {exc}"}, now)
        raise
    logger.info("refresh run started", extra={"board": board.id, "run_id": run.run_id, "units": len(units)})
    return run


def settle_point(outcome: ScrapeOutcome, board_id: str) -> tuple[str, int] | None:
    """The unit's last write that touches the board: once the stats applied it, they applied the
    unit's earlier ones too (one unit is one postings partition, one stream shard, read in order)."""
    for key, rev, touched in reversed(outcome.writes):
        if board_id in touched:
            return key, rev
    return None


class RunTracker:
    """The scrape function's side of a run: count each finished unit; the last one starts the publish."""

    def __init__(self, runs: RunsStore, start_publish: Callable[[dict], None], clock: Callable[[], datetime]):
        self.runs, self.start_publish, self.clock = runs, start_publish, clock

    def unit_finished(
        self, board_id: str, run_id: str, unit_id: str, outcome: ScrapeOutcome | None, *, failed: bool = False
    ) -> None:
        """`outcome` None: the unit could not be scraped at all (its message goes to the dead-letter queue)."""
        failed = failed or outcome is None or outcome.failed
        settle = settle_point(outcome, board_id) if outcome is not None else None
        now = self.clock()
        if not self.runs.count_unit(board_id, run_id, unit_id, failed=failed, settle=settle, now=now):
            logger.info("unit already counted (or run unknown)", extra={"run_id": run_id, "source": unit_id})
        # Tried even when already counted: a redelivered last unit starts a publish that failed to start.
        run = self.runs.claim_publish(board_id, run_id, now)
        if run is None:
            return
        try:
            self.start_publish({"board_id": board_id, "run_id": run_id, "force": run.force, "dry_run": run.dry_run})
        except Exception:
            self.runs.unclaim_publish(board_id, run_id)
            raise
        logger.info("refresh run scraped; publish started", extra={"board": board_id, "run_id": run_id})


def wait_for_stats(
    board_id: str,
    pending: dict[str, int],
    boards: BoardsStore,
    timeout: float,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> bool:
    """True once the stats function has applied each posting's write (posting key -> rev) to the board."""
    deadline_at = clock() + timeout
    while pending:
        markers = boards.markers([(board_id, key) for key in sorted(pending)])
        pending = {
            key: rev
            for key, rev in pending.items()
            if (board_id, key) not in markers or markers[(board_id, key)].rev < rev
        }
        if not pending:
            break
        if clock() >= deadline_at:
            return False
        sleep(0.5)
    return True


def finish_run(
    board: BoardConfig,
    run_id: str,
    config: Config,
    boards: BoardsStore,
    runs: RunsStore,
    publisher: Publisher | Callable[[], Publisher],
    now: datetime,
    *,
    force: bool = False,
    dry_run: bool = False,
    lease: Lease | None = None,
) -> PublishOutcome:
    """Wait for the stats to settle (at most half the time left), publish, record the outcome on the run."""
    from jobboard.publish.run import log_outcomes, publish_boards

    if runs.get(board.id, run_id) is None:
        raise ValueError(f"no refresh run {run_id!r} of board {board.id!r}")
    left = deadline.seconds_left()
    timeout = SETTLE_TIMEOUT_SECONDS if left is None else min(SETTLE_TIMEOUT_SECONDS, left / 2)
    settled = wait_for_stats(board.id, runs.settle_points(board.id, run_id), boards, timeout)
    if not settled:
        logger.warning("stats not settled in time; publishing what is applied", extra={"board": board.id})
    # Holding the board's lease: a scheduled publish of this board finishes first, never interleaves.
    (outcome,) = publish_boards([board], config, boards, publisher, now, force=force, dry_run=dry_run, lease=lease)
    log_outcomes([outcome])
    report = {k: v for k, v in outcome.to_dict().items() if k in ("status", "jobs", "message", "commit", "url")}
    runs.finish(board.id, run_id, {**report, "stats_settled": settled}, now)
    return outcome
