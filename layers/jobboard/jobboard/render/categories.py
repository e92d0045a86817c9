"""The category a posting is listed under: from its title's words first, then its skills."""

from __future__ import annotations

import re

from jobboard.model import Posting

BACKEND, FRONTEND, FULL_STACK = "Backend", "Frontend", "Full stack"
DEVOPS, DATA, MOBILE, OTHER = "DevOps/SRE", "Data/ML", "Mobile", "Other"
CATEGORIES = (BACKEND, FRONTEND, FULL_STACK, DEVOPS, DATA, MOBILE, OTHER)  # section order

# Checked in order, whole words only: a title naming the role outright ("Backend Engineer,
# Data Platform") wins over the domain words that follow it.
_TITLE_WORDS = (
    (FULL_STACK, ("full stack", "fullstack")),
    (FRONTEND, ("front end", "frontend", "ui engineer", "ui developer", "web designer")),
    (BACKEND, ("back end", "backend", "server side", "api engineer", "api developer")),
    (MOBILE, ("mobile", "ios", "android", "react native", "flutter")),
    (DEVOPS, ("devops", "devsecops", "sre", "site reliability", "reliability", "infrastructure",
              "platform engineer", "cloud engineer", "systems engineer")),
    (DATA, ("data", "machine learning", "ml", "ai", "deep learning", "llm", "nlp", "computer vision", "analytics",
            "scientist")),
)
_WORD = re.compile(r"[^\W_]+")
_RANK = {phrase: rank for rank, (_, phrases) in enumerate(_TITLE_WORDS) for phrase in phrases}
_PHRASES = re.compile(rf"(?<= )(?:{'|'.join(sorted(map(re.escape, _RANK), key=len, reverse=True))})(?= )")
_FRONTEND_SKILLS = frozenset({"react", "vue", "angular"})
_BACKEND_SKILLS = frozenset({"python", "java", "go", "rust", "ruby", "rails", "php", "c#", ".net", "kotlin", "scala",
                             "elixir", "django", "flask", "fastapi", "spring", "nodejs", "postgresql", "mysql",
                             "kafka", "grpc"})
_DEVOPS_SKILLS = frozenset({"kubernetes", "terraform", "docker"})
_DATA_SKILLS = frozenset({"machine learning", "llm"})


def category_of(posting: Posting) -> str:
    """One of CATEGORIES."""
    # " front end developer " for "Front-End Developer": phrases match on word boundaries.
    found = _PHRASES.findall(f" {' '.join(_WORD.findall(posting.title.lower()))} ")
    if found:
        return _TITLE_WORDS[min(_RANK[phrase] for phrase in found)][0]
    skills = set(posting.skills)
    if skills & _FRONTEND_SKILLS:
        return FULL_STACK if skills & _BACKEND_SKILLS else FRONTEND
    if skills & _DATA_SKILLS:
        return DATA
    if skills & _DEVOPS_SKILLS:
        return DEVOPS
    if skills & _BACKEND_SKILLS:
        return BACKEND
    return OTHER
