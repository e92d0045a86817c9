import os
import subprocess

import pytest

from jobboard.publish.base import PublishError
from jobboard.publish.localgit import LocalGitPublisher


def git(repo_dir, *args, text=True):
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", *args], cwd=repo_dir, env=env, check=True, capture_output=True, text=text).stdout


def test_commits_once_then_not_again_for_identical_content(tmp_path):
    publisher = LocalGitPublisher(tmp_path)
    files = {"README.md": "# Jobs 🚀 東京\r\n".encode(), "data/jobs.json": b"[]\n"}

    first = publisher.publish("acme/jobs", "main", files, "First publish")
    second = publisher.publish("acme/jobs", "main", files, "Second publish")

    repo_dir = tmp_path / "acme" / "jobs"
    assert first.committed and not second.committed
    assert second.commit_sha == first.commit_sha == git(repo_dir, "rev-parse", "HEAD").strip()
    assert git(repo_dir, "rev-list", "--count", "HEAD").strip() == "1"
    assert git(repo_dir, "log", "-1", "--format=%an <%ae>|%s").strip() == "jobboard <jobboard@localhost>|First publish"
    assert (repo_dir / "README.md").read_bytes() == files["README.md"]
    assert git(repo_dir, "cat-file", "-p", "HEAD:README.md", text=False) == files["README.md"]
    assert git(repo_dir, "symbolic-ref", "--short", "HEAD").strip() == "main"
    assert first.requests == 0 and first.url == repo_dir.resolve().as_uri()


def test_a_change_is_a_new_commit_that_git_log_shows(tmp_path):
    publisher = LocalGitPublisher(tmp_path)
    publisher.publish("acme/jobs", "main", {"README.md": b"one\n"}, "First")

    result = publisher.publish("acme/jobs", "main", {"README.md": b"two\n"}, "Second")

    repo_dir = tmp_path / "acme" / "jobs"
    assert result.committed
    patch = git(repo_dir, "log", "-p", "-1")
    assert "-one" in patch and "+two" in patch and "Second" in patch


def test_user_git_config_cannot_interfere(tmp_path, monkeypatch):
    config = tmp_path / "gitconfig"
    config.write_text(
        "[user]\n\tname = Someone\n\temail = someone@example.com\n"
        "[commit]\n\tgpgsign = true\n[core]\n\tautocrlf = true\n"
    )
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("HOME", str(tmp_path))

    result = LocalGitPublisher(tmp_path / "out").publish("acme/jobs", "main", {"a.md": b"line\r\n"}, "First")

    repo_dir = tmp_path / "out" / "acme" / "jobs"
    assert result.committed
    assert git(repo_dir, "log", "-1", "--format=%an").strip() == "jobboard"
    assert git(repo_dir, "cat-file", "-p", "HEAD:a.md", text=False) == b"line\r\n"


def test_publishes_to_another_branch_of_an_existing_repository(tmp_path):
    publisher = LocalGitPublisher(tmp_path)
    publisher.publish("acme/jobs", "main", {"README.md": b"main\n"}, "On main")

    result = publisher.publish("acme/jobs", "gh-pages", {"index.md": b"pages\n"}, "On pages")

    repo_dir = tmp_path / "acme" / "jobs"
    assert result.committed
    assert git(repo_dir, "show", "gh-pages:index.md") == "pages\n"
    assert git(repo_dir, "rev-list", "--count", "main").strip() == "1"


def test_paths_outside_the_repository_are_refused(tmp_path):
    with pytest.raises(PublishError):
        LocalGitPublisher(tmp_path).publish("acme/jobs", "main", {"../escape.md": b"x"}, "x")
    assert not (tmp_path / "acme" / "escape.md").exists()


def test_local_stale_pages_are_removed_in_the_same_commit(tmp_path):
    from jobboard.publish.localgit import LocalGitPublisher

    publisher = LocalGitPublisher(tmp_path)
    publisher.publish("acme/jobs", "main", {"README.md": b"a", "pages/2.md": b"b", "notes.md": b"n"}, "long")
    result = publisher.publish(
        "acme/jobs", "main", {"README.md": b"c"}, "short", stale=lambda p: p.startswith("pages/")
    )
    assert result.committed
    assert publisher.read_files("acme/jobs", "main", ["README.md", "pages/2.md", "notes.md"]) == {
        "README.md": b"c",
        "pages/2.md": None,
        "notes.md": b"n",
    }
