"""One publish run over boards: each board on its own, each reported, each measured.

One board's failure (a missing theme, any exception) never stops the boards after it. A board
held back (a mass drop) is a failed publish: the run fails once every board has had its turn,
so Lambda's error metric, the on-failure destination and its alarm see it, and its log line
counts how many runs in a row it has been held.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from aws_lambda_powertools import Logger

from jobboard.config import BoardConfig, Config
from jobboard.publish.base import Publisher
from jobboard.publish.board import Lease, PublishOutcome, publish_board
from jobboard.store.boards import BoardsStore

logger = Logger(child=True)

NOT_PUBLISHED = ("failed", "held")


class BoardsNotPublished(RuntimeError):
    """Some boards failed or were held back; `outcomes` holds every board's report (as dicts)."""

    def __init__(self, outcomes: list[dict]):
        missed = [o for o in outcomes if o["status"] in NOT_PUBLISHED]
        super().__init__(
            f"{len(missed)} of {len(outcomes)} board(s) not published: "
            + "; ".join(f"{o['board']} {o['status']}: {o['message']}" for o in missed)
        )
        self.outcomes = outcomes


def publish_boards(
    boards: Iterable[BoardConfig],
    config: Config,
    store: BoardsStore,
    publisher: Publisher | Callable[[], Publisher],
    now: datetime,
    *,
    force: bool = False,
    dry_run: bool = False,
    lease: Lease | None = None,
) -> list[PublishOutcome]:
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


def log_outcomes(outcomes: list[PublishOutcome]) -> None:
    """One "board outcome" log line per board (status, jobs, holds in a row, GitHub requests:
    queried with Logs Insights), and no metric: a failed or held board fails the invocation, whose
    event lands in InvocationFailureQueue, which an alarm watches."""
    for outcome in outcomes:
        fields = {k: v for k, v in outcome.to_dict().items() if k not in ("files", "url", "message")}
        fields["files"] = len(outcome.files)
        fields["detail"] = outcome.message  # `message` is the log line's own field
        if outcome.status in NOT_PUBLISHED:
            logger.warning("board outcome", extra=fields)
        else:
            logger.info("board outcome", extra=fields)
