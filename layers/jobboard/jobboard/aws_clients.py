"""AWS through boto3: one low-level client per service, created on first use and reused while
the function stays warm, in botocore's standard retry mode, never retrying past the invocation's
deadline (jobboard.deadline); Powertools parameter providers on those clients."""

from __future__ import annotations

import threading
from functools import cache
from typing import Any

import boto3
from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.parameters import SecretsProvider, SSMProvider
from botocore.config import Config
from botocore.exceptions import ClientError

from jobboard import deadline

# In-region calls answer in milliseconds: a connection still pending after 5 s, or an answer
# still missing after 20 s, is better retried than waited on for botocore's generic 60 s.
CONNECT_TIMEOUT_SECONDS = 5
READ_TIMEOUT_SECONDS = 20
# Standard mode waits rand(0, 1) * min(2^(attempt-1) s, 20 s) before a retry (throttling; less
# otherwise), an x-amz-retry-after up to 5 s more.
MAX_BACKOFF_SECONDS = 20
RETRY_AFTER_EXTRA_SECONDS = 5


def client_config() -> Config:
    """A new one for each client: botocore writes what it resolves (AWS_MAX_ATTEMPTS) into it."""
    return Config(
        retries={"mode": "standard"}, connect_timeout=CONNECT_TIMEOUT_SECONDS, read_timeout=READ_TIMEOUT_SECONDS
    )


logger = Logger(child=True)
_creating = threading.Lock()  # a boto3 Session is not thread-safe; the clients it makes are


@cache
def _session() -> boto3.session.Session:
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


@cache
def ssm_parameters() -> SSMProvider:
    """Powertools' SSM Parameter Store provider on the shared client (values cached by max_age)."""
    return SSMProvider(boto3_client=client("ssm"))


@cache
def secrets() -> SecretsProvider:
    """Powertools' Secrets Manager provider on the shared client (values cached by max_age)."""
    return SecretsProvider(boto3_client=client("secretsmanager"))


def reset() -> None:
    """Forget the clients and the values their providers cached (the environment changed:
    endpoint, credentials, region; tests)."""
    for made in (ssm_parameters, secrets, client, _session):
        made.cache_clear()


def error_code(exc: BaseException) -> str:
    """The service's error code ("ConditionalCheckFailedException"), also of an error Powertools
    wrapped (GetParameterError keeps the ClientError as its context); "" for any other failure."""
    cause = exc if isinstance(exc, ClientError) else exc.__context__
    return str(cause.response.get("Error", {}).get("Code", "")) if isinstance(cause, ClientError) else ""


def error_message(exc: BaseException) -> str:
    """The service's message, else the exception's text (a network failure, say)."""
    cause = exc if isinstance(exc, ClientError) else exc.__context__
    if isinstance(cause, ClientError):
        return str(cause.response.get("Error", {}).get("Message", ""))
    return str(exc)


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
        logger.warning(
            "AWS call retried",
            extra={
                # "service" is the function's own, in every log line
                "aws_service": event_name.split(".")[1],
                "operation": operation_name,
                "attempt": attempt,
                **request.context.get("jobboard_failure", {}),
            },
        )
