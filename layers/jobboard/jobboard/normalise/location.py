"""Country (ISO 3166-1 alpha-2) from location text, only where it is clear.

Clues, strongest first: country names ("Germany", "United States"), US and Canadian
state or province names and codes ("Austin, TX"), then a short list of unambiguous
big cities ("Berlin"). Text naming two countries, or whose clues disagree, gives None.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

# Names and common spellings -> ISO code (lower-case keys, matched case-insensitively).
# Left out on purpose: "Georgia" (state or country), "Jersey", "Guinea".
COUNTRIES: dict[str, str] = {
    "united states": "US",
    "united states of america": "US",
    "u.s.": "US",
    "u.s.a.": "US",
    "canada": "CA",
    "mexico": "MX",
    "méxico": "MX",
    "brazil": "BR",
    "brasil": "BR",
    "argentina": "AR",
    "colombia": "CO",
    "chile": "CL",
    "peru": "PE",
    "uruguay": "UY",
    "costa rica": "CR",
    "united kingdom": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "great britain": "GB",
    "northern ireland": "GB",
    "ireland": "IE",
    "germany": "DE",
    "deutschland": "DE",
    "france": "FR",
    "spain": "ES",
    "españa": "ES",
    "portugal": "PT",
    "italy": "IT",
    "italia": "IT",
    "netherlands": "NL",
    "the netherlands": "NL",
    "belgium": "BE",
    "switzerland": "CH",
    "schweiz": "CH",
    "austria": "AT",
    "österreich": "AT",
    "sweden": "SE",
    "norway": "NO",
    "denmark": "DK",
    "finland": "FI",
    "iceland": "IS",
    "poland": "PL",
    "polska": "PL",
    "czechia": "CZ",
    "czech republic": "CZ",
    "romania": "RO",
    "hungary": "HU",
    "greece": "GR",
    "ukraine": "UA",
    "estonia": "EE",
    "lithuania": "LT",
    "latvia": "LV",
    "bulgaria": "BG",
    "croatia": "HR",
    "serbia": "RS",
    "turkey": "TR",
    "türkiye": "TR",
    "israel": "IL",
    "united arab emirates": "AE",
    "saudi arabia": "SA",
    "qatar": "QA",
    "egypt": "EG",
    "nigeria": "NG",
    "kenya": "KE",
    "south africa": "ZA",
    "morocco": "MA",
    "ghana": "GH",
    "india": "IN",
    "pakistan": "PK",
    "bangladesh": "BD",
    "sri lanka": "LK",
    "china": "CN",
    "hong kong": "HK",
    "taiwan": "TW",
    "japan": "JP",
    "south korea": "KR",
    "korea": "KR",
    "singapore": "SG",
    "malaysia": "MY",
    "indonesia": "ID",
    "philippines": "PH",
    "vietnam": "VN",
    "viet nam": "VN",
    "thailand": "TH",
    "australia": "AU",
    "new zealand": "NZ",
    "malta": "MT",
    "luxembourg": "LU",
    "cyprus": "CY",
    "slovakia": "SK",
    "slovenia": "SI",
    "armenia": "AM",
    "kazakhstan": "KZ",
    # US states whose names contain a country name: matched whole so they win over it.
    "new mexico": "US",
    "new jersey": "US",
}
# Abbreviations that are words in lower case ("us", "la"): matched only as written. "SF" and
# "LA" are how SimplifyJobs listings write San Francisco and Los Angeles.
_ABBREVIATIONS = {"US": "US", "USA": "US", "UK": "GB", "UAE": "AE", "KSA": "SA", "SF": "US", "LA": "US"}

_US_STATES = {
    "AL",
    "AK",
    "AZ",
    "AR",
    "CA",
    "CO",
    "CT",
    "DE",
    "FL",
    "GA",
    "HI",
    "ID",
    "IL",
    "IN",
    "IA",
    "KS",
    "KY",
    "LA",
    "ME",
    "MD",
    "MA",
    "MI",
    "MN",
    "MS",
    "MO",
    "MT",
    "NE",
    "NV",
    "NH",
    "NJ",
    "NM",
    "NY",
    "NC",
    "ND",
    "OH",
    "OK",
    "OR",
    "PA",
    "RI",
    "SC",
    "SD",
    "TN",
    "TX",
    "UT",
    "VT",
    "VA",
    "WA",
    "WV",
    "WI",
    "WY",
    "DC",
}
_CA_PROVINCES = {"AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"}
_REGIONS: dict[str, str] = {
    **{
        name: "US"
        for name in (
            "alabama",
            "alaska",
            "arizona",
            "arkansas",
            "california",
            "colorado",
            "connecticut",
            "delaware",
            "florida",
            "hawaii",
            "idaho",
            "illinois",
            "indiana",
            "iowa",
            "kansas",
            "kentucky",
            "louisiana",
            "maine",
            "maryland",
            "massachusetts",
            "michigan",
            "minnesota",
            "mississippi",
            "missouri",
            "montana",
            "nebraska",
            "nevada",
            "new hampshire",
            "new york",
            "north carolina",
            "north dakota",
            "ohio",
            "oklahoma",
            "oregon",
            "pennsylvania",
            "rhode island",
            "south carolina",
            "south dakota",
            "tennessee",
            "texas",
            "utah",
            "vermont",
            "virginia",
            "washington",
            "west virginia",
            "wisconsin",
            "wyoming",
            "district of columbia",
        )
    },
    **{
        name: "CA"
        for name in (
            "alberta",
            "british columbia",
            "manitoba",
            "new brunswick",
            "newfoundland",
            "nova scotia",
            "ontario",
            "quebec",
            "québec",
            "saskatchewan",
        )
    },
}
# Big cities whose name is not also a well-known city elsewhere.
CITIES: dict[str, str] = {
    **{
        c: "DE"
        for c in (
            "berlin",
            "munich",
            "münchen",
            "hamburg",
            "frankfurt",
            "cologne",
            "köln",
            "stuttgart",
            "düsseldorf",
            "leipzig",
            "dresden",
            "nuremberg",
            "nürnberg",
        )
    },
    **{c: "GB" for c in ("london", "manchester", "edinburgh", "glasgow", "bristol", "leeds")},
    **{c: "FR" for c in ("paris", "lyon", "marseille", "toulouse")},
    **{c: "NL" for c in ("amsterdam", "rotterdam", "utrecht", "eindhoven", "the hague")},
    **{c: "ES" for c in ("madrid", "barcelona", "valencia", "seville", "sevilla")},
    **{
        c: "US"
        for c in (
            "new york city",
            "nyc",
            "san francisco",
            "seattle",
            "los angeles",
            "chicago",
            "boston",
            "silicon valley",
            "bay area",
            "sf bay area",
        )
    },
    "dublin": "IE",
    "lisbon": "PT",
    "lisboa": "PT",
    "porto": "PT",
    "milan": "IT",
    "milano": "IT",
    "rome": "IT",
    "vienna": "AT",
    "wien": "AT",
    "zurich": "CH",
    "zürich": "CH",
    "geneva": "CH",
    "stockholm": "SE",
    "copenhagen": "DK",
    "oslo": "NO",
    "helsinki": "FI",
    "warsaw": "PL",
    "kraków": "PL",
    "krakow": "PL",
    "wrocław": "PL",
    "wroclaw": "PL",
    "prague": "CZ",
    "budapest": "HU",
    "bucharest": "RO",
    "tallinn": "EE",
    "vilnius": "LT",
    "riga": "LV",
    "sofia": "BG",
    "athens": "GR",
    "kyiv": "UA",
    "istanbul": "TR",
    "tel aviv": "IL",
    "dubai": "AE",
    "abu dhabi": "AE",
    "toronto": "CA",
    "vancouver": "CA",
    "montreal": "CA",
    "montréal": "CA",
    "ottawa": "CA",
    "calgary": "CA",
    "mexico city": "MX",
    "são paulo": "BR",
    "sao paulo": "BR",
    "buenos aires": "AR",
    "bogotá": "CO",
    "bogota": "CO",
    "santiago de chile": "CL",
    "bangalore": "IN",
    "bengaluru": "IN",
    "hyderabad": "IN",
    "pune": "IN",
    "mumbai": "IN",
    "chennai": "IN",
    "new delhi": "IN",
    "gurgaon": "IN",
    "gurugram": "IN",
    "noida": "IN",
    "tokyo": "JP",
    "osaka": "JP",
    "seoul": "KR",
    "beijing": "CN",
    "shanghai": "CN",
    "shenzhen": "CN",
    "taipei": "TW",
    "jakarta": "ID",
    "manila": "PH",
    "kuala lumpur": "MY",
    "bangkok": "TH",
    "ho chi minh city": "VN",
    "hanoi": "VN",
    "sydney": "AU",
    "melbourne": "AU",
    "brisbane": "AU",
    "auckland": "NZ",
    "cape town": "ZA",
    "johannesburg": "ZA",
    "lagos": "NG",
    "nairobi": "KE",
    "cairo": "EG",
    "karachi": "PK",
    "lahore": "PK",
}
_STATE_CODE = re.compile(r"(?:,|\b-)\s*([A-Z]{2})\b(?!\.\w)")
_PARTS = re.compile(r"\s*(?:;|\||/|\n|\bor\b)\s*")


def _alternation(names) -> re.Pattern:
    """Any of `names` as a whole word (the longest that fits at a place), case ignored. Written as a
    trie ("new (?:york|delhi)"): a flat alternation of hundreds of names is tried name by name at
    every character of the text, most of a location's cost."""
    return re.compile(rf"(?<![\w.])({_trie(sorted({n.lower() for n in names}))})(?!\w)", re.I)


def _trie(names: list[str]) -> str:
    """A pattern matching exactly `names` (sorted), longer continuations tried before a name ends."""
    branches: dict[str, list[str]] = {}
    ends_here = False
    for name in names:
        if name:
            branches.setdefault(name[0], []).append(name[1:])
        else:
            ends_here = True
    parts = [re.escape(first) + _trie(rest) for first, rest in branches.items()]
    if not parts:
        return ""
    body = parts[0] if len(parts) == 1 else f"(?:{'|'.join(parts)})"
    if ends_here:
        return f"(?:{body})?"  # greedy: the longer name first, this one if the rest does not fit
    return body


@cache
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    codes = re.compile(r"(?<![\w.])(" + "|".join(_ABBREVIATIONS) + r")(?![\w])")
    return _alternation(COUNTRIES), codes, _alternation(_REGIONS), _alternation(CITIES)


def _codes_in(part: str) -> set[str]:
    countries, codes, regions, cities = _patterns()
    found = {COUNTRIES[m.group(1).lower()] for m in countries.finditer(part)}
    found |= {_ABBREVIATIONS[m.group(1)] for m in codes.finditer(part)}
    if found:
        return found
    found = {_REGIONS[m.group(1).lower()] for m in regions.finditer(part)}
    for match in _STATE_CODE.finditer(part):
        code = match.group(1)
        if code in _US_STATES:
            found.add("US")
        elif code in _CA_PROVINCES:
            found.add("CA")
    found |= {CITIES[m.group(1).lower()] for m in cities.finditer(part)}
    return found


def country_from_location(text) -> str | None:
    """One ISO code when every clue in the text points at the same single country."""
    if not isinstance(text, str) or not text.strip():
        return None
    return _country_of_text(text)


@lru_cache(maxsize=8192)  # a feed repeats its locations ("New York, NY" hundreds of times)
def _country_of_text(text: str) -> str | None:
    found: set[str] = set()
    for part in _PARTS.split(text):
        found |= _codes_in(part)
    return found.pop() if len(found) == 1 else None


def country_from_locations(*texts) -> str | None:
    """The one country several location strings agree on, else None."""
    found = {country_from_location(t) for t in texts if isinstance(t, str) and t.strip()}
    return found.pop() if len(found) == 1 and None not in found else None


def country_code(value) -> str | None:
    """A structured country field: a two-letter code ("us", "DE", "UK") upper-cased, else a name lookup."""
    if not isinstance(value, str):
        return None
    stripped = value.strip()
    if re.fullmatch(r"[A-Za-z]{2}", stripped):
        code = stripped.upper()
        return "GB" if code == "UK" else code
    return country_from_location(stripped)
