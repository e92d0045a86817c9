"""The measured day behind `jobboard cost`: the deployed pipeline run locally over simulated hours.

The same machinery as `jobboard run` (embedded moto with the template's tables and queues, the
sources' recordings or the config's own stand-ins, the function handlers invoked as Lambda
would) plus a GitHub stand-in, so publishing goes through the GitHub publisher as deployed.
After a first full pass (the state a running stack is in; not counted), the clock moves in the
dispatcher's 5-minute ticks: each tick the dispatcher is invoked with its scheduled time, the
scrape queue is delivered to the scrape function, the stream to the stats function, and each
other schedule of the template (the publisher's) fires when it is due. Postings turn over in
the sources' answers as the day goes (turnover.py). Every invocation is metered (metering.py).
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path

from jobboard.config import load_config
from jobboard.dispatch import DISPATCH_EVERY
from jobboard.model import parse_utc
from jobboard.schedule import fires_between, interval_minutes
from jobboard_local.cost import (
    Assumptions,
    FunctionDay,
    MeasuredDay,
    Stack,
    cold_starts,
    format_bill,
    stack_from_template,
)
from jobboard_local.environment import LocalStack, local_session
from jobboard_local.github_standin import GitHubStandin
from jobboard_local.invoke import find_function, invoke, watching
from jobboard_local.metering import Meter, deployed_log_level, table_bytes
from jobboard_local.recorded import SAMPLE_NOW
from jobboard_local.run import run_pass
from jobboard_local.template import alarms, functions, load_template
from jobboard_local.turnover import Turnover

SERVICE = "jobboard"  # POWERTOOLS_SERVICE_NAME in template.yaml: the functions' logger


class MeteredGitHub(GitHubStandin):
    """The GitHub stand-in, also counting the bytes sent to it (what a publish uploads)."""

    def __init__(self):
        super().__init__(token="jobboard-cost", auto_create=True)
        self.uploaded = 0

    def answer(self, method, raw_path, headers, body):
        if method != "GET":
            self.uploaded += len(body)
        return super().answer(method, raw_path, headers, body)


class _Discard(io.TextIOBase):
    """Where the uncounted first pass prints (it stays writable: a logger may keep it)."""

    def write(self, text: str) -> int:
        return len(text)


def measure_day(
    config_path: Path,
    assume: Assumptions,
    *,
    hours: float = 24,
    start: str = SAMPLE_NOW,
    servers: Iterable = (),
    say=print,
) -> MeasuredDay:
    """Measure `hours` of the pipeline for the config; `servers`: the config's own source stand-ins
    (LoopbackServers whose answers should turn over too)."""
    with _environment(), MeteredGitHub() as github, tempfile.TemporaryDirectory(prefix="jobboard-cost-") as work:
        os.environ.update(GITHUB_TOKEN=github.token or "", GITHUB_API_URL=github.api_url)
        with local_session(config_path, Path(work) / "out", live=False, say=lambda *a, **k: None) as stack:
            return _measure(stack, github, assume, hours, parse_utc(start), list(servers), say)


@contextlib.contextmanager
def _environment() -> Iterator[None]:
    """The embedded moto (metered), the functions' service logger, no real GitHub; all put back after."""
    saved = dict(os.environ)
    for name in ("AWS_ENDPOINT_URL", "GITHUB_TOKEN", "GITHUB_API_URL"):
        os.environ.pop(name, None)
    os.environ["POWERTOOLS_SERVICE_NAME"] = SERVICE  # child loggers made from here on log under it
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _measure(
    stack: LocalStack, github: MeteredGitHub, assume: Assumptions, hours: float, start: datetime, servers: list, say
) -> MeasuredDay:
    level = deployed_log_level(stack.template)
    stack.extra_env.update(
        JOBBOARD_NOW=_iso(start),
        LOG_LEVEL=level,
        POWERTOOLS_LOG_LEVEL=level,
        POWERTOOLS_METRICS_DISABLED="false",
    )
    sources = [s for s in (stack.source_server, *servers) if s is not None]
    turnover = Turnover(assume.turnover)
    turnover.now = start
    for server in sources:
        server.rewrite = turnover.rewrite
    config = load_config(stack.config_path)
    say(f"  first pass (not counted): {len(config.enabled_units)} units ...", flush=True)
    with contextlib.redirect_stdout(_Discard()):
        run_pass(stack, config, say=lambda *a, **k: None)
    meter = Meter(
        SERVICE,
        level,
        counters={"source": lambda: sum(_served(s) for s in sources), "github": lambda: len(github.requests)},
    )
    meter.attach(stack.moto_server)
    commits_before = {name: len(repo.commits) for name, repo in github.repos.items()}
    uploaded_before, github_before = github.uploaded, len(github.requests)
    records_before = stack.stream_pump.records_read
    units = _simulate(stack, meter, turnover, hours, start, say)
    functions = {spec.logical_id: spec for spec in stack.functions.values()}
    day = MeasuredDay(hours=hours, functions=[], units_scraped=units)
    for name, use in sorted(meter.functions.items()):
        spec = functions[name]
        day.functions.append(
            FunctionDay(
                name=name,
                memory_mb=spec.memory,
                invocations=use.invocations,
                cpu_seconds=max(0.0, use.seconds - use.aws_seconds),
                aws_requests=sum(use.aws_calls.values()),
                source_requests=use.source_requests,
                github_requests=use.github_requests,
                cold_starts=cold_starts(use.started, assume.cold_after_minutes),
                log_bytes=use.log_bytes,
                log_events=use.log_events,
                token_reads=use.publishes_with_github,
                scheduled=bool(spec.schedules()),
                queue_batches=use.invocations if spec.queue_event() else 0,
            )
        )
        day.sqs_requests += use.sqs_requests
        day.read_units += use.capacity.read
        day.write_units += use.capacity.write
    day.stream_records = stack.stream_pump.records_read - records_before
    day.metric_hours = {metric: len(hours_with_data) for metric, hours_with_data in meter.metric_hours.items()}
    day.table_bytes = table_bytes(list(stack.table_names.values()))
    day.commits = {
        name: len(repo.commits) - commits_before.get(name, 0)
        for name, repo in github.repos.items()
        if len(repo.commits) > commits_before.get(name, 0)
    }
    day.uploaded_bytes = github.uploaded - uploaded_before
    day.github_requests = len(github.requests) - github_before
    day.postings = sum(turnover.postings.values())
    day.turned_over = sum(turnover.replaced(key, count) for key, count in turnover.postings.items())
    return day


def _simulate(stack: LocalStack, meter: Meter, turnover: Turnover, hours: float, start: datetime, say) -> int:
    """Tick by tick: dispatcher, scrape queue, stream, then the template's other schedules. Unit scrapes."""
    dispatch, scrape, stats = (find_function(stack, name) for name in ("dispatch", "scrape", "stats"))
    scheduled = [
        (spec, expression, event)
        for spec in stack.functions.values()
        if spec.logical_id != dispatch.logical_id
        for expression, event in spec.schedules()
    ]
    scraped = 0

    def count(_records, response):
        nonlocal scraped
        scraped += len((response or {}).get("outcomes", []))

    ticks = int(hours * 60 / (DISPATCH_EVERY.total_seconds() / 60))
    with watching(meter):
        for n in range(1, ticks + 1):
            tick = start + n * DISPATCH_EVERY
            meter.hour = (tick - start).total_seconds() / 3600
            turnover.days, turnover.now = meter.hour / 24, tick
            stack.extra_env["JOBBOARD_NOW"] = _iso(tick)
            if n % 36 == 0:
                say(f"  simulated {meter.hour:g} of {hours:g} hours ({scraped} unit scrapes)", flush=True)
            _invoke_quietly(stack, dispatch, {"scheduled_time": _iso(tick)})
            stack.drain_queue(scrape, count)
            stack.stream_pump.drain(lambda batch, _ctx: invoke(stack, stats, batch))
            for spec, expression, event in scheduled:
                if _fires(expression, spec.logical_id, tick - DISPATCH_EVERY, tick, start):
                    _invoke_quietly(stack, spec, event)
    return scraped


def _fires(expression: str, key: str, after: datetime, at: datetime, start: datetime) -> bool:
    """A template schedule: rate() counted from the stack's start, cron() as EventBridge fires it."""
    interval = interval_minutes(expression)
    if interval:
        return int((at - start).total_seconds() // 60) % interval == 0
    return fires_between(expression, key, after, at)


def _invoke_quietly(stack: LocalStack, spec, event: dict) -> None:
    """A failed invocation (a held board fails the publisher) is what Lambda would log and count."""
    with contextlib.suppress(Exception):
        invoke(stack, spec, event)


def _served(server) -> int:
    requests = server.requests
    return len(requests) if isinstance(requests, list) else int(requests)


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def template_stack() -> Stack:
    return stack_from_template(load_template(), alarms, functions)


def main_cost(config_path: Path, assume: Assumptions, hours: float = 24, say=print) -> int:
    """`jobboard cost`: measure the day, print the month's bill."""
    say(f"Measuring {hours:g} simulated hours of {config_path} (local: moto, recordings, a GitHub stand-in) ...")
    day = measure_day(config_path, assume, hours=hours, say=say)
    say("")
    for line in format_bill(day, template_stack(), assume, f"Monthly estimate for {config_path} and template.yaml"):
        say(line)
    return 0
