import pytest

from jobboard_local.github_standin import GitHubStandin
from jobboard.publish.github import GitHubPublisher

TOKEN = "ghp_standinSECRETtoken1234567890"


@pytest.fixture
def github():
    with GitHubStandin(token=TOKEN) as standin:
        yield standin


@pytest.fixture
def sleeps():
    return []


@pytest.fixture
def publisher(github, sleeps):
    return GitHubPublisher(github.api_url, TOKEN, sleep=sleeps.append)
