"""POST /github/webhook: GitHub's `issues` deliveries applying readers' contributions (issue forms).

Not IAM-authorised (GitHub cannot sign with SigV4): each delivery proves itself instead. A body
over 1 MB is refused (413); an unsigned or wrongly signed one 401, before anything is read or
changed; a delivery id applied before gets the first answer again (200, "repeated": true) and
changes nothing. A `ping` (sent when the webhook is created) answers 200; other events are ignored.
A GitHub failure while applying answers 502 and records nothing, so redelivering it retries.
"""

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.event_handler.exceptions import ServiceError
from aws_lambda_powertools.utilities.idempotency.exceptions import IdempotencyAlreadyInProgressError

from jobboard import aws_clients, deadline
from jobboard.contributions.webhook import (
    DELIVERY_HEADER,
    EVENT_HEADER,
    SIGNATURE_HEADER,
    WebhookError,
    WebhookOff,
    apply_event,
    check_delivery,
    deps_for,
    once_per_delivery,
    parse_payload,
    webhook_secret,
)
from jobboard.publish.base import PublishError
from jobboard.publish.token import TokenError, github_client_from_env
from jobboard.runtime import runtime

logger = Logger()
app = APIGatewayRestResolver()


@app.post("/github/webhook")
def github_webhook() -> dict:
    event = app.current_event
    body = event.body or ""
    raw = body.encode("utf-8") if not event.is_base64_encoded else _decoded(body)
    try:
        check_delivery(webhook_secret(), raw, event.headers.get(SIGNATURE_HEADER))
        kind = event.headers.get(EVENT_HEADER) or ""
        if kind == "ping":
            return {"pong": True}
        if kind != "issues":
            return {"ignored": f"{kind or 'unnamed'} event: only issues events are applied"}
        delivery = event.headers.get(DELIVERY_HEADER)
        if not delivery:
            raise WebhookError(400, f"no {DELIVERY_HEADER} header")
        issue_event = parse_payload(raw)
    except WebhookOff as exc:
        raise ServiceError(503, str(exc)) from None
    except WebhookError as exc:
        logger.warning("webhook delivery refused", extra={"status": exc.status, "reason": str(exc)})
        raise ServiceError(exc.status, str(exc)) from None
    setup = runtime()

    def work() -> dict:
        github = github_client_from_env()
        return apply_event(issue_event, setup.config, lambda board: deps_for(board, setup, github)).to_dict()

    try:
        answer, repeated = once_per_delivery(
            delivery,
            work,
            table=setup.boards.table_name,
            client=aws_clients.client("dynamodb"),
            lambda_context=app.lambda_context,
        )
    except IdempotencyAlreadyInProgressError:
        raise ServiceError(409, f"delivery {delivery} is being applied now") from None
    except (PublishError, TokenError) as exc:
        logger.error("contribution not applied", extra={"delivery": delivery, "problem": str(exc)})
        raise ServiceError(502, f"not applied (redeliver it to retry): {exc}") from None
    return {**answer, "delivery": delivery, "repeated": repeated}


def _decoded(body: str) -> bytes:
    import base64
    import binascii

    try:
        return base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        raise ServiceError(400, "request body is not valid base64") from None


@logger.inject_lambda_context
@deadline.bounded  # no GitHub retry wait or link check may outlive the invocation
def lambda_handler(event: dict, context) -> dict:
    return app.resolve(event, context)
