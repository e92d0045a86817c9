"""ConfigSource: the deployed config read from an S3 object or SSM parameter instead of the bundled file."""

from __future__ import annotations

from pathlib import Path

import boto3
import pytest
import yaml
from moto import mock_aws

from jobboard import runtime as runtime_module
from jobboard.config import ConfigError, load_config
from jobboard.runtime import runtime

REPO = Path(__file__).resolve().parents[2]


def _own_config() -> str:
    """The bundled config with only its first board, renamed: clearly not the bundled file."""
    data = yaml.safe_load((REPO / "jobboard.yaml").read_text(encoding="utf-8"))
    data["boards"] = [{**data["boards"][0], "id": "forked-board"}]
    return yaml.safe_dump(data)


@pytest.fixture(autouse=True)
def _aws(monkeypatch):
    monkeypatch.setenv("JOBBOARD_CONFIG", str(REPO / "jobboard.yaml"))
    with mock_aws():
        yield


def test_config_comes_from_an_s3_object(monkeypatch):
    boto3.client("s3").create_bucket(Bucket="my-lists")
    boto3.client("s3").put_object(Bucket="my-lists", Key="prod/jobboard.yaml", Body=_own_config().encode())
    monkeypatch.setenv("JOBBOARD_CONFIG_SOURCE", "s3://my-lists/prod/jobboard.yaml")
    assert [b.id for b in load_config().boards] == ["forked-board"]


def test_config_comes_from_an_ssm_parameter(monkeypatch):
    boto3.client("ssm").put_parameter(Name="/jobboard/config", Value=_own_config(), Type="String", Tier="Advanced")
    monkeypatch.setenv("JOBBOARD_CONFIG_SOURCE", "ssm:/jobboard/config")
    assert [b.id for b in load_config().boards] == ["forked-board"]


def test_empty_source_means_the_bundled_file(monkeypatch):
    monkeypatch.setenv("JOBBOARD_CONFIG_SOURCE", "")
    assert "forked-board" not in [b.id for b in load_config().boards]


@pytest.mark.parametrize(
    "source, expected",
    [
        (
            "s3://my-lists/missing.yaml",
            "ConfigSource s3://my-lists/missing.yaml: cannot read the configuration (NoSuchKey",
        ),
        (
            "ssm:/no/such/parameter",
            "ConfigSource ssm:/no/such/parameter: cannot read the configuration (ParameterNotFound",
        ),
        ("https://example.com/jobboard.yaml", "expected s3://BUCKET/KEY or ssm:/PARAMETER/NAME"),
        ("s3://bucket-only", "expected s3://BUCKET/KEY"),
    ],
)
def test_an_unreadable_source_is_a_config_error_naming_it(monkeypatch, source, expected):
    boto3.client("s3").create_bucket(Bucket="my-lists")
    monkeypatch.setenv("JOBBOARD_CONFIG_SOURCE", source)
    with pytest.raises(ConfigError) as raised:
        load_config()
    assert expected in str(raised.value)


def test_warm_functions_reread_a_changed_source_after_its_max_age(monkeypatch):
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket="my-lists")
    s3.put_object(Bucket="my-lists", Key="jobboard.yaml", Body=_own_config().encode())
    monkeypatch.setenv("JOBBOARD_CONFIG_SOURCE", "s3://my-lists/jobboard.yaml")
    clock = [1000.0]
    monkeypatch.setattr(runtime_module.time, "monotonic", lambda: clock[0])
    assert [b.id for b in runtime().config.boards] == ["forked-board"]
    s3.put_object(
        Bucket="my-lists", Key="jobboard.yaml", Body=_own_config().replace("forked-board", "renamed").encode()
    )
    clock[0] += runtime_module.CONFIG_MAX_AGE_SECONDS - 1
    assert [b.id for b in runtime().config.boards] == ["forked-board"]  # kept while fresh
    clock[0] += 1
    assert [b.id for b in runtime().config.boards] == ["renamed"]


def test_template_passes_config_source_to_functions_and_grants_reading_it():
    from jobboard_local.template import load_template

    template = load_template()
    assert template["Parameters"]["ConfigSource"]["Default"] == ""
    env = template["Globals"]["Function"]["Environment"]["Variables"]
    assert env["JOBBOARD_CONFIG_SOURCE"] == {"Ref": "ConfigSource"}
    grant = {"Fn::If": ["HasConfigSource", {"Ref": "ConfigReadPolicy"}, {"Ref": "AWS::NoValue"}]}
    functions = {k: r for k, r in template["Resources"].items() if r["Type"] == "AWS::Serverless::Function"}
    # Every function but the stream consumer (which never loads the config) may read it.
    missing = [k for k, r in functions.items() if k != "StatsFunction" and grant not in r["Properties"]["Policies"]]
    assert missing == []


def test_a_parameter_is_read_once_per_max_age(monkeypatch):
    """Powertools' provider keeps the parameter for CONFIG_MAX_AGE_SECONDS: warm functions that load
    the config again within it make no request."""
    from datetime import datetime, timedelta

    from aws_lambda_powertools.utilities.parameters import base

    from jobboard.config_source import read_source

    ssm = boto3.client("ssm")
    ssm.put_parameter(Name="/jobboard/config", Value="first", Type="String")
    assert read_source("ssm:/jobboard/config") == "first"
    ssm.put_parameter(Name="/jobboard/config", Value="edited", Type="String", Overwrite=True)
    assert read_source("ssm:/jobboard/config") == "first"
    later = datetime.now() + timedelta(seconds=runtime_module.CONFIG_MAX_AGE_SECONDS + 1)
    monkeypatch.setattr(base, "datetime", type("Later", (datetime,), {"now": staticmethod(lambda: later)}))
    assert read_source("ssm:/jobboard/config") == "edited"
