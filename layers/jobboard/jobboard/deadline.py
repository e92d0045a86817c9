"""How long the current invocation may still run: no retry wait or fetch may outlive it.

Handlers are decorated with `bounded`; source fetches and GitHub calls ask `seconds_left()`
before waiting. Outside a handler (tests, tools) there is no deadline.
"""

from __future__ import annotations

import functools
import time

# Kept back from Lambda's timeout: time to record the outcome, emit metrics and answer.
MARGIN_SECONDS = 10.0
_deadline: float | None = None  # time.monotonic() value


def bounded(handler):
    """The handler runs with its invocation's deadline set (and cleared after it)."""

    @functools.wraps(handler)
    def run(event, context):
        global _deadline
        remaining = getattr(context, "get_remaining_time_in_millis", None)
        _deadline = time.monotonic() + remaining() / 1000 - MARGIN_SECONDS if callable(remaining) else None
        try:
            return handler(event, context)
        finally:
            _deadline = None

    return run


def seconds_left() -> float | None:
    return None if _deadline is None else _deadline - time.monotonic()


def utc_after(seconds: float) -> str:
    """The wall-clock time `seconds` from now, for "rate limited until ..." messages."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + seconds))
