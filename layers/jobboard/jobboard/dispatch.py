"""The dispatcher: which scrape units are due, sent to the scrape queue one message per unit.

The dispatcher runs on one fixed schedule (DISPATCH_EVERY, template.yaml); each tick it sends
the units whose schedule fired since the previous tick. The queue is FIFO with one message
group per host, so a host's units are scraped one at a time whatever ScrapeConcurrency is,
and a retried tick sends the same deduplication ids (SQS drops the repeats).
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property
from urllib.parse import urlsplit

from jobboard import aws_clients
from jobboard.config import Config, SourceConfig
from jobboard.schedule import fires_between

DISPATCH_EVERY = timedelta(minutes=5)  # the DispatchFunction schedule in template.yaml
QUEUE_URL_ENV = "SCRAPE_QUEUE_URL"
SEND_BATCH_LIMIT = 10  # SendMessageBatch / ChangeMessageVisibilityBatch entries
SEND_THREADS = 8
# A message whose scrape could not finish is retried after this long, not the queue's
# visibility timeout: while it is in flight its host's message group waits.
RETRY_AFTER_SECONDS = 60


@dataclass(frozen=True)
class ScrapeRequest:
    """One message: scrape this unit (a source, or one company of a list)."""

    source_id: str
    host: str  # message group: one host, one scrape at a time
    slot: str  # the tick (or refresh run) that sent it; with the unit, it makes the deduplication id
    run: tuple[str, str] | None = None  # (board id, run id): queued by a refresh of that board

    def body(self) -> str:
        body = {"source_id": self.source_id, "slot": self.slot}
        if self.run:
            body["board_id"], body["run_id"] = self.run
        return json.dumps(body)

    def batch_entry(self, index: int) -> dict:
        dedupe = hashlib.sha256(f"{self.source_id}@{self.slot}".encode()).hexdigest()
        return {
            "Id": str(index),
            "MessageBody": self.body(),
            "MessageGroupId": self.host,
            "MessageDeduplicationId": dedupe,
        }


def unit_host(unit: SourceConfig) -> str:
    """The host a unit's requests go to (Recruitee: each company its own subdomain)."""
    from jobboard.sources import adapter_class

    base = unit.base_url or adapter_class(unit.type).default_base_url
    for key, value in unit.settings.items():
        base = base.replace("{" + key + "}", str(value))
    return urlsplit(base).netloc or unit.type


def due_units(config: Config, tick: datetime, every: timedelta = DISPATCH_EVERY) -> list[SourceConfig]:
    """Enabled units whose schedule fires in (tick - every, tick].

    A company list's units share their entry's minute offset: they are sent in one tick and
    their changes reach the boards together (one publish), the host taking them one by one.
    """
    return [u for u in config.enabled_units if fires_between(u.schedule, u.entry or u.id, tick - every, tick)]


def requests_for(units: list[SourceConfig], slot: str, run: tuple[str, str] | None = None) -> list[ScrapeRequest]:
    return [ScrapeRequest(u.id, unit_host(u), slot, run) for u in units]


class ScrapeQueue:
    """The SQS queue the scrape function consumes (client created on first use)."""

    def __init__(self, url: str | None = None, client=None):
        self.url = url or os.environ.get(QUEUE_URL_ENV) or ""
        if not self.url:
            raise RuntimeError(f"environment variable {QUEUE_URL_ENV} is not set")
        if client is not None:
            self.__dict__["client"] = client

    @cached_property
    def client(self):
        return aws_clients.client("sqs")

    def send(self, requests: list[ScrapeRequest]) -> None:
        """Send every request, 10 a call, SEND_THREADS calls at a time (a 1,000-company list is 100
        calls: one after another they took most of a refresh request's answer time); entries SQS
        refused are sent once more, then it raises."""
        batches = [requests[start : start + SEND_BATCH_LIMIT] for start in range(0, len(requests), SEND_BATCH_LIMIT)]
        client = self.client  # made once, then shared by the threads
        if len(batches) <= 1:
            for batch in batches:
                self._send_batch(client, batch)
            return
        with ThreadPoolExecutor(max_workers=min(SEND_THREADS, len(batches))) as pool:
            for sent in [pool.submit(self._send_batch, client, batch) for batch in batches]:
                sent.result()  # the first refusal raises

    def _send_batch(self, client, requests: list[ScrapeRequest]) -> None:
        entries = [r.batch_entry(i) for i, r in enumerate(requests)]
        for _attempt in range(2):
            failed = {f["Id"] for f in client.send_message_batch(QueueUrl=self.url, Entries=entries).get("Failed", [])}
            entries = [e for e in entries if e["Id"] in failed]
            if not entries:
                return
        names = [json.loads(e["MessageBody"])["source_id"] for e in entries]
        raise RuntimeError(f"the scrape queue refused {len(entries)} message(s): {', '.join(names)}")

    def retry_soon(self, receipt_handles: list[str], seconds: int = RETRY_AFTER_SECONDS) -> None:
        """Make received messages visible again after `seconds`."""
        for start in range(0, len(receipt_handles), SEND_BATCH_LIMIT):
            self.client.change_message_visibility_batch(
                QueueUrl=self.url,
                Entries=[
                    {"Id": str(i), "ReceiptHandle": handle, "VisibilityTimeout": seconds}
                    for i, handle in enumerate(receipt_handles[start : start + SEND_BATCH_LIMIT])
                ],
            )


def dispatch(config: Config, queue: ScrapeQueue, tick: datetime, everything: bool = False) -> dict:
    """Send what is due at `tick` (or, with `everything`, every enabled unit); the summary."""
    tick = tick.replace(second=0, microsecond=0)
    units = list(config.enabled_units) if everything else due_units(config, tick)
    # A full pass is never a repeat of another (a pinned clock gives every pass the same time).
    slot = f"all-{uuid.uuid4().hex}" if everything else tick.strftime("%Y-%m-%dT%H:%MZ")
    requests = requests_for(units, slot)
    queue.send(requests)
    return {
        "slot": slot,
        "sent": len(requests),
        "hosts": len({r.host for r in requests}),
        "sources": [r.source_id for r in requests],
    }
