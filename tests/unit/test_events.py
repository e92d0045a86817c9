"""Handler inputs read with the Powertools parser: strict types, unknown fields refused, messages naming the field."""

from __future__ import annotations

import pytest

from jobboard.events import EventError, PublishEvent, RefreshOptions, ScrapeMessage, read_event
from jobboard.refresh import settle_point
from jobboard.scrape import ScrapeOutcome


@pytest.mark.parametrize(
    "data, message",
    [
        ({"force": "false"}, "event.force: must be true or false, got 'false'"),
        ({"board_id": 3}, "event.board_id: must be a non-empty string, got 3"),
        ({"board_id": "   "}, "event.board_id: must be a non-empty string, got '   '"),
        ({"forse": True}, "event.forse: unknown field (expected: board_id, dry_run, force, run_id)"),
        (["backend"], "event must be a JSON object, got list"),
    ],
)
def test_a_bad_event_is_refused_naming_the_field(data, message):
    with pytest.raises(EventError) as refused:
        read_event(PublishEvent, data)
    assert str(refused.value) == message


def test_absent_options_take_their_defaults_and_null_is_absent():
    assert read_event(RefreshOptions, None, "body") == RefreshOptions(force=False, dry_run=False)
    assert read_event(PublishEvent, {"board_id": "backend", "force": None}).force is None


def test_a_scrape_message_needs_its_unit_and_keeps_the_run_it_belongs_to():
    message = read_event(
        ScrapeMessage, {"source_id": "ats/acme", "slot": "refresh-r1", "board_id": "b", "run_id": "r1"}
    )
    assert (message.source_id, message.board_id, message.run_id) == ("ats/acme", "b", "r1")
    with pytest.raises(EventError, match="message.source_id: required"):
        read_event(ScrapeMessage, {"slot": "x"}, "message")


def test_a_units_settle_point_is_its_last_write_to_the_board():
    outcome = ScrapeOutcome(
        source="ats/acme",
        writes=[
            ("ats/acme#1", 3, ("backend",)),
            ("ats/acme#2", 1, ("backend", "remote")),
            ("ats/acme#3", 2, ("remote",)),
        ],
    )
    assert settle_point(outcome, "backend") == ("ats/acme#2", 1)
    assert settle_point(outcome, "remote") == ("ats/acme#3", 2)
    assert settle_point(outcome, "interns") is None  # nothing to wait for
