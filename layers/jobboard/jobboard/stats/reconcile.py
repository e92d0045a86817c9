"""Self-repair of the boards' figures: recount every board from the postings table and rewrite
only what differs.

The stream keeps boards current change by change; whatever way a change fails to reach a board
(a batch parked in InvocationFailureQueue after its retries, a stream record past its 24 h, a bug, a
hand edit of either table) leaves drift nothing else would ever see. Once a day this reads the
postings table (one paginated Scan) and each board's partition (one paginated Query, markers and
counters, no posting text), works out from the postings what each board should hold (the same
`shown_posting` and `Contribution` the stream path uses) and writes only the differences:
missing, stale or extra markers (conditional on the marker read, as the stream path's are), the
counters and totals that differ (set to their recount) and one version bump, so the next publish
renders the repaired board. A board without drift costs its read and no write.

A marker newer than the posting the Scan read means the stream applied a change while the recount
ran: that board's counters are left to the next run rather than set from an older read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from aws_lambda_powertools import Logger
from botocore.exceptions import ClientError

from jobboard.aws_clients import error_code
from jobboard.stats.figures import Contribution, Delta
from jobboard.stats.stream import shown_posting
from jobboard.store.boards import MAX_TRANSACTION_ITEMS, BoardsStore, Marker, shown_digest
from jobboard.store.postings import PostingsStore

logger = Logger(child=True)


@dataclass
class BoardRepair:
    """What one board's recount found wrong and rewrote."""

    board: str
    markers: int = 0  # markers added, refreshed or turned into tombstones
    counters: int = 0  # counters and totals set to their recount
    jobs_before: int = 0
    jobs_after: int = 0
    deferred: bool = False  # the stream changed the board during the recount: counters left to the next run

    @property
    def repaired(self) -> bool:
        return bool(self.markers or self.counters)


@dataclass
class ReconcileReport:
    postings: int = 0  # postings read
    boards: list[BoardRepair] = field(default_factory=list)

    @property
    def repaired(self) -> list[BoardRepair]:
        return [b for b in self.boards if b.repaired]

    def to_dict(self) -> dict:
        return {
            "postings": self.postings,
            "boards": len(self.boards),
            "repaired": [vars(b) for b in self.repaired],
            "deferred": [b.board for b in self.boards if b.deferred],
        }


def wanted_by_board(items: Iterable[dict], board_ids: Iterable[str]) -> tuple[dict[str, dict], dict[str, int], int]:
    """From posting items (plain dicts): board -> posting key -> (rev, posting as shown); every
    posting's rev by key; and how many postings were read."""
    wanted: dict[str, dict[str, tuple[int, dict]]] = {board: {} for board in board_ids}
    revs: dict[str, int] = {}
    count = 0
    for item in items:
        count += 1
        key = f"{item['pk']}#{item['sk']}"
        rev = int(item["rev"])
        revs[key] = rev
        on = [board for board in item.get("boards") or () if board in wanted]
        if on:
            shown = shown_posting(item)
            for board in on:
                wanted[board][key] = (rev, shown)
    return wanted, revs, count


def reconcile(board_ids: list[str], postings: PostingsStore, boards: BoardsStore, now: datetime) -> ReconcileReport:
    wanted, revs, count = wanted_by_board(postings.scan_items(), board_ids)
    report = ReconcileReport(postings=count)
    for board_id in board_ids:
        repair = reconcile_board(board_id, wanted[board_id], revs, boards, now)
        report.boards.append(repair)
        if repair.repaired:
            logger.warning("board figures repaired from the postings table", extra=vars(repair))
    return report


def reconcile_board(
    board_id: str, want: dict[str, tuple[int, dict]], revs: dict[str, int], boards: BoardsStore, now: datetime
) -> BoardRepair:
    markers, counters, (jobs, remote) = boards.recount_state(board_id)
    repair = BoardRepair(board=board_id, jobs_before=jobs)
    fixes: list[tuple[str, int, dict | None, Marker | None]] = []
    for key, (rev, shown) in want.items():
        marker = markers.get(key)
        if marker is not None and marker.rev > rev:
            repair.deferred = True  # applied by the stream after the Scan read the posting
        elif marker is None or marker.rev < rev or _shows_otherwise(marker, shown):
            fixes.append((key, rev, shown, marker))
    for key, marker in markers.items():
        if key not in want and _on_board(marker):
            # Off the board: at the posting's rev, or as its delete would be (rev + 1) when it is gone.
            fixes.append((key, max(marker.rev, revs.get(key, marker.rev + 1)), None, marker))

    for start in range(0, len(fixes), MAX_TRANSACTION_ITEMS):
        chunk = fixes[start : start + MAX_TRANSACTION_ITEMS]
        try:
            boards.transact([boards.marker_write(board_id, key, rev, shown, m, now) for key, rev, shown, m in chunk])
        except ClientError as exc:
            if error_code(exc) != "TransactionCanceledException":
                raise
            repair.deferred = True  # a marker changed under us: the stream got there
            continue
        repair.markers += len(chunk)

    expected = Delta()
    for _, shown in want.values():
        expected.add(Contribution.of(shown), +1)
    repair.jobs_after = expected.jobs
    if repair.deferred:
        logger.info("board changed during the recount; its counters wait for the next run", extra={"board": board_id})
        return repair
    actions = [
        boards.counter_set(board_id, key, expected.counts[key], expected.salary_sums[key])
        for key in sorted(set(counters) | {k for k, n in expected.counts.items() if n})
        if counters.get(key, (0, 0)) != (expected.counts[key], expected.salary_sums[key])
    ]
    if actions or repair.markers or (jobs, remote) != (expected.jobs, expected.remote):
        actions.append(boards.totals_set(board_id, expected.jobs, expected.remote))  # bumps the version too
    for start in range(0, len(actions), MAX_TRANSACTION_ITEMS):
        boards.transact(actions[start : start + MAX_TRANSACTION_ITEMS])
    repair.counters = len(actions)
    return repair


def _on_board(marker: Marker) -> bool:
    # Markers written before `shown` was kept: on the board when they contribute.
    return bool(marker.shown) if marker.shown is not None else marker.contribution is not None


def _shows_otherwise(marker: Marker, shown: dict) -> bool:
    if marker.shown is None:
        return marker.contribution != Contribution.of(shown)
    return marker.shown != shown_digest(shown)
