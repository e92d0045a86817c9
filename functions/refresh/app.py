"""The refresh API (API Gateway, IAM auth), routed by Powertools' event handler.

POST /boards/{id}/refresh answers 202 at once with the run: the board's units are queued on the
scrape queue, and the scrape function that finishes the last one starts the board's publish.
Body: empty, or {"force": true} / {"dry_run": true} as for the publish function.
GET /boards/{id}/refresh/{run} reports the run: units done, failed and pending, the publish.
400 names what is wrong with the request, 404 an unknown board or run, 409 a board with nothing
to scrape.
"""

import binascii
import json

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response, content_types
from aws_lambda_powertools.event_handler.exceptions import BadRequestError, NotFoundError, ServiceError

from jobboard import clock
from jobboard.dispatch import ScrapeQueue
from jobboard.events import EventError, RefreshOptions, read_event
from jobboard.refresh import NothingToRefresh, start_run
from jobboard.runtime import runtime

logger = Logger()
app = APIGatewayRestResolver()


@app.post("/boards/<board_id>/refresh")
def start(board_id: str) -> Response:
    options = _options()
    setup = runtime()
    board = _board(board_id)
    try:
        run = start_run(
            board, setup.config, setup.runs, ScrapeQueue(), clock.now(), force=options.force, dry_run=options.dry_run
        )
    except NothingToRefresh as exc:
        raise ServiceError(409, str(exc)) from None
    return Response(
        status_code=202,
        content_type=content_types.APPLICATION_JSON,
        body=run.to_dict(),
        headers={"Location": f"/boards/{board.id}/refresh/{run.run_id}"},
    )


@app.get("/boards/<board_id>/refresh/<run_id>")
def progress(board_id: str, run_id: str) -> dict:
    board = _board(board_id)
    run = runtime().runs.get(board.id, run_id)
    if run is None:
        raise NotFoundError(f"no refresh run {run_id!r} of board {board.id!r} (runs are kept for 7 days)")
    return run.to_dict()


def _board(board_id: str):
    try:
        return runtime().config.board(board_id)
    except KeyError as exc:
        raise NotFoundError(str(exc.args[0] if exc.args else exc)) from None


def _options() -> RefreshOptions:
    """The request body: empty, or a JSON object of options. Anything else is a 400 naming why."""
    try:
        body = app.current_event.decoded_body
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise BadRequestError("request body is not base64-encoded UTF-8 text") from None
    if not body or not body.strip():
        return RefreshOptions()
    try:
        data = json.loads(body)
    except RecursionError:  # "[[[[...": json nests one Python frame per level
        raise BadRequestError("request body is nested too deeply") from None
    except ValueError:
        raise BadRequestError("request body must be JSON (or empty)") from None
    try:
        return read_event(RefreshOptions, data, "body")
    except EventError as exc:
        raise BadRequestError(str(exc)) from None


@logger.inject_lambda_context
def lambda_handler(event: dict, context) -> dict:
    return app.resolve(event, context)
