"""Seniority: a source's own level field first ("Senior Level", "Mid-Senior level"), then the title.

One vocabulary for every source, so a board can filter on it (`seniority: [senior, staff]`).
"""

from __future__ import annotations

import re
from functools import lru_cache

INTERN, JUNIOR, MID, SENIOR = "intern", "junior", "mid", "senior"
LEAD, STAFF, PRINCIPAL = "lead", "staff", "principal"
MANAGER, DIRECTOR, EXECUTIVE = "manager", "director", "executive"
LEVELS = (INTERN, JUNIOR, MID, SENIOR, LEAD, STAFF, PRINCIPAL, MANAGER, DIRECTOR, EXECUTIVE)

# Source labels (The Muse, SmartRecruiters, Himalayas, Jobicy, Workable, Recruitee), lower-cased,
# '-' and '_' as spaces.
_LABELS = {
    "internship": INTERN,
    "intern": INTERN,
    "student": INTERN,
    "entry level": JUNIOR,
    "entry": JUNIOR,
    "junior": JUNIOR,
    "associate": JUNIOR,
    "graduate": JUNIOR,
    "mid level": MID,
    "mid": MID,
    "midweight": MID,
    "intermediate": MID,
    "senior level": SENIOR,
    "senior": SENIOR,
    "lead": LEAD,
    "staff": STAFF,
    "principal": PRINCIPAL,
    "management": MANAGER,
    "manager": MANAGER,
    "director": DIRECTOR,
    "executive": EXECUTIVE,
    "c level": EXECUTIVE,
}
# Labels too broad to say anything ("Mid-Senior level" covers most experienced hires; Recruitee's
# "experienced" likewise) are not in the table: the title decides for them.
# A source's "senior" band is made precise by the title: The Muse's "Senior Level" Staff Engineer is staff.
_WITHIN = {SENIOR: {LEAD, STAFF, PRINCIPAL}}

# Title words, strongest first: "Senior Staff Engineer" is staff, "Lead Senior Engineer" is lead.
# "Product Manager" names a role, not a level: only people managers count.
_TITLE_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (EXECUTIVE, ("chief * officer", "cto", "ceo", "cio", "ciso", "cpo", "coo", "cfo", "vp", "svp", "evp",
                 "vice president")),
    (DIRECTOR, ("director", "head of")),
    (PRINCIPAL, ("principal", "distinguished", "fellow")),
    (STAFF, ("staff",)),
    (LEAD, ("lead", "leader")),
    (MANAGER, ("engineering manager", "development manager", "software manager", "team manager",
               "people manager", "manager of", "management", "manager engineering", "manager software")),
    (INTERN, ("intern", "internship", "co op", "coop", "werkstudent", "praktikum", "apprentice", "working student",
              "student researcher", "student developer", "student engineer", "student assistant")),
    (SENIOR, ("senior", "sr", "snr", "iii", "iv")),
    # "Associate Software Engineer" is an entry-level title; "Associate Director" is a director (stronger)
    (JUNIOR, ("junior", "jr", "entry level", "new grad", "new graduate", "graduate", "grad", "early career",
              "trainee", "associate software", "associate engineer", "associate developer", "associate data",
              "associate product", "associate machine", "associate ml", "associate frontend", "associate backend",
              "associate web", "associate qa", "associate cloud", "associate devops", "associate security",
              "associate solutions", "associate systems")),
    (MID, ("mid level", "mid", "intermediate", "medior", "ii")),
)  # fmt: skip
_RANK = {level: rank for rank, (level, _) in enumerate(_TITLE_RULES)}
_PHRASES: dict[tuple[str, ...], int] = {
    tuple(phrase.split()): _RANK[level] for level, phrases in _TITLE_RULES for phrase in phrases
}
# A level numeral follows the role it grades: "Software Engineer I" (entry), "SDE 2", "Data
# Scientist III"; L-levels ("L3" entry ... "L7" senior staff) stand alone. "L2 Support" and
# "Level 3 Support" are support tiers, not levels.
_ROLES = frozenset(
    "engineer developer dev sde swe analyst scientist designer programmer architect administrator admin "
    "technologist specialist consultant researcher associate technician tester test representative level".split()
)
_NUMERALS = {
    **dict.fromkeys(("i", "1", "0"), _RANK[JUNIOR]),
    "2": _RANK[MID],
    **dict.fromkeys(("3", "4"), _RANK[SENIOR]),
    **dict.fromkeys(("v", "5"), _RANK[STAFF]),
}
_L_LEVELS = {
    "l3": _RANK[JUNIOR],
    "l4": _RANK[MID],
    "l5": _RANK[SENIOR],
    "l6": _RANK[STAFF],
    "l7": _RANK[PRINCIPAL],
    "l8": _RANK[PRINCIPAL],
}
_TIERS = {("support",), ("helpdesk",), ("help", "desk"), ("service", "desk"), ("technical", "support")}
_WORDS = re.compile(r"[^\W_]+")


def _tier_at(words: list[str], at: int) -> bool:
    return tuple(words[at : at + 1]) in _TIERS or tuple(words[at : at + 2]) in _TIERS


def _key(label: str) -> str:
    return " ".join(_WORDS.findall(label.lower()))


@lru_cache(maxsize=8192)  # a feed repeats its titles ("Software Engineer Intern" hundreds of times)
def from_title(title: str) -> str | None:
    """The level a job title names, or None ("Software Engineer" names none)."""
    words = _WORDS.findall(title.lower())
    best = len(_TITLE_RULES)
    for at, word in enumerate(words):
        following = words[at + 1] if at + 1 < len(words) else ""
        for rank in (
            _PHRASES.get((word,)),
            _PHRASES.get((word, following)),
            _PHRASES.get((word, "*", words[at + 2])) if at + 2 < len(words) else None,
            _NUMERALS.get(following) if word in _ROLES and not _tier_at(words, at + 2) else None,
            _L_LEVELS.get(word) if not _tier_at(words, at + 1) else None,
        ):
            if rank is not None and rank < best:
                best = rank
    return _TITLE_RULES[best][0] if best < len(_TITLE_RULES) else None


def seniority(title: str, *labels) -> str | None:
    """One of LEVELS from the source's level labels, else from the title, else None."""
    named = from_title(title) if isinstance(title, str) else None
    for label in labels:
        level = _LABELS.get(_key(label)) if isinstance(label, str) else None
        if level:
            return named if named in _WITHIN.get(level, ()) else level
    return named
