"""A lazily created DynamoDB client and plain-Python <-> DynamoDB JSON conversion."""

from __future__ import annotations

import os
from decimal import Decimal
from functools import cache

from boto3.dynamodb.types import Binary, TypeDeserializer, TypeSerializer

_serializer = TypeSerializer()
_deserializer = TypeDeserializer()


@cache
def client():
    """The DynamoDB client, created on first use (not at import: cold start)."""
    import boto3

    # boto3 honours AWS_ENDPOINT_URL (moto server locally); region defaults for local runs.
    return boto3.client("dynamodb", region_name=os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1")


def to_dynamo(item: dict) -> dict:
    return {k: _serializer.serialize(_decimals(v)) for k, v in item.items() if v is not None}


def from_dynamo(image: dict) -> dict:
    return {k: _plain(_deserializer.deserialize(v)) for k, v in image.items()}


def _decimals(value):
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, dict):
        return {k: _decimals(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [_decimals(v) for v in value]
    return value


def _plain(value):
    if isinstance(value, Binary):
        return bytes(value.value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, set, tuple)):
        return [_plain(v) for v in value]
    return value


class TableAdapter:
    """One table's adapter: its name and a client (injected, or the shared lazy one)."""

    def __init__(self, table_name: str, client=None):
        self.table_name = table_name
        self._client = client

    @property
    def client(self):
        return self._client or client()


def paginate(call, **kwargs):
    """Yield every item of a Query/Scan, following LastEvaluatedKey."""
    while True:
        page = call(**kwargs)
        yield from page.get("Items", [])
        if "LastEvaluatedKey" not in page:
            return
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
