"""Shared fixtures: moto-backed tables made from template.yaml, a stream pump, a source stand-in."""

from __future__ import annotations

from datetime import datetime, timezone

import boto3
import pytest
from moto import mock_aws

from jobboard_local.recorded import RecordedSourceServer
from jobboard_local.stream import StreamPump, table_stream_arn
from jobboard_local.template import create_tables, load_template
from jobboard import aws_clients
from jobboard.runtime import runtime
from jobboard.store.boards import BoardsStore
from jobboard.store.postings import PostingsStore

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)
TABLE_NAMES = {"PostingsTable": "test-postings", "BoardsTable": "test-boards"}


@pytest.fixture(autouse=True)
def _offline_aws_env(monkeypatch, tmp_path_factory):
    """No test may reach AWS: fake credentials, a fixed region, no GitHub token; and none reads
    the machine's AWS config (a profile's max_attempts or region would change what a test sees)."""
    nowhere = tmp_path_factory.getbasetemp() / "no-aws-config"
    for name, value in {
        "AWS_CONFIG_FILE": str(nowhere),
        "AWS_SHARED_CREDENTIALS_FILE": str(nowhere),
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_REGION": "us-east-1",
        # moto matches stream calls only without account-id endpoints (see reference notes).
        "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
        "POWERTOOLS_SERVICE_NAME": "jobboard-test",
        "POWERTOOLS_METRICS_DISABLED": "false",  # local runs turn metrics off in os.environ
    }.items():
        monkeypatch.setenv(name, value)
    for name in (
        "GITHUB_TOKEN",
        "GITHUB_TOKEN_PARAMETER",
        "GITHUB_TOKEN_SECRET",
        "AWS_ENDPOINT_URL",
        "AWS_PROFILE",
        "AWS_MAX_ATTEMPTS",
        "AWS_RETRY_MODE",
        "JOBBOARD_CONFIG_SOURCE",
    ):
        monkeypatch.delenv(name, raising=False)
    aws_clients.reset()
    runtime.cache_clear()
    yield
    aws_clients.reset()
    runtime.cache_clear()


class AwsStandIn:
    def __init__(self):
        create_tables(boto3.client("dynamodb", region_name="us-east-1"), load_template(), TABLE_NAMES)
        self.dynamodb = aws_clients.client("dynamodb")  # the handlers' shared client
        self.postings = PostingsStore(TABLE_NAMES["PostingsTable"], self.dynamodb)
        self.boards = BoardsStore(TABLE_NAMES["BoardsTable"], self.dynamodb)
        streams = boto3.client("dynamodbstreams", region_name="us-east-1")
        self.pump = StreamPump(streams, table_stream_arn(self.dynamodb, TABLE_NAMES["PostingsTable"]))


@pytest.fixture
def aws(monkeypatch):
    """moto DynamoDB with the template's tables; handlers find them through their env variables."""
    with mock_aws():
        monkeypatch.setenv("POSTINGS_TABLE", TABLE_NAMES["PostingsTable"])
        monkeypatch.setenv("BOARDS_TABLE", TABLE_NAMES["BoardsTable"])
        yield AwsStandIn()


@pytest.fixture
def source_server():
    with RecordedSourceServer() as server:
        yield server
