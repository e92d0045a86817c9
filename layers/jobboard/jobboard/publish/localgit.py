"""Publish to local git repositories (root/<owner>/<name>): `git log -p` shows what each run changed.

Used when no GitHub token is configured (`make run`, tests). Git runs with a fixed author and
without the user's global or system config, so signing, hooks or autocrlf settings cannot change
what is written.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from jobboard.publish.base import PublishError, PublishResult, check_target

GIT_ENV = {
    "GIT_AUTHOR_NAME": "jobboard",
    "GIT_AUTHOR_EMAIL": "jobboard@localhost",
    "GIT_COMMITTER_NAME": "jobboard",
    "GIT_COMMITTER_EMAIL": "jobboard@localhost",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_TERMINAL_PROMPT": "0",
}


class LocalGitPublisher:
    def __init__(self, root: Path):
        self.root = Path(root)

    def __repr__(self) -> str:
        return f"LocalGitPublisher(root={str(self.root)!r})"

    def publish(self, repo: str, branch: str, files: dict[str, bytes], message: str, stale=None) -> PublishResult:
        """Commit `files`; tracked paths for which `stale(path)` holds and that `files` lacks are removed."""
        check_target(repo, branch, files)
        workdir = self.root / repo
        git = _Git(workdir, repo, branch)
        if not (workdir / ".git").exists():
            workdir.mkdir(parents=True, exist_ok=True)
            git("init", "-q", f"--initial-branch={branch}")
        git.switch_to_branch()
        for path, content in files.items():
            target = workdir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        tracked = git("ls-files", "-z").stdout.split("\0") if stale else []
        deleted = [path for path in tracked if path and path not in files and stale(path)]
        if deleted:
            git("rm", "-q", "--", *deleted)
        committed = False
        if files:
            git("add", "--", *files)
            committed = git("diff", "--cached", "--quiet", ok=(0, 1)).returncode == 1
        if committed:
            git("commit", "-q", "--no-verify", "-m", message)
        head = git("rev-parse", "--verify", "-q", "HEAD", ok=(0, 1)).stdout.strip() or None
        return PublishResult(committed=committed, commit_sha=head, requests=0, url=workdir.resolve().as_uri())

    def read_files(self, repo: str, branch: str, paths: list[str]) -> dict[str, bytes | None]:
        """The files as committed on the branch (None: absent), for previews."""
        workdir = self.root / repo
        found: dict[str, bytes | None] = dict.fromkeys(paths)
        if (workdir / ".git").exists():
            for path in paths:
                shown = subprocess.run(
                    ["git", "show", f"{branch}:{path}"], cwd=workdir, env={**os.environ, **GIT_ENV}, capture_output=True
                )
                found[path] = shown.stdout if shown.returncode == 0 else None
        return found


class _Git:
    def __init__(self, workdir: Path, repo: str, branch: str):
        self.workdir, self.repo, self.branch = workdir, repo, branch

    def __call__(self, *args: str, ok: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess:
        """Run git in the repository; exit codes other than `ok` raise PublishError."""
        result = subprocess.run(
            ["git", *args], cwd=self.workdir, env={**os.environ, **GIT_ENV}, capture_output=True, text=True
        )
        if result.returncode not in ok:
            raise PublishError(
                f"{self.repo}@{self.branch} (local {self.workdir}): git {args[0]} failed: "
                f"{result.stderr.strip() or result.stdout.strip()}"
            )
        return result

    def switch_to_branch(self) -> None:
        """Check out the branch: an existing one, a new one from HEAD, or an unborn one in an empty repo."""
        current = self("symbolic-ref", "--short", "-q", "HEAD", ok=(0, 1)).stdout.strip()
        if current == self.branch:
            return
        if self("rev-parse", "--verify", "-q", "HEAD", ok=(0, 1)).returncode != 0:
            self("symbolic-ref", "HEAD", f"refs/heads/{self.branch}")
        elif self("rev-parse", "--verify", "-q", f"refs/heads/{self.branch}", ok=(0, 1)).returncode == 0:
            self("checkout", "-q", self.branch)
        else:
            self("checkout", "-q", "-b", self.branch)
