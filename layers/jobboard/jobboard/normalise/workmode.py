"""Work mode from structured fields first, then location-like text; never from a description.

Descriptions mention "remote" in too many ways ("remote-first culture", "remote sensing",
"no remote work"), so adapters pass only location, region or workplace labels as `texts`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from jobboard.model import WorkMode

_REMOTE = re.compile(
    r"\b(remote|anywhere|worldwide|world-wide|work from home|wfh|home[- ]based|telecommute|fully distributed)\b"
    r"|\b(remoto|fernarbeit|télétravail|teletrabajo)\b",
    re.I,
)
_NOT_REMOTE = re.compile(r"\b(no|not|non)[- ]remote\b", re.I)
_HYBRID = re.compile(r"\b(hybrid|hybrido|híbrido|hybride)\b", re.I)
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
    """A structured work-mode value ("Remote", "OnSite", "on-site", "HYBRID") or None.

    "unspecified" and unknown labels are None so the next clue decides.
    """
    if not isinstance(label, str):
        return None
    key = re.sub(r"(?<=[a-z])(?=[A-Z])", "-", label.strip()).lower().replace(" ", "-")
    return _LABELS.get(key)


def from_flag(remote, texts=()) -> WorkMode | None:
    """A boolean "is remote" field: True is remote; an explicit False is on-site unless the
    location-like texts say hybrid (the flag cannot express hybrid); anything else is None."""
    if remote is True:
        return WorkMode.REMOTE
    if remote is False:
        return WorkMode.HYBRID if from_text(*texts) is WorkMode.HYBRID else WorkMode.ONSITE
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
