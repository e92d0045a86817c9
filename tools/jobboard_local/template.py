"""Read template.yaml for local runs: tables, functions, schedules, stream settings.

Local tooling takes these from the template itself, so there is no second copy of the
resource definitions to drift from what `sam deploy` creates.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = REPO_ROOT / "template.yaml"


class _CfnLoader(yaml.SafeLoader):
    """YAML loader that keeps CloudFormation short-form tags as {"Fn::X": value} / {"Ref": value}."""


def _cfn_tag(loader: yaml.SafeLoader, tag_suffix: str, node: yaml.Node):
    value: object
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    elif isinstance(node, yaml.MappingNode):
        value = loader.construct_mapping(node, deep=True)
    else:
        raise yaml.YAMLError(f"unexpected node for !{tag_suffix}: {node!r}")
    if tag_suffix == "Ref":
        return {"Ref": value}
    if tag_suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {f"Fn::{tag_suffix}": value}


_CfnLoader.add_multi_constructor("!", _cfn_tag)


def load_template(path: Path = TEMPLATE) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_CfnLoader)  # noqa: S506 (safe subclass)


@dataclass(frozen=True)
class FunctionSpec:
    logical_id: str
    code_uri: Path
    handler: str  # module.function
    timeout: int
    memory: int
    environment: dict[str, object]  # values may be CFN expressions ({"Ref": ...})
    events: dict[str, dict] = field(default_factory=dict)

    def schedules(self) -> list[tuple[str, dict]]:
        """(schedule expression, input event) of every ScheduleV2 event."""
        found = []
        for event in self.events.values():
            if event.get("Type") == "ScheduleV2":
                props = event.get("Properties", {})
                found.append((props["ScheduleExpression"], json.loads(props.get("Input", "{}"))))
        return found

    def queue_event(self) -> tuple[str, int] | None:
        """(queue logical id, batch size) of the function's SQS event, if it has one."""
        for event in self.events.values():
            if event.get("Type") == "SQS":
                props = event.get("Properties", {})
                return props["Queue"]["Fn::GetAtt"][0], int(props.get("BatchSize", 10))
        return None

    def api_routes(self) -> list[tuple[str, str]]:
        """(HTTP method, resource path such as /boards/{id}/refresh) of every Api event."""
        return [
            (event["Properties"]["Method"].upper(), event["Properties"]["Path"])
            for event in self.events.values()
            if event.get("Type") == "Api"
        ]

    def stream_batch_size(self) -> int | None:
        for event in self.events.values():
            if event.get("Type") == "DynamoDB":
                return int(event.get("Properties", {}).get("BatchSize", 100))
        return None


def functions(template: dict) -> dict[str, FunctionSpec]:
    globals_ = template.get("Globals", {}).get("Function", {})
    found = {}
    for logical_id, resource in template.get("Resources", {}).items():
        if resource.get("Type") != "AWS::Serverless::Function":
            continue
        props = resource.get("Properties", {})
        env = {
            **globals_.get("Environment", {}).get("Variables", {}),
            **props.get("Environment", {}).get("Variables", {}),
        }
        found[logical_id] = FunctionSpec(
            logical_id=logical_id,
            code_uri=REPO_ROOT / props["CodeUri"],
            handler=props.get("Handler", globals_.get("Handler")),
            timeout=int(props.get("Timeout", globals_.get("Timeout", 3))),
            memory=int(props.get("MemorySize", globals_.get("MemorySize", 128))),
            environment=env,
            events=props.get("Events", {}),
        )
    return found


def tables(template: dict) -> dict[str, dict]:
    """Logical id -> CreateTable arguments (without TableName) of every DynamoDB table."""
    found = {}
    for logical_id, resource in template.get("Resources", {}).items():
        if resource.get("Type") != "AWS::DynamoDB::Table":
            continue
        props = resource["Properties"]
        args = {
            "KeySchema": props["KeySchema"],
            "AttributeDefinitions": props["AttributeDefinitions"],
            "BillingMode": props.get("BillingMode", "PAY_PER_REQUEST"),
        }
        if "StreamSpecification" in props:
            args["StreamSpecification"] = {"StreamEnabled": True, **props["StreamSpecification"]}
        ttl = props.get("TimeToLiveSpecification")
        found[logical_id] = {"create": args, "ttl": ttl}
    return found


def create_tables(client, template: dict, names: dict[str, str]) -> None:
    """Create the template's tables under the given names (logical id -> table name).

    Idempotent: two first runs against one endpoint race here, and a table the other run
    created a moment ago is as good as our own.
    """
    from botocore.exceptions import ClientError

    for logical_id, spec in tables(template).items():
        name = names[logical_id]
        try:
            client.create_table(TableName=name, **spec["create"])
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "ResourceInUseException":
                raise
            continue  # the other run creates it, TTL included
        if spec["ttl"] and spec["ttl"].get("Enabled"):
            client.update_time_to_live(TableName=name, TimeToLiveSpecification=spec["ttl"])


def queues(template: dict) -> dict[str, dict]:
    """Logical id -> Properties of every SQS queue, dead-letter queues first."""
    found = {
        k: r.get("Properties", {})
        for k, r in template.get("Resources", {}).items()
        if r.get("Type") == "AWS::SQS::Queue"
    }
    return dict(sorted(found.items(), key=lambda item: "RedrivePolicy" in item[1]))


def create_queues(client, template: dict, names: dict[str, str]) -> dict[str, str]:
    """Create (or find: CreateQueue is idempotent) the template's queues; logical id -> queue URL."""
    urls: dict[str, str] = {}
    for logical_id, props in queues(template).items():
        attributes = {"VisibilityTimeout": str(props.get("VisibilityTimeout", 30))}
        if props.get("FifoQueue"):
            attributes["FifoQueue"] = "true"
        redrive = props.get("RedrivePolicy")
        if redrive:
            dlq = redrive["deadLetterTargetArn"]["Fn::GetAtt"][0]
            arn = client.get_queue_attributes(QueueUrl=urls[dlq], AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
            attributes["RedrivePolicy"] = json.dumps(
                {"deadLetterTargetArn": arn, "maxReceiveCount": redrive["maxReceiveCount"]}
            )
        urls[logical_id] = client.create_queue(QueueName=names[logical_id], Attributes=attributes)["QueueUrl"]
    return urls


@dataclass(frozen=True)
class AlarmSpec:
    """A CloudWatch alarm of the template and the metrics it reads (each billed as an alarm metric)."""

    logical_id: str
    composite: bool
    metrics: tuple[dict, ...]  # {"Namespace", "MetricName", "Dimensions"} of each metric read

    @property
    def names(self) -> set[str]:
        return {m["MetricName"] for m in self.metrics}


def alarms(template: dict) -> dict[str, AlarmSpec]:
    """Logical id -> AlarmSpec of every metric alarm (plain or metric math) and composite alarm."""
    found = {}
    for logical_id, resource in template.get("Resources", {}).items():
        props = resource.get("Properties", {})
        if resource.get("Type") == "AWS::CloudWatch::CompositeAlarm":
            found[logical_id] = AlarmSpec(logical_id, True, ())
        elif resource.get("Type") == "AWS::CloudWatch::Alarm":
            if "MetricName" in props:
                read = [{k: props.get(k) for k in ("Namespace", "MetricName", "Dimensions")}]
            else:
                read = [q["MetricStat"]["Metric"] for q in props.get("Metrics", []) if "MetricStat" in q]
            found[logical_id] = AlarmSpec(logical_id, False, tuple(read))
    return found
