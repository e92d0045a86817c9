"""Skills from title, description and tags against a curated vocabulary (skills.json).

Each entry of skills.json is a canonical id (stable: stored and counted on boards) with a
display `label`, a `category` (one of CATEGORIES), the aliases that name it, and the
skills it `implies` ("Ruby on Rails" is Ruby too, Next.js is React).

Prose is full of short words that are also technology names ("go to market", "the rest
of", "react quickly", "Spring 2026", "TS/SCI clearance"), so each alias says how it may be
recognised in prose:

- `words`: matched case-insensitively with word boundaries ("postgres", "node.js");
- `cased`: matched only as written ("REST", "ML", "Rails", "JS");
- `guarded`: matched only as written *and* followed by a list separator, the end of the
  text, a version number, a technology word ("Go developer", "React Native"), or "and"/"or"
  and another known technology ("Go and gRPC"), or named right after a technology in a list
  ("React and Node on AWS"), so "Go to market", "Go ahead", "React quickly" and "Series C,
  we..." do not count. German and French "und/oder", "et/ou" count as "and/or".

Tags are structured, so a whole tag equal to any alias (any case) counts, including the
`tag_only` aliases that are too ambiguous for prose ("ts", "go", "node").

Matching is one pass of one compiled regular expression per text: every alias of every
skill is folded into a character trie, so the cost grows with the text, not the vocabulary.
The pass runs case-sensitively over the lower-cased text (three times faster than a
case-insensitive pattern); the case rules are then checked on the text as written.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CATEGORIES = ("languages", "frameworks", "data", "cloud", "devops", "observability", "testing", "mobile", "ml", "tools")
_DATA_FILE = Path(__file__).with_name("skills.json")


@dataclass(frozen=True)
class Skill:
    """A technology of the vocabulary (skills.json): its label, category and the aliases that name it."""

    label: str  # display name
    category: str
    words: tuple[str, ...] = ()
    cased: tuple[str, ...] = ()
    guarded: tuple[str, ...] = ()
    tag_only: tuple[str, ...] = ()
    implies: tuple[str, ...] = ()


@cache
def vocabulary() -> dict[str, Skill]:
    """canonical id -> Skill, in the data file's order (the order results are given in)."""
    entries = json.loads(_DATA_FILE.read_text(encoding="utf-8"))
    return {
        skill_id: Skill(
            entry["label"],
            entry["category"],
            *(tuple(entry.get(k, ())) for k in ("words", "cased", "guarded", "tag_only", "implies")),
        )
        for skill_id, entry in entries.items()
    }


# Words after a guarded alias that show it is the technology ("Go developer", "React Native").
_TECH_WORDS = (
    "developer",
    "developers",
    "engineer",
    "engineers",
    "engineering",
    "programmer",
    "programming",
    "development",
    "dev",
    "devs",
    "backend",
    "back-end",
    "frontend",
    "front-end",
    "fullstack",
    "full-stack",
    "services",
    "service",
    "microservices",
    "code",
    "codebase",
    "language",
    "stack",
    "apps",
    "app",
    "application",
    "applications",
    "experience",
    "expertise",
    "skills",
    "knowledge",
    "framework",
    "frameworks",
    "modules",
    "libraries",
    "sdk",
    "api",
    "apis",
    "tooling",
    "native",
    "hooks",
    "components",
    "streaming",
    "jobs",
    "runtime",
    "ui",
    "projects",
    "team",
    "pipeline",
    "pipelines",
    "cluster",
    "clusters",
    "tests",
    "testing",
    "ecosystem",
    "platform",
    "scripts",
    "based",
    "powered",
)
_SEPARATOR = r"\s*(?:[,;:/|()\[\]·•+]|\.(?:\s|$)|\s[-–—]\s|$)"
_GUARD = re.compile(
    rf"{_SEPARATOR}|[\s-]+(?i:{'|'.join(re.escape(w) for w in _TECH_WORDS)})\b|\s+v?\d"
    # "Go is our main language", "Node as the runtime"
    r"|\s+(?:is|as)\s+(?:our|the|a|an)\s+(?:\w+\s+){0,2}(?i:language|runtime|stack|backend|framework|tool)s?\b"
)
# "Go and gRPC", "R or Python": a conjunction, then another technology (checked by the caller).
_CONJUNCTION = re.compile(r"\s+(?:and|or|and/or|&|und|oder|et|ou)\s+")
# "React and Node", "Python, R": what may stand between two technologies of one list.
_LIST_GAP = re.compile(r"\s*(?:,|/|&|\s(?:and|or|and/or|und|oder|et|ou))?\s*")
# "Series C, ...", "Grade R", "Plan C": a letter that names a stage or a grade, not a language.
_NOT_AFTER = re.compile(
    r"\b(?:series|grade|class|type|tier|level|vitamin|plan|part|section|phase|round|option|model|zone|block|"
    r"building|unit|group|category|wing|floor|room|gate|exhibit|appendix|form|schedule|track)\s+$",
    re.I,
)
# "written in Go", "experience with Node", "proficiency in TS": a guarded alias right after words
# that introduce a technology is one.
_INTRODUCED = re.compile(
    r"(?:\b(?:written|programming|coding|code|develop|developing|developed|built|build|building|proficient|"
    r"proficiency|experience|experienced|expertise|knowledge|familiar|familiarity|skilled|skills|fluent|fluency|"
    r"background|comfortable|hands-on|mastery|work|working)\s+(?:in|with|of|using)|\busing|\bleverage|\bleveraging)"
    r"\s+$",
    re.I,
)
# "TS/SCI clearance" is a security clearance; "Go-to-market", "Spark-joy" are words joined to others.
_NOT_TECHNOLOGY_AFTER = re.compile(
    r"\s*/?\s*(?:SCI\b|clearance|cleared|polygraph)|-(?!(?i:" + "|".join(re.escape(w) for w in _TECH_WORDS) + r")\b)\w",
    re.I,
)
_BEFORE = r"(?<![\w.#+&-])"
_AFTER = r"(?![\w#+]|[.&]\w)"  # not inside "node.js" or "R&D"


@dataclass(frozen=True)
class _Index:
    """The vocabulary compiled for matching: one pattern over every alias, and alias -> id tables."""

    pattern: re.Pattern  # any lower-cased alias on word boundaries, run over lower-cased text
    words: dict[str, str]  # lower-case alias -> id
    cased: dict[str, str]  # alias as written -> id
    guarded: dict[str, str]  # alias as written -> id
    tags: dict[str, str]  # lower-case alias (any kind) -> id
    implied: dict[str, tuple[str, ...]]  # id -> every id it implies, transitively
    order: dict[str, int]  # id -> its place in the vocabulary (results are given in that order)


def _trie_pattern(aliases) -> str:
    """One alternation for many literals, shaped as a trie so matching does not try each in turn;
    a space in an alias matches any run of whitespace ("machine\\nlearning")."""
    trie: dict = {}
    for alias in aliases:
        node = trie
        for char in alias:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        ends = "" in node
        branches = [
            (r"\s+" if char == " " else re.escape(char)) + emit(child) for char, child in sorted(node.items()) if char
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and len(branches[0]) == 1 else f"(?:{'|'.join(branches)})"
        return f"{body}?" if ends else body

    return emit(trie)


@cache
def _index() -> _Index:
    skills = vocabulary()
    words = {a.lower(): s for s, skill in skills.items() for a in skill.words}
    cased = {a: s for s, skill in skills.items() for a in skill.cased}
    guarded = {a: s for s, skill in skills.items() for a in skill.guarded}
    tags = {
        a.lower(): s
        for s, skill in skills.items()
        for a in (*skill.words, *skill.cased, *skill.guarded, *skill.tag_only)
    }
    aliases = {a.lower() for a in (*words, *cased, *guarded)}
    pattern = re.compile(f"{_BEFORE}{_trie_pattern(aliases)}{_AFTER}")
    return _Index(
        pattern,
        words,
        cased,
        guarded,
        tags,
        {s: _closure(skills, s) for s in skills},
        {s: place for place, s in enumerate(skills)},
    )


@cache
def _pattern_any_case() -> re.Pattern:
    """The index's pattern, case-insensitive: for the rare text whose length lower() changes."""
    return re.compile(_index().pattern.pattern, re.I)


def _closure(skills: dict[str, Skill], skill_id: str) -> tuple[str, ...]:
    found: list[str] = []
    pending = list(skills[skill_id].implies)
    while pending:
        implied = pending.pop()
        if implied not in found and implied != skill_id:
            found.append(implied)
            pending.extend(skills[implied].implies)
    return tuple(found)


def _known(index: _Index, written: str) -> str | None:
    """The skill a matched alias names as written, if it is a `words` or `cased` alias."""
    written = " ".join(written.split())
    return index.words.get(written.lower()) or index.cased.get(written)


def _scan(index: _Index, text: str) -> tuple[re.Pattern, str]:
    """The pattern and the string to run it over, with the same indices as `text`."""
    lowered = text.lower()
    if len(lowered) == len(text):  # a few characters ("İ") grow when lower-cased
        return index.pattern, lowered
    return _pattern_any_case(), text


# An alias that also names something else in some settings: "TS" is Top Secret beside a clearance.
_CONTEXT_EXCLUSIONS = {"TS": re.compile(r"clearance|cleared|citizen|secret|\bSCI\b|polygraph|\bDoD\b", re.I)}


def _guard_holds(index: _Index, text: str, start: int, end: int) -> bool:
    if _NOT_AFTER.search(text, max(0, start - 20), start) or _NOT_TECHNOLOGY_AFTER.match(text, end):
        return False
    excluded = _CONTEXT_EXCLUSIONS.get(text[start:end])
    if excluded and excluded.search(text, max(0, start - 80), end + 80):
        return False
    if _GUARD.match(text, end) or _INTRODUCED.search(text, max(0, start - 40), start):
        return True
    conjunction = _CONJUNCTION.match(text, end)
    if conjunction is None:
        return False
    pattern, scanned = _scan(index, text)
    following = pattern.match(scanned, conjunction.end())
    if following is None:
        return False
    written = text[following.start() : following.end()]
    return _known(index, written) is not None or written in index.guarded


def skills_in_text(text) -> set[str]:
    """Skill ids named in a piece of prose or a title (implied skills not added)."""
    found: set[str] = set()
    if not isinstance(text, str) or not text:
        return found
    index = _index()
    previous_end = -1  # where the last technology found ended
    pattern, scanned = _scan(index, text)
    for match in pattern.finditer(scanned):
        written = text[match.start() : match.end()]
        skill_id = _known(index, written)
        if skill_id is None:
            skill_id = index.guarded.get(written)
            in_list = (
                previous_end >= 0
                and _LIST_GAP.fullmatch(text, previous_end, match.start()) is not None
                and not _NOT_TECHNOLOGY_AFTER.match(text, match.end())
            )
            if skill_id is None or not (in_list or _guard_holds(index, text, match.start(), match.end())):
                continue
        found.add(skill_id)
        previous_end = match.end()
    return found


def skills_in_tags(tags) -> set[str]:
    """Skill ids from structured tags: a whole tag equal to an alias, else the tag read as prose."""
    found: set[str] = set()
    for tag in tags if isinstance(tags, (list, tuple)) else ():
        if isinstance(tag, str) and tag.strip():
            skill_id = _index().tags.get(" ".join(tag.split()).lower())
            found |= {skill_id} if skill_id else skills_in_text(tag)
    return found


def extract_skills(*texts, tags=()) -> tuple[str, ...]:
    """Canonical skill ids found in the texts (title, description, requirements...) and tags, with
    the skills they imply, in vocabulary order."""
    found = skills_in_tags(tags)
    for text in texts:
        found |= skills_in_text(text)
    if not found:  # most titles name no technology
        return ()
    index = _index()
    for skill_id in tuple(found):
        found.update(index.implied[skill_id])
    return tuple(sorted(found, key=index.order.__getitem__))


def label(skill_id: str) -> str:
    """The display name of a skill id ("nodejs" -> "Node.js"); unknown ids unchanged."""
    skill = vocabulary().get(skill_id)
    return skill.label if skill else skill_id


def category(skill_id: str) -> str | None:
    """The skill's category (one of CATEGORIES), None for an unknown id."""
    skill = vocabulary().get(skill_id)
    return skill.category if skill else None
