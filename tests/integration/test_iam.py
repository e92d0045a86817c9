"""Least privilege (issue 9 item 7): each function's policy in template.yaml allows the DynamoDB
actions its handler performs in a whole run and the GitHub token parameter it reads (recorded
through the real handlers), and no more than the narrow shape written there: scrape only the
sources' items of the boards table, stats never the postings table.
"""

from __future__ import annotations

import fnmatch
import inspect
import json
import os
from collections import defaultdict

import boto3

from jobboard import aws_clients
from jobboard.store import dynamo
from jobboard_local.invoke import load_handler
from jobboard_local.lambda_standin import ENDPOINT_ENV, LambdaStandin
from jobboard_local.template import functions, load_template
from jobboard_local.usage import observe

from tests.conftest import TABLE_NAMES
from tests.integration.test_end_to_end import TOKEN, context, deployment, handlers  # noqa: F401 (fixtures)

TRANSACTION_ACTIONS = {
    "Put": "PutItem",
    "Update": "UpdateItem",
    "Delete": "DeleteItem",
    "ConditionCheck": "ConditionCheckItem",
}
TABLES = {name: logical for logical, name in TABLE_NAMES.items()}
SAM_CRUD = {"DynamoDBCrudPolicy", "DynamoDBReadPolicy", "DynamoDBWritePolicy"}


class ActionRecorder:
    """(table logical id, IAM action, partition key) and SSM parameters read per function, from
    the calls the shared clients send."""

    def __init__(self):
        self.function = None
        self.used: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
        self.parameters: dict[str, set[str]] = defaultdict(set)
        observe(dynamo.client(), self._note)
        observe(aws_clients.client("ssm"), self._note_parameter)

    def _note_parameter(self, call):
        assert call.operation == "GetParameter", call.operation
        self.parameters[self.function].add(call.params["Name"])

    def _note(self, call):
        params, used = call.params, self.used[self.function]
        if call.operation == "TransactWriteItems":
            for item in params["TransactItems"]:
                ((kind, action),) = item.items()
                used.add((TABLES[action["TableName"]], TRANSACTION_ACTIONS[kind], _pk(action)))
        elif call.operation == "BatchGetItem":
            used |= {(TABLES[t], "BatchGetItem", _pk(k)) for t, r in params["RequestItems"].items() for k in r["Keys"]}
        elif call.operation == "BatchWriteItem":
            used |= {
                (TABLES[t], "BatchWriteItem", _pk(next(iter(w.values()))))
                for t, r in params["RequestItems"].items()
                for w in r
            }
        elif call.operation == "Query":
            used.add((TABLES[params["TableName"]], "Query", params["ExpressionAttributeValues"][":pk"]["S"]))
        elif call.operation == "Scan":  # a whole table (the recount's read of the postings)
            used.add((TABLES[params["TableName"]], "Scan", "*"))
        else:
            used.add((TABLES[params["TableName"]], call.operation, _pk(params)))

    def run(self, function, handler, event, lambda_context=None):
        self.function = function
        try:
            return handler(event, lambda_context or context(function))
        finally:
            self.function = None


def _pk(request: dict) -> str:
    """The partition key a request names (its Key or Item; a BatchGet key itself)."""
    key = request.get("Key") or request.get("Item") or request
    return key["pk"]["S"]


def statements(function: str) -> list[dict]:
    return [
        statement
        for policy in load_template()["Resources"][f"{function.title()}Function"]["Properties"].get("Policies", [])
        if isinstance(policy, dict)
        for statement in policy.get("Statement", [])
    ]


def permits(function: str, table: str, action: str, pk: str) -> bool:
    """Some statement of the function's policy allows `action` on `table` for an item under `pk`
    (its dynamodb:LeadingKeys condition, if any, matched as IAM's StringLike does)."""
    for statement in statements(function):
        if (
            statement.get("Resource") != {"Fn::GetAtt": [table, "Arn"]}
            or f"dynamodb:{action}" not in statement["Action"]
        ):
            continue
        leading = statement.get("Condition", {}).get("ForAllValues:StringLike", {}).get("dynamodb:LeadingKeys")
        if leading is None or any(fnmatch.fnmatchcase(pk, pattern) for pattern in leading):
            return True
    return False


def allowed(function: str) -> dict[str, set[str]]:
    """Table logical id -> DynamoDB actions the function's policies allow ("*" for a SAM CRUD template)."""
    found: dict[str, set[str]] = defaultdict(set)
    for policy in load_template()["Resources"][f"{function.title()}Function"]["Properties"].get("Policies", []):
        if not isinstance(policy, dict):
            continue
        for name, value in policy.items():
            if name in SAM_CRUD:
                found[value["TableName"]["Ref"]].add("*")
        for statement in policy.get("Statement", []):
            resource = statement.get("Resource")
            if isinstance(resource, dict) and "Fn::GetAtt" in resource:
                table = resource["Fn::GetAtt"][0]
                found[table] |= {a.removeprefix("dynamodb:") for a in statement["Action"] if a.startswith("dynamodb:")}
    return found


def parameters_allowed(function: str) -> set[str]:
    """Names of the SSM parameters the function's policies let it read (the stack's defaults)."""
    template = load_template()
    names = set()
    for policy in template["Resources"][f"{function.title()}Function"]["Properties"].get("Policies", []):
        if policy != {"Ref": "GitHubTokenReadPolicy"}:
            continue
        (statement,) = template["Resources"]["GitHubTokenReadPolicy"]["Properties"]["PolicyDocument"]["Statement"]
        _, _, parameter = statement["Fn::If"]  # without a GitHubTokenSecretArn: the parameter
        assert parameter["Action"] == "ssm:GetParameter"
        name = parameter["Resource"]["Fn::Sub"].split(":parameter", 1)[1]
        names.add(name.replace("${GitHubTokenParameter}", template["Parameters"]["GitHubTokenParameter"]["Default"]))
    return names


def test_every_function_is_allowed_what_it_does_in_a_whole_run(aws, handlers, deployment, monkeypatch):  # noqa: F811
    # The token as a deployed stack keeps it by default: the SecureString the template names.
    token_parameter = load_template()["Parameters"]["GitHubTokenParameter"]["Default"]
    boto3.client("ssm").put_parameter(Name=token_parameter, Value=TOKEN, Type="SecureString")
    monkeypatch.delenv("GITHUB_TOKEN")
    monkeypatch.setenv("GITHUB_TOKEN_PARAMETER", token_parameter)
    recorder = ActionRecorder()
    for _ in range(2):  # a first run and an unchanged one
        recorder.run("scrape", handlers["scrape"], {"source_id": "acme"})
        records = aws.pump.read()
        if records:
            recorder.run("stats", handlers["stats"], {"Records": records})
        recorder.run("publish", handlers["publish"], {})
    # The daily recount, with drift to repair (a marker lost): it reads and rewrites.
    other = boto3.client("dynamodb", region_name="us-east-1")  # not the recorded client
    posting = other.scan(TableName=TABLE_NAMES["PostingsTable"], Limit=1)["Items"][0]
    marker = f"job#{posting['pk']['S']}#{posting['sk']['S']}"
    other.delete_item(TableName=TABLE_NAMES["BoardsTable"], Key={"pk": {"S": "board#backend"}, "sk": {"S": marker}})
    reconcile = load_handler(functions(load_template())["ReconcileFunction"])
    assert recorder.run("reconcile", reconcile, {})["repaired"]
    # A refresh run: POST and GET (refresh), its units (scrape), the stats, its publish (publish).
    event = json.loads(open("events/refresh-api.json", encoding="utf-8").read())
    event.update(pathParameters={"id": "backend"}, path="/boards/backend/refresh")
    with LambdaStandin() as invocations:
        os.environ[ENDPOINT_ENV] = invocations.url
        try:
            answer = recorder.run("refresh", handlers["refresh"], event)
            assert answer["statusCode"] == 202
            run_id = json.loads(answer["body"])["run_id"]
            sqs = boto3.client("sqs", region_name="us-east-1")
            queued = sqs.receive_message(QueueUrl=os.environ["SCRAPE_QUEUE_URL"], AttributeNames=["All"])["Messages"]
            batch = [
                {"messageId": m["MessageId"], "receiptHandle": m["ReceiptHandle"], "body": m["Body"], "attributes": {}}
                for m in queued
            ]
            scrape_context = context("scrape")
            scrape_context.get_remaining_time_in_millis = lambda: 900_000
            assert (
                recorder.run("scrape", handlers["scrape"], {"Records": batch}, scrape_context)["batchItemFailures"]
                == []
            )
            records = aws.pump.read()
            if records:
                recorder.run("stats", handlers["stats"], {"Records": records})
            ((_, publish_event),) = invocations.take()
            recorder.run("publish", handlers["publish"], publish_event)
            event.update(
                httpMethod="GET",
                resource="/boards/{id}/refresh/{run}",
                path=f"/boards/backend/refresh/{run_id}",
                pathParameters={"id": "backend", "run": run_id},
            )
            assert json.loads(recorder.run("refresh", handlers["refresh"], event)["body"])["status"] == "finished"
        finally:
            del os.environ[ENDPOINT_ENV]

    for function, used in recorder.used.items():
        missing = sorted((table, action, pk) for table, action, pk in used if not permits(function, table, action, pk))
        assert not missing, f"{function.title()}Function's policy in template.yaml lacks {missing}"
    # The leading-key conditions are met by what the functions do, not by luck: a refresh's run items.
    assert any(pk.startswith("run#") for _, _, pk in recorder.used["scrape"])
    assert {"scrape", "stats", "publish", "refresh", "reconcile"} <= set(recorder.used)
    assert recorder.parameters["publish"] == {token_parameter}  # a changed board was committed with it
    for function in ("scrape", "stats", "publish", "refresh"):
        read = recorder.parameters.get(function, set())
        assert read <= parameters_allowed(function), f"{function.title()}Function may not read {read}"
    assert parameters_allowed("scrape") == parameters_allowed("stats") == set()


def test_policies_are_no_wider_than_the_issue_asks():
    assert "PostingsTable" not in allowed("stats")  # the stream's records carry the images
    assert "PostingsTable" not in allowed("publish")
    assert allowed("reconcile")["PostingsTable"] == {"Scan"}  # reads the postings, writes only boards
    for function in ("scrape", "stats", "publish", "refresh", "reconcile"):
        assert all("*" not in actions for actions in allowed(function).values()), f"{function}: a CRUD template"
    # The scrape and refresh functions reach only their own items of the boards table.
    expected = {"scrape": ({"source#*"}, {"run#*"}), "refresh": ({"run#*"},)}
    for function, shapes in expected.items():
        policies = load_template()["Resources"][f"{function.title()}Function"]["Properties"]["Policies"]
        boards = [
            s
            for p in policies
            if isinstance(p, dict)
            for s in p.get("Statement", [])
            if s.get("Resource") == {"Fn::GetAtt": ["BoardsTable", "Arn"]}
        ]
        leading = [set(s["Condition"]["ForAllValues:StringLike"]["dynamodb:LeadingKeys"]) for s in boards]
        assert sorted(map(sorted, leading)) == sorted(map(sorted, shapes)), function
    assert allowed("scrape")["BoardsTable"] == {"GetItem", "PutItem", "UpdateItem"}
    assert "PostingsTable" not in allowed("refresh")  # it scrapes nothing itself


def test_the_verifier_is_allowed_what_it_does_and_no_more(aws, handlers, deployment, monkeypatch):  # noqa: F811
    from jobboard.verify.run import LinkChecker
    from jobboard.verify.verdict import LinkState, Verdict

    verify = load_handler(functions(load_template())["VerifyFunction"])
    gone = Verdict(LinkState.CLOSED, "gone (404)", "http-status", 1)
    fake = LinkChecker(lambda url: gone if url.endswith("4300000002") else Verdict(LinkState.OPEN, "", "ats-api", 1))
    monkeypatch.setitem(inspect.unwrap(verify).__globals__, "link_checker", lambda settings, now: fake)
    recorder = ActionRecorder()
    recorder.run("scrape", handlers["scrape"], {"source_id": "acme"})
    recorder.run("stats", handlers["stats"], {"Records": aws.pump.read()})
    first = recorder.run("verify", verify, {"all": True})
    monkeypatch.setenv("JOBBOARD_NOW", "2026-11-24T12:00:00Z")  # a day later: the second `closed` closes it
    second = recorder.run("verify", verify, {"all": True})
    assert (first["checked"], first["postings_closed"], second["postings_closed"]) == (3, 0, 1)
    used = recorder.used["verify"]
    missing = sorted((table, action, pk) for table, action, pk in used if not permits("verify", table, action, pk))
    assert not missing, f"VerifyFunction's policy in template.yaml lacks {missing}"
    assert {action for table, action, _ in used if table == "PostingsTable"} == {"UpdateItem"}  # the close
    assert allowed("verify") == {"BoardsTable": {"Query", "PutItem"}, "PostingsTable": {"UpdateItem"}}
    # Its records and the boards' shown postings only: never a board's counters, never the publish state.
    assert not permits("verify", "BoardsTable", "PutItem", "board#backend")
    assert not permits("verify", "BoardsTable", "Query", "source#acme")
