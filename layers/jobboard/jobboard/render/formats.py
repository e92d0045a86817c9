"""Plain-text formats themes share: money, salary ranges, ages, dates, work modes.

Locale-independent on purpose (Lambda's locale is not ours to rely on) and
deterministic: the same data always formats to the same text.
"""

from __future__ import annotations

from datetime import date, datetime

from jobboard.model import Salary, SalaryPeriod, WorkMode

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}
_PER = {
    SalaryPeriod.YEAR: "",
    SalaryPeriod.MONTH: "/mo",
    SalaryPeriod.WEEK: "/wk",
    SalaryPeriod.DAY: "/day",
    SalaryPeriod.HOUR: "/h",
}

WORK_MODE_LABELS = {
    WorkMode.REMOTE: "Remote",
    WorkMode.HYBRID: "Hybrid",
    WorkMode.ONSITE: "On Site",
    WorkMode.UNKNOWN: "—",
}


def format_date(value: date | datetime, pattern: str) -> str:
    """strftime with English month names whatever the locale (%b "Jan", %B "January")."""
    month = _MONTHS[value.month - 1]
    return value.strftime(pattern.replace("%B", month).replace("%b", month[:3]))


def kilo(amount: float | None) -> str:
    """181_234 -> "181k", 9_500_000 -> "9.5M"; under 1,000 (hourly pay) whole: 45 -> "45"; None -> "n/a"."""
    if amount is None:
        return "n/a"
    if amount >= 999_500:
        return f"{amount / 1_000_000:,.1f}".removesuffix(".0") + "M"
    if amount >= 1000:
        return f"{round(amount / 1000):,}k"
    return f"{round(amount):,}"


def money(amount: float | None, currency: str | None) -> str:
    """ "$181k", "€55k", "CHF 120k"; "n/a" without an amount."""
    if amount is None:
        return "n/a"
    symbol = _SYMBOLS.get(currency or "")
    if symbol:
        return f"{symbol}{kilo(amount)}"
    return f"{currency} {kilo(amount)}" if currency else kilo(amount)


def salary_range(salary: Salary | None) -> str:
    """ "$120k–$150k", "from €50k", "up to $90k", "$40–$60/h"; "" when unknown."""
    if salary is None or (salary.min is None and salary.max is None):
        return ""
    low, high = (money(v, salary.currency) if v is not None else None for v in (salary.min, salary.max))
    if low and high:
        text = low if low == high else f"{low}–{high}"
    elif low:
        text = f"from {low}"
    else:
        text = f"up to {high}"
    return text + _PER[salary.period]


def age(posted_at: datetime, now: datetime) -> str:
    """How long ago, relative to the board's time (not the clock): "<1h", "5h", "3d"."""
    hours = int((now - posted_at).total_seconds() // 3600)
    if hours < 1:
        return "<1h"
    return f"{hours}h" if hours < 24 else f"{hours // 24}d"


FILTERS = {"date": format_date, "kilo": kilo, "money": money}
