"""The scrape function's side of the queue: one message per unit, failures reported per message."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from datetime import datetime, timedelta

from aws_lambda_powertools import Logger

from jobboard.config import Config, SourceConfig
from jobboard.scrape import ScrapeFailed, ScrapeOutcome, record_outcome, scrape_source
from jobboard.sources import adapter_class
from jobboard.store.boards import BoardsStore
from jobboard.store.postings import PostingsStore

logger = Logger(child=True)

# A unit is not started with less time left than this: it goes back to the queue instead.
TIME_FOR_ONE_SCRAPE_MS = 120_000


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
        logger.info("scrape skipped: too soon for the source's terms", extra={"source": source.id})
        return ScrapeOutcome(
            source=source.id,
            status="skipped",
            error=f"last scrape less than {limit} minutes ago ({source.type}'s terms)",
        )
    return scrape_source(source, config, postings, now, validators=boards, scrape_id=scrape_id)


def scrape_records(
    records: list[dict],
    config: Config,
    postings: PostingsStore,
    boards: BoardsStore,
    clock: Callable[[], datetime],
    remaining_ms: Callable[[], int],
    retry_soon: Callable[[list[str]], None] = lambda handles: None,
) -> dict:
    """SQS batch -> partial batch response; "outcomes" carries each unit's report.

    A source that fails is an outcome (its stored jobs stay; its next due time tries again), not
    a message failure: retrying a host that is down only delays that host's other units. A message
    fails when the scrape itself could not finish (an exception, or too little time left). Units
    are independent, so the rest of the batch goes on; the failed messages are handed to
    `retry_soon` (their receipt handles) because on the FIFO queue a message in flight holds back
    its host's group until it is visible again.
    """
    failures: list[dict] = []
    outcomes: list[dict] = []
    for record in records:
        if remaining_ms() < TIME_FOR_ONE_SCRAPE_MS:
            failures.append(record)
            continue
        try:
            source_id = json.loads(record["body"])["source_id"]
            source = config.source(source_id)
        except (ValueError, KeyError, TypeError):
            # Sent before a config change removed the unit (or not ours): nothing to retry.
            logger.warning(
                "message names no configured source; dropped",
                extra={"message_id": record.get("messageId"), "body": str(record.get("body"))[:200]},
            )
            outcomes.append({"source": None, "status": "unknown", "error": "no such source in the configuration"})
            continue
        try:
            outcome = scrape_unit(source, config, postings, boards, clock(), record.get("messageId"))
        except Exception:  # noqa: BLE001 — this message goes back to the queue (then the DLQ)
            logger.exception("scrape could not finish; message returned to the queue", extra={"source": source.id})
            failures.append(record)
            continue
        with contextlib.suppress(ScrapeFailed):  # a failed source is its outcome and `failed` metric here
            record_outcome(outcome)
        outcomes.append(outcome.to_dict())
    if failures:
        try:
            retry_soon([r["receiptHandle"] for r in failures if r.get("receiptHandle")])
        except Exception:  # noqa: BLE001 — then they come back after the queue's visibility timeout
            logger.exception("could not shorten the failed messages' visibility")
    return {"batchItemFailures": [{"itemIdentifier": r.get("messageId", "")} for r in failures], "outcomes": outcomes}
