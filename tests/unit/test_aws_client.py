"""jobboard.aws, the JSON-protocol client Lambda runs: SigV4 as botocore signs, endpoints and
credentials as botocore finds them, errors shaped as botocore's, retries as its standard mode."""

from __future__ import annotations

import json
import logging
import socket
from datetime import datetime, timezone

import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials as BotocoreCredentials

from jobboard import aws
from jobboard.aws import AwsError, Credentials, JsonClient, sigv4_headers
from jobboard_local.loopback import LoopbackServer

WHEN = datetime(2026, 11, 30, 1, 2, 3, tzinfo=timezone.utc)
CREDS = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")


def botocore_authorization(monkeypatch, url: str, headers: dict, body: bytes, creds: Credentials, service: str) -> str:
    """The Authorization header botocore's SigV4Auth gives the same request at WHEN."""
    monkeypatch.setattr("botocore.auth.get_current_datetime", lambda: WHEN.replace(tzinfo=None))
    request = AWSRequest(method="POST", url=url, headers=dict(headers), data=body)
    SigV4Auth(BotocoreCredentials(creds.access_key, creds.secret_key, creds.token), service, "eu-west-3").add_auth(
        request
    )
    return request.headers["Authorization"]


@pytest.mark.parametrize(
    ("url", "creds", "body"),
    [
        ("https://dynamodb.eu-west-3.amazonaws.com/", CREDS, b'{"TableName":"t"}'),
        ("https://dynamodb.eu-west-3.amazonaws.com/", CREDS._replace(token="FQoGZXIvYXdzE//token+/="), b"{}"),
        (
            "https://dynamodb.eu-west-3.amazonaws.com/",
            CREDS,
            json.dumps({"Item": {"title": {"S": "Ingénieur·e ☃ 日本"}}}, ensure_ascii=False).encode(),
        ),
        ("http://127.0.0.1:4566/prefix/./api/../dynamo//", CREDS._replace(token="tok"), b"{}"),
        ("http://LocalHost:80/", CREDS, b""),
        ("https://[::1]:8443/", CREDS, b"{}"),
    ],
)
def test_signature_is_botocores(monkeypatch, url, creds, body):
    headers = {
        "Content-Type": "application/x-amz-json-1.0",
        "X-Amz-Target": "DynamoDB_20120810.PutItem",
        "x-amzn-query-mode": "true",
    }
    ours = sigv4_headers("POST", url, headers, body, creds, "eu-west-3", "dynamodb", WHEN.timetuple())
    assert ours["Authorization"] == botocore_authorization(monkeypatch, url, headers, body, creds, "dynamodb")
    assert ours["X-Amz-Date"] == "20261130T010203Z"
    assert ours.get("X-Amz-Security-Token") == creds.token


def test_signature_matches_the_aws_test_suites_post_vanilla():
    """AWS's Signature Version 4 test suite, post-vanilla: POST / to example.amazonaws.com."""
    when = datetime(2015, 8, 30, 12, 36, tzinfo=timezone.utc).timetuple()
    signed = sigv4_headers("POST", "https://example.amazonaws.com/", {}, b"", CREDS, "us-east-1", "service", when)
    assert signed["Authorization"] == (
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
        "SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"
    )


class Scripted(LoopbackServer):
    """An AWS stand-in answering each request with the next scripted (status, headers, body)."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.requests: list[tuple[str, dict, bytes]] = []

    def answer(self, method, raw_path, headers, body):
        self.requests.append((raw_path, dict(headers), body))
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


def error(code: str, status: int = 400, message: str = "no", **fields) -> tuple[int, dict, bytes]:
    body = {"__type": f"com.amazonaws.dynamodb.v20120810#{code}", "message": message, **fields}
    return status, {"x-amzn-RequestId": "req-1"}, json.dumps(body).encode()


OK = (200, {"x-amzn-RequestId": "req-2"}, b'{"Item": {"pk": {"S": "a"}, "blob": {"B": "AP8="}}}')


def dynamodb(server: Scripted, sleeps: list, **options) -> JsonClient:
    return JsonClient("dynamodb", endpoint=server.url + "/", creds=CREDS, sleep=sleeps.append, **options)


def test_a_call_sends_what_botocore_would_and_reads_the_answer(monkeypatch):
    with Scripted(OK) as server:
        url = server.url + "/"
        answer = dynamodb(server, []).get_item(TableName="t", Key={"pk": {"S": "a"}, "blob": {"B": b"\x00\xff"}})
    assert answer["Item"] == {"pk": {"S": "a"}, "blob": {"B": "AP8="}}  # blobs stay base64 text
    assert answer["ResponseMetadata"]["RequestId"] == "req-2" and answer["ResponseMetadata"]["HTTPStatusCode"] == 200
    ((path, headers, body),) = server.requests
    assert path == "/" and json.loads(body) == {"TableName": "t", "Key": {"pk": {"S": "a"}, "blob": {"B": "AP8="}}}
    assert headers["X-Amz-Target"] == "DynamoDB_20120810.GetItem"
    assert headers["Content-Type"] == "application/x-amz-json-1.0"
    # What went on the wire is signed as botocore signs it (its own clock set to the request's).
    signed = {name: headers[name] for name in ("Content-Type", "X-Amz-Target")}
    stamp = datetime.strptime(headers["X-Amz-Date"], "%Y%m%dT%H%M%SZ")
    monkeypatch.setattr("botocore.auth.get_current_datetime", lambda: stamp)
    request = AWSRequest(method="POST", url=url, headers=signed, data=body)
    SigV4Auth(BotocoreCredentials(CREDS.access_key, CREDS.secret_key), "dynamodb", "us-east-1").add_auth(request)
    assert headers["Authorization"] == request.headers["Authorization"]


def test_an_error_is_shaped_as_botocores_client_error():
    reasons = [{"Code": "ConditionalCheckFailed", "Message": "failed"}, {"Code": "None"}]
    with Scripted(error("TransactionCanceledException", CancellationReasons=reasons)) as server:
        with pytest.raises(AwsError) as raised:
            dynamodb(server, []).transact_write_items(TransactItems=[])
    exc = raised.value
    assert exc.operation_name == "TransactWriteItems" and exc.code == "TransactionCanceledException"
    assert exc.response["Error"] == {"Code": "TransactionCanceledException", "Message": "no"}
    assert exc.response["CancellationReasons"] == reasons
    assert exc.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert (
        str(exc) == "An error occurred (TransactionCanceledException) when calling the TransactWriteItems operation: no"
    )


def test_sqs_errors_take_the_code_of_the_query_error_header():
    answer = (
        400,
        {"x-amzn-query-error": "AWS.SimpleQueueService.NonExistentQueue;Sender"},
        b'{"__type": "com.amazonaws.sqs#QueueDoesNotExist", "message": "The specified queue does not exist."}',
    )
    with Scripted(answer) as server:
        sqs = JsonClient("sqs", endpoint=server.url, creds=CREDS)
        with pytest.raises(AwsError) as raised:
            sqs.send_message(QueueUrl=server.url + "/1/q", MessageBody="x")
    assert raised.value.response["Error"] == {
        "Code": "AWS.SimpleQueueService.NonExistentQueue",
        "Message": "The specified queue does not exist.",
        "QueryErrorCode": "QueueDoesNotExist",
        "Type": "Sender",
    }
    ((_, headers, _),) = server.requests
    assert headers["X-Amz-Target"] == "AmazonSQS.SendMessage" and headers["x-amzn-query-mode"] == "true"


def test_throttling_and_5xx_are_retried_with_jittered_backoff():
    with Scripted(error("ProvisionedThroughputExceededException"), (503, {}, b"<html>busy</html>"), OK) as server:
        sleeps: list[float] = []
        calls: list[aws.Call] = []
        client = dynamodb(server, sleeps)
        client.observe(calls.append)
        assert client.get_item(TableName="t")["ResponseMetadata"]["RetryAttempts"] == 2
    assert len(server.requests) == 3 and len(sleeps) == 2
    assert 0 <= sleeps[0] <= 1.0  # throttled: rand * 1 s
    assert 0 <= sleeps[1] <= 0.05  # transient, DynamoDB: rand * 25 ms * 2
    ((call),) = calls  # one call observed, retries included
    assert (call.operation, call.status, call.params) == ("GetItem", 200, {"TableName": "t"})
    assert call.received_bytes == len(OK[2]) and call.seconds > 0


def test_retries_are_bounded_and_the_last_error_raised():
    with Scripted(error("ThrottlingException")) as server:
        sleeps: list[float] = []
        with pytest.raises(AwsError, match="ThrottlingException"):
            dynamodb(server, sleeps, max_attempts=4).query(TableName="t")
    assert len(server.requests) == 4 and len(sleeps) == 3


def test_the_service_may_ask_for_a_longer_wait():
    with Scripted((429, {"x-amz-retry-after": "3000"}, b"{}"), OK) as server:
        sleeps: list[float] = []
        dynamodb(server, sleeps).get_item(TableName="t")
    assert 3.0 <= sleeps[0] <= 4.0  # x-amz-retry-after, capped at the backoff + 5 s


def test_a_client_error_is_not_retried():
    with Scripted(error("ConditionalCheckFailedException"), OK) as server:
        sleeps: list[float] = []
        with pytest.raises(AwsError) as raised:
            dynamodb(server, sleeps).put_item(TableName="t", Item={})
    assert raised.value.code == "ConditionalCheckFailedException" and len(server.requests) == 1 and sleeps == []


def test_no_retry_wait_outlives_the_invocation():
    with Scripted(error("ThrottlingException")) as server:
        sleeps: list[float] = []
        client = dynamodb(server, sleeps, seconds_left=lambda: 0.001)
        with pytest.raises(AwsError, match="ThrottlingException"):
            client.get_item(TableName="t")
    assert len(server.requests) == 1 and sleeps == []
    assert client._timeout() == (1.0, 1.0)  # and no request waits past it either
    assert JsonClient("dynamodb")._timeout() == (aws.CONNECT_TIMEOUT, aws.READ_TIMEOUT)  # outside a handler


def test_an_endpoint_that_does_not_answer_is_retried_then_one_error():
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    sleeps: list[float] = []
    client = JsonClient("ssm", endpoint=f"http://127.0.0.1:{port}", creds=CREDS, sleep=sleeps.append)
    with pytest.raises(AwsError) as raised:
        client.get_parameter(Name="/x")
    assert raised.value.code == "EndpointConnectionError" and str(port) in raised.value.message
    assert len(sleeps) == aws.MAX_ATTEMPTS - 1


def test_endpoints_are_found_as_botocore_finds_them(monkeypatch):
    for name in (
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_SECRETS_MANAGER",
        "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
        "AWS_USE_FIPS_ENDPOINT",
        "AWS_USE_DUALSTACK_ENDPOINT",
    ):
        monkeypatch.delenv(name, raising=False)
    assert JsonClient("secretsmanager").url == "https://secretsmanager.us-east-1.amazonaws.com"
    assert JsonClient("ssm", region_name="cn-north-1").url == "https://ssm.cn-north-1.amazonaws.com.cn"
    monkeypatch.setenv("AWS_REGION", "eu-west-3")
    assert JsonClient("dynamodb").url == "https://dynamodb.eu-west-3.amazonaws.com"
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://localhost:5000")
    monkeypatch.setenv("AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://localhost:5001")
    assert JsonClient("secretsmanager").url == "http://localhost:5001"
    assert JsonClient("sqs").url == "http://localhost:5000"
    monkeypatch.setenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")
    assert JsonClient("sqs").url == "https://sqs.eu-west-3.amazonaws.com"
    monkeypatch.setenv("AWS_USE_FIPS_ENDPOINT", "true")  # not derived here: said, not ignored
    with pytest.raises(ValueError, match="AWS_USE_FIPS_ENDPOINT is not supported.*AWS_ENDPOINT_URL_SQS"):
        JsonClient("sqs")


def test_credentials_come_from_the_environment_else_botocores_chain(monkeypatch, tmp_path):
    assert aws.credentials() == Credentials("testing", "testing", "testing")  # conftest's, as Lambda sets them
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name)
    shared = tmp_path / "credentials"
    shared.write_text("[dev]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret\n")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(shared))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_PROFILE", "dev")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")  # never the network
    aws.session.cache_clear()
    try:
        assert aws.credentials() == Credentials("AKIDPROFILE", "profile-secret", None)
        monkeypatch.delenv("AWS_PROFILE")
        aws.session.cache_clear()
        assert aws.credentials() is None
        with Scripted(OK) as server, pytest.raises(AwsError, match="unable to locate AWS credentials"):
            JsonClient("dynamodb", endpoint=server.url).get_item(TableName="t")
        assert server.requests == []
    finally:
        aws.session.cache_clear()
    assert "profile-secret" not in repr(Credentials("AKIDPROFILE", "profile-secret"))


def test_s3_stays_with_botocore():
    s3 = aws.client("s3")
    assert type(s3).__module__ == "botocore.client" and s3.meta.region_name == "us-east-1"
    assert isinstance(aws.client("dynamodb"), JsonClient)


def test_binary_values_round_trip_through_the_table_and_the_stream_shapes(aws):
    """A publish's digests are bytes: sent as base64, stored as binary, read back as bytes."""
    import boto3

    from jobboard.store import dynamo

    digests = bytes(range(256)) * 3
    item = {"pk": "board#b", "sk": "published", "digests": digests, "fingerprint": "f"}
    aws.boards.client.put_item(TableName=aws.boards.table_name, Item=dynamo.to_dynamo(item))
    assert aws.boards.snapshot("b").published["digests"] == digests
    stored = boto3.client("dynamodb").get_item(
        TableName=aws.boards.table_name, Key={"pk": {"S": "board#b"}, "sk": {"S": "published"}}
    )
    assert stored["Item"]["digests"]["B"] == digests  # binary in the table, not base64 text stored as bytes
    # A stream record from Lambda carries base64 text; one read through boto3 (local tooling) bytes.
    assert dynamo.from_dynamo({"d": {"B": "AP8="}, "s": {"BS": ["AP8=", "AQ=="]}}) == {
        "d": b"\0\xff",
        "s": [b"\0\xff", b"\1"],
    }
    assert dynamo.from_dynamo({"d": {"B": b"\0\xff"}}) == {"d": b"\0\xff"}


def test_a_retried_transaction_carries_one_idempotency_token():
    """As botocore fills it in: DynamoDB applies a transaction retried after a lost answer once."""
    with Scripted((500, {}, b""), (200, {}, b"{}")) as server:
        dynamodb(server, []).transact_write_items(TransactItems=[])
        dynamodb(server, []).transact_write_items(TransactItems=[], ClientRequestToken="mine")
    first, retry, own = (json.loads(body)["ClientRequestToken"] for _, _, body in server.requests)
    assert first == retry and len(first) == 32 and own == "mine"


def test_a_retry_is_logged_structured_without_credentials(caplog):
    caplog.set_level(logging.DEBUG)
    with Scripted(error("ThrottlingException"), OK) as server:
        JsonClient(
            "dynamodb", endpoint=server.url, creds=CREDS._replace(token="session-token"), sleep=lambda _: None
        ).get_item(TableName="t")
    (retried,) = [record for record in caplog.records if record.getMessage() == "AWS call retried"]
    assert retried.levelname == "WARNING"
    fields = vars(retried)
    assert (fields["aws_service"], fields["operation"], fields["error"]) == (
        "dynamodb",
        "GetItem",
        "ThrottlingException",
    )
    logged = caplog.text + "".join(str(vars(record)) for record in caplog.records)
    assert CREDS.secret_key not in logged and "session-token" not in logged
