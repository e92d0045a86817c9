"""What a posting's title and description add when its fields are silent, for every source alike."""

from __future__ import annotations

from datetime import datetime, timezone

from jobboard.model import Posting, Salary, SalaryPeriod, WorkMode
from jobboard.normalise.completion import complete

POSTED = datetime(2025, 1, 6, 9, 0, tzinfo=timezone.utc)


def posting(**fields) -> Posting:
    return Posting(
        **{
            "source": "s",
            "external_id": "1",
            "company": "Acme",
            "title": "Engineer",
            "url": "https://a.example/1",
            "posted_at": POSTED,
            **fields,
        }
    )


def test_the_title_decides_the_work_mode_a_false_flag_or_nothing_left_open():
    assert complete(posting(title="Backend Engineer - Hybrid", work_mode=WorkMode.ONSITE)).work_mode is WorkMode.HYBRID
    assert complete(posting(title="Data Engineer (Remote)")).work_mode is WorkMode.REMOTE
    # a remote job stays remote; a title without a mode changes nothing
    assert complete(posting(title="Engineer - Hybrid", work_mode=WorkMode.REMOTE)).work_mode is WorkMode.REMOTE
    assert complete(posting(title="Remote Sensing Analyst", work_mode=WorkMode.ONSITE)).work_mode is WorkMode.ONSITE


def test_a_description_salary_only_where_the_fields_have_none():
    text = "The base salary range for this role is $152,000 - $190,000 USD."
    assert complete(posting(description=text)).salary == Salary(152_000, 190_000, "USD", SalaryPeriod.YEAR, 171_000)
    stated = Salary(None, 70_000, "EUR", SalaryPeriod.YEAR, 70_000)
    assert complete(posting(description=text, salary=stated)).salary == stated
    assert complete(posting(description="We raised $30M in Series B funding.")).salary is None


def test_seniority_from_the_title_when_the_source_has_no_level():
    assert complete(posting(title="Software Engineer I")).seniority == "junior"
    assert complete(posting(title="Software Engineer I", seniority="intern")).seniority == "intern"
    assert complete(posting(title="Software Engineer")).seniority is None
