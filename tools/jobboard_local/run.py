"""One full local pass, as deployed: schedules -> scrapers -> stream -> stats -> publisher."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jobboard.config import Config, load_config
from jobboard_local.environment import LocalStack, local_session
from jobboard_local.invoke import find_function, invoke


@dataclass
class RunReport:
    sample: bool
    sources: list[dict] = field(default_factory=list)
    stream_records: int = 0
    stats_batches: int = 0
    boards: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return sum(s.get("new", 0) + s.get("changed", 0) + s.get("closed", 0) for s in self.sources)

    @property
    def commits(self) -> int:
        return sum(1 for b in self.boards if b["status"] == "published")


def run_pass(stack: LocalStack, config: Config, say=print, dry_run: bool = False) -> RunReport:
    """Invoke each scraper as its schedule would, drain the stream into the stats function, publish."""
    report = RunReport(sample=stack.sample)
    scrape = find_function(stack, "scrape")
    scheduled = {event.get("source_id"): (expression, event) for expression, event in scrape.schedules()}
    for source in config.sources:
        if source.id not in scheduled:
            if source.enabled:
                report.warnings.append(f"source {source.id} has no schedule in template.yaml: not scraped")
            continue
        expression, event = scheduled[source.id]
        say(f"  scrape {source.id:<28} ({expression}) ...", end="", flush=True)
        try:
            outcome = invoke(stack, scrape, event)
        except Exception as exc:  # noqa: BLE001 — a failed scrape fails its invocation; the run goes on
            recorded = getattr(exc, "outcome", None)  # ScrapeFailed carries what was recorded
            outcome = recorded.to_dict() if recorded else {
                "source": source.id, "status": "failed", "error": f"{type(exc).__name__}: {exc}"}
        report.sources.append(outcome)
        say(f" {_outcome_text(outcome)}")
    stats = find_function(stack, "stats")
    say("  stream -> stats ...", end="", flush=True)
    before = stack.stream_pump.records_read
    responses = stack.stream_pump.drain(lambda batch, _ctx: invoke(stack, stats, batch))
    report.stream_records = stack.stream_pump.records_read - before
    report.stats_batches = len(responses)
    say(f" {len(responses)} batch(es)")
    publish = find_function(stack, "publish")
    say("  publish ...", end="", flush=True)
    try:
        report.boards = invoke(stack, publish, {"dry_run": True} if dry_run else {})["boards"]
    except Exception as exc:  # noqa: BLE001 — a function error is reported as Lambda would log it
        report.warnings.append(str(exc))
        say(" FAILED")
        return report
    say(f" {len(report.boards)} board(s)")
    return report


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
    say("\nBoards")
    for b in report.boards:
        where = b.get("url") or ""
        say(f"  {b['board']:<20} {b['jobs']:>5} jobs  {b['status']:<10} {where}  {b.get('message', '')}")
    for warning in report.warnings:
        say(f"\nwarning: {warning}")
    if report.changes == 0 and report.commits == 0:
        say("\nNo changes since the last run: nothing written, nothing committed.")


def main_run(config_path: Path, out_dir: Path, live: bool, dry_run: bool = False) -> int:
    with local_session(config_path, out_dir, live) as stack:
        report = run_pass(stack, load_config(stack.config_path), dry_run=dry_run)
        print_summary(report)
    # A failed source fails the run, as it fails its invocation when deployed (after everything else ran).
    failed = [s for s in report.sources if s.get("status") == "failed"]
    return 1 if failed or not report.boards else 0
