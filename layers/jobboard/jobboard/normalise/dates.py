"""Source timestamps to aware UTC datetimes."""

from __future__ import annotations

from datetime import datetime, timezone

from jobboard.model import parse_utc

# Epoch values above this are milliseconds (year 2286 in seconds).
_MS_THRESHOLD = 10_000_000_000


def from_epoch(value) -> datetime | None:
    """Epoch seconds or milliseconds (detected by magnitude) to UTC; None if unusable."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    if number <= 0:
        return None
    if number > _MS_THRESHOLD:
        number /= 1000
    try:
        return datetime.fromtimestamp(number, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None


def from_iso(value) -> datetime | None:
    """ISO 8601 (offset optional: none means UTC) to UTC; None if unusable."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return parse_utc(value.strip())
    except ValueError:
        return None
