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


def form_body(answers: dict[str, str | None]) -> str:
    """An issue form's body as GitHub writes it: `### Label`, a blank line, the answer (or _No response_)."""
    return "\n\n".join(f"### {label}\n\n{answer or '_No response_'}" for label, answer in answers.items())


REPO = "your-org/backend-jobs"  # the bundled backend board's repository
SAMPLES = {
    "contributions-add.json": issue_payload(
        REPO,
        41,
        "Add a job: Backend Engineer at Northwind",
        form_body(
            {
                "Job URL": "https://boards.greenhouse.io/northwind/jobs/4455667",
                "Company": "Northwind",
                "Title": "Backend Engineer (Go)",
                "Locations": "Berlin, Germany",
                "Work mode": "Hybrid",
                "Salary": "€70,000 – €85,000 a year",
                "Terms": "Full-time",
                "Sponsorship": "Offers visa sponsorship",
            }
        ),
        action="labeled",
        author="a-reader",
        sender="your-org",  # the repository's owner: admin
        labels=("approved",),
        label="approved",
    ),
    "contributions-correct.json": issue_payload(
        REPO,
        42,
        "Correct a job: Platform Engineer at Acme",
        form_body(
            {
                "Job URL": "https://boards.greenhouse.io/acme/jobs/4300000001",
                "What is wrong": "The salary is missing and the location is wrong",
                "Locations": "Remote (EU)",
                "Salary": "$120,000 - $150,000",
                "Title": None,
                "Company": None,
            }
        ),
        action="labeled",
        author="a-reader",
        sender="your-org",
        labels=("approved",),
        label="approved",
    ),
    "contributions-report-closed.json": issue_payload(
        REPO,
        43,
        "Report a closed job",
        form_body({"Job URL": "https://boards.greenhouse.io/acme/jobs/4300000002"}),
        action="opened",
        author="a-reader",
        sender="a-reader",
    ),
}


def write_samples(folder: Path = REPO_ROOT / "events") -> list[Path]:
    written = []
    for name, payload in SAMPLES.items():
        path = folder / name
        event = api_event(payload, delivery=str(uuid.uuid5(uuid.NAMESPACE_URL, name)))
        path.write_text(json.dumps(event, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_samples():
        print(f"wrote {path}")
