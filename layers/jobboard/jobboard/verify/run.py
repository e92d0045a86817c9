"""One verification pass: which shown postings are due, their links checked, the verdicts recorded,
and a posting closed after two `closed` answers at least 6 hours apart.

Which postings: those some board shows (open, within its max_age_days), unless every board showing
it or its source says `verify: false`. Spread evenly: time is cut into intervals
(verify.interval_hours, aligned to the epoch) and each interval into hourly slots; a posting's slot
is a stable hash of its key, and the run of each hour checks the slots up to the current one whose
postings were not checked in this interval yet (the current slot in steady state; earlier ones
only after a missed or cut-short run, or for a newly shown posting). So each link is checked at
most once an interval, a second run within it makes no request, and no host sees more than its
share of the interval. A full pass (`jobboard verify`, {"all": true}) checks every due posting.

Cost (see store/links.py): a run reads each verified board's markers (one Query each) and the
records (one Query), writes the slots it checked (one small item each), and writes the postings
table only to close a posting.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

from aws_lambda_powertools import Logger

from jobboard import deadline
from jobboard.config import Config, VerifyConfig
from jobboard.contributions.community import COMMUNITY_SOURCE
from jobboard.model import parse_utc
from jobboard.store.boards import BoardsStore
from jobboard.store.links import LinkRecord, LinkRecordsStore
from jobboard.store.postings import PostingsStore
from jobboard.verify.verdict import LinkState, Verdict

logger = Logger(child=True)

RUN_EVERY = timedelta(hours=1)  # the VerifyFunction's schedule (tests/unit/test_template.py keeps them in step)
CONFIRM_AFTER = timedelta(hours=6)  # two `closed` answers at least this far apart close a posting
# A check is not started with less than this left of the invocation (a capped GET, paced, and the
# records' write after the last one): what is left is checked by the next run.
CHECK_SECONDS = 15.0
RECENT = timedelta(hours=24)  # the stats line's "links checked in the last 24 h"


@dataclass(frozen=True)
class ShownLink:
    """A posting some board shows whose link is verified."""

    key: str  # "<source>#<external id>"
    url: str  # apply_url or url: where a reader applies
    posted_at: datetime
    boards: tuple[str, ...]  # every board showing it (closing keeps it on those with show_closed_days)


@dataclass(frozen=True)
class LinkChecker:
    """One link checked (verify/check.py's check_link with its fetcher), and the requests it made by host."""

    check: Callable[[str], Verdict]
    requests_by_host: Callable[[], dict[str, int]] = dict


@dataclass
class VerifyOutcome:
    """One pass, as logged and reported."""

    shown: int = 0  # postings whose links are verified (shown by a board with verification on)
    due: int = 0
    checked: int = 0
    open: int = 0
    closed: int = 0  # `closed` answers (a posting closes on the second, 6 h after the first)
    unknown: int = 0
    unknown_reasons: dict[str, int] = field(default_factory=dict)
    closed_reasons: dict[str, int] = field(default_factory=dict)
    postings_closed: int = 0  # closed in the postings table by this pass
    left: int = 0  # due but not checked before the invocation's deadline (the next run takes them)
    requests: int = 0
    requests_by_host: dict[str, int] = field(default_factory=dict)
    slots_written: int = 0
    # (posting key, rev written, boards it was on): what a caller may wait for (as a scrape's writes)
    writes: list[tuple[str, int, tuple[str, ...]]] = field(default_factory=list)

    def to_dict(self) -> dict:
        data = asdict(self)
        del data["writes"]
        return data


def link_checker(settings: VerifyConfig, now: datetime) -> LinkChecker:
    """check_link with one fetcher for the pass (it paces hosts with the scrapers and counts requests)."""
    from jobboard.verify.check import check_link
    from jobboard.verify.fetch import LinkFetcher

    fetcher = LinkFetcher(host_overrides=dict(settings.host_overrides), allow_loopback=settings.allow_loopback)
    return LinkChecker(lambda url: check_link(url, fetcher, now=now), lambda: dict(fetcher.requests_by_host))


def slot_count(settings: VerifyConfig) -> int:
    """The hourly slots of an interval."""
    return int(settings.interval / RUN_EVERY)


def slot_of(key: str, slots: int) -> int:
    """A stable slot for a posting key (the same in every process and every run)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest()) % slots


def url_digest(url: str) -> str:
    return hashlib.blake2b(url.encode("utf-8", "surrogatepass"), digest_size=6).hexdigest()


def interval_start(now: datetime, interval: timedelta) -> datetime:
    seconds = int(interval.total_seconds())
    return datetime.fromtimestamp(int(now.timestamp()) // seconds * seconds, timezone.utc)


def current_slot(now: datetime, interval: timedelta) -> int:
    return int((now - interval_start(now, interval)) / RUN_EVERY)


def shown_links(config: Config, boards: BoardsStore, now: datetime) -> dict[str, ShownLink]:
    """The postings whose links are verified (by key): shown by a board with `verify` on, open,
    within the board's max_age_days, from a source with `verify` on (or a reader's addition)."""
    found: dict[str, ShownLink] = {}
    on_boards: dict[str, list[str]] = defaultdict(list)
    for board in config.boards:
        rows = boards.shown_rows(board.id)
        cutoff = now - timedelta(days=board.filters.max_age_days)
        for row in rows:
            if row.get("closed_at") or row.get("inactive"):
                continue
            posted_at = parse_utc(row["posted_at"])
            if posted_at < cutoff:
                continue
            key = f"{row['source']}#{row['external_id']}"
            on_boards[key].append(board.id)
            if key in found or not board.verify:
                continue
            source = config.sources_by_id.get(row["source"])
            # Readers' additions come from no jobboard.yaml entry: verified like every other link.
            if (source is None and row["source"] != COMMUNITY_SOURCE) or (source is not None and not source.verify):
                continue
            found[key] = ShownLink(key, row.get("apply_url") or row["url"], posted_at, ())
    return {key: ShownLink(s.key, s.url, s.posted_at, tuple(sorted(on_boards[key]))) for key, s in found.items()}


def verify_pass(
    config: Config,
    boards: BoardsStore,
    postings: PostingsStore,
    records: LinkRecordsStore,
    checker: LinkChecker,
    now: datetime,
    *,
    everything: bool = False,
    board_id: str | None = None,
) -> VerifyOutcome:
    """Check the links that are due now (every due one with `everything`), record the verdicts and
    close the postings confirmed closed. `board_id`: only that board's postings (`jobboard verify --board`)."""
    outcome = VerifyOutcome()
    settings = config.verify
    if not settings.enabled:
        return outcome
    interval = settings.interval
    slots = slot_count(settings)
    started = int(interval_start(now, interval).timestamp())
    last_slot = slots - 1 if everything else current_slot(now, interval)
    links = shown_links(config, boards, now)  # all of them: a slot's records are written whole
    mine = [link for link in links.values() if board_id is None or board_id in link.boards]
    outcome.shown = len(mine)
    stored = records.read(slots)
    due: list[tuple[int, ShownLink]] = []
    for link in mine:
        slot = slot_of(link.key, slots)
        record = stored.get(slot, {}).get(link.key)
        if slot <= last_slot and (
            record is None or record.verified_at < started or record.url_digest != url_digest(link.url)
        ):
            due.append((slot, link))
    outcome.due = len(due)
    changed: set[int] = set()
    unknown: Counter = Counter()
    closed_reasons: Counter = Counter()
    for slot, link in _interleaved_by_host(due):
        left = deadline.seconds_left()
        if left is not None and left < CHECK_SECONDS:
            outcome.left += 1
            continue
        verdict = _checked(checker, link)
        outcome.checked += 1
        previous = stored.get(slot, {}).get(link.key)
        record = _recorded(previous, link, verdict, now)
        if verdict.state is LinkState.OPEN:
            outcome.open += 1
        elif verdict.state is LinkState.CLOSED:
            outcome.closed += 1
            closed_reasons[verdict.reason] += 1
            if (
                record.first_closed_at is not None
                and now.timestamp() - record.first_closed_at >= CONFIRM_AFTER.total_seconds()
            ):
                if _close(config, postings, link, verdict.reason, now, outcome):
                    record = record.but(closed_at=int(now.timestamp()))
        else:
            outcome.unknown += 1
            unknown[verdict.reason] += 1
        stored.setdefault(slot, {})[link.key] = record
        changed.add(slot)
    outcome.unknown_reasons, outcome.closed_reasons = dict(unknown), dict(closed_reasons)
    outcome.requests_by_host = dict(sorted(checker.requests_by_host().items()))
    outcome.requests = sum(outcome.requests_by_host.values())
    keep_closed_since = (now - RECENT).timestamp()
    for slot in sorted(changed):
        kept = {
            key: record
            for key, record in stored[slot].items()
            if key in links or (record.closed_at is not None and record.closed_at >= keep_closed_since)
        }
        records.write(slots, slot, kept, now, interval)
        outcome.slots_written += 1
    return outcome


def _checked(checker: LinkChecker, link: ShownLink) -> Verdict:
    try:
        return checker.check(link.url)
    except Exception as exc:  # noqa: BLE001 — a checker bug on one odd page is that link's `unknown`, never a close
        logger.exception("link check crashed", extra={"posting": link.key, "url": link.url})
        return Verdict(LinkState.UNKNOWN, f"check failed ({type(exc).__name__})", "error")


def _recorded(previous: LinkRecord | None, link: ShownLink, verdict: Verdict, now: datetime) -> LinkRecord:
    """The posting's record after this verdict: a `closed` starts (or continues) the wait for its
    confirmation, an `open` ends it, an `unknown` leaves it as it was (it says nothing either way)."""
    digest = url_digest(link.url)
    # A changed link, or a posting shown again after the verifier closed it (its source posted it
    # afresh), starts afresh: no earlier `closed` answer counts.
    same = previous is not None and previous.url_digest == digest and previous.closed_at is None
    first_closed = previous.first_closed_at if same and previous else None
    if verdict.state is LinkState.CLOSED:
        first_closed = first_closed if first_closed is not None else int(now.timestamp())
    elif verdict.state is LinkState.OPEN:
        first_closed = None
    return LinkRecord(
        verified_at=int(now.timestamp()),
        state=verdict.state.value,
        reason=verdict.reason,
        url_digest=digest,
        boards=link.boards,
        first_closed_at=first_closed,
    )


def _close(
    config: Config, postings: PostingsStore, link: ShownLink, reason: str, now: datetime, outcome: VerifyOutcome
) -> bool:
    from jobboard.scrape import aged_out_of

    source_id, _, external_id = link.key.partition("#")
    boards = [config.board(b) for b in link.boards if b in {board.id for board in config.boards}]
    keep_on = sorted(b.id for b in boards if b.filters.show_closed_days)
    rev = postings.close(
        source_id,
        external_id,
        now,
        keep_on=keep_on,
        aged_out_of=aged_out_of(config.boards_fed_by(source_id), link.posted_at, now),
        closed_reason=reason,
    )
    if rev is None:  # closed meanwhile (its source dropped it): nothing to do
        return False
    outcome.postings_closed += 1
    outcome.writes.append((link.key, rev, link.boards))
    logger.info("posting closed by its link", extra={"posting": link.key, "url": link.url, "reason": reason})
    return True


def _interleaved_by_host(due: list[tuple[int, ShownLink]]) -> Iterable[tuple[int, ShownLink]]:
    """One link of each host in turn: the per-host pacing waits on one host while the others are checked."""
    by_host: dict[str, list[tuple[int, ShownLink]]] = defaultdict(list)
    for entry in sorted(due, key=lambda e: e[1].key):
        by_host[urlsplit(entry[1].url).hostname or ""].append(entry)
    queues = list(by_host.values())
    for i in range(max(map(len, queues), default=0)):
        for queue in queues:
            if i < len(queue):
                yield queue[i]


def recent_counts(stored: dict[int, dict[str, LinkRecord]], board_id: str, now: datetime) -> tuple[int, int]:
    """The stats line's figures for a board: links checked in the last 24 h, and postings closed by
    their link in the last 24 h."""
    since = (now - RECENT).timestamp()
    checked = closed = 0
    for slot in stored.values():
        for record in slot.values():
            if board_id not in record.boards:
                continue
            checked += record.verified_at >= since
            closed += record.closed_at is not None and record.closed_at >= since
    return checked, closed
