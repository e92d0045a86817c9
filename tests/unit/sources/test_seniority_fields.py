"""Adapters with a level field of their own pass it to the seniority rule before the title."""

import pytest
from conftest import recording


@pytest.mark.parametrize(
    "source_type, expected",
    [
        (
            "themuse",
            {
                "Senior Software Engineer": "senior",
                "Staff Engineer": "staff",
                "Backend Engineer": "mid",
                "QA Engineer": "senior",
            },
        ),  # QA Engineer: "Senior Level"
        ("smartrecruiters", {"Backend Engineer (Kotlin)": "junior", "Site Reliability Engineer": None}),  # Associate
        ("himalayas", {"Backend Developer": "mid", "Platform Engineer": "senior"}),
        ("jobicy", {"Frontend Developer": "mid", "DevOps Engineer": None}),  # Midweight; no level
        ("recruitee", {"Data Analyst": None}),  # "experienced" says nothing
    ],
)
def test_level_fields_before_titles(scrape_fixture, source_type, expected):
    levels = {p.title: p.seniority for p in scrape_fixture(source_type).postings}
    assert {title: levels[title] for title in expected} == expected


def test_workable_experience(scrape_fixture):
    data = recording("workable")
    jobs = data["routes"][1]["json"]["jobs"]
    jobs[1]["experience"], jobs[2]["experience"] = "Internship", "Mid-Senior level"
    levels = {p.title: p.seniority for p in scrape_fixture("workable", recording=data).postings}
    assert levels == {"Senior Data Engineer": "senior", jobs[1]["title"]: "intern", jobs[2]["title"]: None}
