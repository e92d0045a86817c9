"""AWS calls as local tooling and tests see them, through botocore's event system (`observe`);
DynamoDB requests made, items written and time spent in calls counted with it (local runs report
them; make bench reads them)."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from typing import NamedTuple

_STARTED = "jobboard_observed"  # request context key: (perf_counter at the call's start, its params)


class Call(NamedTuple):
    """One finished call of a boto3 client, retries included."""

    operation: str  # "PutItem"
    params: dict  # as the caller gave them
    status: int | None  # HTTP status of the last attempt; None when no answer came
    response: dict  # the parsed answer (an error's too); {} when none came
    seconds: float  # the call's wall time, retries included
    received_bytes: int  # the last answer's body


def observe(client, callback: Callable[[Call], None]) -> Callable[[], None]:
    """`callback` hears of every call of `client` once it ends; returns what stops it."""
    service = client.meta.service_model.service_id.hyphenize()
    events = client.meta.events
    events.register(f"before-parameter-build.{service}", _note_start, unique_id=_STARTED)  # once per client

    def answered(http_response, parsed, model, context, **_):
        started, params = context.get(_STARTED, (time.perf_counter(), {}))
        body = http_response.content or b""
        callback(Call(model.name, params, http_response.status_code, parsed, time.perf_counter() - started, len(body)))

    def failed(context, event_name, **_):  # no answer (connection, timeout) after the retries
        started, params = context.get(_STARTED, (time.perf_counter(), {}))
        callback(Call(event_name.rsplit(".", 1)[-1], params, None, {}, time.perf_counter() - started, 0))

    events.register(f"after-call.{service}", answered)
    events.register(f"after-call-error.{service}", failed)

    def stop() -> None:
        events.unregister(f"after-call.{service}", answered)
        events.unregister(f"after-call-error.{service}", failed)

    return stop


def _note_start(params, context, **_) -> None:
    context[_STARTED] = (time.perf_counter(), params)


class Usage(NamedTuple):
    requests: int
    items_written: int
    seconds: float  # in DynamoDB calls: request, the server's work, response parsing

    def __sub__(self, other: Usage) -> Usage:
        return Usage(
            self.requests - other.requests, self.items_written - other.items_written, self.seconds - other.seconds
        )


class DynamoCounter:
    """API calls made, items written and time spent in calls, on the clients it is attached to. Items written: a successful PutItem or UpdateItem is one, a
    TransactWriteItems its actions, a BatchWriteItem its requests less the unprocessed ones.
    Refused conditional writes count as requests, not as items.
    """

    def __init__(self) -> None:
        self.requests: Counter = Counter()  # operation name -> calls
        self.items_written = 0
        self.seconds = 0.0
        self._stops: list[Callable[[], None]] = []

    def attach(self, client) -> None:
        self._stops.append(observe(client, self._count))

    def detach(self) -> None:
        while self._stops:
            self._stops.pop()()

    def usage(self) -> Usage:
        return Usage(sum(self.requests.values()), self.items_written, self.seconds)

    def _count(self, call: Call) -> None:
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
