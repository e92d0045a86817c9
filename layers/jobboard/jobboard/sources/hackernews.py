"""Hacker News "Ask HN: Who is hiring?" via the Algolia HN API.

The newest monthly story by `whoishiring` is found first; each top-level comment under
it is one posting whose first line follows, by convention only,
"Company | Role | Location | REMOTE | Salary". Comments carry emails: they are stripped
from everything a posting keeps.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from jobboard.http import FetchError
from jobboard.model import Posting, Salary, WorkMode
from jobboard.normalise import salary, skills, text, workmode
from jobboard.normalise.dates import from_epoch, from_iso
from jobboard.normalise.employment import employment_type
from jobboard.normalise.location import country_from_location
from jobboard.normalise.urls import http_url
from jobboard.sources.base import SkipPosting, SourceAdapter, SourceContext, required_date, required_id

THREAD_PREFIX = "Ask HN: Who is hiring? ("
ITEM_URL = "https://news.ycombinator.com/item?id={}"
HITS_PER_PAGE = 1000
MAX_PAGES = 20  # a thread has well under 20,000 comments; guards against a runaway nbPages
EMAIL_PLACEHOLDER = "[email removed]"

_EMAIL = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    # obfuscated: "jobs [at] acme [dot] com", "jobs (at) acme.com", "jobs at acme dot com"
    r"|[\w.+-]+\s*[\[({<]\s*at\s*[\])}>]\s*[\w-]+(?:\s*(?:[\[({<]\s*dot\s*[\])}>]|\.)\s*[\w-]+)+"
    r"|[\w.+-]+ at [\w-]+(?: dot [\w-]+)+",
    re.I,
)
_EMPLOYMENT_WORD = r"(full[- ]?time|part[- ]?time|contract(?:or)?|freelance|intern(?:ship)?|permanent)s?"
_EMPLOYMENT = re.compile(rf"{_EMPLOYMENT_WORD}(?:\s*(?:/|,|or|and|&|\+)\s*{_EMPLOYMENT_WORD})*", re.I)
_MODE_WORD = r"(?:remote|on[- ]?site|hybrid|in[- ]office|wfh)(?:\s+(?:ok|only|friendly|first|possible))?"
_WORK_MODE = re.compile(
    rf"(?:fully\s+|100%\s+)?{_MODE_WORD}(?:\s*(?:/|,|or|and|&|\+)\s*{_MODE_WORD})*(?:\s*\([^)]*\))?",
    re.I,
)
_URL_TEXT = re.compile(r"\(?\s*(?:https?://|www\.)\S+\s*\)?", re.I)
# "$150k", "120-150k USD", "Salary: competitive + equity": a pay field even when no figure is read
_PAY_HINT = re.compile(r"[$€£¥₹]\s*\d|\d\s*k\b|\b(?:USD|EUR|GBP|CAD|AUD|CHF|INR)\b|\b(?:salary|equity)\b", re.I)


class Header(NamedTuple):
    """What a comment's first line says."""

    company: str
    title: str
    location: str
    work_mode: WorkMode
    salary: Salary | None
    employment_type: str | None


def scrub_emails(value: str) -> str:
    return _EMAIL.sub(EMAIL_PLACEHOLDER, value)


class HackerNewsAdapter(SourceAdapter):
    type = "hackernews"
    default_base_url = "https://hn.algolia.com"

    def fetch(self, ctx: SourceContext):
        story_id = self._newest_thread(ctx)
        for page in range(MAX_PAGES):
            data = ctx.http.get_json(
                f"{ctx.base_url}/api/v1/search_by_date",
                params={"tags": f"comment,story_{story_id}", "hitsPerPage": HITS_PER_PAGE, "page": page},
            )
            hits = _hits(data)
            # Replies share the story tag; only direct children of the story are postings.
            yield from (h for h in hits if isinstance(h, dict) and str(h.get("parent_id")) == story_id)
            pages = data.get("nbPages")
            if not hits or not isinstance(pages, int) or page + 1 >= pages:
                return

    def _newest_thread(self, ctx: SourceContext) -> str:
        data = ctx.http.get_json(
            f"{ctx.base_url}/api/v1/search_by_date",
            params={"tags": "story,author_whoishiring"},
        )
        threads = [
            h
            for h in _hits(data)
            if isinstance(h, dict)
            and isinstance(h.get("title"), str)
            and h["title"].startswith(THREAD_PREFIX)
            and h.get("objectID") is not None
        ]
        if not threads:
            raise FetchError(f"no {THREAD_PREFIX!r} story by whoishiring found")
        newest = max(threads, key=lambda h: h["created_at_i"] if isinstance(h.get("created_at_i"), int) else 0)
        return str(newest["objectID"])

    def to_posting(self, raw: dict, ctx: SourceContext) -> Posting:
        comment_id = required_id(raw.get("objectID"))
        if raw.get("author") is None or raw.get("comment_text") is None:
            raise SkipPosting("deleted comment")
        body = scrub_emails(text.html_to_text(raw.get("comment_text")))
        header = parse_header(body.partition("\n")[0])
        if header is None:
            raise SkipPosting("first line is not 'Company | Role | Location | ...'")
        return Posting(
            source=ctx.id,
            external_id=comment_id,
            company=header.company,
            title=header.title,
            url=ITEM_URL.format(comment_id),
            posted_at=required_date(from_epoch(raw.get("created_at_i")), from_iso(raw.get("created_at"))),
            location=header.location,
            work_mode=header.work_mode,
            salary=header.salary,
            skills=skills.extract_skills(header.title, body),
            description=body,
            country=country_from_location(header.location),
            employment_type=header.employment_type,
        )


def _hits(data) -> list:
    if not isinstance(data, dict) or not isinstance(data.get("hits"), list):
        raise FetchError("expected an object with a 'hits' list")
    return data["hits"]


# "Acme | Role | ...", "Acme · Role · ...", "Acme • Role": separators no field holds. Without them,
# " - " or " / " between fields ("Acme - Backend Engineer - Berlin - Hybrid"), which a title or a
# sentence may also hold: those lines need three fields, one of them recognisably a header's.
_STRONG_SEPARATOR = re.compile(r"[|·•]")
_WEAK_SEPARATORS = (re.compile(r"\s+[-–—]+\s+"), re.compile(r"\s+/\s+"))


def _fields(line: str) -> tuple[list[str], bool]:
    """The first line's fields, and whether they were split on a separator titles also use."""
    if _STRONG_SEPARATOR.search(line):
        return [p.strip() for p in _STRONG_SEPARATOR.split(line) if p.strip()], False
    for separator in _WEAK_SEPARATORS:
        parts = [p.strip() for p in separator.split(line) if p.strip()]
        if len(parts) >= 3:
            return parts, True
    return [line.strip()], True


def parse_header(line: str) -> Header | None:
    """What a first line such as "Acme | Backend Engineer | Berlin | REMOTE | €80k" says, or None.

    Fields are told apart by what they look like (salary, work mode, employment type, a
    link, an email) rather than by position; of the rest, the first is the role and the
    second the location, as the convention orders them.
    """
    parts, weak = _fields(line)
    if len(parts) < (3 if weak else 2):
        return None
    company = text.clean_line(_URL_TEXT.sub(" ", parts[0]))
    plain, mode_parts, pay, employment = [], [], None, None
    for part in parts[1:]:
        if EMAIL_PLACEHOLDER in part or http_url(part) or part.lower().startswith("www."):
            continue
        if _PAY_HINT.search(part) and salary.names_company_money(part):  # "Series B, $40M raised"
            continue
        if _WORK_MODE.fullmatch(part):
            mode_parts.append(part)
        elif _EMPLOYMENT.fullmatch(part):
            # "Full-time / Contract": the first kind named
            word = re.match(_EMPLOYMENT_WORD, part, re.I)
            employment = employment or (employment_type(word.group(1)) if word else None)
        elif _PAY_HINT.search(part):
            pay = pay or salary.from_text(part)
        else:
            plain.append(part)
    # A dash-separated sentence has no field a header has: a mode, a kind of work, pay, a link, a place.
    recognised = len(parts) - 1 - len(plain) + sum(country_from_location(p) is not None for p in plain)
    if not company or not plain or (weak and not recognised):
        return None
    location = plain[1] if len(plain) > 1 else (mode_parts[0] if mode_parts else "")
    return Header(company, plain[0], location, workmode.from_text(*mode_parts, location), pay, employment)
