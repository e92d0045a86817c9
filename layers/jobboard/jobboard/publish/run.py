"""One publish run over boards: each board on its own, each reported, each measured.

One board's failure (a missing theme, any exception) never stops the boards after it. A board
held back (a mass drop) is a failed publish: the run fails once every board has had its turn,
so Lambda's error metric, the on-failure destination and the alarms see it, and its metrics
count how many runs in a row it has been held.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from datetime import datetime

from aws_lambda_powertools import Logger

from jobboard.config import BoardConfig, Config
from jobboard.publish.base import Publisher
from jobboard.publish.board import Lease, PublishOutcome, publish_board
from jobboard.store.boards import BoardsStore

logger = Logger(child=True)

NOT_PUBLISHED = ("failed", "held")
DEFAULT_NAMESPACE = "jobboard"


class BoardsNotPublished(RuntimeError):
    """Some boards failed or were held back; `outcomes` holds every board's report (as dicts)."""

    def __init__(self, outcomes: list[dict]):
        missed = [o for o in outcomes if o["status"] in NOT_PUBLISHED]
        super().__init__(f"{len(missed)} of {len(outcomes)} board(s) not published: " + "; ".join(
            f"{o['board']} {o['status']}: {o['message']}" for o in missed))
        self.outcomes = outcomes


def publish_boards(boards: Iterable[BoardConfig], config: Config, store: BoardsStore,
                   publisher: Publisher | Callable[[], Publisher], now: datetime, *, force: bool = False,
                   dry_run: bool = False, lease: Lease | None = None) -> list[PublishOutcome]:
    outcomes = []
    for board in boards:
        try:
            outcome = publish_board(board, config, store, publisher, now, force=force, dry_run=dry_run, lease=lease)
        except Exception as exc:  # noqa: BLE001 — reported per board; the run fails after the others
            logger.exception("board publish raised; going on with the other boards", extra={"board": board.id})
            outcome = PublishOutcome(board=board.id, status="failed", message=f"{type(exc).__name__}: {exc}")
        outcomes.append(outcome)
    return outcomes


def report(outcomes: list[PublishOutcome]) -> dict:
    """The run's result: every board's outcome; raises BoardsNotPublished if any failed or was held."""
    reports = [o.to_dict() for o in outcomes]
    if any(o.status in NOT_PUBLISHED for o in outcomes):
        raise BoardsNotPublished(reports)
    return {"boards": reports}


def emit_metrics(outcomes: list[PublishOutcome]) -> None:
    """CloudWatch metrics (Powertools EMF on stdout), namespace POWERTOOLS_METRICS_NAMESPACE:
    per board (dimension `board`): Jobs, Published, Held, Failed; for the alarms, without a board
    dimension: BoardsNotPublished (count) and BoardHeldRuns (a held board's holds in a row)."""
    from aws_lambda_powertools.metrics import EphemeralMetrics, MetricUnit

    namespace = os.environ.get("POWERTOOLS_METRICS_NAMESPACE") or DEFAULT_NAMESPACE
    for outcome in outcomes:
        board = EphemeralMetrics(namespace=namespace)
        board.add_dimension(name="board", value=outcome.board)
        if outcome.status not in ("failed", "dry-run"):
            board.add_metric(name="Jobs", unit=MetricUnit.Count, value=outcome.jobs)
        board.add_metric(name="Published", unit=MetricUnit.Count, value=int(outcome.status == "published"))
        board.add_metric(name="Held", unit=MetricUnit.Count, value=int(outcome.status == "held"))
        board.add_metric(name="Failed", unit=MetricUnit.Count, value=int(outcome.status == "failed"))
        board.flush_metrics()
    run = EphemeralMetrics(namespace=namespace)
    run.add_metric(name="BoardsNotPublished", unit=MetricUnit.Count,
                   value=sum(o.status in NOT_PUBLISHED for o in outcomes))
    run.add_metric(name="BoardHeldRuns", unit=MetricUnit.Count,
                   value=max((o.held_runs for o in outcomes if o.status == "held"), default=0))
    run.flush_metrics()
