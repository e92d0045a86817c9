"""DynamoDB requests made, items written and time spent in calls, counted on a jobboard.aws client
(local runs report them; make bench reads them)."""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple


class Usage(NamedTuple):
    requests: int
    items_written: int
    seconds: float  # in DynamoDB calls: request, the server's work, response parsing

    def __sub__(self, other: Usage) -> Usage:
        return Usage(
            self.requests - other.requests, self.items_written - other.items_written, self.seconds - other.seconds
        )


class DynamoCounter:
    """API calls made, items written and time spent in calls, on the clients it is attached to
    (jobboard.aws observers). Items written: a successful PutItem or UpdateItem is one, a
    TransactWriteItems its actions, a BatchWriteItem its requests less the unprocessed ones.
    Refused conditional writes count as requests, not as items.
    """

    def __init__(self):
        self.requests: Counter = Counter()  # operation name -> calls
        self.items_written = 0
        self.seconds = 0.0

    def attach(self, client) -> None:
        client.observe(self._count)

    def detach(self, client) -> None:
        client.unobserve(self._count)

    def usage(self) -> Usage:
        return Usage(sum(self.requests.values()), self.items_written, self.seconds)

    def _count(self, call) -> None:
        self.requests[call.operation] += 1
        self.seconds += call.seconds
        if call.status is None or call.status >= 300:
            return
        self.items_written += _items_written(call.operation, call.params, call.response)


def _items_written(operation: str, params: dict, response: dict) -> int:
    if operation in ("PutItem", "UpdateItem"):
        return 1
    if operation == "TransactWriteItems":
        return sum(1 for a in params.get("TransactItems", []) if "ConditionCheck" not in a)
    if operation == "BatchWriteItem":
        sent = sum(len(v) for v in params.get("RequestItems", {}).values())
        return sent - sum(len(v) for v in (response.get("UnprocessedItems") or {}).values())
    return 0
