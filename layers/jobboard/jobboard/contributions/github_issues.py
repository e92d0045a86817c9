"""A board repository's issues on GitHub: comment, label, close, and who may approve.

Calls go through the publisher's client (same token, retries, rate-limit waits, deadline). The
token needs Issues read and write on the board repositories besides Contents (a fine-grained
token; a classic token's `repo` scope covers both).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import quote

import requests

# GitHub's roles, weakest first. The REST answer's `permission` is the legacy name (maintain reads
# "write", triage reads "read"); `role_name` is the role itself.
ROLES = ("none", "read", "triage", "write", "maintain", "admin")


class RestClient(Protocol):
    def call(self, repo: str, method: str, route: str, *, ok: tuple[int, ...] = ..., **kwargs) -> requests.Response: ...


@dataclass
class GitHubIssues:
    """One repository's issues. `done` lists what was done on GitHub, for the webhook's answer and logs."""

    client: RestClient
    repo: str
    done: list[str] = field(default_factory=list)

    def permission(self, user: str) -> str:
        """`user`'s role on the repository: admin, maintain, write, triage, read or none (not a collaborator)."""
        response = self.client.call(self.repo, "GET", f"collaborators/{quote(user, safe='')}/permission", ok=(200, 404))
        if response.status_code == 404:  # not a collaborator (or no such user)
            return "none"
        data = response.json()
        role = data.get("role_name") or data.get("permission") or "none"
        return role if role in ROLES else "none"  # a custom role tells nothing we can rank

    def comment(self, number: int, body: str) -> None:
        self.client.call(self.repo, "POST", f"issues/{number}/comments", json={"body": body})
        self.done.append(f"commented on #{number}")

    def add_labels(self, number: int, labels: tuple[str, ...]) -> None:
        """GitHub creates a label the repository lacks when it is first added."""
        if labels:
            self.client.call(self.repo, "POST", f"issues/{number}/labels", json={"labels": list(labels)})
            self.done.append(f"labelled #{number} {', '.join(labels)}")

    def remove_label(self, number: int, label: str) -> None:
        """A label the issue does not carry (404) is already removed."""
        response = self.client.call(
            self.repo, "DELETE", f"issues/{number}/labels/{quote(label, safe='')}", ok=(200, 404)
        )
        if response.status_code == 200:
            self.done.append(f"removed label {label} from #{number}")

    def close(self, number: int) -> None:
        self.client.call(self.repo, "PATCH", f"issues/{number}", json={"state": "closed", "state_reason": "completed"})
        self.done.append(f"closed #{number}")
