"""moto as our local DynamoDB, without the cost that grows with the table.

moto 5.x backs up for rollback, before a TransactWriteItems, a deep copy of the whole table
once per action: a 100-action stats transaction on a 6,000-posting boards table copies
600,000 items (tens of seconds, gigabytes of garbage). DynamoDB's cost is per item. Here the
backup is the items the transaction touches (and the stream's length), put back if it is
cancelled: the same all-or-nothing result, conditions checked by moto as before, at a cost
per item. Item requests and answers (PutItem, TransactWriteItems, Query, GetRecords, ...) are
read and written as the JSON they already are, not value by value through moto's
shape-walking parser and serializer (~3 s a MB); and an item's 400 KB limit is checked once
per item, not once per attribute.
Only the local stand-in is changed: nothing that runs in Lambda.

`patch_moto()` applies it in this process (the embedded server of `jobboard run` does);
`jobboard moto-server` starts a patched server for AWS_ENDPOINT_URL. The embedded server's
tables are also saved and restored in-process (dump_items / load_items), not through HTTP.
"""

from __future__ import annotations

import copy
import logging
from types import SimpleNamespace

_PATCHED = "_jobboard_item_rollback"


def patch_moto() -> None:
    """Item-level transaction rollback in moto's DynamoDB backend (idempotent)."""
    from moto.dynamodb import models
    from moto.dynamodb.models.table import Table

    backend = models.DynamoDBBackend
    if getattr(backend.transact_write_items, _PATCHED, False):
        return

    def deepcopy(value, memo=None):
        # moto's own per-table backup becomes the table itself: rolling back to it is a no-op,
        # the wrapper below puts the touched items back instead.
        return value if isinstance(value, Table) else copy.deepcopy(value, memo)

    # The module's `copy` is used for that backup and for per-item copies (kept as they are).
    models.copy = SimpleNamespace(deepcopy=deepcopy, copy=copy.copy)  # type: ignore[assignment]
    original = backend.transact_write_items

    def transact_write_items(self, transact_items):
        backups, stream_lengths = [], {}
        for action in transact_items if isinstance(transact_items, list) else ():
            op = next(iter(action.values()), None) if isinstance(action, dict) and action else None
            table = self.tables.get(op.get("TableName")) if isinstance(op, dict) else None
            if table is None:
                continue  # moto reports the missing table itself
            try:
                hash_key, range_key = self.get_keys_value(table, op.get("Key") or op.get("Item") or {})
            except Exception:  # noqa: BLE001 — invalid keys: moto's own validation reports them
                continue
            current = table.get_item(hash_key, range_key)
            # Put and Delete replace or drop the stored Item object; only Update changes it in place.
            backups.append((table, hash_key, range_key, copy.deepcopy(current) if "Update" in action else current))
            if table.stream_shard is not None:
                stream_lengths.setdefault(table.stream_shard, len(table.stream_shard.items))
        try:
            return original(self, transact_items)
        except Exception:
            for table, hash_key, range_key, old in reversed(backups):
                _put_back(table, hash_key, range_key, old)
            for shard, length in stream_lengths.items():
                del shard.items[length:]  # a cancelled transaction leaves no stream records
            raise

    setattr(transact_write_items, _PATCHED, True)
    backend.transact_write_items = transact_write_items  # type: ignore[method-assign]
    _patch_item_size_check()
    _patch_item_responses()
    _patch_partition_query()
    _patch_queue_attributes()


def _patch_queue_attributes() -> None:
    """moto works out every attribute of a queue to read one, ContentBasedDeduplication, four
    times per message sent; the message counts among them scan every message of the queue (two
    clock reads each). Queuing 1,000 units scanned a growing queue 4,000 times: the refresh POST
    of a 1,000-company board took over a minute here (SQS: ~0.2 s). That one attribute is read
    directly; every other read works the attributes out as moto does."""
    from collections.abc import Mapping

    from moto.sqs.models import Queue

    everything = Queue.attributes.fget  # type: ignore[attr-defined]

    class Attributes(Mapping):
        def __init__(self, queue):
            self.queue = queue

        def get(self, key, default=None):
            if key == "ContentBasedDeduplication":
                return str(bool(self.queue.content_based_deduplication)).lower() if self.queue.fifo_queue else default
            return everything(self.queue).get(key, default)

        def __getitem__(self, key):
            return everything(self.queue)[key]

        def __iter__(self):
            return iter(everything(self.queue))

        def __len__(self):
            return len(everything(self.queue))

    Queue.attributes = property(Attributes)  # type: ignore[assignment,method-assign]


def _patch_item_size_check() -> None:
    """moto checks the 400 KB item limit on every attribute it sets while building an item,
    re-measuring all the attributes set so far each time: quadratic in the attributes (three
    quarters of a 25-item BatchWriteItem). Built items are measured once, with the same sum
    and limit; later in-place changes keep moto's own check."""
    from moto.dynamodb.models import dynamo_type
    from moto.dynamodb.models.dynamo_type import DynamoType, Item, LimitedSizeDict

    def item_init(self, hash_key, range_key, attrs):
        self.hash_key, self.range_key = hash_key, range_key
        values = {key: DynamoType(value) for key, value in attrs.items()}
        if sum(dynamo_type.bytesize(key) + value.size() for key, value in values.items()) > 405000:
            raise dynamo_type.ItemSizeTooLarge
        self.attrs = LimitedSizeDict()
        dict.update(self.attrs, values)  # not LimitedSizeDict.__setitem__: measured above

    Item.__init__ = item_init  # type: ignore[method-assign]


# Operations whose answers are items in DynamoDB JSON already: written out as they are.
_ITEM_OPERATIONS = {
    "dynamodb": {
        "Query",
        "Scan",
        "GetItem",
        "BatchGetItem",
        "PutItem",
        "UpdateItem",
        "DeleteItem",
        "BatchWriteItem",
        "TransactWriteItems",
        "TransactGetItems",
    },
    "dynamodbstreams": {"GetRecords"},
}


def _patch_item_responses() -> None:
    """moto 5.x reads every request and writes every response by walking botocore's shapes,
    value by value: ~3 s a MB of items (a 6,000-posting board Query took longer than the rest
    of a publish). Item requests and answers, already DynamoDB JSON, go through json.loads and
    json.dumps; the rest keep moto's parser and serializer."""
    import base64
    import json
    from datetime import datetime

    from moto.dynamodb.responses import DynamoHandler
    from moto.dynamodbstreams.responses import DynamoDBStreamsHandler

    def plain(value):
        if isinstance(value, datetime):
            return value.timestamp()  # the JSON protocol's timestamps: epoch seconds
        if isinstance(value, (bytes, bytearray)):
            return base64.b64encode(value).decode("ascii")
        raise TypeError(f"cannot write a {type(value).__name__}")

    shape_parsing = DynamoHandler.parse_parameters

    def parse_parameters(self, request) -> None:
        # The request side alike: item requests are read as the JSON they are (a 100-action
        # transaction of postings is thousands of values for moto's shape-walking parser).
        if self._get_action() in _ITEM_OPERATIONS["dynamodb"]:
            self.params = json.loads(request.data or b"{}")
        else:
            shape_parsing(self, request)

    DynamoHandler.parse_parameters = parse_parameters  # type: ignore[method-assign]

    for handler, service in ((DynamoHandler, "dynamodb"), (DynamoDBStreamsHandler, "dynamodbstreams")):
        shape_walking = handler.serialized

        def serialized(self, action_result, _shape_walking=shape_walking, _operations=_ITEM_OPERATIONS[service]):
            result = action_result.result
            if isinstance(result, dict) and self._get_action() in _operations:
                body = json.dumps({k: v for k, v in result.items() if v is not None}, default=plain)
                return 200, {"Content-Type": "application/x-amz-json-1.0", **self.response_headers}, body
            return _shape_walking(self, action_result)

        handler.serialized = serialized  # type: ignore[method-assign]


def _patch_partition_query() -> None:
    """A Query on a table's own key reads that partition, as DynamoDB does.

    moto finds a partition's items by sorting the whole table and filtering it (per Query: 500
    companies' Queries over a 10,000-posting table made most of an unchanged `jobboard run`).
    Here the base-table Query sees only its partition; index Queries and everything else are moto's.
    """
    import threading

    from moto.dynamodb.models.table import Table

    if getattr(Table.query, _PATCHED, False):
        return
    partition = threading.local()  # the moto server answers requests on several threads
    all_items, query = Table.all_items, Table.query

    def partition_items(self):
        wanted = getattr(partition, "key", None)
        if wanted is not None and wanted[0] is self:
            return list(self.items.get(wanted[1], {}).values())
        return all_items(self)

    def partition_query(self, hash_key, *args, **kwargs):
        index_name = args[6] if len(args) > 6 else kwargs.get("index_name")
        if index_name or not self.range_key_attr:
            return query(self, hash_key, *args, **kwargs)
        partition.key = (self, hash_key)
        try:
            return query(self, hash_key, *args, **kwargs)
        finally:
            partition.key = None

    setattr(partition_query, _PATCHED, True)
    partition_query.__wrapped_query__ = query  # type: ignore[attr-defined]  # what a test puts back
    Table.all_items, Table.query = partition_items, partition_query  # type: ignore[method-assign]


def _put_back(table, hash_key, range_key, old) -> None:
    if range_key is None:
        if old is None:
            table.items.pop(hash_key, None)
        else:
            table.items[hash_key] = old
        return
    partition = table.items[hash_key]
    if old is None:
        partition.pop(range_key, None)
        if not partition:
            del table.items[hash_key]
    else:
        partition[range_key] = old


def stored_table(name: str):
    """A table of this process's moto (the embedded server shares its backends), whichever
    account and region it was made in."""
    from moto.dynamodb.models import dynamodb_backends

    for account in list(dynamodb_backends):
        for backend in list(dynamodb_backends[account].values()):
            if name in backend.tables:
                return backend.tables[name]
    raise KeyError(f"no table {name} in this process's moto")


def dump_items(table_name: str) -> list[dict]:
    """Every item of an embedded table as DynamoDB JSON (binary values base64, as on the wire),
    read in-process: a Scan through the HTTP server costs seconds per thousand items."""
    return [item.to_json()["Attributes"] for item in stored_table(table_name).all_items()]


def load_items(table_name: str, items: list[dict]) -> None:
    """Put items into an embedded table without stream records: they are history, not changes."""
    from moto.dynamodb.models.dynamo_type import DynamoType, Item

    table = stored_table(table_name)
    for attrs in items:  # items this stand-in saved: valid, so moto's per-put validation is skipped
        hash_key = DynamoType(attrs[table.hash_key_attr])
        if table.range_key_attr is None:
            table.items[hash_key] = Item(hash_key, None, attrs)
        else:
            range_key = DynamoType(attrs[table.range_key_attr])
            table.items[hash_key][range_key] = Item(hash_key, range_key, attrs)


def serve(port: int = 0, host: str = "127.0.0.1", announce=print) -> None:
    """A patched moto server, announcing its URL, until interrupted (Ctrl-C or SIGTERM)."""
    import signal
    import threading

    from moto.server import ThreadedMotoServer

    patch_moto()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no access log line per call
    server = ThreadedMotoServer(ip_address=host, port=port, verbose=False)
    server.start()
    bound_host, bound_port = server.get_host_and_port()
    announce(f"http://{bound_host}:{bound_port}")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        while not stop.wait(1.0):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
