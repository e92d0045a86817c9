"""AWS through boto3: one low-level client per service, created on first use and reused while
the function stays warm, in botocore's standard retry mode, never retrying past the invocation's
deadline (jobboard.deadline)."""

from __future__ import annotations

import threading
from functools import cache
from typing import TYPE_CHECKING, Any

from jobboard import deadline

if TYPE_CHECKING:
    from botocore.config import Config
    from botocore.exceptions import ClientError

# In-region calls answer in milliseconds: a connection still pending after 5 s, or an answer
# still missing after 20 s, is better retried than waited on for botocore's generic 60 s.
CONNECT_TIMEOUT_SECONDS = 5
READ_TIMEOUT_SECONDS = 20
# Standard mode waits rand(0, 1) * min(2^(attempt-1) s, 20 s) before a retry (throttling; less
# otherwise), an x-amz-retry-after up to 5 s more.
MAX_BACKOFF_SECONDS = 20
RETRY_AFTER_EXTRA_SECONDS = 5

_creating = threading.Lock()  # a boto3 Session is not thread-safe; the clients it makes are


@cache
def client_config() -> Config:
    from botocore.config import Config

    return Config(
        retries={"mode": "standard"},
        connect_timeout=CONNECT_TIMEOUT_SECONDS,
        read_timeout=READ_TIMEOUT_SECONDS,
    )


@cache
def _session():
    import boto3

    return boto3.session.Session()


@cache
def client(service: str) -> Any:
    """The low-level boto3 client for `service` (region, credentials and AWS_ENDPOINT_URL from
    the environment, as boto3 finds them)."""
    with _creating:
        made = _session().client(service, config=client_config())
    events = made.meta.events
    name = made.meta.service_model.service_id.hyphenize()
    # First: a False answer to needs-retry stops botocore's retry handler from retrying.
    events.register_first(f"needs-retry.{name}", _retry_within_deadline)
    events.register(f"request-created.{name}", _log_retry)
    return made


def reset() -> None:
    """Forget the clients (the environment changed: endpoint, credentials, region)."""
    client.cache_clear()
    _session.cache_clear()


def error_code(exc: ClientError) -> str:
    """The service's error code ("ConditionalCheckFailedException")."""
    return str(exc.response.get("Error", {}).get("Code", ""))


def error_message(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Message", ""))


def _retry_within_deadline(attempts: int, request_dict: dict, response=None, caught_exception=None, **_) -> bool | None:
    """needs-retry: False (no retry) when the longest wait before attempt `attempts` + 1 would
    end past the invocation's deadline; else None (botocore's standard handler decides). What
    failed is noted in the request's context for the retry's log line."""
    left = deadline.seconds_left()
    longest_wait = min(2 ** (attempts - 1), MAX_BACKOFF_SECONDS) + RETRY_AFTER_EXTRA_SECONDS
    if left is not None and left < longest_wait:
        return False
    if caught_exception is not None:
        failure = {"error": type(caught_exception).__name__, "status": None}
    elif response is not None:
        http, parsed = response
        failure = {"error": parsed.get("Error", {}).get("Code", ""), "status": http.status_code}
    else:
        return None
    request_dict["context"]["jobboard_failure"] = failure
    return None


def _log_retry(request, operation_name: str, event_name: str, **_) -> None:
    """request-created: a retry's request is logged (what failed, which attempt), never its headers."""
    attempt = request.context.get("retries", {}).get("attempt", 1)
    if attempt > 1:
        _logger().warning(
            "AWS call retried",
            extra={
                # "service" is the function's own, in every log line
                "aws_service": event_name.split(".")[1],
                "operation": operation_name,
                "attempt": attempt,
                **request.context.get("jobboard_failure", {}),
            },
        )


@cache
def _logger():
    from aws_lambda_powertools import Logger

    return Logger(child=True)
