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


def money(amount: float | None, currency: str | None, exact: bool = False) -> str:
    """ "$181k", "€55k", "CHF 120k"; "n/a" without an amount. `exact`: the figure as stated (bound())."""
    if amount is None:
        return "n/a"
    figure = bound(amount) if exact else kilo(amount)
    symbol = _SYMBOLS.get(currency or "")
    if symbol:
        return f"{symbol}{figure}"
    return f"{currency} {figure}" if currency else figure


def bound(amount: float) -> str:
    """A salary bound shortened only where that loses nothing, so no bound is misstated:
    4_200 -> "4.2k", 152_250 -> "152.25k", 1_800_000 -> "1.8M", 123_456 -> "123,456", 45.5 -> "45.50"."""
    cents = round(amount * 100)
    if cents % 100:
        return f"{cents / 100:,.2f}"
    whole = cents // 100
    if whole >= 1_000_000 and whole % 10_000 == 0:
        return f"{whole / 1_000_000:.2f}".rstrip("0").rstrip(".") + "M"
    if whole >= 1000 and whole % 10 == 0:
        return f"{whole / 1000:.2f}".rstrip("0").rstrip(".") + "k"
    return f"{whole:,}"


def salary_range(salary: Salary | None) -> str:
    """ "$120k–$150k", "€4.2k–€5.6k/mo", "from €55k", "up to €70k", "$45/h"; "" when unknown.

    Every bound is shown as stated (bound()), one-sided ranges stay one-sided, and
    normalise.salary.from_text reads the text back to the same bounds and period.
    """
    if salary is None or (salary.min is None and salary.max is None):
        return ""
    low, high = (money(v, salary.currency, exact=True) if v is not None else None for v in (salary.min, salary.max))
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
