"""Shared formats (salary, age, dates, money) and the one category function."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from jobboard.model import Salary, SalaryPeriod
from jobboard.render import categories
from jobboard.render.categories import CATEGORIES, categories_of, category_of
from jobboard.render.formats import age, format_date, kilo, money, salary_range
from tests.unit.render.helpers import posting

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    "title, skills, category",
    [
        ("Senior Backend Engineer", (), "Backend"),
        ("Back-End Developer (Node.js)", (), "Backend"),
        ("Backend Engineer, Data Platform", (), "Backend"),
        ("Front-end Developer", (), "Frontend"),
        ("Full-Stack Engineer", (), "Full stack"),
        ("Fullstack Developer (React/Java)", (), "Full stack"),
        ("Site Reliability Engineer", (), "DevOps/SRE"),
        ("SRE II", (), "DevOps/SRE"),
        ("DevOps Engineer - AWS", (), "DevOps/SRE"),
        ("Machine Learning Engineer", (), "Data/ML"),
        ("AI/ML Research Intern", (), "Data/ML"),
        ("Data Scientist", (), "Data/ML"),
        ("iOS Engineer", (), "Mobile"),
        ("Android Developer", (), "Mobile"),
        ("Software Engineer", ("react",), "Frontend"),
        ("Software Engineer", ("react", "java"), "Full stack"),
        ("Software Engineer", ("kubernetes",), "DevOps/SRE"),
        ("Software Engineer", ("python", "machine learning"), "Data/ML"),
        ("Software Engineer", ("go",), "Backend"),
        ("Software Engineer Intern", (), "Software engineering"),  # the general category, after the skills
        ("Software Engineering Co-op - Summer 2025", (), "Software engineering"),
        ("Developer Intern", (), "Software engineering"),
        ("2025 Intern - Software Development Engineer", (), "Software engineering"),
        ("Quality Assurance Engineer - Intern", (), "Software engineering"),
        ("Embedded Software Engineer Intern", (), "Embedded/Hardware"),
        ("Firmware Engineering Intern", ("python",), "Embedded/Hardware"),
        ("Quantitative Trader Intern", (), "Quant/Trading"),
        ("Product Security Engineer - Intern", (), "Security"),
        ("Associate Product Manager Intern", (), "Product"),
        ("Office Manager", (), "Other"),
        ("Maintainer of sailing boats", (), "Other"),  # "ai" inside a word is not AI
        ("Dataflow Specialist", (), "Other"),  # nor "data" inside "dataflow"
    ],
)
def test_category_of(title, skills, category):
    assert category in CATEGORIES
    assert category_of(posting(1, title=title, skills=skills)) == category


def test_categories_of_a_board_are_each_postings_category():
    # One title with other skills is another category: what is worked out once is title and skills.
    asked = [("Software Engineer", ("react",)), ("Software Engineer", ("go",)), ("Data Scientist", ())] * 2
    postings = [posting(i, title=title, skills=skills) for i, (title, skills) in enumerate(asked)]
    assert categories_of(postings) == [category_of(p) for p in postings] == ["Frontend", "Backend", "Data/ML"] * 2


@pytest.mark.parametrize("rules", [categories._TITLE_WORDS, categories._GENERAL_WORDS])
def test_category_phrases_are_words_that_no_other_category_overlaps(rules):
    # What lets the matcher count every phrase it finds among a title's words and word pairs.
    phrases = [(category, phrase.split()) for category, listed in rules for phrase in listed]
    for category, words in phrases:
        assert 1 <= len(words) <= 2 and categories._phrases(" ".join(words))[: len(words)] == words
        for other, other_words in phrases:
            if other != category:
                shared = [
                    n
                    for n in range(1, len(words) + 1)
                    if words[-n:] == other_words[:n] or words[:n] == other_words[-n:]
                ]
                assert not shared and " ".join(other_words) not in " ".join(words), (words, other_words)


def _category_by_pattern(title: str, skills: tuple[str, ...]) -> str:
    """category_of's rules as first written: each rule list one pattern over the spaced title."""

    def by(rules, spaced):
        rank = {phrase: i for i, (_, phrases) in enumerate(rules) for phrase in phrases}
        alternatives = "|".join(sorted(map(re.escape, rank), key=len, reverse=True))
        found = re.findall(rf"(?<= )(?:{alternatives})(?= )", spaced)
        return rules[min(rank[phrase] for phrase in found)][0] if found else None

    spaced = " " + " ".join(re.findall(r"[^\W_]+", title.lower())) + " "
    return by(categories._TITLE_WORDS, spaced) or (
        _category_of_skills(set(skills)) or by(categories._GENERAL_WORDS, spaced) or categories.OTHER
    )


def _category_of_skills(skills: set[str]) -> str | None:
    if skills & {"react", "vue", "angular"}:
        return "Full stack" if skills & categories._BACKEND_SKILLS else "Frontend"
    for category, named in (
        ("Data/ML", {"machine learning", "llm"}),
        ("DevOps/SRE", {"kubernetes", "terraform", "docker"}),
    ):
        if skills & named:
            return category
    return "Backend" if skills & categories._BACKEND_SKILLS else None


_PHRASE_WORDS = sorted(
    {w for rules in (categories._TITLE_WORDS, categories._GENERAL_WORDS) for _, p in rules for w in " ".join(p).split()}
)
_TITLES = st.lists(
    st.one_of(st.sampled_from(_PHRASE_WORDS), st.sampled_from(["Intern", "Senior", "II", "2025", "Ünïcode", "ﬁrm"])),
    max_size=6,
).flatmap(
    lambda words: st.lists(
        st.sampled_from([" ", "-", "_", "/", " (", ") ", ", ", "\u00a0", "·"]), min_size=len(words), max_size=len(words)
    ).map(lambda seps: "".join(w.title() + s for w, s in zip(words, seps)))
)


@given(_TITLES, st.sets(st.sampled_from(["react", "java", "go", "docker", "llm", "sql"]), max_size=2))
@settings(max_examples=1500, deadline=None)
def test_category_of_agrees_with_the_rules_as_patterns(title, skills):
    assert category_of(posting(1, title=title, skills=tuple(sorted(skills)))) == _category_by_pattern(
        title, tuple(sorted(skills))
    )


@given(st.text(max_size=30))
@example("C++/Go_dev ops\x1f2025")
def test_a_titles_phrases_are_its_runs_of_letters_and_digits_then_pairs_that_may_be_phrases(title):
    words = re.findall(r"[^\W_]+", title.lower())
    pairs = [f"{a} {b}" for a, b in zip(words, words[1:])]
    assert categories._phrases(title) == words + [pair for pair in pairs if pair.split()[0] in categories._PAIR_STARTS]


@pytest.mark.parametrize(
    "salary, text",
    [
        (Salary(120_000, 150_000, "USD", SalaryPeriod.YEAR), "$120k–$150k"),
        (Salary(85_000, None, "EUR", SalaryPeriod.YEAR), "from €85k"),
        (Salary(None, 90_000, "GBP", SalaryPeriod.YEAR), "up to £90k"),
        (Salary(40, 60, "USD", SalaryPeriod.HOUR), "$40–$60/h"),
        (Salary(5_000, 5_000, "CHF", SalaryPeriod.MONTH), "CHF 5k/mo"),
        (Salary(9_000_000, 12_500_000, "JPY", SalaryPeriod.YEAR), "¥9M–¥12.5M"),
        (Salary(None, None, "USD", SalaryPeriod.YEAR), ""),
        (None, ""),
    ],
)
def test_salary_range(salary, text):
    assert salary_range(salary) == text


def test_money_and_kilo():
    assert kilo(181_234) == "181k" and kilo(45) == "45" and kilo(None) == "n/a" and kilo(1_250_000) == "1.2M"
    assert money(181_000, "USD") == "$181k" and money(55_000, "SEK") == "SEK 55k" and money(None, "USD") == "n/a"


@pytest.mark.parametrize(
    "delta, text",
    [
        (timedelta(minutes=5), "<1h"),
        (timedelta(hours=5, minutes=59), "5h"),
        (timedelta(hours=23), "23h"),
        (timedelta(hours=24), "1d"),
        (timedelta(days=3, hours=23), "3d"),
        (timedelta(minutes=-5), "<1h"),
    ],
)
def test_age_is_relative_to_the_board_time(delta, text):
    assert age(NOW - delta, NOW) == text


def test_format_date_uses_english_months_whatever_the_locale():
    assert format_date(NOW, "%b %d, %Y at %H:%M UTC") == "Mar 10, 2025 at 12:00 UTC"
    assert format_date(NOW.date(), "%B %Y") == "March 2025"
