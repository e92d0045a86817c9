"""build_view: which stored rows a publish shows (the age checks cover the hours between scrapes)."""

from __future__ import annotations

from datetime import timedelta

from jobboard.config import BoardFilters, Config, parse_source
from jobboard.model import parse_utc
from jobboard.publish.board import build_view
from jobboard.render.view import BoardFigures
from jobboard.store.boards import BoardSnapshot
from tests.unit.render.helpers import NOW, board, posting


def _row(i: int, posted_at, closed_at=None) -> dict:
    row = posting(i, posted_at=posted_at).to_dict()
    if closed_at is not None:
        row["closed_at"] = closed_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    return row


def test_rows_past_max_age_or_closed_too_long_ago_are_left_out():
    shown_board = board(filters=BoardFilters(max_age_days=10, show_closed_days=2))
    config = Config(sources=(parse_source({"id": "fixture", "type": "remoteok"}),), boards=(shown_board,))
    cutoff = NOW - timedelta(days=10)
    rows = [
        _row(1, NOW - timedelta(hours=1)),
        _row(2, cutoff),  # exactly max_age_days old: still shown
        _row(3, cutoff - timedelta(seconds=1)),
        _row(4, NOW - timedelta(days=3), closed_at=NOW - timedelta(days=1)),
        _row(5, NOW - timedelta(days=3), closed_at=NOW - timedelta(days=2, seconds=1)),
        _row(6, cutoff - timedelta(days=1), closed_at=NOW - timedelta(hours=1)),  # too old, closed or not
    ]
    snapshot = BoardSnapshot(postings=rows, figures=BoardFigures(jobs=3), history=[], published={})

    view = build_view(shown_board, config, snapshot, NOW)

    assert [p.external_id for p in view.postings] == ["1", "2", "4"]  # open ones first, then closed
    assert view.closed == {"fixture#4": parse_utc(rows[3]["closed_at"])}
    assert view.open_jobs == 2
