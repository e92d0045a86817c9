"""Skills from title, tags and description against a curated vocabulary with aliases.

Prose is full of short words that are also technology names ("go to market", "the rest
of", "react quickly", "Spring 2026", "TS/SCI clearance"), so each skill says how it may be
recognised in prose:

- `words`: matched case-insensitively with word boundaries ("postgres", "node.js");
- `cased`: matched only as written ("REST", "ML", "Rails", "JS");
- `guarded`: matched only as written *and* followed by a list separator, the end of the
  text, or a technology word ("Go developer", "Python, Go.", "React and Redux"), so
  "Go to market", "Go ahead" and "React quickly" do not count.

Tags are structured, so a whole tag equal to any alias (any case) counts, including the
`tag_only` aliases that are too ambiguous for prose ("ts", "go", "node").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Skill:
    label: str  # display name
    words: tuple[str, ...] = ()
    cased: tuple[str, ...] = ()
    guarded: tuple[str, ...] = ()
    tag_only: tuple[str, ...] = ()


# canonical id -> how it is recognised; the ids are stable (stored and counted on boards).
VOCABULARY: dict[str, Skill] = {
    "python": Skill("Python", ("python", "python3")),
    "java": Skill("Java", ("java",)),
    "javascript": Skill("JavaScript", ("javascript", "ecmascript", "es6"), cased=("JS",), tag_only=("js",)),
    "typescript": Skill("TypeScript", ("typescript",), tag_only=("ts",)),
    "nodejs": Skill("Node.js", ("node.js", "nodejs"), guarded=("Node",), tag_only=("node",)),
    "go": Skill("Go", ("golang",), guarded=("Go",), tag_only=("go",)),
    "rust": Skill("Rust", ("rust",)),
    "ruby": Skill("Ruby", ("ruby",)),
    "rails": Skill("Rails", ("ruby on rails", "rubyonrails"), cased=("Rails", "RoR"), tag_only=("rails",)),
    "php": Skill("PHP", ("php",)),
    "laravel": Skill("Laravel", ("laravel",)),
    "c#": Skill("C#", ("c#", "csharp")),
    ".net": Skill(".NET", (".net", "dotnet", "asp.net", ".net core")),
    "c++": Skill("C++", ("c++", "cpp")),
    "kotlin": Skill("Kotlin", ("kotlin",)),
    "swift": Skill("Swift", ("swiftui",), guarded=("Swift",), tag_only=("swift",)),
    "scala": Skill("Scala", ("scala",)),
    "elixir": Skill("Elixir", ("elixir",)),
    "django": Skill("Django", ("django",)),
    "flask": Skill("Flask", cased=("Flask",), tag_only=("flask",)),
    "fastapi": Skill("FastAPI", ("fastapi",)),
    "spring": Skill("Spring", ("spring boot", "springboot", "spring framework", "spring cloud"), tag_only=("spring",)),
    "react": Skill("React", ("react.js", "reactjs", "react native"), guarded=("React",), tag_only=("react",)),
    "nextjs": Skill("Next.js", ("next.js", "nextjs")),
    "vue": Skill("Vue", ("vue.js", "vuejs", "nuxt"), guarded=("Vue",), tag_only=("vue",)),
    "angular": Skill("Angular", ("angularjs",), cased=("Angular",), tag_only=("angular",)),
    "svelte": Skill("Svelte", ("svelte", "sveltekit")),
    "html/css": Skill("HTML/CSS", ("html5", "css3"), cased=("HTML", "CSS"), tag_only=("html", "css")),
    "postgresql": Skill("PostgreSQL", ("postgresql", "postgres", "psql")),
    "mysql": Skill("MySQL", ("mysql", "mariadb")),
    "mongodb": Skill("MongoDB", ("mongodb", "mongo")),
    "redis": Skill("Redis", ("redis",)),
    "dynamodb": Skill("DynamoDB", ("dynamodb",)),
    "kafka": Skill("Kafka", ("kafka",)),
    "elasticsearch": Skill("Elasticsearch", ("elasticsearch", "elastic search", "opensearch")),
    "spark": Skill("Spark", ("pyspark", "apache spark"), guarded=("Spark",), tag_only=("spark",)),
    "airflow": Skill("Airflow", ("airflow",)),
    "graphql": Skill("GraphQL", ("graphql",)),
    "rest": Skill("REST", ("restful", "rest api", "rest apis"), cased=("REST",), tag_only=("rest",)),
    "grpc": Skill("gRPC", ("grpc",)),
    "sql": Skill("SQL", ("sql",)),
    "nosql": Skill("NoSQL", ("nosql",)),
    "aws": Skill("AWS", ("aws", "amazon web services")),
    "gcp": Skill("GCP", ("gcp", "google cloud")),
    "azure": Skill("Azure", ("azure",)),
    "docker": Skill("Docker", ("docker",)),
    "kubernetes": Skill("Kubernetes", ("kubernetes", "k8s")),
    "terraform": Skill("Terraform", ("terraform",)),
    "ansible": Skill("Ansible", ("ansible",)),
    "ci/cd": Skill("CI/CD", ("ci/cd", "github actions", "gitlab ci", "jenkins")),
    "linux": Skill("Linux", ("linux",)),
    "microservices": Skill("Microservices", ("microservices", "microservice")),
    "machine learning": Skill("Machine learning", ("machine learning", "deep learning"), cased=("ML",),
                              tag_only=("ml",)),
    "pytorch": Skill("PyTorch", ("pytorch",)),
    "tensorflow": Skill("TensorFlow", ("tensorflow",)),
    "llm": Skill("LLM", ("llm", "llms", "large language models")),
    "ios": Skill("iOS", cased=("iOS", "IOS"), tag_only=("ios",)),
    "android": Skill("Android", ("android",)),
}

# Words after a guarded alias that show it is the technology ("Go developer", "React Native")...
_TECH_WORDS = (
    "developer", "developers", "engineer", "engineers", "engineering", "programmer",
    "programming", "development", "dev", "devs", "backend", "back-end", "frontend", "front-end",
    "fullstack", "full-stack", "services", "service", "microservices", "code", "codebase", "language",
    "stack", "apps", "app", "application", "applications", "experience", "expertise", "skills",
    "knowledge", "framework", "frameworks", "modules", "libraries", "sdk", "api", "apis", "tooling",
    "native", "hooks", "components", "streaming", "jobs", "runtime", "ui", "projects", "team",
)
_SEPARATOR = r"(?=\s*(?:[,;:/|()\[\]·•+]|\.(?:\s|$)|\s[-–—]\s|$))"
# ... or a version number, or "and"/"or" before another name ("Go and Rust", not "React and respond").
_NEXT_TECH = rf"(?=[\s-]+(?i:{'|'.join(re.escape(w) for w in _TECH_WORDS)})\b|\s+\d|\s+(?:and|or|&)\s+[A-Z.])"
_BEFORE = r"(?<![\w.#+-])"
_AFTER = r"(?![\w#+]|\.\w)"


def _alternation(aliases) -> str:
    return "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))


@cache
def _matchers() -> tuple[tuple[re.Pattern, dict[str, str]], ...]:
    """(pattern, matched text -> skill) for words, cased and guarded aliases."""
    words = {a.lower(): s for s, skill in VOCABULARY.items() for a in skill.words}
    cased = {a: s for s, skill in VOCABULARY.items() for a in skill.cased}
    guarded = {a: s for s, skill in VOCABULARY.items() for a in skill.guarded}
    return (
        (re.compile(rf"{_BEFORE}({_alternation(words)}){_AFTER}", re.I), words),
        (re.compile(rf"{_BEFORE}({_alternation(cased)}){_AFTER}"), cased),
        (re.compile(rf"{_BEFORE}({_alternation(guarded)}){_AFTER}(?:{_SEPARATOR}|{_NEXT_TECH})"), guarded),
    )


@cache
def _tag_map() -> dict[str, str]:
    return {
        alias.lower(): skill_id
        for skill_id, skill in VOCABULARY.items()
        for alias in (*skill.words, *skill.cased, *skill.guarded, *skill.tag_only)
    }


def skills_in_text(text) -> set[str]:
    """Skill ids named in a piece of prose or a title."""
    found: set[str] = set()
    if not isinstance(text, str) or not text:
        return found
    for pattern, by_alias in _matchers():
        for match in pattern.finditer(text):
            alias = match.group(1)
            found.add(by_alias.get(alias) or by_alias[alias.lower()])
    return found


def skills_in_tags(tags) -> set[str]:
    """Skill ids from structured tags: a whole tag equal to an alias, else the tag read as prose."""
    found: set[str] = set()
    for tag in tags if isinstance(tags, (list, tuple)) else ():
        if isinstance(tag, str) and tag.strip():
            skill_id = _tag_map().get(" ".join(tag.split()).lower())
            found |= {skill_id} if skill_id else skills_in_text(tag)
    return found


def extract_skills(*texts, tags=()) -> tuple[str, ...]:
    """Canonical skill ids found in the texts (title, description...) and tags, in vocabulary order."""
    found = skills_in_tags(tags)
    for text in texts:
        found |= skills_in_text(text)
    return tuple(skill_id for skill_id in VOCABULARY if skill_id in found)


def label(skill_id: str) -> str:
    """The display name of a skill id ("nodejs" -> "Node.js"); unknown ids unchanged."""
    skill = VOCABULARY.get(skill_id)
    return skill.label if skill else skill_id
