"""Board filters decide membership at scrape time (stats and the published board agree)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from jobboard.config import BoardFilters, SalaryFloor
from jobboard.model import Posting, Salary, SalaryPeriod
from jobboard.normalise.currency import RATES_AS_OF, UNITS_PER_USD

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=timezone.utc)


def job(**fields) -> Posting:
    base = {
        "source": "s",
        "external_id": "1",
        "company": "Acme",
        "title": "Engineer",
        "url": "https://a.example/1",
        "posted_at": NOW - timedelta(days=1),
    }
    return Posting(**{**base, **fields})


def yearly(amount: float, currency: str = "USD") -> Salary:
    return Salary(amount, amount, currency, SalaryPeriod.YEAR, annual=amount)


def test_terms():
    filters = BoardFilters(terms=("summer  2025",))
    assert filters.accepts(job(terms=("Summer 2025",)), NOW)
    assert filters.accepts(job(terms=("Spring 2025", "Summer 2025")), NOW)
    assert not filters.accepts(job(terms=("Summer 2024",)), NOW)
    assert not filters.accepts(job(), NOW)  # a job without terms is not an internship for that season


def test_salary_floor_in_usd():
    filters = BoardFilters(min_salary=SalaryFloor(amount=150_000, currency="USD"))
    assert filters.accepts(job(salary=yearly(150_000)), NOW)
    assert not filters.accepts(job(salary=yearly(149_999)), NOW)
    assert not filters.accepts(job(), NOW)  # no salary: not known to be high paying
    unjudged = Salary(200_000, 220_000, "USD", SalaryPeriod.YEAR, annual=None)  # implausible or unknown period
    assert not filters.accepts(job(salary=unjudged), NOW)


def test_salary_floor_across_currencies_uses_the_rate_table():
    filters = BoardFilters(min_salary=SalaryFloor(amount=150_000, currency="USD"))
    eur_at_floor = 150_000 * UNITS_PER_USD["EUR"]
    assert filters.accepts(job(salary=yearly(eur_at_floor + 1, "EUR")), NOW)
    assert not filters.accepts(job(salary=yearly(eur_at_floor - 1_000, "EUR")), NOW)
    assert filters.accepts(job(salary=yearly(13_000_000, "INR")), NOW)  # ~152k USD
    assert not filters.accepts(job(salary=yearly(200_000, "XTS")), NOW)  # a currency the table lacks
    in_rupees = BoardFilters(min_salary=SalaryFloor(amount=3_000_000, currency="INR"))
    assert in_rupees.accepts(job(salary=yearly(40_000)), NOW) and not in_rupees.accepts(job(salary=yearly(30_000)), NOW)
    assert RATES_AS_OF == "2025-01-02"  # the docs name this date


@pytest.mark.parametrize("seniority, accepted", [("senior", True), ("staff", True), ("mid", False), (None, False)])
def test_seniority(seniority, accepted):
    filters = BoardFilters(seniority=("senior", "staff", "principal", "lead"))
    assert filters.accepts(job(seniority=seniority), NOW) is accepted


def test_employment_types():
    filters = BoardFilters(employment_types=("internship", "contract"))
    assert filters.accepts(job(employment_type="internship"), NOW)
    assert not filters.accepts(job(employment_type="full-time"), NOW)
    assert not filters.accepts(job(), NOW)


def test_skills_any_of():
    filters = BoardFilters(skills=("python", "go"))
    assert filters.accepts(job(skills=("go", "kafka")), NOW)
    assert not filters.accepts(job(skills=("java",)), NOW)


def test_companies_include_and_exclude():
    include = BoardFilters(companies={"include": ("Acme", "Globex  Corp")})
    assert include.accepts(job(company="ACME"), NOW) and include.accepts(job(company="globex corp"), NOW)
    assert not include.accepts(job(company="Acme Labs"), NOW)  # whole names, not substrings
    exclude = BoardFilters(companies={"exclude": ("Acme",)})
    assert not exclude.accepts(job(company=" acme "), NOW) and exclude.accepts(job(company="Initech"), NOW)
