"""The contributions webhook through its real handler: moto (boards table, Secrets Manager), the
GitHub stand-in, and a stand-in for contributions.apply's decision that records what it was asked
(test_contributions_end_to_end.py runs the real one).

What it proves is the plumbing's: only deliveries signed with the secret get in (nothing else is
read or changed), bodies over 1 MB are refused, a delivery is applied once however often it comes,
and what apply answers is done on GitHub (comment, labels, close) in that order.
"""

from __future__ import annotations

import json

import boto3
import pytest
import yaml

from jobboard_local.github_standin import GitHubStandin
from jobboard_local.invoke import load_handler
from jobboard_local.template import functions, load_template
from jobboard_local.webhook_events import api_event, form_body
from jobboard.contributions import webhook
from jobboard.contributions.apply import IssueReply
from jobboard.contributions.forms import ADD_FORM
from jobboard.contributions.webhook import DELIVERIES_PK, MAX_BODY_BYTES

from tests.conftest import TABLE_NAMES
from tests.integration.test_end_to_end import context

SECRET = "It's a Secret to Everybody"
TOKEN = "ghp_contributionsTOKEN"
REPO = "example/backend-jobs"


class ApplyStandIn:
    """contributions.apply as the interface says: approved by write or above -> applied and closed."""

    def __init__(self):
        self.applied: list[tuple[str, int]] = []
        self.calls: list[tuple[str, str]] = []

    def handle_issue_event(self, action, issue, sender, label, board, deps):
        self.calls.append((action, sender))
        if action == "opened":
            return IssueReply("The form has no Job URL", add_labels=("needs-fix",))
        if action != "labeled" or label != "approved":
            return None
        role = deps.permission(sender)
        if role not in ("write", "maintain", "admin"):
            return IssueReply(f"@{sender} cannot approve: {role} access, write or above needed")
        self.applied.append((board.id, issue.number))
        return IssueReply(
            "Added: Backend Engineer at Northwind", add_labels=("added",), remove_labels=("needs-fix",), close=True
        )


@pytest.fixture
def apply_standin(monkeypatch):
    standin = ApplyStandIn()
    monkeypatch.setattr(webhook, "handle_issue_event", standin.handle_issue_event)
    return standin


@pytest.fixture
def github(aws, tmp_path, monkeypatch):
    config = {
        "sources": [{"id": "acme", "type": "greenhouse", "board": "acme"}],
        "boards": [
            {
                "id": "backend",
                "title": "Backend Jobs",
                "github": {"repo": REPO},
                "sources": ["acme"],
                "contributions": True,
            }
        ],
    }
    path = tmp_path / "jobboard.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    monkeypatch.setenv("JOBBOARD_CONFIG", str(path))
    arn = boto3.client("secretsmanager").create_secret(Name="webhook", SecretString=SECRET)["ARN"]
    monkeypatch.setenv("WEBHOOK_SECRET", arn)
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    with GitHubStandin(token=TOKEN) as standin:
        standin.create_repo(REPO, files={"README.md": b"# Backend Jobs\n"})
        monkeypatch.setenv("GITHUB_API_URL", standin.api_url)
        yield standin


@pytest.fixture
def handler():
    return load_handler(functions(load_template())["ContributionsFunction"])


def post(handler, event) -> tuple[int, dict]:
    answer = handler(event, context("contributions"))
    return answer["statusCode"], json.loads(answer["body"])


def approved(github: GitHubStandin, sender: str) -> dict:
    body = form_body(ADD_FORM, {"url": "https://example.com/jobs/1", "company": "Northwind"})
    number = github.open_issue(REPO, "[backend] Add a job: Backend Engineer", body, "reader", labels=("add-job",))
    return github.label_issue(REPO, number, "approved", sender)


def deliveries() -> list[dict]:
    table = boto3.client("dynamodb").query(
        TableName=TABLE_NAMES["BoardsTable"],
        KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": {"S": DELIVERIES_PK}},
    )
    return table["Items"]


def test_an_approved_form_is_applied_and_github_told_in_order(github, apply_standin, handler):
    status, answer = post(handler, api_event(approved(github, "example"), secret=SECRET))
    assert status == 200, answer
    assert apply_standin.applied == [("backend", 1)]
    assert github.comment_bodies(REPO, 1) == ["Added: Backend Engineer at Northwind"]
    assert github.label_names(REPO, 1) == ["add-job", "approved", "added"]  # needs-fix was not there: no call for it
    assert github.issue(REPO, 1)["state"] == "closed"
    assert answer["done"] == ["commented on #1", "labelled #1 added", "closed #1"]
    assert answer["repeated"] is False and answer["board"] == "backend"
    # The labeller's role came from GitHub's API, not from the payload.
    assert github.count("GET collaborators/permission") == 1


def test_a_delivery_sent_three_times_is_applied_once(github, apply_standin, handler):
    event = api_event(approved(github, "example"), secret=SECRET, delivery="72d3162e-cc78-11e3-81ab-4c9367dc0958")
    answers = [post(handler, event) for _ in range(3)]
    assert [status for status, _ in answers] == [200, 200, 200]
    assert [answer["repeated"] for _, answer in answers] == [False, True, True]
    first = {k: v for k, v in answers[0][1].items() if k != "repeated"}
    assert all({k: v for k, v in answer.items() if k != "repeated"} == first for _, answer in answers[1:])
    assert apply_standin.applied == [("backend", 1)] and len(apply_standin.calls) == 1
    assert github.comment_bodies(REPO, 1) == ["Added: Backend Engineer at Northwind"]
    (record,) = deliveries()
    assert record["status"]["S"] == "COMPLETED" and int(record["expires_at"]["N"]) > 0  # the table's TTL
    # Another delivery (another id) of the same event is GitHub's to send and is applied again.
    status, answer = post(handler, api_event(github.issue_event(REPO, 1, "labeled", "example", "approved"), SECRET))
    assert status == 200 and answer["repeated"] is False and len(deliveries()) == 2


@pytest.mark.parametrize(
    "secret, tamper",
    [(None, False), ("not the secret", False), (SECRET, True)],
    ids=["unsigned", "forged", "body-changed-after-signing"],
)
def test_an_unsigned_or_forged_delivery_is_refused_with_401_and_changes_nothing(
    github, apply_standin, handler, secret, tamper
):
    event = api_event(approved(github, "example"), secret=secret)
    if tamper:
        event["body"] = event["body"].replace('"example"', '"mallory"')
    github.reset_requests()
    status, answer = post(handler, event)
    assert status == 401, answer
    assert "X-Hub-Signature-256" in answer["message"]
    assert apply_standin.calls == [] and github.count() == 0 and deliveries() == []
    assert github.comment_bodies(REPO, 1) == []


def test_a_body_over_1_mb_is_refused_with_413(github, apply_standin, handler):
    payload = approved(github, "example")
    payload["issue"]["body"] = "x" * MAX_BODY_BYTES
    status, answer = post(handler, api_event(payload, secret=SECRET))
    assert status == 413 and apply_standin.calls == [] and deliveries() == []


def test_a_labeller_without_write_access_is_told_and_nothing_is_applied(github, apply_standin, handler):
    github.set_permission(REPO, "helper", "triage")
    status, answer = post(handler, api_event(approved(github, "helper"), secret=SECRET))
    assert status == 200 and apply_standin.applied == []
    assert github.comment_bodies(REPO, 1) == ["@helper cannot approve: triage access, write or above needed"]
    assert github.issue(REPO, 1)["state"] == "open"
    status, _ = post(handler, api_event(approved(github, "passer-by"), secret=SECRET))
    assert github.comment_bodies(REPO, 2) == ["@passer-by cannot approve: none access, write or above needed"]


def test_ping_other_events_and_other_repositories(github, apply_standin, handler):
    ping = api_event({"zen": "Keep it logically awesome.", "hook_id": 1}, secret=SECRET)
    ping["headers"]["X-GitHub-Event"] = "ping"
    assert post(handler, ping) == (200, {"pong": True})
    push = api_event({"ref": "refs/heads/main"}, secret=SECRET)
    push["headers"]["X-GitHub-Event"] = "push"
    status, answer = post(handler, push)
    assert status == 200 and "only issues events" in answer["ignored"]
    elsewhere = approved(github, "example")
    elsewhere["repository"]["full_name"] = "example/other-repo"
    status, answer = post(handler, api_event(elsewhere, secret=SECRET))
    assert status == 200 and answer["board"] is None and apply_standin.calls == []


def test_a_malformed_delivery_is_a_400(github, apply_standin, handler):
    event = api_event({"action": "opened"}, secret=SECRET)
    status, answer = post(handler, event)
    assert status == 400 and "not an issues event payload" in answer["message"]
    event = api_event(approved(github, "example"), secret=SECRET)
    del event["headers"]["X-GitHub-Delivery"]
    assert post(handler, event)[0] == 400
    assert deliveries() == [] and apply_standin.calls == []


def test_without_a_secret_the_webhook_is_off(github, apply_standin, handler, monkeypatch):
    monkeypatch.delenv("WEBHOOK_SECRET")
    status, answer = post(handler, api_event(approved(github, "example"), secret=SECRET))
    assert status == 503 and "WebhookSecretArn" in answer["message"] and apply_standin.calls == []


def test_a_github_failure_records_nothing_so_a_redelivery_applies_it(github, apply_standin, handler):
    event = api_event(approved(github, "example"), secret=SECRET)
    github.fail_next("POST issues/comments", status=403)  # a token without Issues write: not retried
    status, answer = post(handler, event)
    assert status == 502 and "redeliver" in answer["message"]
    assert deliveries() == []  # Powertools deleted the in-progress record
    status, answer = post(handler, event)  # GitHub's "Redeliver"
    assert status == 200 and answer["repeated"] is False
    assert github.comment_bodies(REPO, 1) == ["Added: Backend Engineer at Northwind"]
