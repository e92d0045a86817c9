"""Skills from title, tags and description against a curated vocabulary with aliases."""

from __future__ import annotations

import re
from functools import cache

# canonical skill -> aliases (lowercase); matching respects word boundaries.
VOCABULARY: dict[str, tuple[str, ...]] = {
    "python": ("python",),
    "java": ("java",),
    "javascript": ("javascript", "js", "ecmascript"),
    "typescript": ("typescript", "ts"),
    "nodejs": ("node.js", "nodejs", "node"),
    "go": ("golang", "go"),
    "rust": ("rust",),
    "ruby": ("ruby",),
    "rails": ("rails", "ruby on rails"),
    "php": ("php",),
    "c#": ("c#", "csharp"),
    ".net": (".net", "dotnet", "asp.net"),
    "c++": ("c++", "cpp"),
    "kotlin": ("kotlin",),
    "scala": ("scala",),
    "elixir": ("elixir",),
    "django": ("django",),
    "flask": ("flask",),
    "fastapi": ("fastapi",),
    "spring": ("spring", "spring boot", "springboot"),
    "react": ("react", "react.js", "reactjs"),
    "vue": ("vue", "vue.js", "vuejs"),
    "angular": ("angular",),
    "postgresql": ("postgresql", "postgres", "psql"),
    "mysql": ("mysql",),
    "mongodb": ("mongodb", "mongo"),
    "redis": ("redis",),
    "kafka": ("kafka",),
    "elasticsearch": ("elasticsearch", "elastic search"),
    "graphql": ("graphql",),
    "rest": ("rest", "restful", "rest api"),
    "grpc": ("grpc",),
    "sql": ("sql",),
    "nosql": ("nosql",),
    "aws": ("aws", "amazon web services"),
    "gcp": ("gcp", "google cloud"),
    "azure": ("azure",),
    "docker": ("docker",),
    "kubernetes": ("kubernetes", "k8s"),
    "terraform": ("terraform",),
    "linux": ("linux",),
    "microservices": ("microservices", "microservice"),
    "machine learning": ("machine learning", "ml"),
    "llm": ("llm", "llms"),
    "api": ("api", "apis"),
}


@cache
def _pattern() -> re.Pattern:
    alias_to_skill = {alias: skill for skill, aliases in VOCABULARY.items() for alias in aliases}
    # Longest alias first so "ruby on rails" wins over "ruby"; lookarounds act as word
    # boundaries that also work for aliases starting or ending with '.', '#' or '+'.
    alternation = "|".join(re.escape(a) for a in sorted(alias_to_skill, key=len, reverse=True))
    return re.compile(rf"(?<![\w.#+-])({alternation})(?![\w#+]|\.\w)", re.I)


@cache
def _alias_map() -> dict[str, str]:
    return {alias: skill for skill, aliases in VOCABULARY.items() for alias in aliases}


def extract_skills(*texts) -> tuple[str, ...]:
    """Canonical skills found in the texts, in vocabulary order, each once."""
    found: set[str] = set()
    alias_map = _alias_map()
    for text in texts:
        if isinstance(text, str) and text:
            for match in _pattern().finditer(text):
                found.add(alias_map[match.group(1).lower()])
    return tuple(skill for skill in VOCABULARY if skill in found)
