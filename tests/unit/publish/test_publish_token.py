import json

import boto3
import pytest
from moto import mock_aws

from jobboard.publish.github import GitHubPublisher
from jobboard.publish.localgit import LocalGitPublisher
from jobboard.publish.token import TOKEN_MAX_AGE_SECONDS, github_token, publisher_from_env


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    """tests/conftest.py already removes the token variables, fakes AWS credentials and forgets
    the clients (and the values their providers cached) around each test."""
    monkeypatch.delenv("GITHUB_API_URL", raising=False)


def test_no_configuration_means_no_token():
    assert github_token() is None


def test_token_from_the_environment(monkeypatch):
    monkeypatch.setenv("GITHUB_TOKEN", "env-token")
    assert github_token() == "env-token"


@pytest.mark.parametrize("stored", ["plain-token", " plain-token\n", json.dumps({"token": "plain-token"})])
def test_token_from_an_ssm_securestring_wins_over_the_environment(monkeypatch, stored):
    monkeypatch.setenv("GITHUB_TOKEN", "env-token")
    monkeypatch.setenv("GITHUB_TOKEN_PARAMETER", "/jobboard/github-token")
    with mock_aws():
        boto3.client("ssm").put_parameter(Name="/jobboard/github-token", Value=stored, Type="SecureString")
        assert github_token() == "plain-token"


def test_the_token_is_cached_while_warm_then_read_again(monkeypatch):
    """A rotated token reaches a warm function after TOKEN_MAX_AGE_SECONDS, not on every publish."""
    from datetime import datetime, timedelta

    from aws_lambda_powertools.utilities.parameters import base

    monkeypatch.setenv("GITHUB_TOKEN_PARAMETER", "/jobboard/github-token")
    with mock_aws():
        ssm = boto3.client("ssm")
        ssm.put_parameter(Name="/jobboard/github-token", Value="first", Type="SecureString")
        assert github_token() == "first"
        ssm.put_parameter(Name="/jobboard/github-token", Value="rotated", Type="SecureString", Overwrite=True)
        assert github_token() == "first"
        later = datetime.now() + timedelta(seconds=TOKEN_MAX_AGE_SECONDS + 1)
        monkeypatch.setattr(base, "datetime", type("Later", (datetime,), {"now": staticmethod(lambda: later)}))
        assert github_token() == "rotated"


@pytest.mark.parametrize("secret", ["plain-token", " plain-token\n", json.dumps({"token": "plain-token"})])
def test_token_from_secrets_manager_wins_over_the_parameter_and_the_environment(monkeypatch, secret):
    monkeypatch.setenv("GITHUB_TOKEN", "env-token")
    monkeypatch.setenv("GITHUB_TOKEN_PARAMETER", "/jobboard/github-token")
    monkeypatch.setenv("GITHUB_TOKEN_SECRET", "jobboard/github")
    with mock_aws():
        boto3.client("secretsmanager").create_secret(Name="jobboard/github", SecretString=secret)
        assert github_token() == "plain-token"


@pytest.mark.parametrize("stored", [json.dumps({"password": "hunter2"}), "{hunter2", "   "])
def test_a_value_without_a_token_is_an_error_not_a_silent_fallback(monkeypatch, stored):
    monkeypatch.setenv("GITHUB_TOKEN", "env-token")
    monkeypatch.setenv("GITHUB_TOKEN_SECRET", "jobboard/github")
    with mock_aws():
        boto3.client("secretsmanager").create_secret(Name="jobboard/github", SecretString=stored)
        with pytest.raises(ValueError, match="secret jobboard/github") as failure:
            github_token()
    assert "hunter2" not in str(failure.value)


def test_a_parameter_that_cannot_be_read_is_named(monkeypatch):
    monkeypatch.setenv("GITHUB_TOKEN_PARAMETER", "/jobboard/github-token")
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")  # nothing answers there
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    with pytest.raises(ValueError, match="cannot read the GitHub token from parameter /jobboard/github-token"):
        github_token()


def test_publisher_from_env_picks_github_when_a_token_exists(monkeypatch, tmp_path):
    monkeypatch.setenv("GITHUB_TOKEN", "env-token")
    monkeypatch.setenv("GITHUB_API_URL", "https://ghe.example.com/api/v3")

    publisher = publisher_from_env(tmp_path)

    assert isinstance(publisher, GitHubPublisher) and publisher.api_url == "https://ghe.example.com/api/v3"


def test_publisher_from_env_defaults_to_github_com(monkeypatch, tmp_path):
    monkeypatch.setenv("GITHUB_TOKEN", "env-token")
    assert publisher_from_env(tmp_path).api_url == "https://api.github.com"


def test_publisher_from_env_falls_back_to_local_git(tmp_path):
    publisher = publisher_from_env(tmp_path)
    assert isinstance(publisher, LocalGitPublisher) and publisher.root == tmp_path


def test_publisher_from_env_without_token_or_local_root_is_none():
    assert publisher_from_env(None) is None
