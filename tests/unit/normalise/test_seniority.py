import pytest

from jobboard.normalise.seniority import LEVELS, from_title, seniority


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("Senior Backend Engineer", "senior"),
        ("Sr. Data Engineer", "senior"),
        ("Software Engineer III", "senior"),
        ("Software Engineer II", "mid"),
        ("Senior Staff Engineer", "staff"),  # the stronger word wins
        ("Principal Engineer, Payments", "principal"),
        ("Tech Lead - Platform", "lead"),
        ("Engineering Manager, Growth", "manager"),
        ("Head of Data", "director"),
        ("VP of Engineering", "executive"),
        ("Software Engineer - Intern", "intern"),
        ("Software Engineering Co-op (Summer 2025)", "intern"),
        ("Junior Frontend Developer", "junior"),
        ("New Grad Software Engineer", "junior"),
        ("Software Engineer", None),
        ("Product Manager", None),  # a role, not a level
        ("Internal Tools Engineer", None),  # "intern" is a word, not a prefix
        ("Leading-edge Search Engineer", None),
    ],
)
def test_from_title(title, level):
    assert from_title(title) == level


@pytest.mark.parametrize(
    ("title", "level"),
    [
        # a numeral grades the role it follows: I is the entry level
        ("Software Engineer I", "junior"),
        ("Software Engineer I, Payments", "junior"),
        ("SDE-1 (Backend)", "junior"),
        ("Software Development Engineer in Test I", "junior"),
        ("Data Analyst 2", "mid"),
        ("SDE II", "mid"),
        ("Site Reliability Engineer III", "senior"),
        ("Software Engineer IV - Platform", "senior"),
        ("Software Engineer V", "staff"),
        # L-levels
        ("L3 Software Engineer", "junior"),
        ("Software Engineer (L4)", "mid"),
        ("Backend Engineer, L5", "senior"),
        ("Software Engineer L6", "staff"),
        ("Software Engineer - L7", "principal"),
        # words for levels a reader knows
        ("Associate Software Engineer", "junior"),
        ("Associate Director, Engineering", "director"),
        ("College Grad - Software Engineer", "junior"),
        ("Software Engineer Trainee", "junior"),
        ("Working Student Data Engineering (m/w/d)", "intern"),
        ("Medior Backend Developer", "mid"),
        ("Team Leader, Platform", "lead"),
        ("Manager, Software Engineering", "manager"),
        ("SVP Engineering", "executive"),
        # not levels
        ("L2 Support Engineer", None),  # a support tier
        ("Level 3 Support Technician", None),
        ("Phase I Clinical Data Manager", None),
    ],
)
def test_level_numerals(title, level):
    assert from_title(title) == level


def test_source_level_comes_before_the_title():
    assert seniority("Software Engineer", "Senior Level") == "senior"  # The Muse
    assert seniority("Staff Engineer", "Entry Level") == "junior"  # the source's own field decides
    assert seniority("Engineer", "Midweight") == "mid"  # Jobicy
    assert seniority("Engineer", None, 3, "Any") is None  # unknown labels and wrong types are ignored


def test_vague_source_level_yields_to_the_title():
    assert seniority("Staff Engineer", "Mid-Senior level") == "staff"
    assert seniority("Software Engineer", "Mid-Senior level") is None  # most experienced hires: says nothing
    assert seniority("Data Analyst", "experienced") is None  # Recruitee


def test_the_title_makes_a_senior_band_precise():
    assert seniority("Staff Engineer", "Senior Level") == "staff"  # The Muse
    assert seniority("Principal Engineer", "Senior") == "principal"
    assert seniority("Junior Developer", "Senior Level") == "senior"  # outside the band: the source decides


def test_every_result_is_in_the_vocabulary():
    for title in ("Senior Staff Engineer", "VP Sales", "Head of X", "Intern", "Engineer II"):
        assert from_title(title) in LEVELS
