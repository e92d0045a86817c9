"""An issue opened with one of a board's forms, read back: which form, and its answers checked.

The body GitHub writes for an issue form is "### <field label>\n\n<answer>" per field, answers left
empty as "_No response_", a dropdown's choices joined by ", ". Readers may edit the body afterwards,
so nothing is trusted: every answer is checked, and a mistake names the field as the form shows it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from jobboard.contributions.forms import (
    ADD,
    CORRECT,
    FORMS,
    SPONSORSHIPS,
    WORK_MODES,
    Form,
)
from jobboard.model import Salary, Sponsorship, WorkMode
from jobboard.normalise import salary as salaries
from jobboard.normalise.text import clean_line
from jobboard.normalise.urls import http_url
from jobboard.store.postings import URL_LIMIT

NO_RESPONSE = "_No response_"
_HEADING = re.compile(r"^###[ \t]+(.+?)[ \t]*$", re.M)
_URL_IN_TEXT = re.compile(r"https?://[^\s<>()\[\]\"'`]+", re.I)
_TERM = re.compile(r"^(spring|summer|fall|autumn|winter)\s*(\d{4})$", re.I)
_PLACES_SPLIT = re.compile(r"\n|\s\|\s|;")
# What a reader's answer may hold at most: a posting field is cut at the store's limits anyway.
_LIMITS = {"company": 200, "title": 300}
MAX_PLACES = 20

_MODES = {"Remote": WorkMode.REMOTE, "Hybrid": WorkMode.HYBRID, "On site": WorkMode.ONSITE}
_SPONSORSHIP = {
    "Offers sponsorship": Sponsorship.OFFERED,
    "Does not offer sponsorship": Sponsorship.NOT_OFFERED,
    "U.S. citizenship is required": Sponsorship.CITIZENS_ONLY,
}
assert set(_MODES) | {"Not stated"} == set(WORK_MODES) and set(_SPONSORSHIP) | {"Not stated"} == set(SPONSORSHIPS)


class FormError(ValueError):
    """An answer that cannot be used; `label` is the field as the form shows it."""

    def __init__(self, label: str, reason: str):
        super().__init__(f"{label}: {reason}")
        self.label = label
        self.reason = reason


@dataclass(frozen=True)
class Contribution:
    """A form's answers, checked: the link, and the posting fields the reader gave (Posting's field
    names and types: company, title, location, work_mode, salary, terms, sponsorship)."""

    form: Form
    url: str
    fields: dict[str, Any] = field(default_factory=dict)
    note: str = ""  # what is wrong (a correction), what the reader saw (a closed job)


def form_of(title: str, body: str, labels: tuple[str, ...]) -> Form | None:
    """Which form opened the issue: its label, else its title's prefix, else the headings its body
    has (a label may be missing from the repository, a title edited); None for any other issue."""
    for form in FORMS.values():
        if form.label in labels:
            return form
    for form in FORMS.values():
        if re.match(rf"^\[[a-z0-9-]+\] {re.escape(form.name)}:", title):
            return form
    headings = set(_sections(body))
    for form in FORMS.values():
        if all(f.label in headings for f in form.fields):
            return form
    return None


def board_id_of(title: str) -> str | None:
    """The board id a form's title starts with ("[backend] Add a job: ..."), if it does."""
    match = re.match(r"^\[([a-z0-9][a-z0-9-]{0,62})\] ", title)
    return match.group(1) if match else None


def answers(body: str, form: Form) -> dict[str, str]:
    """The form's answers by field id, "" where left empty (or missing from an edited body)."""
    sections = _sections(body)
    found = {}
    for question in form.fields:
        text = sections.get(question.label, "").strip()
        found[question.id] = "" if text == NO_RESPONSE else text
    return found


def _sections(body: str) -> dict[str, str]:
    text = (body or "").replace("\r\n", "\n")
    headings = list(_HEADING.finditer(text))
    return {
        match.group(1): text[match.end() : headings[i + 1].start() if i + 1 < len(headings) else len(text)]
        for i, match in enumerate(headings)
    }


def read_contribution(body: str, form: Form) -> Contribution:
    """The form's answers checked; raises FormError naming the first field that cannot be used."""
    given = answers(body, form)
    for question in form.fields:
        if question.required and not given[question.id]:
            raise FormError(question.label, "this field is required and was left empty")
    url = _url(given["url"], form.field("url").label)
    fields: dict[str, Any] = {}
    for name, reader in _READERS.items():
        if name in given and given[name]:
            fields[_POSTING_FIELD.get(name, name)] = reader(given[name], form.field(name).label)
    if form.kind == CORRECT and not fields:
        names = ", ".join(f.label for f in form.fields if f.id in _READERS)
        raise FormError("the corrected fields", f"give the right value of at least one of: {names}")
    note = given.get("reason") or given.get("details") or ""
    if form.kind == ADD:
        fields.setdefault("work_mode", WorkMode.UNKNOWN)
    return Contribution(form=form, url=url, fields=fields, note=note)


def _url(text: str, label: str) -> str:
    """The link, also when pasted as <https://...> or as a Markdown link."""
    if len(text) > URL_LIMIT:
        raise FormError(label, f"at most {URL_LIMIT} characters, got {len(text)}")
    direct = http_url(text.strip("<> \n"))
    if direct:
        return direct
    found = list(dict.fromkeys(_URL_IN_TEXT.findall(text)))
    if len(found) == 1 and http_url(found[0]):
        return found[0]
    if len(found) > 1:
        raise FormError(label, f"give one link, found {len(found)}")
    raise FormError(label, f"not a web link (expected one starting with https://), got {_quoted(text)}")


def _line(text: str, label: str, limit: int) -> str:
    value = clean_line(text)
    if not value:
        raise FormError(label, "left empty")
    if len(value) > limit:
        raise FormError(label, f"at most {limit} characters, got {len(value)}")
    return value


def _company(text: str, label: str) -> str:
    return _line(text, label, _LIMITS["company"])


def _title(text: str, label: str) -> str:
    return _line(text, label, _LIMITS["title"])


def _location(text: str, label: str) -> str:
    """One place a line (or separated by " | " or ";", as other lists write them), joined by "; "
    as the sources' several places are."""
    places = list(dict.fromkeys(clean_line(p) for p in _PLACES_SPLIT.split(text) if clean_line(p)))
    if not places:
        raise FormError(label, "left empty")
    if len(places) > MAX_PLACES:
        raise FormError(label, f"at most {MAX_PLACES} places, got {len(places)}")
    return "; ".join(places)


def _work_mode(text: str, label: str) -> WorkMode:
    choice = clean_line(text)
    if choice == "Not stated":
        return WorkMode.UNKNOWN
    if choice not in _MODES:
        raise FormError(label, f"choose one of {', '.join(WORK_MODES)}, got {_quoted(choice)}")
    return _MODES[choice]


def _salary(text: str, label: str) -> Salary:
    pay = salaries.from_text(clean_line(text))
    if pay is None:
        raise FormError(
            label,
            f"could not read {_quoted(text)} as pay: give the amount or range with its currency and, "
            "unless it is a year's, the period (e.g. $120,000 - $150,000 a year, €4,500 a month, $45 an hour)",
        )
    return pay


def _terms(text: str, label: str) -> tuple[str, ...]:
    terms = []
    for part in (p.strip() for p in re.split(r"[,;\n]", text)):
        if not part:
            continue
        match = _TERM.match(part)
        if not match:
            raise FormError(label, f"write each season as its name and year, e.g. Summer 2026, got {_quoted(part)}")
        season = "Fall" if match.group(1).lower() == "autumn" else match.group(1).capitalize()
        terms.append(f"{season} {match.group(2)}")
    return tuple(dict.fromkeys(terms))


def _sponsorship(text: str, label: str) -> Sponsorship | None:
    choice = clean_line(text)
    if choice == "Not stated":
        return None
    if choice not in _SPONSORSHIP:
        raise FormError(label, f"choose one of {', '.join(SPONSORSHIPS)}, got {_quoted(choice)}")
    return _SPONSORSHIP[choice]


def _quoted(text: str) -> str:
    """A reader's answer quoted in a comment as code, so nothing in it is rendered or notifies
    anyone (an @mention, a link, an image)."""
    shown = " ".join(text.split()).replace("`", "'")
    return f"`{shown[:80]}…`" if len(shown) > 80 else f"`{shown}`"


# Form field id -> how its answer is read; in the form's order, so the first mistake is named first.
_READERS = {
    "company": _company,
    "title": _title,
    "locations": _location,
    "work_mode": _work_mode,
    "salary": _salary,
    "terms": _terms,
    "sponsorship": _sponsorship,
}
_POSTING_FIELD = {"locations": "location"}
