"""Micro-benchmarks on direct domain calls: stats cost against table size, rendering a large board."""

from __future__ import annotations

import dataclasses
import statistics
import time
from dataclasses import dataclass
from datetime import datetime

import boto3
from harness import SOURCE_ID, DynamoCounter, bench_config, dynamodb_endpoint, drop_tables

from jobboard.config import parse_config
from jobboard.local.stream import StreamPump, table_stream_arn
from jobboard.local.template import create_tables, load_template
from jobboard.model import Posting, parse_utc
from jobboard.sources.base import SkipPosting, SourceContext
from jobboard.sources.simplify import SimplifyAdapter
from jobboard.stats.stream import apply_batch
from jobboard.store.boards import BoardsStore
from jobboard.store.postings import PostingsStore, posting_item


def postings_of(entries: list) -> list[Posting]:
    """Every listing normalised by the simplify adapter as if open (ids kept once, unusable ones dropped)."""
    adapter = SimplifyAdapter()
    ctx = SourceContext(id=SOURCE_ID, settings={}, base_url="", http=None)
    found: dict[str, Posting] = {}
    for raw in entries:
        try:
            posting = adapter.to_posting(dict(raw, active=True, is_visible=True), ctx)
        except SkipPosting:
            continue
        found.setdefault(posting.external_id, posting)
    return list(found.values())


# --- stats cost per batch against table size -------------------------------------------------


@dataclass
class StatsCost:
    size: int  # postings in the table, every one on the "all" board
    fill_requests: list[int]  # DynamoDB requests per 100-record batch while the board filled up
    change_requests: list[int]  # per batch for the same changes made once the board is full
    change_records: int


def stats_cost(postings: list[Posting], sizes: tuple[int, ...], changes: int, now: datetime) -> list[StatsCost]:
    """For each size: write that many postings straight to a fresh postings table, deliver the
    stream to the stats code in 100-record batches, then change the same `changes` postings
    (the first ones, present at every size) and measure the batch that carries them."""
    boards = parse_config(bench_config("http://unused.invalid")).boards
    results = []
    with dynamodb_endpoint() as endpoint:
        dynamodb = boto3.client("dynamodb", endpoint_url=endpoint)
        streams = boto3.client("dynamodbstreams", endpoint_url=endpoint)
        counted = boto3.client("dynamodb", endpoint_url=endpoint)
        counter = DynamoCounter()
        counter.attach(counted)
        for size in sizes:
            names = {"PostingsTable": f"bench-stats-{size}-postings", "BoardsTable": f"bench-stats-{size}-boards"}
            create_tables(dynamodb, load_template(), names)
            store = PostingsStore(names["PostingsTable"], dynamodb)
            board_store = BoardsStore(names["BoardsTable"], counted)
            pump = StreamPump(streams, table_stream_arn(dynamodb, names["PostingsTable"]))

            def deliver(event, _context, batches):
                before = counter.mark()
                result = apply_batch(event["Records"], board_store, now)
                batches.append(counter.since(before)[0])
                return {"batchItemFailures": [{"itemIdentifier": result.failed_sequence}] if result.failed_sequence else []}

            subset = postings[:size]
            _write_straight(dynamodb, names["PostingsTable"], [_item(p, boards, now) for p in subset])
            fill: list[int] = []
            pump.drain(lambda event, ctx: deliver(event, ctx, fill))
            read = pump.records_read
            for index, posting in enumerate(subset[:changes]):
                if index % 5 == 4:  # one in five closes, the rest are retitled
                    store.close(posting.source, posting.external_id, now)
                else:
                    store.put_if_changed(_item(dataclasses.replace(posting, title=posting.title + " (updated)"), boards, now))
            batch: list[int] = []
            pump.drain(lambda event, ctx: deliver(event, ctx, batch))
            results.append(StatsCost(len(subset), fill, batch, pump.records_read - read))
            drop_tables(dynamodb, names.values())
    return results


def _item(posting: Posting, boards, now: datetime) -> dict:
    """The postings-table item the scraper would write, on every board whose filters take it
    (judged at the posting's own time, so age keeps none off: the board holds the whole table)."""
    on = sorted(b.id for b in boards if b.filters.accepts(posting, posting.posted_at))
    return posting_item(posting, boards=on, content_hash=posting.content_hash(extra={"status": "open", "boards": on}),
                        now=now, max_age_days=365)


def _write_straight(dynamodb, table: str, items: list[dict]) -> None:
    from jobboard.store import dynamo

    for start in range(0, len(items), 25):
        request = {table: [{"PutRequest": {"Item": dynamo.to_dynamo(i)}} for i in items[start:start + 25]]}
        while request:
            request = dynamodb.batch_write_item(RequestItems=request).get("UnprocessedItems") or None


# --- rendering -------------------------------------------------------------------------------


@dataclass
class RenderTime:
    theme: str
    postings: int
    first_s: float  # first render in the process: includes compiling the theme
    warm_s: float  # median of the next renders
    files: int
    readme_kb: float
    pages: int


def render_times(postings: list[Posting], now: str, themes: tuple[str, ...], repeats: int = 3) -> list[RenderTime]:
    from jobboard.render import render_board
    from jobboard.render.view import BoardView
    from jobboard.stats.figures import recompute

    config = parse_config(bench_config("http://unused.invalid"))
    board = config.boards[0]
    ordered = tuple(sorted(postings, key=lambda p: (p.posted_at, p.key), reverse=True))
    view = BoardView(board=board, postings=ordered, figures=recompute(p.to_dict() for p in ordered),
                     generated_at=parse_utc(now).replace(microsecond=0), related=config.boards[1:])
    results = []
    for theme in themes:
        themed = dataclasses.replace(view, board=dataclasses.replace(board, theme=theme))
        timings = []
        for _ in range(1 + repeats):
            started = time.perf_counter()
            rendered = render_board(themed)
            timings.append(time.perf_counter() - started)
        results.append(RenderTime(theme, len(ordered), timings[0], statistics.median(timings[1:]), len(rendered.files),
                                  len(rendered.files[rendered.paths.readme]) / 1024, rendered.pages))
    return results
