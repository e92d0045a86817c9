"""Work mode from structured fields first, then location text; never from a description."""

from __future__ import annotations

import re

from jobboard.model import WorkMode

_REMOTE = re.compile(r"\b(remote|anywhere|worldwide|work from home|wfh|distributed)\b", re.I)
_HYBRID = re.compile(r"\bhybrid\b", re.I)
_ONSITE = re.compile(r"\b(on[- ]?site|in[- ]office|onsite)\b", re.I)

_STRUCTURED = {
    "remote": WorkMode.REMOTE, "hybrid": WorkMode.HYBRID, "on-site": WorkMode.ONSITE,
    "onsite": WorkMode.ONSITE, "on_site": WorkMode.ONSITE, "office": WorkMode.ONSITE,
    "in-office": WorkMode.ONSITE, "in_office": WorkMode.ONSITE,
}


def from_label(label) -> WorkMode | None:
    """A structured work-mode value ("Remote", "OnSite", "on-site"...) or None."""
    if not isinstance(label, str):
        return None
    key = re.sub(r"(?<=[a-z])(?=[A-Z])", "-", label.strip()).lower().replace(" ", "-")
    return _STRUCTURED.get(key)


def from_text(*texts) -> WorkMode:
    """Work mode from location-like text ("Remote (US)", "Hybrid - Berlin"); hybrid wins over remote."""
    joined = " ".join(t for t in texts if isinstance(t, str))
    if _HYBRID.search(joined):
        return WorkMode.HYBRID
    if _REMOTE.search(joined):
        return WorkMode.REMOTE
    if _ONSITE.search(joined):
        return WorkMode.ONSITE
    return WorkMode.UNKNOWN


def resolve(*structured: WorkMode | None, texts=()) -> WorkMode:
    """First known structured value, else the location texts."""
    for mode in structured:
        if mode and mode is not WorkMode.UNKNOWN:
            return mode
    return from_text(*texts)
