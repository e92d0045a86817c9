"""The postings table: one item per (source, external id); writes only when the content changed."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from botocore.exceptions import ClientError

from jobboard.model import Posting
from jobboard.store import dynamo

OPEN, CLOSED = "open", "closed"
CLOSED_MARKER_HASH = "closed"
# Descriptions are kept short: boards never show them and every KB is a write unit.
DESCRIPTION_LIMIT = 1000
BATCH_WRITE_LIMIT = 25
# How long an item outlives its last relevance before TTL removes it.
RETENTION = timedelta(days=30)


@dataclass(frozen=True)
class StoredState:
    content_hash: str
    status: str
    boards: tuple[str, ...] = ()


def posting_item(posting: Posting, *, boards: list[str], content_hash: str, now: datetime, max_age_days: int) -> dict:
    data = posting.to_dict()
    data["description"] = data["description"][:DESCRIPTION_LIMIT]
    expires = max(posting.posted_at + timedelta(days=max_age_days), now) + RETENTION
    return {
        "pk": posting.source,
        "sk": posting.external_id,
        **data,
        "status": OPEN,
        "boards": boards,
        "content_hash": content_hash,
        "rev": new_rev(),
        "expires_at": int(expires.timestamp()),
    }


def new_rev() -> int:
    """Monotonic per item in practice: writes of one source's items are sequential."""
    return time.time_ns()


class PostingsStore(dynamo.TableAdapter):
    def stored_states(self, source_id: str) -> dict[str, StoredState]:
        """Hash and status of every stored posting of a source (a Query, ~1 request per MB)."""
        items = dynamo.paginate(
            self.client.query,
            TableName=self.table_name,
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues={":pk": {"S": source_id}},
            ProjectionExpression="sk, content_hash, #s, boards",
            ExpressionAttributeNames={"#s": "status"},
        )
        return {
            item["sk"]["S"]: StoredState(
                item.get("content_hash", {}).get("S", ""), item.get("status", {}).get("S", ""),
                tuple(b["S"] for b in item.get("boards", {}).get("L", [])),
            )
            for item in items
        }

    def put_new(self, items: list[dict], sleep=time.sleep, max_rounds: int = 8) -> None:
        """Write postings not stored yet, 25 a request (BatchWriteItem has no conditions: these
        keys were just read as absent, and a racing scrape would write the same content)."""
        for start in range(0, len(items), BATCH_WRITE_LIMIT):
            request = {self.table_name: [{"PutRequest": {"Item": dynamo.to_dynamo(item)}}
                                         for item in items[start:start + BATCH_WRITE_LIMIT]]}
            for attempt in range(max_rounds):
                request = self.client.batch_write_item(RequestItems=request).get("UnprocessedItems") or {}
                if not request:
                    break
                sleep(min(0.05 * 2 ** attempt, 2.0))  # throttled: back off before the rest
            else:
                raise RuntimeError(f"{len(request[self.table_name])} postings still unprocessed after "
                                   f"{max_rounds} BatchWriteItem rounds (table throttled)")

    def put_if_changed(self, item: dict) -> bool:
        """Write unless the stored item has the same content hash (then nothing is written or streamed)."""
        try:
            self.client.put_item(
                TableName=self.table_name,
                Item=dynamo.to_dynamo(item),
                ConditionExpression="attribute_not_exists(pk) OR content_hash <> :h",
                ExpressionAttributeValues={":h": {"S": item["content_hash"]}},
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def close(self, source_id: str, external_id: str, now: datetime, keep_on: list[str] | tuple[str, ...] = ()
              ) -> int | None:
        """Mark an open posting closed; its new rev. It leaves every board but `keep_on` (boards that
        list closed jobs for a while), and TTL removes it later."""
        rev = new_rev()
        try:
            self.client.update_item(
                TableName=self.table_name,
                Key={"pk": {"S": source_id}, "sk": {"S": external_id}},
                UpdateExpression="SET #s = :closed, boards = :kept, closed_at = :now, rev = :rev, "
                                 "content_hash = :h, expires_at = :exp",
                ConditionExpression="#s = :open",
                ExpressionAttributeNames={"#s": "status"},
                ExpressionAttributeValues={
                    ":closed": {"S": CLOSED}, ":open": {"S": OPEN}, ":kept": {"L": [{"S": b} for b in keep_on]},
                    ":now": {"S": now.strftime("%Y-%m-%dT%H:%M:%SZ")}, ":rev": {"N": str(rev)},
                    ":h": {"S": CLOSED_MARKER_HASH}, ":exp": {"N": str(int((now + RETENTION).timestamp()))},
                },
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return None
            raise
        return rev

    def scan_all(self) -> list[dict]:
        """Every item (plain Python). For full recomputation in tests and tools, not for handlers."""
        return [dynamo.from_dynamo(i) for i in dynamo.paginate(self.client.scan, TableName=self.table_name)]
