"""Employment type labels ("FullTime", "full_time", "Vollzeit", "Full-Time") to one vocabulary."""

from __future__ import annotations

import re

FULL_TIME, PART_TIME, CONTRACT = "full-time", "part-time", "contract"
INTERNSHIP, TEMPORARY, FREELANCE = "internship", "temporary", "freelance"

_LABELS = {
    FULL_TIME: (
        "full time",
        "fulltime",
        "permanent",
        "vollzeit",
        "festanstellung",
        "temps plein",
        "cdi",
        "tiempo completo",
        "regular",
        "employee",
    ),
    PART_TIME: (
        "part time",
        "parttime",
        "teilzeit",
        "temps partiel",
        "werkstudent",
        "working student",
        "mini job",
        "minijob",
    ),
    CONTRACT: ("contract", "contractor", "contract to hire", "befristet", "fixed term", "cdd"),
    INTERNSHIP: ("intern", "internship", "praktikum", "stage", "co op", "apprenticeship", "ausbildung", "trainee"),
    TEMPORARY: ("temporary", "temp", "seasonal"),
    FREELANCE: ("freelance", "freelancer", "freiberuflich"),
}
_BY_LABEL = {label: kind for kind, labels in _LABELS.items() for label in labels}


def employment_type(value) -> str | None:
    """One of full-time, part-time, contract, internship, temporary, freelance; None when unclear."""
    if not isinstance(value, str) or not value.strip():
        return None
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", value.strip())  # "FullTime" -> "Full Time"
    key = " ".join(re.sub(r"[_\-/]+", " ", spaced).lower().split())
    return _BY_LABEL.get(key) or _BY_LABEL.get(key.replace(" ", ""))


def first_employment_type(values) -> str | None:
    """The first recognisable type in a list of labels (sources that send several)."""
    for value in values if isinstance(values, (list, tuple)) else (values,):
        kind = employment_type(value)
        if kind:
            return kind
    return None
