import logging
from collections import Counter

import pytest
import requests

from jobboard_local.github_standin import GitHubStandin
from jobboard.publish.base import BranchMoved, PublishError, git_blob_sha
from jobboard.publish.github import GitHubPublisher, html_url

CHANGED_ROUTES = Counter(
    {"GET git/ref": 1, "GET git/trees": 1, "POST git/trees": 1, "POST git/commits": 1, "PATCH git/refs": 1}
)


def seeded(github, files=None):
    github.create_repo("acme/jobs", files=files or {"README.md": b"old list\n", "LICENSE": b"MIT\n"})
    github.reset_requests()
    return github.head("acme/jobs", "main")


def test_changed_publish_costs_five_requests_and_makes_one_commit(github, publisher):
    before = seeded(github)
    files = {"README.md": b"# Jobs\nnew list\n", "boards/data/jobs.md": b"nested\n"}

    result = publisher.publish("acme/jobs", "main", files, "Update job list")

    assert result.committed and result.requests == 5
    assert github.counts() == CHANGED_ROUTES
    log = github.log("acme/jobs", "main")
    assert [c.message for c in log] == ["Update job list", "Initial commit"]
    assert log[0].sha == result.commit_sha and log[0].parents == (before,)
    assert github.files_at("acme/jobs", "main") == {**files, "LICENSE": b"MIT\n"}
    assert result.url == f"{github.url}/acme/jobs/commit/{result.commit_sha}"


class RecordingSession(requests.Session):
    def __init__(self):
        super().__init__()
        self.sent = []

    def request(self, method, url, **kwargs):
        self.sent.append((method, url, kwargs))
        return super().request(method, url, **kwargs)


def test_sends_a_bearer_token_and_only_the_changed_files(github, sleeps):
    seeded(github, {"README.md": b"old\n", "same.md": b"same\n"})
    session = RecordingSession()
    publisher = GitHubPublisher(github.api_url, github.token, session=session, sleep=sleeps.append)

    publisher.publish("acme/jobs", "main", {"README.md": b"new\n", "same.md": b"same\n"}, "Update")

    assert {kwargs["headers"]["Authorization"] for _, _, kwargs in session.sent} == {f"Bearer {github.token}"}
    tree_post = next(
        kwargs["json"] for method, url, kwargs in session.sent if method == "POST" and url.endswith("/git/trees")
    )
    assert [entry["path"] for entry in tree_post["tree"]] == ["README.md"]
    assert tree_post["tree"][0]["content"] == "new\n"


def test_unchanged_publish_costs_two_requests_and_makes_no_commit(github, publisher):
    head = seeded(github, {"README.md": b"same\n", "docs/a.md": b"a\n"})

    result = publisher.publish("acme/jobs", "main", {"README.md": b"same\n", "docs/a.md": b"a\n"}, "Update")

    assert not result.committed and result.commit_sha == head and result.requests == 2
    assert github.counts() == Counter({"GET git/ref": 1, "GET git/trees": 1})
    assert len(github.log("acme/jobs", "main")) == 1


def test_changing_a_file_in_a_subdirectory_keeps_its_siblings(github, publisher):
    seeded(github, {"docs/a.md": b"a\n", "docs/b.md": b"b\n", "docs/deep/c.md": b"c\n"})

    result = publisher.publish("acme/jobs", "main", {"docs/deep/c.md": b"c2\n"}, "Update c")

    assert result.committed
    assert github.files_at("acme/jobs", "main") == {"docs/a.md": b"a\n", "docs/b.md": b"b\n", "docs/deep/c.md": b"c2\n"}


def test_a_truncated_listing_costs_one_more_request_but_still_no_commit(github, publisher):
    files = {"docs/a.md": b"a\n", "docs/b.md": b"b\n", "docs/deep/c.md": b"c\n"}
    head = seeded(github, files)
    github.tree_listing_limit = 2  # the listing stops before docs/b.md and docs/deep/c.md

    result = publisher.publish("acme/jobs", "main", files, "Update")

    assert not result.committed and result.commit_sha == head and result.requests == 3
    assert github.count("POST git/trees") == 1 and github.count("POST git/commits") == 0


def test_utf8_content_round_trips_byte_exact(github, publisher):
    seeded(github)
    text = "\ufeff# 求人 🚀\r\n| Société | Zürich | 東京 |\r\nemoji 👩🏽‍💻 and nul \x00 end".encode()

    assert publisher.publish("acme/jobs", "main", {"README.md": text}, "Unicode").committed
    assert github.file_at("acme/jobs", "main", "README.md") == text
    github.reset_requests()
    # the blob sha computed locally matches the server's, so the same content is recognised as unchanged
    assert not publisher.publish("acme/jobs", "main", {"README.md": text}, "Unicode").committed
    assert github.count() == 2


def test_bytes_that_are_not_utf8_go_up_as_a_blob(github, publisher):
    seeded(github)
    data = bytes(range(256))

    result = publisher.publish("acme/jobs", "main", {"badge.bin": data, "README.md": b"text\n"}, "Binary")

    assert result.committed and github.count("POST git/blobs") == 1 and result.requests == 6
    assert github.file_at("acme/jobs", "main", "badge.bin") == data


def test_a_branch_that_moved_raises_branch_moved_and_writes_nothing(github, publisher):
    # Rebuilding these files on the new head could put an older render over a newer one:
    # the caller re-renders from the current state instead (tests/integration/test_publish_race.py).
    seeded(github)
    github.commit_before_next_patch("acme/jobs", "main", {"CONTRIBUTING.md": b"theirs\n"})

    with pytest.raises(BranchMoved, match=r"acme/jobs@main: the branch moved") as moved:
        publisher.publish("acme/jobs", "main", {"README.md": b"ours\n"}, "Ours")

    assert moved.value.requests == 5 and github.count("PATCH git/refs") == 1
    assert [c.message for c in github.log("acme/jobs", "main")] == ["A concurrent change", "Initial commit"]
    assert github.file_at("acme/jobs", "main", "README.md") == b"old list\n"


@pytest.mark.parametrize("empty_ref_status", [404, 409])
def test_empty_repository_starts_with_the_contents_api(github, publisher, empty_ref_status):
    github.empty_ref_status = empty_ref_status
    github.create_repo("acme/new")
    files = {"README.md": "# Jobs ✨\n".encode(), "data/jobs.json": b"[]\n", "LICENSE": b"MIT\n"}

    result = publisher.publish("acme/new", "main", files, "First publish")

    assert result.committed and result.requests == 5
    assert github.counts() == Counter(
        {"GET git/ref": 1, "PUT contents": 1, "POST git/trees": 1, "POST git/commits": 1, "PATCH git/refs": 1}
    )
    assert github.files_at("acme/new", "main") == files
    assert result.commit_sha == github.head("acme/new", "main")
    github.reset_requests()
    assert not publisher.publish("acme/new", "main", files, "Again").committed
    assert github.count() == 2


def test_empty_repository_with_one_file_takes_one_contents_call(github, publisher):
    github.create_repo("acme/new", default_branch="master")

    result = publisher.publish("acme/new", "gh-pages", {"README.md": b"hi\n"}, "First")

    assert result.committed and result.requests == 2
    assert github.file_at("acme/new", "gh-pages", "README.md") == b"hi\n"
    assert len(github.log("acme/new", "gh-pages")) == 1


def test_missing_branch_in_a_repository_with_commits_is_an_error(github, publisher):
    seeded(github)

    with pytest.raises(
        PublishError, match=r"acme/jobs@drafts: the repository has commits but no branch .drafts.: create it"
    ):
        publisher.publish("acme/jobs", "drafts", {"README.md": b"x\n"}, "x")


def test_403_rate_limit_waits_until_the_reset_then_succeeds(github, publisher, sleeps):
    seeded(github)
    github.rate_limit_next(status=403, reset_in=30)

    result = publisher.publish("acme/jobs", "main", {"README.md": b"new\n"}, "Update")

    assert result.committed and result.requests == 6
    assert len(sleeps) == 1 and 29 <= sleeps[0] <= 32


def test_429_retry_after_is_honoured(github, publisher, sleeps):
    seeded(github)
    github.rate_limit_next(times=2, status=429, retry_after=7)

    assert publisher.publish("acme/jobs", "main", {"README.md": b"new\n"}, "Update").committed
    assert sleeps == [7.0, 7.0]


def test_a_limit_without_hints_backs_off_at_least_a_minute(github, publisher, sleeps):
    seeded(github)
    github.fail_next("POST git/trees", status=429)

    assert publisher.publish("acme/jobs", "main", {"README.md": b"new\n"}, "Update").committed
    assert sleeps == [60.0]


def test_a_rate_limit_wait_beyond_the_maximum_gives_up_at_once(github, publisher, sleeps):
    seeded(github)
    github.rate_limit_next(status=403, reset_in=3600)

    with pytest.raises(
        PublishError,
        match=r"acme/jobs@main: GET git/ref/heads/main rate limited until "
        r"\d{4}-\d\d-\d\dT[\d:]+Z \(HTTP 403\): waiting \d+ s would outlive",
    ):
        publisher.publish("acme/jobs", "main", {"README.md": b"new\n"}, "Update")
    assert sleeps == []


def test_a_secondary_limit_without_hints_never_waits_past_the_invocation(github, sleeps):
    """Issue 9 item 12: 60 + 120 s of backoff used to be slept inside a 120 s publish."""
    from tests.unit.publish.conftest import TOKEN

    seeded(github)
    github.fail_next("POST git/trees", status=429)
    publisher = GitHubPublisher(github.api_url, TOKEN, sleep=sleeps.append, seconds_left=lambda: 45.0)
    with pytest.raises(PublishError, match=r"POST git/trees rate limited until .*would outlive this invocation"):
        publisher.publish("acme/jobs", "main", {"README.md": b"new\n"}, "Update")
    assert sleeps == []
    assert github.file_at("acme/jobs", "main", "README.md") != b"new\n"


def test_a_permission_403_is_not_mistaken_for_a_rate_limit(github, publisher, sleeps):
    seeded(github)
    github.fail_next("POST git/trees", status=403)

    with pytest.raises(PublishError, match=r"acme/jobs@main: POST git/trees answered HTTP 403"):
        publisher.publish("acme/jobs", "main", {"README.md": b"new\n"}, "Update")
    assert sleeps == []


def test_server_errors_are_retried(github, publisher, sleeps):
    seeded(github)
    github.fail_next("POST git/commits", status=502)

    assert publisher.publish("acme/jobs", "main", {"README.md": b"new\n"}, "Update").committed
    assert len(sleeps) == 1 and github.count("POST git/commits") == 2


def test_a_failed_publish_leaves_the_branch_untouched(github, publisher):
    head = seeded(github)
    github.fail_next("POST git/commits", status=500, times=4)

    with pytest.raises(PublishError, match=r"acme/jobs@main: POST git/commits failed after 4 attempts: HTTP 500"):
        publisher.publish("acme/jobs", "main", {"README.md": b"new\n", "other.md": b"x\n"}, "Update")

    assert github.head("acme/jobs", "main") == head
    assert github.file_at("acme/jobs", "main", "README.md") == b"old list\n"


def test_a_wrong_token_is_refused_and_the_error_names_repo_and_status(github, sleeps):
    seeded(github)
    publisher = GitHubPublisher(github.api_url, "wrong-token", sleep=sleeps.append)

    with pytest.raises(
        PublishError, match=r"acme/jobs@main: GET git/ref/heads/main answered HTTP 401: Bad credentials"
    ):
        publisher.publish("acme/jobs", "main", {"README.md": b"new\n"}, "Update")


def test_the_token_never_reaches_logs_errors_or_repr(github, caplog, capfd):
    seeded(github)
    caplog.set_level(logging.DEBUG)
    publisher = GitHubPublisher(github.api_url, github.token, sleep=lambda s: None)
    github.rate_limit_next(status=429, retry_after=1)  # a retry warning is logged
    github.commit_before_next_patch("acme/jobs", "main", {"x.md": b"x\n"})  # so is the moved branch

    with pytest.raises(BranchMoved) as moved:
        publisher.publish("acme/jobs", "main", {"README.md": b"new\n"}, "Update")
    github.fail_next("GET git/ref", status=500, times=4)
    with pytest.raises(PublishError) as failure:
        publisher.publish("acme/jobs", "main", {"README.md": b"newer\n"}, "Update")

    out, err = capfd.readouterr()
    logged = caplog.text + "".join(str(vars(record)) for record in caplog.records)
    assert "branch moved" in out + logged and "retried" in out + logged  # the logs were captured
    for text in (logged, out, err, str(failure.value), str(moved.value), repr(publisher)):
        assert github.token not in text


def test_enterprise_api_base_url(sleeps):
    with GitHubStandin(token="ghe-token", prefix="/api/v3") as github:
        seeded(github)
        publisher = GitHubPublisher(github.api_url + "/", "ghe-token", sleep=sleeps.append)

        result = publisher.publish("acme/jobs", "main", {"README.md": b"new\n"}, "Update")

        assert result.committed and github.api_url.endswith("/api/v3")
        assert result.url == f"{github.url}/acme/jobs/commit/{result.commit_sha}"


@pytest.mark.parametrize(
    ("api_url", "web"),
    [
        ("https://api.github.com", "https://github.com"),
        ("https://ghe.example.com/api/v3/", "https://ghe.example.com"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
    ],
)
def test_html_url_from_the_api_base(api_url, web):
    assert html_url(api_url) == web


@pytest.mark.parametrize(
    ("repo", "path"), [("acme", "README.md"), ("acme/jobs", "../x"), ("acme/jobs", "/abs"), ("acme/jobs", "a//b")]
)
def test_bad_targets_are_refused_before_any_request(github, publisher, repo, path):
    with pytest.raises(PublishError):
        publisher.publish(repo, "main", {path: b"x"}, "x")
    assert github.count() == 0


def test_git_blob_sha_matches_git():
    assert git_blob_sha(b"hello\n") == "ce013625030ba8dba906f756967f9e9ca394464a"
    assert git_blob_sha(b"") == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"


def test_stale_pages_are_deleted_in_the_same_commit(github, publisher):
    github.create_repo("acme/jobs")
    github.commit(
        "acme/jobs", "main", {"README.md": b"old", "pages/2.md": b"p2", "pages/3.md": b"p3", "notes.md": b"mine"}
    )
    github.reset_requests()
    result = publisher.publish(
        "acme/jobs",
        "main",
        {"README.md": b"new", "pages/2.md": b"p2"},
        "shrink",
        stale=lambda path: path.startswith("pages/"),
    )
    assert result.committed and result.requests == 5
    assert github.files_at("acme/jobs", "main") == {"README.md": b"new", "pages/2.md": b"p2", "notes.md": b"mine"}


def test_a_trickling_github_answer_is_cut_at_the_request_deadline(sleeps):
    import time

    from tests.trickle import trickling_server
    from tests.unit.publish.conftest import TOKEN

    with trickling_server() as url:
        publisher = GitHubPublisher(url, TOKEN, sleep=sleeps.append, max_attempts=1, max_seconds=2.0)
        started = time.monotonic()
        with pytest.raises(PublishError, match="still arriving"):
            publisher.publish("acme/jobs", "main", {"README.md": b"new\n"}, "Update")
        assert time.monotonic() - started < 3.0
