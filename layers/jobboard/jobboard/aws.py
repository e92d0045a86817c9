"""AWS clients: DynamoDB, SQS, Secrets Manager and SSM through a small JSON-protocol client
on `requests`, signed with SigV4; S3 (a ConfigSource, rare) through botocore.

Why not botocore for all: importing it (~0.9x `import boto3`) and building a first client
(the service list, endpoint rules, models: ~0.6x) put every handler over its cold-start
budget before any of our work (issue 8). These four services speak one protocol: a POST of
the parameters as JSON, the operation named in X-Amz-Target, the answer JSON.

Calls look like botocore's (`client("dynamodb").put_item(TableName=..., Item=...)`); the
answer is the parsed JSON as the service sends it, with botocore's ResponseMetadata. What
botocore's models did that this does not: blobs stay base64 text in answers (the DynamoDB
adapter decodes "B"), timestamps stay epoch numbers, parameters are not validated before
sending (the service says what is wrong).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import random
import time
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import quote, urlsplit

from jobboard import deadline

if TYPE_CHECKING:
    import requests


class Service(NamedTuple):  # NamedTuples, not dataclasses: a third of the import time each
    prefix: str  # endpoint host prefix and SigV4 signing name
    target: str  # X-Amz-Target prefix
    json_version: str
    env_suffix: str  # AWS_ENDPOINT_URL_<this>: botocore's name from the service id
    query_compatible: bool = False  # answers errors with an x-amzn-query-error header too


SERVICES = {
    "dynamodb": Service("dynamodb", "DynamoDB_20120810", "1.0", "DYNAMODB"),
    "sqs": Service("sqs", "AmazonSQS", "1.0", "SQS", query_compatible=True),
    "secretsmanager": Service("secretsmanager", "secretsmanager", "1.1", "SECRETS_MANAGER"),
    "ssm": Service("ssm", "AmazonSSM", "1.1", "SSM"),
}

# Retries as botocore's standard mode: throttling and transient errors, at most
# MAX_ATTEMPTS attempts (AWS_MAX_ATTEMPTS), full-jitter exponential backoff capped at 20 s.
MAX_ATTEMPTS = 3
MAX_BACKOFF_SECONDS = 20.0
THROTTLING_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottledException",
        "TooManyRequestsException",
        "ProvisionedThroughputExceededException",
        "TransactionInProgressException",
        "RequestLimitExceeded",
        "BandwidthLimitExceeded",
        "LimitExceededException",
        "RequestThrottled",
        "SlowDown",
        "PriorRequestNotComplete",
        "EC2ThrottledException",
    }
)
# Operations whose retries botocore makes idempotent with a token it fills in (its models'
# idempotencyToken), for the services here: a retried transaction is not applied twice.
IDEMPOTENCY_TOKENS = {
    ("dynamodb", "TransactWriteItems"): "ClientRequestToken",
    ("dynamodb", "ExecuteTransaction"): "ClientRequestToken",
    ("secretsmanager", "CreateSecret"): "ClientRequestToken",
    ("secretsmanager", "PutSecretValue"): "ClientRequestToken",
    ("secretsmanager", "RotateSecret"): "ClientRequestToken",
    ("secretsmanager", "UpdateSecret"): "ClientRequestToken",
}
TRANSIENT_CODES = frozenset({"RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete"})
TRANSIENT_STATUSES = frozenset({500, 502, 503, 504})
# Connect: an in-region connection takes milliseconds; one still pending after 10 s is better
# retried than waited on for botocore's generic 60 s. Read: botocore's 60 s.
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 60.0


class AwsError(Exception):
    """An AWS call that failed: the service's answer, or a network failure after the retries.

    `response` is shaped as botocore's ClientError.response: {"Error": {"Code", "Message"},
    "ResponseMetadata": {...}} plus the error's own fields (CancellationReasons, Item...).
    """

    def __init__(self, operation_name: str, response: dict):
        self.operation_name = operation_name
        self.response = response
        super().__init__(f"An error occurred ({self.code}) when calling the {operation_name} operation: {self.message}")

    @property
    def code(self) -> str:
        return str(self.response.get("Error", {}).get("Code", ""))

    @property
    def message(self) -> str:
        return str(self.response.get("Error", {}).get("Message", ""))


class Credentials(NamedTuple):
    access_key: str
    secret_key: str
    token: str | None = None

    def __repr__(self) -> str:  # never a secret in a log or a traceback
        return f"Credentials(access_key={self.access_key[:4]}...)"


def region() -> str:
    return os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"


def endpoint_url(service: Service, region_name: str) -> str:
    """botocore's order: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL (unless
    AWS_IGNORE_CONFIGURED_ENDPOINT_URLS), else the service's regional endpoint."""
    if os.environ.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "").lower() != "true":
        for name in (f"AWS_ENDPOINT_URL_{service.env_suffix}", "AWS_ENDPOINT_URL"):
            if os.environ.get(name):
                return os.environ[name]
    for name in ("AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT"):
        if os.environ.get(name, "").lower() == "true":  # never a silent fallback to the plain endpoint
            raise ValueError(f"{name} is not supported here: set AWS_ENDPOINT_URL_{service.env_suffix} to the endpoint")
    domain = "amazonaws.com.cn" if region_name.startswith("cn-") else "amazonaws.com"
    return f"https://{service.prefix}.{region_name}.{domain}"


def credentials() -> Credentials | None:
    """The environment's (what Lambda provides), else botocore's chain (profiles, SSO, container
    credentials: a developer's run against real AWS), imported only then; None if there are none."""
    access_key, secret_key = os.environ.get("AWS_ACCESS_KEY_ID"), os.environ.get("AWS_SECRET_ACCESS_KEY")
    if access_key and secret_key:
        return Credentials(access_key, secret_key, os.environ.get("AWS_SESSION_TOKEN") or None)
    found = session().get_credentials()
    if found is None:
        return None
    frozen = found.get_frozen_credentials()  # refreshed by botocore when they expire
    return Credentials(frozen.access_key, frozen.secret_key, frozen.token)


def sigv4_headers(
    method: str,
    url: str,
    headers: dict[str, str],
    body: bytes,
    creds: Credentials,
    region_name: str,
    service: str,
    when: time.struct_time,
) -> dict[str, str]:
    """`headers` plus Host, X-Amz-Date, X-Amz-Security-Token and Authorization: every header
    given is signed. Signature Version 4 as botocore's SigV4Auth computes it (no query string)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"  # IPv6 literal
    if parts.port is not None and parts.port != {"http": 80, "https": 443}.get(parts.scheme):
        host = f"{host}:{parts.port}"
    stamp = time.strftime("%Y%m%dT%H%M%SZ", when)
    signed = {**headers, "Host": host, "X-Amz-Date": stamp}
    if creds.token:
        signed["X-Amz-Security-Token"] = creds.token
    canonical = {name.lower(): " ".join(value.split()) for name, value in signed.items()}
    names = sorted(canonical)
    canonical_request = "\n".join(
        [
            method,
            quote(_normalized_path(parts.path), safe="/~"),
            "",  # query string: none in these protocols
            "".join(f"{name}:{canonical[name]}\n" for name in names),
            ";".join(names),
            hashlib.sha256(body).hexdigest(),
        ]
    )
    scope = f"{stamp[:8]}/{region_name}/{service}/aws4_request"
    string_to_sign = "\n".join(
        ["AWS4-HMAC-SHA256", stamp, scope, hashlib.sha256(canonical_request.encode("utf-8")).hexdigest()]
    )
    key = ("AWS4" + creds.secret_key).encode("utf-8")
    for part in (stamp[:8], region_name, service, "aws4_request"):
        key = hmac.new(key, part.encode("utf-8"), hashlib.sha256).digest()
    signature = hmac.new(key, string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
    signed["Authorization"] = (
        f"AWS4-HMAC-SHA256 Credential={creds.access_key}/{scope}, SignedHeaders={';'.join(names)}, Signature={signature}"
    )
    return signed


def _normalized_path(path: str) -> str:
    """RFC 3986 dot segments removed and repeated slashes merged, as AWS (and botocore) expect."""
    if not path:
        return "/"
    kept: list[str] = []
    for segment in path.split("/"):
        if segment == "..":
            if kept:
                kept.pop()
        elif segment and segment != ".":
            kept.append(segment)
    return ("/" if path.startswith("/") else "") + "/".join(kept) + ("/" if path.endswith("/") and kept else "")


def _blob(value):
    """JSON for what json cannot write: bytes are base64 text (DynamoDB's "B", "BS")."""
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode("ascii")
    raise TypeError(f"cannot send a {type(value).__name__} to AWS")


class Call(NamedTuple):
    """One finished call, as observers hear of it."""

    operation: str  # "PutItem"
    params: dict
    status: int | None  # HTTP status of the last attempt; None when no answer came
    response: dict  # the parsed answer, or the error response
    seconds: float  # the call's wall time, retries included
    received_bytes: int  # the last answer's body


Observer = Callable[[Call], None]


class JsonClient:
    """One service's client: `client.put_item(**params)` calls PutItem. One requests.Session
    (connections reused). Clients are created where first needed, never at import: requests
    is loaded then."""

    def __init__(
        self,
        service: str,
        *,
        endpoint: str | None = None,
        region_name: str | None = None,
        creds: Credentials | None = None,
        max_attempts: int | None = None,
        sleep: Callable[[float], None] = time.sleep,
        seconds_left: Callable[[], float | None] = deadline.seconds_left,
    ):
        self.service = SERVICES[service]
        self.region = region_name or region()
        self.url = endpoint or endpoint_url(self.service, self.region)
        self._creds = creds
        self.max_attempts = max_attempts or int(os.environ.get("AWS_MAX_ATTEMPTS") or MAX_ATTEMPTS)
        self.sleep = sleep
        self.seconds_left = seconds_left
        self._observers: list[Observer] = []
        import requests

        self._session = requests.Session()

    def __getattr__(self, name: str) -> Callable[..., dict]:
        if name.startswith("_"):
            raise AttributeError(name)
        operation = "".join(part.capitalize() for part in name.split("_"))

        def call(**params) -> dict:
            return self.call(operation, params)

        return call

    def observe(self, callback: Observer) -> None:
        """`callback` hears of every call once it ends (local tooling counts requests with it)."""
        self._observers.append(callback)

    def unobserve(self, callback: Observer) -> None:
        self._observers.remove(callback)

    def call(self, operation: str, params: dict) -> dict:
        import requests

        token = IDEMPOTENCY_TOKENS.get((self.service.prefix, operation))
        if token and token not in params:
            params = {**params, token: os.urandom(16).hex()}
        body = json.dumps(params, separators=(",", ":"), default=_blob).encode("utf-8")
        headers = {
            "Content-Type": f"application/x-amz-json-{self.service.json_version}",
            "X-Amz-Target": f"{self.service.target}.{operation}",
        }
        if self.service.query_compatible:
            headers["x-amzn-query-mode"] = "true"
        started = time.perf_counter()
        attempt = 0
        while True:
            attempt += 1
            creds = self._creds or credentials()
            if creds is None:
                raise AwsError(
                    operation, {"Error": {"Code": "NoCredentials", "Message": "unable to locate AWS credentials"}}
                )
            signed = sigv4_headers(
                "POST", self.url, headers, body, creds, self.region, self.service.prefix, time.gmtime()
            )
            status: int | None = None
            retry_after, received = None, 0
            try:
                answer = self._session.post(self.url, data=body, headers=signed, timeout=self._timeout())
            except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError) as exc:
                parsed = _network_failure(exc, self.url, attempt)
                retryable, throttled = True, False
            else:
                status, received = answer.status_code, len(answer.content)
                parsed = _parsed(answer, attempt)
                if status < 300:
                    self._notify(Call(operation, params, status, parsed, time.perf_counter() - started, received))
                    return parsed
                code = parsed["Error"]["Code"]
                throttled = code in THROTTLING_CODES or status == 429
                retryable = throttled or code in TRANSIENT_CODES or status in TRANSIENT_STATUSES
                retry_after = answer.headers.get("x-amz-retry-after")
            if retryable and attempt < self.max_attempts:
                wait = self._backoff(attempt, throttled, retry_after)
                left = self.seconds_left()
                if left is None or wait < left:
                    _logger().warning(
                        "AWS call retried",
                        extra={
                            "aws_service": self.service.prefix,  # "service" is the function's own, in every log line
                            "operation": operation,
                            "attempt": attempt,
                            "error": parsed["Error"]["Code"],
                            "status": status,
                            "wait_seconds": round(wait, 3),
                        },
                    )
                    self.sleep(wait)
                    continue
            self._notify(Call(operation, params, status, parsed, time.perf_counter() - started, received))
            raise AwsError(operation, parsed)

    def _timeout(self) -> tuple[float, float]:
        """CONNECT_TIMEOUT and READ_TIMEOUT, shortened to what the invocation has left (never below
        1 s: the deadline keeps a margin, and a call cut short helps no one)."""
        left = self.seconds_left()
        if left is None:
            return (CONNECT_TIMEOUT, READ_TIMEOUT)
        left = max(left, 1.0)
        return (min(CONNECT_TIMEOUT, left), min(READ_TIMEOUT, left))

    def _backoff(self, attempt: int, throttled: bool, retry_after: str | None) -> float:
        """Standard mode's: rand(0, 1) * min(scale * 2^(attempt-1), 20 s); scale 1 s when
        throttled, else 25 ms (DynamoDB) or 50 ms; an x-amz-retry-after (ms) raises it by up to 5 s."""
        scale = 1.0 if throttled else 0.025 if self.service.prefix == "dynamodb" else 0.05
        wait = random.random() * min(scale * 2 ** (attempt - 1), MAX_BACKOFF_SECONDS)
        if retry_after and retry_after.isdigit():
            wait = max(wait, min(int(retry_after) / 1000, wait + 5))
        return wait

    def _notify(self, call: Call) -> None:
        for callback in self._observers:
            callback(call)


def _metadata(answer: requests.Response, attempt: int) -> dict:
    headers = {name.lower(): value for name, value in answer.headers.items()}
    metadata = {"HTTPStatusCode": answer.status_code, "HTTPHeaders": headers, "RetryAttempts": attempt - 1}
    if "x-amzn-requestid" in headers:
        metadata["RequestId"] = headers["x-amzn-requestid"]
    return metadata


def _parsed(answer: requests.Response, attempt: int) -> dict:
    """The answer as botocore's JSON parser gives it: the body (an error's fields beside
    "Error") and ResponseMetadata."""
    try:
        body = json.loads(answer.content) if answer.content else {}
    except ValueError:
        body = {"message": answer.text[:500]}  # a proxy's HTML page, a truncated answer
    if not isinstance(body, dict):
        body = {"message": str(body)[:500]}
    if answer.status_code < 300:
        return {**body, "ResponseMetadata": _metadata(answer, attempt)}
    error = {"Message": str(body.pop("message", body.pop("Message", "")))}
    code = str(body.pop("__type", answer.status_code)).split(":", 1)[0].rpartition("#")[2]
    query_error = answer.headers.get("x-amzn-query-error", "").split(";")
    if len(query_error) == 2 and query_error[0]:  # SQS: the code its query API had
        error.update(QueryErrorCode=code, Type=query_error[1])
        code = query_error[0]
    return {**body, "Error": {"Code": code, **error}, "ResponseMetadata": _metadata(answer, attempt)}


def _network_failure(exc: Exception, url: str, attempt: int) -> dict:
    """An error response for a call that got no answer (botocore raised EndpointConnectionError
    or ReadTimeoutError; one error class here)."""
    import requests

    host = urlsplit(url).hostname
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        code, message = "ConnectTimeoutError", f"could not connect to {url} in time"
    elif isinstance(exc, requests.Timeout):
        code, message = "ReadTimeoutError", f"{host} did not answer in time"
    elif isinstance(exc, requests.ConnectionError):
        code, message = "EndpointConnectionError", f"could not connect to {url}"
    else:
        code, message = type(exc).__name__, str(exc)[:200]
    return {"Error": {"Code": code, "Message": message}, "ResponseMetadata": {"RetryAttempts": attempt - 1}}


@cache
def _logger():
    from aws_lambda_powertools import Logger

    return Logger(child=True)


@cache
def session():
    """botocore's session: for S3 and for credentials outside Lambda only."""
    import botocore.session

    return botocore.session.get_session()


def client(service: str) -> Any:
    """A new client for `service`: ours for the JSON-protocol services, else botocore's
    (created on first use of that path; botocore honours AWS_ENDPOINT_URL too)."""
    if service in SERVICES:
        return JsonClient(service)
    return session().create_client(service, region_name=region())
