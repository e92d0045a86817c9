"""The webhook's checks and reading of GitHub's payloads, and the issues adapter against the stand-in."""

from __future__ import annotations

import json

import pytest

from jobboard_local.github_standin import GitHubStandin
from jobboard_local.webhook_events import samples
from jobboard.contributions.github_issues import GitHubIssues
from jobboard.contributions.webhook import (
    MAX_BODY_BYTES,
    IssueEvent,
    WebhookError,
    check_delivery,
    parse_payload,
    signature,
)
from jobboard.publish.github import GitHubPublisher

SECRET = b"It's a Secret to Everybody"


def test_signature_is_githubs():
    # GitHub's documented example: secret "It's a Secret to Everybody", payload "Hello, World!".
    assert signature(SECRET, b"Hello, World!") == (
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
    )


@pytest.mark.parametrize(
    "signed, why",
    [
        (None, "no X-Hub-Signature-256"),
        ("", "no X-Hub-Signature-256"),
        ("sha256=" + "0" * 64, "does not match"),
        (signature(b"another secret", b"{}"), "does not match"),
        ("sha1=" + "0" * 40, "does not match"),
        ("sha256=ünïcode", "does not match"),
    ],
)
def test_unsigned_and_wrongly_signed_bodies_are_401(signed, why):
    with pytest.raises(WebhookError, match=why) as refused:
        check_delivery(SECRET, b"{}", signed)
    assert refused.value.status == 401


def test_a_signed_body_passes_and_one_byte_more_is_too_large():
    check_delivery(SECRET, b"{}", signature(SECRET, b"{}"))
    largest = b" " * MAX_BODY_BYTES
    check_delivery(SECRET, largest, signature(SECRET, largest))
    with pytest.raises(WebhookError) as refused:
        check_delivery(SECRET, largest + b" ", signature(SECRET, largest + b" "))
    assert refused.value.status == 413


def test_an_issues_payload_is_read_as_github_sends_it():
    sample = samples()
    event = parse_payload(json.dumps(sample["contributions-add.json"]).encode())
    assert event == IssueEvent(
        action="labeled",
        repo="your-org/backend-jobs",
        number=41,
        title="[backend] Add a job: Senior Backend Engineer at Northwind",
        body=sample["contributions-add.json"]["issue"]["body"],
        labels=("add-job", "approved"),
        author="a-reader",
        state="open",
        sender="your-org",
        label="approved",
    )
    blank = {**sample["contributions-report-closed.json"]}
    blank["issue"] = {**blank["issue"], "body": None, "labels": []}
    assert parse_payload(json.dumps(blank).encode()).body == ""  # an issue without a body: "body": null


@pytest.mark.parametrize(
    "body", [b"not json", b"[1, 2]", b'{"action": "opened"}', b'{"action": "opened", "issue": {"number": "x"}}']
)
def test_a_payload_that_is_not_an_issues_event_is_400(body):
    with pytest.raises(WebhookError) as refused:
        parse_payload(body)
    assert refused.value.status == 400


def test_permission_is_githubs_role_and_none_for_a_stranger():
    with GitHubStandin(token="t") as github:
        github.create_repo("Example/Jobs")
        for user, role in {"mia": "maintain", "tom": "triage", "wes": "write", "rea": "read"}.items():
            github.set_permission("Example/Jobs", user, role)
        issues = GitHubIssues(GitHubPublisher(github.api_url, "t"), "example/jobs")
        roles = {user: issues.permission(user) for user in ("example", "mia", "tom", "wes", "rea", "stranger")}
    assert roles == {
        "example": "admin",  # the owner
        "mia": "maintain",
        "tom": "triage",
        "wes": "write",
        "rea": "read",
        "stranger": "none",
    }
