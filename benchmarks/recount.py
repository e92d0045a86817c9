"""The daily recount (ReconcileFunction) at Simplify scale: what it reads, writes and takes.

Every listing of the latest all-open summer snapshot is stored with its board markers as the
stats function leaves them (written straight, as micro.stats_cost does), then the recount runs
twice through `reconcile` against `jobboard moto-server`: on boards in step (reads only), and
after drift (100 markers lost, a counter off). Read units are estimated from the items' JSON size
(DynamoDB bills 0.5 unit per 4 KB read eventually consistent). Runnable alone:
`cd benchmarks && ../.venv/bin/python recount.py`.
"""

from __future__ import annotations

import json
import time
from datetime import datetime, timezone

from harness import aws_client, bench_config, drop_tables, dynamodb_endpoint, snapshots
from micro import _item, _write_straight, postings_of

from jobboard.config import parse_config
from jobboard.stats.reconcile import reconcile
from jobboard.stats.stream import parse_record
from jobboard.store import dynamo
from jobboard.store.boards import BoardsStore
from jobboard.store.postings import PostingsStore
from jobboard_local.template import load_template, tables
from jobboard_local.usage import DynamoCounter

NOW = datetime(2024, 10, 22, 12, 0, tzinfo=timezone.utc)


def recount_cost() -> None:
    found = snapshots("simplify-summer2025")
    if not found:
        print("recount: ../shared/data/simplify-summer2025 not found; skipped")
        return
    postings = postings_of(found[-1].entries())
    boards = parse_config(bench_config("http://unused.invalid")).boards
    specs = tables(load_template())
    names = {logical: f"bench-recount-{logical}" for logical in specs}
    with dynamodb_endpoint() as (endpoint, _):
        dynamodb, counted = aws_client("dynamodb", endpoint), aws_client("dynamodb", endpoint)
        without_stream = {k: v for k, v in specs["PostingsTable"]["create"].items() if k != "StreamSpecification"}
        dynamodb.create_table(TableName=names["PostingsTable"], **without_stream)
        dynamodb.create_table(TableName=names["BoardsTable"], **specs["BoardsTable"]["create"])
        store, board_store = PostingsStore(names["PostingsTable"], counted), BoardsStore(names["BoardsTable"], counted)
        items = [_item(p, boards, NOW) for p in postings]
        markers = [
            board_store.marker_write(board, change.posting_key, change.rev, shown, None, NOW)["Put"]["Item"]
            for change in (
                parse_record({"dynamodb": {"NewImage": dynamo.to_dynamo(i), "SequenceNumber": "0"}}) for i in items
            )
            for board, shown in change.wanted.items()
        ]
        _write_straight(dynamodb, names["PostingsTable"], [dynamo.to_dynamo(i) for i in items])
        _write_straight(dynamodb, names["BoardsTable"], markers)
        board_ids = [b.id for b in boards]
        first = reconcile(board_ids, store, board_store, NOW)  # counters start empty: set once
        posting_kb = sum(len(json.dumps(i, default=str)) for i in items) / 1024
        marker_kb = sum(len(json.dumps(m)) for m in markers) / 1024
        read_units = (posting_kb + marker_kb) / 4 * 0.5
        print(
            f"recount: {len(items)} postings ({posting_kb / 1024:.1f} MB), {len(markers)} markers on "
            f"{len(board_ids)} boards; about {read_units:,.0f} read units a run (${read_units * 0.125e-6:.5f})"
        )
        print(f"  first run (counters empty): {len(first.repaired)} board(s) repaired")
        for label, drift in (("boards in step", None), ("after drift", "drift")):
            if drift:
                for marker in markers[:100]:
                    dynamodb.delete_item(TableName=names["BoardsTable"], Key={"pk": marker["pk"], "sk": marker["sk"]})
            counter = DynamoCounter()
            counter.attach(counted)
            started = time.perf_counter()
            report = reconcile(board_ids, store, board_store, NOW)
            seconds = time.perf_counter() - started
            counter.detach()
            used = counter.usage()
            print(
                f"  {label}: {dict(counter.requests)} requests, {used.items_written} items written, "
                f"{len(report.repaired)} board(s) repaired, {seconds:.1f} s ({used.seconds:.1f} s of it in DynamoDB calls, moto included)"
            )
        drop_tables(dynamodb, names.values())


if __name__ == "__main__":
    recount_cost()
