"""jobboard.aws_clients: boto3 clients made once per service, standard retries that never outlive
the invocation, retries logged structured (never a credential), errors as botocore raises them."""

from __future__ import annotations

import json
import logging
import socket
import time

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError

from jobboard import aws_clients, deadline
from jobboard.store import dynamo
from jobboard_local.loopback import LoopbackServer


class Scripted(LoopbackServer):
    """An AWS stand-in answering each request with the next scripted (status, headers, body)."""

    def __init__(self, *answers):
        super().__init__()
        self.answers = list(answers)
        self.requests: list[tuple[str, dict, bytes]] = []

    def answer(self, method, raw_path, headers, body):
        self.requests.append((raw_path, dict(headers), body))
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


def error(code: str, status: int = 400, message: str = "no", **fields) -> tuple[int, dict, bytes]:
    body = {"__type": f"com.amazonaws.dynamodb.v20120810#{code}", "message": message, **fields}
    return status, {"x-amzn-RequestId": "req-1"}, json.dumps(body).encode()


OK = (200, {"x-amzn-RequestId": "req-2"}, b'{"Item": {"pk": {"S": "a"}, "blob": {"B": "AP8="}}}')


@pytest.fixture
def sleeps(monkeypatch) -> list[float]:
    """botocore's waits before retries, recorded instead of slept."""
    waited: list[float] = []
    monkeypatch.setattr("botocore.endpoint.time.sleep", waited.append)
    return waited


@pytest.fixture
def at(monkeypatch):
    """The endpoint every new client uses."""

    def point(server: LoopbackServer) -> None:
        monkeypatch.setenv("AWS_ENDPOINT_URL", server.url)
        aws_clients.reset()

    return point


def test_one_client_per_service_made_once_in_standard_retry_mode():
    first = aws_clients.client("dynamodb")
    assert aws_clients.client("dynamodb") is first and dynamo.client() is first
    assert aws_clients.client("sqs") is not first
    config = first.meta.config
    assert config.retries["mode"] == "standard"
    assert (config.connect_timeout, config.read_timeout) == (
        aws_clients.CONNECT_TIMEOUT_SECONDS,
        aws_clients.READ_TIMEOUT_SECONDS,
    )
    assert first.meta.region_name == "us-east-1"
    aws_clients.reset()
    assert aws_clients.client("dynamodb") is not first


def test_one_clients_resolved_settings_never_reach_the_next(monkeypatch):
    """botocore writes what it resolves (AWS_MAX_ATTEMPTS) into the Config it is given."""
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    assert aws_clients.client("ssm").meta.config.retries["total_max_attempts"] == 1
    monkeypatch.delenv("AWS_MAX_ATTEMPTS")
    aws_clients.reset()
    assert "total_max_attempts" not in aws_clients.client("ssm").meta.config.retries


def test_answers_are_botocores_bytes_for_blobs(at, sleeps):
    with Scripted(OK) as server:
        at(server)
        answer = dynamo.client().get_item(TableName="t", Key={"pk": {"S": "a"}})
    assert answer["Item"] == {"pk": {"S": "a"}, "blob": {"B": b"\x00\xff"}}
    assert dynamo.from_dynamo(answer["Item"]) == {"pk": "a", "blob": b"\x00\xff"}
    ((_, headers, _),) = server.requests
    assert headers["X-Amz-Target"] == "DynamoDB_20120810.GetItem"


def test_an_error_is_a_client_error_with_the_services_fields(at, sleeps):
    reasons = [{"Code": "ConditionalCheckFailed", "Message": "failed"}, {"Code": "None"}]
    with Scripted(error("TransactionCanceledException", CancellationReasons=reasons)) as server:
        at(server)
        with pytest.raises(ClientError) as raised:
            dynamo.client().transact_write_items(
                TransactItems=[{"ConditionCheck": {"TableName": "t", "Key": {}, "ConditionExpression": "a = b"}}]
            )
    assert aws_clients.error_code(raised.value) == "TransactionCanceledException"
    assert aws_clients.error_message(raised.value) == "no"
    assert raised.value.response["CancellationReasons"] == reasons
    assert len(server.requests) == 1 and sleeps == []  # a client error is not retried


def test_throttling_is_retried_and_each_retry_logged_without_credentials(at, sleeps, caplog, monkeypatch):
    monkeypatch.setenv("AWS_SESSION_TOKEN", "session-token")
    caplog.set_level(logging.DEBUG)
    with Scripted(error("ProvisionedThroughputExceededException"), (503, {}, b"<html>busy</html>"), OK) as server:
        at(server)
        answer = dynamo.client().get_item(TableName="t", Key={"pk": {"S": "a"}})
    assert answer["ResponseMetadata"]["RetryAttempts"] == 2 and len(server.requests) == 3
    assert len(sleeps) == 2 and 0 <= sleeps[0] <= 1.0  # throttled: rand * 1 s
    retried = [record for record in caplog.records if record.getMessage() == "AWS call retried"]
    assert [(r.levelname, r.aws_service, r.operation, r.attempt, r.error, r.status) for r in retried] == [
        ("WARNING", "dynamodb", "GetItem", 2, "ProvisionedThroughputExceededException", 400),
        ("WARNING", "dynamodb", "GetItem", 3, "503", 503),
    ]
    ours = [record for record in caplog.records if not record.name.startswith(("botocore", "urllib3"))]
    logged = "".join(f"{record.getMessage()} {vars(record)}" for record in ours)
    assert retried and "session-token" not in logged and "testing" not in logged  # conftest's fake keys


def test_no_retry_wait_outlives_the_invocation(at, sleeps, monkeypatch):
    with Scripted(error("ThrottlingException")) as server:
        at(server)
        monkeypatch.setattr(deadline, "_deadline", time.monotonic() + 3)  # less than a retry may wait
        with pytest.raises(ClientError, match="ThrottlingException"):
            dynamo.client().get_item(TableName="t", Key={"pk": {"S": "a"}})
        assert len(server.requests) == 1 and sleeps == []
        monkeypatch.setattr(deadline, "_deadline", None)  # outside a handler: botocore's attempts
        with pytest.raises(ClientError, match="ThrottlingException"):
            dynamo.client().get_item(TableName="t", Key={"pk": {"S": "a"}})
    assert len(server.requests) == 1 + 4 and len(sleeps) == 3  # DynamoDB: 4 attempts in standard mode


def test_an_endpoint_that_does_not_answer_is_retried_then_one_error(monkeypatch, sleeps):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{port}")
    with pytest.raises(EndpointConnectionError, match=str(port)):
        aws_clients.client("ssm").get_parameter(Name="/x")
    assert len(sleeps) == 2  # 3 attempts


def test_binary_values_round_trip_through_the_table_and_the_stream_shapes(aws):
    """A publish's digests are bytes: stored as binary, read back as bytes."""
    digests = bytes(range(256)) * 3
    item = {"pk": "board#b", "sk": "published", "digests": digests, "fingerprint": "f"}
    aws.boards.client.put_item(TableName=aws.boards.table_name, Item=dynamo.to_dynamo(item))
    assert aws.boards.snapshot("b").published["digests"] == digests
    stored = aws.dynamodb.get_item(
        TableName=aws.boards.table_name, Key={"pk": {"S": "board#b"}, "sk": {"S": "published"}}
    )
    assert stored["Item"]["digests"]["B"] == digests  # binary in the table, not base64 text stored as bytes
    # A stream record from Lambda carries base64 text; one read through boto3 (local tooling) bytes.
    assert dynamo.from_dynamo({"d": {"B": "AP8="}, "s": {"BS": ["AP8=", "AQ=="]}}) == {
        "d": b"\0\xff",
        "s": [b"\0\xff", b"\1"],
    }
    assert dynamo.from_dynamo({"d": {"B": b"\0\xff"}}) == {"d": b"\0\xff"}
