"""One `issues` webhook event of a board's repository: what it changes and what the system answers.

The webhook plumbing (functions/contributions) verifies and dedupes the delivery, builds an `Issue`
from its payload and calls `handle_issue_event`; the `IssueReply` it gets back is what it does on
GitHub (comment, labels, close). Everything here is decided without GitHub: the labeller's
permission and the link's verdict come through `ContributionDeps`.

- "Report a closed job": checked at once (deps.check_link); a `closed` verdict closes the posting
  with no maintainer needed (the reader's report is the confirming signal); otherwise the issue
  waits for the approved label.
- "Add a job" and "Correct a job": applied only when the approved label is added by someone with
  write access or above (deps.permission, asked of GitHub, never read from the payload).
- A form that cannot be applied gets the needs-fix label and a comment naming the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from jobboard.config import BoardConfig, Config
from jobboard.store.boards import BoardsStore
from jobboard.store.postings import PostingsStore
from jobboard.verify.verdict import Verdict


@dataclass(frozen=True)
class Issue:
    """An issue as the webhook payload gives it."""

    repo: str  # owner/name
    number: int
    title: str
    body: str
    labels: tuple[str, ...]
    author: str  # login of who opened it
    state: str  # "open" or "closed"


@dataclass(frozen=True)
class IssueReply:
    """What to do on GitHub about the issue; the plumbing performs it (comment first, close last)."""

    comment: str | None
    add_labels: tuple[str, ...] = ()
    remove_labels: tuple[str, ...] = ()
    close: bool = False


class ContributionDeps(Protocol):
    """What applying a contribution needs from outside: GitHub, the verifier, the tables, the clock."""

    postings: PostingsStore
    boards: BoardsStore  # the board's snapshot: the rows it shows (to find a row by its link)
    now: datetime
    config: Config

    def permission(self, user: str) -> str:
        """The user's permission on the board's repository, as GitHub's collaborator permission API
        gives it: admin, maintain, write, triage, read or none."""
        ...

    def check_link(self, url: str) -> Verdict:
        """The verifier's verdict on one link (verify.check.check_link with its fetcher)."""
        ...


def handle_issue_event(
    action: str, issue: Issue, sender: str, label: str | None, board: BoardConfig, deps: ContributionDeps
) -> IssueReply | None:
    """What to do about one `issues` event (`action`: opened, edited, labeled, ...; `label`: the
    label a labeled/unlabeled event is about; `sender`: who caused the event) of `board`'s
    repository. None: nothing to do (not a contribution form, the board takes none, a closed issue,
    an action that changes nothing)."""
    if board.contributions is None or issue.state != "open":
        return None
    raise NotImplementedError("contributions are being built (issue 19)")
