"""The patched moto (jobboard_local.moto_standin): transactions stay all-or-nothing and
conditional, a cancelled one leaves no stream record, no table is copied for them, and the
item size limit holds."""

from __future__ import annotations

import pytest
from moto.dynamodb import models
from moto.dynamodb.models.table import Table

from jobboard_local.moto_standin import _patch_partition_query, patch_moto
from botocore.exceptions import ClientError
from jobboard.store import dynamo
from tests.conftest import TABLE_NAMES

POSTINGS, BOARDS = TABLE_NAMES["PostingsTable"], TABLE_NAMES["BoardsTable"]


@pytest.fixture
def patched(aws, monkeypatch):
    """The stand-in's patch for this test only (monkeypatch puts moto back afterwards); a
    whole-table copy fails the test."""
    monkeypatch.setattr(models, "copy", models.copy)
    monkeypatch.setattr(models.DynamoDBBackend, "transact_write_items", models.DynamoDBBackend.transact_write_items)
    monkeypatch.setattr(Table, "query", getattr(Table.query, "__wrapped_query__", Table.query))
    monkeypatch.setattr(Table, "all_items", Table.all_items)
    patch_moto()
    patch_moto()  # idempotent: applied twice it still wraps once

    def refuse(self, memo):
        raise AssertionError(f"table {self.name} deep-copied for a transaction")

    monkeypatch.setattr(Table, "__deepcopy__", refuse, raising=False)
    return aws


def _put(table: str, pk: str, sk: str, **attrs) -> dict:
    return {"Put": {"TableName": table, "Item": dynamo.to_dynamo({"pk": pk, "sk": sk, **attrs})}}


def _items(client, table: str) -> list[dict]:
    return sorted(
        (dynamo.from_dynamo(i) for i in client.scan(TableName=table)["Items"]), key=lambda i: (i["pk"], i["sk"])
    )


def _stream_records(aws) -> int:
    aws.pump._iterators.clear()
    aws.pump.positions.clear()
    return len(aws.pump.read())


def test_committed_transaction_writes_every_action_and_streams_them(patched):
    client = patched.dynamodb
    client.transact_write_items(
        TransactItems=[
            _put(POSTINGS, "src", "1", rev=1),
            _put(POSTINGS, "src", "2", rev=1),
            {
                "Update": {
                    "TableName": BOARDS,
                    "Key": dynamo.to_dynamo({"pk": "board#b", "sk": "totals"}),
                    "UpdateExpression": "ADD jobs :j",
                    "ExpressionAttributeValues": {":j": {"N": "2"}},
                }
            },
        ]
    )
    assert [i["sk"] for i in _items(client, POSTINGS)] == ["1", "2"]
    assert _items(client, BOARDS) == [{"pk": "board#b", "sk": "totals", "jobs": 2}]
    assert _stream_records(patched) == 2


def test_cancelled_transaction_puts_back_every_touched_item_and_drops_its_stream_records(patched):
    client = patched.dynamodb
    client.put_item(TableName=POSTINGS, Item=dynamo.to_dynamo({"pk": "src", "sk": "kept", "rev": 1, "title": "a"}))
    client.put_item(TableName=BOARDS, Item=dynamo.to_dynamo({"pk": "board#b", "sk": "totals", "jobs": 5}))
    before = (_items(client, POSTINGS), _items(client, BOARDS), _stream_records(patched))

    with pytest.raises(ClientError) as raised:
        client.transact_write_items(
            TransactItems=[
                _put(POSTINGS, "src", "kept", rev=2, title="b"),  # overwrites an item
                _put(POSTINGS, "src", "new", rev=1),  # creates one (in a partition that exists)
                _put(BOARDS, "board#other", "job#x", rev=1),  # creates one in a new partition
                {
                    "Update": {
                        "TableName": BOARDS,
                        "Key": dynamo.to_dynamo({"pk": "board#b", "sk": "totals"}),
                        "UpdateExpression": "ADD jobs :j",
                        "ExpressionAttributeValues": {":j": {"N": "1"}},
                    }
                },
                {
                    "Put": {
                        **_put(BOARDS, "board#b", "job#y", rev=3)["Put"],
                        "ConditionExpression": "attribute_exists(sk)",
                    }
                },  # fails: cancels all
            ]
        )
    assert raised.value.response["Error"]["Code"] == "TransactionCanceledException"
    reasons = [r["Code"] for r in raised.value.response["CancellationReasons"]]
    assert reasons == ["None", "None", "None", "None", "ConditionalCheckFailed"]
    assert (_items(client, POSTINGS), _items(client, BOARDS), _stream_records(patched)) == before
    assert (
        client.query(
            TableName=BOARDS, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "board#other"}}
        )["Items"]
        == []
    )


def test_conditions_are_still_checked_against_the_current_item(patched):
    client = patched.dynamodb
    client.put_item(TableName=BOARDS, Item=dynamo.to_dynamo({"pk": "board#b", "sk": "job#1", "rev": 1}))
    conditional = {
        "Put": {
            **_put(BOARDS, "board#b", "job#1", rev=2)["Put"],
            "ConditionExpression": "rev = :read",
            "ExpressionAttributeValues": {":read": {"N": "1"}},
        }
    }
    client.transact_write_items(TransactItems=[conditional])  # rev was 1: applied
    with pytest.raises(ClientError):
        client.transact_write_items(TransactItems=[conditional])  # rev is 2 now: refused
    assert _items(client, BOARDS) == [{"pk": "board#b", "sk": "job#1", "rev": 2}]


def test_two_actions_on_one_item_are_refused_and_change_nothing(patched):
    client = patched.dynamodb
    with pytest.raises(ClientError) as raised:
        client.transact_write_items(
            TransactItems=[_put(BOARDS, "board#b", "job#1", rev=1), _put(BOARDS, "board#b", "job#1", rev=2)]
        )
    assert raised.value.response["Error"]["Code"] == "ValidationException"
    assert _items(client, BOARDS) == []


def test_the_item_size_limit_still_holds(patched):
    client = patched.dynamodb
    with pytest.raises(ClientError) as raised:
        client.put_item(TableName=BOARDS, Item=dynamo.to_dynamo({"pk": "board#b", "sk": "big", "text": "x" * 410_000}))
    assert raised.value.response["Error"]["Code"] == "ValidationException"
    client.put_item(TableName=BOARDS, Item=dynamo.to_dynamo({"pk": "board#b", "sk": "fits", "text": "x" * 390_000}))
    assert [i["sk"] for i in _items(client, BOARDS)] == ["fits"]


def test_a_query_reads_its_partition_not_the_whole_table(aws, monkeypatch):
    """moto sorts and filters the whole table per Query; the stand-in reads the one partition."""
    monkeypatch.setattr(Table, "query", getattr(Table.query, "__wrapped_query__", Table.query))
    whole_table_reads = []
    original = Table.all_items
    monkeypatch.setattr(Table, "all_items", lambda self: whole_table_reads.append(self.name) or original(self))
    client = aws.dynamodb
    for pk in ("a", "b", "c"):
        for sk in ("3", "1", "2"):
            client.put_item(TableName=POSTINGS, Item=dynamo.to_dynamo({"pk": pk, "sk": sk, "n": int(sk)}))
    _patch_partition_query()  # itself: patch_moto() does nothing once an earlier test applied it
    pages = list(
        dynamo.paginate(
            client.query,
            TableName=POSTINGS,
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues={":pk": {"S": "b"}},
            Limit=2,
        )
    )
    assert [(dynamo.from_dynamo(i)["pk"], dynamo.from_dynamo(i)["sk"]) for i in pages] == [
        ("b", "1"),
        ("b", "2"),
        ("b", "3"),
    ]
    assert whole_table_reads == []
    assert len(client.scan(TableName=POSTINGS)["Items"]) == 9 and whole_table_reads  # a Scan still reads it all
