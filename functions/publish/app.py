"""Publish boards to GitHub: every board on the schedule ({}), or one ({"board_id": "..."})."""

from aws_lambda_powertools import Logger

from jobboard import clock
from jobboard.publish.board import publish_board
from jobboard.runtime import runtime

logger = Logger()


@logger.inject_lambda_context
def lambda_handler(event: dict, context) -> dict:
    setup = runtime()
    board_id = (event or {}).get("board_id")
    boards = [setup.config.board(board_id)] if board_id else list(setup.config.boards)
    now = clock.now()
    outcomes = [publish_board(b, setup.config, setup.boards, setup.publisher, now,
                              force=bool((event or {}).get("force"))).to_dict() for b in boards]
    if any(o["status"] == "failed" for o in outcomes):
        # Fail the invocation so the schedule's retry policy and alarms see it.
        raise RuntimeError(f"publish failed: {[o for o in outcomes if o['status'] == 'failed']}")
    return {"boards": outcomes}
