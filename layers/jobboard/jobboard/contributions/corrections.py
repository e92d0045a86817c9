"""A reader's correction of a posting: the named fields overridden until the source changes them.

The postings table keeps, beside the posting as shown, `overrides`: field -> {"source": what the
source said when the correction was applied, "value": the correction} (as stored JSON). Each scrape
applies the overrides whose field the source still states the same way and drops the others: a
source that changes the field knows better than a correction of its older text. The overrides are
part of the content hash, so an unchanged source with a correction in force writes nothing.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from jobboard.model import Posting, Salary, Sponsorship, WorkMode
from jobboard.normalise import workmode
from jobboard.normalise.employment import INTERNSHIP
from jobboard.normalise.location import country_from_locations

# The fields a reader may correct (Posting's names), in the order comments list them.
CORRECTABLE = ("company", "title", "location", "work_mode", "salary", "terms", "sponsorship")


def stored(name: str, value: Any) -> Any:
    """A field's value as the table stores it (Posting.to_dict's form)."""
    if name == "work_mode":
        return value.value
    if name == "salary":
        return value.to_dict() if value else None
    if name == "terms":
        return list(value)
    if name == "sponsorship":
        return value.value if value else None
    return value


def _read(name: str, value: Any) -> Any:
    """A stored field's value as the Posting holds it."""
    if name == "work_mode":
        return WorkMode(value or WorkMode.UNKNOWN.value)
    if name == "salary":
        return Salary.from_dict(value)
    if name == "terms":
        return tuple(value or ())
    if name == "sponsorship":
        return Sponsorship(value) if value else None
    return value if value is not None else ""


def apply_overrides(posting: Posting, overrides: dict | None) -> tuple[Posting, dict]:
    """The posting as the source gives it with the corrections still in force, and those
    corrections (the ones whose field the source still states as it did when corrected)."""
    if not overrides:
        return posting, {}
    kept = {
        name: override
        for name, override in overrides.items()
        if name in CORRECTABLE
        and isinstance(override, dict)
        and _read(name, override.get("source")) == getattr(posting, name)
    }
    if not kept:
        return posting, {}
    return _with(posting, {name: _read(name, override.get("value")) for name, override in kept.items()}), kept


def corrected(posting: Posting, overrides: dict | None, changes: dict[str, Any]) -> tuple[Posting, dict]:
    """The shown posting (overrides already applied) with the reader's `changes`, and the overrides
    to store: the earlier ones plus these, each remembering what the source said."""
    overrides = dict(overrides or {})
    for name, value in changes.items():
        source_value = overrides[name]["source"] if name in overrides else stored(name, getattr(posting, name))
        overrides[name] = {"source": source_value, "value": stored(name, value)}
    return _with(posting, changes), overrides


def _with(posting: Posting, changes: dict[str, Any]) -> Posting:
    """The posting with the changed fields, and what follows from them: the country of a corrected
    location (and its work mode when only the places say it), internships for corrected terms."""
    more: dict[str, Any] = {}
    if "location" in changes:
        places = changes["location"].split("; ")
        more["country"] = country_from_locations(*places)
        if "work_mode" not in changes:
            stated = workmode.from_text(*places)
            if stated is not WorkMode.UNKNOWN:
                more["work_mode"] = stated
    if changes.get("terms"):
        more["employment_type"] = INTERNSHIP
    return replace(posting, **more, **changes)
