"""Publish one board: snapshot from the boards table -> view -> rendered files -> one commit."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from aws_lambda_powertools import Logger

from jobboard.config import BoardConfig, Config
from jobboard.model import Posting, parse_utc
from jobboard.normalise.urls import canonical_url
from jobboard.publish.base import PublishError, Publisher
from jobboard.render import render_board
from jobboard.render.view import BoardView, HistoryPoint
from jobboard.sources import adapter_class
from jobboard.store.boards import BoardSnapshot, BoardsStore

logger = Logger(child=True)


@dataclass
class PublishOutcome:
    board: str
    status: str  # published | unchanged | held | failed | dry-run
    jobs: int = 0
    message: str = ""  # commit message, or why it was held or failed
    commit: str | None = None
    url: str | None = None
    github_requests: int = 0
    files: dict[str, bytes] = field(default_factory=dict, repr=False)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["files"] = sorted(self.files)
        return data


# Two postings of one company, title and place this close together are one job posted twice.
SAME_JOB_WITHIN = timedelta(days=7)


def dedupe(postings: list[Posting]) -> list[Posting]:
    """The same job from two sources (or with tracking parameters) shows once: the first wins.

    The same job is the same canonical URL, or, from another source, the same company, title,
    places and terms posted within SAME_JOB_WITHIN of each other. Inside one source, two ids
    with two URLs are two openings (real lists post one title twice for two requisitions),
    and the same title in another city or for another season is always another opening.
    """
    seen_urls: set[str] = set()
    kept: dict[tuple, list[Posting]] = {}
    unique = []
    for posting in postings:
        url = canonical_url(posting.url)
        if url in seen_urls:
            continue
        same_opening = kept.setdefault(opening_key(posting), [])
        if any(other.source != posting.source and abs(posting.posted_at - other.posted_at) <= SAME_JOB_WITHIN
               for other in same_opening):
            continue
        seen_urls.add(url)
        same_opening.append(posting)
        unique.append(posting)
    return unique


def opening_key(posting: Posting) -> tuple:
    """Company, title, places (in any order) and terms, case and spacing ignored."""
    places = sorted({_words(place) for place in posting.location.split(";")} - {""})
    return (_words(posting.company), _words(posting.title), tuple(places), tuple(sorted(map(_words, posting.terms))))


def _words(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


_WORD = re.compile(r"[^\W_]+")


def build_view(board: BoardConfig, config: Config, snapshot: BoardSnapshot, now: datetime) -> BoardView:
    cutoff = now - timedelta(days=board.filters.max_age_days)
    closed_cutoff = now - timedelta(days=board.filters.show_closed_days)
    # Membership is decided at scrape time; the age checks here cover the hours between scrapes.
    postings, closed = [], {}
    for row in snapshot.postings:
        posting = Posting.from_dict(row)
        closed_at = parse_utc(row["closed_at"]) if row.get("closed_at") else None
        if posting.posted_at < cutoff or (closed_at and closed_at < closed_cutoff):
            continue
        postings.append(posting)
        if closed_at:
            closed[posting.key] = closed_at
    # Open ones first: a closed listing never hides the same job still open elsewhere.
    postings.sort(key=lambda p: (p.key not in closed, p.posted_at, p.key), reverse=True)
    attributions = []
    for source_id in board.sources:
        attribution = adapter_class(config.source(source_id).type).attribution
        if attribution and attribution not in attributions:
            attributions.append(attribution)
    today = HistoryPoint(now.date(), snapshot.figures.jobs)
    history = [p for p in snapshot.history if p.day != today.day] + [today]
    shown = {p.key: p for p in dedupe(postings)}
    return BoardView(
        board=board, postings=tuple(shown.values()), figures=snapshot.figures, generated_at=now.replace(microsecond=0),
        related=tuple(b for b in config.boards if b.id != board.id), attributions=tuple(attributions),
        history=tuple(sorted(history, key=lambda p: p.day)),
        closed={key: at for key, at in closed.items() if key in shown},
    )


def fingerprint(view: BoardView) -> str:
    """Everything a render depends on except the time, so an unchanged board renders identically."""
    payload = {
        "board": asdict(view.board), "postings": [p.to_dict() for p in view.postings],
        "figures": asdict(view.figures), "related": [b.id for b in view.related],
        "attributions": [asdict(a) for a in view.attributions],
        "history": [(p.day.isoformat(), p.jobs) for p in view.history],
        "closed": sorted((key, at.isoformat()) for key, at in view.closed.items()),
    }
    blob = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def publish_board(board: BoardConfig, config: Config, store: BoardsStore, publisher: Publisher, now: datetime,
                  *, force: bool = False, dry_run: bool = False) -> PublishOutcome:
    snapshot = store.snapshot(board.id)
    view = build_view(board, config, snapshot, now)
    previous = snapshot.published
    print_ = fingerprint(view)
    if previous.get("fingerprint") == print_:
        # Same data as the last publish: render with its time so the files are byte-identical.
        view = BoardView(**{**view.__dict__, "generated_at": parse_utc(previous["generated_at"])})
    outcome = PublishOutcome(board=board.id, status="published", jobs=view.open_jobs)
    rendered = render_board(view, previous.get("digests"))
    outcome.files = rendered.files
    previous_jobs = int(previous.get("jobs", 0))
    floor = previous_jobs * (100 - board.max_drop_percent) / 100
    if previous_jobs and view.open_jobs < floor and not force:
        outcome.status = "held"
        outcome.message = (f"held back: {view.open_jobs} jobs would replace {previous_jobs} (more than "
                           f"{board.max_drop_percent}% gone at once; sources failing?); publish with force to override")
        logger.warning("publish held back", extra={"board": board.id, "jobs": view.open_jobs, "previous": previous_jobs})
        return outcome
    outcome.message = rendered.commit_message
    if dry_run:
        outcome.status = "dry-run"
        return outcome
    try:
        result = publisher.publish(board.github.repo, board.github.branch, rendered.files, rendered.commit_message,
                                   stale=rendered.is_stale_page)  # pages left over from a longer board
    except PublishError as exc:
        outcome.status, outcome.message = "failed", str(exc)
        logger.error("publish failed; the published files are unchanged", extra={"board": board.id, "error": str(exc)})
        return outcome
    outcome.status = "published" if result.committed else "unchanged"
    if not result.committed:
        outcome.message = ""
    outcome.commit, outcome.url, outcome.github_requests = result.commit_sha, result.url, result.requests
    if previous.get("fingerprint") != print_:
        store.record_published(board.id, {"fingerprint": print_, "generated_at": view.generated_at.strftime(
            "%Y-%m-%dT%H:%M:%SZ"), "jobs": view.open_jobs, "commit": result.commit_sha or "",
            "digests": rendered.digests})
    if view.history[-1] not in snapshot.history:
        store.record_day(board.id, now.date(), view.figures)
    logger.info("board published", extra={"board": board.id, "status": outcome.status, "jobs": outcome.jobs,
                                          "commit": outcome.commit, "github_requests": outcome.github_requests})
    return outcome
