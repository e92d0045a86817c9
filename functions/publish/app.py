"""Publish boards to GitHub: every board on the schedule ({}), or one ({"board_id": "..."}).

Options: "force": true publishes even a board that would lose too many jobs at once (and at
once); "at_once": true publishes a changed board without waiting for its publish_interval (the
schedule's runs wait; a full local pass asks); "dry_run": true renders and reports without
publishing. Every board gets its turn; if any
failed or was held back the invocation fails afterwards, naming each (alarms, destinations).
{"board_id": ..., "run_id": ...} is the end of a refresh run (started by the scrape function
that finished its last unit): it waits for the stats to apply the run's writes, publishes the
board and records the outcome on the run.
"""

from functools import cache

from aws_lambda_powertools import Logger

from jobboard import clock, deadline
from jobboard.events import EventError, PublishEvent, read_event
from jobboard.publish.board import Lease
from jobboard.publish.run import log_outcomes, publish_boards, report
from jobboard.refresh import finish_run
from jobboard.runtime import runtime

logger = Logger()


@logger.inject_lambda_context
@deadline.bounded  # no retry wait or fetch may outlive the invocation
def lambda_handler(event: dict, context) -> dict:
    setup = runtime()
    options = read_event(PublishEvent, event)
    if options.run_id and not options.board_id:
        raise EventError("event.board_id: required with run_id")
    try:
        boards = [setup.config.board(options.board_id)] if options.board_id else list(setup.config.boards)
    except KeyError as exc:
        raise ValueError(str(exc)) from None
    remaining = context.get_remaining_time_in_millis() / 1000
    # A lease this invocation cannot renew (it crashed) lapses within seconds; waiting for another
    # publisher of a board leaves time for the rest.
    lease = Lease(owner=context.aws_request_id, wait_seconds=min(60.0, remaining / 4))
    # The publisher (token, GitHub client) is made only if some board changed.
    publisher = cache(lambda: setup.publisher)
    flags = {"force": bool(options.force), "dry_run": bool(options.dry_run), "lease": lease}
    if options.run_id:
        (board,) = boards
        outcome = finish_run(
            board, options.run_id, setup.config, setup.boards, setup.runs, publisher, clock.now(), **flags
        )
        return report([outcome])
    outcomes = publish_boards(
        boards, setup.config, setup.boards, publisher, clock.now(), at_once=bool(options.at_once), **flags
    )
    log_outcomes(outcomes)
    return report(outcomes)
