"""POST /boards/{id}/refresh (API Gateway, IAM auth): scrape, let the stats settle, publish.

Answers 200 with the report; 409 with it when the publish was held back (a mass drop), 502 when
the publish failed: a caller (or its retries and alarms) sees a board that was not published.
"""

import json

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response, content_types
from aws_lambda_powertools.event_handler.exceptions import BadRequestError, NotFoundError

from jobboard import clock, deadline
from jobboard.events import EventError, read_fields
from jobboard.publish.board import Lease
from jobboard.refresh import refresh_board
from jobboard.runtime import runtime

logger = Logger()
app = APIGatewayRestResolver()
OPTIONS = {"force": bool, "dry_run": bool}  # as for the publish function


NOT_PUBLISHED_STATUS = {"held": 409, "failed": 502}


@app.post("/boards/<board_id>/refresh")
def refresh(board_id: str) -> dict | Response:
    setup = runtime()
    options = _options(app.current_event.decoded_body)
    try:
        board = setup.config.board(board_id)
    except KeyError:
        raise NotFoundError(f"no board {board_id!r}; boards: {', '.join(b.id for b in setup.config.boards)}") from None
    remaining = app.lambda_context.get_remaining_time_in_millis() / 1000
    lease = Lease(
        owner=app.lambda_context.aws_request_id, seconds=remaining + 30, wait_seconds=min(60.0, remaining / 2)
    )
    result = refresh_board(
        board,
        setup.config,
        setup.postings,
        setup.boards,
        setup.publisher,
        clock.now(),
        force=bool(options["force"]),
        dry_run=bool(options["dry_run"]),
        lease=lease,
    )
    status = NOT_PUBLISHED_STATUS.get(result["publish"]["status"])
    if status:
        return Response(status_code=status, content_type=content_types.APPLICATION_JSON, body=json.dumps(result))
    return result


def _options(body: str | None) -> dict:
    """The request body: empty, or a JSON object of options. Anything else is a 400 naming why."""
    if not body or not body.strip():
        return read_fields({}, OPTIONS)
    try:
        data = json.loads(body)
    except ValueError:
        raise BadRequestError("request body must be JSON (or empty)") from None
    except RecursionError:  # "[[[[...": json nests one Python frame per level
        raise BadRequestError("request body is nested too deeply") from None
    try:
        return read_fields(data, OPTIONS, "body")
    except EventError as exc:
        raise BadRequestError(str(exc)) from None


@logger.inject_lambda_context
@deadline.bounded  # no retry wait or fetch may outlive the invocation
def lambda_handler(event: dict, context) -> dict:
    return app.resolve(event, context)
