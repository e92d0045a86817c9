"""jobs.json lines are encoded once per view and reused: the file, the change digests and the publish
fingerprint. The file must be what encoding everything at once gives, and the fingerprint must change
with anything a render shows, never with the time alone."""

import dataclasses
import json
from datetime import datetime, timedelta, timezone

from tests.unit.render.helpers import NOW, board, hostile_postings, posting, view

from jobboard.config import BoardFilters
from jobboard.model import Salary, SalaryPeriod, Sponsorship, WorkMode
from jobboard.normalise.text import strip_invisible
from jobboard.publish.board import fingerprint
from jobboard.render.jobs_json import SCHEMA, board_jobs, job_record, jobs_json
from jobboard.render.view import HistoryPoint

# The marker the fingerprint once split at, in data too; a lone surrogate and invisible characters in titles.
TRICKY = board(title='Jobs "postings": [] \u200bhere', description='{"postings": []}')


def _postings():
    postings = hostile_postings()
    return postings + [dataclasses.replace(postings[0], external_id="x", title="broken \ud800 half \u202e pair")]


def _reference_line(record: dict) -> bytes:
    text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    return strip_invisible(text).encode("utf-8", "backslashreplace")


def test_jobs_json_is_the_whole_text_encoded_at_once():
    postings = _postings()
    jobs = board_jobs(postings, {})
    records = [job_record(p) for p in jobs.postings]
    head = json.dumps(
        {"schema": SCHEMA, "board": {"id": TRICKY.id, "title": TRICKY.title}, "count": len(records)}, ensure_ascii=False
    )
    lines = ",\n".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in records)
    text = strip_invisible(head.removesuffix("}") + f', "jobs": [\n{lines}\n]}}\n')
    assert jobs_json(TRICKY, jobs.lines) == text.encode("utf-8", "backslashreplace")
    assert json.loads(jobs_json(TRICKY, []))["jobs"] == []


def test_each_line_is_the_record_encoded_with_every_value_kind():
    """The lines are written out directly (values that repeat encoded once): each must be exactly
    json.dumps of job_record, whatever the values are."""
    odd_salaries = [
        Salary(100_000, 120_000, "USD", SalaryPeriod.YEAR),  # ints: written as ints
        Salary(100_000.0, 120_000.0, "USD", SalaryPeriod.YEAR),  # equal to the one above, written as floats
        Salary(100_000.0, 120_000.0, "USD", SalaryPeriod.YEAR, annual=110_000.0),
        Salary(None, float("nan"), "EUR", SalaryPeriod.HOUR, annual=float("inf")),
        Salary(1e-7, 1e21, 'X\u200b"Y', SalaryPeriod.MONTH),
    ]
    postings = [*_postings(), FULL, dataclasses.replace(FULL, external_id="full2", company="Company 3")]
    postings += [posting(200 + i, salary=s, company="Same Co", skills=()) for i, s in enumerate(odd_salaries)]
    postings += [
        posting(300, company="python", skills=("python",), tags=("python",), terms=("python",), location="python"),
        posting(301, country=None, employment_type=None, seniority=None, company_url=None, title="\x00\x1f\u2028"),
        posting(302, title='quote " back \\ slash \ud83d\ude80 \ufeff', company="\u200bInvisible Co"),
        posting(303, sponsorship=Sponsorship.CITIZENS_ONLY, work_mode=WorkMode.ONSITE, location="A; B; C; D"),
    ]
    postings += [
        posting(400 + i, posted_at=datetime(year, 1, 2, 3, 4, 5, 678, tzinfo=timezone.utc))
        for i, year in enumerate((1, 999, 1000, 9999))
    ]
    closed = {postings[1].key: NOW - timedelta(hours=2), FULL.key: NOW - timedelta(days=3, seconds=7, microseconds=9)}
    jobs = board_jobs(postings, closed)
    assert len(jobs.lines) == len(postings)
    for p, line in zip(jobs.postings, jobs.lines):
        assert line == _reference_line(job_record(p, closed.get(p.key))), p.key


# A posting with every field set, and for each field another value a render would show.
FULL = posting(
    3,
    description="Build things.",
    country="DE",
    employment_type="full-time",
    tags=("backend",),
    terms=("Summer 2025",),
    sponsorship=Sponsorship.OFFERED,
    company_url="https://company.example",
    seniority="senior",
)
OTHER_VALUES = {
    "source": "other",
    "external_id": "3b",
    "company": "Another Co",
    "title": "Engineer 3 (again)",
    "url": "https://jobs.example.com/3b",
    "posted_at": FULL.posted_at - timedelta(seconds=1),
    "location": "City 4",
    "work_mode": WorkMode.HYBRID,
    "salary": Salary(100_003, 130_000, "USD", SalaryPeriod.YEAR),
    "skills": ("python", "go"),
    "description": "Build other things.",
    "country": "FR",
    "employment_type": "part-time",
    "tags": ("backend", "remote"),
    "terms": ("Fall 2025",),
    "sponsorship": Sponsorship.NOT_OFFERED,
    "company_url": "https://other.example",
    "seniority": "junior",
    "inactive": True,
}


def test_fingerprint_changes_with_every_posting_field_and_with_what_the_board_shows():
    postings = [posting(1), FULL, posting(5)]
    base = fingerprint(view(postings))
    assert set(OTHER_VALUES) == {f.name for f in dataclasses.fields(FULL)}  # a new field needs a value here
    for name, value in OTHER_VALUES.items():
        changed = [posting(1), dataclasses.replace(FULL, **{name: value}), posting(5)]
        assert fingerprint(view(changed)) != base, name
    for changes in (
        {"closed": {FULL.key: NOW - timedelta(hours=1)}},
        {"history": (HistoryPoint(NOW.date(), 3),)},
        {"board": board(filters=BoardFilters(max_age_days=22))},
        {"related": ()},
        {"attributions": ()},
    ):
        assert fingerprint(view(postings, **changes)) != base, changes
    assert fingerprint(view(postings[:2])) != base
    # The same data is the same fingerprint: at another time, in another order, read again.
    assert fingerprint(view(reversed(postings), generated_at=NOW + timedelta(hours=3))) == base
    figures = dataclasses.replace(view(postings).figures, companies=99)
    assert fingerprint(view(postings, figures=figures)) != base


def test_fingerprint_of_broken_text_is_still_a_digest():
    shown = view(_postings(), board=TRICKY)  # a lone surrogate in a title must not break it
    assert len(fingerprint(shown)) == 64
    assert fingerprint(dataclasses.replace(shown, postings=())) != fingerprint(shown)
