import pytest
from hypothesis import given, settings, strategies as st

from jobboard.model import Salary, SalaryPeriod
from jobboard.normalise.salary import Interval, from_range, from_text, interval, to_number

YEAR, MONTH, WEEK, DAY, HOUR = (
    SalaryPeriod.YEAR,
    SalaryPeriod.MONTH,
    SalaryPeriod.WEEK,
    SalaryPeriod.DAY,
    SalaryPeriod.HOUR,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("$175k - $225k", Salary(175_000, 225_000, "USD", YEAR, 200_000)),
        ("€60.000–75.000", Salary(60_000, 75_000, "EUR", YEAR, 67_500)),
        ("$45/hour", Salary(45, 45, "USD", HOUR, 93_600)),
        ("£500/day", Salary(500, 500, "GBP", DAY, 130_000)),
        ("$14/hour", Salary(14, 14, "USD", HOUR, 29_120)),
        ("USD 120,000 - 150,000 per year", Salary(120_000, 150_000, "USD", YEAR, 135_000)),
        ("60.000 - 75.000 € brutto", Salary(60_000, 75_000, "EUR", YEAR, 67_500)),
        ("$100-150k", Salary(100_000, 150_000, "USD", YEAR, 125_000)),
        ("$211.4K – $290.6K", Salary(211_400, 290_600, "USD", YEAR, 251_000)),
        ("CA$90k+", Salary(90_000, None, "CAD", YEAR, 90_000)),
        ("1.500,00 EUR monthly", Salary(1_500, 1_500, "EUR", MONTH, 18_000)),
        ("$60,000.50 - $70,000", Salary(60_000.5, 70_000, "USD", YEAR, 65_000)),
        ("₹12,00,000 per annum", Salary(1_200_000, 1_200_000, "INR", YEAR, 1_200_000)),
        ("€50k–€70k a year", Salary(50_000, 70_000, "EUR", YEAR, 60_000)),
        ("$2,000 - $2,500 per week", Salary(2_000, 2_500, "USD", WEEK, 117_000)),
        ("5+ years of experience, 401k match, base $120,000", Salary(120_000, 120_000, "USD", YEAR, 120_000)),
    ],
)
def test_salary_from_text(text, expected):
    assert from_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "competitive",
        "DOE",
        "5+ years",
        "401k",
        "Team of 40 engineers",
        "try 5 times",
        "$45",
        "$1,234,567,890",
        None,
        175000,
        "45/hour",
    ],
)
def test_no_salary_without_a_currency_or_plausible_figure(text):
    assert from_text(text) is None


def test_text_salary_skips_an_implausible_figure_for_a_later_plausible_one():
    assert from_text("Budget $5 per seat. Salary $90k - $110k") == Salary(90_000, 110_000, "USD", YEAR, 100_000)


@pytest.mark.parametrize(
    "label, expected",
    [
        ("per-year-salary", Interval(YEAR)),
        ("per-month-salary", Interval(MONTH)),
        ("per-week-salary", Interval(WEEK)),
        ("per-day-wage", Interval(DAY)),
        ("per-hour-wage", Interval(HOUR)),
        ("bi-week-salary", Interval(WEEK, 0.5)),
        ("semi-month-salary", Interval(MONTH, 2)),
        ("one-time", None),
        ("bi-month-salary", None),
        ("1 YEAR", Interval(YEAR)),
        ("1 MONTH", Interval(MONTH)),
        ("1 HOUR", Interval(HOUR)),
        ("NONE", None),
        ("2 WEEK", Interval(WEEK, 0.5)),
        ("yearly", Interval(YEAR)),
        ("hourly", Interval(HOUR)),
        ("/hr", Interval(HOUR)),
        ("per-fortnight-wage", None),
        ("", None),
        (None, None),
        (12, None),
        (YEAR, Interval(YEAR)),
    ],
)
def test_intervals_of_every_source(label, expected):
    assert interval(label) == expected


def test_lever_intervals_are_converted_to_a_period_we_store():
    assert from_range(4000, 5000, "USD", "bi-week-salary") == Salary(2000, 2500, "USD", WEEK, 117_000)
    assert from_range(3000, None, "usd", "semi-month-salary") == Salary(6000, None, "USD", MONTH, 72_000)
    assert from_range(5000, 5000, "USD", "one-time") is None
    assert from_range(50, 60, "USD", "1 HOUR") == Salary(50, 60, "USD", HOUR, 114_400)


def test_greenhouse_cents_are_the_callers_division():
    assert from_range(15_000_000 / 100, 19_000_000 / 100, "USD", YEAR).annual == 170_000


def test_implausible_values_are_dropped_not_averaged_in():
    # a typo'd maximum: the minimum alone makes the annual figure
    assert from_range(90_000, 90_000_000, "USD", YEAR) == Salary(90_000, None, "USD", YEAR, 90_000)
    # 0 means unknown
    assert from_range(0, 150_000, "USD", YEAR) == Salary(None, 150_000, "USD", YEAR, 150_000)
    # an hourly interval on yearly figures
    assert from_range(120_000, 140_000, "EUR", "per-hour-wage") is None
    assert from_range(5, 9, "USD", YEAR) is None


def test_plausibility_depends_on_the_currency():
    assert from_range(8_000_000, 10_000_000, "JPY", "1 YEAR").annual == 9_000_000
    assert from_range(8_000_000, 10_000_000, "USD", "1 YEAR") is None


def test_swapped_bounds_and_numeric_strings():
    assert from_range("150,000", "120000", "usd", "year") == Salary(120_000, 150_000, "USD", YEAR, 135_000)


@pytest.mark.parametrize("currency, period", [(None, YEAR), ("dollars", YEAR), ("USD", None), ("USD", "weird")])
def test_no_salary_without_currency_or_known_period(currency, period):
    assert from_range(100_000, 120_000, currency, period) is None


@pytest.mark.parametrize(
    "value, expected",
    [
        (120000, 120000.0),
        ("120,000.50", 120000.5),
        (0, None),
        (-5, None),
        (True, None),
        ("nan", None),
        ("inf", None),
        (float("nan"), None),
        (float("inf"), None),
        ("1_000", None),
        ("abc", None),
        (None, None),
        ([1], None),
    ],
)
def test_to_number(value, expected):
    assert to_number(value) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789.,'’ -–k$€£¥₹/USDEURperhouryaK+\u00a0\n")), max_size=40))
def test_text_parsing_never_raises_and_stays_plausible(text):
    found = from_text(text)
    if found is not None:
        assert found.annual is not None and found.annual > 0
        assert found.min is None or found.max is None or found.min <= found.max
