"""The current time, UTC; JOBBOARD_NOW pins it (sample runs replay recordings at their own date)."""

from __future__ import annotations

import os
from datetime import datetime, timezone

from jobboard.model import parse_utc

NOW_ENV = "JOBBOARD_NOW"


def now() -> datetime:
    pinned = os.environ.get(NOW_ENV)
    return parse_utc(pinned) if pinned else datetime.now(timezone.utc)
