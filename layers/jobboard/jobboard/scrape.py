"""One scrape of one source: fetch, normalise, write what changed, close what disappeared."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from aws_lambda_powertools import Logger

from jobboard.config import BoardConfig, Config, SourceConfig
from jobboard.contributions.corrections import apply_overrides
from jobboard.http import FetchError, HttpClient, NotModified
from jobboard.model import Posting, parse_utc
from jobboard.normalise.completion import complete
from jobboard.sources import adapter_class
from jobboard.sources.base import SkipPosting, SourceAdapter, SourceContext
from jobboard.store.boards import BoardsStore
from jobboard.store.postings import (
    CLOSED,
    OPEN,
    PostingsStore,
    StoredState,
    Unstorable,
    fit_for_storage,
    hash_extra,
    posting_item,
)

logger = Logger(child=True)

DEFAULT_MAX_AGE_DAYS = 30
# A feed answering 304 is still fetched in full at least this often: board membership
# depends on posting age, which only a full scrape re-evaluates.
FULL_SCRAPE_EVERY = timedelta(hours=24)
# A posting closes only when this many consecutive successful scrapes lack it: one partial
# answer from a source (10 of its 20 jobs) must not close and unpublish the other 10.
CLOSE_AFTER_MISSES = 2


@dataclass
class ScrapeOutcome:
    """One scrape's result for a source (or one company of it), as logged, counted and returned."""

    source: str
    status: str = "ok"  # ok | failed | disabled | skipped (too soon for the source's terms)
    error: str | None = None
    seen: int = 0  # postings normalised from this scrape
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    closed: int = 0
    missed: int = 0  # open postings absent for the first time: kept open until a second scrape confirms
    # More than half of the open postings vanished at once: likely a partial outage of the source.
    suspect: bool = False
    repaired: int = 0  # postings kept after scrubbing their text or cutting an oversized field
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> count
    requests: int = 0  # HTTP requests made to the source
    not_modified: bool = False  # the feed answered 304 to a conditional GET: nothing to do
    # (posting key, rev written, boards it was or is on): lets a refresh wait for the stats
    writes: list[tuple[str, int, tuple[str, ...]]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def failed(self) -> bool:
        return self.status == "failed"

    @property
    def written(self) -> int:
        return self.new + self.changed + self.closed

    def to_dict(self) -> dict:
        """The outcome as reported (without the per-posting write list)."""
        data = asdict(self)
        del data["writes"]
        return data


class ScrapeFailed(RuntimeError):
    """Raised by handlers after a failed scrape was recorded, so Lambda, retries and alarms see it."""

    def __init__(self, outcome: ScrapeOutcome, message: str | None = None):
        super().__init__(message or f"scrape of {outcome.source} failed: {outcome.error}")
        self.outcome = outcome

    @classmethod
    def several(cls, failures: list[ScrapeFailed]) -> ScrapeFailed:
        """One error for a company list whose scrapes failed in part (the first one's outcome)."""
        return cls(failures[0].outcome, f"{len(failures)} scrapes failed: " + "; ".join(map(str, failures)))


def record_outcome(outcome: ScrapeOutcome) -> ScrapeOutcome:
    """Log the unit's one "scrape outcome" line and count a failed or suspect scrape in the
    run-level metrics the alarms read; raise ScrapeFailed for a failed scrape (after both)."""
    from jobboard.metrics import emit

    fields = outcome_fields(outcome)
    if outcome.failed or outcome.suspect:
        logger.warning("scrape outcome", extra=fields)
    else:
        logger.info("scrape outcome", extra=fields)
    emit({"ScrapesFailed": int(outcome.failed), "ScrapesSuspect": int(outcome.suspect)})
    if outcome.failed:
        raise ScrapeFailed(outcome)
    return outcome


def outcome_fields(outcome: ScrapeOutcome) -> dict:
    """A unit's outcome as flat log fields, named for Logs Insights: `unit` is what was scraped
    (`gitlab`, `greenhouse-companies/stripe`), `source` its jobboard.yaml entry, `company` the
    slug of a company list's unit; counts are numbers (0/1 for failed and suspect), so `stats
    sum(new) by source` and `filter failed = 1` work as written."""
    data = outcome.to_dict()
    unit = data.pop("source")
    entry, _, company = unit.partition("/")
    skipped = data.pop("skipped")
    return {
        "unit": unit,
        "source": entry,
        **({"company": company} if company else {}),
        **data,
        "failed": int(outcome.failed),
        "suspect": int(outcome.suspect),
        "skipped": sum(skipped.values()),
        **({"skipped_reasons": skipped} if skipped else {}),
    }


def source_context(source: SourceConfig, http: HttpClient | None = None) -> SourceContext:
    adapter = adapter_class(source.type)
    return SourceContext(
        id=source.id,
        settings=source.settings,
        base_url=(source.base_url or adapter.default_base_url).rstrip("/"),
        http=http or HttpClient(),
    )


def collect_postings(source: SourceConfig, ctx: SourceContext) -> tuple[dict[str, Posting], Counter]:
    """Normalised postings by external id, and counted reasons for the ones dropped."""
    adapter = adapter_class(source.type)()
    postings: dict[str, Posting] = {}
    skipped: Counter = Counter()
    for raw in adapter.fetch(ctx):
        try:
            posting = normalise_posting(adapter, raw, ctx)
        except SkipPosting as exc:
            skipped[str(exc)] += 1
            continue
        if posting.external_id in postings:
            skipped["duplicate id"] += 1
            continue
        postings[posting.external_id] = posting
    return postings, skipped


def normalise_posting(adapter: SourceAdapter, raw, ctx: SourceContext) -> Posting:
    """One raw posting as the board reads it, or SkipPosting with the counted reason."""
    try:
        if not isinstance(raw, dict):
            raise SkipPosting("not an object")
        posting = adapter.to_posting(raw, ctx)
    except (TypeError, ValueError, AttributeError, KeyError) as exc:
        # An adapter bug on one odd posting must not lose the whole scrape.
        logger.warning("posting could not be normalised", extra={"source": ctx.id, "error": repr(exc)})
        raise SkipPosting(f"unreadable ({type(exc).__name__})") from exc
    return complete(posting)  # what the fields leave open, from the title and description


def _open_only(postings: dict[str, Posting], skipped: Counter) -> dict[str, Posting]:
    """The postings without those the source marks inactive (counted), for sources no board lists them from."""
    kept = {key: p for key, p in postings.items() if not p.inactive}
    if len(kept) < len(postings):
        skipped["inactive"] += len(postings) - len(kept)
    return kept


def fit_for_storage_all(postings: dict[str, Posting], skipped: Counter) -> tuple[dict[str, Posting], int]:
    """The postings as they can be stored (see fit_for_storage), the unstorable ones counted in
    `skipped`; and how many were kept after scrubbing their text or cutting a field."""
    fitted: dict[str, Posting] = {}
    repaired = 0
    for posting in postings.values():
        try:
            posting, changed = fit_for_storage(posting)
        except Unstorable as exc:
            skipped[str(exc)] += 1
            continue
        if posting.external_id in fitted:  # two ids that differed only in invisible characters
            skipped["duplicate id"] += 1
            continue
        fitted[posting.external_id] = posting
        repaired += changed
    return fitted, repaired


def scrape_source(
    source: SourceConfig,
    config: Config,
    store: PostingsStore,
    now: datetime,
    http: HttpClient | None = None,
    validators: BoardsStore | None = None,
    scrape_id: str | None = None,
) -> ScrapeOutcome:
    """Never raises for a source problem: a failure is an outcome, and stored jobs stay as they are.

    With `validators` (where the feed's ETag / Last-Modified are kept), sources that return
    their whole feed in one request are fetched conditionally: unchanged costs one small request.
    `scrape_id` names the request for this scrape (the queue message, kept across its redeliveries;
    by default a new one): a posting's absence counts once per scrape however often it is retried.
    """
    outcome = ScrapeOutcome(source=source.id)
    scrape_id = scrape_id or uuid.uuid4().hex
    ctx = source_context(source, http)
    conditional = validators is not None and adapter_class(source.type).conditional_get
    known, checked_at = validators.http_validators(source.id) if conditional and validators else ({}, None)
    age = now - parse_utc(checked_at) if checked_at else None
    if age is not None and age < FULL_SCRAPE_EVERY:
        ctx.http.validators = known
    try:
        postings, skipped = collect_postings(source, ctx)
    except NotModified:
        outcome.not_modified = True
        outcome.requests = ctx.http.requests_made
        return outcome
    except FetchError as exc:
        return _failed(outcome, str(exc), ctx)
    except Exception as exc:  # noqa: BLE001 — any adapter or parsing bug is this source's failure only
        logger.exception("scrape crashed", extra={"source": source.id})
        return _failed(outcome, f"unexpected {type(exc).__name__}: {exc}", ctx)
    if not any(b.filters.show_inactive for b in config.boards_fed_by(source.id)):
        postings = _open_only(postings, skipped)
    postings, outcome.repaired = fit_for_storage_all(postings, skipped)
    outcome.skipped = dict(skipped)
    outcome.seen = len(postings)
    outcome.requests = ctx.http.requests_made
    try:
        refusal = _store(source, config, store, postings, now, outcome, scrape_id)
    except Exception as exc:  # noqa: BLE001 — the table failed us: what was written stays, the rest waits
        logger.exception("storing the scrape failed", extra={"source": source.id})
        refusal = f"storing failed: {type(exc).__name__}: {exc}"
    if refusal:
        return _failed(outcome, refusal, ctx)
    if (
        conditional
        and validators
        and ctx.http.seen_validators
        and (ctx.http.seen_validators != known or age is None or age >= FULL_SCRAPE_EVERY / 2)
    ):
        try:
            validators.save_http_validators(source.id, ctx.http.seen_validators, now)
        except Exception:  # noqa: BLE001 — the postings are stored: an unsaved ETag costs one full fetch, not a retry
            logger.warning("feed validators not saved; the next scrape fetches in full", extra={"source": source.id})
    return outcome


def _store(
    source: SourceConfig,
    config: Config,
    store: PostingsStore,
    postings: dict[str, Posting],
    now: datetime,
    outcome: ScrapeOutcome,
    scrape_id: str,
) -> str | None:
    """Write what changed; count absences and close what stayed absent (see CLOSE_AFTER_MISSES).
    An absence already counted by this scrape (a redelivered message) is not counted again.
    Returns why the scrape is refused as a whole, if it is."""
    stored = store.stored_states(source.id)
    open_ids = {key for key, state in stored.items() if state.status == OPEN}
    if not postings and open_ids:
        return f"source returned no postings; keeping the {len(open_ids)} stored"

    boards = config.boards_fed_by(source.id)
    max_age = max((b.filters.max_age_days for b in boards), default=DEFAULT_MAX_AGE_DAYS)
    new_items = []
    skipped = Counter(outcome.skipped)
    returned = []  # back before their absence was confirmed
    for external_id, posting in postings.items():
        previous = stored.get(external_id)
        # Readers' corrections stay while the source states the field as it did when corrected.
        posting, overrides = apply_overrides(posting, previous.overrides if previous else None)
        membership = sorted(b.id for b in boards if b.filters.accepts(posting, now))
        content_hash = posting.content_hash(extra=hash_extra(membership, overrides))
        if previous and previous.content_hash == content_hash:
            outcome.unchanged += 1
            if previous.missed:
                returned.append(external_id)
            continue
        if previous and _stays_closed(previous, posting):
            outcome.unchanged += 1
            continue
        item = posting_item(
            posting,
            boards=membership,
            content_hash=content_hash,
            now=now,
            max_age_days=max_age,
            aged_out_of=aged_out_of(boards, posting.posted_at, now),
            overrides=overrides,
        )
        if previous is None:
            new_items.append(item)
            continue
        try:
            written = store.put_if_changed(item)
        except Unstorable as exc:
            skipped[str(exc)] += 1
            logger.warning(
                "posting refused by the table", extra={"source": source.id, "id": external_id, "error": str(exc)}
            )
            continue
        if written:
            outcome.writes.append((posting.key, item["rev"], tuple(sorted(set(membership) | set(previous.boards)))))
            outcome.changed += 1
        else:
            outcome.unchanged += 1
    refused = store.put_new(new_items)
    for external_id, reason in refused.items():
        skipped[reason] += 1
        logger.warning("posting refused by the table", extra={"source": source.id, "id": external_id, "error": reason})
    for item in new_items:
        if item["sk"] not in refused:
            outcome.writes.append((f"{source.id}#{item['sk']}", item["rev"], tuple(item["boards"])))
            outcome.new += 1
    outcome.skipped = dict(skipped)

    vanished = sorted(open_ids - postings.keys())
    outcome.suspect = len(vanished) * 2 > len(open_ids)
    show_closed = {b.id for b in boards if b.filters.show_closed_days}
    store.clear_missed(source.id, returned)
    misses = {k: stored[k].missed + (stored[k].missed_in != scrape_id) for k in vanished}
    counted = {k: n for k, n in misses.items() if n < CLOSE_AFTER_MISSES and stored[k].missed_in != scrape_id}
    store.mark_missed(source.id, counted, scrape_id)
    outcome.missed = sum(1 for n in misses.values() if n < CLOSE_AFTER_MISSES)
    for external_id in (k for k, n in misses.items() if n >= CLOSE_AFTER_MISSES):
        state = stored[external_id]
        aged = aged_out_of(boards, parse_utc(state.posted_at), now) if state.posted_at else []
        rev = store.close(
            source.id, external_id, now, keep_on=sorted(show_closed & set(state.boards)), aged_out_of=aged
        )
        if rev is not None:
            outcome.closed += 1
            outcome.writes.append((f"{source.id}#{external_id}", rev, stored[external_id].boards))
    return None


def _stays_closed(previous: StoredState, posting: Posting) -> bool:
    """A posting the link verifier closed stays closed while its source still lists it as before
    (aggregators keep dead jobs for weeks: reopening it each scrape would undo the verifier); a
    fresher posted date at the source is a new opening, and reopens it."""
    if previous.status != CLOSED or not previous.closed_reason:
        return False
    return bool(previous.posted_at) and posting.posted_at <= parse_utc(previous.posted_at)


def aged_out_of(boards: Iterable[BoardConfig], posted_at: datetime, now: datetime) -> list[str]:
    """The boards a posting posted at `posted_at` is too old for at `now` (no render shows it)."""
    return sorted(b.id for b in boards if now - posted_at > timedelta(days=b.filters.max_age_days))


def _failed(outcome: ScrapeOutcome, reason: str, ctx: SourceContext) -> ScrapeOutcome:
    outcome.status, outcome.error = "failed", reason
    outcome.requests = ctx.http.requests_made
    return outcome
