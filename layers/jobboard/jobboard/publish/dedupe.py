"""One row per job: the same job from several sources (or links) is shown once.

Two postings are the same job when
- any of their links identify the same job: the page itself (tracking parameters aside) or, for an
  ATS link, the ATS job (normalise.urls.job_identity: Greenhouse's job id on any of its hosts or
  behind ?gh_jid=, Lever and Ashby posting ids, ...). An aggregator's apply link takes part: the
  employer's ATS job it points to is the job the ATS source lists itself;
- or, from two sources, they name the same company (its legal form aside: "Acme GmbH" is Acme),
  title (its words in any order, "Sr."/"Senior", "Back-end"/"Backend", gender markers and work
  modes aside) and terms, were posted within SAME_JOB_WITHIN of each other and their places
  overlap: the same city ("New York, NY", "NYC"), one place inside the other ("Berlin" and
  "Berlin, Germany"), or, both remote, regions that meet ("Remote, Europe" and "Remote (EU)";
  "Worldwide" meets any; a continent its countries, but "USA" is not "Canada").

Inside one source, two ids with two URLs are two openings (real lists post one title twice for
two requisitions), and the same title in another city or for another season is always another
opening. An aggregator's apply link that is no ATS job (a company's careers page) identifies no
job by itself: it matches only a posting whose own page it is.
"""

from __future__ import annotations

import re
from datetime import timedelta
from functools import cache
from typing import NamedTuple

from jobboard.model import Posting, WorkMode
from jobboard.normalise.location import COUNTRIES, country_from_location
from jobboard.normalise.urls import canonical_url, job_identity

# Two postings of one company, title and place this close together are one job posted twice.
SAME_JOB_WITHIN = timedelta(days=7)


def dedupe(postings: list[Posting]) -> list[Posting]:
    """The postings a board shows, in the given order: of each job, the first one listed."""
    pages: set[str] = set()  # the pages kept postings show (canonical URLs)
    jobs: dict[str, str] = {}  # ATS job -> the one source listing it, or "" once several do
    kept: dict[tuple, list[Posting]] = {}
    unique = []
    key_of = _OpeningKeys()
    # Only a company that more than one source lists can have one job posted twice by two sources:
    # the others' postings need no opening key (most of a board; all of a one-source board).
    sources_of: dict[str, set[str]] = {}
    companies: list[str] = []  # each posting's company key, when there are several sources
    if len({posting.source for posting in postings}) > 1:
        companies = [key_of.company(posting.company) for posting in postings]
        for posting, company in zip(postings, companies):
            sources_of.setdefault(company, set()).add(posting.source)
    # An ATS job counts only between sources: one source's pages are told apart by their URLs alone.
    identify = job_identity if sources_of else _page
    for index, posting in enumerate(postings):
        source = posting.source
        page, job = identify(posting.url)
        # One source's two listings of one ATS job on two pages are two openings, as that source says.
        same_job = page in pages or (job is not None and jobs.get(job, source) != source)
        applied_job = None
        if posting.apply_url:
            applied, applied_job = identify(posting.apply_url)
            same_job = (
                same_job or applied in pages or (applied_job is not None and jobs.get(applied_job, source) != source)
            )
        if not same_job and sources_of and len(sources_of[company := companies[index]]) > 1:
            same_opening = kept.setdefault((company, *key_of(posting)), [])
            same_job = any(
                other.source != source
                and abs(posting.posted_at - other.posted_at) <= SAME_JOB_WITHIN
                and _overlap(key_of.places(posting), key_of.places(other))
                for other in same_opening
            )
            if not same_job:
                same_opening.append(posting)
        # A duplicate's links are remembered too: a third listing may link only this one's page.
        pages.add(page)
        if job is not None:
            jobs[job] = source if jobs.get(job, source) == source else ""
        if applied_job is not None:
            jobs[applied_job] = source if jobs.get(applied_job, source) == source else ""
        if not same_job:
            unique.append(posting)
    return unique


def _page(url: str) -> tuple[str, None]:
    return canonical_url(url), None


# Words a place is written with that name no place.
_MODE_WORDS = frozenset(
    "remote remotely hybrid onsite on site office in days day per week only based first friendly or and "
    "the of fully full time flexible work from home wfh".split()
)
_WORLD = frozenset({"worldwide", "anywhere", "global", "globally", "world", "international", "earth"})
_CONTINENT_WORDS = {
    "europe": "EU",
    "eu": "EU",
    "emea": "EU",
    "european": "EU",
    "eea": "EU",
    "americas": "AM",
    "america": "AM",
    "latam": "AM",
    "apac": "APAC",
    "asia": "APAC",
    "africa": "AF",
    "oceania": "APAC",
}
_CONTINENT_OF = {
    **dict.fromkeys(
        "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE GB NO CH IS UA RS "
        "AL BA ME MK MD BY LI MC AD SM".split(),
        "EU",
    ),
    **dict.fromkeys("US CA MX BR AR CL CO PE UY CR PA EC VE BO PY GT DO".split(), "AM"),
    **dict.fromkeys("IN CN JP KR SG HK TW PH VN TH MY ID AU NZ PK BD LK".split(), "APAC"),
    **dict.fromkeys("ZA NG KE EG MA GH TN".split(), "AF"),
}
_PLACE_PARTS = re.compile(r"\s*(?:;|\bor\b|\s/\s|\|)\s*", re.I)
_REMOTE_WORDS = frozenset({"remote", "remotely", "anywhere", "worldwide", "wfh", "distributed"})


class _Place(NamedTuple):
    """One place of a posting: an office (its words, and those of its city: what comes before the
    first comma or dash), or a remote region: the countries and the continents ("*": anywhere) it admits."""

    remote: bool
    words: frozenset[str]
    countries: frozenset[str] = frozenset()
    continents: frozenset[str] = frozenset()
    city: frozenset[str] = frozenset()


def _overlap(ours: tuple[_Place, ...], theirs: tuple[_Place, ...]) -> bool:
    """Whether two postings' places have one in common; a posting that names none meets any."""
    if not ours or not theirs:
        return True
    return any(_meet(a, b) for a in ours for b in theirs)


def _meet(a: _Place, b: _Place) -> bool:
    if a.remote and b.remote:
        if "*" in a.continents or "*" in b.continents or a.countries & b.countries or a.continents & b.continents:
            return True
        # A continent admits its countries ("Remote (EU)" and "Remote - Germany"); two countries of
        # one continent are two regions ("USA only" and "Canada only").
        return bool(a.continents & _continents(b.countries) or b.continents & _continents(a.countries))
    if a.remote != b.remote:
        return False
    # Two offices: the same city ("New York, NY" and "NYC, USA"), or one place inside the other
    # ("Berlin" and "Berlin, Germany").
    if a.city and a.city == b.city:
        return True
    return bool(a.words) and bool(b.words) and (a.words <= b.words or b.words <= a.words)


def _continents(countries: frozenset[str]) -> set[str]:
    return {_CONTINENT_OF[country] for country in countries if country in _CONTINENT_OF}


def _place(text: str, remote_job: bool) -> _Place:
    words = frozenset(_place_words(text))
    if not remote_job and not words & _REMOTE_WORDS:
        city_words = _place_words(_CITY_END.split(text, 1)[0])
        if len(city_words) > 1 and city_words[-1] == "city":  # "New York City" is New York
            city_words.pop()
        city = frozenset(city_words) - _MODE_WORDS
        return _Place(False, words - _MODE_WORDS, city=city)
    continents = {_CONTINENT_WORDS[word] for word in words if word in _CONTINENT_WORDS}
    if words & _WORLD:
        continents.add("*")
    countries: set[str] = set()
    if "north" in words and "america" in words:
        continents.discard("AM")
        countries.update(("US", "CA"))
    country = country_from_location(text)
    if country:
        countries.add(country)
    if not countries and not continents:
        continents.add("*")  # "Remote" alone: from anywhere
    return _Place(True, words - _MODE_WORDS, frozenset(countries), frozenset(continents))


_CITY_END = re.compile(r",|\s[-–—]\s|\(")
# Names a city goes by ("NYC", "München"), as the words of its usual name.
_CITY_NAMES = {
    "nyc": ("new", "york"),
    "sf": ("san", "francisco"),
    "la": ("los", "angeles"),
    "münchen": ("munich",),
    "muenchen": ("munich",),
    "köln": ("cologne",),
    "koeln": ("cologne",),
    "wien": ("vienna",),
    "zürich": ("zurich",),
    "bengaluru": ("bangalore",),
    "gurugram": ("gurgaon",),
    "lisboa": ("lisbon",),
    "praha": ("prague",),
    "warszawa": ("warsaw",),
}


def _place_words(text: str) -> list[str]:
    return [word for found in _words(text).split() for word in _CITY_NAMES.get(found, (found,))]


# Words a company's legal form adds to its name ("Acme GmbH", "Acme, Inc.").
_LEGAL_FORMS = frozenset(
    "inc incorporated llc ltd limited gmbh ag corp corporation co company plc sa sas sarl bv nv srl spa ab as oy "
    "pty pvt kg ug se lp llp".split()
)
# Title words said two ways ("Sr.", "Back-end") and words that name no role: gender markers of German
# ads ("(m/w/d)", "(all genders)") and work modes ("Backend Engineer - Remote").
_TITLE_WORDS = {
    "sr": ("senior",),
    "snr": ("senior",),
    "jr": ("junior",),
    "eng": ("engineer",),
    "engr": ("engineer",),
    "dev": ("developer",),
    "mgr": ("manager",),
    "swe": ("software", "engineer"),
    "sre": ("site", "reliability", "engineer"),
    "ml": ("machine", "learning"),
    "fullstack": ("full", "stack"),
    "frontend": ("front", "end"),
    "backend": ("back", "end"),
    **dict.fromkeys("m w d f x h all gender genders remote hybrid onsite".split(), ()),
}


class _OpeningKeys:
    """A posting's title and terms (with its company: its opening), case, spacing and spelling variants
    ignored; and its places.
    Remembers the words of each text seen (one per dedupe call): down a board companies, places and
    terms repeat (thousands of postings, a few hundred companies)."""

    def __init__(self) -> None:
        self._words: dict[str, str] = {}
        self._companies: dict[str, str] = {}
        self._titles: dict[str, str] = {}
        self._places: dict[tuple[str, bool], tuple[_Place, ...]] = {}
        self._terms: dict[tuple[str, ...], tuple[str, ...]] = {}

    def __call__(self, posting: Posting) -> tuple:
        terms = self._terms.get(posting.terms)
        if terms is None:
            terms = self._terms[posting.terms] = tuple(sorted(map(self.words, posting.terms)))
        return (self.title(posting.title), terms)

    def places(self, posting: Posting) -> tuple[_Place, ...]:
        key = (posting.location, posting.work_mode is WorkMode.REMOTE)
        found = self._places.get(key)
        if found is None:
            parts = (part for part in _PLACE_PARTS.split(posting.location) if part.strip())
            places = list(dict.fromkeys(_place(part, key[1]) for part in parts))
            # "Seattle; US" and "San Jose; US" are two cities: a country beside a city only says where it is.
            if any(not p.remote and p.words not in _country_words() for p in places):
                places = [p for p in places if p.remote or p.words not in _country_words()]
            found = self._places[key] = tuple(places)
        return found

    def company(self, text: str) -> str:
        """The company's name without its legal form: "Acme GmbH" and "ACME, Inc." are Acme."""
        found = self._companies.get(text)
        if found is None:
            words = _words(text).split()
            while len(words) > 1 and words[-1] in _LEGAL_FORMS:
                words.pop()
            found = self._companies[text] = " ".join(words)
        return found

    def title(self, text: str) -> str:
        """The title's words, in any order ("Backend Engineer (Senior)" is "Senior Back-end Engineer")."""
        found = self._titles.get(text)
        if found is None:
            words = _WORD.findall(text.casefold())
            if not _TITLE_WORDS.keys().isdisjoint(words):
                words = [word for each in words for word in _TITLE_WORDS.get(each, (each,))]
            words.sort()
            found = self._titles[text] = " ".join(words)
        return found

    def words(self, text: str) -> str:
        found = self._words.get(text)
        if found is None:
            found = self._words[text] = _words(text)
        return found


@cache
def _country_words() -> frozenset[frozenset[str]]:
    """The words of each country's names and abbreviations ({"united", "states"}, {"usa"})."""
    return frozenset(frozenset(_words(name).split()) for name in [*COUNTRIES, "US", "USA", "UK", "UAE"])


def _words(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


_WORD = re.compile(r"[^\W_]+")
