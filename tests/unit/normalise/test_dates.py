from datetime import datetime, timezone

import pytest

from jobboard.normalise.dates import from_epoch, from_iso

NOON = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("value", [1795176000, 1795176000000, "1795176000", 1795176000.0])
def test_epoch_seconds_or_milliseconds(value):
    assert from_epoch(value) == NOON


@pytest.mark.parametrize("value", [0, -5, None, True, "soon", float("nan"), 10**30, 1, [1795176000]])
def test_unusable_epochs(value):
    assert from_epoch(value) is None


@pytest.mark.parametrize(
    "value",
    [
        "2026-11-20T12:00:00Z",
        "2026-11-20T12:00:00",
        "2026-11-20T07:00:00-05:00",
        "2026-11-20T12:00:00.000+00:00",
        "2026-11-20 12:00:00 UTC",
        " 2026-11-20T20:00:00+08:00 ",
    ],
)
def test_iso_to_utc_without_offset_meaning_utc(value):
    parsed = from_iso(value)
    assert parsed == NOON and parsed.utcoffset().total_seconds() == 0


@pytest.mark.parametrize("value", ["", "yesterday", None, 1795176000, "1899-01-01T00:00:00Z", "2026-13-45"])
def test_unusable_iso(value):
    assert from_iso(value) is None
