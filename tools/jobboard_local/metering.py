"""What each local invocation used, as AWS bills it: requests by service and operation, DynamoDB
capacity units, duration and log bytes (for `jobboard cost`).

AWS requests are counted on the embedded moto server (a WSGI wrapper), so they are counted the
same whatever client the functions use; a request belongs to the function whose invocation is
running (local runs invoke one function at a time). Requests outside any invocation are the
local harness playing Lambda's event source mappings and are not counted here: the bill models
those from the invocations.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import math
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

KB = 1024
WRITE_UNIT_BYTES = KB  # one write unit per KB of the item written
READ_UNIT_BYTES = 4 * KB  # one strongly consistent read unit per 4 KB read


# --- DynamoDB capacity units (pure) --------------------------------------------------------------


def value_size(value: dict) -> int:
    """Bytes DynamoDB counts for one attribute value in DynamoDB JSON ({"S": ...}, {"M": {...}}, ...)."""
    (kind, data), *_ = value.items()
    if kind == "S":
        return len(data.encode("utf-8"))
    if kind == "N":
        digits = data.lstrip("-").replace(".", "").lstrip("0") or "0"
        return math.ceil(len(digits) / 2) + 1
    if kind == "B":
        return len(data) * 3 // 4  # base64 on the wire
    if kind in ("BOOL", "NULL"):
        return 1
    if kind in ("SS", "NS", "BS"):
        return sum(value_size({kind[0]: member}) for member in data)
    if kind == "L":
        return 3 + sum(1 + value_size(member) for member in data)
    if kind == "M":
        return 3 + sum(1 + len(name.encode("utf-8")) + value_size(member) for name, member in data.items())
    raise ValueError(f"not a DynamoDB value: {value!r}")


def item_size(item: dict) -> int:
    """Bytes of an item: each attribute's name and value."""
    return sum(len(name.encode("utf-8")) + value_size(value) for name, value in item.items())


def write_units(size: int) -> int:
    return max(1, math.ceil(size / WRITE_UNIT_BYTES))


def read_units(size: int, consistent: bool) -> float:
    units = max(1, math.ceil(size / READ_UNIT_BYTES))
    return units if consistent else units / 2


@dataclass
class Capacity:
    read: float = 0.0
    write: float = 0.0

    def __iadd__(self, other: Capacity) -> Capacity:
        self.read += other.read
        self.write += other.write
        return self


def capacity(operation: str, request: dict, response: dict, stored_size: Callable[[str, dict], int | None]) -> Capacity:
    """Capacity units of one DynamoDB call, from its request and response; `stored_size(table, key)`
    gives the size of an item as stored after the call (for UpdateItem, whose request holds only
    the change). Transactions cost double; a refused conditional write still costs its units."""

    def updated(table: str, key: dict) -> int:
        return write_units(stored_size(table, key) or item_size(key))

    if operation == "PutItem":
        return Capacity(write=write_units(item_size(request["Item"])))
    if operation == "UpdateItem":
        return Capacity(write=updated(request["TableName"], request["Key"]))
    if operation == "DeleteItem":
        return Capacity(write=write_units(item_size(request["Key"])))
    if operation == "BatchWriteItem":
        units = 0
        for writes in request.get("RequestItems", {}).values():
            for entry in writes:
                put = entry.get("PutRequest")
                units += write_units(item_size(put["Item"] if put else entry["DeleteRequest"]["Key"]))
        return Capacity(write=units)
    if operation == "TransactWriteItems":
        units = 0
        for action in request.get("TransactItems", []):
            (kind, op), *_ = action.items()
            if kind == "Put":
                units += write_units(item_size(op["Item"]))
            elif kind == "Update":
                units += updated(op["TableName"], op["Key"])
            else:  # Delete, ConditionCheck
                units += write_units(item_size(op["Key"]))
        return Capacity(write=2 * units)
    consistent = bool(request.get("ConsistentRead"))
    if operation == "GetItem":
        return Capacity(read=read_units(item_size(response.get("Item") or {}), consistent))
    if operation == "BatchGetItem":
        reads = 0.0
        for table, items in response.get("Responses", {}).items():
            strong = bool(request.get("RequestItems", {}).get(table, {}).get("ConsistentRead"))
            reads += sum(read_units(item_size(item), strong) for item in items)
        return Capacity(read=reads)
    if operation in ("Query", "Scan"):
        return Capacity(read=read_units(sum(item_size(item) for item in response.get("Items", [])), consistent))
    if operation == "TransactGetItems":
        sizes = [item_size(r.get("Item") or {}) for r in response.get("Responses", [])]
        return Capacity(read=2 * sum(read_units(size, True) for size in sizes))
    return Capacity()


def sqs_requests(operation: str, request_bytes: int) -> int:
    """SQS bills a request per 64 KB chunk of its payload."""
    return max(1, math.ceil(request_bytes / (64 * KB))) if operation else 0


# --- The meter ---------------------------------------------------------------------------------


@dataclass
class FunctionUse:
    """One function's invocations over the metered time."""

    invocations: int = 0
    seconds: float = 0.0  # local wall time inside the handler
    aws_seconds: float = 0.0  # of which spent in the local AWS endpoint (moto)
    aws_calls: Counter = field(default_factory=Counter)  # "service.Operation" -> requests
    capacity: Capacity = field(default_factory=Capacity)
    sqs_requests: int = 0  # billed SQS requests (64 KB chunks) the function made
    log_bytes: int = 0  # what it printed: log lines and EMF records
    log_events: int = 0
    source_requests: int = 0  # HTTP requests to the sources' stand-ins
    github_requests: int = 0
    publishes_with_github: int = 0  # invocations that reached GitHub (and so read the token)
    started: list[float] = field(default_factory=list)  # simulated hours of each invocation


class CountingStream(io.TextIOBase):
    """A text stream that keeps what is written (to count bytes and read EMF records)."""

    def __init__(self):
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)

    @property
    def text(self) -> str:
        return "".join(self.parts)


class Meter:
    """Meters invocations (a `jobboard_local.invoke.watching` watcher) and the AWS requests they make
    (`attach` wraps the embedded moto server)."""

    def __init__(
        self,
        service: str = "jobboard",
        log_level: str = "INFO",
        counters: dict[str, Callable[[], int]] | None = None,
    ):
        self.service = service
        self.log_level = log_level
        self.counters = counters or {}  # "source" / "github" -> requests served so far
        self.functions: dict[str, FunctionUse] = defaultdict(FunctionUse)
        self.hour = 0.0  # simulated hours since the metered time began (set by the driver)
        self.metric_hours: dict[tuple, set[int]] = defaultdict(set)  # (namespace, name, dimensions) -> hours
        self._current: FunctionUse | None = None
        self._lock = threading.Lock()

    # --- AWS requests (server side) ---

    def attach(self, moto_server) -> None:
        wsgi = moto_server._server  # noqa: SLF001 — moto's ThreadedMotoServer keeps its werkzeug server here
        wsgi.app = _MeteredApp(wsgi.app, self)

    def record_call(self, target: str, request: bytes, response: bytes, seconds: float) -> None:
        use = self._current
        if use is None:
            return
        service, _, operation = target.partition(".")
        with self._lock:
            use.aws_calls[f"{service.split('_')[0]}.{operation}"] += 1
            use.aws_seconds += seconds
            if service.startswith("DynamoDB_"):
                try:
                    use.capacity += capacity(
                        operation, json.loads(request or b"{}"), json.loads(response or b"{}"), _stored_size
                    )
                except (ValueError, KeyError, TypeError):
                    use.capacity += Capacity(write=1)  # an odd request: counted, at the minimum
            elif service == "AmazonSQS":
                use.sqs_requests += sqs_requests(operation, len(request))

    # --- invocations ---

    @contextlib.contextmanager
    def __call__(self, spec, event) -> Iterator[None]:
        use = self.functions[spec.logical_id]
        printed = CountingStream()
        service_logger = logging.getLogger(self.service)
        service_logger.setLevel(self.log_level)
        handlers = [h for h in service_logger.handlers if isinstance(h, logging.StreamHandler)]
        streams = [h.setStream(printed) for h in handlers]
        before = {name: count() for name, count in self.counters.items()}
        self._current = use
        started = time.perf_counter()
        try:
            with contextlib.redirect_stdout(printed):
                yield
        finally:
            use.seconds += time.perf_counter() - started
            self._current = None
            for handler, stream in zip(handlers, streams):
                handler.setStream(stream)
            use.invocations += 1
            use.started.append(self.hour)
            text = printed.text
            use.log_bytes += len(text.encode("utf-8"))
            use.log_events += text.count("\n")
            for line in text.splitlines():
                if line.startswith('{"_aws"'):
                    self._metric_record(json.loads(line))
            served = {name: count() - before[name] for name, count in self.counters.items()}
            use.source_requests += served.get("source", 0)
            use.github_requests += served.get("github", 0)
            use.publishes_with_github += bool(served.get("github", 0))

    def _metric_record(self, record: dict) -> None:
        """Each metric of an EMF record is one billed metric per namespace, name and dimension values."""
        for directive in record["_aws"]["CloudWatchMetrics"]:
            for dimensions in directive.get("Dimensions", [[]]):
                values = tuple((d, str(record.get(d))) for d in dimensions)
                for metric in directive.get("Metrics", []):
                    self.metric_hours[(directive["Namespace"], metric["Name"], values)].add(int(self.hour))


class _MeteredApp:
    """WSGI wrapper: hands each JSON-protocol AWS request (X-Amz-Target) and its answer to the meter."""

    def __init__(self, app, meter: Meter):
        self.app, self.meter = app, meter

    def __call__(self, environ, start_response):
        target = environ.get("HTTP_X_AMZ_TARGET")
        if not target or self.meter._current is None:  # noqa: SLF001 — the meter's own state
            return self.app(environ, start_response)
        length = int(environ.get("CONTENT_LENGTH") or 0)
        request = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(request)
        started = time.perf_counter()
        response = b"".join(self.app(environ, start_response))
        self.meter.record_call(target, request, response, time.perf_counter() - started)
        return [response]


def _stored_size(table_name: str, key: dict) -> int | None:
    """The size of an item as the embedded moto holds it now (None if it is not there)."""
    from moto.dynamodb.models.dynamo_type import DynamoType

    from jobboard_local.moto_standin import stored_table

    try:
        table = stored_table(table_name)
        hash_key = DynamoType(key[table.hash_key_attr])
        range_key = DynamoType(key[table.range_key_attr]) if table.range_key_attr else None
        item = table.get_item(hash_key, range_key)
    except (KeyError, ValueError, TypeError):
        return None
    return item.size() if item is not None else None


def table_bytes(table_names: list[str]) -> int:
    """What the embedded tables hold, in DynamoDB's item bytes (storage is billed per GB-month)."""
    from jobboard_local.moto_standin import stored_table

    return sum(item.size() for name in table_names for item in stored_table(name).all_items())


def deployed_log_level(template: dict) -> str:
    """The deployed functions' log level: the template's LogLevel parameter default."""
    return str(template.get("Parameters", {}).get("LogLevel", {}).get("Default", "INFO"))
