"""When a source's schedule fires: rate() and EventBridge-style cron(), evaluated by the dispatcher.

rate(N unit) fires every N minutes at a minute offset derived from the source id, so the
companies of a long list spread over the interval instead of all starting on the hour.
cron(min hour day-of-month month day-of-week year) fires as EventBridge's does, in UTC
(*, ?, lists, ranges, steps and names; L, W and # are not supported and fail at load).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import cache

_RATE = re.compile(r"^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$")
_CRON = re.compile(r"^cron\((.+)\)$")
_MONTHS = {m: i for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), start=1)}
_DAYS = {d: i for i, d in enumerate("SUN MON TUE WED THU FRI SAT".split(), start=1)}  # EventBridge: 1 = Sunday
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Cron:
    """An EventBridge cron expression, as the sets of times it fires at (UTC)."""

    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int] | None  # None: any (`*` or `?`)
    months: frozenset[int]
    weekdays: frozenset[int] | None  # EventBridge numbering, 1 = Sunday
    years: frozenset[int] | None

    def matches(self, moment: datetime) -> bool:
        weekday = moment.isoweekday() % 7 + 1  # Monday=1..Sunday=7 -> Sunday=1..Saturday=7
        return (
            moment.minute in self.minutes
            and moment.hour in self.hours
            and moment.month in self.months
            and (self.days is None or moment.day in self.days)
            and (self.weekdays is None or weekday in self.weekdays)
            and (self.years is None or moment.year in self.years)
        )


def interval_minutes(expression: str) -> int | None:
    """Minutes between runs of a rate() expression; None for cron()."""
    match = _RATE.match(expression)
    if not match:
        return None
    amount, unit = int(match.group(1)), match.group(2)
    return amount * {"minute": 1, "hour": 60, "day": 1440}[unit.rstrip("s")]


@cache
def parse_cron(expression: str) -> Cron:
    """Raise ValueError naming the field that cannot be read."""
    match = _CRON.match(expression)
    fields = match.group(1).split() if match else []
    if len(fields) != 6:
        raise ValueError(f"expected cron(minutes hours day-of-month month day-of-week year), got {expression!r}")
    minute, hour, day, month, weekday, year = fields
    if day != "?" and weekday != "?" and not (day == "*" and weekday == "*"):
        raise ValueError("one of day-of-month and day-of-week must be '?'")
    return Cron(
        minutes=_field(minute, 0, 59, {}, "minutes"),
        hours=_field(hour, 0, 23, {}, "hours"),
        days=None if day in ("*", "?") else _field(day, 1, 31, {}, "day-of-month"),
        months=_field(month, 1, 12, _MONTHS, "month"),
        weekdays=None if weekday in ("*", "?") else _field(weekday, 1, 7, _DAYS, "day-of-week"),
        years=None if year in ("*", "?") else _field(year, 1970, 2199, {}, "year"),
    )


def _field(text: str, low: int, high: int, names: dict[str, int], label: str) -> frozenset[int]:
    values: set[int] = set()
    for part in text.split(","):
        base, _, step_text = part.partition("/")
        try:
            step = int(step_text) if step_text else 1
            if base in ("*", "?"):
                start, end = low, high
            elif "-" in base:
                first, last = base.split("-", 1)
                start, end = _value(first, names), _value(last, names)
            else:
                start = _value(base, names)
                end = high if step_text else start
        except ValueError:
            raise ValueError(f"cannot read the {label} field {text!r}") from None
        if not (low <= start <= high and low <= end <= high and step >= 1):
            raise ValueError(f"the {label} field {text!r} is outside {low}-{high}")
        values.update(range(start, end + 1, step))
    return frozenset(values)


def _value(text: str, names: dict[str, int]) -> int:
    return names[text.upper()] if text.upper() in names else int(text)


def rate_offset(key: str, interval: int) -> int:
    """A stable minute offset within the interval for this key (the same in every process)."""
    return int(hashlib.sha256(key.encode()).hexdigest()[:12], 16) % interval


def fires_between(expression: str, key: str, start: datetime, end: datetime) -> bool:
    """Whether the schedule fires at a whole minute in (start, end]."""
    first = _minute(start) + 1
    last = _minute(end)
    if last < first:
        return False
    interval = interval_minutes(expression)
    if interval is not None:
        offset = rate_offset(key, interval)
        return first + (offset - first) % interval <= last
    cron = parse_cron(expression)
    # A dispatcher window is minutes long; a day of minutes bounds a catch-up after an outage.
    for minute in range(max(first, last - 1440), last + 1):
        if cron.matches(_EPOCH + timedelta(minutes=minute)):
            return True
    return False


def _minute(moment: datetime) -> int:
    return int((moment - _EPOCH).total_seconds() // 60)
