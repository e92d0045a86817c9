"""POST /boards/{id}/refresh (API Gateway, IAM auth): scrape, let the stats settle, publish.

Answers 200 with the report; 409 with it when the publish was held back (a mass drop), 502 when
the publish failed: a caller (or its retries and alarms) sees a board that was not published.
400 names what is wrong with the request, 404 an unknown board.
"""

import base64
import binascii
import json

from aws_lambda_powertools import Logger

from jobboard import clock, deadline
from jobboard.events import EventError, read_fields
from jobboard.publish.board import Lease
from jobboard.refresh import refresh_board
from jobboard.runtime import runtime

logger = Logger()
OPTIONS = {"force": bool, "dry_run": bool}  # as for the publish function


NOT_PUBLISHED_STATUS = {"held": 409, "failed": 502}


# API Gateway sends only the template's one route here (POST /boards/{id}/refresh), so the proxy event
# is read directly: Powertools' event_handler (a router, with asyncio and AppSync beside it) would
# cost this function's cold start about half of `import boto3` for nothing it needs.
@logger.inject_lambda_context
@deadline.bounded  # no retry wait or fetch may outlive the invocation
def lambda_handler(event: dict, context) -> dict:
    try:
        board_id = _board_id(event)
        options = _options(_body(event))
    except EventError as exc:
        return _answer(400, {"statusCode": 400, "message": str(exc)})
    setup = runtime()
    try:
        board = setup.config.board(board_id)
    except KeyError as exc:
        return _answer(404, {"statusCode": 404, "message": str(exc)})
    remaining = context.get_remaining_time_in_millis() / 1000
    lease = Lease(owner=context.aws_request_id, wait_seconds=min(60.0, remaining / 2))
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
    return _answer(NOT_PUBLISHED_STATUS.get(result["publish"]["status"], 200), result)


def _answer(status: int, body: dict) -> dict:
    """API Gateway's proxy response: a JSON body."""
    return {
        "statusCode": status,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(body, separators=(",", ":")),
        "isBase64Encoded": False,
    }


def _board_id(event) -> str:
    parameters = event.get("pathParameters") if isinstance(event, dict) else None
    board_id = parameters.get("id") if isinstance(parameters, dict) else None
    if not isinstance(board_id, str) or not board_id:
        raise EventError("expected an API Gateway event for POST /boards/{id}/refresh (no board id in its path)")
    return board_id


def _body(event: dict) -> str | None:
    body = event.get("body")
    if body is None or not event.get("isBase64Encoded"):
        return body if body is None or isinstance(body, str) else str(body)
    try:
        return base64.b64decode(body, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, TypeError):
        raise EventError("request body is not base64-encoded UTF-8 text") from None


def _options(body: str | None) -> dict:
    """The request body: empty, or a JSON object of options. Anything else is a 400 naming why."""
    if not body or not body.strip():
        return read_fields({}, OPTIONS)
    try:
        data = json.loads(body)
    except ValueError:
        raise EventError("request body must be JSON (or empty)") from None
    except RecursionError:  # "[[[[...": json nests one Python frame per level
        raise EventError("request body is nested too deeply") from None
    return read_fields(data, OPTIONS, "body")
