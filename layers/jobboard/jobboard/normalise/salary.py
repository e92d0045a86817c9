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
            # German, French, Spanish, Portuguese ("55.000 € brutto/Jahr", "50 k€ par an")
            "jahr",
            "jährlich",
            "an",
            "année",
            "annuel",
            "año",
            "anual",
            "ano",
            "lpa",
            "p/a",
        ),
        _Y,
    ),
    **dict.fromkeys(
        (
            "month",
            "months",
            "monthly",
            "mo",
            "mth",
            "pcm",
            "p/m",
            "per-month-salary",
            "per_month",
            "monat",
            "monatlich",
            "mois",
            "mensuel",
            "mes",
            "mês",
            "mensual",
        ),
        _M,
    ),
    **dict.fromkeys(
        ("week", "weeks", "weekly", "wk", "per-week-salary", "per_week", "woche", "wöchentlich", "semaine", "semana"),
        _W,
    ),
    **dict.fromkeys(("day", "days", "daily", "per-day-wage", "per_day", "tag", "täglich", "jour", "día", "dia"), _D),
    **dict.fromkeys(
        (
            "hour",
            "hours",
            "hourly",
            "hr",
            "hrs",
            "h",
            "p/h",
            "p/hr",
            "ph",
            "per-hour-wage",
            "per_hour",
            "stunde",
            "std",
            "stündlich",
            "heure",
            "hora",
        ),
        _H,
    ),
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
    key = re.sub(r"^(?:/\s*|(?:per|an?|each)\s+)", "", label.strip().lower()).strip()  # "per annum", "/hr"
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
# "55.000 € brutto/Jahr", "CA$90k+", "$100-150k", "₹18-24 LPA", "50-60 k€ par an", "up to €70k".
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
# Codes only in capitals: "TRY", "PEN" and "MAD" are words too; "Rs" likewise ("Rs. 15 LPA").
_CURRENCY = (
    "(?:"
    + "|".join(re.escape(p) for p in sorted(_SYMBOLS, key=len, reverse=True))
    + r"|(?-i:\b(?:"
    + "|".join(_UNITS_PER_USD)
    + r"|Rs\.?)(?![A-Za-z])|(?<=T)EUR\b)"  # "60 TEUR": thousands of euros
    + ")"
)
_THOUSANDS = re.compile(r"\d{1,3}([,.'’\u00a0\u202f ])\d{3}(?:\1\d{3})*(?:([.,])(\d{1,2}))?")
_LAKH = re.compile(r"\d{1,2}(?:,\d{2})+,\d{3}")  # Indian grouping: 12,00,000
# What a figure is multiplied by: "120k", "1.2M", "18 lakh", "18 LPA" (lakh per annum), "1.5 crore".
_MULTIPLIER = (
    r"k(?![a-z])|m(?:n|io|illion)?(?![a-z])|lakhs?(?![a-z])|lacs?(?![a-z])|l(?=pa\b)|l(?![a-z])"
    r"|cr(?:ores?)?(?![a-z])|t(?=€|EUR\b)"
)
_MULTIPLIERS = {"k": 1_000, "t": 1_000, "m": 1_000_000, "l": 100_000, "c": 10_000_000}
_INDIAN = {"l", "c"}  # lakh and crore name rupees when no currency is written
_PERIOD = "|".join(sorted((k for k in _INTERVALS if re.fullmatch(r"[^\W\d_]+", k)), key=len, reverse=True))
_PERIOD_SHORT = r"hr|hour|h|day|d|wk|week|mo|month|yr|year"
_ADVERBS = (
    r"hourly|daily|weekly|monthly|yearly|annually|p\.\s?a\.?|pa\b|jährlich|monatlich|stündlich|mensuel|annuel"
    r"|p/h\b|p/hr\b|ph\b|pcm\b|p/m\b|p/a\b"
)
# Words between a figure and its period that do not change it: "brutto/Jahr", "net/month", "base per year".
_GROSS_NET = r"(?:\s*(?:gross|brutto|bruto|brut|netto|neto|net|base|ote|b2b|fte)\b\.?)?"


def _side(n: int) -> str:
    number = (
        rf"{_LAKH.pattern}(?!\d)"
        rf"|\d{{1,3}}(?P<s{n}>[,.'’\u00a0\u202f]| (?=\d{{3}}\b))\d{{3}}(?:(?P=s{n})\d{{3}})*(?:[.,]\d{{1,2}}(?!\d))?"
        r"|\d+(?:[.,]\d+)?"
    )
    return (
        rf"(?:(?P<c{n}>{_CURRENCY})\s?)?(?P<a{n}>{number})"
        rf"(?:\s?(?P<m{n}>{_MULTIPLIER}))?(?:\s?(?P<d{n}>{_CURRENCY}))?"
    )


_TEXT = re.compile(
    _side(1)
    + rf"(?:\s*/\s*(?P<per1>{_PERIOD_SHORT})(?![^\W\d_]))?"  # "$25/hr - $30/hr": the period said twice
    + r"(?:\s*(?:-|–|—|~|to|bis|and|through|à|a|hasta)\s*"
    + _side(2)
    # "$90k+" is a lower bound; "$120k + equity" is the pay plus something else
    + r")?(?P<plus>\+(?!\s*(?:equity|bonus|benefits|super|superannuation|stock|rsus?|options|commission|shares|"
    + r"perks|allowances?|tips|overtime)\b)|\s+(?:or more|and above|or above|or higher|and up)\b)?"
    + _GROSS_NET
    + rf"(?:\s*(?:/|per|an?|each|pro|par|por|al|im|la)\s*(?P<per>{_PERIOD})(?![^\W\d_])"
    + rf"|\s*(?P<adverb>{_ADVERBS}))?",
    re.I,
)
# What comes right before a lone figure and makes it one bound: "up to €70k", "ab 55.000 €".
_UP_TO = re.compile(
    r"(?:\bup\s*to|\bmax(?:imum)?\.?|\bbis(?:\s+zu)?|\bjusqu'?\s?(?:à|a)|\bhasta|\bunder|\bbelow|\bno more than|\bnot"
    r" more than|≤|<)\s*:?\s*$",
    re.I,
)
_FROM = re.compile(
    r"(?:\bfrom|\bstarting(?:\s+(?:at|from))?|\bstarts\s+at|\bat\s+least|\bmin(?:imum)?\.?|\bab|\bà partir de|"
    r"\ba partir de|\bdesde|\bover|\bmore than|\bin excess of|≥|>)\s*:?\s*$",
    re.I,
)


def _amount(digits: str | None, multiplier: str | None) -> float | None:
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
    return round(number * _MULTIPLIERS[multiplier[0].lower()], 2) if multiplier else number


def _currency(token: str) -> str:
    if token.startswith("Rs"):
        return "INR"
    return _SYMBOLS.get(token) or _SYMBOLS.get(token.upper()) or token.upper()


def _read(match: re.Match, text: str, period: str = "year") -> Salary | None:
    """The salary one match of _TEXT states, or None (no currency, implausible)."""
    token = next((match.group(g) for g in ("c1", "d1", "c2", "d2") if match.group(g)), None)
    multipliers = [(match.group(g) or "").lower()[:1] for g in ("m1", "m2")]
    if token is None and not _INDIAN & set(multipliers):
        return None
    low = _amount(match.group("a1"), match.group("m1"))
    high = _amount(match.group("a2"), match.group("m2"))
    # "$100-150k", "₹18-24 LPA": a multiplier written once, after the second figure, applies to both.
    if high is not None and low is not None and match.group("m2") and not match.group("m1"):
        scaled = _amount(match.group("a1"), match.group("m2"))
        if scaled is not None and scaled <= high:
            low = scaled
    if high is None:
        before = text[max(0, match.start() - 30) : match.start()]
        if match.group("plus") or _FROM.search(before):
            high = None  # "from €55k", "$90k+": a lower bound only
        elif _UP_TO.search(before):
            low, high = None, low
        else:
            high = low  # one figure is the pay: "$45/hour"
    label = match.group("per") or match.group("adverb") or match.group("per1") or period
    return from_range(low, high, _currency(token) if token else "INR", label)


def from_text(text) -> Salary | None:
    """The first plausible salary stated with a currency in free text, else None.

    No stated period means per year; a figure without a currency is never read as pay (lakh and
    crore name rupees). One figure is the pay itself (min = max) unless the words around it make
    it one bound: "up to €70k" has no minimum, "from €55k" and "$90k+" no maximum.
    """
    if not isinstance(text, str):
        return None
    for match in _TEXT.finditer(text):
        found = _read(match, text)
        if found:
            return found
    return None


# Descriptions state money that is not pay: what a company raised, earns or is worth, grants,
# budgets and allowances, customers. A figure with such words around it is never read as a salary.
_NOT_PAY = re.compile(
    r"\b(?:rais(?:e|ed|ing)|fund(?:ed|ing|s)?|series\s+[a-h]\b|seed|revenue|arr\b|mrr\b|valuation|valued|"
    r"investors?|investment|backed|venture|capital|customers|clients|users|employees|headcount|"
    r"grants?|budget|assets|aum\b|market\s+cap|sales|profit|turnover|billion|bn\b|worth|donat|prize|"
    r"reimburs|allowance|stipend\s+for|bonus|relocation|equipment|learning|conference|wellness|gym|"
    r"home\s+office|per\s+employee|recurring|gmv|transactions|processed|volume|loans?|spend|internet|phone|"
    r"coworking|co-working|meals?|lunch|commut|travel|per\s+diem|insurance|deductible|donation|referral)",
    re.I,
)
# Words that announce pay: pay-transparency statements ("The base salary range for this role is
# $152,000 - $190,000 USD"), "Compensation: ...", "Gehalt", "Salaire", "Sueldo", "CTC".
_PAY = re.compile(
    r"\b(?:salary|salaries|salaire|gehalt|vergütung|jahresgehalt|sueldo|salario|pay|paid|compensation|comp\b|"
    r"wage|wages|rate|earn|ote\b|ctc\b|base|remuneration|package|stipend|hourly|annual|range|"
    r"brutto|gross|per\s+(?:year|annum|hour|month)|pay\s+band|tc\b|total\s+comp)",
    re.I,
)
# A period a sentence names away from the figure: "The hourly rate for this role is $40 - $55."
_SENTENCE_PERIOD = (
    ("hour", re.compile(r"\bhourly\b|\bper\s+hour\b|\ban\s+hour\b|\bstundenlohn", re.I)),
    ("day", re.compile(r"\bdaily\s+rate\b|\bday\s+rate\b|\bper\s+day\b|\btagessatz", re.I)),
    ("month", re.compile(r"\bmonthly\b|\bper\s+month\b|\bmonatlich|\bmonatsgehalt|\bpar\s+mois\b", re.I)),
)
_SENTENCE_END = re.compile(r"[.!?;](?=\s)|\n")
# Where money may be written: a currency symbol or code, "Rs", or an Indian multiplier. A
# description is searched for salaries only around these, not at each of its characters; each kind
# is found by its own simple pattern (one alternation of them all scans several times slower).
_SYMBOL = re.compile(r"[$€£¥₹₩₪₱₺₴₦]|zł")
_CAPITALS = re.compile(r"[A-Z][A-Za-z]{1,2}")  # "USD", "Rs"; checked against the codes
_INDIAN_WORD = re.compile(r"lpa|lakh|lac|crore")  # over the lower-cased text
_CODES = frozenset(_UNITS_PER_USD) | {"Rs"}
_BEFORE_ANCHOR, _AFTER_ANCHOR = 40, 80  # how far a figure may sit from its currency word


def _money_anchors(text: str) -> list[int]:
    """Where in the text a currency or an Indian multiplier is written, in order."""
    found = [m.start() for m in _SYMBOL.finditer(text)]
    found += [
        m.start()
        for m in _CAPITALS.finditer(text)
        if m.group() in _CODES
        and not (m.start() and text[m.start() - 1].isalpha())
        and not (m.end() < len(text) and text[m.end()].isalpha())
    ]
    found += [m.start() for m in _INDIAN_WORD.finditer(text.lower())]
    return sorted(found)


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence (or line) holding text[start:end] begins and ends."""
    begin = max(
        (m.end() for m in _SENTENCE_END.finditer(text, max(0, start - 300), start)), default=max(0, start - 300)
    )
    after = _SENTENCE_END.search(text, end)
    return begin, after.start() if after else min(len(text), end + 200)


_NEAR_BEFORE, _NEAR_AFTER = 80, 50  # how far around a figure its funding/benefit words are looked for


def names_company_money(text: str) -> bool:
    """True when the text speaks of money that is not pay: funding, revenue, customers, benefits."""
    return _NOT_PAY.search(text) is not None


def _pay_in_sentence(match: re.Match, text: str) -> Salary | None:
    """The salary a figure found in a description states, if its sentence speaks of pay."""
    begin, end = _sentence_bounds(text, match.start(), match.end())
    near = text[max(begin, match.start() - _NEAR_BEFORE) : min(end, match.end() + _NEAR_AFTER)]
    if _NOT_PAY.search(near):
        return None
    sentence = text[begin:end]
    stated = match.group("a2") or match.group("per") or match.group("per1") or match.group("adverb")
    if not (stated or _PAY.search(sentence)):
        return None
    period = next((p for p, words in _SENTENCE_PERIOD if words.search(sentence)), "year")
    return _read(match, text, period)


def from_description(text) -> Salary | None:
    """A salary a description states (pay-transparency ranges), else None.

    Descriptions name money of every kind, so a figure counts only in a sentence that speaks
    of pay ("salary", "compensation", "range", a period) or as a range of two figures, and never
    with words of funding, revenue, customers, benefits or headcount around it.
    """
    if not isinstance(text, str):
        return None
    searched_to = 0
    for anchor in _money_anchors(text):
        if anchor < searched_to:
            continue
        start = max(searched_to, anchor - _BEFORE_ANCHOR)
        while start > searched_to and text[start - 1].isdigit():  # never from the middle of a figure
            start -= 1
        end = min(len(text), anchor + _AFTER_ANCHOR)
        searched_to = end
        for candidate in _TEXT.finditer(text, start, end):
            match = _TEXT.match(text, candidate.start())  # read whole, past the window's end
            if match is None or not any(match.group(g) for g in ("c1", "d1", "c2", "d2", "m1", "m2")):
                continue
            found = _pay_in_sentence(match, text)
            if found:
                return found
    return None
