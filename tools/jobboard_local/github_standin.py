"""An in-memory GitHub serving the Git Data and Contents API subset the publisher uses, over local HTTP.

Objects get real git ids (blobs, trees and commits are hashed the way git hashes them), so blob
shas computed by a client match, and a tree built here has the id `git write-tree` would give.
It behaves like GitHub where the publisher depends on it:

- GET  /repos/{o}/{r}                               the repository, with the token's `permissions`
- GET  /repos/{o}/{r}/git/ref/heads/{branch}        404 when missing; on an empty repository
  `empty_ref_status` (404 by default, 409 "Git Repository is empty." is also seen in the wild)
- GET  /repos/{o}/{r}/git/trees/{tree-ish}?recursive=1   a tree, commit sha or branch name
- POST /repos/{o}/{r}/git/blobs | git/trees (base_tree, content or sha, nested paths) | git/commits
- GET  /repos/{o}/{r}/git/commits/{sha}
- GET  /repos/{o}/{r}/git/blobs/{sha}                 base64 content
- PATCH /repos/{o}/{r}/git/refs/heads/{branch}      422 "Update is not a fast forward" unless force
- PUT  /repos/{o}/{r}/contents/{path}               the only write an empty repository accepts
- every other Git Data call on an empty repository: 409 "Git Repository is empty."
- POST /repos/{o}/{r}/issues, GET|PATCH .../issues/{n} (state, state_reason, title, body)
- GET|POST .../issues/{n}/comments; POST .../issues/{n}/labels (unknown labels are created, as
  GitHub does); DELETE .../issues/{n}/labels/{name} (404 when the issue lacks it)
- GET  /repos/{o}/{r}/collaborators/{user}/permission   the owner is admin, `set_permission` sets
  others; anyone else is no collaborator (404)
- a missing or wrong `Authorization` header: 401 "Bad credentials"

GitHub cuts recursive listings (100,000 entries / 7 MB); `tree_listing_limit` imitates that.
For tests it counts requests by route ("GET git/ref", "POST git/trees", ...) and can inject a
commit by someone else (or run any code, such as a whole other publish) just before the next
ref update, rate-limit answers (403 with
x-ratelimit-remaining 0, or 429 with retry-after) and plain failures. `file_at`, `files_at` and
`log` read a branch back.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from jobboard_local.loopback import LoopbackServer

TREE_MODE = "040000"
BLOB_MODES = frozenset({"100644", "100755", "120000"})
EMPTY = {"message": "Git Repository is empty.", "documentation_url": "https://docs.github.com/rest"}
NOT_FOUND = {"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}
DEFAULT_AUTHOR = {"name": "jobboard-standin", "email": "standin@example.invalid"}


def object_sha(kind: str, body: bytes) -> str:
    return hashlib.sha1(f"{kind} {len(body)}\0".encode() + body).hexdigest()


def tree_body(entries: dict[str, tuple[str, str]]) -> bytes:
    """A tree object's bytes: entries in git's order (a directory sorts as if its name ended in '/')."""

    def key(name: str) -> bytes:
        return (name + "/" if entries[name][0] == TREE_MODE else name).encode()

    return b"".join(
        f"{entries[name][0].lstrip('0')} {name}".encode() + b"\0" + bytes.fromhex(entries[name][1])
        for name in sorted(entries, key=key)
    )


@dataclass(frozen=True)
class Commit:
    sha: str
    tree: str
    parents: tuple[str, ...]
    message: str
    author: dict


class ApiError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


class Repository:
    """One repository's object store and branches."""

    def __init__(self, default_branch: str, *, push: bool = True, archived: bool = False):
        self.default_branch = default_branch
        self.push = push  # the token's user may write (GET /repos/{o}/{r} "permissions.push")
        self.archived = archived
        self.blobs: dict[str, bytes] = {}
        self.trees: dict[str, dict[str, tuple[str, str]]] = {}  # name -> (mode, sha)
        self.commits: dict[str, Commit] = {}
        self.branches: dict[str, str] = {}
        self.issues: dict[int, dict] = {}  # number -> the issue as the API gives it, plus "comments"
        self.permissions: dict[str, str] = {}  # login (lowercase) -> role_name
        self.labels: set[str] = set()

    def new_issue(
        self, title: str, body: str, author: str, labels: tuple[str, ...] = (), number: int | None = None
    ) -> dict:
        number = number if number is not None else max(self.issues, default=0) + 1
        self.labels.update(labels)
        self.issues[number] = {
            "number": number,
            "title": title,
            "body": body,
            "state": "open",
            "state_reason": None,
            "user": {"login": author},
            "labels": [{"name": label} for label in labels],
            "comments": [],
        }
        return self.issues[number]

    @property
    def empty(self) -> bool:
        return not self.branches

    def put_blob(self, data: bytes) -> str:
        sha = object_sha("blob", data)
        self.blobs[sha] = data
        return sha

    def put_tree(self, entries: dict[str, tuple[str, str]]) -> str:
        sha = object_sha("tree", tree_body(entries))
        self.trees[sha] = dict(entries)
        return sha

    def put_commit(self, tree: str, parents: list[str], message: str, author: dict) -> str:
        signature = f"{author['name']} <{author['email']}> {author['timestamp']} +0000"
        body = f"tree {tree}\n" + "".join(f"parent {p}\n" for p in parents)
        body += f"author {signature}\ncommitter {signature}\n\n{message}"
        sha = object_sha("commit", body.encode())
        self.commits[sha] = Commit(sha, tree, tuple(parents), message, author)
        return sha

    def tree_of(self, treeish: str) -> str | None:
        if treeish in self.trees:
            return treeish
        commit = self.commits.get(self.branches.get(treeish, treeish))
        return commit.tree if commit else None

    def walk(self, tree: str, prefix: str = ""):
        """(path, mode, sha) of every entry under the tree, subtrees before their contents."""
        for name, (mode, sha) in sorted(self.trees[tree].items()):
            yield prefix + name, mode, sha
            if mode == TREE_MODE:
                yield from self.walk(sha, f"{prefix}{name}/")

    def apply(self, base: str | None, changes: dict[str, tuple[str, str] | None]) -> str:
        """A new tree: `base` with each path set to (mode, sha), or removed when None."""
        entries = dict(self.trees[base]) if base else {}
        nested: dict[str, dict] = {}
        for path, change in changes.items():
            name, sep, rest = path.partition("/")
            if sep:
                nested.setdefault(name, {})[rest] = change
            elif change is None:
                entries.pop(name, None)
            else:
                entries[name] = change
        for name, sub_changes in nested.items():
            current = entries.get(name)
            sub_tree = self.apply(current[1] if current and current[0] == TREE_MODE else None, sub_changes)
            if self.trees[sub_tree]:
                entries[name] = (TREE_MODE, sub_tree)
            else:
                entries.pop(name, None)
        return self.put_tree(entries)

    def commit_files(self, branch: str, files: dict[str, bytes], message: str, author: dict | None = None) -> str:
        head = self.branches.get(branch)
        base = self.commits[head].tree if head else None
        tree = self.apply(base, {path: ("100644", self.put_blob(data)) for path, data in files.items()})
        sha = self.put_commit(tree, [head] if head else [], message, stamped(author))
        self.branches[branch] = sha
        return sha

    def is_ancestor(self, ancestor: str, sha: str) -> bool:
        seen, pending = set(), [sha]
        while pending:
            current = pending.pop()
            if current == ancestor:
                return True
            if current not in seen and current in self.commits:
                seen.add(current)
                pending.extend(self.commits[current].parents)
        return False


def stamped(author: dict | None) -> dict:
    return {**DEFAULT_AUTHOR, **(author or {}), "timestamp": int(time.time())}


_REPO = r"/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)"
ROUTES = [  # (method, path pattern, route name used for counting, handler method)
    ("GET", re.compile(_REPO), "GET repo", "get_repo"),
    ("GET", re.compile(_REPO + r"/git/ref/heads/(?P<branch>.+)"), "GET git/ref", "get_ref"),
    ("GET", re.compile(_REPO + r"/git/trees/(?P<treeish>[^/]+)"), "GET git/trees", "get_tree"),
    ("GET", re.compile(_REPO + r"/git/blobs/(?P<sha>[0-9a-f]{40})"), "GET git/blobs", "get_blob"),
    ("POST", re.compile(_REPO + r"/git/blobs"), "POST git/blobs", "post_blob"),
    ("POST", re.compile(_REPO + r"/git/trees"), "POST git/trees", "post_tree"),
    ("GET", re.compile(_REPO + r"/git/commits/(?P<sha>[0-9a-f]{40})"), "GET git/commits", "get_commit"),
    ("POST", re.compile(_REPO + r"/git/commits"), "POST git/commits", "post_commit"),
    ("PATCH", re.compile(_REPO + r"/git/refs/heads/(?P<branch>.+)"), "PATCH git/refs", "patch_ref"),
    ("PUT", re.compile(_REPO + r"/contents/(?P<path>.+)"), "PUT contents", "put_contents"),
    ("POST", re.compile(_REPO + r"/issues"), "POST issues", "post_issue"),
    ("GET", re.compile(_REPO + r"/issues/(?P<number>\d+)"), "GET issue", "get_issue"),
    ("PATCH", re.compile(_REPO + r"/issues/(?P<number>\d+)"), "PATCH issue", "patch_issue"),
    ("GET", re.compile(_REPO + r"/issues/(?P<number>\d+)/comments"), "GET issues/comments", "get_comments"),
    ("POST", re.compile(_REPO + r"/issues/(?P<number>\d+)/comments"), "POST issues/comments", "post_comment"),
    ("POST", re.compile(_REPO + r"/issues/(?P<number>\d+)/labels"), "POST issues/labels", "post_labels"),
    (
        "DELETE",
        re.compile(_REPO + r"/issues/(?P<number>\d+)/labels/(?P<label>[^/]+)"),
        "DELETE issues/labels",
        "delete_label",
    ),
    (
        "GET",
        re.compile(_REPO + r"/collaborators/(?P<user>[^/]+)/permission"),
        "GET collaborators/permission",
        "get_permission",
    ),
]


class GitHubStandin(LoopbackServer):
    """Use as a context manager or start()/stop(); point a client at `api_url`."""

    def __init__(
        self,
        token: str | None = "standin-token",
        *,
        prefix: str = "",
        empty_ref_status: int = 404,
        auto_create: bool = False,
    ):
        self.token = token  # None: accept any request
        self.auto_create = auto_create  # an unknown repository springs into existence, empty (for `make run`)
        self.prefix = prefix.rstrip("/")  # e.g. "/api/v3" to stand in for GitHub Enterprise Server
        self.empty_ref_status = empty_ref_status
        self.tree_listing_limit: int | None = None  # recursive listings longer than this come back truncated
        self.repos: dict[str, Repository] = {}
        self.requests: list[str] = []  # route names in arrival order, e.g. "POST git/trees"
        self.bytes_received = 0  # request bodies of writes (POST, PUT, PATCH): what a publish uploads
        self.uploaded_paths: Counter = Counter()  # path -> bytes of content sent for it in new trees
        self.rate_limit_remaining = 5000
        self._rate_limits: list[dict] = []
        self._failures: list[tuple[str, int]] = []
        self._before_patch: list[tuple[str, str, dict[str, bytes], str]] = []
        self._run_before: list[tuple[str, Callable[[], object]]] = []
        self._lock = threading.RLock()

    # --- set-up, injection and assertions ---------------------------------------------------

    def create_repo(
        self,
        full_name: str,
        *,
        default_branch: str = "main",
        files: dict[str, bytes] | None = None,
        push: bool = True,
        archived: bool = False,
    ) -> Repository:
        """A repository; empty (no commits) unless `files` are given for a first commit.

        `push=False`: the token may read but not write it; `archived=True`: read-only for everyone.
        """
        with self._lock:
            repo = self.repos[full_name.lower()] = Repository(default_branch, push=push, archived=archived)
            if files:
                repo.commit_files(default_branch, files, "Initial commit")
            return repo

    def repo(self, full_name: str) -> Repository:
        return self.repos[full_name.lower()]

    def commit(
        self, full_name: str, branch: str, files: dict[str, bytes], message: str = "Someone else's change"
    ) -> str:
        with self._lock:
            return self.repo(full_name).commit_files(branch, files, message)

    def head(self, full_name: str, branch: str) -> str | None:
        return self.repo(full_name).branches.get(branch)

    def files_at(self, full_name: str, branch: str) -> dict[str, bytes]:
        repo = self.repo(full_name)
        head = repo.branches.get(branch)
        if head is None:
            return {}
        return {path: repo.blobs[sha] for path, mode, sha in repo.walk(repo.commits[head].tree) if mode != TREE_MODE}

    def file_at(self, full_name: str, branch: str, path: str) -> bytes | None:
        return self.files_at(full_name, branch).get(path)

    def log(self, full_name: str, branch: str) -> list[Commit]:
        """The branch's first-parent history, newest first."""
        repo = self.repo(full_name)
        commits, sha = [], repo.branches.get(branch)
        while sha:
            commits.append(repo.commits[sha])
            sha = repo.commits[sha].parents[0] if repo.commits[sha].parents else None
        return commits

    # --- issues and the webhook payloads about them ----------------------------------------------

    def open_issue(self, full_name: str, title: str, body: str, author: str, labels: tuple[str, ...] = ()) -> int:
        """A new open issue (as a reader opens one from a form); its number."""
        with self._lock:
            return self.repo(full_name).new_issue(title, body, author, labels)["number"]

    def issue(self, full_name: str, number: int) -> dict:
        """The issue as it stands: state, labels ([{"name"}]), comments ([{"body", "user"}])."""
        return self.repo(full_name).issues[number]

    def label_names(self, full_name: str, number: int) -> list[str]:
        return [label["name"] for label in self.issue(full_name, number)["labels"]]

    def comment_bodies(self, full_name: str, number: int) -> list[str]:
        return [comment["body"] for comment in self.issue(full_name, number)["comments"]]

    def set_permission(self, full_name: str, user: str, role: str) -> None:
        """`user`'s role on the repository (admin, maintain, write, triage, read)."""
        self.repo(full_name).permissions[user.lower()] = role

    def label_issue(self, full_name: str, number: int, label: str, sender: str) -> dict:
        """`sender` adds `label` (as in GitHub's page; no permission check, as GitHub's page would make
        for a maintainer): the `labeled` payload GitHub would deliver."""
        with self._lock:
            issue = self.issue(full_name, number)
            if label not in self.label_names(full_name, number):
                issue["labels"].append({"name": label})
            self.repo(full_name).labels.add(label)
        return self.issue_event(full_name, number, "labeled", sender, label=label)

    def issue_event(self, full_name: str, number: int, action: str, sender: str, label: str | None = None) -> dict:
        """The `issues` webhook payload GitHub delivers about the issue as it stands."""
        issue = self.issue(full_name, number)
        return issue_payload(
            full_name,
            number,
            issue["title"],
            issue["body"],
            action=action,
            author=issue["user"]["login"],
            sender=sender,
            labels=tuple(self.label_names(full_name, number)),
            label=label,
            state=issue["state"],
            html_url=f"{self.url}/{full_name}/issues/{number}",
        )

    def count(self, route: str | None = None) -> int:
        return len(self.requests) if route is None else self.requests.count(route)

    def counts(self) -> Counter:
        return Counter(self.requests)

    def reset_requests(self) -> None:
        self.requests.clear()
        self.bytes_received = 0
        self.uploaded_paths.clear()

    def commit_before_next_patch(
        self, full_name: str, branch: str, files: dict[str, bytes], message: str = "A concurrent change"
    ) -> None:
        """Someone else's commit lands on the branch just before the next ref update is handled."""
        with self._lock:
            self._before_patch.append((full_name, branch, files, message))

    def run_before_next(self, route: str, action: Callable[[], object]) -> None:
        """Call `action` just before the next `route` request (e.g. "PATCH git/refs": a slow ref
        update) is handled, outside the stand-in's lock: it may make requests of its own."""
        with self._lock:
            self._run_before.append((route, action))

    def rate_limit_next(
        self, times: int = 1, *, status: int = 403, retry_after: int | None = None, reset_in: int = 60
    ) -> None:
        """The next `times` requests are refused: with retry-after if given, else remaining 0 + reset."""
        with self._lock:
            self._rate_limits.extend([{"status": status, "retry_after": retry_after, "reset_in": reset_in}] * times)

    def fail_next(self, route: str, status: int = 500, times: int = 1) -> None:
        """The next `times` requests to `route` (e.g. "POST git/commits") answer `status`."""
        with self._lock:
            self._failures.extend([(route, status)] * times)

    # --- server ------------------------------------------------------------------------------

    @property
    def api_url(self) -> str:
        return self.url + self.prefix

    # --- the API -----------------------------------------------------------------------------

    def answer(self, method: str, raw_path: str, headers, body: bytes) -> tuple[int, dict, bytes]:
        parts = urlsplit(raw_path)
        path = unquote(parts.path)
        if not path.startswith(self.prefix + "/repos/"):
            return self._reply(404, NOT_FOUND)
        path = path[len(self.prefix) :]
        for route_method, pattern, route, handler in ROUTES:  # noqa: B007 (used after the loop)
            match = pattern.fullmatch(path)
            if match and route_method == method:
                break
        else:
            return self._reply(404, NOT_FOUND)
        with self._lock:
            due = [action for name, action in self._run_before if name == route]
            self._run_before = [entry for entry in self._run_before if entry[0] != route]
        for action in due:
            action()
        with self._lock:
            self.requests.append(route)
            if method in ("POST", "PUT", "PATCH"):
                self.bytes_received += len(body or b"")
            if self.token is not None and headers.get("Authorization") not in (
                f"Bearer {self.token}",
                f"token {self.token}",
            ):
                return self._reply(401, {"message": "Bad credentials"})
            if self._rate_limits:
                return self._rate_limited(self._rate_limits.pop(0))
            failure = next((f for f in self._failures if f[0] == route), None)
            if failure:
                self._failures.remove(failure)
                return self._reply(failure[1], {"message": "Server Error"})
            full_name = f"{match['owner']}/{match['name']}".lower()
            if self.auto_create and full_name not in self.repos:
                self.repos[full_name] = Repository("main")
            repo = self.repos.get(full_name)
            if repo is None:
                return self._reply(404, NOT_FOUND)
            if method != "GET" and repo.archived:
                return self._reply(403, {"message": "Repository was archived so is read-only."})
            if method != "GET" and not repo.push:
                return self._reply(403, {"message": "Resource not accessible by personal access token"})
            try:
                payload = json.loads(body or b"{}")
            except ValueError:
                return self._reply(400, {"message": "Problems parsing JSON"})
            try:
                status, data = getattr(self, handler)(repo, match, parse_qs(parts.query), payload)
            except ApiError as exc:
                return self._reply(exc.status, {"message": exc.message})
            return self._reply(status, data)

    def _reply(self, status: int, data, extra_headers: dict | None = None) -> tuple[int, dict, bytes]:
        self.rate_limit_remaining = max(0, self.rate_limit_remaining - 1)
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "x-ratelimit-limit": "5000",
            "x-ratelimit-remaining": str(self.rate_limit_remaining),
            "x-ratelimit-reset": str(int(time.time()) + 3600),
            **(extra_headers or {}),
        }
        return status, headers, json.dumps(data).encode()

    def _rate_limited(self, limit: dict) -> tuple[int, dict, bytes]:
        if limit["retry_after"] is not None:
            return self._reply(
                limit["status"],
                {"message": "You have exceeded a secondary rate limit."},
                {"Retry-After": str(limit["retry_after"])},
            )
        return self._reply(
            limit["status"],
            {"message": "API rate limit exceeded for user."},
            {
                "x-ratelimit-remaining": "0",
                "x-ratelimit-reset": str(int(time.time()) + limit["reset_in"]),
            },
        )

    def _links(self, match) -> tuple[str, str]:
        """API and web base addresses of the matched repository."""
        name = f"{match['owner']}/{match['name']}"
        return f"{self.api_url}/repos/{name}", f"{self.url}/{name}"

    def _ref(self, match, branch: str, sha: str) -> dict:
        api, _ = self._links(match)
        return {
            "ref": f"refs/heads/{branch}",
            "url": f"{api}/git/refs/heads/{branch}",
            "object": {"sha": sha, "type": "commit", "url": f"{api}/git/commits/{sha}"},
        }

    def _commit(self, match, commit: Commit) -> dict:
        api, web = self._links(match)
        when = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(commit.author["timestamp"]))
        person = {"name": commit.author["name"], "email": commit.author["email"], "date": when}
        return {
            "sha": commit.sha,
            "url": f"{api}/git/commits/{commit.sha}",
            "html_url": f"{web}/commit/{commit.sha}",
            "author": person,
            "committer": person,
            "message": commit.message,
            "tree": {"sha": commit.tree, "url": f"{api}/git/trees/{commit.tree}"},
            "parents": [{"sha": p, "url": f"{api}/git/commits/{p}"} for p in commit.parents],
        }

    def _tree(self, match, repo: Repository, tree: str, recursive: bool) -> dict:
        api, _ = self._links(match)
        entries = repo.walk(tree) if recursive else ((n, m, s) for n, (m, s) in sorted(repo.trees[tree].items()))
        listing = []
        for path, mode, sha in entries:
            kind = "tree" if mode == TREE_MODE else "blob"
            entry = {"path": path, "mode": mode, "type": kind, "sha": sha, "url": f"{api}/git/{kind}s/{sha}"}
            if kind == "blob":
                entry["size"] = len(repo.blobs[sha])
            listing.append(entry)
        truncated = recursive and self.tree_listing_limit is not None and len(listing) > self.tree_listing_limit
        if truncated:
            listing = listing[: self.tree_listing_limit]
        return {"sha": tree, "url": f"{api}/git/trees/{tree}", "tree": listing, "truncated": truncated}

    @staticmethod
    def _not_empty(repo: Repository) -> None:
        if repo.empty:
            raise ApiError(409, EMPTY["message"])

    def get_repo(self, repo, match, query, payload):
        return 200, {
            "full_name": f"{match['owner']}/{match['name']}",
            "default_branch": repo.default_branch,
            "archived": repo.archived,
            "size": 0 if repo.empty else 1,
            "permissions": {"admin": False, "maintain": False, "push": repo.push, "triage": True, "pull": True},
        }

    def get_ref(self, repo, match, query, payload):
        if repo.empty:
            raise ApiError(self.empty_ref_status, EMPTY["message"] if self.empty_ref_status == 409 else "Not Found")
        sha = repo.branches.get(match["branch"])
        if sha is None:
            raise ApiError(404, "Not Found")
        return 200, self._ref(match, match["branch"], sha)

    def get_tree(self, repo, match, query, payload):
        self._not_empty(repo)
        tree = repo.tree_of(match["treeish"])
        if tree is None:
            raise ApiError(404, "Not Found")
        return 200, self._tree(match, repo, tree, recursive="recursive" in query)

    def post_blob(self, repo, match, query, payload):
        self._not_empty(repo)
        content, encoding = payload.get("content"), payload.get("encoding", "utf-8")
        if not isinstance(content, str) or encoding not in ("utf-8", "base64"):
            raise ApiError(422, "Invalid request: content must be a string, encoding utf-8 or base64")
        sha = repo.put_blob(_decode_base64(content) if encoding == "base64" else content.encode("utf-8"))
        api, _ = self._links(match)
        return 201, {"sha": sha, "url": f"{api}/git/blobs/{sha}"}

    def post_tree(self, repo, match, query, payload):
        self._not_empty(repo)
        base = payload.get("base_tree")
        if base is not None and base not in repo.trees:
            raise ApiError(422, "base_tree is not a valid tree oid")
        entries = payload.get("tree")
        if not isinstance(entries, list):
            raise ApiError(422, "Invalid request: tree must be an array")
        changes = {}
        for entry in entries:
            path, mode = entry.get("path"), entry.get("mode")
            if not isinstance(path, str) or path.startswith("/") or "" in path.split("/"):
                raise ApiError(422, f"tree.path contains a malformed path component: {path!r}")
            if mode not in BLOB_MODES or entry.get("type") != "blob":
                raise ApiError(422, f"Invalid tree info: unsupported mode/type for {path!r}")
            if ("content" in entry) == ("sha" in entry):
                raise ApiError(422, "Must supply exactly one of tree.sha or tree.content")
            if "content" in entry:
                content = str(entry["content"]).encode("utf-8")
                with self._lock:
                    self.uploaded_paths[path] += len(content)
                changes[path] = (mode, repo.put_blob(content))
            elif entry["sha"] is None:
                changes[path] = None
            elif entry["sha"] in repo.blobs:
                changes[path] = (mode, entry["sha"])
            else:
                raise ApiError(422, "GitRPC::BadObjectState")
        return 201, self._tree(match, repo, repo.apply(base, changes), recursive=False)

    def get_blob(self, repo, match, query, payload):
        data = repo.blobs.get(match["sha"])
        if data is None:
            raise ApiError(404, "Not Found")
        return 200, {
            "sha": match["sha"],
            "size": len(data),
            "encoding": "base64",
            "content": base64.encodebytes(data).decode("ascii"),
        }

    def get_commit(self, repo, match, query, payload):
        self._not_empty(repo)
        commit = repo.commits.get(match["sha"])
        if commit is None:
            raise ApiError(404, "Not Found")
        return 200, self._commit(match, commit)

    def post_commit(self, repo, match, query, payload):
        self._not_empty(repo)
        message, tree, parents = payload.get("message"), payload.get("tree"), payload.get("parents", [])
        if not isinstance(message, str):
            raise ApiError(422, "Invalid request: message is required")
        if tree not in repo.trees:
            raise ApiError(422, "Tree SHA does not exist")
        if any(parent not in repo.commits for parent in parents):
            raise ApiError(422, "Parent SHA does not exist or is not a commit object")
        sha = repo.put_commit(tree, parents, message, stamped(payload.get("author")))
        return 201, self._commit(match, repo.commits[sha])

    def patch_ref(self, repo, match, query, payload):
        self._not_empty(repo)
        branch = match["branch"]
        full_name = f"{match['owner']}/{match['name']}".lower()
        injected = next((i for i in self._before_patch if i[0].lower() == full_name and i[1] == branch), None)
        if injected:
            self._before_patch.remove(injected)
            repo.commit_files(branch, injected[2], injected[3])
        current, sha = repo.branches.get(branch), payload.get("sha")
        if current is None:
            raise ApiError(422, "Reference does not exist")
        if sha not in repo.commits:
            raise ApiError(422, "Object does not exist")
        if not payload.get("force") and not repo.is_ancestor(current, sha):
            raise ApiError(422, "Update is not a fast forward")
        repo.branches[branch] = sha
        return 200, self._ref(match, branch, sha)

    def put_contents(self, repo, match, query, payload):
        path, message, content = match["path"], payload.get("message"), payload.get("content")
        if not isinstance(message, str) or not isinstance(content, str):
            raise ApiError(422, 'Invalid request.\n\n"message" and "content" are required.')
        data = _decode_base64(content)
        branch = payload.get("branch") or repo.default_branch
        head = repo.branches.get(branch)
        if head is None and not repo.empty:
            raise ApiError(404, f"Branch {branch} not found")
        existing = dict((p, s) for p, m, s in repo.walk(repo.commits[head].tree) if m != TREE_MODE) if head else {}
        if path in existing and payload.get("sha") is None:
            raise ApiError(422, 'Invalid request.\n\n"sha" wasn\'t supplied.')
        if path in existing and payload["sha"] != existing[path]:
            raise ApiError(409, f"{path} does not match {payload['sha']}")
        if repo.empty:
            repo.default_branch = branch  # the first branch pushed becomes the default
        sha = repo.commit_files(branch, {path: data}, message, payload.get("author"))
        api, web = self._links(match)
        blob = object_sha("blob", data)
        return (200 if path in existing else 201), {
            "content": {
                "name": path.rsplit("/", 1)[-1],
                "path": path,
                "sha": blob,
                "size": len(data),
                "type": "file",
                "html_url": f"{web}/blob/{branch}/{path}",
                "git_url": f"{api}/git/blobs/{blob}",
            },
            "commit": self._commit(match, repo.commits[sha]),
        }

    # --- issues ------------------------------------------------------------------------------

    def _issue(self, repo: Repository, match) -> dict:
        issue = repo.issues.get(int(match["number"]))
        if issue is None and self.auto_create:  # `make run`'s stand-in: any issue an event names
            issue = repo.new_issue("", "", "someone", number=int(match["number"]))
        if issue is None:
            raise ApiError(404, "Not Found")
        return issue

    def _issue_json(self, match, issue: dict) -> dict:
        api, web = self._links(match)
        shown = {k: v for k, v in issue.items() if k != "comments"}
        return {
            **shown,
            "comments": len(issue["comments"]),
            "url": f"{api}/issues/{issue['number']}",
            "html_url": f"{web}/issues/{issue['number']}",
        }

    def post_issue(self, repo, match, query, payload):
        title = payload.get("title")
        if not isinstance(title, str) or not title:
            raise ApiError(422, "Validation Failed: title is required")
        issue = repo.new_issue(title, str(payload.get("body") or ""), "standin-user", tuple(payload.get("labels", ())))
        return 201, self._issue_json(match, issue)

    def get_issue(self, repo, match, query, payload):
        return 200, self._issue_json(match, self._issue(repo, match))

    def patch_issue(self, repo, match, query, payload):
        issue = self._issue(repo, match)
        state = payload.get("state", issue["state"])
        if state not in ("open", "closed"):
            raise ApiError(422, f"Validation Failed: state {state!r} is not open or closed")
        issue["state"] = state
        issue["state_reason"] = payload.get("state_reason") if state == "closed" else "reopened"
        for name in ("title", "body"):
            if isinstance(payload.get(name), str):
                issue[name] = payload[name]
        return 200, self._issue_json(match, issue)

    def get_comments(self, repo, match, query, payload):
        return 200, self._issue(repo, match)["comments"]

    def post_comment(self, repo, match, query, payload):
        body = payload.get("body")
        if not isinstance(body, str) or not body:
            raise ApiError(422, "Validation Failed: body is required")
        issue = self._issue(repo, match)
        comment = {"id": len(issue["comments"]) + 1, "body": body, "user": {"login": "jobboard[bot]"}}
        issue["comments"].append(comment)
        return 201, comment

    def post_labels(self, repo, match, query, payload):
        labels = payload.get("labels")
        if not isinstance(labels, list) or not all(isinstance(label, str) and label for label in labels):
            raise ApiError(422, "Validation Failed: labels must be a list of names")
        issue = self._issue(repo, match)
        names = [label["name"] for label in issue["labels"]]
        for label in labels:
            repo.labels.add(label)  # GitHub creates a label the repository lacks
            if label not in names:
                issue["labels"].append({"name": label})
                names.append(label)
        return 200, issue["labels"]

    def delete_label(self, repo, match, query, payload):
        issue = self._issue(repo, match)
        kept = [label for label in issue["labels"] if label["name"] != match["label"]]
        if len(kept) == len(issue["labels"]):
            raise ApiError(404, "Label does not exist")
        issue["labels"] = kept
        return 200, kept

    def get_permission(self, repo, match, query, payload):
        user = match["user"]
        role = "admin" if user.lower() == match["owner"].lower() else repo.permissions.get(user.lower())
        if role is None:
            raise ApiError(404, f"{user} is not a collaborator")
        legacy = {"maintain": "write", "triage": "read"}.get(role, role)
        return 200, {"permission": legacy, "role_name": role, "user": {"login": user}}


def issue_payload(
    repo: str,
    number: int,
    title: str,
    body: str,
    *,
    action: str,
    author: str,
    sender: str,
    labels=(),
    label=None,
    state: str = "open",
    html_url: str | None = None,
) -> dict:
    """An `issues` delivery's payload, trimmed to what GitHub always sends that readers of it use."""
    owner, _, name = repo.partition("/")
    payload = {
        "action": action,
        "issue": {
            "number": number,
            "title": title,
            "body": body,
            "state": state,
            "user": {"login": author},
            "labels": [{"name": each} for each in labels],
            "html_url": html_url or f"https://github.com/{repo}/issues/{number}",
        },
        "repository": {"full_name": repo, "name": name, "owner": {"login": owner}},
        "sender": {"login": sender},
    }
    if label is not None:
        payload["label"] = {"name": label}
    return payload


def _decode_base64(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=False)
    except (binascii.Error, ValueError):
        raise ApiError(422, "content is not valid Base64") from None
