"""Publish one board: snapshot from the boards table -> view -> rendered files -> one commit."""

from __future__ import annotations

import hashlib
import json
import time as time_module
import uuid
from collections.abc import Callable, Container
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, time, timedelta, timezone
from functools import cache
from pathlib import Path

from aws_lambda_powertools import Logger

from jobboard.config import BoardConfig, Config
from jobboard.model import Attribution, Posting, parse_utc
from jobboard.publish import first
from jobboard.publish.dedupe import dedupe
from jobboard.publish.base import BranchMoved, PublishError, Publisher
from jobboard.render import render_board
from jobboard.render.jobs_json import stable_part
from jobboard.render.view import BoardView, HistoryPoint, LinkChecks
from jobboard.sources import adapter_class
from jobboard.store.boards import BoardSnapshot, BoardsStore
from jobboard.store.links import LinkRecord, LinkRecordsStore
from jobboard.verify.run import recent_counts, slot_count

logger = Logger(child=True)

# A publish renews its board's lease before each step (render, commit): a lease left unrenewed this
# long belongs to a publish that died (killed, timed out), and the next publish takes it over. A step
# that outlasts it (a hung GitHub request) at worst lets a second publisher in: the branch only moves
# by fast-forward and the bookkeeping is conditional, so no older render lands on a newer one.
LEASE_SECONDS = 20.0
LEASE_WAIT_SECONDS = 60.0
LEASE_POLL_SECONDS = 1.0
MOVED_BRANCH_ATTEMPTS = 3
# The publish schedule's invocations start a few seconds late, each by its own amount: without this
# grace a 1-hour interval would often slip to the next 15-minute tick (1 h 15).
INTERVAL_GRACE = timedelta(minutes=1)


@dataclass
class PublishOutcome:
    """One board's publish, as reported: status, jobs, message, commit and cost."""

    board: str
    status: str  # published | unchanged | pending | held | failed | dry-run
    jobs: int = 0
    message: str = ""  # commit message, or why it was held, pending or failed
    commit: str | None = None
    url: str | None = None
    github_requests: int = 0
    held_runs: int = 0  # publishes of this board held back in a row, this one included
    files: dict[str, bytes] = field(default_factory=dict, repr=False)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["files"] = sorted(self.files)
        return data


def build_view(
    board: BoardConfig,
    config: Config,
    snapshot: BoardSnapshot,
    now: datetime,
    links: dict[int, dict[str, LinkRecord]] | None = None,
) -> BoardView:
    """`links`: the link verifier's records (link_records), for a board it verifies; None otherwise."""
    cutoff = now - timedelta(days=board.filters.max_age_days)
    closed_cutoff = now - timedelta(days=board.filters.show_closed_days)
    # Membership is decided at scrape time; the age checks here cover the hours between scrapes.
    keyed: list[tuple[str, Posting]] = []  # (key, posting): a key is worked out once
    closed: dict[str, datetime | None] = {}  # None: closed at its source (inactive), when unknown
    reasons: dict[str, str] = {}  # what the link verifier saw, for the postings it closed
    for row in snapshot.postings:
        # Checked on the row, before a Posting is made of it: on a long-running board many rows are
        # past max_age_days (1,796 of the 5,979 rows of the Simplify snapshot the bench renders).
        closed_at = parse_utc(row["closed_at"]) if row.get("closed_at") else None
        if parse_utc(row["posted_at"]) < cutoff or (closed_at and closed_at < closed_cutoff):
            continue
        if row.get("inactive") and not board.filters.show_inactive:  # stored before the board's option changed
            continue
        posting = Posting.from_dict(row)
        key = posting.key
        keyed.append((key, posting))
        if closed_at or posting.inactive:
            closed[key] = closed_at
            if row.get("closed_reason"):
                reasons[key] = row["closed_reason"]
    # Open ones first: a closed listing never hides the same job still open elsewhere.
    keyed.sort(key=lambda kp: (kp[0] not in closed, kp[1].posted_at, kp[0]), reverse=True)
    postings = [posting for _, posting in keyed]
    today = HistoryPoint(now.date(), snapshot.figures.jobs)
    history = [p for p in snapshot.history if p.day != today.day] + [today]
    shown = {p.key: p for p in dedupe(postings)}
    return BoardView(
        board=board,
        postings=tuple(shown.values()),
        figures=snapshot.figures,
        generated_at=now.replace(microsecond=0),
        related=tuple(b for b in config.boards if b.id != board.id),
        attributions=attributions_of(board, config),
        history=tuple(sorted(history, key=lambda p: p.day)),
        closed={key: at for key, at in closed.items() if key in shown},
        closed_reasons={key: why for key, why in reasons.items() if key in shown},
        verified=_verified(links, shown) if links else {},
        link_checks=LinkChecks(*recent_counts(links, board.id, now)) if links else None,
    )


def _verified(links: dict[int, dict[str, LinkRecord]], shown: Container[str]) -> dict[str, datetime]:
    return {
        key: datetime.fromtimestamp(record.verified_at, timezone.utc)
        for records in links.values()
        for key, record in records.items()
        if key in shown
    }


def link_records(board: BoardConfig, config: Config, store: BoardsStore) -> dict[int, dict[str, LinkRecord]] | None:
    """The link verifier's records for a board it verifies (one small Query), else None."""
    if not (config.verify.enabled and board.verify):
        return None
    return LinkRecordsStore(store.table_name, store.client).read(slot_count(config.verify))


def fingerprint(view: BoardView) -> str:
    """Everything a render depends on except the time, so an unchanged board renders identically.

    Each posting counts as its jobs.json line (already encoded for the render: every field of the
    posting, closed_at too; invisible characters, which no file shows, are dropped there) plus its
    description where it has one (jobs.json leaves descriptions out; a theme may print them).
    """
    payload = {
        "board": _shown_settings(view.board),
        "figures": asdict(view.figures),
        "related": [b.id for b in view.related],
        "attributions": [asdict(a) for a in view.attributions],
        "history": [(p.day.isoformat(), p.jobs) for p in view.history],
        "descriptions": [(p.key, p.description) for p in view.postings if p.description],
        "link_checks": asdict(view.link_checks) if view.link_checks else None,
    }
    digest = hashlib.sha256(
        json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False).encode("utf-8", "surrogatepass")
    )
    # A line never holds a newline (JSON escapes it); a link check alone (verified_at) changes nothing a reader sees.
    digest.update(b"\n".join(map(stable_part, view.board_jobs.lines)))
    return digest.hexdigest()


def attributions_of(board: BoardConfig, config: Config) -> tuple[Attribution, ...]:
    found: list[Attribution] = []
    for source_id in board.sources:
        attribution = adapter_class(config.source(source_id).type).attribution
        if attribution and attribution not in found:
            found.append(attribution)
    return tuple(found)


@cache
def code_identity() -> str:
    """A digest of the code and themes a render depends on: a deploy that changes them re-renders."""
    import jobboard.render

    digest = hashlib.sha256()
    render_dir = Path(jobboard.render.__file__).parent
    forms = render_dir.parent / "contributions" / "forms.py"  # the issue forms a board's render writes
    for path in sorted([*render_dir.rglob("*"), Path(__file__), Path(__file__).with_name("dedupe.py"), forms]):
        if path.is_file() and not {"__pycache__", "__bytecode__"} & set(path.parts):  # compiled forms of the same files
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _shown_settings(board: BoardConfig) -> dict:
    """The board's settings a render depends on: not when it publishes."""
    return board.model_dump(exclude={"publish_interval"})


def render_key(board: BoardConfig, config: Config) -> str:
    """Everything besides the board's postings and the date that its render depends on."""
    payload = {
        "board": _shown_settings(board),
        "related": [_shown_settings(b) for b in config.boards if b.id != board.id],
        "attributions": [asdict(a) for a in attributions_of(board, config)],
        "code": code_identity(),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def fresh_until(now: datetime) -> str:
    """Until when a render stands unless the board's version changes: the next UTC day. Postings
    ageing out (or closed ones whose days are up) alone wait for that daily publish, which drops
    them; any render before it drops them too (build_view). At 1,000 companies one ages out every
    few minutes: re-rendering for each made a commit at most publishes of the day."""
    midnight = datetime.combine(now.date() + timedelta(days=1), time(0), tzinfo=timezone.utc)
    return midnight.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Lease:
    """Who publishes and how long a board is theirs: one publisher per board at a time (refresh and
    the scheduled publisher alike), so no render can land after a newer one."""

    owner: str = field(default_factory=lambda: uuid.uuid4().hex)
    seconds: float = LEASE_SECONDS  # how long a claim lasts unrenewed: an expired lease means the holder is gone
    wait_seconds: float = LEASE_WAIT_SECONDS  # how long to wait for another publisher to finish
    clock: Callable[[], float] = time_module.time  # wall clock (the board clock may be pinned)
    sleep: Callable[[float], None] = time_module.sleep


def publish_board(
    board: BoardConfig,
    config: Config,
    store: BoardsStore,
    publisher: Publisher | Callable[[], Publisher],
    now: datetime,
    *,
    force: bool = False,
    dry_run: bool = False,
    at_once: bool = False,
    lease: Lease | None = None,
) -> PublishOutcome:
    """Publish the board if anything it shows changed since its last publish.

    An unchanged board (same version, config and code, same UTC day) costs one small read and no
    GitHub request. A changed board whose last commit is less than its publish_interval ago is
    "pending" (the same small read): the first publish after the interval takes every change since.
    Otherwise, holding the board's lease: snapshot, render, commit; a branch that moved meanwhile
    is re-rendered from the current state. `at_once` (a refresh) and `force` skip the interval.
    jobs.json is written by the first publish of a UTC day (and by a refresh, a forced or a first
    publish, or a config or code change) and left as it is by the others, so a commit between
    re-sends only the files a reader sees change. `publisher` may be a function making one, called
    only when a commit is attempted (an unchanged board needs no token).
    """
    if dry_run:
        outcome, render = _render(board, config, store.snapshot(board.id), now, link_records(board, config, store))
        outcome.status = "held" if render.held and (not force or render.first) else "dry-run"
        return outcome
    key = render_key(board, config)
    state = store.publish_state(board.id)
    if state.current(key, now):
        return PublishOutcome(board=board.id, status="unchanged", jobs=state.jobs, commit=state.commit or None)
    at_once = at_once or force
    next_commit = state.next_commit_at(board.publish_interval)
    grace = min(INTERVAL_GRACE, board.publish_interval / 4)
    if not at_once and next_commit is not None and now < next_commit - grace:
        return PublishOutcome(
            board=board.id,
            status="pending",
            jobs=state.jobs,
            commit=state.commit or None,
            message=f"changes wait for the publish interval: published at the first run from {_iso(next_commit)}",
        )
    today = now.date().isoformat()
    with_jobs_json = at_once or state.jobs_json_day != today or state.render_key != key
    lease = lease or Lease()
    waited = _acquire(board, store, lease)
    if waited is None:
        return PublishOutcome(
            board=board.id,
            status="failed",
            message=(f"another publish of {board.id} held it for more than {lease.wait_seconds:.0f} s; not published"),
        )
    released = False
    try:
        if waited:  # the other publisher may have published this very version
            state = store.publish_state(board.id)
            if state.current(key, now):
                return PublishOutcome(board=board.id, status="unchanged", jobs=state.jobs, commit=state.commit or None)
        requests = 0
        for attempt in range(MOVED_BRANCH_ATTEMPTS):
            if attempt and not _renew(board, store, lease):
                return _taken_over(board, state.jobs)
            snapshot = store.snapshot(board.id)  # read after `state`: at least that version
            outcome, render = _render(board, config, snapshot, now, link_records(board, config, store))
            files = render.files
            if not with_jobs_json and not render.first:
                files = {path: content for path, content in files.items() if path != render.jobs_json_path}
                outcome.files = files
            if render.held and (not force or render.first):  # an empty first publish is never forced
                outcome.status, outcome.held_runs = "held", store.record_held(board.id, lease.owner)
                released = True
                outcome.message = f"{render.held} (held {outcome.held_runs} run(s) in a row)"
                logger.warning(
                    "publish held back", extra={"board": board.id, "jobs": outcome.jobs, "held_runs": outcome.held_runs}
                )
                return outcome
            try:
                if callable(publisher) and not hasattr(publisher, "publish"):
                    publisher = publisher()
                if render.first:
                    first.check_target(publisher, board.github.repo, board.github.branch)
                if not _renew(board, store, lease):
                    return _taken_over(board, outcome.jobs)
                result = publisher.publish(
                    board.github.repo,
                    board.github.branch,
                    files,
                    render.commit_message,
                    stale=render.is_stale_page,
                )
            except BranchMoved as exc:
                requests += exc.requests
                logger.info(
                    "branch moved during publish; re-rendering from the current state", extra={"board": board.id}
                )
                continue
            except PublishError as exc:
                outcome.status, outcome.message = "failed", str(exc)
                logger.error(
                    "publish failed; the published files are unchanged", extra={"board": board.id, "error": str(exc)}
                )
                return outcome
            outcome.status = "published" if result.committed else "unchanged"
            outcome.message = render.commit_message if result.committed else ""
            outcome.commit, outcome.url = result.commit_sha, result.url
            outcome.github_requests = requests + result.requests
            marks = {
                "published_version": state.version,
                "render_key": key,
                "fresh_until": fresh_until(now),
                "jobs": outcome.jobs,
                "commit": result.commit_sha or "",
            }
            if result.committed:
                marks["committed_at"] = _iso(now)
            if render.jobs_json_path in files:
                marks["jobs_json_day"] = today
            # Recorded with the lease's release in one transaction; if that write fails (its
            # answer lost, the table throttled), `finally` still gives the lease back.
            released = store.record_publish(board.id, lease.owner, marks, published=render.bookkeeping, day=render.day)
            if not released:
                logger.warning(
                    "a newer publish was recorded meanwhile; this one's marks are dropped", extra={"board": board.id}
                )
            logger.info(
                "board published",
                extra={
                    "board": board.id,
                    "status": outcome.status,
                    "jobs": outcome.jobs,
                    "commit": outcome.commit,
                    "github_requests": outcome.github_requests,
                },
            )
            return outcome
        return PublishOutcome(
            board=board.id,
            status="failed",
            github_requests=requests,
            message=(
                f"{board.github.repo}@{board.github.branch}: the branch kept moving; gave up after "
                f"{MOVED_BRANCH_ATTEMPTS} renders"
            ),
        )
    finally:
        if not released:  # every way out: an exception, a failed commit, a failed bookkeeping write
            try:
                store.release_lease(board.id, lease.owner)
            except Exception:  # noqa: BLE001 — it lapses within lease.seconds; the error that brought us here matters more
                logger.exception("board lease not released; it expires by itself", extra={"board": board.id})


def _renew(board: BoardConfig, store: BoardsStore, lease: Lease) -> bool:
    """Extend our lease before the next step; False if another publish holds the board now."""
    return store.acquire_lease(board.id, lease.owner, lease.clock(), lease.seconds)


def _taken_over(board: BoardConfig, jobs: int) -> PublishOutcome:
    logger.warning("board lease taken over by another publish; leaving the board to it", extra={"board": board.id})
    return PublishOutcome(
        board=board.id, status="unchanged", jobs=jobs, message="another publish took the board over and publishes it"
    )


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _acquire(board: BoardConfig, store: BoardsStore, lease: Lease) -> bool | None:
    """Take the board's lease, waiting up to lease.wait_seconds: True if we waited, None if it never came."""
    started = lease.clock()
    waited = False
    while not store.acquire_lease(board.id, lease.owner, lease.clock(), lease.seconds):
        if lease.clock() - started >= lease.wait_seconds:
            logger.warning("board lease still held by another publish", extra={"board": board.id})
            return None
        waited = True
        lease.sleep(LEASE_POLL_SECONDS)
    return waited


@dataclass
class _Render:
    """A render and what publishing it needs to know."""

    view: BoardView
    files: dict[str, bytes]
    jobs_json_path: str
    commit_message: str
    is_stale_page: Callable[[str], bool]
    held: str  # why it would be held back ("" when not)
    first: bool  # the board's first publish (never published before)
    bookkeeping: dict | None  # the "published" item to store (None: unchanged since the last publish)
    day: tuple | None  # today's history point to store (None: already stored)


def _render(
    board: BoardConfig,
    config: Config,
    snapshot: BoardSnapshot,
    now: datetime,
    links: dict[int, dict[str, LinkRecord]] | None,
) -> tuple[PublishOutcome, _Render]:
    view = build_view(board, config, snapshot, now, links)
    previous = snapshot.published
    print_ = fingerprint(view)
    if previous.get("fingerprint") == print_:
        # Same data as the last publish: render with its time so the files are byte-identical.
        view = replace(view, generated_at=parse_utc(previous["generated_at"]))
    rendered = render_board(view, previous.get("digests"))
    previous_jobs = int(previous.get("jobs", 0))
    held = ""
    if previous_jobs and view.open_jobs < previous_jobs * (100 - board.max_drop_percent) / 100:
        held = (
            f"held back: {view.open_jobs} jobs would replace {previous_jobs} (more than {board.max_drop_percent}% "
            "gone at once; sources failing?); publish with force to override"
        )
    held = held or first.empty_first_publish(previous, view.open_jobs) or ""
    bookkeeping = (
        None
        if previous.get("fingerprint") == print_
        else {
            "fingerprint": print_,
            "generated_at": view.generated_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "jobs": view.open_jobs,
            "digests": rendered.digests,
        }
    )
    today = view.history[-1]
    outcome = PublishOutcome(
        board=board.id,
        status="published",
        jobs=view.open_jobs,
        message=held or rendered.commit_message,
        files=rendered.files,
    )
    return outcome, _Render(
        view=view,
        files=rendered.files,
        jobs_json_path=rendered.paths.jobs_json,
        commit_message=rendered.commit_message,
        is_stale_page=rendered.is_stale_page,
        held=held,
        first=first.is_first_publish(previous),
        bookkeeping=bookkeeping,
        day=None if today in snapshot.history else (now.date(), view.figures),
    )
