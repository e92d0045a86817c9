import json
import subprocess
import sys

import boto3
import pytest
from moto import mock_aws

from jobboard.publish.github import GitHubPublisher
from jobboard.publish.localgit import LocalGitPublisher
from jobboard.publish.token import clear_secret_cache, github_token, publisher_from_env


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    """tests/conftest.py already removes the token variables and fakes AWS credentials."""
    monkeypatch.delenv("GITHUB_API_URL", raising=False)
    clear_secret_cache()
    yield
    clear_secret_cache()


def test_no_configuration_means_no_token():
    assert github_token() is None


def test_token_from_the_environment(monkeypatch):
    monkeypatch.setenv("GITHUB_TOKEN", "env-token")
    assert github_token() == "env-token"


@pytest.mark.parametrize("secret", ["plain-token", " plain-token\n", json.dumps({"token": "plain-token"})])
def test_token_from_secrets_manager_wins_over_the_environment(monkeypatch, secret):
    monkeypatch.setenv("GITHUB_TOKEN", "env-token")
    monkeypatch.setenv("GITHUB_TOKEN_SECRET", "jobboard/github")
    with mock_aws():
        boto3.client("secretsmanager").create_secret(Name="jobboard/github", SecretString=secret)
        assert github_token() == "plain-token"


@pytest.mark.parametrize("secret", [json.dumps({"password": "hunter2"}), "{hunter2", "   "])
def test_a_secret_without_a_token_is_an_error_not_a_silent_fallback(monkeypatch, secret):
    monkeypatch.setenv("GITHUB_TOKEN", "env-token")
    monkeypatch.setenv("GITHUB_TOKEN_SECRET", "jobboard/github")
    with mock_aws():
        boto3.client("secretsmanager").create_secret(Name="jobboard/github", SecretString=secret)
        with pytest.raises(ValueError, match="secret jobboard/github") as failure:
            github_token()
    assert "hunter2" not in str(failure.value)


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


def test_importing_token_loads_neither_requests_nor_the_aws_sdk():
    code = "import sys, jobboard.publish.token; print(sorted({'requests', 'boto3', 'botocore'} & set(sys.modules)))"
    assert (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"
    )
