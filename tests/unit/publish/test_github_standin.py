"""The stand-in must behave like GitHub where the publisher depends on it, or the publisher tests prove nothing."""

import os
import subprocess

import requests

from jobboard_local.github_standin import GitHubStandin
from jobboard.publish.base import git_blob_sha
from jobboard.publish.github import GitHubPublisher


def auth(github):
    return {"Authorization": f"Bearer {github.token}"}


def test_object_ids_are_the_ones_git_computes(github, tmp_path):
    files = {
        "README.md": "# Jobs 🚀\n".encode(),
        "docs/a.md": b"a\n",
        "docs-x": b"sorts after docs/\n",
        "docs/deep/b.md": b"b\n",
        "z.txt": b"",
    }
    github.create_repo("acme/jobs", files=files)
    standin_tree = github.repo("acme/jobs").commits[github.head("acme/jobs", "main")].tree

    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True, env=env)
    for path, content in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(content)
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True, env=env)
    git_tree = subprocess.run(
        ["git", "write-tree"], cwd=tmp_path, check=True, env=env, capture_output=True, text=True
    ).stdout.strip()

    assert standin_tree == git_tree
    listing = requests.get(f"{github.api_url}/repos/acme/jobs/git/trees/main?recursive=1", headers=auth(github)).json()
    blobs = {e["path"]: e["sha"] for e in listing["tree"] if e["type"] == "blob"}
    assert blobs == {path: git_blob_sha(content) for path, content in files.items()}
    assert {e["path"] for e in listing["tree"] if e["type"] == "tree"} == {"docs", "docs/deep"}


def test_a_tree_can_be_read_by_commit_sha(github):
    github.create_repo("acme/jobs", files={"a.md": b"a\n"})
    head = github.head("acme/jobs", "main")

    answer = requests.get(
        f"{github.api_url}/repos/acme/jobs/git/trees/{head}", params={"recursive": "1"}, headers=auth(github)
    )

    assert answer.status_code == 200
    assert answer.json()["sha"] == github.repo("acme/jobs").commits[head].tree


def test_git_data_on_an_empty_repository_answers_409(github):
    github.create_repo("acme/empty")
    base = f"{github.api_url}/repos/acme/empty"

    assert requests.get(f"{base}/git/ref/heads/main", headers=auth(github)).status_code == 404
    answer = requests.post(f"{base}/git/trees", json={"tree": []}, headers=auth(github))
    assert answer.status_code == 409 and answer.json()["message"] == "Git Repository is empty."
    assert requests.post(f"{base}/git/blobs", json={"content": "x"}, headers=auth(github)).status_code == 409


def test_a_ref_update_that_is_not_a_fast_forward_is_refused_unless_forced(github):
    github.create_repo("acme/jobs", files={"a.md": b"a\n"})
    first = github.head("acme/jobs", "main")
    second = github.commit("acme/jobs", "main", {"b.md": b"b\n"})
    url = f"{github.api_url}/repos/acme/jobs/git/refs/heads/main"

    refused = requests.patch(url, json={"sha": first, "force": False}, headers=auth(github))
    assert refused.status_code == 422 and refused.json()["message"] == "Update is not a fast forward"
    assert github.head("acme/jobs", "main") == second
    assert requests.patch(url, json={"sha": first, "force": True}, headers=auth(github)).status_code == 200
    assert github.head("acme/jobs", "main") == first


def test_requests_without_the_token_are_refused(github):
    github.create_repo("acme/jobs", files={"a.md": b"a\n"})
    url = f"{github.api_url}/repos/acme/jobs/git/ref/heads/main"

    assert requests.get(url).status_code == 401
    assert requests.get(url, headers={"Authorization": "Bearer nope"}).status_code == 401
    assert requests.get(url, headers={"Authorization": f"token {github.token}"}).status_code == 200


def test_rate_limit_answers_carry_githubs_headers(github):
    github.create_repo("acme/jobs", files={"a.md": b"a\n"})
    url = f"{github.api_url}/repos/acme/jobs/git/ref/heads/main"
    github.rate_limit_next(status=403, reset_in=30)
    github.rate_limit_next(status=429, retry_after=5)

    primary, secondary = requests.get(url, headers=auth(github)), requests.get(url, headers=auth(github))

    assert primary.status_code == 403 and primary.headers["x-ratelimit-remaining"] == "0"
    assert int(primary.headers["x-ratelimit-reset"]) > 0
    assert secondary.status_code == 429 and secondary.headers["Retry-After"] == "5"
    assert requests.get(url, headers=auth(github)).status_code == 200


def test_auto_create_makes_unknown_repositories_on_first_use():
    with GitHubStandin(token=None, auto_create=True) as github:
        publisher = GitHubPublisher(github.api_url, "any-token", sleep=lambda s: None)

        result = publisher.publish("someone/board", "main", {"README.md": b"hi\n"}, "First")

        assert result.committed and github.file_at("someone/board", "main", "README.md") == b"hi\n"
