"""Work mode from structured fields first, then location-like text; never from a description.

Descriptions mention "remote" in too many ways ("remote-first culture", "remote sensing",
"no remote work"), so adapters pass only location, region or workplace labels as `texts`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from jobboard.model import WorkMode
from jobboard.normalise.location import country_from_location

_REMOTE = re.compile(
    r"\b(remote|anywhere|worldwide|world-wide|work from home|wfh|home[- ]based|telecommute|fully distributed)\b"
    r"|\b(remoto|fernarbeit|télétravail|teletrabajo)\b",
    re.I,
)
_NOT_REMOTE = re.compile(r"\b(no|not|non)[- ]remote\b", re.I)
_HYBRID = re.compile(
    r"\b(hybrid|hybrido|híbrido|hybride)\b"
    # some days (1-4 of 5) in the office: "3 days in office", "2-3 days/week onsite", "2 days remote"
    r"|\b[1-4](?:\s*-\s*[1-4])?\s*(?:days?|x)\s*(?:a\s+|per\s+|/\s*)?(?:week\s+|wk\s+)?"
    r"(?:in|at|from)\s+(?:the\s+|our\s+)?(?:office|hq)\b"
    r"|\b[1-4](?:\s*-\s*[1-4])?\s*(?:days?|x)\s*(?:a\s+|per\s+|/\s*)?(?:week\s+|wk\s+)?(?:on[- ]?site|in[- ]office)\b"
    r"|\b[1-4](?:\s*-\s*[1-4])?\s*days?\s*(?:a\s+|per\s+|/\s*)?(?:week\s+)?(?:remote|from\s+home|wfh)\b"
    r"|\b(?:partially|partly)\s+remote\b",
    re.I,
)
_ONSITE = re.compile(r"\b(on[- ]?site|in[- ]office|in[- ]person|office[- ]based)\b", re.I)

_LABELS = {
    "remote": WorkMode.REMOTE,
    "fully-remote": WorkMode.REMOTE,
    "remote-only": WorkMode.REMOTE,
    "hybrid": WorkMode.HYBRID,
    "on-site": WorkMode.ONSITE,
    "onsite": WorkMode.ONSITE,
    "on_site": WorkMode.ONSITE,
    "office": WorkMode.ONSITE,
    "in-office": WorkMode.ONSITE,
    "in_office": WorkMode.ONSITE,
    "in-person": WorkMode.ONSITE,
}


def from_label(label) -> WorkMode | None:
    """A structured work-mode value ("Remote", "OnSite", "on-site", "HYBRID", "Hybrid, 3 days in
    office") or None.

    "unspecified" and labels that name no mode are None so the next clue decides.
    """
    if not isinstance(label, str):
        return None
    key = re.sub(r"(?<=[a-z])(?=[A-Z])", "-", label.strip()).lower().replace(" ", "-")
    if key in _LABELS:
        return _LABELS[key]
    mode = from_text(label)  # a sentence in the field: "Hybrid, 3 days in office"
    return None if mode is WorkMode.UNKNOWN else mode


def from_flag(remote, texts=()) -> WorkMode | None:
    """A boolean "is remote" field: True is remote; an explicit False is on-site unless the
    location-like texts name a mode (the flag cannot express hybrid, and a false flag beside
    "Remote, Germany" is a default nobody set); anything else is None."""
    if remote is True:
        return WorkMode.REMOTE
    if remote is False:
        stated = from_text(*texts)
        return WorkMode.ONSITE if stated is WorkMode.UNKNOWN else stated
    return None


def from_text(*texts) -> WorkMode:
    """Work mode from location-like text ("Remote (US)", "Hybrid - Berlin", "Anywhere in the World").

    Hybrid wins over remote ("Hybrid, 2 days remote"); an explicit "not remote" is never remote.
    """
    return _mode_of(" ".join(t for t in texts if isinstance(t, str)))


@lru_cache(maxsize=8192)  # locations repeat across a feed
def _mode_of(joined: str) -> WorkMode:
    if _HYBRID.search(joined):
        return WorkMode.HYBRID
    if _REMOTE.search(_NOT_REMOTE.sub(" ", joined)):
        return WorkMode.REMOTE
    if _ONSITE.search(joined):
        return WorkMode.ONSITE
    return WorkMode.UNKNOWN


def resolve(*structured: WorkMode | None, texts=()) -> WorkMode:
    """The first known structured value, else what the location-like texts say."""
    for mode in structured:
        if mode is not None and mode is not WorkMode.UNKNOWN:
            return mode
    return from_text(*texts)


# A title states a work mode in a part of its own: "Backend Engineer - Hybrid", "Data Engineer
# (Remote, EU)", "[Remote] Go Developer", "SRE | 100% Remote". A mode word leading the role itself
# ("Remote Sensing Analyst", "Hybrid Cloud Architect") is not one.
_MODE = r"(?:remote|hybrid|on[- ]?site|in[- ]office|wfh|work from home|home[- ]based|fully distributed)"
_TITLE_MODE = re.compile(
    rf"(?:fully\s+|100\s?%\s+)?{_MODE}(?:\s*(?:/|or|&|and|\+)\s*(?:fully\s+)?{_MODE})*"
    r"(?:\s+(?:first|only|ok|friendly|possible|optional|available|eligible))?"
    r"(?:\s*(?:-|–|—|in|within|from|\bfor)?\s*(?P<place>[^\W\d_][\w .&'-]{0,40}))?",
    re.I,
)
_MODE_HINT = re.compile(rf"\b{_MODE}\b")  # over the lower-cased title: faster than re.I
_TITLE_PARTS = re.compile(r"\s[-–—|/·•]\s|[()\[\]{}|,:;·•]|\s[-–—]|[-–—]\s")
_PLACE_WORDS = re.compile(
    r"(?:anywhere|worldwide|global|globally|international|emea|apac|latam|americas|europe|european|eu|us|usa|uk|"
    r"north america|south america|asia|africa|oceania|nordics|dach|cet|est|pst|timezones?|time zones?|only|ok)"
    r"(?:\s+.*)?",
    re.I,
)


def from_title(title) -> WorkMode | None:
    """The work mode a job title states in a part of its own, else None."""
    if not isinstance(title, str):
        return None
    lowered = title.lower()
    # Most titles name no mode: plain substring tests rule them out at a fraction of a search's cost.
    if not (
        "remote" in lowered
        or "hybrid" in lowered
        or "site" in lowered
        or "office" in lowered
        or "wfh" in lowered
        or "home" in lowered
        or "distributed" in lowered
    ):
        return None
    return _title_mode(title) if _MODE_HINT.search(lowered) else None


@lru_cache(maxsize=4096)
def _title_mode(title: str) -> WorkMode | None:
    parts = [p.strip() for p in _TITLE_PARTS.split(title)]
    found = [mode for part in parts if part and (mode := _title_part_mode(part)) is not None]
    if WorkMode.HYBRID in found:
        return WorkMode.HYBRID
    return found[0] if found else None


def _title_part_mode(part: str) -> WorkMode | None:
    match = _TITLE_MODE.fullmatch(part)
    if match is None:
        return None
    place = match.group("place")
    # "Remote Sensing" is a field of work; "Remote US", "Remote - Germany" name where.
    if place and not (_PLACE_WORDS.fullmatch(place.strip()) or country_from_location(place)):
        return None
    mode = _mode_of(part)
    return None if mode is WorkMode.UNKNOWN else mode
