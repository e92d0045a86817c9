"""Source timestamps to aware UTC datetimes; unusable or absurd values read as None."""

from __future__ import annotations

import re
from datetime import datetime, timezone

from jobboard.model import parse_utc

# Epoch values above this are milliseconds (year 2286 in seconds).
_MS_THRESHOLD = 10_000_000_000
# A posting date outside these years is a broken value, not a real date.
_YEARS = range(2000, 2100)
_UTC_SUFFIX = re.compile(r"\s*(?:UTC|GMT)$", re.I)


def _plausible(value: datetime) -> datetime | None:
    return value if value.year in _YEARS else None


def from_epoch(value) -> datetime | None:
    """Epoch seconds or milliseconds (detected by magnitude), number or numeric string, to UTC."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    if not number > 0:  # also rejects NaN
        return None
    if number > _MS_THRESHOLD:
        number /= 1000
    try:
        return _plausible(datetime.fromtimestamp(number, tz=timezone.utc))
    except (OverflowError, OSError, ValueError):
        return None


def from_iso(value) -> datetime | None:
    """ISO 8601 to UTC. No offset means UTC; "2026-11-20 09:00:00 UTC" is accepted too."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = _UTC_SUFFIX.sub("", value.strip())
    try:
        return _plausible(parse_utc(text))
    except ValueError:
        return None
