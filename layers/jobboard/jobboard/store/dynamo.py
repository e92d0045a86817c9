"""The shared DynamoDB client (boto3's low-level one: attribute-value dicts) and plain-Python <->
DynamoDB JSON conversion."""

from __future__ import annotations

import base64
import math
from decimal import Decimal

from jobboard import aws_clients


def client():
    """The DynamoDB client, created on first use and reused while warm."""
    return aws_clients.client("dynamodb")


def to_dynamo(item: dict) -> dict:
    """Attribute values for a plain dict; None values are left out."""
    return {k: _encode(v) for k, v in item.items() if v is not None}


def from_dynamo(image: dict) -> dict:
    return {k: _decode(v) for k, v in image.items()}


def _encode(value) -> dict:
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, int):
        return {"N": str(value)}
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"DynamoDB cannot store {value}")
        return {"N": repr(value)}
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, (bytes, bytearray)):
        return {"B": bytes(value)}
    if isinstance(value, dict):
        return {"M": {k: _encode(v) for k, v in value.items() if v is not None}}
    if isinstance(value, (list, tuple)):
        return {"L": [_encode(v) for v in value]}
    if value is None:
        return {"NULL": True}
    raise TypeError(f"cannot store a {type(value).__name__} in DynamoDB")


def _number(text: str) -> int | float:
    number = Decimal(text)
    return int(number) if number == number.to_integral_value() else float(number)


def _decode(attribute: dict):
    ((kind, value),) = attribute.items()
    if kind in ("S", "BOOL"):
        return value
    if kind == "B":
        return _bytes(value)
    if kind == "N":
        return _number(value)
    if kind == "NULL":
        return None
    if kind == "M":
        return {k: _decode(v) for k, v in value.items()}
    if kind == "L":
        return [_decode(v) for v in value]
    if kind == "NS":
        return [_number(v) for v in value]
    if kind == "BS":
        return [_bytes(v) for v in value]
    return list(value)  # SS


def _bytes(value: str | bytes) -> bytes:
    """A binary value: bytes as a boto3 client hands it over; base64 text as a Lambda stream
    event carries it."""
    return value if isinstance(value, bytes) else base64.b64decode(value)


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
