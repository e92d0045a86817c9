"""GitHub's webhook for readers' contributions: who sent it, what it says, applied once per delivery.

GitHub signs each delivery with the webhook's secret (`X-Hub-Signature-256: sha256=<hex HMAC-SHA256
of the raw body>`): anything unsigned or signed otherwise is refused before it is read. Each
delivery carries an id (`X-GitHub-Delivery`) that a redelivery keeps: Powertools' idempotency
utility records it in the boards table (one item per delivery under one partition, expiring with
the table's TTL after a week, longer than GitHub offers redelivery), so a delivery sent three
times is applied once and the later ones get the first one's answer.

The decisions (is the form valid, may the labeller approve, is the link closed) are
contributions.apply's; this module finds the board, calls it and does on GitHub what it answers.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.parameters import GetParameterError

from jobboard import aws_clients, clock
from jobboard.config import BoardConfig, Config
from jobboard.contributions.apply import Issue, contributing_board, handle_issue_event
from jobboard.contributions.github_issues import GitHubIssues
from jobboard.store.boards import BoardsStore
from jobboard.store.postings import PostingsStore
from jobboard.verify.verdict import Verdict

logger = Logger(child=True)

MAX_BODY_BYTES = 1024 * 1024  # GitHub caps deliveries at 25 MB; an issue event is a few KB
SIGNATURE_HEADER = "X-Hub-Signature-256"
DELIVERY_HEADER = "X-GitHub-Delivery"
EVENT_HEADER = "X-GitHub-Event"
# Deliveries applied: items (pk DELIVERIES_PK, sk "github-delivery#<hash of the id>") in the boards table.
DELIVERIES_PK = "delivery#github"
DELIVERY_KEPT_SECONDS = 7 * 86400  # GitHub lets a delivery of the last 3 days be redelivered
SECRET_ENV = "WEBHOOK_SECRET"  # the Secrets Manager secret (ARN or name) holding the webhook's secret
SECRET_MAX_AGE_SECONDS = 300  # a rotated secret reaches warm functions within this


class WebhookError(ValueError):
    """A delivery that cannot be applied as sent; `status` is the HTTP answer (400, 401, 413)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class WebhookOff(RuntimeError):
    """No webhook secret to check deliveries with; the message says how to set one."""


def webhook_secret() -> bytes:
    """The webhook's secret from Secrets Manager (Powertools' provider, cached SECRET_MAX_AGE_SECONDS)."""
    name = os.environ.get(SECRET_ENV)
    if not name:
        raise WebhookOff(
            "the contributions webhook is off: create a Secrets Manager secret holding the webhook's secret "
            "and deploy with WebhookSecretArn set to its ARN"
        )
    try:
        value = aws_clients.secrets().get(name, max_age=SECRET_MAX_AGE_SECONDS)
    except GetParameterError as exc:
        code = aws_clients.error_code(exc) or "error"
        raise WebhookOff(f"cannot read the webhook secret {name} ({code}: {aws_clients.error_message(exc)})") from None
    text = (value.decode("utf-8") if isinstance(value, bytes) else str(value or "")).strip()
    if not text:
        raise WebhookOff(f"the webhook secret {name} is empty: put the secret given to GitHub's webhook in it")
    return text.encode("utf-8")


def signature(secret: bytes, body: bytes) -> str:
    """The X-Hub-Signature-256 value GitHub sends for `body` (for the stand-in, samples and tests)."""
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()


def check_delivery(secret: bytes, body: bytes, signed: str | None) -> None:
    """Refuses (WebhookError) a body over MAX_BODY_BYTES (413), and one not signed with `secret` (401).

    The signatures are compared in constant time: how long a refusal takes tells nothing of the secret.
    """
    if len(body) > MAX_BODY_BYTES:
        raise WebhookError(413, f"request body over {MAX_BODY_BYTES} bytes")
    if not signed:
        raise WebhookError(401, f"no {SIGNATURE_HEADER} header: the webhook must be set up with the secret")
    if not hmac.compare_digest(signature(secret, body).encode(), signed.strip().encode("utf-8", "replace")):
        raise WebhookError(401, f"{SIGNATURE_HEADER} does not match the body signed with the webhook's secret")


@dataclass(frozen=True)
class IssueEvent(Issue):
    """What an `issues` delivery says: the issue, and the action, who acted, the label."""

    action: str
    sender: str
    label: str | None  # the label added or removed (`labeled`, `unlabeled`)

    @classmethod
    def from_payload(cls, payload: Any) -> IssueEvent:
        """From the delivery's JSON; a payload without what an `issues` event carries is a 400."""
        try:
            issue, repo = payload["issue"], payload["repository"]
            return cls(
                action=str(payload["action"]),
                repo=str(repo["full_name"]),
                number=int(issue["number"]),
                title=str(issue.get("title") or ""),
                body=str(issue.get("body") or ""),  # an issue without a body has "body": null
                labels=tuple(str(label["name"]) for label in issue.get("labels") or ()),
                author=str(issue["user"]["login"]),
                state=str(issue.get("state") or "open"),
                sender=str(payload["sender"]["login"]),
                label=str(payload["label"]["name"]) if isinstance(payload.get("label"), dict) else None,
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise WebhookError(400, f"not an issues event payload (missing or malformed {exc})") from None


def parse_payload(body: bytes) -> IssueEvent:
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError):
        raise WebhookError(
            400, "request body is not JSON (set the webhook's content type to application/json)"
        ) from None
    return IssueEvent.from_payload(payload)


@dataclass
class Deps:
    """What contributions.apply asks of the world (its ContributionDeps)."""

    issues: GitHubIssues
    postings: PostingsStore
    boards: BoardsStore
    now: datetime
    config: Config
    link_checker: Callable[[str], Verdict]

    def permission(self, user: str) -> str:
        return self.issues.permission(user)

    def check_link(self, url: str) -> Verdict:
        return self.link_checker(url)


def link_checker(config: Config) -> Callable[[str], Verdict]:
    """The verifier's check of one link as the verification pass makes it (its fetcher and guards;
    locally, `verify: host_overrides` pointing hosts at recorded pages)."""
    from jobboard.verify.run import link_checker as pass_link_checker

    return pass_link_checker(config.verify, clock.now()).check


def deps_for(board: BoardConfig, setup, github) -> Deps:
    """The deployed world for one board: its repository's issues, the tables, the clock, the verifier."""
    return Deps(
        issues=GitHubIssues(github, board.github.repo),
        postings=setup.postings,
        boards=setup.boards,
        now=clock.now(),
        config=setup.config,
        link_checker=link_checker(setup.config),
    )


@dataclass
class Outcome:
    """The webhook's answer to one delivery (also what a repeated delivery is answered)."""

    board: str | None
    issue: int
    action: str
    done: list[str] = field(default_factory=list)
    comment: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def apply_event(event: IssueEvent, config: Config, deps_of: Callable[[BoardConfig], Deps]) -> Outcome:
    """Hand the event to contributions.apply and do what it answers on GitHub: comment first (the
    reader learns what happened even if a label call fails), then labels, then close."""
    board = contributing_board(config, event.repo, event.title)
    if board is None:
        return Outcome(None, event.number, event.action, ["nothing: no board of this repository takes contributions"])

    deps = deps_of(board)
    reply = handle_issue_event(event.action, event, event.sender, event.label, board, deps)
    outcome = Outcome(board.id, event.number, event.action)
    if reply is None:
        outcome.done.append("nothing to do")
        return outcome
    github = deps.issues
    if reply.comment:
        github.comment(event.number, reply.comment)
        outcome.comment = reply.comment
    github.add_labels(event.number, tuple(label for label in reply.add_labels if label not in event.labels))
    for label in reply.remove_labels:
        if label in event.labels:
            github.remove_label(event.number, label)
    if reply.close and event.state != "closed":
        github.close(event.number)
    outcome.done = list(github.done)
    logger.info("contribution handled", extra={"board": board.id, "issue": event.number, "done": outcome.done})
    return outcome


def once_per_delivery(
    delivery_id: str, work: Callable[[], dict], *, table: str, client, lambda_context=None
) -> tuple[dict, bool]:
    """(work's answer, whether it is a repeat): `work` runs once per delivery id; a repeat gets the
    first answer without running it. A failed `work` leaves no record, so GitHub's redelivery retries it."""
    from aws_lambda_powertools.utilities.idempotency import (
        DynamoDBPersistenceLayer,
        IdempotencyConfig,
        idempotent_function,
    )

    repeated: list[bool] = []

    def answered_before(response, _record):
        repeated.append(True)
        return response

    persistence = DynamoDBPersistenceLayer(
        table_name=table,
        key_attr="pk",
        sort_key_attr="sk",
        static_pk_value=DELIVERIES_PK,
        expiry_attr="expires_at",  # the table's TTL attribute
        boto3_client=client,
    )
    config = IdempotencyConfig(
        event_key_jmespath="id",
        expires_after_seconds=DELIVERY_KEPT_SECONDS,
        raise_on_no_idempotency_key=True,
        response_hook=answered_before,
    )
    if lambda_context is not None:
        config.register_lambda_context(lambda_context)  # an invocation that times out frees its delivery

    @idempotent_function(
        data_keyword_argument="delivery", persistence_store=persistence, config=config, key_prefix="github-delivery"
    )
    def apply(delivery: dict) -> dict:
        return work()

    return apply(delivery={"id": delivery_id}), bool(repeated)
