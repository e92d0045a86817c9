"""The postings table: one item per (source, external id); writes only when the content changed."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from botocore.exceptions import ClientError

from jobboard.aws_clients import error_code, error_message
from jobboard.model import Posting
from jobboard.normalise.text import nfc, scrub
from jobboard.store import dynamo

OPEN, CLOSED = "open", "closed"
CLOSED_MARKER_HASH = "closed"
# Descriptions are kept short: boards never show them and every KB is a write unit.
DESCRIPTION_LIMIT = 1000
BATCH_WRITE_LIMIT = 25
MAX_TRANSACTION_ITEMS = 100  # actions in one TransactWriteItems request
# How long an item outlives its last relevance before TTL removes it.
RETENTION = timedelta(days=30)
# The boards a posting is too old for (past their max_age_days) when it was written: leaving those is
# no change a reader sees before the board's daily publish (every render drops such rows), so the
# stats function does not mark the board changed for it (stats/stream.py).
AGED_OUT_OF = "aged_out_of"
OVERRIDES = "overrides"  # readers' corrections in force: field -> {source, value} (contributions/corrections.py)


# What one posting may store: DynamoDB refuses items over 400 KB, and a source can send a 450 KB
# title. With these caps an item stays under ~25 KB (ids and URLs are never cut: they are refused).
FIELD_LIMITS = {"title": 300, "company": 200, "location": 500, "employment_type": 50, "country": 8}
LIST_LIMITS = {"skills": (100, 100), "tags": (50, 100), "terms": (20, 100)}  # field -> (entries, characters each)
ID_LIMIT = 512  # characters; the sort key may hold 1024 bytes
URL_LIMIT = 4096


class Unstorable(ValueError):
    """A posting that cannot be stored as given; the message is the counted reason."""


@dataclass(frozen=True)
class StoredState:
    """What the table holds of a posting: enough to tell whether a scrape changes it."""

    content_hash: str
    status: str
    boards: tuple[str, ...] = ()
    missed: int = 0  # consecutive successful scrapes this open posting was absent from
    posted_at: str = ""  # ISO UTC, as stored
    missed_in: str = ""  # the scrape that counted the last miss: its redelivery counts none
    overrides: dict | None = None  # readers' corrections in force (contributions/corrections.py)
    closed_reason: str = ""  # set when the link verifier closed it ("gone (404)"): see scrape's reopen rule


def fit_for_storage(posting: Posting) -> tuple[Posting, bool]:
    """The posting as it can be stored and shown, and whether it had to be repaired (scrubbed or cut).

    Text is put in Unicode's composed form (NFC), scrubbed (invisible/bidi characters dropped, lone surrogates replaced: they have no
    UTF-8 form and would fail hashing and writing) and long fields are cut. Raises Unstorable
    for an id or URL that cannot be cut without pointing elsewhere.
    """
    if len(posting.external_id) > ID_LIMIT or not posting.external_id:
        raise Unstorable("id empty or too long")
    if len(posting.url) > URL_LIMIT:
        raise Unstorable("url too long")
    changes: dict = {}
    repaired = False
    for extra_link in ("company_url", "apply_url"):
        link = getattr(posting, extra_link)
        if link and len(link) > URL_LIMIT:
            changes[extra_link] = None  # an extra link: the posting is fine without it
            repaired = True
    for name in (
        "external_id",
        "company",
        "title",
        "url",
        "location",
        "description",
        "country",
        "employment_type",
        "company_url",
        "seniority",
        "apply_url",
    ):
        value = getattr(posting, name)
        if value is None or name in changes:
            continue
        composed = nfc(value)  # one form of the same text (not a repair: nothing was wrong with it)
        fixed = scrub(composed)
        limit = FIELD_LIMITS.get(name)
        if limit and len(fixed) > limit:
            fixed = fixed[: limit - 1].rstrip() + "…"
        repaired = repaired or fixed != composed
        if fixed != value:
            changes[name] = fixed
    for name, (entries, chars) in LIST_LIMITS.items():
        values = getattr(posting, name)
        composed_values = tuple(map(nfc, values))
        kept = tuple(scrub(v)[:chars] for v in composed_values[:entries])
        repaired = repaired or kept != composed_values
        if kept != values:
            changes[name] = kept
    return (replace(posting, **changes), repaired) if changes else (posting, False)


def posting_item(
    posting: Posting,
    *,
    boards: list[str],
    content_hash: str,
    now: datetime,
    max_age_days: int,
    aged_out_of: list[str] | tuple[str, ...] = (),
    overrides: dict | None = None,
) -> dict:
    """`aged_out_of`: the boards this posting is now too old for (AGED_OUT_OF); `overrides`: the
    readers' corrections applied to `posting` (contributions/corrections.py)."""
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
        AGED_OUT_OF: list(aged_out_of),
        **({OVERRIDES: overrides} if overrides else {}),
    }


def hash_extra(boards: list[str], overrides: dict | None = None) -> dict:
    """What an open posting's content hash covers besides the posting: its status, its boards and
    the readers' corrections in force (none: the hash of a posting never corrected, as before)."""
    return {"status": OPEN, "boards": boards, **({OVERRIDES: overrides} if overrides else {})}


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
            ProjectionExpression="sk, content_hash, #s, boards, missed, posted_at, missed_in, overrides, closed_reason",
            ExpressionAttributeNames={"#s": "status"},
        )
        return {
            item["sk"]["S"]: StoredState(
                item.get("content_hash", {}).get("S", ""),
                item.get("status", {}).get("S", ""),
                tuple(b["S"] for b in item.get("boards", {}).get("L", [])),
                int(item.get("missed", {}).get("N", 0)),
                item.get("posted_at", {}).get("S", ""),
                item.get("missed_in", {}).get("S", ""),
                dynamo.from_dynamo({OVERRIDES: item[OVERRIDES]})[OVERRIDES] if OVERRIDES in item else None,
                item.get("closed_reason", {}).get("S", ""),
            )
            for item in items
        }

    def put_new(self, items: list[dict], sleep=time.sleep, max_rounds: int = 8) -> dict[str, str]:
        """Write postings not stored yet, 25 a request (BatchWriteItem has no conditions: these
        keys were just read as absent, and a racing scrape would write the same content).

        A batch DynamoDB refuses as a whole (one item too large, say) is written item by item, so
        one bad posting costs only itself. Returns the refused ones: external id -> reason.
        """
        refused: dict[str, str] = {}
        for start in range(0, len(items), BATCH_WRITE_LIMIT):
            chunk = items[start : start + BATCH_WRITE_LIMIT]
            encoded = {}
            for item in chunk:
                try:
                    encoded[item["sk"]] = dynamo.to_dynamo(item)
                except (TypeError, ValueError) as exc:
                    refused[item["sk"]] = f"unstorable value ({exc})"
            request = {self.table_name: [{"PutRequest": {"Item": i}} for i in encoded.values()]}
            if not encoded:
                continue
            try:
                self._batch_write(request, sleep, max_rounds)
            except ClientError as exc:
                if not _refused_item(exc):
                    raise
                for external_id, item in encoded.items():
                    try:
                        self.client.put_item(TableName=self.table_name, Item=item)
                    except ClientError as one:
                        if not _refused_item(one):
                            raise
                        refused[external_id] = _refusal(one)
        return refused

    def _batch_write(self, request: dict, sleep, max_rounds: int) -> None:
        for attempt in range(max_rounds):
            request = self.client.batch_write_item(RequestItems=request).get("UnprocessedItems") or {}
            if not request:
                return
            sleep(min(0.05 * 2**attempt, 2.0))  # throttled: back off before the rest
        raise RuntimeError(
            f"{len(request[self.table_name])} postings still unprocessed after "
            f"{max_rounds} BatchWriteItem rounds (table throttled)"
        )

    def get(self, source_id: str, external_id: str) -> dict | None:
        """One posting as stored (plain Python), or None (a strongly consistent read: a correction
        applies to what the table holds now)."""
        found = self.client.get_item(
            TableName=self.table_name,
            Key={"pk": {"S": source_id}, "sk": {"S": external_id}},
            ConsistentRead=True,
        ).get("Item")
        return dynamo.from_dynamo(found) if found else None

    def source_items(self, source_id: str) -> list[dict]:
        """Every stored posting of a source (plain Python): for a small source, such as readers' additions."""
        items = dynamo.paginate(
            self.client.query,
            TableName=self.table_name,
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues={":pk": {"S": source_id}},
        )
        return [dynamo.from_dynamo(item) for item in items]

    def put_if_changed(self, item: dict) -> bool:
        """Write unless the stored item has the same content hash (then nothing is written or streamed).
        True when this call's write is stored, even if botocore's retry of it found it already there
        (the first attempt applied, its answer lost): the refusal carries the stored `rev`, ours.

        Raises Unstorable when DynamoDB refuses this item itself (size, encoding).
        """
        try:
            self.client.put_item(
                TableName=self.table_name,
                Item=dynamo.to_dynamo(item),
                ConditionExpression="attribute_not_exists(pk) OR content_hash <> :h",
                ExpressionAttributeValues={":h": {"S": item["content_hash"]}},
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            )
        except (TypeError, ValueError) as exc:
            raise Unstorable(f"unstorable value ({exc})") from None
        except ClientError as exc:
            if error_code(exc) == "ConditionalCheckFailedException":
                return _stored_rev(exc) == item["rev"]
            if _refused_item(exc):
                raise Unstorable(_refusal(exc)) from None
            raise
        return True

    def mark_missed(self, source_id: str, misses: dict[str, int], scrape_id: str) -> int:
        """Count a successful scrape (`scrape_id`) each open posting (external id -> its misses now)
        was absent from. Bookkeeping only: `rev` and the content stay, so the stats function has
        nothing to apply and boards do not change. Returns how many were still open and counted."""
        return self._update_open_many(
            source_id,
            {
                external_id: ("SET missed = :n, missed_in = :by", {":n": {"N": str(n)}, ":by": {"S": scrape_id}})
                for external_id, n in misses.items()
            },
        )

    def clear_missed(self, source_id: str, external_ids: list[str]) -> int:
        """These postings are back before their absence was confirmed: forget the misses."""
        return self._update_open_many(
            source_id, {external_id: ("REMOVE missed, missed_in", {}) for external_id in external_ids}
        )

    def _update_open_many(self, source_id: str, updates: dict[str, tuple[str, dict]]) -> int:
        """Conditional updates of open postings, up to 100 a TransactWriteItems request (one request
        per posting would make a day's absences cost more than the scrape). A transaction cancelled
        because one posting closed meanwhile is applied again item by item, skipping that one."""
        applied, pending = 0, list(updates.items())
        for start in range(0, len(pending), MAX_TRANSACTION_ITEMS):
            chunk = pending[start : start + MAX_TRANSACTION_ITEMS]
            try:
                self.client.transact_write_items(
                    TransactItems=[
                        {"Update": self._open_update(source_id, external_id, expression, values)}
                        for external_id, (expression, values) in chunk
                    ]
                )
                applied += len(chunk)
            except ClientError as exc:
                if error_code(exc) != "TransactionCanceledException":
                    raise
                applied += sum(
                    self._update_open(source_id, external_id, expression, values)
                    for external_id, (expression, values) in chunk
                )
        return applied

    def _update_open(self, source_id: str, external_id: str, expression: str, values: dict) -> bool:
        try:
            self.client.update_item(**self._open_update(source_id, external_id, expression, values))
        except ClientError as exc:
            if error_code(exc) == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def _open_update(self, source_id: str, external_id: str, expression: str, values: dict) -> dict:
        return {
            "TableName": self.table_name,
            "Key": {"pk": {"S": source_id}, "sk": {"S": external_id}},
            "UpdateExpression": expression,
            "ConditionExpression": "#s = :open",
            "ExpressionAttributeNames": {"#s": "status"},
            "ExpressionAttributeValues": {":open": {"S": OPEN}, **values},
        }

    def close(
        self,
        source_id: str,
        external_id: str,
        now: datetime,
        keep_on: list[str] | tuple[str, ...] = (),
        aged_out_of: list[str] | tuple[str, ...] = (),
        closed_reason: str | None = None,
    ) -> int | None:
        """Mark an open posting closed; its new rev. It leaves every board but `keep_on` (boards that
        list closed jobs for a while), and TTL removes it later. `aged_out_of`: as for posting_item.
        `closed_reason`: what the link verifier saw ("gone (404)"), shown beside 🔒; None when its
        source dropped it (the scrape's own closing)."""
        rev = new_rev()
        values = {
            ":closed": {"S": CLOSED},
            ":open": {"S": OPEN},
            ":kept": {"L": [{"S": b} for b in keep_on]},
            ":now": {"S": now.strftime("%Y-%m-%dT%H:%M:%SZ")},
            ":rev": {"N": str(rev)},
            ":h": {"S": CLOSED_MARKER_HASH},
            ":exp": {"N": str(int((now + RETENTION).timestamp()))},
            ":aged": {"L": [{"S": b} for b in aged_out_of]},
        }
        reason = ""
        if closed_reason:
            reason, values[":why"] = ", closed_reason = :why", {"S": closed_reason}
        try:
            self.client.update_item(
                TableName=self.table_name,
                Key={"pk": {"S": source_id}, "sk": {"S": external_id}},
                UpdateExpression="SET #s = :closed, boards = :kept, closed_at = :now, rev = :rev, "
                f"content_hash = :h, expires_at = :exp, aged_out_of = :aged{reason} REMOVE missed, missed_in",
                ConditionExpression="#s = :open",
                ExpressionAttributeNames={"#s": "status"},
                ExpressionAttributeValues=values,
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            )
        except ClientError as exc:
            if error_code(exc) == "ConditionalCheckFailedException":
                # Closed by this very call when a retry finds our rev (the first answer was lost).
                return rev if _stored_rev(exc) == rev else None
            raise
        return rev

    def scan_items(self) -> Iterator[dict]:
        """Every posting (plain Python), one page (1 MB) at a time: the daily recount of the boards."""
        for item in dynamo.paginate(self.client.scan, TableName=self.table_name):
            yield dynamo.from_dynamo(item)

    def scan_all(self) -> list[dict]:
        """Every item (plain Python). For full recomputation in tests and tools, not for handlers."""
        return [dynamo.from_dynamo(i) for i in dynamo.paginate(self.client.scan, TableName=self.table_name)]


def _stored_rev(exc: ClientError) -> int | None:
    """The stored item's rev from a refused conditional write (ReturnValuesOnConditionCheckFailure)."""
    rev = exc.response.get("Item", {}).get("rev", {}).get("N")
    return int(rev) if rev else None


def _refused_item(exc: ClientError) -> bool:
    """DynamoDB refused the item itself (too large, bad value), not the table or the request rate."""
    return error_code(exc) == "ValidationException"


def _refusal(exc: ClientError) -> str:
    return f"write refused ({error_message(exc)[:80]})"
