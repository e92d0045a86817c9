"""The shipped configuration's boards, filled from the bundled recordings (what `make run` shows):
the general software engineering category keeps "Other" small on each of them."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from jobboard.config import load_config, parse_source
from jobboard.http import HttpClient
from jobboard.model import parse_utc
from jobboard.publish.board import dedupe
from jobboard.render.categories import OTHER, category_of
from jobboard.scrape import collect_postings, source_context
from jobboard_local.recorded import SAMPLE_NOW, RecordedSourceServer, load_recording, recording_types

CONFIG = Path(__file__).resolve().parents[2] / "jobboard.yaml"


def test_other_holds_under_15_percent_of_each_default_board():
    config = load_config(CONFIG)
    now = parse_utc(SAMPLE_NOW)
    postings = []
    with RecordedSourceServer() as server:
        for source in config.enabled_sources:
            if source.type not in recording_types():
                continue
            recording = load_recording(source.type)
            server.add(source.type, recording)
            recorded = parse_source(
                {
                    "id": source.id,
                    "type": source.type,
                    **recording.get("settings", {}),
                    "base_url": server.base_url(source.type),
                }
            )
            found, _ = collect_postings(recorded, source_context(recorded, HttpClient(sleep=lambda _: None)))
            postings += found.values()
    assert len(postings) > 50
    for board in config.boards:
        shown = dedupe(
            sorted(
                (p for p in postings if p.source in board.sources and board.filters.accepts(p, now)),
                key=lambda p: (p.posted_at, p.key),
                reverse=True,
            )
        )
        other = [p.title for p in shown if category_of(p) == OTHER]
        assert shown and len(other) < 0.15 * len(shown), (board.id, other, Counter(map(category_of, shown)))
