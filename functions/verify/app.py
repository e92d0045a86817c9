"""Check the apply links of the shown postings that are due (issue 18): hourly, each slot of the
interval in turn (jobboard.verify.run); {"all": true} checks every due link (a full pass, as
`jobboard verify` does); {"board_id": ...} only that board's. One "verify outcome" log line a run;
two run-level metrics, sent only when not zero."""

from aws_lambda_powertools import Logger

from jobboard import clock, deadline, metrics
from jobboard.events import VerifyEvent, read_event
from jobboard.runtime import runtime
from jobboard.verify.run import link_checker, verify_pass

logger = Logger()


@logger.inject_lambda_context
@deadline.bounded  # no check or pacing wait may outlive the invocation
def lambda_handler(event: dict, context) -> dict:
    options = read_event(VerifyEvent, event)
    setup = runtime()
    config = setup.config
    if options.board_id:
        config.board(options.board_id)  # UnknownBoard names the boards there are
    now = clock.now()
    outcome = verify_pass(
        config,
        setup.boards,
        setup.postings,
        setup.link_records,
        link_checker(config.verify, now),
        now,
        everything=bool(options.all),
        board_id=options.board_id,
    )
    summary = outcome.to_dict()
    logger.info("verify outcome", extra=summary)
    # Closing is the verifier's visible effect; links left unchecked at the deadline mean it is behind.
    metrics.emit({"PostingsClosedByLink": outcome.postings_closed, "LinkChecksLeft": outcome.left})
    return summary
