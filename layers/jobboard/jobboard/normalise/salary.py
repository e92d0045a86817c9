"""Salary from structured fields or from text, annualised; implausible values dropped."""

from __future__ import annotations

import re

from jobboard.model import Salary, SalaryPeriod

_PER_YEAR = {
    SalaryPeriod.YEAR: 1, SalaryPeriod.MONTH: 12, SalaryPeriod.WEEK: 52,
    SalaryPeriod.DAY: 260, SalaryPeriod.HOUR: 2080,
}
# Plausible annual pay, in units of the currency; outside this the figure is dropped.
_ANNUAL_BOUNDS = (1_000, 5_000_000)
_PERIOD_WORDS = {
    "year": SalaryPeriod.YEAR, "yearly": SalaryPeriod.YEAR, "annual": SalaryPeriod.YEAR,
    "annually": SalaryPeriod.YEAR, "yr": SalaryPeriod.YEAR, "y": SalaryPeriod.YEAR,
    "per-year-salary": SalaryPeriod.YEAR, "1 year": SalaryPeriod.YEAR,
    "month": SalaryPeriod.MONTH, "monthly": SalaryPeriod.MONTH, "mo": SalaryPeriod.MONTH,
    "per-month-salary": SalaryPeriod.MONTH, "1 month": SalaryPeriod.MONTH,
    "week": SalaryPeriod.WEEK, "weekly": SalaryPeriod.WEEK, "wk": SalaryPeriod.WEEK,
    "per-week-salary": SalaryPeriod.WEEK,
    "day": SalaryPeriod.DAY, "daily": SalaryPeriod.DAY, "per-day-wage": SalaryPeriod.DAY,
    "hour": SalaryPeriod.HOUR, "hourly": SalaryPeriod.HOUR, "hr": SalaryPeriod.HOUR, "h": SalaryPeriod.HOUR,
    "per-hour-wage": SalaryPeriod.HOUR, "1 hour": SalaryPeriod.HOUR,
}
_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "CHF": "CHF"}


def period_from(label, default: SalaryPeriod | None = SalaryPeriod.YEAR) -> SalaryPeriod | None:
    if not isinstance(label, str) or not label.strip():
        return default
    return _PERIOD_WORDS.get(label.strip().lower(), None)


def to_number(value) -> float | None:
    """A number from an int, float or numeric string ("120000", "120,000.50"); else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if value > 0 else None
    if isinstance(value, str):
        cleaned = value.strip().replace(",", "").replace(" ", "")
        try:
            number = float(cleaned)
        except ValueError:
            return None
        return number if number > 0 else None
    return None


def from_range(minimum, maximum, currency, period: SalaryPeriod | None) -> Salary | None:
    """A Salary from structured values; None when nothing usable or the figure is implausible."""
    low, high = to_number(minimum), to_number(maximum)
    if low is None and high is None or period is None:
        return None
    if not isinstance(currency, str) or not re.fullmatch(r"[A-Za-z]{3}", currency.strip()):
        return None
    if low is not None and high is not None and low > high:
        low, high = high, low
    midpoint = (low + high) / 2 if low is not None and high is not None else (low or high)
    annual = midpoint * _PER_YEAR[period]
    if not _ANNUAL_BOUNDS[0] <= annual <= _ANNUAL_BOUNDS[1]:
        return None
    return Salary(min=low, max=high, currency=currency.strip().upper(), period=period, annual=round(annual))


_AMOUNT = r"(\d{1,3}(?:[.,\s]\d{3})+|\d+(?:[.,]\d+)?)\s*([kK])?"
_TEXT = re.compile(
    rf"(?P<cur>[$€£¥₹]|\b(?:USD|EUR|GBP|CAD|AUD|CHF|INR)\b)\s*{_AMOUNT}"
    rf"(?:\s*(?:-|–|—|to)\s*(?:[$€£¥₹]|\b(?:USD|EUR|GBP|CAD|AUD|CHF|INR)\b)?\s*{_AMOUNT})?"
    r"(?:\s*(?:/|per|an?)\s*(?P<period>year|yr|annum|month|mo|week|wk|day|hour|hr|h)\b)?",
    re.I,
)


def _amount(digits: str | None, thousands: str | None) -> float | None:
    if not digits:
        return None
    # "60.000" / "60,000" / "60 000" are thousands separators; "7.5" is a decimal.
    if re.fullmatch(r"\d{1,3}(?:[.,\s]\d{3})+", digits):
        number = float(re.sub(r"[.,\s]", "", digits))
    else:
        number = float(digits.replace(",", "."))
    return number * 1000 if thousands else number


def from_text(text) -> Salary | None:
    """Salary from free text such as "$175k - $225k", "€60.000–75.000", "$45/hour", "£500/day"."""
    if not isinstance(text, str):
        return None
    match = _TEXT.search(text)
    if not match:
        return None
    symbol = match.group("cur")
    currency = _SYMBOLS.get(symbol, symbol.upper())
    low = _amount(match.group(2), match.group(3))
    high = _amount(match.group(4), match.group(5) or match.group(3))
    word = (match.group("period") or "year").lower()
    period = {"annum": SalaryPeriod.YEAR}.get(word) or _PERIOD_WORDS.get(word, SalaryPeriod.YEAR)
    return from_range(low, high, currency, period)
