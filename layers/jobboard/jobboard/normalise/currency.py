"""The one exchange-rate table: units of each currency per US dollar, on one stated day.

Used to judge whether a salary figure is plausible (normalise/salary.py) and to compare a
salary with a board's `min_salary` in another currency (config.BoardFilters). Rates are
approximate mid-market rates on RATES_AS_OF, rounded; boards compare against a floor, so a
few percent of drift moves only postings right at the floor. Update the figures and the
date together.
"""

from __future__ import annotations

RATES_AS_OF = "2025-01-02"
UNITS_PER_USD = {
    "USD": 1.0,
    "EUR": 0.966,
    "GBP": 0.80,
    "CHF": 0.906,
    "CAD": 1.44,
    "AUD": 1.61,
    "NZD": 1.78,
    "SGD": 1.365,
    "HKD": 7.77,
    "SEK": 11.05,
    "NOK": 11.36,
    "DKK": 7.21,
    "ISK": 139.0,
    "PLN": 4.13,
    "CZK": 24.3,
    "HUF": 397.0,
    "RON": 4.81,
    "BGN": 1.89,
    "UAH": 42.0,
    "TRY": 35.4,
    "ILS": 3.65,
    "AED": 3.6725,
    "SAR": 3.75,
    "QAR": 3.64,
    "EGP": 50.8,
    "NGN": 1540.0,
    "KES": 129.0,
    "ZAR": 18.8,
    "MAD": 10.1,
    "GHS": 14.7,
    "INR": 85.7,
    "PKR": 278.0,
    "BDT": 119.5,
    "LKR": 293.0,
    "CNY": 7.30,
    "JPY": 157.2,
    "KRW": 1470.0,
    "TWD": 32.8,
    "PHP": 58.0,
    "IDR": 16200.0,
    "MYR": 4.47,
    "THB": 34.2,
    "VND": 25450.0,
    "BRL": 6.18,
    "MXN": 20.6,
    "ARS": 1032.0,
    "COP": 4400.0,
    "CLP": 995.0,
    "PEN": 3.77,
    "UYU": 44.0,
    "CRC": 508.0,
}


def to_usd(amount: float, currency: str) -> float | None:
    """`amount` of `currency` in US dollars at the table's rate; None for a currency not in it."""
    rate = UNITS_PER_USD.get(currency)
    return None if rate is None else amount / rate
