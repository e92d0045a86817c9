"""DynamoDB requests made, items written and time spent in calls, counted on a botocore client
(local runs report them; make bench reads them)."""

from __future__ import annotations

import time
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
    (botocore hooks). Items written: a successful PutItem or UpdateItem is one, a
    TransactWriteItems its actions, a BatchWriteItem its requests less the unprocessed ones.
    Refused conditional writes count as requests, not as items.
    """

    def __init__(self):
        self.requests: Counter = Counter()  # operation name -> calls
        self.items_written = 0
        self.seconds = 0.0

    def attach(self, client) -> None:
        events = client.meta.events
        events.register("before-parameter-build.dynamodb", self._note_items)
        events.register("before-call.dynamodb", self._count_call)
        events.register("after-call.dynamodb", self._count_written)

    def detach(self, client) -> None:
        events = client.meta.events
        events.unregister("before-parameter-build.dynamodb", self._note_items)
        events.unregister("before-call.dynamodb", self._count_call)
        events.unregister("after-call.dynamodb", self._count_written)

    def usage(self) -> Usage:
        return Usage(sum(self.requests.values()), self.items_written, self.seconds)

    @staticmethod
    def _note_items(params, model, context, **_):
        name = model.name
        if name in ("PutItem", "UpdateItem"):
            context["bench_items"] = 1
        elif name == "TransactWriteItems":
            context["bench_items"] = sum(1 for a in params.get("TransactItems", []) if "ConditionCheck" not in a)
        elif name == "BatchWriteItem":
            context["bench_items"] = sum(len(v) for v in params.get("RequestItems", {}).values())

    def _count_call(self, model, context, **_):
        self.requests[model.name] += 1
        context["bench_started"] = time.perf_counter()

    def _count_written(self, http_response, parsed, model, context, **_):
        self.seconds += time.perf_counter() - context.get("bench_started", time.perf_counter())
        if http_response.status_code >= 300:
            return
        written = context.get("bench_items", 0)
        if model.name == "BatchWriteItem":
            written -= sum(len(v) for v in (parsed.get("UnprocessedItems") or {}).values())
        self.items_written += written
