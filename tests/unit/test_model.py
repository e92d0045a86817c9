"""Posting.from_dict builds postings without the dataclass __init__ (thousands per render): it must
give exactly what the constructor gives, for every field."""

import dataclasses
from datetime import datetime, timedelta, timezone

import pytest

from jobboard.model import Posting, Salary, SalaryPeriod, Sponsorship, WorkMode

FULL = Posting(
    source="simplify",
    external_id="42",
    company="Acme",
    title="Backend Intern",
    url="https://acme.example/jobs/42",
    posted_at=datetime(2024, 10, 24, 4, 0, tzinfo=timezone.utc),
    location="Austin, TX; Remote",
    work_mode=WorkMode.HYBRID,
    salary=Salary(40.0, 50.0, "USD", SalaryPeriod.HOUR, annual=93_600.0),
    skills=("python", "aws"),
    description="Build things.",
    country="US",
    employment_type="internship",
    tags=("backend",),
    terms=("Summer 2025",),
    sponsorship=Sponsorship.NOT_OFFERED,
    company_url="https://acme.example",
    seniority="intern",
)


def test_from_dict_reads_back_every_field_as_the_constructor_sets_it():
    read = Posting.from_dict(FULL.to_dict())
    assert read == FULL
    assert read.__dict__ == FULL.__dict__  # no field missing or extra, same types
    assert read.key == FULL.key and hash(read) == hash(FULL)
    with pytest.raises(dataclasses.FrozenInstanceError):
        read.title = "changed"  # type: ignore[misc]


def test_from_dict_fills_defaults_and_converts_like_the_constructor():
    bare = {k: FULL.to_dict()[k] for k in ("source", "external_id", "company", "title", "url", "posted_at")}
    minimal = Posting(**{**bare, "posted_at": FULL.posted_at})
    assert Posting.from_dict(bare).__dict__ == minimal.__dict__
    read = Posting.from_dict({**bare, "external_id": 7, "posted_at": "2024-10-24T06:00:00+02:00", "work_mode": ""})
    assert read.external_id == "7" and read.work_mode is WorkMode.UNKNOWN
    assert read.posted_at == FULL.posted_at and read.posted_at.utcoffset() == timedelta(0)
    assert Posting.from_dict({**bare, "posted_at": "2024-10-24T04:00:00"}).posted_at == FULL.posted_at  # no offset: UTC
    with pytest.raises(ValueError):
        Posting.from_dict({**bare, "work_mode": "underwater"})
    for sponsorship in Sponsorship:
        assert Posting.from_dict({**bare, "sponsorship": sponsorship.value}).sponsorship is sponsorship
    with pytest.raises(ValueError):
        Posting.from_dict({**bare, "sponsorship": "maybe"})


def test_inactive_is_stored_only_when_set_so_open_postings_keep_their_shape_and_hash():
    assert "inactive" not in FULL.to_dict()
    closed = dataclasses.replace(FULL, inactive=True)
    assert closed.to_dict()["inactive"] is True
    assert Posting.from_dict(closed.to_dict()) == closed and Posting.from_dict(FULL.to_dict()).inactive is False
    assert closed.content_hash() != FULL.content_hash()
