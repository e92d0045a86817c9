"""A first deploy that explains itself: missing repository, read-only token, empty secret, no jobs."""

from __future__ import annotations

import boto3
import pytest
from moto import mock_aws

from jobboard.publish.board import publish_board
from jobboard.publish.github import GitHubPublisher
from jobboard.publish.localgit import LocalGitPublisher
from jobboard.publish.token import TokenError, github_token, publisher_from_env
from jobboard_local.github_standin import GitHubStandin

from tests.conftest import NOW
from tests.integration.helpers import greenhouse_job
from tests.integration.test_publish_board import scrape_and_settle

TOKEN = "ghp_firstDeployToken0123456789"
REPO = "example/backend-jobs"  # the board in tests/integration/helpers.config_for


@pytest.fixture
def github():
    with GitHubStandin(token=TOKEN) as standin:
        yield standin


def _publish(aws, source_server, github, token=TOKEN, jobs=1, token_fix="set a valid GitHub token"):
    config = scrape_and_settle(
        aws, source_server, [greenhouse_job(4_600_000_000 + i, f"Backend Engineer {i}") for i in range(jobs)]
    )
    board = config.board("backend")
    publisher = GitHubPublisher(github.api_url, token, sleep=lambda _: None, token_fix=token_fix)
    return board, publish_board(board, config, aws.boards, publisher, NOW)


def test_a_missing_repository_is_named_with_the_fix_before_anything_is_written(aws, source_server, github):
    board, outcome = _publish(aws, source_server, github)
    assert outcome.status == "failed"
    assert outcome.message.startswith(f"{board.github.repo}: no such repository, or the token cannot see it")
    assert "create it on GitHub" in outcome.message
    assert github.requests == ["GET repo"]  # checked first: no write was tried


def test_a_token_that_cannot_write_is_told_before_publishing(aws, source_server, github):
    github.create_repo(REPO, push=False)
    _, outcome = _publish(aws, source_server, github)
    assert outcome.status == "failed"
    assert "the token can read the repository but not write to it: give it Contents read and write" in outcome.message
    assert github.requests == ["GET repo"]


def test_an_archived_repository_is_named(aws, source_server, github):
    github.create_repo(REPO, archived=True)
    _, outcome = _publish(aws, source_server, github)
    assert outcome.status == "failed" and "archived" in outcome.message


def test_a_rejected_token_names_the_secret_to_put_it_in(aws, source_server, github):
    github.create_repo(REPO)
    fix = "put the token with aws secretsmanager put-secret-value --secret-id jobboard/github --secret-string TOKEN"
    _, outcome = _publish(aws, source_server, github, token="ghp_wrong", token_fix=fix)
    assert outcome.status == "failed"
    assert "HTTP 401" in outcome.message and outcome.message.endswith(fix)
    assert "ghp_wrong" not in outcome.message


def test_a_writable_empty_repository_gets_its_first_publish_after_one_check(aws, source_server, github):
    github.create_repo(REPO)
    board, outcome = _publish(aws, source_server, github, jobs=2)
    assert outcome.status == "published" and outcome.jobs == 2
    assert github.requests[0] == "GET repo" and github.requests.count("GET repo") == 1
    assert github.file_at(board.github.repo, board.github.branch, board.github.path)


def test_later_publishes_do_not_check_again(aws, source_server, github):
    github.create_repo(REPO)
    _publish(aws, source_server, github, jobs=2)
    github.reset_requests()
    _, outcome = _publish(aws, source_server, github, jobs=3)
    assert outcome.status == "published" and "GET repo" not in github.requests


def test_an_empty_first_publish_is_held_and_commits_nothing(aws, source_server, tmp_path):
    config = scrape_and_settle(aws, source_server, [])
    board = config.board("backend")
    outcome = publish_board(board, config, aws.boards, LocalGitPublisher(tmp_path), NOW)
    assert outcome.status == "held" and outcome.message.startswith("first publish held: the board has 0 jobs")
    assert not (tmp_path / board.github.repo).exists()
    assert aws.boards.snapshot("backend").published == {}  # the next run tries again
    forced = publish_board(board, config, aws.boards, LocalGitPublisher(tmp_path), NOW, force=True)
    assert forced.status == "held" and not (tmp_path / board.github.repo).exists()  # not even forced


class TestTokenSecret:
    @pytest.fixture(autouse=True)
    def _secret_env(self, monkeypatch):
        monkeypatch.setenv("GITHUB_TOKEN_PARAMETER", "/jobboard-dev/github-token")  # the secret wins
        monkeypatch.setenv("GITHUB_TOKEN_SECRET", "jobboard-dev/github")
        with mock_aws():
            yield

    def test_a_secret_created_without_a_value_says_how_to_put_the_token(self):
        boto3.client("secretsmanager").create_secret(Name="jobboard-dev/github")
        with pytest.raises(TokenError) as raised:
            github_token()
        assert str(raised.value) == (
            "secret jobboard-dev/github holds no GitHub token yet: put the token with aws secretsmanager "
            "put-secret-value --secret-id jobboard-dev/github --secret-string TOKEN"
        )

    def test_an_empty_secret_value_says_the_same_fix(self):
        boto3.client("secretsmanager").create_secret(Name="jobboard-dev/github", SecretString=" ")
        with pytest.raises(TokenError, match="put-secret-value --secret-id jobboard-dev/github"):
            github_token()

    def test_the_publisher_names_the_secret_when_github_rejects_its_token(self, tmp_path):
        boto3.client("secretsmanager").create_secret(Name="jobboard-dev/github", SecretString="ghp_x")
        publisher = publisher_from_env(tmp_path)
        assert isinstance(publisher, GitHubPublisher)
        assert publisher.token_fix.endswith("--secret-id jobboard-dev/github --secret-string TOKEN")


class TestTokenParameter:
    """The default: an SSM SecureString parameter the operator creates after deploying."""

    NAME = "/jobboard-dev/github-token"
    FIX = "put the token with aws ssm put-parameter --name /jobboard-dev/github-token --type SecureString"

    @pytest.fixture(autouse=True)
    def _parameter_env(self, monkeypatch):
        monkeypatch.setenv("GITHUB_TOKEN_PARAMETER", self.NAME)
        with mock_aws():
            yield

    def test_a_parameter_not_created_yet_says_how_to_put_the_token(self):
        with pytest.raises(TokenError) as raised:
            github_token()
        assert (
            str(raised.value)
            == f"parameter {self.NAME} holds no GitHub token yet: {self.FIX} --overwrite --value TOKEN"
        )

    def test_the_publisher_names_the_parameter_when_github_rejects_its_token(self, tmp_path):
        boto3.client("ssm").put_parameter(Name=self.NAME, Value="ghp_x", Type="SecureString")
        publisher = publisher_from_env(tmp_path)
        assert isinstance(publisher, GitHubPublisher) and publisher.token_fix.startswith(self.FIX)
