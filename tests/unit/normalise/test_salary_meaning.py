"""Salaries keep the meaning a job seeker reads in them: bounds, one-sidedness, period, currency.

Examples are invented in the formats real postings use (sources.md: Remotive's free text, Ashby's
tier summary, HN first lines, descriptions with US pay-transparency statements, European and
Indian postings). Each is labelled by what a reader understands, not by what the code gives.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings, strategies as st

from jobboard.model import Salary, SalaryPeriod
from jobboard.normalise.currency import UNITS_PER_USD
from jobboard.normalise.salary import PER_YEAR, Interval, from_description, from_text, interval
from jobboard.render.formats import salary_range

YEAR, MONTH, WEEK, DAY, HOUR = (
    SalaryPeriod.YEAR,
    SalaryPeriod.MONTH,
    SalaryPeriod.WEEK,
    SalaryPeriod.DAY,
    SalaryPeriod.HOUR,
)


def bounds(salary: Salary | None):
    return None if salary is None else (salary.min, salary.max, salary.currency, salary.period)


@pytest.mark.parametrize(
    "text, expected",
    [
        # one bound only: the other stays unknown
        ("up to €70k", (None, 70_000, "EUR", YEAR)),
        ("Up to $180,000 per year", (None, 180_000, "USD", YEAR)),
        ("max. 65.000 € brutto/Jahr", (None, 65_000, "EUR", YEAR)),
        ("bis zu 80.000 EUR", (None, 80_000, "EUR", YEAR)),
        ("jusqu'à 60 k€ par an", (None, 60_000, "EUR", YEAR)),
        ("from €55k", (55_000, None, "EUR", YEAR)),
        ("Starting at $95,000", (95_000, None, "USD", YEAR)),
        ("ab 4.500 € monatlich", (4_500, None, "EUR", MONTH)),
        ("£60k+", (60_000, None, "GBP", YEAR)),
        ("$140k or more", (140_000, None, "USD", YEAR)),
        ("$120k + equity", (120_000, 120_000, "USD", YEAR)),  # pay plus something else: not a lower bound
        ("AUD 150k + super", (150_000, 150_000, "AUD", YEAR)),
        ("at least $30/hour", (30, None, "USD", HOUR)),
        # one figure is the pay itself
        ("$120,000", (120_000, 120_000, "USD", YEAR)),
        ("€650/day", (650, 650, "EUR", DAY)),
        # both bounds
        ("€4,200-5,600 per month", (4_200, 5_600, "EUR", MONTH)),
        ("€4.200 – €5.600 / Monat", (4_200, 5_600, "EUR", MONTH)),
        ("4.200 € bis 5.600 € monatlich", (4_200, 5_600, "EUR", MONTH)),
        ("between $130,000 and $160,000", (130_000, 160_000, "USD", YEAR)),
    ],
)
def test_one_sided_and_exact_figures(text, expected):
    read = from_text(text)
    assert bounds(read) == expected
    assert bounds(from_text(salary_range(read))) == expected  # shown, then read back: the same meaning


@pytest.mark.parametrize(
    "text, expected",
    [
        # India: lakh (100,000), LPA (lakh per annum), crore (10,000,000); rupees implied
        ("₹18-24 LPA", (1_800_000, 2_400_000, "INR", YEAR)),
        ("18 - 24 LPA", (1_800_000, 2_400_000, "INR", YEAR)),
        ("INR 12 lakh per annum", (1_200_000, 1_200_000, "INR", YEAR)),
        ("Rs. 8 to 12 lakhs", (800_000, 1_200_000, "INR", YEAR)),
        ("CTC ₹1.2 crore", (12_000_000, 12_000_000, "INR", YEAR)),
        ("₹ 15,00,000 - 20,00,000 per annum", (1_500_000, 2_000_000, "INR", YEAR)),
        ("₹50,000 per month", (50_000, 50_000, "INR", MONTH)),
        # Europe: dots or spaces group thousands, k€, gross/net words, local period words
        ("55.000 € brutto/Jahr", (55_000, 55_000, "EUR", YEAR)),
        ("60.000 - 75.000 € brutto pro Jahr", (60_000, 75_000, "EUR", YEAR)),
        ("45-55 k€", (45_000, 55_000, "EUR", YEAR)),
        ("50k€ - 60k€ par an", (50_000, 60_000, "EUR", YEAR)),
        ("3 500 € brut par mois", (3_500, 3_500, "EUR", MONTH)),
        ("PLN 15 000 - 20 000 net/month (B2B)", (15_000, 20_000, "PLN", MONTH)),
        ("CHF 120'000 - 140'000", (120_000, 140_000, "CHF", YEAR)),
        ("1.500,50 € pro Woche", (1_500.5, 1_500.5, "EUR", WEEK)),
        ("€35 pro Stunde", (35, 35, "EUR", HOUR)),
        ("R$ 8.000 por mês", (8_000, 8_000, "BRL", MONTH)),
        # periods in every spelling
        ("$55-65/hr", (55, 65, "USD", HOUR)),
        ("£450 - £550 per day", (450, 550, "GBP", DAY)),
        ("$1,800/week", (1_800, 1_800, "USD", WEEK)),
        ("US$ 6,000 monthly", (6_000, 6_000, "USD", MONTH)),
        ("$211.4K – $290.6K", (211_400, 290_600, "USD", YEAR)),
        ("$25/hr - $30/hr", (25, 30, "USD", HOUR)),
        ("£15 p/h", (15, 15, "GBP", HOUR)),
        ("£3,000 pcm", (3_000, 3_000, "GBP", MONTH)),
        ("60-70 TEUR", (60_000, 70_000, "EUR", YEAR)),
        ("$120,000.00 - $150,000.00", (120_000, 150_000, "USD", YEAR)),
        ("152k-190k USD", (152_000, 190_000, "USD", YEAR)),
        ("INR 10-15 Lakhs", (1_000_000, 1_500_000, "INR", YEAR)),
        ("1.2 - 1.5 Cr", (12_000_000, 15_000_000, "INR", YEAR)),
        ("£45-55k DOE", (45_000, 55_000, "GBP", YEAR)),
    ],
)
def test_formats_real_postings_use(text, expected):
    read = from_text(text)
    assert bounds(read) == expected
    assert bounds(from_text(salary_range(read))) == expected


@pytest.mark.parametrize(
    "description, expected",
    [
        (
            "<p>Pay Transparency</p>\nThe base salary range for this full-time position is $152,000 - $190,000 USD "
            "+ equity + benefits. Our salary ranges are determined by role, level, and location.",
            (152_000, 190_000, "USD", YEAR),
        ),
        ("Compensation\n$152,000 - $190,000 USD", (152_000, 190_000, "USD", YEAR)),
        ("The hourly pay rate for this role is $28.50 – $34.00.", (28.5, 34, "USD", HOUR)),
        ("Salary: up to £85,000 depending on experience.", (None, 85_000, "GBP", YEAR)),
        ("Gehalt: 65.000 - 80.000 € brutto im Jahr", (65_000, 80_000, "EUR", YEAR)),
        (
            "We raised a $40M Series B last year and serve 2,000 customers. The salary for this role is $130k-$150k.",
            (130_000, 150_000, "USD", YEAR),
        ),
    ],
)
def test_pay_transparency_ranges_in_descriptions(description, expected):
    assert bounds(from_description(description)) == expected


@pytest.mark.parametrize(
    "description",
    [
        "We raised $120M from top investors to build the future of payments.",
        "Backed by $25M in Series A funding, we are growing fast.",
        "Our platform processed $400,000 in transactions last week.",
        "We have $3M ARR and 45 employees.",
        "The company is valued at $1.2 billion.",
        "Annual revenue of $900,000 across 300 clients.",
        "A $1,500 yearly learning budget and a $500 home office stipend.",
        "We offer a $10,000 signing bonus.",
        "Join a team of 120 engineers in 5 countries.",
        "We grew from $150k to $2M in revenue in two years.",
        "Competitive salary and 401(k) matching.",
        "Stipend: $100 monthly for internet and phone.",
        "A $2,000 referral bonus for every hire you bring.",
    ],
)
def test_company_money_and_benefits_are_never_pay(description):
    assert from_description(description) is None


@pytest.mark.parametrize(
    "salary, shown",
    [
        (Salary(4_200, 5_600, "EUR", MONTH), "€4.2k–€5.6k/mo"),
        (Salary(None, 70_000, "EUR", YEAR), "up to €70k"),
        (Salary(55_000, None, "EUR", YEAR), "from €55k"),
        (Salary(152_500, 190_000, "USD", YEAR), "$152.5k–$190k"),
        (Salary(123_456, 150_000, "USD", YEAR), "$123,456–$150k"),
        (Salary(45.5, 45.5, "USD", HOUR), "$45.50/h"),
        (Salary(1_800_000, 2_400_000, "INR", YEAR), "₹1.8M–₹2.4M"),
        (Salary(120_000, 140_000, "CHF", YEAR), "CHF 120k–CHF 140k"),
    ],
)
def test_shown_figures_never_misstate_a_bound(salary, shown):
    assert salary_range(salary) == shown


_CURRENCIES = sorted(UNITS_PER_USD)


@st.composite
def salaries(draw) -> Salary:
    """Plausible salaries as sources state them: whole or cent amounts, one or both bounds."""
    currency = draw(st.sampled_from(_CURRENCIES))
    period = draw(st.sampled_from(list(SalaryPeriod)))
    rate, per_year = UNITS_PER_USD[currency], PER_YEAR[period]
    lowest, highest = 2_000 * rate / per_year, 1_000_000 * rate / per_year
    cents = draw(st.booleans()) and highest < 100_000

    step = 1 if cents else 100  # in cents
    first, last = math.ceil(lowest * 100 / step), math.floor(highest * 100 / step)
    low_units = draw(st.integers(first, last))
    low, high = low_units * step / 100, draw(st.integers(low_units, last)) * step / 100
    shape = draw(st.sampled_from(["range", "from", "up to", "exact"]))
    low_bound, high_bound = {
        "range": (low, high),
        "from": (low, None),
        "up to": (None, high),
        "exact": (low, low),
    }[shape]
    return Salary(low_bound, high_bound, currency, period)


@settings(max_examples=400, deadline=None)
@given(salaries())
def test_a_shown_salary_reads_back_to_the_same_bounds_and_period(salary):
    read = from_text(salary_range(salary))
    assert bounds(read) == bounds(salary), salary_range(salary)


@pytest.mark.parametrize(
    "label, period", [("per annum", YEAR), ("Per Hour", HOUR), ("per month", MONTH), ("a year", YEAR), ("/wk", WEEK)]
)
def test_structured_periods_written_as_words(label, period):
    assert interval(label) == Interval(period)


@st.composite
def salary_texts(draw) -> tuple[str, tuple]:
    """Salary text as postings write it, with the meaning a reader takes from it."""
    currency, symbol, after = draw(
        st.sampled_from(
            [("USD", "$", False), ("EUR", "€", False), ("EUR", " €", True), ("GBP", "£", False), ("EUR", " EUR", True),
             ("USD", "USD ", False), ("CHF", "CHF ", False), ("INR", "₹", False), ("PLN", " zł", True)]
        )
    )  # fmt: skip
    period, period_text, per_year = draw(
        st.sampled_from(
            [(YEAR, "", 1), (YEAR, " per year", 1), (YEAR, "/yr", 1), (YEAR, " p.a.", 1), (MONTH, "/month", 12),
             (MONTH, " monthly", 12), (HOUR, "/hr", 2080), (HOUR, " an hour", 2080), (DAY, " per day", 260),
             (WEEK, "/week", 52)]
        )
    )  # fmt: skip
    rate = UNITS_PER_USD[currency]
    low = draw(st.integers(math.ceil(5_000 * rate / per_year), math.floor(500_000 * rate / per_year)))
    high = draw(st.integers(low, math.floor(900_000 * rate / per_year)))
    style = draw(st.sampled_from(["plain", "grouped", "european"]))

    def figure(n: int) -> str:
        if style == "grouped":
            return f"{n:,}"
        if style == "european":
            return f"{n:,}".replace(",", ".")
        return str(n)

    def money(n: int) -> str:
        return f"{figure(n)}{symbol}" if after else f"{symbol}{figure(n)}"

    shape = draw(st.sampled_from(["range", "up to", "from", "exact", "plus"]))
    text, meaning = {
        "range": (f"{money(low)} - {money(high)}", (low, high)),
        "up to": (f"up to {money(high)}", (None, high)),
        "from": (f"from {money(low)}", (low, None)),
        "exact": (money(low), (low, low)),
        "plus": (f"{money(low)}+", (low, None)),
    }[shape]
    return text + period_text, (*meaning, currency, period)


@settings(max_examples=300, deadline=None)
@given(salary_texts())
def test_salary_text_means_what_a_reader_reads_and_survives_being_shown(case):
    text, meaning = case
    read = from_text(text)
    assert bounds(read) == meaning, text
    assert bounds(from_text(salary_range(read))) == meaning
