"""Recount every board from the postings table and repair what drifted (once a day; see
jobboard.stats.reconcile). Drift found is logged per board and counted in one run-level metric;
stream batches parked in InvocationFailureQueue before the recount are covered by it and cleared."""

from aws_lambda_powertools import Logger

from jobboard import clock, deadline, metrics
from jobboard.runtime import runtime
from jobboard.stats.parked import ParkedBatches
from jobboard.stats.reconcile import reconcile

logger = Logger()


@logger.inject_lambda_context
@deadline.bounded  # no retry wait may outlive the invocation
def lambda_handler(event: dict, context) -> dict:
    setup = runtime()
    parked = ParkedBatches.from_env()
    # Taken before the recount reads the table: what they carried is in the postings it reads.
    taken = parked.take(hold_seconds=context.get_remaining_time_in_millis() // 1000 + 60) if parked else []
    report = reconcile([board.id for board in setup.config.boards], setup.postings, setup.boards, clock.now())
    if parked:
        parked.repaired(taken)
    # One figure for the whole run, sent only when some board drifted (a healthy day sends none).
    metrics.emit({"BoardsRepaired": len(report.repaired)})
    summary = {**report.to_dict(), "parked_batches": len(taken)}
    logger.info("boards recounted", extra=summary)
    return summary
