"""`jobboard cost`: an itemised monthly bill at us-east-1 list prices, from a measured local day.

The figures come from `cost_day.measure_day` (the pipeline run locally over a simulated day:
every invocation, AWS request, DynamoDB unit, log byte, metric, commit and uploaded byte
counted); this module turns one measured day into a month (730 hours) of billed quantities,
prices them with and without the always-free tier, and prints them with their assumptions.
The arithmetic here is pure: tests/unit/test_cost.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

HOURS_A_MONTH = 730
DAYS_A_MONTH = HOURS_A_MONTH / 24
GB = 1024**3

# us-east-1 list prices, checked 2026-12 (shared/reference/aws-and-github.md and the services' pages):
# meter -> (price a unit, always-free units a month, what a unit is).
PRICES: dict[str, tuple[float, float, str]] = {
    "lambda.requests": (0.20 / 1e6, 1e6, "request"),
    "lambda.gb_seconds": (0.0000133334, 400_000, "GB-s (arm64)"),
    "sqs.requests": (0.50 / 1e6, 1e6, "FIFO request (64 KB chunk)"),
    "dynamodb.write_units": (0.625 / 1e6, 0, "on-demand write unit"),
    "dynamodb.read_units": (0.125 / 1e6, 0, "on-demand read unit"),
    "dynamodb.storage_gb": (0.25, 25, "GB-month"),
    "dynamodb.stream_reads": (0.0, 0, "GetRecords by a Lambda trigger (free)"),
    "cloudwatch.metrics": (0.30, 10, "metric-month (prorated by hours with data)"),
    "cloudwatch.alarm_metrics": (0.10, 10, "alarm metric-month (standard resolution)"),
    "cloudwatch.composite_alarms": (0.50, 0, "composite alarm-month"),
    "logs.ingested_gb": (0.50, 5, "GB ingested"),
    "logs.stored_gb": (0.03, 0, "GB-month stored"),
    "secretsmanager.secrets": (0.40, 0, "secret-month"),
    "secretsmanager.calls": (0.05 / 1e4, 0, "API call"),
    "kms.requests": (0.03 / 1e4, 20_000, "request (SecureString decrypt)"),
    "scheduler.invocations": (1.00 / 1e6, 14e6, "scheduled invocation"),
    "apigateway.requests": (3.50 / 1e6, 0, "REST API request (free tier: first 12 months only)"),
    "transfer.out_gb": (0.09, 100, "GB out to the internet"),
}

# Lambda gives a function CPU in proportion to its memory: 1,769 MB is one vCPU.
MB_PER_VCPU = 1769


@dataclass(frozen=True)
class Assumptions:
    """What the measured day cannot tell; each is printed with the bill."""

    turnover: float = 0.05  # share of postings replaced a day
    aws_request_seconds: float = 0.010  # one AWS API request from Lambda
    source_request_seconds: float = 0.5  # one HTTP request to a job source
    github_request_seconds: float = 0.3  # one GitHub REST request
    init_seconds: float = 1.0  # billed INIT of a cold start (managed runtimes bill INIT since 2025-08)
    cold_after_minutes: float = 10  # an invocation this long after the function's last one starts cold
    esm_pollers: int = 5  # the scrape queue's event source mapping, polling an idle queue
    long_poll_seconds: int = 20
    platform_log_bytes: int = 300  # Lambda's START, END and REPORT lines of each invocation
    log_event_overhead_bytes: int = 26  # CloudWatch Logs counts each event's metadata as ingested
    refreshes_a_day: float = 0  # POST /boards/{id}/refresh calls
    refresh_seconds: float = 1.0  # a refresh invocation (answers at once; the work goes through the queue)


@dataclass
class FunctionDay:
    """One function's measured day."""

    name: str
    memory_mb: int
    invocations: int = 0
    cpu_seconds: float = 0.0  # local handler time outside the local AWS endpoint
    aws_requests: int = 0
    source_requests: int = 0
    github_requests: int = 0
    cold_starts: int = 0
    log_bytes: int = 0  # what the function printed: log lines and EMF records
    log_events: int = 0
    token_reads: int = 0  # invocations that read the GitHub token
    scheduled: bool = False  # invoked by EventBridge Scheduler
    queue_batches: int = 0  # invocations by the scrape queue's event source mapping


@dataclass
class MeasuredDay:
    """What the local pass counted over `hours` simulated hours (scaled to a day by the bill)."""

    hours: float
    functions: list[FunctionDay]
    sqs_requests: int = 0  # billed requests the functions made (sends, visibility changes)
    read_units: float = 0.0
    write_units: float = 0.0
    stream_records: int = 0
    metric_hours: dict[tuple, int] = field(default_factory=dict)  # metric -> hours with data
    table_bytes: int = 0
    commits: dict[str, int] = field(default_factory=dict)  # board repository -> commits
    uploaded_bytes: int = 0  # request bodies sent to GitHub
    github_requests: int = 0
    postings: int = 0  # open postings served at the end
    turned_over: int = 0  # postings replaced over the day
    units_scraped: int = 0


@dataclass(frozen=True)
class Stack:
    """What the template says costs money whatever runs."""

    alarm_metrics: int
    composite_alarms: int
    secrets: int  # Secrets Manager secrets the stack creates (the GitHub token's, by default)
    secure_parameters: bool  # the token in an SSM SecureString (KMS decrypts)
    log_retention_days: int
    log_level: str
    schedules: dict[str, str]  # function -> schedule expression


@dataclass(frozen=True)
class Line:
    service: str
    what: str
    meter: str
    quantity: float  # a month

    @property
    def price(self) -> float:
        return PRICES[self.meter][0]

    @property
    def cost(self) -> float:
        return self.quantity * self.price


def billed_seconds(function: FunctionDay, assume: Assumptions) -> float:
    """A function's billed seconds in the measured time: its CPU at its memory's share of a vCPU,
    plus the waits on AWS, the sources and GitHub, plus the billed INIT of its cold starts."""
    cpu = function.cpu_seconds * max(1.0, MB_PER_VCPU / function.memory_mb)
    waits = (
        function.aws_requests * assume.aws_request_seconds
        + function.source_requests * assume.source_request_seconds
        + function.github_requests * assume.github_request_seconds
    )
    return cpu + waits + function.cold_starts * assume.init_seconds


def cold_starts(started_hours: list[float], cold_after_minutes: float) -> int:
    """Invocations more than `cold_after_minutes` after the previous one (the first one too)."""
    cold, last = 0, None
    for hour in sorted(started_hours):
        if last is None or (hour - last) * 60 > cold_after_minutes:
            cold += 1
        last = hour
    return cold


def idle_poll_requests(assume: Assumptions) -> float:
    """ReceiveMessage calls a month of an event source mapping's pollers on an empty queue."""
    return assume.esm_pollers * HOURS_A_MONTH * 3600 / assume.long_poll_seconds


def monthly_lines(day: MeasuredDay, stack: Stack, assume: Assumptions) -> list[Line]:
    """The month's billed quantities, one line per service item."""
    scale = 24 / day.hours * DAYS_A_MONTH  # the measured time -> a month
    lines: list[Line] = []
    for f in day.functions:
        seconds = billed_seconds(f, assume)
        lines.append(Line("Lambda", f"{f.name} requests", "lambda.requests", f.invocations * scale))
        lines.append(
            Line(
                "Lambda",
                f"{f.name} {f.memory_mb} MB compute",
                "lambda.gb_seconds",
                seconds * f.memory_mb / 1024 * scale,
            )
        )
    refreshes = assume.refreshes_a_day * DAYS_A_MONTH
    if refreshes:
        lines.append(Line("Lambda", "refresh requests (assumed)", "lambda.requests", refreshes))
        lines.append(
            Line("Lambda", "refresh compute (assumed)", "lambda.gb_seconds", refreshes * assume.refresh_seconds * 0.5)
        )
    batches = sum(f.queue_batches for f in day.functions)
    lines.append(Line("SQS", "functions' requests (sends, visibility)", "sqs.requests", day.sqs_requests * scale))
    lines.append(Line("SQS", "scrape batches received and deleted", "sqs.requests", 2 * batches * scale))
    lines.append(
        Line("SQS", f"idle long polling ({assume.esm_pollers} pollers)", "sqs.requests", idle_poll_requests(assume))
    )
    lines.append(Line("DynamoDB", "write units (transactions double)", "dynamodb.write_units", day.write_units * scale))
    lines.append(Line("DynamoDB", "read units", "dynamodb.read_units", day.read_units * scale))
    lines.append(
        Line("DynamoDB", "stream records read by StatsFunction", "dynamodb.stream_reads", day.stream_records * scale)
    )
    lines.append(Line("DynamoDB", "storage", "dynamodb.storage_gb", day.table_bytes / GB))
    metric_months = sum(day.metric_hours.values()) / day.hours
    lines.append(
        Line(
            "CloudWatch",
            f"custom metrics ({len(day.metric_hours)} emitted in the day)",
            "cloudwatch.metrics",
            metric_months,
        )
    )
    lines.append(Line("CloudWatch", "alarm metrics", "cloudwatch.alarm_metrics", stack.alarm_metrics))
    if stack.composite_alarms:
        lines.append(Line("CloudWatch", "composite alarms", "cloudwatch.composite_alarms", stack.composite_alarms))
    ingested = sum(
        f.log_bytes
        + f.invocations * assume.platform_log_bytes
        + (f.log_events + 3 * f.invocations) * assume.log_event_overhead_bytes
        for f in day.functions
    )
    ingested_gb = ingested * scale / GB
    lines.append(Line("CloudWatch Logs", f"ingested (level {stack.log_level})", "logs.ingested_gb", ingested_gb))
    lines.append(
        Line(
            "CloudWatch Logs",
            f"stored ({stack.log_retention_days} days kept)",
            "logs.stored_gb",
            ingested_gb * stack.log_retention_days / DAYS_A_MONTH,
        )
    )
    token_reads = sum(f.token_reads for f in day.functions) * scale
    if stack.secrets:
        lines.append(Line("Secrets Manager", "GitHub token secret", "secretsmanager.secrets", stack.secrets))
        lines.append(Line("Secrets Manager", "token reads", "secretsmanager.calls", token_reads))
    if stack.secure_parameters:
        lines.append(Line("SSM + KMS", "SecureString token reads (parameter itself free)", "kms.requests", token_reads))
    scheduled = sum(f.invocations for f in day.functions if f.scheduled) * scale
    lines.append(Line("EventBridge Scheduler", "dispatch and publish ticks", "scheduler.invocations", scheduled))
    lines.append(Line("API Gateway", "refresh calls (assumed)", "apigateway.requests", refreshes))
    lines.append(Line("Data transfer", "uploads to GitHub", "transfer.out_gb", day.uploaded_bytes * scale / GB))
    return lines


def totals(lines: list[Line]) -> tuple[float, float]:
    """(list price, after the always-free tier) of a month: each meter's free units come off once."""
    by_meter: dict[str, float] = {}
    for line in lines:
        by_meter[line.meter] = by_meter.get(line.meter, 0.0) + line.quantity
    full = sum(line.cost for line in lines)
    after = sum(max(0.0, quantity - PRICES[meter][1]) * PRICES[meter][0] for meter, quantity in by_meter.items())
    return full, after


def dominant(lines: list[Line]) -> Line:
    return max(lines, key=lambda line: line.cost)


def money(value: float) -> str:
    return f"${value:,.2f}" if value >= 0.995 or value == 0 else f"${value:.3f}" if value >= 0.0095 else f"${value:.4f}"


def quantity_text(value: float) -> str:
    if value == 0:
        return "0"
    if value < 10:
        return f"{value:,.3g}"
    return f"{value:,.0f}"


def format_bill(day: MeasuredDay, stack: Stack, assume: Assumptions, title: str) -> list[str]:
    lines = monthly_lines(day, stack, assume)
    full, after = totals(lines)
    out = [title, f"  {'service / item':<58} {'a month':>14} {'unit':<28} {'list price':>10}"]
    service = None
    for line in lines:
        if line.service != service:
            service = line.service
            subtotal = sum(x.cost for x in lines if x.service == service)
            out.append(f"  {service:<58} {'':>14} {'':<28} {money(subtotal):>10}")
        unit = PRICES[line.meter][2].split(" (")[0]
        out.append(f"    {line.what:<56} {quantity_text(line.quantity):>14} {unit:<28} {money(line.cost):>10}")
    top = dominant(lines)
    out.append(f"  {'Total at list prices':<58} {'':>14} {'':<28} {money(full):>10}")
    out.append(f"  {'Total after the always-free tier':<58} {'':>14} {'':<28} {money(after):>10}")
    out.append(
        f"  Largest line: {top.service}, {top.what} ({money(top.cost)}, {top.cost / full:.0%} of the list price)"
    )
    scale = 24 / day.hours
    commits = sum(day.commits.values()) * scale
    per_board = ", ".join(f"{repo} {n * scale:.0f}" for repo, n in sorted(day.commits.items()))
    out.append(
        f"  GitHub (no AWS charge): {commits:.0f} commits a day ({per_board or 'none'}), "
        f"{day.uploaded_bytes * scale / 1e6:.2f} MB uploaded a day in {day.github_requests * scale:.0f} requests: "
        f"the repositories grow by up to {day.uploaded_bytes * scale * DAYS_A_MONTH / 1e6:.0f} MB a month "
        f"(before git's compression); each commit is a notification to whoever watches a board."
    )
    out.extend(assumption_lines(day, stack, assume))
    return out


def assumption_lines(day: MeasuredDay, stack: Stack, assume: Assumptions) -> list[str]:
    schedules = ", ".join(f"{name} {expr}" for name, expr in stack.schedules.items())
    return [
        "  Assumptions:",
        f"    measured: {day.hours:g} simulated hours of the pipeline run locally (dispatcher every tick, "
        f"scrape queue, stream, publisher), {day.units_scraped} unit scrapes, {day.postings} open postings "
        f"served at the end, {day.turned_over} replaced ({assume.turnover:.0%} of the postings a day); month = {HOURS_A_MONTH} hours",
        f"    schedules: the sources' from the config; {schedules} (template.yaml)",
        f"    Lambda time: local CPU scaled to the function's share of a vCPU ({MB_PER_VCPU} MB = 1), plus "
        f"{assume.aws_request_seconds * 1000:.0f} ms an AWS request, {assume.source_request_seconds} s a source "
        f"request, {assume.github_request_seconds} s a GitHub request, {assume.init_seconds} s of billed INIT a cold "
        f"start (an invocation over {assume.cold_after_minutes:g} minutes after the function's last)",
        f"    SQS: the scrape queue's event source mapping long-polls ({assume.long_poll_seconds} s) with "
        f"{assume.esm_pollers} pollers while idle, at the FIFO price",
        f"    logs: level {stack.log_level} (LogLevel), every printed line + {assume.platform_log_bytes} bytes of "
        f"START/END/REPORT an invocation + {assume.log_event_overhead_bytes} bytes an event; stored "
        f"{stack.log_retention_days} days (LogRetentionDays), counted uncompressed (an upper bound)",
        f"    refresh API: {assume.refreshes_a_day:g} calls a day; SNS alarm e-mails (1,000 free) and Logs "
        "Insights queries (by use) not counted; DynamoDB on-demand has no free requests",
        "    metrics: those the measured day emitted (a day with failed or suspect scrapes adds ScrapesFailed / "
        "ScrapesSuspect: $0.30 a metric-month each, prorated by the hours with one); S3: none (an s3:// "
        "ConfigSource adds a small GetObject per config re-read)",
        "    prices: us-east-1 list prices checked 2026-12; the always-free tier is the one that does not "
        "end after 12 months",
    ]


def goal_line(label: str, value: float, before: float, goal: float | None, lines: list[Line]) -> str:
    verdict = "" if goal is None else ("PASS" if value <= goal else "MISS")
    target = "" if goal is None else f" (goal <= {money(goal)})"
    text = f"  {verdict:<4} {label}: {money(before)} -> {money(value)}{target}"
    if verdict == "MISS":
        top = dominant(lines)
        text += f"; largest line: {top.service}, {top.what} ({money(top.cost)})"
    return text


def stack_from_template(
    template: dict, alarm_specs: Callable[[dict], dict], function_specs: Callable[[dict], dict]
) -> Stack:
    resources = template.get("Resources", {})
    parameters = template.get("Parameters", {})
    specs = alarm_specs(template).values()
    schedules = {name: expr for name, spec in function_specs(template).items() for expr, _ in spec.schedules()}
    return Stack(
        alarm_metrics=sum(len(s.metrics) for s in specs if not s.composite),
        composite_alarms=sum(1 for s in specs if s.composite),
        secrets=sum(1 for r in resources.values() if r.get("Type") == "AWS::SecretsManager::Secret"),
        # A token read from SSM (a SecureString: KMS decrypts it) is named by a *TOKEN_PARAMETER* variable.
        secure_parameters=any(
            "TOKEN" in name and "PARAM" in name
            for spec in function_specs(template).values()
            for name in spec.environment
        ),
        log_retention_days=int(parameters.get("LogRetentionDays", {}).get("Default", 30)),
        log_level=str(parameters.get("LogLevel", {}).get("Default", "INFO")),
        schedules=schedules,
    )
