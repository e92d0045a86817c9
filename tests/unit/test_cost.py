"""The cost model's arithmetic (jobboard_local.cost, metering, turnover): pure functions, no AWS."""

from __future__ import annotations

import json
import logging
import sys
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest

from jobboard_local.cost import (
    PRICES,
    Assumptions,
    FunctionDay,
    Line,
    MeasuredDay,
    Stack,
    billed_seconds,
    cold_starts,
    idle_poll_requests,
    monthly_lines,
    stack_from_template,
    totals,
)
from jobboard_local.metering import Meter, capacity, item_size, read_units, sqs_requests, write_units
from jobboard_local.template import alarms, functions
from jobboard_local.turnover import Turnover, job_list, renewed

STACK = Stack(
    alarm_metrics=5,
    composite_alarms=0,
    secrets=0,
    secure_parameters=False,
    log_retention_days=30,
    log_level="INFO",
    schedules={},
)


def no_item(_table, _key):
    return None


# --- DynamoDB units ---------------------------------------------------------------------------


def test_item_size_counts_names_and_values_as_dynamodb_does():
    # "title" (5) + "Backend Engineer" (16); "remote" (6) + true (1); "salary" (6) + 150000 (3 digit pairs + 1)
    item = {"title": {"S": "Backend Engineer"}, "remote": {"BOOL": True}, "salary": {"N": "150000"}}
    assert item_size(item) == 21 + 7 + 6 + 4
    # A map: 3 bytes, and a byte per element besides its name and value.
    assert item_size({"tags": {"M": {"go": {"S": "yes"}}}}) == 4 + 3 + 1 + 2 + 3


def test_write_units_are_per_kilobyte_and_read_units_per_4_kilobytes_halved_when_eventually_consistent():
    assert (write_units(10), write_units(1024), write_units(1025)) == (1, 1, 2)
    assert (read_units(100, True), read_units(4097, True), read_units(4097, False)) == (1, 2, 1.0)


def posting(size: int) -> dict:
    """A stored posting whose item is `size` bytes: key `pk` + a description."""
    return {"pk": {"S": "gitlab#1"}, "description": {"S": "x" * (size - 2 - 8 - 11)}}


def test_a_put_costs_the_item_size_and_a_transaction_doubles_it():
    assert item_size(posting(1500)) == 1500
    put = {"TableName": "postings", "Item": posting(1500)}
    assert capacity("PutItem", put, {}, no_item).write == 2
    both = {"TransactItems": [{"Put": put}, {"ConditionCheck": {"TableName": "boards", "Key": {"pk": {"S": "b"}}}}]}
    assert capacity("TransactWriteItems", both, {}, no_item).write == 2 * (2 + 1)


def test_an_update_costs_the_item_as_stored_after_it():
    update = {"TableName": "postings", "Key": {"pk": {"S": "gitlab#1"}}, "UpdateExpression": "SET missed = :m"}
    assert capacity("UpdateItem", update, {}, lambda table, key: 3000).write == 3
    assert capacity("UpdateItem", update, {}, no_item).write == 1  # gone meanwhile: the minimum


def test_a_query_costs_the_bytes_it_returns_together():
    answer = {"Items": [posting(1500)] * 7}  # 10,500 bytes: 3 units of 4 KB
    assert capacity("Query", {"ConsistentRead": True}, answer, no_item).read == 3
    assert capacity("Query", {}, answer, no_item).read == 1.5
    assert capacity("Query", {}, {"Items": []}, no_item).read == 0.5  # an empty answer still costs


def test_sqs_bills_a_request_per_64_kb_of_payload():
    assert (sqs_requests("SendMessageBatch", 1000), sqs_requests("SendMessageBatch", 65537)) == (1, 2)


# --- The month --------------------------------------------------------------------------------


def test_the_free_tier_comes_off_once_per_meter_across_lines():
    lines = [
        Line("Lambda", "scrape requests", "lambda.requests", 1_000_000),
        Line("Lambda", "publish requests", "lambda.requests", 500_000),
        Line("CloudWatch", "alarm metrics", "cloudwatch.alarm_metrics", 12),
    ]
    full, after = totals(lines)
    assert full == pytest.approx(1_500_000 * 0.20 / 1e6 + 12 * 0.10)
    assert after == pytest.approx(500_000 * 0.20 / 1e6 + 2 * 0.10)


def test_cpu_is_scaled_to_the_memorys_share_of_a_vcpu_and_waits_and_cold_starts_added():
    publish = FunctionDay(
        "PublishFunction", 256, cpu_seconds=0.1, aws_requests=10, source_requests=0, github_requests=5, cold_starts=2
    )
    assume = Assumptions(aws_request_seconds=0.01, github_request_seconds=0.3, init_seconds=1.0)
    assert billed_seconds(publish, assume) == pytest.approx(0.1 * 1769 / 256 + 0.1 + 1.5 + 2.0)
    big = FunctionDay("ScrapeFunction", 3538, cpu_seconds=1.0)
    assert billed_seconds(big, Assumptions()) == 1.0  # two vCPUs do not make one thread faster


def test_an_invocation_is_cold_after_the_function_sat_idle():
    # 00:00 cold (the first), 00:03 warm, 00:30 cold, 00:33 warm
    assert cold_starts([0.0, 0.05, 0.5, 0.55], cold_after_minutes=10) == 2


def test_idle_long_polling_is_five_pollers_every_20_seconds_all_month():
    assert idle_poll_requests(Assumptions()) == 5 * 3 * 60 * 730


def test_a_measured_two_hours_is_scaled_to_a_month_and_priced():
    dispatch = FunctionDay("DispatchFunction", 256, invocations=24, scheduled=True)
    day = MeasuredDay(hours=2, functions=[dispatch], write_units=100, metric_hours={("ns", "ScrapesFailed", ()): 1})
    lines = {line.what: line for line in monthly_lines(day, STACK, Assumptions())}
    month = 12 * 730 / 24  # 2 hours -> a day -> a month
    assert lines["DispatchFunction requests"].quantity == pytest.approx(24 * month)
    assert lines["dispatch and publish ticks"].quantity == pytest.approx(24 * month)
    assert lines["write units (transactions double)"].cost == pytest.approx(100 * month * 0.625 / 1e6)
    # One metric with data in 1 of the 2 hours: half a metric-month.
    assert lines["custom metrics (1 emitted in the day)"].quantity == 0.5
    assert lines["alarm metrics"].cost == pytest.approx(0.50)


def test_the_stack_counts_alarm_metrics_composites_and_secrets_from_the_template():
    template = {
        "Parameters": {"LogRetentionDays": {"Default": 14}, "LogLevel": {"Default": "WARNING"}},
        "Resources": {
            "Failures": {
                "Type": "AWS::CloudWatch::Alarm",
                "Properties": {
                    "Metrics": [
                        {"Id": "sum", "Expression": "a + b"},
                        {"Id": "a", "MetricStat": {"Metric": {"Namespace": "AWS/SQS", "MetricName": "A"}}},
                        {"Id": "b", "MetricStat": {"Metric": {"Namespace": "AWS/SQS", "MetricName": "B"}}},
                    ]
                },
            },
            "Failed": {"Type": "AWS::CloudWatch::Alarm", "Properties": {"Namespace": "x", "MetricName": "F"}},
            "Either": {"Type": "AWS::CloudWatch::CompositeAlarm", "Properties": {}},
            "Token": {"Type": "AWS::SecretsManager::Secret", "Properties": {}},
        },
    }
    stack = stack_from_template(template, alarms, functions)
    assert (stack.alarm_metrics, stack.composite_alarms, stack.secrets) == (3, 1, 1)
    assert (stack.log_retention_days, stack.log_level) == (14, "WARNING")


def test_every_meter_has_a_price():
    assert all(price >= 0 and free >= 0 for price, free, _ in PRICES.values())


# --- Turnover ---------------------------------------------------------------------------------

NOW = datetime(2026, 11, 24, 12, tzinfo=timezone.utc)


def board(n: int) -> bytes:
    jobs = [
        {
            "id": 4000 + i,
            "title": f"Backend Engineer {i}",
            "absolute_url": f"https://boards.greenhouse.io/acme/jobs/{4000 + i}",
            "updated_at": "2026-11-01T09:00:00Z",
        }
        for i in range(n)
    ]
    return json.dumps({"jobs": jobs, "meta": {"total": n}}).encode()


def test_a_day_at_5_percent_replaces_one_of_20_postings_with_a_new_one():
    turnover = Turnover(0.05)
    turnover.now = NOW
    assert turnover.rewrite("/acme", board(20)) == board(20)  # at the start: as recorded
    turnover.days = 1.0
    jobs = json.loads(turnover.rewrite("/acme", board(20)))["jobs"]
    before = json.loads(board(20))["jobs"]
    changed = [(old, new) for old, new in zip(before, jobs) if old != new]
    assert len(changed) == 1
    old, new = changed[0]
    assert new["id"] != old["id"] and str(new["id"]) in new["absolute_url"]  # a new job, its own URL
    assert new["title"] == old["title"] and new["updated_at"] == "2026-11-24T12:00:00Z"


def test_small_answers_turn_over_in_proportion_together():
    turnover = Turnover(0.05)
    turnover.days = 2.0
    replaced = sum(turnover.replaced(f"/source-{i}", 4) for i in range(100))  # 400 postings, 2 days
    assert 36 <= replaced <= 44  # 40 expected


def test_the_job_list_is_the_longest_list_of_objects_with_ids():
    answer = {"legal": [{"notice": "terms"}], "data": {"hits": [{"objectID": "1"}, {"objectID": "2"}]}}
    assert job_list(answer) == [{"objectID": "1"}, {"objectID": "2"}]
    assert job_list({"message": "no jobs"}) is None


def test_a_renewed_posting_keeps_other_numbers_that_merely_contain_its_id():
    job = {"id": 12, "title": "Engineer", "salary": 120000, "url": "https://x.example/jobs/12"}
    new = renewed(job, 1, NOW)
    assert (new["id"], new["url"], new["salary"]) == (12001, "https://x.example/jobs/12001", 120000)


# --- The meter --------------------------------------------------------------------------------


def test_the_meter_counts_what_an_invocation_prints_and_the_metrics_it_emits():
    service = logging.getLogger("jobboard-meter-test")
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(message)s"))
    service.addHandler(handler)
    meter = Meter("jobboard-meter-test", "INFO", counters={"source": lambda: len(fetched)})
    fetched: list[str] = []
    emf = {
        "_aws": {
            "Timestamp": 0,
            "CloudWatchMetrics": [
                {"Namespace": "jobboard-prod", "Dimensions": [["service"]], "Metrics": [{"Name": "ScrapesFailed"}]}
            ],
        },
        "service": "jobboard",
        "ScrapesFailed": 1,
    }
    meter.hour = 3.5
    try:
        with meter(SimpleNamespace(logical_id="ScrapeFunction"), {}):
            service.info("scrape outcome")  # 15 bytes and a newline
            fetched.append("/v1/boards/gitlab/jobs")
            print(json.dumps(emf))
    finally:
        service.removeHandler(handler)
    use = meter.functions["ScrapeFunction"]
    assert (use.invocations, use.log_events, use.source_requests) == (1, 2, 1)
    assert use.log_bytes == len("scrape outcome\n") + len(json.dumps(emf)) + 1
    assert meter.metric_hours == {("jobboard-prod", "ScrapesFailed", (("service", "jobboard"),)): {3}}
    assert handler.stream is sys.stdout  # the function's own stream is given back
