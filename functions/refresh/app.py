"""POST /boards/{id}/refresh (API Gateway, IAM auth): scrape, let the stats settle, publish."""

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.event_handler.exceptions import BadRequestError, NotFoundError

from jobboard import clock
from jobboard.publish.board import Lease
from jobboard.refresh import refresh_board
from jobboard.runtime import runtime

logger = Logger()
app = APIGatewayRestResolver()


@app.post("/boards/<board_id>/refresh")
def refresh(board_id: str) -> dict:
    setup = runtime()
    body = app.current_event.body
    if body and body.strip():
        try:
            options = app.current_event.json_body
        except ValueError:
            raise BadRequestError("request body must be JSON (or empty)") from None
        if not isinstance(options, dict):
            raise BadRequestError("request body must be a JSON object")
    try:
        board = setup.config.board(board_id)
    except KeyError:
        raise NotFoundError(f"no board {board_id!r}; boards: {', '.join(b.id for b in setup.config.boards)}") from None
    remaining = app.lambda_context.get_remaining_time_in_millis() / 1000
    lease = Lease(owner=app.lambda_context.aws_request_id, seconds=remaining + 30, wait_seconds=min(60.0, remaining / 2))
    return refresh_board(board, setup.config, setup.postings, setup.boards, setup.publisher, clock.now(), lease=lease)


@logger.inject_lambda_context
def lambda_handler(event: dict, context) -> dict:
    return app.resolve(event, context)
