"""Stream batches the stats function gave up on, as InvocationFailureQueue holds them.

Lambda parks a batch that exhausts its retries with metadata only (shard, first and last sequence
numbers, why), never the records. The daily recount (stats.reconcile) repairs what they carried
from the postings table itself, so the recount takes the stream batches parked before it starts,
and once it has finished logs each as repaired and deletes it: a parked batch sets off
FailedWorkAlarm, and the next recount puts its changes on the boards and clears it. The queue's
other messages (failed publish and dispatch invocations) are made visible again at once, untouched.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

from aws_lambda_powertools import Logger

from jobboard import aws_clients

logger = Logger(child=True)

QUEUE_URL_ENV = "FAILED_WORK_QUEUE_URL"
MAX_MESSAGES = 1000  # more parked batches than this wait for the next recount


@dataclass(frozen=True)
class ParkedBatch:
    receipt: str
    details: dict  # shard, sequence numbers and condition from Lambda's record (as far as it is readable)


class ParkedBatches:
    def __init__(self, url: str, client=None):
        self.url = url
        self._client = client

    @classmethod
    def from_env(cls) -> ParkedBatches | None:
        url = os.environ.get(QUEUE_URL_ENV)
        return cls(url) if url else None

    @property
    def client(self):
        return self._client or aws_clients.client("sqs")

    def take(self, hold_seconds: int) -> list[ParkedBatch]:
        """The batches parked now, hidden from other readers for `hold_seconds` (the recount's time)."""
        taken: list[ParkedBatch] = []
        while len(taken) < MAX_MESSAGES:
            messages = self.client.receive_message(
                QueueUrl=self.url, MaxNumberOfMessages=10, VisibilityTimeout=hold_seconds
            ).get("Messages", [])
            if not messages:
                break
            batches = [(m, _details(m.get("Body", ""))) for m in messages]
            taken += [ParkedBatch(m["ReceiptHandle"], details) for m, details in batches if details]
            others = [m for m, details in batches if not details]
            if others:  # not a stream batch: left for whoever reads the queue
                self.client.change_message_visibility_batch(
                    QueueUrl=self.url,
                    Entries=[
                        {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"], "VisibilityTimeout": 0}
                        for i, m in enumerate(others)
                    ],
                )
            if len(others) == len(messages):
                break  # only other messages (made visible again: they would come back at once)
        return taken

    def repaired(self, batches: list[ParkedBatch]) -> None:
        """The recount that ran after they were taken covered them: log and delete each."""
        for start in range(0, len(batches), 10):
            chunk = batches[start : start + 10]
            for batch in chunk:
                logger.warning("parked stream batch repaired by the recount", extra=batch.details)
            self.client.delete_message_batch(
                QueueUrl=self.url, Entries=[{"Id": str(i), "ReceiptHandle": b.receipt} for i, b in enumerate(chunk)]
            )


def _details(body: str) -> dict:
    """Shard and sequence range from Lambda's on-failure record of a stream batch
    (DDBStreamBatchInfo); {} for any other message."""
    try:
        record = json.loads(body)
        info = record.get("DDBStreamBatchInfo") if isinstance(record, dict) else None
    except ValueError:
        return {}
    if not isinstance(info, dict):
        return {}
    return {
        "shard": info.get("shardId"),
        "first_sequence": info.get("startSequenceNumber"),
        "last_sequence": info.get("endSequenceNumber"),
        "batch_size": info.get("batchSize"),
        "condition": (record.get("requestContext") or {}).get("condition"),
    }
