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
        self.positions: dict[str, str] = {}  # shard id -> last sequence number delivered
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

    def read(self) -> list[dict]:
        """Every record not read yet, in order, Lambda-shaped."""
        records: list[dict] = []
        for shard_id, iterator in list(self._shard_iterators()):
            while iterator:
                page = self.streams.get_records(ShardIterator=iterator, Limit=1000)
                iterator = page.get("NextShardIterator")
                records.extend(self._lambda_shape(r) for r in page["Records"])
                if not page["Records"]:
                    break
                self.positions[shard_id] = page["Records"][-1]["dynamodb"]["SequenceNumber"]
            self._iterators[shard_id] = iterator
        self.records_read += len(records)
        return records

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
        failure as Lambda would (bounded). Returns the handler's responses."""
        pending = self.read()
        responses = []
        attempts = 0
        while pending:
            batch = pending[: self.batch_size]
            response = handler({"Records": batch}, context) or {}
            responses.append(response)
            failures = response.get("batchItemFailures") or []
            if not failures:
                pending = pending[len(batch) :]
                attempts = 0
                continue
            attempts += 1
            if attempts > 3:
                raise RuntimeError(f"stats handler keeps failing at {failures}; stopping the pump")
            first = min(int(f["itemIdentifier"]) for f in failures)
            pending = [r for r in pending if int(r["dynamodb"]["SequenceNumber"]) >= first]
        return responses


def table_stream_arn(dynamodb_client, table_name: str) -> str:
    return dynamodb_client.describe_table(TableName=table_name)["Table"]["LatestStreamArn"]
