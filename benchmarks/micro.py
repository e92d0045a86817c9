"""Micro-benchmarks on direct domain calls: stats cost against table size, rendering a large board."""

from __future__ import annotations

import dataclasses
import statistics
import time
from dataclasses import dataclass
from datetime import datetime

from harness import SOURCE_ID, all_open, aws_client, bench_config, drop_tables, dynamodb_endpoint

from jobboard.config import parse_config
from jobboard_local.stream import StreamPump, table_stream_arn
from jobboard_local.template import load_template, tables
from jobboard_local.usage import DynamoCounter
from jobboard.model import Posting, parse_utc
from jobboard.sources.base import SkipPosting, SourceContext
from jobboard.sources.simplify import SimplifyAdapter
from jobboard.stats.stream import apply_batch, parse_record
from jobboard.store import dynamo
from jobboard.store.boards import BoardsStore
from jobboard.store.postings import PostingsStore, posting_item


def postings_of(entries: list) -> list[Posting]:
    """Every listing normalised by the simplify adapter as if open (ids kept once, unusable ones dropped)."""
    adapter = SimplifyAdapter()
    # to_posting never fetches: no HTTP client.
    ctx = SourceContext(id=SOURCE_ID, settings={}, base_url="", http=None)  # type: ignore[arg-type]
    found: dict[str, Posting] = {}
    for raw in all_open(entries):
        try:
            posting = adapter.to_posting(raw, ctx)
        except SkipPosting:
            continue
        found.setdefault(posting.external_id, posting)
    return list(found.values())


# --- stats cost per batch against table size -------------------------------------------------


@dataclass
class StatsCost:
    size: int  # postings in the table, every one on the "all" board
    markers: int  # board markers in the boards table
    batch_requests: list[int]  # DynamoDB requests per stream batch carrying the changes
    records: int  # stream records those batches held
    seconds: float = 0.0  # wall time applying those batches (the moto server's work included)


def stats_cost(
    postings: list[Posting], sizes: tuple[int, ...], changes: int, now: datetime, per_record: bool = False
) -> list[StatsCost]:
    """`per_record`: each record applied on its own, as a per-record handler (Powertools' BatchProcessor)
    would apply it, instead of the batch at once. For each size: that many postings, and their board markers as the stats function leaves
    them, written straight to fresh tables (the stream switched on after); then the same
    `changes` postings (the first ones, present at every size) change as a scrape would change
    them, and the stream batches carrying that are delivered to the stats code and measured.
    Counters start empty: an ADD costs the same whatever the counter held."""
    boards = parse_config(bench_config("http://unused.invalid")).boards
    specs = tables(load_template())
    results = []
    with dynamodb_endpoint() as (endpoint, _):
        dynamodb, streams, counted = (aws_client(s, endpoint) for s in ("dynamodb", "dynamodbstreams", "dynamodb"))
        counter = DynamoCounter()
        counter.attach(counted)
        for size in sizes:
            names = {logical: f"bench-stats-{size}-{int(per_record)}-{logical}" for logical in specs}
            postings_table, boards_table = names["PostingsTable"], names["BoardsTable"]
            without_stream = {k: v for k, v in specs["PostingsTable"]["create"].items() if k != "StreamSpecification"}
            dynamodb.create_table(TableName=postings_table, **without_stream)
            dynamodb.create_table(TableName=boards_table, **specs["BoardsTable"]["create"])
            store, board_store = PostingsStore(postings_table, dynamodb), BoardsStore(boards_table, counted)

            items = [_item(p, boards, now) for p in postings[:size]]
            markers = [
                board_store.marker_write(board, change.posting_key, change.rev, shown, None, now)["Put"]["Item"]
                for change in (parse_record(_insert_record(i)) for i in items)
                for board, shown in change.wanted.items()
            ]
            _write_straight(dynamodb, postings_table, [dynamo.to_dynamo(i) for i in items])
            _write_straight(dynamodb, boards_table, markers)
            dynamodb.update_table(
                TableName=postings_table, StreamSpecification=specs["PostingsTable"]["create"]["StreamSpecification"]
            )

            for index, posting in enumerate(postings[:changes]):
                if index % 5 == 4:  # one in five closes, the rest are retitled
                    store.close(posting.source, posting.external_id, now)
                else:
                    store.put_if_changed(
                        _item(dataclasses.replace(posting, title=posting.title + " (updated)"), boards, now)
                    )
            pump = StreamPump(streams, table_stream_arn(dynamodb, postings_table))
            batches: list[int] = []
            seconds = 0.0

            def deliver(event, _context):
                nonlocal seconds
                before, started = counter.usage(), time.perf_counter()
                if per_record:
                    results = [apply_batch([record], board_store, now) for record in event["Records"]]
                    failed = [r.failed_sequence for r in results if r.failed_sequence is not None]
                    result = results[0] if not failed else next(r for r in results if r.failed_sequence is not None)
                else:
                    result = apply_batch(event["Records"], board_store, now)
                seconds += time.perf_counter() - started
                batches.append((counter.usage() - before).requests)
                return {
                    "batchItemFailures": [{"itemIdentifier": result.failed_sequence}] if result.failed_sequence else []
                }

            pump.drain(deliver)
            results.append(StatsCost(len(items), len(markers), batches, pump.records_read, seconds))
            drop_tables(dynamodb, names.values())
    return results


def _item(posting: Posting, boards, now: datetime) -> dict:
    """The postings-table item the scraper would write, on every board whose filters take it
    (judged at the posting's own time, so age keeps none off: the board holds the whole table)."""
    on = sorted(b.id for b in boards if b.filters.accepts(posting, posting.posted_at))
    return posting_item(
        posting,
        boards=on,
        content_hash=posting.content_hash(extra={"status": "open", "boards": on}),
        now=now,
        max_age_days=365,
    )


def _insert_record(item: dict) -> dict:
    """The stream record of the item's first write, as far as the stats code reads it."""
    return {"dynamodb": {"NewImage": dynamo.to_dynamo(item), "SequenceNumber": "0"}}


def _write_straight(dynamodb, table: str, items: list[dict]) -> None:
    """DynamoDB-JSON items, 25 a BatchWriteItem."""
    for start in range(0, len(items), 25):
        request: dict | None = {table: [{"PutRequest": {"Item": i}} for i in items[start : start + 25]]}
        while request:
            request = dynamodb.batch_write_item(RequestItems=request).get("UnprocessedItems") or None


# --- rendering -------------------------------------------------------------------------------


@dataclass
class RenderTime:
    theme: str
    postings: int
    first_s: float  # first render in the process: includes compiling the theme
    median_s: float  # of the next renders
    best_s: float
    files: int
    readme_kb: float
    pages: int


def render_times(postings: list[Posting], now: str, themes: tuple[str, ...], repeats: int = 5) -> list[RenderTime]:
    from jobboard.render import render_board
    from jobboard.render.view import BoardView
    from jobboard.stats.figures import recompute

    config = parse_config(bench_config("http://unused.invalid"))
    board = config.boards[0]
    ordered = tuple(sorted(postings, key=lambda p: (p.posted_at, p.key), reverse=True))
    view = BoardView(
        board=board,
        postings=ordered,
        figures=recompute(p.to_dict() for p in ordered),
        generated_at=parse_utc(now).replace(microsecond=0),
        related=config.boards[1:],
    )
    results = []
    for theme in themes:
        themed = dataclasses.replace(view, board=board.model_copy(update={"theme": theme}))
        timings = []
        for _ in range(1 + repeats):
            started = time.perf_counter()
            rendered = render_board(themed)
            timings.append(time.perf_counter() - started)
        results.append(
            RenderTime(
                theme,
                len(ordered),
                timings[0],
                statistics.median(timings[1:]),
                min(timings[1:]),
                len(rendered.files),
                len(rendered.files[rendered.paths.readme]) / 1024,
                rendered.pages,
            )
        )
    return results


# --- CPU: normalising the listings, rendering a board from its stored rows --------------------

SIMPLIFY_GENERATOR_S = 0.10  # SimplifyJobs' own README generator, whole process, same snapshot (issue 8)


@dataclass
class CpuFigures:
    listings: int
    normalise_s: float  # median CPU seconds: every listing through the simplify adapter
    rows: int
    render_s: float  # median CPU seconds: stored rows -> view, fingerprint, every file of the board
    files: list[str]


def cpu_figures(entries: list, now: str, repeats: int = 5) -> CpuFigures:
    """In-process CPU time (time.process_time), median of `repeats`, after one warm-up run each:
    (1) the snapshot's listings, every one served as open, normalised by the simplify adapter;
    (2) one unfiltered board's rows as the boards table stores them (the stats function's shown
    posting) rendered as a publish does: build_view, fingerprint, render_board (README, pages,
    jobs.json, feed, chart)."""
    from jobboard.publish.board import build_view, fingerprint
    from jobboard.render import render_board
    from jobboard.stats.figures import figures_from_counters
    from jobboard.store.boards import BoardSnapshot

    listings = all_open(entries)
    adapter = SimplifyAdapter()
    ctx = SourceContext(id=SOURCE_ID, settings={}, base_url="", http=None)  # type: ignore[arg-type]

    def normalise() -> list[Posting]:
        found = []
        for raw in listings:
            try:
                found.append(adapter.to_posting(raw, ctx))
            except SkipPosting:
                pass
        return found

    postings = {p.external_id: p for p in normalise()}.values()
    clock = parse_utc(now)
    config = parse_config(bench_config("http://unused.invalid"))
    board = config.boards[0]
    rows = [
        row for p in postings if (row := parse_record(_insert_record(_item(p, config.boards, clock))).wanted[board.id])
    ]
    snapshot = BoardSnapshot(
        postings=rows, figures=figures_from_counters(len(rows), 0, {}, {}), history=[], published={}
    )

    def render():
        view = build_view(board, config, snapshot, clock)
        fingerprint(view)
        return render_board(view, None)

    files = sorted(render().files)
    # Each timed run starts as a fresh scrape or a fresh function's first publish does: no values seen yet.
    normalise_s = _median_cpu(normalise, repeats, before=lambda: _forget_remembered_values("jobboard.normalise"))
    # The compiled theme stays (loading it is first-call setup, timed with the cold start; the build ships it compiled).
    render_s = _median_cpu(
        render, repeats, before=lambda: _forget_remembered_values("jobboard.", keep="jobboard.render.themes")
    )
    return CpuFigures(len(listings), normalise_s, len(rows), render_s, files)


def _median_cpu(work, repeats: int, before) -> float:
    """Median CPU seconds of `work` over `repeats` runs, `before` (not timed) ahead of each."""
    work()  # warm-up: compiled patterns, the theme
    timings = []
    for _ in range(repeats):
        before()
        started = time.process_time()
        work()
        timings.append(time.process_time() - started)
    return statistics.median(timings)


def _forget_remembered_values(prefix: str, keep: str = "") -> None:
    """Empty the bounded caches (values seen: locations, lines, URLs...) of the modules under
    `prefix` (but module `keep`), keeping the unbounded ones (compiled patterns, vocabulary), which a
    warm function keeps too: a cache kept between the repeated runs would flatter every run after the first."""
    import sys

    for name, module in list(sys.modules.items()):
        if name.startswith(prefix) and name != keep:
            for value in vars(module).values():
                parameters = getattr(value, "cache_parameters", None)
                if parameters and parameters()["maxsize"] is not None:
                    value.cache_clear()
