"""What any fetched page says about its job: status, redirects, JSON-LD JobPosting, closed-page text,
and the walls that make a page say nothing (bot challenges, captchas, logins, parked domains).

Precision before recall: a page closes its job only on a clear sign (404/410, a redirect to the
board's root or an error page, a JobPosting whose validThrough has passed, a closed-page sentence);
anything else that is not plainly a live job is `unknown`.
"""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from jobboard.verify.rules.base import (
    ATS_SAYS_CLOSED,
    EXPIRED,
    GONE,
    PAGE_SAYS_CLOSED,
    AtsRule,
    Verdict,
    closed,
    open_,
    unknown,
)

if TYPE_CHECKING:
    from jobboard.verify.fetch import Answer

# Bot walls and challenges (Cloudflare "Just a moment...", its challenge scripts, reCAPTCHA, hCaptcha,
# PerimeterX, DataDome, Akamai): the page shown is not the job's.
_BOT_WALL = (
    "<title>just a moment",
    "cf-browser-verification",
    "challenges.cloudflare.com",
    "/cdn-cgi/challenge-platform",
    "attention required! | cloudflare",
    "g-recaptcha",
    "h-captcha",
    "hcaptcha.com",
    "px-captcha",
    "captcha-delivery.com",
    "verify you are human",
    "are you a robot",
    "checking your browser before",
    "<title>access denied</title>",
)
# Parked or for-sale domains: the employer's site is gone, but that says nothing certain of the job.
_PARKED = (
    "this domain is for sale",
    "this domain may be for sale",
    "buy this domain",
    "domain is parked",
    "parkingcrew",
    "sedoparking",
    "hugedomains.com",
    "afternic.com",
)
_LOGIN_PATH = re.compile(r"/(?:log-?in|sign-?in|sign_in|signin|auth|sso|authwall|session/new|account/login)(?:[/?.]|$)")
_LOGIN_HOST = re.compile(r"^(?:login|signin|auth|sso|accounts?)\.")
# Sentences employers' and ATSs' closed pages say (as internship lists' contributors quoted them:
# "This job is no longer available.", "We are sorry this job post no longer exists.", "Sorry...The job
# you are trying to apply for is not taking applications at this time."). Only declarative
# sentences: "if this position has been filled, ..." is skipped.
_CLOSED_SENTENCES = (
    "this job is no longer available",
    "this job posting is no longer available",
    "this job is no longer open",
    "this position is no longer available",
    "this position is no longer open",
    "this position has been filled",
    "this position has been closed",
    "this job has expired",
    "this job posting has expired",
    "this job post no longer exists",
    "this job has been closed",
    "job listing no longer available",  # Jobvite (vanshb03/Summer2027-Internships#4171)
    "no longer accepting applications",
    "is not taking applications at this time",
)
_CONDITIONAL = re.compile(r"\b(?:if|when|once|whether|until)\b[^.!?|]{0,40}$")
# A sentence counts where it ends: at a full stop, an element's end ("|" in visible_text) or the
# page's end. "We are no longer accepting applications by email; apply online" does not count.
_SENTENCE_END = re.compile(r"\s*(?:[.!?|]|$)")
_ERROR_SEGMENTS = frozenset(
    {"404", "not-found", "notfound", "page-not-found", "job-not-found", "expired", "job-expired"}
)
# Pages are untrusted: the blocks below are found by one forward scan (a lazy regex such as
# "<script.*?</script>" is quadratic on a page of unclosed <script> tags: seconds per page).
_BLOCK_OPEN = re.compile(r"<(script|style|noscript)\b")
_TAG = re.compile(r"<[^<>]*>")  # not <[^>]+>: on a page with no ">" that is quadratic too
_SPACE = re.compile(r"\s+")


def page_verdict(answer: Answer, *, now: datetime, rule: AtsRule | None) -> Verdict:
    """The verdict of a fetched job page (final hop of its redirects)."""
    status = answer.status
    if status in (404, 410):
        return closed(GONE.format(status=status), "http-status")
    if status in (401, 407):
        return unknown(f"login wall (HTTP {status})", "http-status")
    if status == 429:
        return unknown("rate limited (HTTP 429)", "http-status")
    raw = answer.text
    lowered = raw.lower()
    walled = any(marker in lowered for marker in _BOT_WALL)
    if not 200 <= status < 300:
        return unknown(f"bot wall (HTTP {status})" if walled else f"HTTP {status}", "http-status")
    if walled:
        return unknown("bot wall", "page")
    if any(marker in lowered for marker in _PARKED):
        return unknown("parked domain", "page")
    if _is_login(answer.final_url, lowered):
        return unknown("login wall", "redirect")
    moved = _redirect_verdict(answer, rule)
    if moved is not None:
        return moved
    posting = job_posting(raw)
    if posting is not None:
        ends = valid_through(posting)
        if ends is not None and now > ends:
            return closed(EXPIRED, "json-ld")
    text = visible_text(raw)
    said = _closed_sentence(text, rule)
    if said:
        if posting is not None:  # the page's own data still offers the job: contradictory
            return unknown(f"page says {said!r} but carries a JobPosting", "page-text")
        return closed(ATS_SAYS_CLOSED if rule and said in rule.closed_texts else PAGE_SAYS_CLOSED, "page-text")
    if posting is not None:
        return open_("JobPosting on the page", "json-ld")
    if rule is not None and not rule.page_tells:
        return unknown(f"{rule.name} page is a script shell", "page")
    if answer.redirects and urlsplit(answer.final_url).path.rstrip("/") == "":
        return unknown("redirected to the home page", "redirect")
    return open_("page loads", "page")


def _is_login(final_url: str, lowered: str) -> bool:
    parts = urlsplit(final_url)
    if _LOGIN_PATH.search(parts.path.lower()) or _LOGIN_HOST.match((parts.hostname or "").lower()):
        return True
    start = lowered.find("<title>")
    title = lowered[start + 7 : lowered.find("</title>", start)] if start >= 0 else ""
    return bool(re.search(r"\b(?:sign|log) ?in\b", title[:300]) and 'type="password"' in lowered)


def _redirect_verdict(answer: Answer, rule: AtsRule | None) -> Verdict | None:
    """A job link that now leads to an error page or to its board's root is closed."""
    if not answer.redirects:
        return None
    final, asked = urlsplit(answer.final_url), urlsplit(answer.url)
    query = parse_qs(final.query)
    if "true" in query.get("error", []) or _ERROR_SEGMENTS & {p.lower() for p in final.path.split("/")}:
        return closed(ATS_SAYS_CLOSED if rule else GONE.format(status="error page"), "redirect")
    if final.hostname != asked.hostname:
        return None
    root = rule.board_root(answer.url) if rule else None
    final_path, asked_path = final.path.rstrip("/"), asked.path.rstrip("/")
    if root is not None:
        if _same_page(answer.final_url, root):
            return closed(ATS_SAYS_CLOSED, "redirect")
        return None
    # Any other site: the job's URL now leads to a page above it (/careers/jobs/123 -> /careers/jobs),
    # not to the home page (which may be a locale or consent redirect).
    if final_path and asked_path.startswith(final_path + "/") and not final.query:
        return closed("gone (now leads to the job list)", "redirect")
    return None


def _same_page(url: str, other: str) -> bool:
    a, b = urlsplit(url), urlsplit(other)
    return (a.hostname or "").lower() == (b.hostname or "").lower() and a.path.rstrip("/") == b.path.rstrip("/")


def _closed_sentence(text: str, rule: AtsRule | None) -> str | None:
    for sentence in (rule.closed_texts if rule else ()) + _CLOSED_SENTENCES:
        start = text.find(sentence)
        while start >= 0:
            ended = _SENTENCE_END.match(text, start + len(sentence))
            if ended and not _CONDITIONAL.search(text[max(0, start - 60) : start]):
                return sentence
            start = text.find(sentence, start + 1)
    return None


def _blocks(raw: str):
    """(tag name, opening tag, content, end) of each script/style/noscript block, in one scan;
    an unclosed block runs to the end of the page."""
    lowered = raw.lower()
    position = 0
    while (found := _BLOCK_OPEN.search(lowered, position)) is not None:
        tag_end = lowered.find(">", found.end())
        if tag_end < 0:
            return
        closing = lowered.find(f"</{found[1]}", tag_end)
        end = len(raw) if closing < 0 else lowered.find(">", closing) + 1 or len(raw)
        yield (
            found.start(),
            lowered[found.start() : tag_end],
            raw[tag_end + 1 : closing if closing >= 0 else len(raw)],
            end,
        )
        position = end


def visible_text(raw: str) -> str:
    """The page's words, lower case, one space between them, typographic apostrophes plain,
    "|" where an element ends (a heading or status line ends its sentence without a full stop)."""
    pieces, position = [], 0
    for start, _, _, end in _blocks(raw):
        pieces.append(raw[position:start])
        position = end
    pieces.append(raw[position:])
    text = _TAG.sub(" | ", " ".join(pieces).replace("|", " "))
    return _SPACE.sub(" ", html.unescape(text)).replace("\u2019", "'").lower()


def job_posting(raw: str) -> dict[str, Any] | None:
    """The first schema.org JobPosting in the page's JSON-LD blocks."""
    for _, opening, block, _ in _blocks(raw):
        if "application/ld+json" not in opening:
            continue
        try:
            data = json.loads(block.strip())
        except ValueError:
            continue
        found = _find_posting(data)
        if found is not None:
            return found
    return None


def _find_posting(data: Any) -> dict[str, Any] | None:
    if isinstance(data, list):
        return next((p for p in map(_find_posting, data) if p is not None), None)
    if not isinstance(data, dict):
        return None
    kind = data.get("@type")
    if kind == "JobPosting" or (isinstance(kind, list) and "JobPosting" in kind):
        return data
    return _find_posting(data.get("@graph"))


def valid_through(posting: dict[str, Any]) -> datetime | None:
    """When the posting stops being valid (UTC); a date alone or a time without offset is read at the
    latest it can mean anywhere (end of that day, UTC-12), so no live job is expired early."""
    value = posting.get("validThrough")
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return datetime.fromisoformat(value).replace(tzinfo=UTC) + timedelta(days=1, hours=12)
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC) + timedelta(hours=12)
    return moment.astimezone(UTC)
