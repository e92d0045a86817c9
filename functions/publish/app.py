"""Publish boards to GitHub: every board on the schedule ({}), or one ({"board_id": "..."}).

Options: "force": true publishes even a board that would lose too many jobs at once;
"dry_run": true renders and reports without publishing. Every board gets its turn; if any
failed or was held back the invocation fails afterwards, naming each (alarms, destinations).
"""

from functools import cache

from aws_lambda_powertools import Logger

from jobboard import clock, deadline
from jobboard.events import read_fields
from jobboard.publish.board import Lease
from jobboard.publish.run import emit_metrics, publish_boards, report
from jobboard.runtime import runtime

logger = Logger()


@logger.inject_lambda_context
@deadline.bounded  # no retry wait or fetch may outlive the invocation
def lambda_handler(event: dict, context) -> dict:
    setup = runtime()
    options = read_fields(event, {"board_id": str, "force": bool, "dry_run": bool})
    board_id = options["board_id"]
    try:
        boards = [setup.config.board(board_id)] if board_id else list(setup.config.boards)
    except KeyError as exc:
        raise ValueError(str(exc)) from None
    remaining = context.get_remaining_time_in_millis() / 1000
    # A lease this invocation cannot renew (it crashed) lapses within seconds; waiting for another
    # publisher of a board leaves time for the rest.
    lease = Lease(owner=context.aws_request_id, wait_seconds=min(60.0, remaining / 4))
    # The publisher (token, GitHub client) is made only if some board changed.
    outcomes = publish_boards(
        boards,
        setup.config,
        setup.boards,
        cache(lambda: setup.publisher),
        clock.now(),
        force=bool(options["force"]),
        dry_run=bool(options["dry_run"]),
        lease=lease,
    )
    emit_metrics(outcomes)
    return report(outcomes)
