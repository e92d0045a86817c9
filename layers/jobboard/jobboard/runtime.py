"""What a handler needs, built from its environment on first use and kept while warm."""

from __future__ import annotations

import os
from functools import cache, cached_property
from pathlib import Path

from jobboard.config import Config, load_config
from jobboard.publish.base import Publisher
from jobboard.store.boards import BoardsStore
from jobboard.store.postings import PostingsStore

OUT_DIR_ENV = "JOBBOARD_OUT_DIR"  # local runs: publish into git repositories here when no token is set


class SetupError(RuntimeError):
    """The function's environment is incomplete; the message says what to set."""


def _required(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise SetupError(f"environment variable {name} is not set")
    return value


class Runtime:
    @cached_property
    def config(self) -> Config:
        return load_config()

    @cached_property
    def postings(self) -> PostingsStore:
        return PostingsStore(_required("POSTINGS_TABLE"))

    @cached_property
    def boards(self) -> BoardsStore:
        return BoardsStore(_required("BOARDS_TABLE"))

    @property
    def publisher(self) -> Publisher:
        """Built per use, not kept while warm: the secret may be rotated (it is cached 5 minutes)."""
        from jobboard.publish.token import publisher_from_env

        out_dir = os.environ.get(OUT_DIR_ENV)
        publisher = publisher_from_env(Path(out_dir) if out_dir else None)
        if publisher is None:
            raise SetupError("no GitHub token: set GITHUB_TOKEN_SECRET (deployed) or GITHUB_TOKEN, "
                             f"or {OUT_DIR_ENV} to publish into local git repositories")
        return publisher


@cache
def runtime() -> Runtime:
    return Runtime()
