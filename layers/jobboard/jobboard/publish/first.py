"""A board's first publish: never an empty board, and a target known to be writable before anything is written.

On a first deploy the usual problems are a repository not created yet, a token without write
access, and sources that all failed: each is said in words that name the fix, and nothing
half-made reaches the repository.
"""

from __future__ import annotations


def is_first_publish(previous: dict) -> bool:
    """No publish of this board was ever recorded."""
    return not previous


def empty_first_publish(previous: dict, jobs: int) -> str | None:
    """Why an empty first publish is held back (a 0-job README is no way to start a board), else None."""
    if is_first_publish(previous) and jobs == 0:
        return (
            "first publish held: the board has 0 jobs (did every source fail, or do the board's filters "
            "match nothing?); it is published once it has jobs"
        )
    return None


def check_target(publisher: object, repo: str, branch: str) -> None:
    """Raise PublishError naming the fix when the repository is missing or the token cannot write it.

    Publishers without such a check (local git) have nothing to check; `publisher` is any publisher.
    """
    check = getattr(publisher, "check_access", None)
    if check is not None:
        check(repo, branch)
