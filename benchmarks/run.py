"""`make bench`: replay real SimplifyJobs snapshots through the handlers as deployed and print the
figures, each target marked PASS or MISS. Nothing is asserted: the figures are for reading.

Phases: (1) the snapshots as published, one per scrape: the first --days daily ones, then the
intraday ones (the first scraped twice: an unchanged re-scrape); (2) a first pass at full scale,
every listing of a snapshot served as open; (3) the `jobboard` command itself at full scale, as
a subprocess (1 board, the 4 default boards; embedded moto and `jobboard moto-server`); (4) the
stats and publish functions' peak memory at that scale; (5) stats cost per batch at two table
sizes; (6) rendering a ~6,000-posting board, and CPU for normalising and rendering from stored
rows; (7) each handler's cold start, for information (coldstart.py); then what a publish run
costs per board when nothing changed (publish_cost.py).
Data comes from ../shared/data (beside the repository); without it phases 1-6 are skipped.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

# Lambda logs are JSON lines; for a benchmark only warnings are worth the screen.
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("POWERTOOLS_LOG_LEVEL", os.environ["LOG_LEVEL"])
os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")  # no metric lines (EMF) between the figures

from cli_pass import bench_configs, lambda_memory, run_passes, serve_listings  # noqa: E402 (after the log level)
import coldstart  # noqa: E402
from harness import (  # noqa: E402
    DATA_DIR,
    USER_ENDPOINT,
    Snapshot,
    all_open,
    bench_world,
    moto_server,
    snapshots,
    workspace,
)
from micro import SIMPLIFY_GENERATOR_S, cpu_figures, postings_of, render_times, stats_cost  # noqa: E402
from pipeline import HEADER, LEGEND, StepRow, format_row, run_step  # noqa: E402
from publish_cost import publish_cost  # noqa: E402

from jobboard_local.template import functions, load_template  # noqa: E402

TARGET_FIRST_PASS_S = 60.0
TARGET_SECOND_PASS_S = 10.0
TARGET_TREE_MB = 1024
TARGET_RENDER_S = 0.5
TARGET_ROWS_TO_FILES_CPU_S = 0.15
TARGET_NORMALISE_CPU_S = 0.10
CLI_SNAPSHOT = "daily-2024-10-24"  # 6,000 listings, 5,979 postings when all are open
TARGET_STATS_RATIO = 1.2
TARGET_PUBLISH_CHANGED, TARGET_PUBLISH_UNCHANGED = 5, 2


def say(text: str = "") -> None:
    print(text, flush=True)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def replay(daily: int, intraday: int) -> list[StepRow]:
    series = snapshots("simplify-summer2025")
    chosen = [s for s in series if s.name.startswith("daily-")][:daily]
    chosen += [s for s in series if s.name.startswith("intraday-")][:intraday]
    say(
        f"\n== 1. Replay: {len(chosen)} snapshots of simplify-summer2025, one per scrape "
        f"(clock pinned to each commit time; only active, visible listings become postings)"
    )
    say(LEGEND)
    say(HEADER)
    rows = []
    with workspace() as workdir, bench_world(workdir) as bench:
        for index, snapshot in enumerate(chosen):
            body = snapshot.text()
            rows.append(run_step(bench, snapshot.name, body, snapshot.listings, snapshot.commit_time))
            say(format_row(rows[-1]))
            if index == 0:
                rows.append(
                    run_step(
                        bench, f"{snapshot.name} (again)", body, snapshot.listings, snapshot.commit_time, repeat=True
                    )
                )
                say(format_row(rows[-1]))
    return rows


def full_scale() -> list[StepRow]:
    first = snapshots("simplify-summer2025")[0]
    body = json.dumps(all_open(first.entries()), ensure_ascii=False)
    say(f"\n== 2. First pass at full scale: {first.name} with every listing served as open")
    say(HEADER)
    rows = []
    with workspace() as workdir, bench_world(workdir) as bench:
        for label, repeat in (("first pass (all open)", False), ("same again", True)):
            rows.append(run_step(bench, label, body, first.listings, first.commit_time, repeat))
            say(format_row(rows[-1]))
    return rows


def cli_phase() -> list[tuple[bool, str, str]]:
    """The `jobboard` command as a user runs it (`run --live`, a subprocess per pass) on the
    all-open snapshot: 1 unfiltered board and the default jobboard.yaml's 4 boards with the
    embedded moto; the 1 board again against `jobboard moto-server` (AWS_ENDPOINT_URL), whose
    tables then serve the Lambda memory figures."""
    from jobboard_local.recorded import RecordedSourceServer

    snapshot = next(s for s in snapshots("simplify-summer2025") if s.name == CLI_SNAPSHOT)
    body = json.dumps(all_open(snapshot.entries()), ensure_ascii=False)
    now = _utc(snapshot.commit_time).strftime("%Y-%m-%dT%H:%M:%SZ")
    say(
        f"\n== 3. The jobboard command at full scale: `jobboard --config C --out O run --live` as a subprocess, "
        f"{snapshot.name} with every listing open, JOBBOARD_NOW={now}; memory: the whole process tree (moto included)"
    )
    say(
        f"  {'run':<46} {'wall s':>6} {'peak MB':>7} {'moto MB':>7} {'scrape':>6} {'stats':>6} {'publish':>7} "
        f"{'seen':>5} {'stream':>6} {'ddb req':>7} {'written':>7} {'commits':>7}  boards (jobs, status)"
    )
    targets: list = []
    memory: list = []
    with workspace() as workdir, RecordedSourceServer() as server:
        configs = bench_configs(serve_listings(server, body))
        runs: list[tuple[str, dict, str | None]] = [
            (f"{name}, embedded moto", config, None) for name, config in configs.items()
        ]
        runs.append((f"{next(iter(configs))}, jobboard moto-server", next(iter(configs.values())), "server"))
        for label, config, where in runs:
            if where:
                with moto_server() as (endpoint, pid):
                    passes = run_passes(label, config, workdir, now, endpoint, (pid,))
                    config_path = workdir / f"{label.replace(' ', '-')}.yaml"
                    memory = lambda_memory(
                        endpoint, config_path, workdir / f"out-{label.replace(' ', '-')}", now, workdir
                    )
            else:
                passes = run_passes(label, config, workdir, now, None)
            for row in passes:
                stages = " ".join(
                    f"{row.stages.get(k, 0):>{w}.1f}" for k, w in (("scrape", 6), ("stats", 6), ("publish", 7))
                )
                say(
                    f"  {row.label:<46} {row.wall_s:>6.1f} {row.peak_tree_mb:>7.0f} {row.peak_moto_mb:>7.0f} {stages} "
                    f"{row.seen:>5} {row.stream_records:>6} {row.dynamodb_requests:>7} {row.items_written:>7} "
                    f"{row.commits:>7}  {', '.join(f'{b} ({j}, {st})' for b, j, st in row.boards)}"
                    + (f"  EXIT {row.exit_code}" if row.exit_code else "")
                )
            first, again = passes
            targets += [
                (
                    first.exit_code == 0 and first.wall_s < TARGET_FIRST_PASS_S,
                    f"{label}: first pass < {TARGET_FIRST_PASS_S:.0f} s wall",
                    f"{first.wall_s:.1f} s ({first.seen} postings)",
                ),
                (
                    max(first.peak_tree_mb, again.peak_tree_mb) < TARGET_TREE_MB,
                    f"{label}: peak memory (process tree) < {TARGET_TREE_MB / 1024:.0f} GB",
                    f"{max(first.peak_tree_mb, again.peak_tree_mb):.0f} MB",
                ),
                (
                    again.exit_code == 0
                    and again.wall_s < TARGET_SECOND_PASS_S
                    and again.items_written == 0
                    and again.commits == 0,
                    f"{label}: unchanged pass < {TARGET_SECOND_PASS_S:.0f} s, 0 writes, 0 commits",
                    f"{again.wall_s:.1f} s, {again.items_written} written, {again.commits} commits",
                ),
            ]
    say(
        "\n== 4. Lambda memory at full scale: each function alone in a fresh interpreter (peak RSS, what Lambda "
        "reports as Max Memory Used), against the tables the moto-server pass left"
    )
    specs = functions(load_template())
    for m in memory:
        size = next(spec.memory for spec in specs.values() if spec.logical_id.lower() == f"{m.function}function")
        say(f"  {m.function:<10} {m.peak_rss_mb:>6.0f} MB  {m.what}; template.yaml MemorySize {size} MB")
        targets.append(
            (
                0 < 2 * m.peak_rss_mb <= size,
                f"{m.function} MemorySize >= 2x its peak memory",
                f"{size} MB for a {m.peak_rss_mb:.0f} MB peak",
            )
        )
    return targets


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--days", type=int, default=5, help="daily snapshots to replay (default 5)")
    parser.add_argument(
        "--intraday", type=int, default=6, help="intraday snapshots to replay after them (default 6 of the 19)"
    )
    parser.add_argument("--import-runs", type=int, default=5, help="fresh interpreters per import timing (best of)")
    args = parser.parse_args()
    started = time.perf_counter()
    targets: list[tuple[bool, str, str]] = []  # (met, target, what was measured)

    where = (
        f"AWS_ENDPOINT_URL {USER_ENDPOINT} (a plain moto server makes the stats stage slow at scale: "
        "`jobboard moto-server` is the patched one)"
        if USER_ENDPOINT
        else "`jobboard moto-server` in a child process per phase (jobboard_local/moto_standin.py: per-item "
        "transaction rollback)"
    )
    say(f"DynamoDB: {where}; GitHub: in-memory stand-in; source: local HTTP server")
    if not snapshots("simplify-summer2025"):
        say(
            f"SKIPPED phases 1-6: no snapshot data at {DATA_DIR}/simplify-summer2025 (index.json); "
            "the benchmark replays real listings from ../shared/data beside the repository"
        )
    else:
        rows = replay(args.days, args.intraday)
        full = full_scale()
        targets += pipeline_targets(rows, full)
        targets += cli_phase()
        latest = [s for s in snapshots("simplify-summer2025") if s.name.startswith("daily-")][-1]
        postings = postings_of(latest.entries())
        targets += stats_target(latest, postings)
        targets += render_target(latest, postings)
        targets += cpu_target()
        targets += publish_cost(snapshots("simplify-summer2025")[0], say)

    coldstart.report(args.import_runs, say)

    say("\n== Targets")
    for met, target, measured in targets:
        say(f"  {verdict(met)}  {target:<58} {measured}")
    say(
        f"\nbenchmark wall time {time.perf_counter() - started:.0f} s; peak memory is this process's "
        "(handlers, stand-ins; moto runs in a child process)"
    )
    return 0


def pipeline_targets(rows: list[StepRow], full: list[StepRow]) -> list[tuple[bool, str, str]]:
    steps = rows + full
    again = [r for r in steps if r.repeat]
    unchanged_ok = all(r.items_written == 0 and r.stream_records == 0 and r.commits == 0 for r in again)
    worst = max(steps, key=lambda r: r.scrape_requests / r.scrape_budget)
    changed = [n for r in steps for status, n in r.board_requests if status == "published"]
    unchanged = [n for r in steps for status, n in r.board_requests if status == "unchanged"]
    first = full[0]
    return [
        (
            unchanged_ok,
            "unchanged re-scrape: 0 items, 0 stream records, 0 commits",
            "; ".join(f"{r.items_written}/{r.stream_records}/{r.commits} ({r.seen} postings)" for r in again),
        ),
        (
            all(r.scrape_requests <= r.scrape_budget for r in steps),
            "scrape DynamoDB requests <= N/100 + k + 5",
            f"worst {worst.label}: {worst.scrape_requests} <= {worst.scrape_budget:.1f} (N={worst.seen}, k={worst.changes})",
        ),
        (
            max(changed, default=0) <= TARGET_PUBLISH_CHANGED,
            f"changed publish <= {TARGET_PUBLISH_CHANGED} GitHub requests a board",
            f"max {max(changed, default=0)} over {len(changed)} commits",
        ),
        (
            max(unchanged, default=0) <= TARGET_PUBLISH_UNCHANGED,
            f"unchanged publish <= {TARGET_PUBLISH_UNCHANGED} GitHub requests a board",
            f"max {max(unchanged, default=0)} over {len(unchanged)} unchanged publishes",
        ),
        (
            first.total_s < TARGET_FIRST_PASS_S,
            f"full first pass < {TARGET_FIRST_PASS_S:.0f} s",
            f"{first.total_s:.1f} s for {first.seen} postings (scrape {first.scrape_s:.1f}, stats {first.stats_s:.1f}, "
            f"publish {first.publish_s:.1f}); {first.total_s - first.dynamodb_s:.1f} s outside DynamoDB calls",
        ),
    ]


def stats_target(latest: Snapshot, postings: list) -> list[tuple[bool, str, str]]:
    say(
        f"\n== 5. Stats cost per 100-record batch against table size ({latest.name}, every listing open; "
        "postings and board markers written straight to the tables, then the same 100 postings changed)"
    )
    results = stats_cost(postings, sizes=(1000, len(postings)), changes=100, now=_utc(latest.commit_time))
    say(
        f"  {'postings':>8} {'markers':>8} {'records':>8} {'requests per batch':>18} {'req/100 rec':>11} "
        f"{'s/100 rec':>9}"
    )
    per_100, seconds_100 = [], []
    for r in results:
        per_100.append(sum(r.batch_requests) / (r.records / 100))
        seconds_100.append(r.seconds / (r.records / 100))
        say(
            f"  {r.size:>8} {r.markers:>8} {r.records:>8} {'+'.join(map(str, r.batch_requests)):>18} "
            f"{per_100[-1]:>11.1f} {seconds_100[-1]:>9.3f}"
        )
    # Why the stats function keeps its grouping rather than Powertools' per-record BatchProcessor:
    # the same changes applied one record at a time, as a per-record handler would.
    (one_by_one,) = stats_cost(postings, sizes=(1000,), changes=100, now=_utc(latest.commit_time), per_record=True)
    say(
        f"  per record (a BatchProcessor record handler), {one_by_one.size} postings: "
        f"{sum(one_by_one.batch_requests) / (one_by_one.records / 100):.1f} requests and "
        f"{one_by_one.seconds / (one_by_one.records / 100):.3f} s per 100 records "
        f"(grouped: {per_100[0]:.1f} and {seconds_100[0]:.3f})"
    )
    ratio, time_ratio = per_100[-1] / per_100[0], seconds_100[-1] / seconds_100[0]
    sizes = f"N={results[-1].size} / N={results[0].size} <= {TARGET_STATS_RATIO}"
    return [
        (
            ratio <= TARGET_STATS_RATIO,
            f"stats requests per batch flat: {sizes}",
            f"{ratio:.2f} ({per_100[-1]:.1f} vs {per_100[0]:.1f} per 100 records)",
        ),
        (
            time_ratio <= TARGET_STATS_RATIO,
            f"stats seconds per batch flat: {sizes}",
            f"{time_ratio:.2f} ({seconds_100[-1]:.3f} vs {seconds_100[0]:.3f} s per 100 records, moto included)",
        ),
    ]


def render_target(latest: Snapshot, postings: list) -> list[tuple[bool, str, str]]:
    from jobboard.render.themes import available_themes

    say(f"\n== 6. render_board on a {len(postings)}-posting board ({latest.name}, every listing open)")
    say(f"  {'theme':<10} {'first s':>8} {'median s':>8} {'best s':>8} {'files':>6} {'README KB':>10} {'pages':>6}")
    results = render_times(postings, latest.commit_time, tuple(available_themes()))
    for r in results:
        say(
            f"  {r.theme:<10} {r.first_s:>8.3f} {r.median_s:>8.3f} {r.best_s:>8.3f} {r.files:>6} {r.readme_kb:>10.0f} "
            f"{r.pages:>6}"
        )
    worst = max(results, key=lambda r: r.median_s)
    return [
        (
            worst.median_s < TARGET_RENDER_S,
            f"render a {worst.postings}-posting board < {TARGET_RENDER_S} s",
            f"slowest theme {worst.theme}: median {worst.median_s:.3f} s (first, with the theme's compile, "
            f"{worst.first_s:.3f} s)",
        )
    ]


def cpu_target() -> list[tuple[bool, str, str]]:
    snapshot = next(s for s in snapshots("simplify-summer2025") if s.name == CLI_SNAPSHOT)
    figures = cpu_figures(snapshot.entries(), snapshot.commit_time)
    say(
        f"\n  CPU in-process (time.process_time, median of 5), {snapshot.name} all open, beside SimplifyJobs' own "
        f"generator ({SIMPLIFY_GENERATOR_S:.2f} s, whole process, same snapshot):"
    )
    say(f"  normalise {figures.listings} listings (simplify adapter)         {figures.normalise_s:6.3f} s")
    say(
        f"  {figures.rows} stored rows -> view, fingerprint, every file     {figures.render_s:6.3f} s  "
        f"({', '.join(figures.files)})"
    )
    return [
        (
            figures.normalise_s <= TARGET_NORMALISE_CPU_S,
            f"normalise {figures.listings} listings <= {TARGET_NORMALISE_CPU_S:.2f} s CPU",
            f"{figures.normalise_s:.3f} s (SimplifyJobs' generator {SIMPLIFY_GENERATOR_S:.2f} s)",
        ),
        (
            figures.render_s <= TARGET_ROWS_TO_FILES_CPU_S,
            f"{figures.rows} stored rows to every file <= {TARGET_ROWS_TO_FILES_CPU_S:.2f} s CPU",
            f"{figures.render_s:.3f} s (SimplifyJobs' generator {SIMPLIFY_GENERATOR_S:.2f} s)",
        ),
    ]


def _utc(text: str):
    from jobboard.model import parse_utc

    return parse_utc(text)


if __name__ == "__main__":
    sys.exit(main())
