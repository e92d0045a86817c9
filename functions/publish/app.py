"""Publish boards to GitHub: every board on the schedule ({}), or one ({"board_id": "..."}).

Options: "force": true publishes even a board that would lose too many jobs at once;
"dry_run": true renders and reports without publishing.
"""

from aws_lambda_powertools import Logger

from jobboard import clock, deadline
from jobboard.events import read_fields
from jobboard.publish.board import publish_board
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
    except KeyError:
        raise ValueError(f"no board {board_id!r}; boards: {', '.join(b.id for b in setup.config.boards)}") from None
    now, publisher = clock.now(), setup.publisher
    outcomes = [publish_board(b, setup.config, setup.boards, publisher, now, force=bool(options["force"]),
                              dry_run=bool(options["dry_run"])).to_dict() for b in boards]
    failed = [f"{o['board']} ({o['message']})" for o in outcomes if o["status"] == "failed"]
    if failed:
        # Fail the invocation so the schedule's retry policy and alarms see it.
        raise RuntimeError(f"publish failed for {'; '.join(failed)}")
    return {"boards": outcomes}
