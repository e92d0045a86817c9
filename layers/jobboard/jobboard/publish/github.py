"""Publish files to a GitHub branch as one commit through the Git Data API.

An unchanged publish costs 2 requests (read the ref, read the head commit's tree recursively and
compare git blob shas locally); a changed one 5 (plus create tree, create commit, move the ref).
The branch only moves at the final PATCH, which refuses anything but a fast-forward: a failure at
any earlier step leaves the branch untouched, and a branch that moved meanwhile raises BranchMoved
(the caller re-renders from the current state: these files may be older than what just landed).

An empty repository (no commits) refuses Git Data calls, so its first file goes in with the
Contents API and the remaining files follow in a second commit.
"""

from __future__ import annotations

import base64
import random
import time
from collections.abc import Callable
from urllib.parse import quote, urlsplit

import requests
from aws_lambda_powertools import Logger

from jobboard import deadline
from jobboard.http import USER_AGENT, FetchError, TimeBox, read_body, retry_after_seconds
from jobboard.publish.base import BranchMoved, PublishError, PublishResult, check_target, git_blob_sha

logger = Logger(child=True)

RETRY_STATUSES = frozenset({500, 502, 503, 504})
MAX_RESPONSE_BYTES = 50 * 1024 * 1024  # a tree or blob answer; GitHub's own blob limit is 100 MB
RATE_LIMIT_BACKOFF = 60.0  # GitHub's advice when a limit gives no hint of how long to wait


class _Call:
    """One publish (or one issue call): where it goes and how many requests it has spent."""

    def __init__(self, repo: str, branch: str):
        self.repo = repo
        self.branch = branch  # "" for calls that are about no branch (issues, collaborators)
        self.requests = 0

    @property
    def where(self) -> str:
        return f"{self.repo}@{self.branch}" if self.branch else self.repo


class GitHubPublisher:
    def __init__(
        self,
        api_url: str,
        token: str,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        max_attempts: int = 4,
        *,
        max_wait: float = 120.0,
        clock: Callable[[], float] = time.time,
        timeout: tuple[float, float] = (5.0, 30.0),
        token_fix: str = "set a valid GitHub token",
        seconds_left: Callable[[], float | None] = deadline.seconds_left,
        max_seconds: float = 60.0,
    ):
        self.api_url = api_url.rstrip("/")
        self._token = token
        self.session = session or requests.Session()
        self.sleep = sleep
        self.max_attempts = max_attempts  # per request (rate limits, 5xx)
        self.max_wait = max_wait  # longest single wait for a rate limit before giving up
        self.clock = clock
        self.timeout = timeout
        self.token_fix = token_fix  # what to do when GitHub rejects the token (names the parameter or secret)
        self.seconds_left = seconds_left  # the invocation's remaining time: no wait may outlive it
        self.max_seconds = max_seconds  # one request, body included

    def __repr__(self) -> str:  # never the token
        return f"GitHubPublisher(api_url={self.api_url!r})"

    def publish(
        self, repo: str, branch: str, files: dict[str, bytes], message: str, stale: Callable[[str], bool] | None = None
    ) -> PublishResult:
        """Commit `files`; existing paths for which `stale(path)` holds and that `files` lacks are deleted."""
        check_target(repo, branch, files)
        call = _Call(repo, branch)
        if not files:
            return PublishResult(committed=False, commit_sha=None, requests=0, url=None)
        blob_shas = {path: git_blob_sha(content) for path, content in files.items()}
        initialised = False  # the Contents API already committed our first file
        head = self._head(call)
        if head is None:
            head, base_tree, existing = self._initialise(call, files, message)
            initialised = True
        else:
            base_tree, existing = self._tree(call, head)
        changed = [path for path in files if existing.get(path, ("", ""))[1] != blob_shas[path]]
        deleted = sorted(path for path in existing if stale and path not in files and stale(path))
        if not changed and not deleted:
            return self._result(call, committed=initialised, sha=head)
        entries = [self._tree_entry(call, path, files[path], existing.get(path)) for path in changed]
        entries += [{"path": path, "mode": existing[path][0], "type": "blob", "sha": None} for path in deleted]
        new_tree = self._request(call, "POST", "git/trees", json={"base_tree": base_tree, "tree": entries})["sha"]
        if new_tree == base_tree:  # only when the listing was truncated and hid our files
            return self._result(call, committed=initialised, sha=head)
        commit = self._request(
            call, "POST", "git/commits", json={"message": message, "tree": new_tree, "parents": [head]}
        )["sha"]
        if not self._move_branch(call, commit):
            logger.info("branch moved during publish; nothing written", extra={"repo": repo, "branch": branch})
            raise BranchMoved(
                f"{repo}@{branch}: the branch moved while the commit was being built; nothing was written",
                requests=call.requests,
            )
        return self._result(call, committed=True, sha=commit)

    def read_files(self, repo: str, branch: str, paths: list[str]) -> dict[str, bytes | None]:
        """The files as published on the branch (None: absent), for previews."""
        call = _Call(repo, branch)
        head = self._head(call)
        if head is None:
            return dict.fromkeys(paths)
        _, existing = self._tree(call, head)
        found: dict[str, bytes | None] = {}
        for path in paths:
            entry = existing.get(path)
            found[path] = (
                base64.b64decode(self._request(call, "GET", f"git/blobs/{entry[1]}")["content"]) if entry else None
            )
        return found

    def check_access(self, repo: str, branch: str) -> None:
        """Before a board's first publish: the repository exists, this token sees it and may write to it.

        One request (GET /repos/{repo}); each problem is a PublishError that names the fix.
        """
        call = _Call(repo, branch)
        response = self._send(call, "GET", "")
        if response.status_code == 404:
            raise PublishError(
                f"{repo}: no such repository, or the token cannot see it (HTTP 404): create it on "
                "GitHub (empty is fine) and give the token access to it (fine-grained token: "
                "Repository access, Contents read and write)"
            )
        data = self._json(call, response, "", ok=(200,))
        if data.get("archived"):
            raise PublishError(
                f"{repo}: the repository is archived (read-only): unarchive it on GitHub or point "
                "the board's github.repo at another repository"
            )
        permissions = data.get("permissions")
        if isinstance(permissions, dict) and not permissions.get("push"):
            raise PublishError(
                f"{repo}: the token can read the repository but not write to it: give it Contents "
                "read and write (fine-grained token) or the repo scope (classic token)"
            )

    def call(self, repo: str, method: str, route: str, *, ok: tuple[int, ...] = (200, 201), **kwargs):
        """Any other REST call on the repository (`route` under /repos/{repo}, e.g. "issues/7/comments"),
        retried and rate-limited as publishing's are; a status outside `ok` is a PublishError naming it."""
        call = _Call(repo, "")
        response = self._send(call, method, route, **kwargs)
        self._check(call, response, route, ok)
        return response

    # --- the steps -----------------------------------------------------------------------------

    def _head(self, call: _Call) -> str | None:
        """The branch's commit sha; None when the repository is empty or has no such branch."""
        route = f"git/ref/heads/{quote(call.branch, safe='/')}"
        response = self._send(call, "GET", route)
        if response.status_code in (404, 409):  # 409: "Git Repository is empty."
            return None
        return self._json(call, response, route, ok=(200,))["object"]["sha"]

    def _tree(self, call: _Call, commit_sha: str) -> tuple[str, dict[str, tuple[str, str]]]:
        """The commit's tree sha and its files (path -> (mode, blob sha)), subdirectories included."""
        data = self._request(call, "GET", f"git/trees/{commit_sha}", params={"recursive": "1"})
        files = {
            entry["path"]: (entry["mode"], entry["sha"])
            for entry in data.get("tree", [])
            if entry.get("type") == "blob"
        }
        return data["sha"], files

    def _initialise(self, call: _Call, files: dict[str, bytes], message: str):
        """Create the branch with the first file through the Contents API (Git Data refuses empty repos)."""
        path, content = next(iter(files.items()))
        route = f"contents/{quote(path, safe='/')}"
        response = self._send(
            call,
            "PUT",
            route,
            json={
                "message": message,
                "content": base64.b64encode(content).decode("ascii"),
                "branch": call.branch,
            },
        )
        if response.status_code == 404:
            self.check_access(call.repo, call.branch)  # a missing or invisible repository says so
            raise PublishError(
                f"{call.repo}@{call.branch}: the repository has commits but no branch "
                f"{call.branch!r}: create it on GitHub or set the board's github.branch to an "
                "existing branch"
            )
        commit = self._json(call, response, route, ok=(200, 201))["commit"]
        return commit["sha"], commit["tree"]["sha"], {path: ("100644", git_blob_sha(content))}

    def _tree_entry(self, call: _Call, path: str, content: bytes, existing: tuple[str, str] | None) -> dict:
        mode = existing[0] if existing and existing[0] in ("100644", "100755") else "100644"
        entry = {"path": path, "mode": mode, "type": "blob"}
        try:
            entry["content"] = content.decode("utf-8")
        except UnicodeDecodeError:  # tree content must be text: store bytes as a blob first
            entry["sha"] = self._request(
                call,
                "POST",
                "git/blobs",
                json={
                    "content": base64.b64encode(content).decode("ascii"),
                    "encoding": "base64",
                },
            )["sha"]
        return entry

    def _move_branch(self, call: _Call, commit_sha: str) -> bool:
        """Fast-forward the branch to the commit; False when the branch moved since we read it."""
        route = f"git/refs/heads/{quote(call.branch, safe='/')}"
        response = self._send(call, "PATCH", route, json={"sha": commit_sha, "force": False})
        if response.status_code == 422 and "fast forward" in _message(response).lower():
            return False
        self._json(call, response, route, ok=(200,))
        return True

    def _result(self, call: _Call, *, committed: bool, sha: str) -> PublishResult:
        url = f"{html_url(self.api_url)}/{call.repo}/commit/{sha}"
        logger.info(
            "published" if committed else "unchanged; nothing committed",
            extra={"repo": call.repo, "branch": call.branch, "commit": sha, "requests": call.requests},
        )
        return PublishResult(committed=committed, commit_sha=sha, requests=call.requests, url=url)

    # --- HTTP ----------------------------------------------------------------------------------

    def _request(self, call: _Call, method: str, route: str, **kwargs):
        return self._json(call, self._send(call, method, route, **kwargs), route, ok=(200, 201))

    def _check(self, call: _Call, response: requests.Response, route: str, ok: tuple[int, ...]) -> None:
        what = f"{call.where}: {response.request.method} {route or '(repository)'}"
        if response.status_code == 401:
            raise PublishError(
                f"{what} answered HTTP 401: {_message(response)}; GitHub rejected the token: {self.token_fix}"
            )
        if response.status_code not in ok:
            raise PublishError(f"{what} answered HTTP {response.status_code}: {_message(response)}")

    def _json(self, call: _Call, response: requests.Response, route: str, ok: tuple[int, ...]) -> dict:
        what = f"{call.where}: {response.request.method} {route or '(repository)'}"
        self._check(call, response, route, ok)
        try:
            data = response.json()
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise PublishError(f"{what} answered HTTP {response.status_code} without a JSON object")
        return data

    def _send(self, call: _Call, method: str, route: str, **kwargs) -> requests.Response:
        """One API call, retried on rate limits (waiting as GitHub asks), 5xx and network errors."""
        url = f"{self.api_url}/repos/{call.repo}" + (f"/{route}" if route else "")
        headers = {
            "Authorization": f"Bearer {self._token}",
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28",
            "User-Agent": USER_AGENT,
        }
        what = f"{call.where}: {method} {route}"
        for attempt in range(1, self.max_attempts + 1):
            box = TimeBox.of(self.max_seconds, self.seconds_left(), *self.timeout)
            if box is None:
                raise PublishError(f"{what}: no time left in this invocation")
            call.requests += 1
            try:
                response = self.session.request(
                    method, url, headers=headers, timeout=box.timeout, stream=True, **kwargs
                )
                read_body(response, box, MAX_RESPONSE_BYTES)
            except requests.RequestException as exc:
                problem, wait = type(exc).__name__, self._backoff(attempt)
            except FetchError as exc:  # the body was too slow (or too large)
                problem, wait = str(exc), self._backoff(attempt)
            else:
                limited = rate_limit_wait(response, attempt, self.clock())
                if limited is not None:
                    problem, wait = f"rate limited (HTTP {response.status_code})", limited
                    left = self.seconds_left()
                    if wait > self.max_wait or (left is not None and wait > left):
                        raise PublishError(
                            f"{what} rate limited until {deadline.utc_after(wait)} "
                            f"(HTTP {response.status_code}): waiting {wait:.0f} s would outlive "
                            f"this invocation; nothing was published"
                        )
                elif response.status_code in RETRY_STATUSES:
                    problem, wait = f"HTTP {response.status_code}", self._backoff(attempt)
                else:
                    return response
            if attempt == self.max_attempts:
                break
            left = self.seconds_left()
            if left is not None and wait > left:
                raise PublishError(f"{what} failed ({problem}) with no time left to retry")
            logger.warning(
                "GitHub request will be retried",
                extra={
                    "repo": call.repo,
                    "branch": call.branch,
                    "request": f"{method} {route}",
                    "problem": problem,
                    "wait_seconds": round(wait, 1),
                },
            )
            self.sleep(wait)
        raise PublishError(f"{what} failed after {self.max_attempts} attempts: {problem}")

    def _backoff(self, attempt: int) -> float:
        return 2 ** (attempt - 1) * (0.5 + random.random() / 2)


def rate_limit_wait(response: requests.Response, attempt: int, now: float) -> float | None:
    """Seconds to wait before retrying a rate-limited response; None when it is not a rate limit."""
    if response.status_code not in (403, 429):
        return None
    retry_after = retry_after_seconds(response.headers)
    if retry_after is not None:
        return retry_after
    reset = response.headers.get("x-ratelimit-reset", "")
    if response.headers.get("x-ratelimit-remaining") == "0" and reset.isdigit():
        return max(0.0, int(reset) - now) + 1.0  # the reset second itself may still be limited
    if response.status_code == 429 or "rate limit" in _message(response).lower():
        return RATE_LIMIT_BACKOFF * 2 ** (attempt - 1)
    return None  # a 403 that is about permissions, not limits


def html_url(api_url: str) -> str:
    """The web address that goes with an API base: api.github.com -> github.com, HOST/api/v3 -> HOST."""
    parts = urlsplit(api_url.rstrip("/"))
    if parts.netloc == "api.github.com":
        return "https://github.com"
    path = parts.path[: -len("/api/v3")] if parts.path.endswith("/api/v3") else parts.path
    return f"{parts.scheme}://{parts.netloc}{path}"


def _message(response: requests.Response) -> str:
    try:
        data = response.json()
    except ValueError:
        return response.text[:200]
    return str(data.get("message", "")) if isinstance(data, dict) else ""
