"""Apply one DynamoDB stream batch of posting changes to the boards' figures.

Cost per batch grows with the batch, not the table: one BatchGet of the touched markers
(100 keys a request) and one transaction per <=100 changed items. Redelivery is harmless:
each marker stores the posting `rev` it reflects, a change is applied only if newer, and
the marker and its counter deltas commit in one transaction, conditional on the marker
being what was read. A transaction that changes what a board shows also bumps the board's
version (store/boards.py), so a publisher can tell an unchanged board with one small read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from botocore.exceptions import BotoCoreError, ClientError

from jobboard.aws_clients import error_code
from jobboard.stats.figures import Contribution, Delta
from jobboard.store import dynamo
from jobboard.store.boards import MAX_TRANSACTION_ITEMS, BoardsStore, Marker, shown_digest
from jobboard.store.postings import AGED_OUT_OF, OVERRIDES

logger = Logger(child=True)
CONFLICT_RETRIES = 3


class RecordError(ValueError):
    """A stream record that cannot be read."""


@dataclass(frozen=True)
class PostingChange:
    """What one stream record asks for: the posting's wanted state on each board it touches."""

    sequence: str
    posting_key: str
    rev: int
    wanted: dict[str, dict | None]  # board id -> posting as shown, or None (not on that board)
    # Boards it leaves only being past their max_age_days: no render shows it any more, so leaving
    # does not change the board's version (its daily publish drops it, as any render would).
    aged_out_of: frozenset[str] = frozenset()


def parse_record(record: DynamoDBRecord | dict) -> PostingChange:
    record = _wrapped(record)
    try:
        # The images as stored (our own decoding: numbers stay int/float, as the posting was written).
        body = record.dynamodb.raw_event  # type: ignore[union-attr]  # None: caught below
        new = dynamo.from_dynamo(body["NewImage"]) if body.get("NewImage") else None
        old = dynamo.from_dynamo(body["OldImage"]) if body.get("OldImage") else None
        image = new or old
        if image is None:
            raise RecordError("record has neither NewImage nor OldImage (stream view must be NEW_AND_OLD_IMAGES)")
        if _sequence(record) is None:
            raise RecordError(f"record has no sequence number: {body.get('SequenceNumber')!r}")
        posting_key = f"{image['pk']}#{image['sk']}"
        # A delete (TTL or manual) has no new rev: it supersedes the old image.
        rev = int(new["rev"]) if new else int(image["rev"]) + 1
        if new and old and int(old["rev"]) == rev:
            # Bookkeeping only (a scrape counting a miss): nothing any board shows changed.
            return PostingChange(sequence=body["SequenceNumber"], posting_key=posting_key, rev=rev, wanted={})
        # Open postings are on their boards; a closed one only on boards that show closed jobs
        # (scrape keeps just those in its `boards`).
        on_boards = set(new.get("boards") or ()) if new else set()
        touched = on_boards | set((old or {}).get("boards") or ())
        shown = shown_posting(new) if new else None
        return PostingChange(
            sequence=body["SequenceNumber"],
            posting_key=posting_key,
            rev=rev,
            wanted={board: (shown if board in on_boards else None) for board in touched},
            aged_out_of=frozenset(new.get(AGED_OUT_OF) or ()) - on_boards if new else frozenset(),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        name = record.raw_event.get("eventID") if isinstance(record.raw_event, dict) else None
        raise RecordError(f"unreadable stream record {name}: {exc!r}") from None


def _wrapped(record: DynamoDBRecord | dict) -> DynamoDBRecord:
    return record if isinstance(record, DynamoDBRecord) else DynamoDBRecord(record)


def shown_posting(image: dict) -> dict:
    """The posting fields a board shows (table bookkeeping dropped)."""
    hidden = {
        "pk",
        "sk",
        "status",
        "boards",
        "content_hash",
        "rev",
        "expires_at",
        "missed",
        "missed_in",
        "description",
        AGED_OUT_OF,
        OVERRIDES,  # the posting's fields already hold them
    }
    return {k: v for k, v in image.items() if k not in hidden}


@dataclass
class BatchResult:
    applied: int = 0  # marker changes written
    skipped: int = 0  # changes already reflected (redelivery or superseded)
    failed_sequence: str | None = None  # where Lambda must resume, if anything failed
    transactions: int = 0
    errors: list[str] = field(default_factory=list)


def apply_batch(
    records: Iterable[DynamoDBRecord | dict], store: BoardsStore, now: datetime | None = None
) -> BatchResult:
    """Every change of the batch in a few transactions (see the module's docstring).

    Not Powertools' BatchProcessor: it hands a handler one record at a time, and one transaction
    per record would cost each record its own BatchGet and transaction, 200 requests for a
    100-record batch instead of 4 (`benchmarks/micro.py`, "stats per-record"). The response is
    Powertools' partial batch shape, resuming from the first record not applied.
    """
    now = now or datetime.now(timezone.utc)
    result = BatchResult()
    changes: list[PostingChange] = []
    for record in map(_wrapped, records):
        try:
            changes.append(parse_record(record))
        except RecordError as exc:
            # Records after this one are redelivered with it; bisect-on-error isolates it.
            result.errors.append(str(exc))
            # Without a readable sequence number, "" makes Lambda retry (and bisect) the whole batch.
            result.failed_sequence = _sequence(record) or ""
            logger.error("stream record rejected", extra={"error": str(exc)})
            break
    latest = _latest_per_board_item(changes)
    for attempt in range(1, CONFLICT_RETRIES + 1):
        try:
            _apply(latest, store, now, result)
            return result
        except (ClientError, BotoCoreError) as exc:  # an answer, or none (network) after botocore's retries
            code = error_code(exc) if isinstance(exc, ClientError) else type(exc).__name__
            if code != "TransactionCanceledException" or attempt == CONFLICT_RETRIES:
                result.errors.append(f"{code}: {exc}")
                result.failed_sequence = min((c.sequence for c in changes), key=int, default=result.failed_sequence)
                logger.exception("stream batch not applied; Lambda will redeliver")
                return result
            logger.info("marker changed concurrently; re-reading", extra={"attempt": attempt})
    return result


def _sequence(record: DynamoDBRecord) -> str | None:
    raw = record.raw_event
    body = raw.get("dynamodb") if isinstance(raw, dict) else None
    sequence = body.get("SequenceNumber") if isinstance(body, dict) else None
    return sequence if isinstance(sequence, str) and sequence.isdigit() else None


# (board, posting key) -> (rev, posting as shown or None, whether it left the board only by age)
_Latest = dict[tuple[str, str], tuple[int, dict | None, bool]]


def _latest_per_board_item(changes: list[PostingChange]) -> _Latest:
    latest: _Latest = {}
    for change in changes:
        for board, shown in change.wanted.items():
            key = (board, change.posting_key)
            if key not in latest or change.rev > latest[key][0]:
                latest[key] = (change.rev, shown, board in change.aged_out_of)
    return latest


def _apply(latest: _Latest, store: BoardsStore, now: datetime, result: BatchResult) -> None:
    current = store.markers(sorted(latest))
    pending: list[tuple[str, str, int, dict | None, bool, Marker | None]] = []
    for (board, posting_key), (rev, shown, aged) in sorted(latest.items()):
        previous = current.get((board, posting_key))
        if previous is not None and previous.rev >= rev:
            result.skipped += 1
            continue
        pending.append((board, posting_key, rev, shown, aged, previous))

    chunk_markers: list[dict] = []
    deltas: dict[str, Delta] = {}
    shown_changed: set[str] = set()  # boards whose shown postings this chunk changes

    def flush():
        if not chunk_markers:
            return
        actions = list(chunk_markers)
        for board, delta in sorted(deltas.items()):
            if delta.jobs or delta.remote or board in shown_changed:
                actions.append(
                    store.totals_write(board, delta.jobs, delta.remote, shown_changed=board in shown_changed)
                )
            for key in sorted(delta.counter_keys()):
                actions.append(store.counter_write(board, key, delta.counts[key], delta.salary_sums[key]))
        store.transact(actions)
        result.transactions += 1
        result.applied += len(chunk_markers)
        chunk_markers.clear()
        deltas.clear()
        shown_changed.clear()

    for board, posting_key, rev, shown, aged, previous in pending:
        change = Delta()
        change.add(previous.contribution if previous else None, -1)
        change.add(Contribution.of(shown) if shown is not None else None, +1)
        if _chunk_size(chunk_markers, deltas, board, change) > MAX_TRANSACTION_ITEMS:
            flush()
        merged = deltas.setdefault(board, Delta())
        merged.jobs += change.jobs
        merged.remote += change.remote
        merged.counts.update(change.counts)
        merged.salary_sums.update(change.salary_sums)
        if (previous.shown if previous else "") != shown_digest(shown) and not aged:
            shown_changed.add(board)
        chunk_markers.append(store.marker_write(board, posting_key, rev, shown, previous, now))
    flush()


def _chunk_size(markers: list, deltas: dict[str, Delta], board: str, change: Delta) -> int:
    """Transaction items if `change` joined the chunk: markers + totals + distinct counters."""
    boards = set(deltas) | {board}
    counters = sum(len(d.counter_keys() | (change.counter_keys() if b == board else set())) for b, d in deltas.items())
    if board not in deltas:
        counters += len(change.counter_keys())
    return len(markers) + 1 + len(boards) + counters
