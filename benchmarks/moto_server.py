"""A moto server for one benchmark phase, in its own process: prints its port, runs until stdin closes.

One moto cost is patched out, because it would swamp what the benchmark measures: before a
TransactWriteItems moto deep-copies the whole table once per action (for rollback), so a
100-action transaction on a 6,000-item table copies 600,000 items (~45 s). Here a table
without a stream is backed up by the items the transaction touches, and those are put back
if it is cancelled: the same all-or-nothing result, at a cost per item as in DynamoDB.
Streamed tables keep moto's own whole-table rollback (it also drops the partial records).
"""

from __future__ import annotations

import copy
import logging
import sys

from moto.dynamodb import models
from moto.dynamodb.models.table import Table
from moto.server import ThreadedMotoServer


class _TableCopyShim:
    """`copy` as moto's DynamoDB backend sees it: a table without a stream is not deep-copied."""

    @staticmethod
    def deepcopy(value, memo=None):
        if isinstance(value, Table) and value.stream_shard is None:
            return value
        return copy.deepcopy(value, memo)


def _item_level_rollback(transact_write_items):
    def wrapper(self, transact_items):
        backups = []
        for action in transact_items:
            op = next(iter(action.values()), None) if isinstance(action, dict) else None
            table = self.tables.get(op.get("TableName")) if isinstance(op, dict) else None
            if table is None or table.stream_shard is not None:
                continue
            try:
                hash_key, range_key = self.get_keys_value(table, op.get("Key") or op.get("Item") or {})
            except Exception:  # noqa: BLE001 — moto's own validation reports it
                continue
            backups.append((table, hash_key, range_key, copy.deepcopy(table.get_item(hash_key, range_key))))
        try:
            return transact_write_items(self, transact_items)
        except Exception:
            for table, hash_key, range_key, old in reversed(backups):
                partition = table.items[hash_key] if range_key is not None else table.items
                key = range_key if range_key is not None else hash_key
                if old is None:
                    partition.pop(key, None)
                else:
                    partition[key] = old
            raise

    return wrapper


def main() -> None:
    # Patches of moto itself (the local stand-in, never the code that runs in Lambda).
    models.copy = _TableCopyShim  # type: ignore[assignment]
    models.DynamoDBBackend.transact_write_items = _item_level_rollback(  # type: ignore[method-assign]
        models.DynamoDBBackend.transact_write_items)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no access log line per call
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    print(server.get_host_and_port()[1], flush=True)
    sys.stdin.read()  # until the parent closes our stdin
    server.stop()


if __name__ == "__main__":
    main()
