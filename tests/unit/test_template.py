"""template.yaml against jobboard.yaml and events/: the dispatcher, the queue, the layer's config, the sample events.

jobboard.yaml is the only place sources and schedules are written: the template has one fixed
dispatcher schedule and a queue, and names no source.
"""

from __future__ import annotations

import json
import re

import pytest

from jobboard.config import load_config
from jobboard.dispatch import DISPATCH_EVERY
from jobboard.schedule import interval_minutes
from jobboard_local.template import REPO_ROOT, alarms, functions, load_template, queues

CONFIG = REPO_ROOT / "jobboard.yaml"
EVENTS = REPO_ROOT / "events"
LAYER_CONFIG = "/opt/python/jobboard.yaml"


@pytest.fixture(scope="module")
def template() -> dict:
    return load_template()


@pytest.fixture(scope="module")
def config():
    return load_config(CONFIG)


def schedules(template: dict) -> dict[str, dict]:
    """ "Function.Event" -> Properties of every ScheduleV2 event."""
    return {
        f"{spec.logical_id}.{name}": e.get("Properties", {})
        for spec in functions(template).values()
        for name, e in spec.events.items()
        if e.get("Type") == "ScheduleV2"
    }


def test_the_template_names_no_source(config):
    """Adding, removing or rescheduling a source is a jobboard.yaml change only."""
    text = (REPO_ROOT / "template.yaml").read_text(encoding="utf-8")
    named = [s.id for s in config.units if re.search(rf"(?<![\w/-]){re.escape(s.id)}(?![\w/-])", text)]
    assert not named, f"template.yaml names the source(s) {', '.join(named)}: sources belong in jobboard.yaml only"


def test_one_fixed_dispatcher_schedule_and_the_scrape_function_takes_only_the_queue(template):
    dispatch = functions(template)["DispatchFunction"]
    (props,) = [e["Properties"] for e in dispatch.events.values() if e["Type"] == "ScheduleV2"]
    assert interval_minutes(props["ScheduleExpression"]) == DISPATCH_EVERY.total_seconds() / 60
    assert props["FlexibleTimeWindow"] == {"Mode": "OFF"}  # due-ness is computed from the scheduled time
    assert json.loads(props["Input"]) == {"scheduled_time": "<aws.scheduler.scheduled-time>"}
    assert dispatch.environment["SCRAPE_QUEUE_URL"] == {"Ref": "ScrapeQueue"}
    scrape = functions(template)["ScrapeFunction"]
    (event,) = scrape.events.values()
    assert event["Type"] == "SQS"
    assert event["Properties"]["Queue"] == {"Fn::GetAtt": ["ScrapeQueue", "Arn"]}
    assert event["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert event["Properties"]["ScalingConfig"] == {"MaximumConcurrency": {"Ref": "ScrapeConcurrency"}}
    assert template["Parameters"]["ScrapeConcurrency"]["MinValue"] == 2  # SQS's own minimum


def test_the_scrape_queue_groups_by_host_and_dead_letters(template):
    resources = template["Resources"]
    queue, dlq = resources["ScrapeQueue"]["Properties"], resources["ScrapeDeadLetterQueue"]["Properties"]
    assert queue["FifoQueue"] is True and dlq["FifoQueue"] is True  # a FIFO queue needs a FIFO DLQ
    assert queue["RedrivePolicy"]["deadLetterTargetArn"] == {"Fn::GetAtt": ["ScrapeDeadLetterQueue", "Arn"]}
    assert 1 <= queue["RedrivePolicy"]["maxReceiveCount"] <= 5
    timeout = functions(template)["ScrapeFunction"].timeout
    assert queue["VisibilityTimeout"] >= 6 * timeout, "Lambda advises a visibility timeout of 6 x the function timeout"
    assert dlq["MessageRetentionPeriod"] > queue["MessageRetentionPeriod"]


def test_changed_boards_are_published_within_15_minutes(template):
    (props,) = [
        e["Properties"] for e in functions(template)["PublishFunction"].events.values() if e["Type"] == "ScheduleV2"
    ]
    assert interval_minutes(props["ScheduleExpression"]) <= 15


def test_the_verifier_runs_each_slot_of_its_interval_on_an_hourly_schedule(template):
    from jobboard.verify.run import RUN_EVERY

    verify = functions(template)["VerifyFunction"]
    (props,) = [e["Properties"] for e in verify.events.values() if e["Type"] == "ScheduleV2"]
    assert interval_minutes(props["ScheduleExpression"]) == RUN_EVERY.total_seconds() / 60
    assert json.loads(props["Input"]) == {}


def test_stacks_coexist_schedule_names_come_from_the_stack_name(template):
    for name, props in schedules(template).items():
        assert props.get("OmitName") is True or "${AWS::StackName}" in str(props.get("Name", {}).get("Fn::Sub")), (
            f"{name}: give it Name: !Sub ${{AWS::StackName}}-... (or OmitName: true); "
            "a fixed name collides with another stack's in the same account"
        )


def test_publisher_reserved_concurrency_is_a_parameter_zero_meaning_none(template):
    parameter = template["Parameters"]["PublisherReservedConcurrency"]
    assert parameter["Default"] == 0 and parameter["MinValue"] == 0
    reserved = template["Resources"]["PublishFunction"]["Properties"]["ReservedConcurrentExecutions"]
    assert reserved == {
        "Fn::If": ["ReservePublisherConcurrency", {"Ref": "PublisherReservedConcurrency"}, {"Ref": "AWS::NoValue"}]
    }


def test_every_schedule_retries_a_bounded_number_of_times_then_dead_letters(template):
    problems = []
    for logical_id, spec in functions(template).items():
        for name, event in spec.events.items():
            if event.get("Type") != "ScheduleV2":
                continue
            props = event.get("Properties", {})
            retries = props.get("RetryPolicy", {}).get("MaximumRetryAttempts")
            if not isinstance(retries, int) or not 0 <= retries <= 5:
                problems.append(f"{logical_id}.{name}: RetryPolicy.MaximumRetryAttempts must be 0..5, got {retries!r}")
            if props.get("DeadLetterConfig") != {"Arn": {"Fn::GetAtt": ["InvocationFailureQueue", "Arn"]}}:
                problems.append(f"{logical_id}.{name}: DeadLetterConfig must be the InvocationFailureQueue")
    assert not problems, "\n".join(problems)


def test_the_github_token_is_an_ssm_securestring_by_default_and_a_secret_only_when_given(template):
    """No Secrets Manager secret is created ($0.40 a month); the publishing functions read the
    parameter the operator creates (CloudFormation cannot make a SecureString), and may read
    exactly that parameter, or the secret given instead."""
    parameters, resources = template["Parameters"], template["Resources"]
    assert parameters["GitHubTokenParameter"]["Default"] == "/jobboard/github-token"
    assert re.fullmatch(parameters["GitHubTokenParameter"]["AllowedPattern"], "/jobboard-prod/github-token")
    assert parameters["GitHubTokenSecretArn"]["Default"] == ""
    assert not [r for r in resources.values() if r["Type"] == "AWS::SecretsManager::Secret"]
    (secret_or_parameter,) = resources["GitHubTokenReadPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    condition, secret, parameter = secret_or_parameter["Fn::If"]
    assert template["Conditions"][condition] == {"Fn::Not": [{"Fn::Equals": [{"Ref": "GitHubTokenSecretArn"}, ""]}]}
    assert (secret["Action"], secret["Resource"]) == ("secretsmanager:GetSecretValue", {"Ref": "GitHubTokenSecretArn"})
    assert (parameter["Action"], parameter["Resource"]) == (
        "ssm:GetParameter",
        {"Fn::Sub": "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${GitHubTokenParameter}"},
    )
    readers = {
        name
        for name, r in resources.items()
        if r["Type"] == "AWS::Serverless::Function" and {"Ref": "GitHubTokenReadPolicy"} in r["Properties"]["Policies"]
    }
    assert readers == {"PublishFunction"}  # the refresh function publishes nothing itself: it queues a run
    for name in readers:
        env = resources[name]["Properties"]["Environment"]["Variables"]
        assert env["GITHUB_TOKEN_PARAMETER"] == {"Ref": "GitHubTokenParameter"}
        assert env["GITHUB_TOKEN_SECRET"] == {
            "Fn::If": [condition, {"Ref": "GitHubTokenSecretArn"}, {"Ref": "AWS::NoValue"}]
        }
    policies = json.dumps([r.get("Properties", {}).get("Policies") for r in resources.values()])
    assert "secretsmanager" not in policies.lower() and "ssm:" not in policies  # only through the read policy


def test_the_layer_carries_the_one_jobboard_yaml(template):
    in_layer = REPO_ROOT / template["Resources"]["JobboardLayer"]["Properties"]["ContentUri"] / "jobboard.yaml"
    assert in_layer.is_symlink() and in_layer.resolve() == CONFIG.resolve(), (
        f"{in_layer} must be a symlink to the repository's jobboard.yaml "
        "(ln -s ../../jobboard.yaml layers/jobboard/jobboard.yaml): sam build copies it to /opt/python/"
    )
    for spec in functions(template).values():
        assert spec.environment["JOBBOARD_CONFIG"] == LAYER_CONFIG, spec.logical_id


def test_the_layer_carries_the_user_themes_beside_the_config(template):
    """Themes are looked up in themes/ beside the config file, so in Lambda under /opt/python/themes."""
    themes = REPO_ROOT / "themes"
    in_layer = REPO_ROOT / template["Resources"]["JobboardLayer"]["Properties"]["ContentUri"] / "themes"
    if themes.is_dir():
        assert in_layer.is_symlink() and in_layer.resolve() == themes.resolve(), (
            f"{in_layer} must be a symlink to {themes} (ln -s ../../themes layers/jobboard/themes)"
        )
    else:
        # sam build fails on a dangling symlink in the layer folder.
        assert not in_layer.is_symlink(), f"{in_layer} links to a missing {themes}: remove the link or add the folder"


def test_stats_reads_the_postings_stream_and_its_own_writes_stream_nowhere(template):
    resources = template["Resources"]
    assert "StreamSpecification" not in resources["BoardsTable"]["Properties"]
    streams = [
        e["Properties"]["Stream"]
        for e in functions(template)["StatsFunction"].events.values()
        if e.get("Type") == "DynamoDB"
    ]
    assert streams == [{"Fn::GetAtt": ["PostingsTable", "StreamArn"]}]


def _event(name: str) -> dict:
    return json.loads((EVENTS / name).read_text(encoding="utf-8"))


def test_sample_scrape_events_name_an_enabled_source(config):
    enabled = {s.id for s in config.enabled_units}
    assert _event("scrape-schedule.json")["source_id"] in enabled
    (record,) = _event("scrape-queue.json")["Records"]
    assert json.loads(record["body"])["source_id"] in enabled
    assert _event("dispatch-schedule.json")["scheduled_time"].endswith("Z")


def test_sample_refresh_events_match_the_api_routes_and_the_boards(template, config):
    routes = {
        (e["Properties"]["Path"], e["Properties"]["Method"].upper())
        for e in functions(template)["RefreshFunction"].events.values()
        if e["Type"] == "Api"
    }
    assert routes == {("/boards/{id}/refresh", "POST"), ("/boards/{id}/refresh/{run}", "GET")}
    boards = {b.id for b in config.boards}
    for name, known in (
        ("refresh-api.json", True),
        ("refresh-api-unknown-board.json", False),
        ("refresh-progress-api.json", True),
    ):
        event = _event(name)
        assert (event["resource"], event["httpMethod"]) in routes, name
        assert (event["pathParameters"]["id"] in boards) is known, name


def test_the_refresh_api_answers_within_api_gateways_limit_and_the_scrape_counts_receives_as_sqs(template):
    from jobboard.consume import MAX_RECEIVES

    resources = template["Resources"]
    assert int(resources["RefreshFunction"]["Properties"]["Timeout"]) <= 29  # API Gateway's integration timeout
    assert resources["ScrapeQueue"]["Properties"]["RedrivePolicy"]["maxReceiveCount"] == MAX_RECEIVES
    scrape_env = resources["ScrapeFunction"]["Properties"]["Environment"]["Variables"]
    assert scrape_env["PUBLISH_FUNCTION"] == {"Ref": "PublishFunction"}


def test_sample_stream_records_come_from_the_postings_table():
    records = _event("stats-stream.json")["Records"]
    assert {r["eventName"] for r in records} == {"INSERT", "MODIFY", "REMOVE"}
    for record in records:
        image = record["dynamodb"].get("NewImage") or record["dynamodb"]["OldImage"]
        assert record["dynamodb"]["Keys"] == {"pk": image["pk"], "sk": image["sk"]}
        assert {"rev", "status", "boards", "content_hash", "expires_at"} <= image.keys()


def test_metric_alarms_read_the_stacks_own_namespace_and_metrics_the_code_emits(template):
    """Two stacks in one account never share alarms' metrics, and no alarm watches a metric nobody emits."""
    stack_namespace = {"Ref": "AWS::StackName"}
    assert (
        template["Globals"]["Function"]["Environment"]["Variables"]["POWERTOOLS_METRICS_NAMESPACE"] == stack_namespace
    )
    layer_code = "\n".join(p.read_text() for p in (REPO_ROOT / "layers/jobboard/jobboard").rglob("*.py"))
    custom = {
        (spec.logical_id, metric["MetricName"]): metric
        for spec in alarms(template).values()
        for metric in spec.metrics
        if not str(metric["Namespace"]).startswith("AWS/")
    }
    assert {name for _, name in custom} == {"ScrapesFailed", "ScrapesSuspect"}
    for (logical_id, name), metric in custom.items():
        assert metric["Namespace"] == stack_namespace, logical_id
        # The service dimension alone: Powertools adds it to every record; a per-unit one would bill per unit.
        assert metric["Dimensions"] == [{"Name": "service", "Value": "jobboard"}], logical_id
        assert f'"{name}"' in layer_code, f"{logical_id}: nothing emits {name}"


def test_the_alarms_stay_within_the_free_ten_alarm_metrics(template):
    """An alarm is billed per metric it reads (metric math: each of its metrics; a composite alarm $0.50)."""
    specs = alarms(template).values()
    assert not [s.logical_id for s in specs if s.composite], "a composite alarm costs $0.50 a month, never free"
    assert sum(len(s.metrics) for s in specs) <= 10


def test_every_failure_destination_is_watched_by_an_alarm(template):
    """Nothing that fails for good goes unseen: each place failed work lands is a queue an alarm reads."""
    resources = template["Resources"]
    destinations = set()
    for spec in functions(template).values():
        props = resources[spec.logical_id]["Properties"]
        on_failure = props.get("EventInvokeConfig", {}).get("DestinationConfig", {}).get("OnFailure")
        if on_failure:
            destinations.add(on_failure["Destination"]["Fn::GetAtt"][0])
        for event in spec.events.values():
            event_props = event.get("Properties", {})
            if "DeadLetterConfig" in event_props:
                destinations.add(event_props["DeadLetterConfig"]["Arn"]["Fn::GetAtt"][0])
            stream_failure = event_props.get("DestinationConfig", {}).get("OnFailure")
            if stream_failure:
                destinations.add(stream_failure["Destination"]["Fn::GetAtt"][0])
    for queue in queues(template).values():
        if "RedrivePolicy" in queue:
            destinations.add(queue["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0])
    watched = {
        metric["Dimensions"][0]["Value"]["Fn::GetAtt"][0]
        for spec in alarms(template).values()
        for metric in spec.metrics
        if metric["Namespace"] == "AWS/SQS" and metric["MetricName"] == "ApproximateNumberOfMessagesVisible"
    }
    assert destinations == {"InvocationFailureQueue", "ScrapeDeadLetterQueue"}
    assert destinations <= watched, f"unwatched: {destinations - watched}"
    assert "ScrapeQueue" in {
        m["Dimensions"][0]["Value"]["Fn::GetAtt"][0]
        for spec in alarms(template).values()
        for m in spec.metrics
        if m["MetricName"] == "ApproximateAgeOfOldestMessage"
    }, "a stuck scrape queue fails nothing: its age is what tells"
