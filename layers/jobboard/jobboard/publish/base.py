"""What every publisher shares: the result, the error, the interface and git's blob hash."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol


class PublishError(Exception):
    """A publish failed; the target branch was left as it was. The message names repo, branch and why."""


class BranchMoved(PublishError):
    """Someone else committed to the branch while this commit was being built; nothing was written.
    The caller re-renders from the current board state and publishes again: rebuilding these files
    on the new head could put an older render over a newer one."""

    def __init__(self, message: str, requests: int = 0):
        super().__init__(message)
        self.requests = requests  # HTTP requests this attempt spent


@dataclass(frozen=True)
class PublishResult:
    """What a publish did: whether it committed, which commit, and at what cost in requests."""

    committed: bool  # False: every file already had this content, nothing was written
    commit_sha: str | None  # the new commit, or the branch head that already held the content
    requests: int  # HTTP requests spent (0 for local git)
    url: str | None  # where a person can look at the commit


class Publisher(Protocol):
    def publish(
        self, repo: str, branch: str, files: dict[str, bytes], message: str, stale: Callable[[str], bool] | None = None
    ) -> PublishResult:
        """Commit all `files` (path -> content) to `branch` of `repo` ("owner/name") as one commit,
        deleting in it the existing paths that `stale` selects and `files` lacks."""

    def read_files(self, repo: str, branch: str, paths: list[str]) -> dict[str, bytes | None]:
        """The files as currently published on the branch (None where absent)."""


def git_blob_sha(content: bytes) -> str:
    """The object id git gives this content as a blob, so it can be compared with a tree's entries."""
    return hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()


def check_target(repo: str, branch: str, files: dict[str, bytes]) -> None:
    """Refuse a malformed repo name, branch or file path before anything is written."""
    owner, _, name = repo.partition("/")
    if not owner or not name or "/" in name or repo.strip() != repo or ".." in repo:
        raise PublishError(f"repository must be 'owner/name', got {repo!r}")
    if not branch or branch.strip() != branch or branch.startswith("/") or ".." in branch:
        raise PublishError(f"{repo}: invalid branch name {branch!r}")
    for path, content in files.items():
        parts = path.split("/")
        if path.startswith("/") or any(part in ("", ".", "..", ".git") for part in parts):
            raise PublishError(f"{repo}@{branch}: invalid file path {path!r}")
        if not isinstance(content, bytes):
            raise PublishError(f"{repo}@{branch}: content of {path!r} must be bytes, got {type(content).__name__}")
