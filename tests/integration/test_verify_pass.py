"""The verification pass against moto (issue 18): which postings are due, the records, closing after
two `closed` answers 6 h apart, never reopened by the scrape unless the source posts it afresh.
The link checks are a stand-in here (each URL answers what the test says); the real checker and its
recorded pages go through the CLI in test_verify_cli.py."""

from __future__ import annotations

import json
from collections import Counter
from datetime import timedelta

import pytest

from jobboard.config import parse_config
from jobboard.http import HttpClient
from jobboard.scrape import scrape_source
from jobboard.stats.stream import apply_batch
from jobboard.store.links import LinkRecordsStore
from jobboard.verify.run import LinkChecker, current_slot, interval_start, slot_of, verify_pass
from jobboard.verify.verdict import LinkState, Verdict

from tests.conftest import NOW, TABLE_NAMES
from tests.integration.helpers import greenhouse_job, greenhouse_recording

OPEN = Verdict(LinkState.OPEN, "ATS lists it", "ats-api", 1)
GONE = Verdict(LinkState.CLOSED, "gone (404)", "http-status", 1)
BUSY = Verdict(LinkState.UNKNOWN, "HTTP 503", "http-status", 1)

# Read as a job seeker would: the first two are open, the third one's page is gone.
JOBS = [
    greenhouse_job(4100000001, "Backend Engineer", workplace="Remote"),
    greenhouse_job(4100000002, "Senior Backend Engineer", location="Remote (US)"),
    greenhouse_job(4100000003, "Backend Developer", location="Berlin, Germany"),
]


def url(job_id: int) -> str:
    return f"https://boards.greenhouse.io/acme/jobs/{job_id}"


class Links:
    """Each URL answers what `answers` says (open unless told); every check is counted."""

    def __init__(self, answers: dict[str, Verdict] | None = None):
        self.answers = answers or {}
        self.checked: Counter = Counter()

    def check(self, link: str) -> Verdict:
        self.checked[link] += 1
        return self.answers.get(link, OPEN)

    def checker(self) -> LinkChecker:
        return LinkChecker(self.check, lambda: {"boards.greenhouse.io": sum(self.checked.values())})


def make_config(base_url: str, *, source_verify=True, board_verify=True, show_closed_days=0, interval=24):
    return parse_config(
        {
            "sources": [
                {"id": "acme", "type": "greenhouse", "board": "acme", "base_url": base_url, "verify": source_verify}
            ],
            "boards": [
                {
                    "id": "backend",
                    "title": "Backend Jobs",
                    "github": {"repo": "example/backend-jobs"},
                    "sources": ["acme"],
                    "verify": board_verify,
                    "filters": {"title_keywords": ["backend"], "show_closed_days": show_closed_days},
                }
            ],
            "verify": {"interval_hours": interval},
        }
    )


@pytest.fixture
def setup(aws, source_server):
    source_server.add("greenhouse", greenhouse_recording(JOBS))

    class Setup:
        records = LinkRecordsStore(TABLE_NAMES["BoardsTable"], aws.dynamodb)

        def __init__(self):
            self.config = make_config(source_server.base_url("greenhouse"))

        def scrape(self, now=NOW, jobs=None):
            if jobs is not None:
                source_server.add("greenhouse", greenhouse_recording(jobs))
            http = HttpClient(sleep=lambda _: None, max_attempts=2)
            outcome = scrape_source(self.config.source("acme"), self.config, aws.postings, now, http)
            self.stats()
            return outcome

        def stats(self):
            records = aws.pump.read()
            if records:
                assert apply_batch(records, aws.boards, NOW).failed_sequence is None

        def verify(self, links: Links, now, everything=True, **kw):
            outcome = verify_pass(
                self.config, aws.boards, aws.postings, self.records, links.checker(), now, everything=everything, **kw
            )
            self.stats()
            return outcome

    return Setup()


def postings(aws) -> dict[str, dict]:
    return {i["sk"]: i for i in aws.postings.scan_all()}


def test_two_closed_answers_six_hours_apart_close_the_posting_with_its_reason(aws, setup):
    setup.scrape()
    links = Links({url(4100000003): GONE})
    first = setup.verify(links, NOW)
    assert (first.shown, first.checked, first.open, first.closed, first.postings_closed) == (3, 3, 2, 1, 0)
    assert postings(aws)["4100000003"]["status"] == "open"  # one answer never closes
    assert first.requests_by_host == {"boards.greenhouse.io": 3}

    # Within the interval: nothing is due, nothing is checked or written.
    again = setup.verify(links, NOW + timedelta(hours=5))
    assert (again.due, again.checked, again.slots_written) == (0, 0, 0)

    later = setup.verify(links, NOW + timedelta(hours=24))
    assert (later.checked, later.closed, later.postings_closed) == (3, 1, 1)
    item = postings(aws)["4100000003"]
    assert (item["status"], item["closed_reason"], item["boards"]) == ("closed", "gone (404)", [])
    assert {p["external_id"] for p in aws.boards.shown_rows("backend")} == {"4100000001", "4100000002"}
    assert sum(links.checked.values()) == 6


def test_closed_answers_less_than_six_hours_apart_wait_for_a_third(aws, setup):
    setup.config = make_config(setup.config.source("acme").base_url, interval=6)
    setup.scrape()
    links = Links({url(4100000003): GONE})
    start = interval_start(NOW, timedelta(hours=6))
    setup.verify(links, start + timedelta(hours=5, minutes=59))
    second = setup.verify(links, start + timedelta(hours=6))  # the next interval, 1 minute later
    assert (second.closed, second.postings_closed) == (1, 0)
    third = setup.verify(links, start + timedelta(hours=12))
    assert third.postings_closed == 1


def test_ambiguous_answers_never_close_and_an_open_one_starts_the_wait_again(aws, setup):
    setup.scrape()
    link = url(4100000003)
    answers = [GONE, BUSY, BUSY, OPEN, GONE, BUSY]
    for day, answer in enumerate(answers):
        outcome = setup.verify(Links({link: answer}), NOW + timedelta(days=day))
        assert outcome.postings_closed == 0, f"day {day}: {answer}"
    assert postings(aws)["4100000003"]["status"] == "open"
    # A `closed` after the unknowns, 6 h past the first `closed` after the open one: confirmed.
    assert setup.verify(Links({link: GONE}), NOW + timedelta(days=len(answers))).postings_closed == 1


def test_a_crashing_check_is_unknown_and_closes_nothing(aws, setup):
    setup.scrape()

    def crash(link):
        raise RuntimeError("layout changed")

    for day in range(2):
        outcome = verify_pass(
            setup.config,
            aws.boards,
            aws.postings,
            setup.records,
            LinkChecker(crash),
            NOW + timedelta(days=day),
            everything=True,
        )
        assert (outcome.unknown, outcome.postings_closed) == (3, 0)
        assert outcome.unknown_reasons == {"check failed (RuntimeError)": 3}


def test_hourly_runs_spread_the_links_over_the_interval_each_checked_once(aws, setup, source_server):
    many = [greenhouse_job(4200000000 + i, f"Backend Engineer {i}") for i in range(120)]
    setup.scrape(jobs=many)
    links = Links()
    start = interval_start(NOW, timedelta(hours=24))
    per_run = []
    for hour in range(24):
        now = start + timedelta(hours=hour, minutes=3)
        assert current_slot(now, timedelta(hours=24)) == hour
        per_run.append(setup.verify(links, now, everything=False).checked)
    assert set(links.checked.values()) == {1} and len(links.checked) == 120
    expected = Counter(slot_of(f"acme#{4200000000 + i}", 24) for i in range(120))
    assert per_run == [expected[hour] for hour in range(24)]
    assert max(per_run) < 120 / 24 * 3  # spread, not bunched
    # The next interval checks each once more.
    setup.verify(links, start + timedelta(hours=47, minutes=59), everything=False)
    assert set(links.checked.values()) == {2}


def test_a_missed_hourly_run_is_caught_up_by_the_next(aws, setup):
    setup.scrape()
    links = Links()
    start = interval_start(NOW, timedelta(hours=24))
    last = max(slot_of(f"acme#{i}", 24) for i in (4100000001, 4100000002, 4100000003))
    assert setup.verify(links, start + timedelta(hours=last), everything=False).checked == 3
    assert setup.verify(links, start + timedelta(hours=23), everything=False).checked == 0


def test_verify_false_on_the_source_or_the_board_checks_nothing(aws, setup):
    base = setup.config.source("acme").base_url
    setup.scrape()
    for config in (make_config(base, source_verify=False), make_config(base, board_verify=False)):
        setup.config = config
        outcome = setup.verify(Links(), NOW)
        assert (outcome.shown, outcome.checked, outcome.requests) == (0, 0, 0)
    setup.config = parse_config({**_as_data(make_config(base)), "verify": {"enabled": False}})
    assert setup.verify(Links(), NOW).checked == 0


def _as_data(config) -> dict:
    return config.model_dump(mode="json", exclude={"verify"}, exclude_defaults=True)


def test_the_scrape_keeps_a_verifier_closed_posting_closed_until_its_source_posts_it_afresh(aws, setup):
    setup.scrape()
    links = Links({url(4100000003): GONE})
    setup.verify(links, NOW)
    setup.verify(links, NOW + timedelta(hours=24))
    assert postings(aws)["4100000003"]["status"] == "closed"
    again = setup.scrape(NOW + timedelta(hours=25))  # the aggregator still lists it as before
    assert (again.new, again.changed, again.unchanged) == (0, 0, 3)
    assert postings(aws)["4100000003"]["status"] == "closed"
    fresh = [*JOBS[:2], greenhouse_job(4100000003, "Backend Developer", days_old=0)]
    back = setup.scrape(NOW + timedelta(hours=26), jobs=fresh)
    assert back.changed == 1
    item = postings(aws)["4100000003"]
    assert item["status"] == "open" and "closed_reason" not in item
    assert "4100000003" in {p["external_id"] for p in aws.boards.shown_rows("backend")}
    # Reopened, it needs two `closed` answers again: the earlier ones do not count.
    assert setup.verify(links, NOW + timedelta(hours=48)).postings_closed == 0
    assert setup.verify(links, NOW + timedelta(hours=72)).postings_closed == 1


def test_on_a_board_with_show_closed_days_the_closed_row_stays_with_its_reason(aws, setup):
    setup.config = make_config(setup.config.source("acme").base_url, show_closed_days=7)
    setup.scrape()
    links = Links({url(4100000003): GONE})
    setup.verify(links, NOW)
    setup.verify(links, NOW + timedelta(hours=24))
    rows = {p["external_id"]: p for p in aws.boards.shown_rows("backend")}
    assert rows["4100000003"]["closed_reason"] == "gone (404)" and rows["4100000003"]["closed_at"]
    # A closed row is not checked again.
    assert setup.verify(links, NOW + timedelta(hours=48)).shown == 2


def test_readers_see_the_reason_the_last_check_and_the_days_link_checks(aws, setup):
    from jobboard.publish.board import build_view, link_records
    from jobboard.render import render_board

    setup.config = make_config(setup.config.source("acme").base_url, show_closed_days=7)
    setup.scrape()
    links = Links({url(4100000003): GONE})
    setup.verify(links, NOW)
    later = NOW + timedelta(hours=24)
    setup.verify(links, later)
    board = setup.config.board("backend")
    view = build_view(
        board, setup.config, aws.boards.snapshot("backend"), later, link_records(board, setup.config, aws.boards)
    )
    files = render_board(view).files
    readme = files["README.md"].decode("utf-8")
    assert "🔒 Backend Developer — gone (404)" in readme
    assert "links checked in the last 24 h: 3, closed: 1" in readme
    jobs = {j["external_id"]: j for j in json.loads(files["jobs.json"])["jobs"]}
    assert jobs["4100000003"]["closed_reason"] == "gone (404)" and jobs["4100000003"]["active"] is False
    assert jobs["4100000001"]["verified_at"] == later.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert jobs["4100000001"]["closed_reason"] is None
    # A board the verifier leaves alone shows no such figures.
    off = make_config(setup.config.source("acme").base_url, board_verify=False, show_closed_days=7)
    board = off.board("backend")
    quiet = build_view(board, off, aws.boards.snapshot("backend"), later, link_records(board, off, aws.boards))
    assert "links checked" not in render_board(quiet).files["README.md"].decode("utf-8")


def test_a_pass_for_one_board_checks_its_postings_and_keeps_the_others_records(aws, setup):
    base = setup.config.source("acme").base_url
    two = _as_data(make_config(base))
    two["boards"].append({"id": "remote", "title": "Remote", "github": {"repo": "example/remote"}, "sources": ["acme"]})
    two["boards"][1]["filters"] = {"remote_only": True}
    setup.config = parse_config(two)
    setup.scrape()
    links = Links()
    remote = setup.verify(links, NOW, board_id="remote")
    assert remote.checked == remote.shown == 2  # the two remote jobs
    rest = setup.verify(links, NOW)
    assert rest.checked == 1  # only the one the remote pass left
    assert setup.verify(links, NOW, board_id="remote").checked == 0
    assert set(links.checked.values()) == {1}


def test_links_not_reached_before_the_deadline_are_left_for_the_next_run(aws, setup, monkeypatch):
    from jobboard import deadline

    setup.scrape()
    links = Links()
    # Time for one check, then too little.
    monkeypatch.setattr(deadline, "seconds_left", lambda: 5.0 if links.checked else 60.0)
    cut = setup.verify(links, NOW)
    assert (cut.checked, cut.left, cut.slots_written) == (1, 2, 1)
    monkeypatch.setattr(deadline, "seconds_left", lambda: None)
    assert setup.verify(links, NOW).checked == 2  # the next run takes them
    assert set(links.checked.values()) == {1}
