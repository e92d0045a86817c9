"""`make bench`: replay real SimplifyJobs snapshots through the handlers as deployed and print the
figures, each target marked PASS or MISS. Nothing is asserted: the figures are for reading.

Phases: (1) the snapshots as published, one per scrape: the first --days daily ones, then the
intraday ones (the first scraped twice: an unchanged re-scrape); (2) a first pass at full scale,
every listing of a snapshot served as open; (3) stats cost per batch at two table sizes;
(4) rendering a ~6,000-posting board; (5) handler import times against boto3 alone.
Data comes from ../shared/data (beside the repository); without it phases 1-4 are skipped.
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

from coldstart import handler_import_times  # noqa: E402 (after the log level is set)
from harness import DATA_DIR, USER_ENDPOINT, Snapshot, all_open, bench_world, snapshots, workspace  # noqa: E402
from micro import postings_of, render_times, stats_cost  # noqa: E402
from pipeline import HEADER, LEGEND, StepRow, format_row, run_step  # noqa: E402

from jobboard_local.template import functions, load_template  # noqa: E402

TARGET_FIRST_PASS_S = 60.0
TARGET_RENDER_S = 0.5
TARGET_IMPORT_RATIO = 1.5
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
    say(f"\n== 1. Replay: {len(chosen)} snapshots of simplify-summer2025, one per scrape "
        f"(clock pinned to each commit time; only active, visible listings become postings)")
    say(LEGEND)
    say(HEADER)
    rows = []
    with workspace() as workdir, bench_world(workdir) as bench:
        for index, snapshot in enumerate(chosen):
            body = snapshot.text()
            rows.append(run_step(bench, snapshot.name, body, snapshot.listings, snapshot.commit_time))
            say(format_row(rows[-1]))
            if index == 0:
                rows.append(run_step(bench, f"{snapshot.name} (again)", body, snapshot.listings, snapshot.commit_time,
                                     repeat=True))
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--days", type=int, default=5, help="daily snapshots to replay (default 5)")
    parser.add_argument("--intraday", type=int, default=6,
                        help="intraday snapshots to replay after them (default 6 of the 19)")
    parser.add_argument("--import-runs", type=int, default=5, help="fresh interpreters per import timing (best of)")
    args = parser.parse_args()
    started = time.perf_counter()
    targets: list[tuple[bool, str, str]] = []  # (met, target, what was measured)

    where = (f"AWS_ENDPOINT_URL {USER_ENDPOINT} (a plain moto server makes the stats stage slow at scale: "
             "see benchmarks/moto_server.py)" if USER_ENDPOINT else
             "a moto server in a child process per phase (benchmarks/moto_server.py: per-item transaction rollback)")
    say(f"DynamoDB: {where}; GitHub: in-memory stand-in; source: local HTTP server")
    if not snapshots("simplify-summer2025"):
        say(f"SKIPPED phases 1-4: no snapshot data at {DATA_DIR}/simplify-summer2025 (index.json); "
            "the benchmark replays real listings from ../shared/data beside the repository")
    else:
        rows = replay(args.days, args.intraday)
        full = full_scale()
        targets += pipeline_targets(rows, full)
        latest = [s for s in snapshots("simplify-summer2025") if s.name.startswith("daily-")][-1]
        postings = postings_of(latest.entries())
        targets += stats_target(latest, postings)
        targets += render_target(latest, postings)

    say(f"\n== 5. Handler import (cold start code), best of {args.import_runs} fresh interpreters each")
    baseline, handlers = handler_import_times(functions(load_template()), args.import_runs)
    say(f"  {'boto3 alone':<20} {baseline.seconds * 1000:7.0f} ms")
    for handler in handlers:
        ratio = handler.seconds / baseline.seconds
        say(f"  {handler.name:<20} {handler.seconds * 1000:7.0f} ms  {ratio:4.2f}x  "
            f"direct: {_shares(handler.direct)}; third-party: {_shares(handler.third_party)}")
        targets.append((ratio < TARGET_IMPORT_RATIO, f"{handler.name} import < {TARGET_IMPORT_RATIO}x boto3",
                        f"{ratio:.2f}x ({handler.seconds * 1000:.0f} vs {baseline.seconds * 1000:.0f} ms)"))

    say("\n== Targets")
    for met, target, measured in targets:
        say(f"  {verdict(met)}  {target:<58} {measured}")
    say(f"\nbenchmark wall time {time.perf_counter() - started:.0f} s; peak memory is this process's "
        "(handlers, stand-ins; moto runs in a child process)")
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
        (unchanged_ok, "unchanged re-scrape: 0 items, 0 stream records, 0 commits",
         "; ".join(f"{r.items_written}/{r.stream_records}/{r.commits} ({r.seen} postings)" for r in again)),
        (all(r.scrape_requests <= r.scrape_budget for r in steps), "scrape DynamoDB requests <= N/100 + k + 5",
         f"worst {worst.label}: {worst.scrape_requests} <= {worst.scrape_budget:.1f} (N={worst.seen}, k={worst.changes})"),
        (max(changed, default=0) <= TARGET_PUBLISH_CHANGED, f"changed publish <= {TARGET_PUBLISH_CHANGED} GitHub requests a board",
         f"max {max(changed, default=0)} over {len(changed)} commits"),
        (max(unchanged, default=0) <= TARGET_PUBLISH_UNCHANGED,
         f"unchanged publish <= {TARGET_PUBLISH_UNCHANGED} GitHub requests a board",
         f"max {max(unchanged, default=0)} over {len(unchanged)} unchanged publishes"),
        (first.total_s < TARGET_FIRST_PASS_S, f"full first pass < {TARGET_FIRST_PASS_S:.0f} s",
         f"{first.total_s:.1f} s for {first.seen} postings (scrape {first.scrape_s:.1f}, stats {first.stats_s:.1f}, "
         f"publish {first.publish_s:.1f}); {first.total_s - first.dynamodb_s:.1f} s outside DynamoDB calls"),
    ]


def stats_target(latest: Snapshot, postings: list) -> list[tuple[bool, str, str]]:
    say(f"\n== 3. Stats cost per 100-record batch against table size ({latest.name}, every listing open; "
        "postings and board markers written straight to the tables, then the same 100 postings changed)")
    results = stats_cost(postings, sizes=(1000, len(postings)), changes=100, now=_utc(latest.commit_time))
    say(f"  {'postings':>8} {'markers':>8} {'records':>8} {'requests per batch':>18} {'per 100 records':>15}")
    per_100 = []
    for r in results:
        per_100.append(sum(r.batch_requests) / (r.records / 100))
        say(f"  {r.size:>8} {r.markers:>8} {r.records:>8} {'+'.join(map(str, r.batch_requests)):>18} {per_100[-1]:>15.1f}")
    ratio = per_100[-1] / per_100[0]
    return [(ratio <= TARGET_STATS_RATIO, f"stats requests per batch flat: N={results[-1].size} / N={results[0].size} <= "
             f"{TARGET_STATS_RATIO}", f"{ratio:.2f} ({per_100[-1]:.1f} vs {per_100[0]:.1f} per 100 records)")]


def render_target(latest: Snapshot, postings: list) -> list[tuple[bool, str, str]]:
    from jobboard.render.themes import available_themes

    say(f"\n== 4. render_board on a {len(postings)}-posting board ({latest.name}, every listing open)")
    say(f"  {'theme':<10} {'first s':>8} {'median s':>8} {'best s':>8} {'files':>6} {'README KB':>10} {'pages':>6}")
    results = render_times(postings, latest.commit_time, tuple(available_themes()))
    for r in results:
        say(f"  {r.theme:<10} {r.first_s:>8.3f} {r.median_s:>8.3f} {r.best_s:>8.3f} {r.files:>6} {r.readme_kb:>10.0f} "
            f"{r.pages:>6}")
    worst = max(results, key=lambda r: r.median_s)
    return [(worst.median_s < TARGET_RENDER_S, f"render a {worst.postings}-posting board < {TARGET_RENDER_S} s",
             f"slowest theme {worst.theme}: median {worst.median_s:.3f} s (first, with the theme's compile, "
             f"{worst.first_s:.3f} s)")]


def _shares(costs: list[tuple[str, float]]) -> str:
    return ", ".join(f"{name} {share:.0%}" for name, share in costs)


def _utc(text: str):
    from jobboard.model import parse_utc

    return parse_utc(text)


if __name__ == "__main__":
    sys.exit(main())
