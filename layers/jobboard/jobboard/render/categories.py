"""The category a posting is listed under: from its title's words first, then its skills, then
the general words of a software title ("Software Engineer Intern" is software engineering)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from jobboard.model import Posting

BACKEND, FRONTEND, FULL_STACK = "Backend", "Frontend", "Full stack"
DEVOPS, DATA, MOBILE, OTHER = "DevOps/SRE", "Data/ML", "Mobile", "Other"
SOFTWARE, EMBEDDED, SECURITY = "Software engineering", "Embedded/Hardware", "Security"
QUANT, PRODUCT = "Quant/Trading", "Product"
CATEGORIES = (
    BACKEND,
    FRONTEND,
    FULL_STACK,
    DEVOPS,
    DATA,
    MOBILE,
    EMBEDDED,
    SECURITY,
    QUANT,
    SOFTWARE,
    PRODUCT,
    OTHER,
)  # section order

# Checked in order, whole words only: a title naming the role outright ("Backend Engineer,
# Data Platform") wins over the domain words that follow it.
_TITLE_WORDS = (
    (FULL_STACK, ("full stack", "fullstack")),
    (FRONTEND, ("front end", "frontend", "ui engineer", "ui developer", "web designer")),
    (BACKEND, ("back end", "backend", "server side", "api engineer", "api developer")),
    (MOBILE, ("mobile", "ios", "android", "react native", "flutter")),
    (
        DEVOPS,
        (
            "devops",
            "dev ops",
            "devsecops",
            "sre",
            "site reliability",
            "reliability",
            "infrastructure",
            "platform engineer",
            "cloud engineer",
            "systems engineer",
        ),
    ),
    (
        DATA,
        (
            "data",
            "machine learning",
            "ml",
            "ai",
            "deep learning",
            "llm",
            "nlp",
            "computer vision",
            "analytics",
            "scientist",
            "business intelligence",
        ),
    ),
    (
        EMBEDDED,
        (
            "embedded",
            "firmware",
            "hardware",
            "fpga",
            "asic",
            "electrical",
            "silicon",
            "robotics",
            "chip design",
            "verification engineer",
            "rtl",
        ),
    ),
    (SECURITY, ("security", "cybersecurity", "cyber", "penetration", "appsec")),
    (QUANT, ("quantitative", "quant", "quants", "trading", "trader", "algorithmic")),
)
# Checked after the skills: words of a general software role, which a skill can make more precise.
_GENERAL_WORDS = (
    (
        SOFTWARE,
        (
            "software",
            "developer",
            "development engineer",
            "programmer",
            "swe",
            "sde",
            "coder",
            "web",
            "application engineer",
            "applications engineer",
            "engineering",
            "technology",
            "tech",
            "it",
            "sw",
            "computer science",
            "test engineer",
            "qa",
            "quality assurance",
            "automation",
            "network engineer",
            "compiler",
            "algorithm",
            "algorithms",
            "information systems",
        ),
    ),
    (PRODUCT, ("product manager", "product management", "program manager", "product owner", "product")),
)
_WORD = re.compile(r"[^\W_]+")
# ASCII text's bytes with every separator (what _WORD does not take) made a space: split() then finds
# _WORD's words at a quarter of its cost (a bytes table, not a Unicode class test per character).
_ASCII_SEPARATORS = bytes(byte if chr(byte).isalnum() else ord(" ") for byte in range(128)) + b" " * 128


def _phrases(title: str) -> list[str]:
    """The title's words, lower-cased, then each pair of adjacent words that may be a two-word phrase:
    ["front", "end", "developer", "front end"] for "Front-End Developer"."""
    lowered = title.lower()
    if lowered.isascii():
        words = lowered.encode("ascii").translate(_ASCII_SEPARATORS).decode("ascii").split()
    else:
        words = _WORD.findall(lowered)
    return words + [f"{first} {second}" for first, second in zip(words, words[1:]) if first in _PAIR_STARTS]


def _matcher(rules):
    """The category of the first rule with a phrase among a title's _phrases.

    Every phrase is one or two words, and no phrase overlaps one of another category (tests hold the
    rules to both): so every phrase found counts, as if matched on word boundaries left to right.
    """
    rank = {phrase: i for i, (_, phrases) in enumerate(rules) for phrase in phrases}

    def category(title_phrases: list[str]) -> str | None:
        found = [rank[phrase] for phrase in title_phrases if phrase in rank]
        return rules[min(found)][0] if found else None

    return category


_by_title, _by_general_title = _matcher(_TITLE_WORDS), _matcher(_GENERAL_WORDS)
_PAIR_STARTS = frozenset(
    phrase.split()[0]
    for rules in (_TITLE_WORDS, _GENERAL_WORDS)
    for _, phrases in rules
    for phrase in phrases
    if " " in phrase
)
_FRONTEND_SKILLS = frozenset({"react", "vue", "angular"})
_BACKEND_SKILLS = frozenset(
    {
        "python",
        "java",
        "go",
        "rust",
        "ruby",
        "rails",
        "php",
        "c#",
        ".net",
        "kotlin",
        "scala",
        "elixir",
        "django",
        "flask",
        "fastapi",
        "spring",
        "nodejs",
        "postgresql",
        "mysql",
        "kafka",
        "grpc",
    }
)
_DEVOPS_SKILLS = frozenset({"kubernetes", "terraform", "docker"})
_DATA_SKILLS = frozenset({"machine learning", "llm"})


def category_of(posting: Posting) -> str:
    """One of CATEGORIES."""
    return _category(posting.title, posting.skills)


def categories_of(postings: Iterable[Posting]) -> list[str]:
    """category_of each posting, each title and skills worked out once (titles repeat down a board)."""
    known: dict[tuple[str, tuple[str, ...]], str] = {}
    found = []
    for posting in postings:
        asked = (posting.title, posting.skills)
        category = known.get(asked)
        if category is None:
            category = known[asked] = _category(*asked)
        found.append(category)
    return found


def _category(title: str, posting_skills: tuple[str, ...]) -> str:
    phrases = _phrases(title)
    category = _by_title(phrases)
    if category:
        return category
    skills = set(posting_skills)
    if skills & _FRONTEND_SKILLS:
        return FULL_STACK if skills & _BACKEND_SKILLS else FRONTEND
    if skills & _DATA_SKILLS:
        return DATA
    if skills & _DEVOPS_SKILLS:
        return DEVOPS
    if skills & _BACKEND_SKILLS:
        return BACKEND
    return _by_general_title(phrases) or OTHER
