"""Read a table's DynamoDB stream and hand it to a handler in Lambda-shaped batches.

Locally (moto) nothing invokes the stats function from the stream, so this plays Lambda's
event source mapping: get_records from each shard, batches of the template's BatchSize,
records shaped as Lambda delivers them (epoch ApproximateCreationDateTime, eventSourceARN).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime


class StreamPump:
    def __init__(self, streams_client, stream_arn: str, batch_size: int = 100, region: str = "us-east-1"):
        self.streams = streams_client
        self.stream_arn = stream_arn
        self.batch_size = batch_size
        self.region = region
        self._iterators: dict[str, str | None] = {}  # shard id -> next iterator (None: shard closed)
        self.positions: dict[str, str] = {}  # shard id -> last sequence number applied (or read())
        self._unapplied: list[tuple[str, dict]] = []  # (shard id, record) read but not applied yet
        self.records_read = 0

    def _shard_iterators(self) -> Iterator[tuple[str, str]]:
        description = self.streams.describe_stream(StreamArn=self.stream_arn)["StreamDescription"]
        for shard in description["Shards"]:
            shard_id = shard["ShardId"]
            if shard_id not in self._iterators:
                # Resume after what an earlier run delivered (a persistent endpoint), else from the start.
                after = self.positions.get(shard_id)
                position = (
                    {"ShardIteratorType": "AFTER_SEQUENCE_NUMBER", "SequenceNumber": after}
                    if after
                    else {"ShardIteratorType": "TRIM_HORIZON"}
                )
                self._iterators[shard_id] = self.streams.get_shard_iterator(
                    StreamArn=self.stream_arn, ShardId=shard_id, **position
                )["ShardIterator"]
            iterator = self._iterators[shard_id]
            if iterator:
                yield shard_id, iterator

    def _fetch(self) -> list[tuple[str, dict]]:
        """Records not fetched yet, in order, Lambda-shaped, with their shard."""
        records: list[tuple[str, dict]] = []
        for shard_id, iterator in list(self._shard_iterators()):
            while iterator:
                page = self.streams.get_records(ShardIterator=iterator, Limit=1000)
                iterator = page.get("NextShardIterator")
                records.extend((shard_id, self._lambda_shape(r)) for r in page["Records"])
                if not page["Records"]:
                    break
            self._iterators[shard_id] = iterator
        self.records_read += len(records)
        return records

    def read(self) -> list[dict]:
        """Every record not delivered yet, in order, Lambda-shaped; the caller applies them."""
        pending, self._unapplied = self._unapplied + self._fetch(), []
        self._advance(pending)
        return [record for _, record in pending]

    def _advance(self, applied: list[tuple[str, dict]]) -> None:
        for shard_id, record in applied:
            self.positions[shard_id] = record["dynamodb"]["SequenceNumber"]

    def _lambda_shape(self, record: dict) -> dict:
        shaped = dict(record)
        body = dict(record["dynamodb"])
        created = body.get("ApproximateCreationDateTime")
        if isinstance(created, datetime):
            body["ApproximateCreationDateTime"] = int(created.timestamp())
        shaped["dynamodb"] = body
        shaped["eventSourceARN"] = self.stream_arn
        shaped["awsRegion"] = self.region
        return shaped

    def drain(self, handler: Callable[[dict, object], dict], context=None) -> list[dict]:
        """Deliver everything pending to the handler in batches, redelivering from a reported
        failure as Lambda would (bounded). The position advances only past records the handler
        applied: what it failed on (or raised on) stays pending for the next drain, and a
        persistent endpoint's next run resumes after the last record applied. Returns the
        handler's responses."""
        self._unapplied += self._fetch()
        responses = []
        attempts = 0
        while self._unapplied:
            batch = self._unapplied[: self.batch_size]
            response = handler({"Records": [record for _, record in batch]}, context) or {}
            responses.append(response)
            failures = response.get("batchItemFailures") or []
            if not failures:
                self._advance(batch)
                self._unapplied = self._unapplied[len(batch) :]
                attempts = 0
                continue
            first = min(int(f["itemIdentifier"] or 0) for f in failures)
            applied = [(shard, r) for shard, r in batch if int(r["dynamodb"]["SequenceNumber"]) < first]
            self._advance(applied)
            self._unapplied = self._unapplied[len(applied) :]
            attempts += 1
            if attempts > 3:
                raise RuntimeError(f"stats handler keeps failing at {failures}; stopping the pump")
        return responses


def table_stream_arn(dynamodb_client, table_name: str) -> str:
    return dynamodb_client.describe_table(TableName=table_name)["Table"]["LatestStreamArn"]
