"""The link verifier's records, kept in the boards table (which has no stream), never in the postings
table: each write there makes a stream record and a stats invocation, and a day's `verified_at`
for every shown posting would be a visible part of the bill. The postings table is written only
when a posting closes (PostingsStore.close with its reason).

One item per slot of the interval (pk "verify", sk "slot#<slots>#<slot>"): the records of the
postings that fall in that slot (verify/run.py), as zlib-compressed JSON in one binary attribute, so
a slot of 250 postings is one ~8 KB write. A change of interval_hours changes the slot count: the
items of the old count expire by TTL and their postings start afresh.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from jobboard.store import dynamo

RECORDS_PK = "verify"
# An item is refused over 400 KB; compressed, a record takes ~30 bytes, so this is ~10,000 postings a slot.
ITEM_LIMIT_BYTES = 350_000


@dataclass(frozen=True)
class LinkRecord:
    """What the verifier last saw of one posting's link. Times are epoch seconds."""

    verified_at: int
    state: str  # LinkState value of the last check
    reason: str  # the last check's reason ("gone (404)", "HTTP 503")
    url_digest: str  # the link checked (a changed link starts afresh)
    boards: tuple[str, ...]  # boards that showed it when checked (the stats line counts per board)
    first_closed_at: int | None = None  # the first of the `closed` answers in a row not yet confirmed
    closed_at: int | None = None  # when the verifier closed the posting

    def to_row(self) -> list:
        return [
            self.verified_at,
            self.state,
            self.reason,
            self.url_digest,
            list(self.boards),
            self.first_closed_at,
            self.closed_at,
        ]

    @classmethod
    def from_row(cls, row: list) -> LinkRecord:
        verified_at, state, reason, url_digest, boards, first_closed_at, closed_at = row
        return cls(verified_at, state, reason, url_digest, tuple(boards), first_closed_at, closed_at)

    def but(self, **changes) -> LinkRecord:
        return replace(self, **changes)


def slot_sk(slots: int, slot: int) -> str:
    return f"slot#{slots:03}#{slot:03}"


class LinkRecordsStore(dynamo.TableAdapter):
    def read(self, slots: int) -> dict[int, dict[str, LinkRecord]]:
        """Every slot's records for this slot count (one Query: a few KB a slot)."""
        found: dict[int, dict[str, LinkRecord]] = {}
        items = dynamo.paginate(
            self.client.query,
            TableName=self.table_name,
            KeyConditionExpression="pk = :pk AND begins_with(sk, :prefix)",
            ExpressionAttributeValues={":pk": {"S": RECORDS_PK}, ":prefix": {"S": f"slot#{slots:03}#"}},
        )
        for item in items:
            slot = int(item["sk"]["S"].rpartition("#")[2])
            found[slot] = decode(dynamo.from_dynamo({"r": item["records"]})["r"])
        return found

    def write(self, slots: int, slot: int, records: dict[str, LinkRecord], now: datetime, interval: timedelta) -> None:
        """Replace a slot's records. They outlive two intervals unwritten (slots unused after a change
        of interval_hours go by TTL)."""
        blob = encode(records)
        if len(blob) > ITEM_LIMIT_BYTES:
            raise ValueError(
                f"verification slot {slot} holds {len(records)} postings ({len(blob)} bytes compressed): "
                "more than one item takes; raise verify.interval_hours to spread them over more slots"
            )
        self.client.put_item(
            TableName=self.table_name,
            Item={
                "pk": {"S": RECORDS_PK},
                "sk": {"S": slot_sk(slots, slot)},
                "records": {"B": blob},
                "expires_at": {"N": str(int((now + 2 * interval + timedelta(days=1)).timestamp()))},
            },
        )


def encode(records: dict[str, LinkRecord]) -> bytes:
    rows = {key: record.to_row() for key, record in sorted(records.items())}
    return zlib.compress(json.dumps(rows, separators=(",", ":"), ensure_ascii=False).encode("utf-8"), 6)


def decode(blob: bytes) -> dict[str, LinkRecord]:
    return {key: LinkRecord.from_row(row) for key, row in json.loads(zlib.decompress(blob)).items()}
