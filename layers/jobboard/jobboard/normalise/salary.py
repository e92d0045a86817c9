"""Salary from structured fields or from text, annualised; implausible values dropped.

Every source spells pay periods its own way (Lever "per-hour-wage", Ashby "1 HOUR",
Jobicy "hourly", text "/hr"); `interval()` reads them all. A figure whose annual
equivalent is implausible for its currency (a typo, cents sent as units, an hourly rate
labelled yearly) is dropped on its own, never averaged into the annual figure.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from jobboard.model import Salary, SalaryPeriod
from jobboard.normalise.currency import UNITS_PER_USD as _UNITS_PER_USD

PER_YEAR = {
    SalaryPeriod.YEAR: 1,
    SalaryPeriod.MONTH: 12,
    SalaryPeriod.WEEK: 52,
    SalaryPeriod.DAY: 260,
    SalaryPeriod.HOUR: 2080,
}


@dataclass(frozen=True)
class Interval:
    """A source's pay interval as one of our periods; `factor` converts its amounts to that period."""

    period: SalaryPeriod
    factor: float = 1.0


_Y, _M, _W, _D, _H = (
    Interval(p) for p in (SalaryPeriod.YEAR, SalaryPeriod.MONTH, SalaryPeriod.WEEK, SalaryPeriod.DAY, SalaryPeriod.HOUR)
)
# None: the source states an interval that is no recurring salary ("one-time") or is ambiguous.
_INTERVALS: dict[str, Interval | None] = {
    **dict.fromkeys(
        (
            "year",
            "years",
            "yearly",
            "annual",
            "annually",
            "annum",
            "yr",
            "y",
            "pa",
            "p.a.",
            "per-year-salary",
            "per_year",
        ),
        _Y,
    ),
    **dict.fromkeys(("month", "months", "monthly", "mo", "per-month-salary", "per_month"), _M),
    **dict.fromkeys(("week", "weeks", "weekly", "wk", "per-week-salary", "per_week"), _W),
    **dict.fromkeys(("day", "days", "daily", "per-day-wage", "per_day"), _D),
    **dict.fromkeys(("hour", "hours", "hourly", "hr", "h", "per-hour-wage", "per_hour"), _H),
    **dict.fromkeys(("bi-week-salary", "biweekly", "bi-weekly", "fortnightly"), Interval(SalaryPeriod.WEEK, 0.5)),
    **dict.fromkeys(("semi-month-salary", "semimonthly", "semi-monthly"), Interval(SalaryPeriod.MONTH, 2)),
    # "bi-month" means every two months to some and twice a month to others.
    **dict.fromkeys(("one-time", "none", "bi-month-salary", "bimonthly", "bi-monthly"), None),
}
_COUNTED_INTERVAL = re.compile(r"(\d+)\s*(year|month|week|day|hour)s?")  # Ashby "1 YEAR", "2 WEEK"

# Judging plausibility needs only the order of magnitude of a currency (normalise/currency.py).
# Plausible annual pay is 1,000 to 1,500,000 USD-equivalent.
_ANNUAL_USD_BOUNDS = (1_000, 1_500_000)


def interval(label) -> Interval | None:
    """A pay interval label from any source ("per-hour-wage", "1 YEAR", "monthly", "/hr"), else None."""
    if isinstance(label, SalaryPeriod):
        return Interval(label)
    if isinstance(label, Interval):
        return label
    if not isinstance(label, str):
        return None
    key = label.strip().lower().lstrip("/").strip()
    if key in _INTERVALS:
        return _INTERVALS[key]
    counted = _COUNTED_INTERVAL.fullmatch(key)
    unit = _INTERVALS.get(counted.group(2)) if counted else None
    if counted and unit and int(counted.group(1)) > 0:
        return Interval(unit.period, 1 / int(counted.group(1)))
    return None


def to_number(value) -> float | None:
    """A positive finite number from an int, float or numeric string ("120000", "120,000.50"); else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        # float() would also take "1_000", "nan" and "inf": only digits, separators and a point.
        cleaned = value.strip().replace(",", "").replace(" ", "")
        if not re.fullmatch(r"\d+(?:\.\d+)?", cleaned):
            return None
        value = float(cleaned)
    if isinstance(value, (int, float)) and math.isfinite(value) and value > 0:
        return float(value)
    return None


def currency_code(value) -> str | None:
    """An ISO 4217 code ("usd" -> "USD") or None."""
    if isinstance(value, str) and re.fullmatch(r"\s*[A-Za-z]{3}\s*", value):
        return value.strip().upper()
    return None


def _plausible(amount: float | None, per_year: int, currency: str) -> float | None:
    if amount is None:
        return None
    rate = _UNITS_PER_USD.get(currency)
    if rate is None:  # an unknown currency cannot be judged: keep the figure
        return amount
    low, high = (bound * rate for bound in _ANNUAL_USD_BOUNDS)
    return amount if low <= amount * per_year <= high else None


def from_range(minimum, maximum, currency, period) -> Salary | None:
    """A Salary from structured values, or None when no plausible figure remains.

    `period` is a SalaryPeriod, an Interval, or any label `interval()` reads; an unknown
    label gives None rather than a guess.
    """
    pay = interval(period)
    code = currency_code(currency)
    if pay is None or code is None:
        return None
    per_year = PER_YEAR[pay.period]
    low, high = (to_number(v) for v in (minimum, maximum))
    low, high = (None if v is None else round(v * pay.factor, 2) for v in (low, high))
    low, high = (_plausible(v, per_year, code) for v in (low, high))
    if low is None and high is None:
        return None
    if low is not None and high is not None and low > high:
        low, high = high, low
    present = [v for v in (low, high) if v is not None]
    annual = sum(present) / len(present) * per_year
    return Salary(min=low, max=high, currency=code, period=pay.period, annual=float(round(annual)))


# Text: "$175k - $225k", "€60.000–75.000", "$45/hour", "£500/day", "USD 120,000 per year",
# "60.000 - 75.000 € brutto", "CA$90k+", "$100-150k".
_SYMBOLS = {
    "US$": "USD",
    "U$": "USD",
    "CA$": "CAD",
    "C$": "CAD",
    "CAD$": "CAD",
    "A$": "AUD",
    "AU$": "AUD",
    "NZ$": "NZD",
    "S$": "SGD",
    "SG$": "SGD",
    "HK$": "HKD",
    "R$": "BRL",
    "MX$": "MXN",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₩": "KRW",
    "₪": "ILS",
    "₱": "PHP",
    "₺": "TRY",
    "₴": "UAH",
    "₦": "NGN",
    "zł": "PLN",
}
# Codes only in capitals: "TRY", "PEN" and "MAD" are words too.
_CURRENCY = (
    "(?:"
    + "|".join(re.escape(p) for p in sorted(_SYMBOLS, key=len, reverse=True))
    + r"|(?-i:\b(?:"
    + "|".join(_UNITS_PER_USD)
    + r")\b))"
)
_THOUSANDS = re.compile(r"\d{1,3}([,.'’\u00a0\u202f ])\d{3}(?:\1\d{3})*(?:([.,])(\d{1,2}))?")
_LAKH = re.compile(r"\d{1,2}(?:,\d{2})+,\d{3}")  # Indian grouping: 12,00,000
_PERIOD = r"years?|yr|annum|months?|mo|weeks?|wk|days?|hours?|hr|h"


def _side(n: int) -> str:
    number = (
        rf"{_LAKH.pattern}(?!\d)"
        rf"|\d{{1,3}}(?P<s{n}>[,.'’\u00a0\u202f]| (?=\d{{3}}\b))\d{{3}}(?:(?P=s{n})\d{{3}})*(?:[.,]\d{{1,2}}(?!\d))?"
        r"|\d+(?:[.,]\d+)?"
    )
    return (
        rf"(?:(?P<c{n}>{_CURRENCY})\s?)?(?P<a{n}>{number})"
        rf"(?:\s?(?P<k{n}>[kK])(?![a-zA-Z]))?(?:\s?(?P<d{n}>{_CURRENCY}))?"
    )


_TEXT = re.compile(
    _side(1)
    + r"(?:\s*(?:-|–|—|to|bis|and)\s*"
    + _side(2)
    + r")?\+?"
    + rf"(?:\s*(?:/|per|an?|each)\s*(?P<per>{_PERIOD})\b"
    + r"|\s*(?P<adverb>hourly|daily|weekly|monthly|yearly|annually|p\.a\.|pa\b))?",
    re.I,
)


def _amount(digits: str | None, thousands: bool) -> float | None:
    if not digits:
        return None
    grouped = _THOUSANDS.fullmatch(digits)
    if _LAKH.fullmatch(digits):
        number = float(digits.replace(",", ""))
    elif grouped:
        # "60.000" and "60,000" group thousands; a different trailing mark is the decimal point.
        has_decimals = grouped.group(2) and grouped.group(2) != grouped.group(1)
        whole = digits[: grouped.start(2)] if grouped.group(2) else digits
        number = float(re.sub(r"\D", "", whole)) + (float(f"0.{grouped.group(3)}") if has_decimals else 0)
    else:
        number = float(digits.replace(",", "."))
    return number * 1000 if thousands else number


def _currency(token: str) -> str:
    return _SYMBOLS.get(token) or _SYMBOLS.get(token.upper()) or token.upper()


def from_text(text) -> Salary | None:
    """The first plausible salary stated with a currency in free text, else None.

    No stated period means per year; a figure without a currency is never read as pay.
    """
    if not isinstance(text, str):
        return None
    for match in _TEXT.finditer(text):
        token = next((match.group(g) for g in ("c1", "d1", "c2", "d2") if match.group(g)), None)
        if token is None:
            continue
        low = _amount(match.group("a1"), bool(match.group("k1")))
        high = _amount(match.group("a2"), bool(match.group("k2")))
        # "$100-150k": the k written once applies to both ends.
        if high is not None and low is not None and match.group("k2") and not match.group("k1") and low < 1000:
            low *= 1000
        label = match.group("per") or match.group("adverb") or "year"
        found = from_range(low, high, _currency(token), label)
        if found:
            return found
    return None
