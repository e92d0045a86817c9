"""What a handler needs, built from its environment on first use and kept while warm."""

from __future__ import annotations

import os
import time
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # each imported where first used: the stats function never loads a config
    from jobboard.config import Config
    from jobboard.publish.base import Publisher
    from jobboard.store.boards import BoardsStore
    from jobboard.store.links import LinkRecordsStore
    from jobboard.store.postings import PostingsStore
    from jobboard.store.runs import RunsStore

OUT_DIR_ENV = "JOBBOARD_OUT_DIR"  # local runs: publish into git repositories here when no token is set
# A configuration from ConfigSource (S3/SSM) is read again after this long: an edit reaches warm functions.
CONFIG_MAX_AGE_SECONDS = 300


class SetupError(RuntimeError):
    """The function's environment is incomplete; the message says what to set."""


def _required(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise SetupError(f"environment variable {name} is not set")
    return value


class Runtime:
    _config: tuple[float, Config] | None = None  # (loaded at, monotonic seconds; the configuration)

    @property
    def config(self) -> Config:
        """Loaded on first use and kept; one from ConfigSource is re-read when CONFIG_MAX_AGE_SECONDS old."""
        from jobboard.config import load_config
        from jobboard.config_source import configured_source

        now = time.monotonic()
        if self._config is None or (configured_source() and now - self._config[0] >= CONFIG_MAX_AGE_SECONDS):
            self._config = (now, load_config())
        return self._config[1]

    @cached_property
    def postings(self) -> PostingsStore:
        from jobboard.store.postings import PostingsStore

        return PostingsStore(_required("POSTINGS_TABLE"))

    @cached_property
    def boards(self) -> BoardsStore:
        from jobboard.store.boards import BoardsStore

        return BoardsStore(_required("BOARDS_TABLE"))

    @cached_property
    def link_records(self) -> LinkRecordsStore:
        """The link verifier's records: kept in the boards table (no stream)."""
        from jobboard.store.links import LinkRecordsStore

        return LinkRecordsStore(_required("BOARDS_TABLE"))

    @cached_property
    def runs(self) -> RunsStore:
        """Refresh runs: kept in the boards table."""
        from jobboard.store.runs import RunsStore

        return RunsStore(_required("BOARDS_TABLE"))

    @property
    def publisher(self) -> Publisher:
        """Built per use, not kept while warm: the token may be rotated (it is cached 5 minutes)."""
        from jobboard.publish.token import publisher_from_env

        out_dir = os.environ.get(OUT_DIR_ENV)
        publisher = publisher_from_env(Path(out_dir) if out_dir else None)
        if publisher is None:
            raise SetupError(
                "no GitHub token: set GITHUB_TOKEN_PARAMETER or GITHUB_TOKEN_SECRET (deployed) or GITHUB_TOKEN, "
                f"or {OUT_DIR_ENV} to publish into local git repositories"
            )
        return publisher


@cache
def runtime() -> Runtime:
    return Runtime()
