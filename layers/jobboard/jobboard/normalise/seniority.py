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

# A level numeral follows the role it grades: "Software Engineer I" (entry), "SDE 2", "Data
# Scientist III"; L-levels ("L3" entry ... "L7" senior staff) stand alone, but "L2 Support" is a
# support tier, not a level.
_ROLE = (
    r"(?:engineer|developer|dev|sde|swe|analyst|scientist|designer|programmer|architect|administrator|admin|"
    r"technologist|specialist|consultant|researcher|associate|technician|tester|test|representative|level)"
)


_TIER = r"(?! support| helpdesk| help desk| service desk| technical support)"  # "L2 Support", "Level 3 Support"


def _numeral(numerals: str) -> str:
    return rf"{_ROLE} (?:{numerals}){_TIER}"


def _l_level(digits: str) -> str:
    return rf"l[{digits}]{_TIER}"


# Title words, strongest first: "Senior Staff Engineer" is staff, "Lead Senior Engineer" is lead.
_TITLE_RULES = (
    (EXECUTIVE, r"chief \w+ officer|cto|ceo|cio|ciso|vp|vice president"),
    (DIRECTOR, r"director|head of"),
    (PRINCIPAL, rf"principal|distinguished|fellow|{_l_level('78')}"),
    (STAFF, rf"staff|{_numeral('v|5')}|{_l_level('6')}"),
    (LEAD, r"lead"),
    # "Product Manager" names a role, not a level: only people managers count.
    (MANAGER, r"(?:engineering|development|software|team|people) manager|manager of|management"),
    (INTERN, r"intern|internship|co op|coop|werkstudent|praktikum|apprentice"),
    (SENIOR, rf"senior|sr|snr|iii|iv|{_numeral('3|4')}|{_l_level('5')}"),
    (JUNIOR, rf"junior|jr|entry level|new grad|new graduate|graduate|early career|{_numeral('i|1|0')}|{_l_level('3')}"),
    (MID, rf"mid level|mid|intermediate|ii|{_numeral('2')}|{_l_level('4')}"),
)
_WORDS = re.compile(r"[^\W_]+")
# One pass over a title finds every level word; the strongest rule among them decides.
_TITLE_PATTERN = re.compile(
    "|".join(rf"(?P<r{rank}>(?<![\w])(?:{words})(?![\w]))" for rank, (_, words) in enumerate(_TITLE_RULES))
)


def _key(label: str) -> str:
    return " ".join(_WORDS.findall(label.lower()))


@lru_cache(maxsize=8192)  # a feed repeats its titles ("Software Engineer Intern" hundreds of times)
def from_title(title: str) -> str | None:
    """The level a job title names, or None ("Software Engineer" names none)."""
    spaced = " ".join(_WORDS.findall(title.lower()))
    # Every level word is found in one pass (words do not overlap); the strongest rule decides.
    ranks = [int(m.lastgroup[1:]) for m in _TITLE_PATTERN.finditer(spaced) if m.lastgroup]
    return _TITLE_RULES[min(ranks)][0] if ranks else None


def seniority(title: str, *labels) -> str | None:
    """One of LEVELS from the source's level labels, else from the title, else None."""
    named = from_title(title) if isinstance(title, str) else None
    for label in labels:
        level = _LABELS.get(_key(label)) if isinstance(label, str) else None
        if level:
            return named if named in _WITHIN.get(level, ()) else level
    return named
