"""Country (ISO 3166-1 alpha-2) from location text, only where it is clear."""

from __future__ import annotations

import re

# Names and common spellings -> ISO code. Only unambiguous names; "Georgia" is left out.
COUNTRIES: dict[str, str] = {
    "united states": "US", "united states of america": "US", "usa": "US", "us": "US", "u.s.": "US",
    "canada": "CA", "mexico": "MX", "brazil": "BR", "argentina": "AR", "colombia": "CO", "chile": "CL",
    "united kingdom": "GB", "uk": "GB", "england": "GB", "scotland": "GB", "great britain": "GB",
    "ireland": "IE", "germany": "DE", "deutschland": "DE", "france": "FR", "spain": "ES", "portugal": "PT",
    "italy": "IT", "netherlands": "NL", "belgium": "BE", "switzerland": "CH", "austria": "AT",
    "sweden": "SE", "norway": "NO", "denmark": "DK", "finland": "FI", "poland": "PL", "czechia": "CZ",
    "czech republic": "CZ", "romania": "RO", "hungary": "HU", "greece": "GR", "ukraine": "UA",
    "estonia": "EE", "lithuania": "LT", "latvia": "LV", "bulgaria": "BG", "croatia": "HR", "serbia": "RS",
    "turkey": "TR", "israel": "IL", "united arab emirates": "AE", "uae": "AE", "saudi arabia": "SA",
    "egypt": "EG", "nigeria": "NG", "kenya": "KE", "south africa": "ZA", "morocco": "MA",
    "india": "IN", "pakistan": "PK", "bangladesh": "BD", "sri lanka": "LK", "china": "CN", "hong kong": "HK",
    "taiwan": "TW", "japan": "JP", "south korea": "KR", "korea": "KR", "singapore": "SG", "malaysia": "MY",
    "indonesia": "ID", "philippines": "PH", "vietnam": "VN", "thailand": "TH", "australia": "AU",
    "new zealand": "NZ", "malta": "MT", "luxembourg": "LU", "cyprus": "CY", "slovakia": "SK", "slovenia": "SI",
}
_US_STATES = {
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY",
    "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND",
    "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC",
}
_NAMES = re.compile(r"(?<![\w.])(" + "|".join(re.escape(n) for n in sorted(COUNTRIES, key=len, reverse=True)) + r")(?![\w])", re.I)
_STATE_SUFFIX = re.compile(r",\s*([A-Z]{2})\s*$")


def country_from_location(text) -> str | None:
    """One ISO code when the text names exactly one country (or ends in ", <US state>")."""
    if not isinstance(text, str) or not text.strip():
        return None
    found = {COUNTRIES[m.group(1).lower()] for m in _NAMES.finditer(text)}
    if len(found) == 1:
        return found.pop()
    if not found:
        state = _STATE_SUFFIX.search(text.strip())
        if state and state.group(1) in _US_STATES:
            return "US"
    return None


def country_code(value) -> str | None:
    """A two-letter code as given by a structured field ("us", "DE"), upper-cased; else a name lookup."""
    if isinstance(value, str) and re.fullmatch(r"[A-Za-z]{2}", value.strip()):
        return value.strip().upper()
    return country_from_location(value)
