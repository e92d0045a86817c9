"""Schedules as the dispatcher evaluates them: rate() with a per-source offset, EventBridge cron()."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from jobboard.schedule import fires_between, parse_cron, rate_offset

T0 = datetime(2026, 11, 23, 0, 0, tzinfo=timezone.utc)  # a Monday


def fire_times(expression: str, key: str, hours: int, step_minutes: int = 5) -> list[datetime]:
    ticks = [T0 + timedelta(minutes=m) for m in range(step_minutes, hours * 60 + 1, step_minutes)]
    return [t for t in ticks if fires_between(expression, key, t - timedelta(minutes=step_minutes), t)]


def test_a_rate_fires_once_per_interval_whatever_the_tick():
    for key in ("gitlab", "companies", "remotive"):
        fired = fire_times("rate(6 hours)", key, hours=48)
        assert len(fired) == 8, key
        assert all(b - a == timedelta(hours=6) for a, b in zip(fired, fired[1:]))


def test_rate_offsets_spread_sources_over_the_interval():
    offsets = {rate_offset(f"source-{i}", 360) for i in range(50)}
    assert len(offsets) > 30 and rate_offset("x", 360) == rate_offset("x", 360)


def test_a_rate_shorter_than_the_tick_fires_every_tick():
    assert len(fire_times("rate(1 minute)", "fast", hours=1)) == 12


@pytest.mark.parametrize(
    "expression, expected",
    [
        ("cron(30 7 * * ? *)", [T0.replace(hour=7, minute=30), T0.replace(day=24, hour=7, minute=30)]),
        (
            "cron(0 */12 ? * MON-FRI *)",
            [T0.replace(hour=12), T0.replace(day=24), T0.replace(day=24, hour=12), T0.replace(day=25)],
        ),
        ("cron(15 9 ? * SUN *)", []),  # Monday and Tuesday only in the window
        ("cron(0 6 24 NOV ? 2026)", [T0.replace(day=24, hour=6)]),
    ],
)
def test_cron_fires_as_eventbridge_does(expression, expected):
    assert fire_times(expression, "any", hours=48) == [t for t in expected]


@pytest.mark.parametrize(
    "expression, message",
    [
        ("cron(0 7 * * *)", "expected cron(minutes hours day-of-month month day-of-week year)"),
        ("cron(61 7 * * ? *)", "the minutes field '61' is outside 0-59"),
        ("cron(0 7 1 * MON *)", "one of day-of-month and day-of-week must be '?'"),
        ("cron(0 7 ? * 2#1 *)", "cannot read the day-of-week field '2#1'"),
    ],
)
def test_unreadable_cron_names_the_field(expression, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_cron(expression)
