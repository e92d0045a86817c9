"""One full local pass, as deployed: dispatcher -> queue -> scrapers -> stream -> stats -> link
verifier -> stats -> publisher; and a verification pass alone (`jobboard verify`)."""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from jobboard.config import Config, load_config
from jobboard.store import dynamo
from jobboard_local.environment import LocalStack, local_session
from jobboard_local.invoke import find_function, invoke
from jobboard_local.usage import DynamoCounter


@dataclass
class RunReport:
    sample: bool
    sources: list[dict] = field(default_factory=list)
    stream_records: int = 0
    stats_batches: int = 0
    boards: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # wall time per stage: scrape, stats, verify, publish
    verify: dict = field(default_factory=dict)  # the verification pass's outcome (VerifyOutcome.to_dict())
    dynamodb_requests: int = 0  # by all functions
    items_written: int = 0

    @property
    def changes(self) -> int:
        return sum(s.get("new", 0) + s.get("changed", 0) + s.get("closed", 0) for s in self.sources)

    @property
    def requests(self) -> int:
        return sum(s.get("requests", 0) for s in self.sources)

    @property
    def commits(self) -> int:
        return sum(1 for b in self.boards if b["status"] == "published")


def run_pass(stack: LocalStack, config: Config, say=print, dry_run: bool = False, due: str | None = None) -> RunReport:
    """Dispatcher -> queue -> scrape function -> stream -> stats -> publisher, as deployed.

    A full pass queues every enabled unit, due or not; `due` ("now" or an ISO time) queues what
    the dispatcher's own schedule would at that moment.
    """
    report = RunReport(sample=stack.sample)
    counter = DynamoCounter()
    counter.attach(dynamo.client())  # the client every handler's store uses
    try:
        _stages(stack, config, report, say, dry_run, due)
    finally:
        counter.detach()
        used = counter.usage()
        report.dynamodb_requests, report.items_written = used.requests, used.items_written
        stack.unchanged = used.items_written == 0 and stack.state_file.exists()
    return report


def _stages(stack: LocalStack, config: Config, report: RunReport, say, dry_run: bool, due: str | None) -> None:
    started = time.perf_counter()
    event = {"all": True} if due is None else {} if due == "now" else {"scheduled_time": due}
    dispatch = invoke(stack, find_function(stack, "dispatch"), event)
    say(
        f"  dispatch: {dispatch['sent']} scrape(s) queued for {dispatch['hosts']} host(s)"
        + (" (due now)" if due else " (full pass: every enabled source, due or not)")
    )
    listed = Counter(unit.entry for unit in config.enabled_units if unit.entry)
    done: Counter = Counter()

    def scraped(_records, response):
        """Progress: a line per source; a company list's line when its last company is done."""
        for outcome in response.get("outcomes", []):
            report.sources.append(outcome)
            entry = (outcome.get("source") or "").partition("/")[0] if "/" in (outcome.get("source") or "") else None
            if entry is None or outcome.get("status") != "ok":
                say(f"  scrape {outcome.get('source') or '?':<28} {_outcome_text(outcome)}")
            if entry is not None:
                done[entry] += 1
                if done[entry] == listed[entry]:
                    say(f"  scrape {entry:<28} {listed[entry]} companies done")

    stack.drain_queue(find_function(stack, "scrape"), scraped)
    dead = stack.queue_depth("ScrapeDeadLetterQueue")
    if dead:
        report.warnings.append(f"{dead} scrape request(s) in the dead-letter queue (their scrape could not finish)")
    report.seconds["scrape"], started = time.perf_counter() - started, time.perf_counter()
    stats = find_function(stack, "stats")
    say("  stream -> stats ...", end="", flush=True)
    before = stack.stream_pump.records_read
    try:
        responses = stack.stream_pump.drain(lambda batch, _ctx: invoke(stack, stats, batch))
    except Exception:
        # The embedded moto keeps no stream between runs: the next run recounts the boards instead.
        _recount_file(stack).write_text("after a failed stats batch\n", encoding="utf-8")
        raise
    report.stream_records = stack.stream_pump.records_read - before
    report.stats_batches = len(responses)
    report.seconds["stats"], started = time.perf_counter() - started, time.perf_counter()
    say(f" {len(responses)} batch(es) ({report.seconds['stats']:.1f} s)")
    # A full pass checks every link that is due; a `due` pass plays the hourly schedule's run.
    report.verify = verify_stage(stack, {"all": True} if due is None else {}, say)
    report.seconds["verify"] = time.perf_counter() - started
    _recount_if_due(stack, report, say)
    started = time.perf_counter()
    publish = find_function(stack, "publish")
    say("  publish ...", end="", flush=True)
    try:
        # A full pass is asked for: its boards publish at once. A `due` pass plays the schedule's run,
        # which waits for each board's publish_interval.
        event = {"dry_run": True} if dry_run else {} if due else {"at_once": True}
        report.boards = invoke(stack, publish, event)["boards"]
    except Exception as exc:  # noqa: BLE001 — a function error is reported as Lambda would log it
        report.boards = getattr(exc, "outcomes", [])  # boards failed or held: each still reported
        report.warnings.append(str(exc))
        say(" FAILED")
        return
    finally:
        report.seconds["publish"] = time.perf_counter() - started
    say(f" {len(report.boards)} board(s) ({report.seconds['publish']:.1f} s)")


def verify_stage(stack: LocalStack, event: dict, say=print) -> dict:
    """The link verifier (VerifyFunction) on `event`, then the stats function on what its closing
    streamed, as the deployed stack would (the boards drop or 🔒 the closed postings)."""
    outcome = invoke(stack, find_function(stack, "verify"), event)
    if outcome["postings_closed"]:
        stats = find_function(stack, "stats")
        stack.stream_pump.drain(lambda batch, _ctx: invoke(stack, stats, batch))
    say(f"  verify: {verify_text(outcome)}")
    return outcome


def verify_text(outcome: dict) -> str:
    if not outcome["shown"]:
        return "no shown posting is verified (verify: false, or nothing shown)"
    reasons = sorted(outcome["unknown_reasons"].items(), key=lambda item: (-item[1], item[0]))
    unknown = ", ".join(f"{n} {reason}" for reason, n in reasons[:5])
    if len(reasons) > 5:
        unknown += f", {sum(n for _, n in reasons[5:])} other"
    return (
        f"{outcome['checked']} of {outcome['shown']} links checked ({outcome['due']} due): {outcome['open']} open, "
        f"{outcome['closed']} closed, {outcome['unknown']} unknown{f' ({unknown})' if unknown else ''}; "
        f"{outcome['postings_closed']} posting(s) closed (two closed answers 6 h apart), "
        f"{outcome['requests']} request(s)" + (f"; {outcome['left']} left for the next run" if outcome["left"] else "")
    )


RECOUNT_EVERY_SECONDS = 24 * 3600  # as the deployed ReconcileFunction's daily schedule


def _recount_file(stack: LocalStack) -> Path:
    """Its text says why a recount is due; its age, when the last one ran."""
    path = stack.out_dir / ".local" / "recount"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _recount_if_due(stack: LocalStack, report: RunReport, say) -> None:
    """The daily recount of the boards (ReconcileFunction), due a day after the last one or after a
    stats batch that was never applied; it rewrites only boards that drifted."""
    marker = _recount_file(stack)
    if not marker.exists():
        marker.write_text("", encoding="utf-8")  # a first run starts the day's clock
        return
    if not marker.read_text(encoding="utf-8") and time.time() - marker.stat().st_mtime < RECOUNT_EVERY_SECONDS:
        return
    say("  recount of the boards ...", end="", flush=True)
    result = invoke(stack, find_function(stack, "reconcile"), {})
    marker.write_text("", encoding="utf-8")
    repaired = [b["board"] for b in result["repaired"]]
    if repaired:
        report.warnings.append(f"board figures repaired from the postings table: {', '.join(repaired)}")
    say(f" {len(repaired)} of {result['boards']} board(s) repaired")


def _outcome_text(outcome: dict) -> str:
    if outcome.get("status") == "failed":
        return f"FAILED: {outcome.get('error')}"
    if outcome.get("status") in ("disabled", "skipped", "unknown"):
        return outcome["status"] + (f": {outcome['error']}" if outcome.get("error") else "")
    skipped = sum((outcome.get("skipped") or {}).values())
    missed = outcome.get("missed") or 0
    return (
        f"ok: {outcome['seen']} seen, {outcome['new']} new, {outcome['changed']} changed, "
        f"{outcome['closed']} closed"
        + (f", {missed} missing (closed if still missing next time)" if missed else "")
        + (f", {skipped} skipped" if skipped else "")
        + (" — SUSPECT: over half of the open jobs vanished at once" if outcome.get("suspect") else "")
    )


def _summary_rows(outcomes: list[dict]) -> list[dict]:
    """One row per source; a company list's successful companies summed into one row for the list."""
    rows: list[dict] = []
    lists: dict[str, dict] = {}
    for outcome in outcomes:
        source = outcome.get("source") or ""
        if "/" not in source or outcome.get("status") != "ok":
            rows.append(outcome)
            continue
        entry = source.partition("/")[0]
        if entry not in lists:
            lists[entry] = {
                "source": entry,
                "status": "ok",
                "companies": 0,
                "seen": 0,
                "new": 0,
                "changed": 0,
                "closed": 0,
                "skipped": Counter(),
            }
            rows.append(lists[entry])
        total = lists[entry]
        total["companies"] += 1
        total["source"] = f"{entry} ({total['companies']} companies)"
        for key in ("seen", "new", "changed", "closed"):
            total[key] += outcome.get(key, 0)
        total["skipped"].update(outcome.get("skipped") or {})
    return rows


def print_summary(report: RunReport, say=print) -> None:
    label = " (sample data: bundled recorded responses)" if report.sample else " (live)"
    say(f"\nSources{label}")
    say(f"  {'source':<28} {'status':<8} {'seen':>5} {'new':>5} {'changed':>7} {'closed':>6} {'skipped':>7}")
    for row in _summary_rows(report.sources):
        if row.get("status") == "ok":
            say(
                f"  {row['source']:<28} {'ok':<8} {row['seen']:>5} {row['new']:>5} {row['changed']:>7} "
                f"{row['closed']:>6} {sum((row.get('skipped') or {}).values()):>7}"
            )
        else:
            say(f"  {row['source'] or '?':<28} {row.get('status'):<8} {row.get('error') or ''}")
    if report.verify:
        say(f"\nLinks: {verify_text(report.verify)}")
    say(f"\nStream: {report.stream_records} record(s) in {report.stats_batches} stats batch(es)")
    say(f"DynamoDB: {report.dynamodb_requests} request(s), {report.items_written} item(s) written")
    say("\nBoards")
    for b in report.boards:
        where = b.get("url") or ""
        say(f"  {b['board']:<20} {b['jobs']:>5} jobs  {b['status']:<10} {where}  {b.get('message', '')}")
    for warning in report.warnings:
        say(f"\nwarning: {warning}")
    say(f"\nRequests to sources: {report.requests}; postings written: {report.changes}; commits: {report.commits}")
    if report.changes == 0 and report.commits == 0:
        say("\nNo changes since the last run: nothing written, nothing committed.")


def main_run(
    config_path: Path,
    out_dir: Path,
    live: bool,
    dry_run: bool = False,
    due: str | None = None,
    report_path: Path | None = None,
) -> int:
    with local_session(config_path, out_dir, live, recorded_links=True) as stack:
        report = run_pass(stack, load_config(stack.config_path), dry_run=dry_run, due=due)
        print_summary(report)
    if report_path:
        report_path.write_text(
            json.dumps({**asdict(report), "commits": report.commits}, indent=2, default=str), encoding="utf-8"
        )
    # A failed source fails the run, as it fails its invocation when deployed (after everything else ran).
    failed = [s for s in report.sources if s.get("status") == "failed"]
    not_published = [b for b in report.boards if b["status"] in ("failed", "held")]
    return 1 if failed or not report.boards or not_published else 0


def main_verify(
    config_path: Path, out_dir: Path, live: bool, board: str | None = None, report_path: Path | None = None
) -> int:
    """One verification pass (`jobboard verify`): every due link of the shown postings (of `board`),
    on the local state a `jobboard run` left. Publishing the boards is the next run's."""
    with local_session(config_path, out_dir, live, recorded_links=True) as stack:
        config = load_config(stack.config_path)
        if board:
            config.board(board)  # UnknownBoard names the boards there are
        counter = DynamoCounter()
        counter.attach(dynamo.client())
        try:
            outcome = verify_stage(stack, {"all": True, **({"board_id": board} if board else {})})
        finally:
            counter.detach()
        used = counter.usage()
        stack.unchanged = used.items_written == 0 and stack.state_file.exists()
        hosts = outcome["requests_by_host"]
        if hosts:
            print("Requests by host: " + ", ".join(f"{h} {n}" for h, n in sorted(hosts.items(), key=lambda i: -i[1])))
        print(f"DynamoDB: {used.requests} request(s), {used.items_written} item(s) written")
        if outcome["postings_closed"]:
            print("The closed postings leave their boards (or show 🔒) at the next publish: `jobboard run`.")
    if report_path:
        report = {**outcome, "dynamodb_requests": used.requests, "items_written": used.items_written}
        report_path.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0
