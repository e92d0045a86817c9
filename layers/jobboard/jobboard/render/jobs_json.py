"""jobs.json: every posting on a board as data, for scripts and for the next render's diff.

Shape (documented for users in docs/jobs-json.md; `schema` changes if a field's meaning does):

    {
      "schema": "jobboard.jobs/1",
      "board": {"id": "backend", "title": "Backend Jobs"},
      "count": 2,
      "jobs": [
        {"key": "remoteok#123", "source": "remoteok", "external_id": "123",
         "company": "Acme", "title": "Backend Engineer", "url": "https://...", "apply_url": "https://..." | null,
         "posted_at": "2025-01-06T08:30:00Z", "location": "Berlin, Germany", "country": "DE",
         "work_mode": "remote" | "hybrid" | "on-site" | "unknown", "employment_type": "full-time" | null,
         "salary": {"min": 120000.0, "max": 150000.0, "currency": "USD", "period": "year",
                    "annual": 135000.0} | null,
         "skills": ["python", "aws"], "tags": ["backend"], "category": "Backend",
         "seniority": "senior" | null, "terms": ["Summer 2025"],
         "sponsorship": "offered" | "not-offered" | "us-citizenship-required" | null,
         "company_url": "https://..." | null, "closed_at": null | "2025-01-07T06:00:00Z",
         "active": true | false, "closed_reason": null | "gone (404)",
         "verified_at": null | "2025-01-07T03:00:00Z"},
        ...
      ]
    }

Open jobs come first, then closed ones (`active` false: closed since, with `closed_at`, on boards
with show_closed_days; marked inactive by their source, `closed_at` null, on boards with
show_inactive). Each part is newest day
first, a day's jobs by company, then newest first (ties by key), one per line, UTF-8 (not \\u-escaped). Descriptions
are left out (size); nothing time-dependent is written but `verified_at` (the link verifier's last
check), so an unchanged board gives byte-identical files between checks. `verified_at` is the
last field of a line and is left out of the change digests (`stable_part`): a check is no change.
"""

from __future__ import annotations

import json
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from json.encoder import encode_basestring

from jobboard.config import BoardConfig
from jobboard.model import Posting
from jobboard.normalise.text import strip_invisible
from jobboard.render.categories import categories_of, category_of

SCHEMA = "jobboard.jobs/1"
FIELDS = (
    "key",
    "source",
    "external_id",
    "company",
    "title",
    "url",
    "apply_url",
    "posted_at",
    "location",
    "country",
    "work_mode",
    "employment_type",
    "salary",
    "skills",
    "tags",
    "category",
    "seniority",
    "terms",
    "sponsorship",
    "company_url",
    "closed_at",
    "active",
    "closed_reason",
    "verified_at",
)
_VERIFIED_AT = b',"verified_at":'
_NO_REASON = b',"closed_reason":null'
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_string = encode_basestring  # a str as _ENCODER writes it (ensure_ascii=False)


def board_order(postings: Iterable[Posting], closed: Container[str] = ()) -> list[Posting]:
    """The one order every file of a board uses: open before closed (keys in `closed`); then
    newest day (UTC) first; inside a day by company, so one company's openings of a day sit
    together (themes may group them, as SimplifyJobs' "↳" does); then newest first, ties by key."""

    folded: dict[str, str] = {}  # company -> its sort form: a few hundred companies, thousands of postings

    def order(p: Posting) -> tuple:
        key = p.key
        company = folded.get(p.company)
        if company is None:
            company = folded[p.company] = " ".join(p.company.casefold().split())
        return (key in closed, -p.posted_at.toordinal(), company, -p.posted_at.timestamp(), key)

    return sorted(postings, key=order)


def stable_part(line: bytes) -> bytes:
    """A jobs.json line without its `verified_at` (the last field; a check is no change a reader
    sees) and, when null, `closed_reason`: the line as written before the link verifier, so the
    digests stored then still match."""
    return line[: line.rfind(_VERIFIED_AT)].removesuffix(_NO_REASON) + b"}"


def job_record(
    posting: Posting,
    closed_at: datetime | None = None,
    closed: bool = False,
    closed_reason: str | None = None,
    verified_at: datetime | None = None,
) -> dict:
    """The posting as jobs.json writes it. Spelled out (not Posting.to_dict) so the published
    shape only changes on purpose, and because this runs for every posting on every render."""
    p = posting
    return {
        "key": p.key,
        "source": p.source,
        "external_id": p.external_id,
        "company": p.company,
        "title": p.title,
        "url": p.url,
        "apply_url": p.apply_url,
        "posted_at": p.posted_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "location": p.location,
        "country": p.country,
        "work_mode": p.work_mode.value,
        "employment_type": p.employment_type,
        "salary": p.salary.to_dict() if p.salary else None,
        "skills": list(p.skills),
        "tags": list(p.tags),
        "category": category_of(p),
        "seniority": p.seniority,
        "terms": list(p.terms),
        "sponsorship": p.sponsorship.value if p.sponsorship else None,
        "company_url": p.company_url,
        "closed_at": closed_at.strftime("%Y-%m-%dT%H:%M:%SZ") if closed_at else None,
        "active": not (closed or closed_at or p.inactive),
        "closed_reason": closed_reason,
        "verified_at": verified_at.strftime("%Y-%m-%dT%H:%M:%SZ") if verified_at else None,
    }


@dataclass(frozen=True)
class BoardJobs:
    """A board's postings in board order, each with its jobs.json line. Encoded once per view
    (BoardView.board_jobs): jobs.json, the change digests and the publish fingerprint all use it."""

    postings: tuple[Posting, ...]
    keys: tuple[str, ...]  # each posting's key
    categories: tuple[str, ...]  # each posting's category_of
    lines: tuple[bytes, ...]  # job_record of each posting as jobs.json writes it (UTF-8, one line)


def board_jobs(
    postings: Iterable[Posting],
    closed: Mapping[str, datetime | None],
    closed_reasons: Mapping[str, str] | None = None,
    verified: Mapping[str, datetime] | None = None,
) -> BoardJobs:
    """`closed`: posting key -> when it closed (None: its source marks it inactive), for the closed ones;
    `closed_reasons`: what the link verifier saw, for those it closed; `verified`: its last check."""
    ordered = tuple(board_order(postings, closed))
    keys = tuple(p.key for p in ordered)
    categories = tuple(categories_of(ordered))
    line = _JobLines()
    reasons, checks = closed_reasons or {}, verified or {}
    lines = tuple(
        line(p, key, category, closed.get(key), key in closed, reasons.get(key), checks.get(key))
        for p, key, category in zip(ordered, keys, categories)
    )
    return BoardJobs(ordered, keys, categories, lines)


class _JobLines:
    """Each posting's jobs.json line: job_record encoded as _ENCODER does it, written out directly,
    with the values that repeat down a board (source, companies, places, skills, categories...)
    encoded once per board. Thousands per render; tests hold it to job_record's encoding."""

    def __init__(self) -> None:
        self._known: dict = {}  # value (str, None, tuple of str) -> its JSON

    def __call__(
        self,
        p: Posting,
        key: str,
        category: str,
        closed_at: datetime | None,
        closed: bool,
        closed_reason: str | None = None,
        verified_at: datetime | None = None,
    ) -> bytes:
        known = self._known.get
        value = self._value
        sponsorship = p.sponsorship.value if p.sponsorship else None
        line = (
            f'{{"key":{_string(key)},"source":{known(p.source) or value(p.source)},'
            f'"external_id":{_string(p.external_id)},"company":{known(p.company) or value(p.company)},'
            f'"title":{_string(p.title)},"url":{_string(p.url)},'
            f'"apply_url":{"null" if p.apply_url is None else _string(p.apply_url)},"posted_at":{_time(p.posted_at)},'
            f'"location":{known(p.location) or value(p.location)},"country":{known(p.country) or value(p.country)},'
            f'"work_mode":{known(p.work_mode.value) or value(p.work_mode.value)},'
            f'"employment_type":{known(p.employment_type) or value(p.employment_type)},'
            f'"salary":{"null" if p.salary is None else _ENCODER.encode(p.salary.to_dict())},'
            f'"skills":{known(p.skills) or value(p.skills)},"tags":{known(p.tags) or value(p.tags)},'
            f'"category":{known(category) or value(category)},"seniority":{known(p.seniority) or value(p.seniority)},'
            f'"terms":{known(p.terms) or value(p.terms)},"sponsorship":{known(sponsorship) or value(sponsorship)},'
            f'"company_url":{known(p.company_url) or value(p.company_url)},'
            f'"closed_at":{"null" if closed_at is None else _time(closed_at)},'
            f'"active":{"false" if closed or p.inactive else "true"},'
            f'"closed_reason":{"null" if closed_reason is None else _string(closed_reason)},'
            f'"verified_at":{"null" if verified_at is None else _time(verified_at)}}}'
        )
        return _utf8(line)

    def _value(self, value: str | tuple[str, ...] | None) -> str:
        encoded = self._known[value] = _ENCODER.encode(list(value) if isinstance(value, tuple) else value)
        return encoded


def _time(value: datetime) -> str:
    """'"2025-01-06T08:30:00Z"': strftime's text at half its cost (years before 1000 aside,
    which strftime pads differently by platform)."""
    if value.year < 1000:
        return value.strftime('"%Y-%m-%dT%H:%M:%SZ"')
    v = value
    return f'"{v.year}-{v.month:02}-{v.day:02}T{v.hour:02}:{v.minute:02}:{v.second:02}Z"'


def jobs_json(board: BoardConfig, lines: Sequence[bytes]) -> bytes:
    """The file for `lines` (BoardJobs.lines: each posting's record, in board order)."""
    head = json.dumps(
        {"schema": SCHEMA, "board": {"id": board.id, "title": board.title}, "count": len(lines)}, ensure_ascii=False
    )
    # One job per line, so a commit's diff shows which jobs changed. Each line is made bytes on its own
    # and the bytes joined: one long text holding a single emoji would take 4 bytes a character.
    jobs = b"[\n" + b",\n".join(lines) + b"\n]" if lines else b"[]"
    return _utf8(head.removesuffix("}") + ', "jobs": ') + jobs + b"}\n"


def _utf8(text: str) -> bytes:
    # A lone surrogate (broken source data) cannot be UTF-8: written as its JSON escape, it reads back the same.
    return strip_invisible(text).encode("utf-8", "backslashreplace")
