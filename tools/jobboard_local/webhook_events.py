"""GitHub webhook deliveries as API Gateway events: signed as GitHub signs them, for tests and events/.

`python -m jobboard_local.webhook_events` rewrites the sample events (events/contributions-*.json),
one per issue form, signed with the local webhook secret that `jobboard invoke` and `jobboard serve`
put in their Secrets Manager.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from jobboard_local.environment import LOCAL_WEBHOOK_SECRET
from jobboard_local.github_standin import issue_payload
from jobboard_local.template import REPO_ROOT
from jobboard.config import BoardConfig, load_config
from jobboard.contributions.forms import ADD_FORM, CLOSED_FORM, CORRECT_FORM, Form
from jobboard.contributions.webhook import DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signature

WEBHOOK_PATH = "/github/webhook"


def delivery_headers(body: bytes, secret: str | None, delivery: str | None = None, event: str = "issues") -> dict:
    """The headers GitHub sends with a delivery (`secret` None: unsigned)."""
    headers = {
        "Accept": "*/*",
        "Content-Type": "application/json",
        "User-Agent": "GitHub-Hookshot/7c1f2a9",
        EVENT_HEADER: event,
        DELIVERY_HEADER: delivery or str(uuid.uuid4()),
        "X-GitHub-Hook-ID": "512345678",
        "X-GitHub-Hook-Installation-Target-Type": "repository",
    }
    if secret is not None:
        headers[SIGNATURE_HEADER] = signature(secret.encode("utf-8"), body)
    return headers


def api_event(payload: dict, secret: str | None = LOCAL_WEBHOOK_SECRET, delivery: str | None = None) -> dict:
    """The API Gateway proxy event of one delivery of `payload` to POST /github/webhook."""
    body = json.dumps(payload, ensure_ascii=False, indent=2)
    headers = delivery_headers(body.encode("utf-8"), secret, delivery)
    return {
        "resource": WEBHOOK_PATH,
        "path": WEBHOOK_PATH,
        "httpMethod": "POST",
        "headers": headers,
        "multiValueHeaders": {name: [value] for name, value in headers.items()},
        "queryStringParameters": None,
        "pathParameters": None,
        "stageVariables": None,
        "body": body,
        "isBase64Encoded": False,
        "requestContext": {
            "resourcePath": WEBHOOK_PATH,
            "httpMethod": "POST",
            "stage": "v1",
            "path": f"/v1{WEBHOOK_PATH}",
            "identity": {"sourceIp": "140.82.115.10", "userAgent": headers["User-Agent"]},
            "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
        },
    }


def form_body(form: Form, answers: dict[str, str]) -> str:
    """The body GitHub writes for an issue opened from `form`: `### <label>`, a blank line, the answer
    (`_No response_` for a question left empty), by the form's questions in order; `answers` by field id."""
    return "\n\n".join(f"### {f.label}\n\n{answers.get(f.id) or '_No response_'}" for f in form.fields)


def form_issue(form: Form, board: BoardConfig, answers: dict[str, str], title: str) -> tuple[str, str, tuple[str, ...]]:
    """(title, body, labels) of an issue a reader opens from the board's `form`."""
    return form.title_prefix(board) + title, form_body(form, answers), (form.label,)


def samples() -> dict[str, dict]:
    """One delivery per form to the bundled backend board's repository (links of its recorded rows)."""
    board = load_config(REPO_ROOT / "jobboard.yaml").board("backend")
    repo = board.github.repo
    owner = repo.partition("/")[0]  # the repository's owner: its admin
    add = form_issue(
        ADD_FORM,
        board,
        {
            "url": "https://jobs.lever.co/northwind/5f1c-backend",
            "company": "Northwind",
            "title": "Senior Backend Engineer",
            "locations": "Berlin, Germany",
            "work_mode": "Hybrid",
            "salary": "€80,000 - €95,000 a year",
        },
        "Senior Backend Engineer at Northwind",
    )
    correct = form_issue(
        CORRECT_FORM,
        board,
        {
            "url": "https://boards.greenhouse.io/nimbus/jobs/4012345683",
            "reason": "The job is remote, and the posting gives the salary.",
            "work_mode": "Remote",
            "salary": "€70,000 - €90,000 a year",
        },
        "Backend Engineer (Payments) at Nimbus Cloud",
    )
    closed = form_issue(
        CLOSED_FORM,
        board,
        {
            "url": "https://jobs.lever.co/orbital/5f3c2b1a-9d8e-4c7b-a6f5-000000000001",
            "details": "The page says: this job is no longer available.",
        },
        "Backend Engineer, Payments at Orbital Labs",
    )
    approved = board.contributions.approved_label if board.contributions else "approved"
    return {
        "contributions-add.json": issue_payload(
            repo,
            41,
            add[0],
            add[1],
            action="labeled",
            author="a-reader",
            sender=owner,
            labels=(*add[2], approved),
            label=approved,
        ),
        "contributions-correct.json": issue_payload(
            repo,
            42,
            correct[0],
            correct[1],
            action="labeled",
            author="a-reader",
            sender=owner,
            labels=(*correct[2], approved),
            label=approved,
        ),
        "contributions-report-closed.json": issue_payload(
            repo, 43, closed[0], closed[1], action="opened", author="a-reader", sender="a-reader", labels=closed[2]
        ),
    }


def write_samples(folder: Path = REPO_ROOT / "events") -> list[Path]:
    written = []
    for name, payload in samples().items():
        path = folder / name
        event = api_event(payload, delivery=str(uuid.uuid5(uuid.NAMESPACE_URL, name)))
        path.write_text(json.dumps(event, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_samples():
        print(f"wrote {path}")
