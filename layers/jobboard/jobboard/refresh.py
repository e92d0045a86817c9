"""On-demand refresh of one board: scrape its sources, wait for the stats, publish."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from datetime import datetime

from jobboard import deadline
from jobboard.config import BoardConfig, Config
from jobboard.consume import scrape_unit
from jobboard.publish.base import Publisher
from jobboard.publish.board import Lease
from jobboard.publish.run import emit_metrics, publish_boards
from jobboard.scrape import ScrapeFailed, ScrapeOutcome, record_outcome
from jobboard.store.boards import BoardsStore
from jobboard.store.postings import PostingsStore


def wait_for_stats(
    board_id: str,
    outcomes: list[ScrapeOutcome],
    boards: BoardsStore,
    timeout: float,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> bool:
    """True once the stats function has applied every write that touches the board."""
    pending = {key: rev for o in outcomes for key, rev, touched in o.writes if board_id in touched}
    deadline = clock() + timeout
    while pending:
        markers = boards.markers([(board_id, key) for key in sorted(pending)])
        pending = {
            key: rev
            for key, rev in pending.items()
            if (board_id, key) not in markers or markers[(board_id, key)].rev < rev
        }
        if not pending:
            break
        if clock() >= deadline:
            return False
        sleep(0.5)
    return True


def refresh_board(
    board: BoardConfig,
    config: Config,
    postings: PostingsStore,
    boards: BoardsStore,
    publisher: Publisher,
    now: datetime,
    settle_timeout: float = 20.0,
    *,
    force: bool = False,
    dry_run: bool = False,
    lease: Lease | None = None,
) -> dict:
    """A failed source keeps its stored jobs and the board is still published from them."""
    outcomes = [
        scrape_unit(unit, config, postings, boards, now)
        for s in board.sources
        for unit in config.source(s).units()
        if unit.enabled
    ]
    for outcome in outcomes:
        with contextlib.suppress(ScrapeFailed):  # reported in the response, with its metrics
            record_outcome(outcome)
    left = deadline.seconds_left()
    # Half of what the invocation has left at most: the publish needs the rest.
    settled = wait_for_stats(
        board.id, outcomes, boards, settle_timeout if left is None else min(settle_timeout, left / 2)
    )
    # Holding the board's lease: a scheduled publish of this board finishes first, never interleaves.
    # Asked for, so published at once: the board's publish_interval holds back only scheduled publishes.
    (published,) = publish_boards(
        [board], config, boards, publisher, now, force=force, dry_run=dry_run, at_once=True, lease=lease
    )
    emit_metrics([published])
    return {
        "board": board.id,
        "sources": [o.to_dict() for o in outcomes],
        "stats_settled": settled,
        "publish": published.to_dict(),
    }
