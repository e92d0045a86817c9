"""The scrape function's side of the queue: one message per unit, failures reported per message."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from datetime import datetime, timedelta

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from jobboard.config import Config, SourceConfig
from jobboard.events import ScrapeMessage, read_event
from jobboard.refresh import RunTracker
from jobboard.scrape import ScrapeFailed, ScrapeOutcome, record_outcome, scrape_source
from jobboard.sources import adapter_class
from jobboard.store.boards import BoardsStore
from jobboard.store.postings import PostingsStore

logger = Logger(child=True)

# A unit is not started with less time left than this: it goes back to the queue instead.
TIME_FOR_ONE_SCRAPE_MS = 120_000
# The scrape queue's redrive policy (maxReceiveCount, template.yaml): after this receive, the dead-letter queue.
MAX_RECEIVES = 3


def scrape_unit(
    source: SourceConfig,
    config: Config,
    postings: PostingsStore,
    boards: BoardsStore,
    now: datetime,
    scrape_id: str | None = None,
) -> ScrapeOutcome:
    """Scrape one unit within its source's terms (checked against the last scrape's start).
    `scrape_id`: what asked for it (a message id, kept by its redeliveries; see scrape_source)."""
    if not source.enabled:
        return ScrapeOutcome(source=source.id, status="disabled")
    limit = adapter_class(source.type).min_interval_minutes
    # The terms are the service's: a configured base_url (a mirror or local stand-in) is not it.
    if limit and source.base_url is None and not boards.claim_scrape(source.id, now, timedelta(minutes=limit)):
        return ScrapeOutcome(  # logged with the other outcomes (record_outcome)
            source=source.id,
            status="skipped",
            error=f"last scrape less than {limit} minutes ago ({source.type}'s terms)",
        )
    return scrape_source(source, config, postings, now, validators=boards, scrape_id=scrape_id)


class NotStarted(RuntimeError):
    """Too little time left to start a unit: its message goes back to the queue."""


class ScrapeBatch:
    """The record handler of the SQS batch (Powertools' BatchProcessor calls `record` per message).

    A source that fails is an outcome (its stored jobs stay; its next due time tries again), not
    a message failure: retrying a host that is down only delays that host's other units. A message
    fails (raises) when the scrape itself could not finish: an exception, or too little time left.
    A unit queued by a refresh run is counted on the run once finished; on its last receive
    (then the dead-letter queue) a unit that could not finish is counted as failed, so the run ends.
    """

    def __init__(
        self,
        config: Config,
        postings: PostingsStore,
        boards: BoardsStore,
        clock: Callable[[], datetime],
        remaining_ms: Callable[[], int],
        runs: RunTracker | None = None,
    ):
        self.config, self.postings, self.boards = config, postings, boards
        self.clock, self.remaining_ms, self.runs = clock, remaining_ms, runs

    def record(self, record: SQSRecord) -> dict:
        try:
            message = read_event(ScrapeMessage, json.loads(record.body), "message")
        except (ValueError, TypeError):  # EventError is a ValueError
            # Not ours, or not from this code: nothing a retry would change.
            logger.warning(
                "message is not a scrape request; dropped",
                extra={"message_id": record.raw_event.get("messageId"), "body": str(record.body)[:200]},
            )
            return {"source": None, "status": "unknown", "error": "not a scrape request"}
        last_try = _receives(record) >= MAX_RECEIVES
        if self.remaining_ms() < TIME_FOR_ONE_SCRAPE_MS:
            logger.info(
                "unit not started: too little time left; back to the queue", extra={"source": message.source_id}
            )
            if last_try:
                self._count(message, None)
            raise NotStarted(f"{message.source_id}: too little time left to start; back to the queue")
        try:
            source = self.config.source(message.source_id)
        except KeyError:
            # Sent before a config change removed the unit: nothing to retry.
            logger.warning("message names no configured source; dropped", extra={"source": message.source_id})
            self._count(message, ScrapeOutcome(source=message.source_id, status="unknown"))
            return {"source": message.source_id, "status": "unknown", "error": "no such source in the configuration"}
        try:
            # The message id is the same on every delivery: a redelivery is the same scrape.
            outcome = scrape_unit(
                source, self.config, self.postings, self.boards, self.clock(), record.raw_event.get("messageId")
            )
        except Exception:
            logger.exception("scrape could not finish; message returned to the queue", extra={"source": source.id})
            if last_try:
                self._count(message, None)
            raise
        with contextlib.suppress(ScrapeFailed):  # a failed source is its outcome line and ScrapesFailed here
            record_outcome(outcome)
        self._count(message, outcome)
        return outcome.to_dict()

    def _count(self, message: ScrapeMessage, outcome: ScrapeOutcome | None) -> None:
        if message.run_id and message.board_id and self.runs is not None:
            self.runs.unit_finished(message.board_id, message.run_id, message.source_id, outcome)


def _receives(record: SQSRecord) -> int:
    """How often the message was received (Lambda's records carry it; a hand-made event may not)."""
    return int((record.raw_event.get("attributes") or {}).get("ApproximateReceiveCount") or 1)


# Not the FIFO variant (SqsFifoPartialProcessor): it fails every message after a failed one (or,
# with skip_group_on_error, the rest of its host's group) without trying it. Units are independent
# full scrapes, so order within a host does not matter, and those untried messages would gather
# receives and follow the failed one into the dead-letter queue. It also always raises when the
# whole batch failed, which would skip `retry_soon`.
_processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)


def scrape_records(
    records: list[dict],
    batch: ScrapeBatch,
    retry_soon: Callable[[list[str]], None] = lambda handles: None,
) -> dict:
    """SQS batch -> partial batch response (Powertools); "outcomes" carries each unit's report.

    The failed messages are handed to `retry_soon` (their receipt handles): on the FIFO queue a
    message in flight holds back its host's group until it is visible again.
    """
    with _processor(records=records, handler=batch.record):
        results = _processor.process()
    failed = [
        h for r in _processor.fail_messages if isinstance(r, SQSRecord) and (h := r.raw_event.get("receiptHandle"))
    ]
    if failed:
        try:
            retry_soon(failed)
        except Exception:  # noqa: BLE001 — then they come back after the queue's visibility timeout
            logger.exception("could not shorten the failed messages' visibility")
    outcomes = [result for status, result, _record in results if status == "success"]
    return {**_processor.response(), "outcomes": outcomes}
