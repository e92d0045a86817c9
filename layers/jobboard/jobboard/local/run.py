"""One full local pass, as deployed: schedules -> scrapers -> stream -> stats -> publisher."""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from jobboard.config import Config, load_config
from jobboard.local.environment import LocalStack, local_session
from jobboard.local.invoke import find_function, invoke
from jobboard.local.usage import DynamoCounter
from jobboard.store import dynamo


@dataclass
class RunReport:
    sample: bool
    sources: list[dict] = field(default_factory=list)
    stream_records: int = 0
    stats_batches: int = 0
    boards: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # wall time per stage: scrape, stats, publish
    dynamodb_requests: int = 0  # by all functions
    items_written: int = 0

    @property
    def changes(self) -> int:
        return sum(s.get("new", 0) + s.get("changed", 0) + s.get("closed", 0) for s in self.sources)

    @property
    def commits(self) -> int:
        return sum(1 for b in self.boards if b["status"] == "published")


def run_pass(stack: LocalStack, config: Config, say=print, dry_run: bool = False) -> RunReport:
    """Invoke each scraper as its schedule would, drain the stream into the stats function, publish."""
    report = RunReport(sample=stack.sample)
    counter, client = DynamoCounter(), dynamo.client()  # the client every handler's store uses
    counter.attach(client)
    try:
        _stages(stack, config, report, say, dry_run)
    finally:
        counter.detach(client)
        used = counter.usage()
        report.dynamodb_requests, report.items_written = used.requests, used.items_written
    return report


def _stages(stack: LocalStack, config: Config, report: RunReport, say, dry_run: bool) -> None:
    started = time.perf_counter()
    scrape = find_function(stack, "scrape")
    scheduled = {event.get("source_id"): (expression, event) for expression, event in scrape.schedules()}
    for source in config.sources:
        if source.id not in scheduled:
            if source.enabled:
                report.warnings.append(f"source {source.id} has no schedule in template.yaml: not scraped")
            continue
        expression, event = scheduled[source.id]
        say(f"  scrape {source.id:<28} ({expression}) ...", end="", flush=True)
        outcome = invoke(stack, scrape, event)
        report.sources.append(outcome)
        say(f" {_outcome_text(outcome)}")
    report.seconds["scrape"], started = time.perf_counter() - started, time.perf_counter()
    stats = find_function(stack, "stats")
    say("  stream -> stats ...", end="", flush=True)
    before = stack.stream_pump.records_read
    responses = stack.stream_pump.drain(lambda batch, _ctx: invoke(stack, stats, batch))
    report.stream_records = stack.stream_pump.records_read - before
    report.stats_batches = len(responses)
    report.seconds["stats"], started = time.perf_counter() - started, time.perf_counter()
    say(f" {len(responses)} batch(es) ({report.seconds['stats']:.1f} s)")
    publish = find_function(stack, "publish")
    say("  publish ...", end="", flush=True)
    try:
        report.boards = invoke(stack, publish, {"dry_run": True} if dry_run else {})["boards"]
    except Exception as exc:  # noqa: BLE001 — a function error is reported as Lambda would log it
        report.warnings.append(str(exc))
        say(" FAILED")
        return
    finally:
        report.seconds["publish"] = time.perf_counter() - started
    say(f" {len(report.boards)} board(s) ({report.seconds['publish']:.1f} s)")


def _outcome_text(outcome: dict) -> str:
    if outcome.get("status") == "failed":
        return f"FAILED: {outcome.get('error')}"
    if outcome.get("status") == "disabled":
        return "disabled"
    skipped = sum((outcome.get("skipped") or {}).values())
    return (f"ok: {outcome['seen']} seen, {outcome['new']} new, {outcome['changed']} changed, "
            f"{outcome['closed']} closed" + (f", {skipped} skipped" if skipped else ""))


def print_summary(report: RunReport, say=print) -> None:
    label = " (sample data: bundled recorded responses)" if report.sample else " (live)"
    say(f"\nSources{label}")
    say(f"  {'source':<28} {'status':<8} {'seen':>5} {'new':>5} {'changed':>7} {'closed':>6} {'skipped':>7}")
    for s in report.sources:
        if s.get("status") == "ok":
            say(f"  {s['source']:<28} {'ok':<8} {s['seen']:>5} {s['new']:>5} {s['changed']:>7} {s['closed']:>6} "
                f"{sum((s.get('skipped') or {}).values()):>7}")
        else:
            say(f"  {s['source']:<28} {s.get('status'):<8} {s.get('error') or ''}")
    say(f"\nStream: {report.stream_records} record(s) in {report.stats_batches} stats batch(es)")
    say(f"DynamoDB: {report.dynamodb_requests} request(s), {report.items_written} item(s) written")
    say("\nBoards")
    for b in report.boards:
        where = b.get("url") or ""
        say(f"  {b['board']:<20} {b['jobs']:>5} jobs  {b['status']:<10} {where}  {b.get('message', '')}")
    for warning in report.warnings:
        say(f"\nwarning: {warning}")
    if report.changes == 0 and report.commits == 0:
        say("\nNo changes since the last run: nothing written, nothing committed.")


def main_run(config_path: Path, out_dir: Path, live: bool, dry_run: bool = False,
             report_path: Path | None = None) -> int:
    with local_session(config_path, out_dir, live) as stack:
        report = run_pass(stack, load_config(stack.config_path), dry_run=dry_run)
        print_summary(report)
    if report_path:
        report_path.write_text(json.dumps({**asdict(report), "commits": report.commits}, indent=2, default=str),
                               encoding="utf-8")
    failed = [s for s in report.sources if s.get("status") == "failed"]
    return 1 if (failed and len(failed) == len(report.sources)) or not report.boards else 0
