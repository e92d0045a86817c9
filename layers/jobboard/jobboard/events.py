"""Handler inputs: pydantic models read with the Powertools parser; a bad one names its field.

Strict: `bool("false")` is True, so an event saying {"force": "false"} must not force a publish;
a wrong type is an error naming the field, never coerced. Unknown fields are errors too (a typo
such as "forse" would otherwise be ignored).
"""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from aws_lambda_powertools.utilities.parser import parse
from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

T = TypeVar("T", bound=BaseModel)

Text = Annotated[str, StringConstraints(pattern=r"\S")]  # a non-empty string, not only spaces


class EventError(ValueError):
    """The event (or request body) is not what the function takes; the message names the field."""


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class DispatchEvent(Strict):
    """EventBridge Scheduler's {"scheduled_time": ...}; {"all": true} queues every enabled unit."""

    all: bool | None = None
    scheduled_time: Text | None = None


class VerifyEvent(Strict):
    """The verifier's schedule sends {}: the links due this hour; {"all": true}: every due link;
    board_id: only the postings that board shows."""

    all: bool | None = None
    board_id: Text | None = None


class ScrapeEvent(Strict):
    """A direct invocation: scrape one source (a company list's entry id: each of its companies)."""

    source_id: Text | None = None


class PublishEvent(Strict):
    """Every board ({}), or one; with run_id, the publish that ends a refresh run (it waits for the stats)."""

    board_id: Text | None = None
    force: bool | None = None
    dry_run: bool | None = None
    at_once: bool | None = None  # publish a changed board without waiting for its publish_interval
    run_id: Text | None = None


class RefreshOptions(Strict):
    """POST /boards/{id}/refresh body: empty, or these options (as for the publish function)."""

    force: bool = False
    dry_run: bool = False


class ScrapeMessage(BaseModel):
    """A scrape queue message body: the unit, the dispatcher tick, and the refresh run it belongs to."""

    model_config = ConfigDict(strict=True, frozen=True)

    source_id: Text
    slot: str | None = None
    board_id: Text | None = None  # with run_id: a refresh of this board queued it
    run_id: Text | None = None


_KINDS = {
    "bool_type": "true or false",
    "string_type": "a non-empty string",
    "string_pattern_mismatch": "a non-empty string",
}


def read_event(model: type[T], data: Any, where: str = "event") -> T:
    """`data` (None: {}) as `model` via the Powertools parser; EventError naming the first bad field."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise EventError(f"{where} must be a JSON object, got {type(data).__name__}")
    try:
        return parse(event=data, model=model)
    except ValidationError as exc:
        raise EventError(_message(exc, model, where)) from None


def _message(exc: ValidationError, model: type[BaseModel], where: str) -> str:
    error = exc.errors()[0]
    name = ".".join([where, *map(str, error["loc"])])
    if error["type"] == "extra_forbidden":
        return f"{name}: unknown field (expected: {', '.join(sorted(model.model_fields))})"
    if error["type"] == "missing":
        return f"{name}: required"
    return f"{name}: must be {_KINDS.get(error['type'], error['msg'])}, got {error['input']!r}"
