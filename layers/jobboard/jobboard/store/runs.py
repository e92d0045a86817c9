"""Refresh runs in the boards table: how many units a run queued, how many are done, its publish.

One partition per run (pk "run#<board id>#<run id>"), so the scrape function's policy can be held
to the "run#" items (LeadingKeys) as it is to the "source#" ones:
- "run": the summary: units in total, `left` to finish (an atomic counter), done, failed (and
  which), the phase (scraping -> publishing -> finished), the options and the publish's outcome.
- "unit#<unit id>": written once per unit, in the transaction that counts it, so a redelivered
  message never counts twice; it keeps the unit's last write to the board (posting key and
  rev), which the publish waits to see applied by the stats function.
Every item expires (TTL) a week after the run started.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from botocore.exceptions import ClientError

from jobboard.aws_clients import error_code
from jobboard.store import dynamo

RUN_LIFETIME = timedelta(days=7)
SUMMARY = "run"
CONFLICT_RETRIES = 5  # concurrent scrape functions counting units of one run


def run_pk(board_id: str, run_id: str) -> str:
    return f"run#{board_id}#{run_id}"


def _utc(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Run:
    board_id: str
    run_id: str
    total: int
    left: int
    done: int = 0  # finished units, failed ones included
    failed: int = 0
    failed_units: tuple[str, ...] = ()
    phase: str = "scraping"  # scraping | publishing | finished
    force: bool = False
    dry_run: bool = False
    started_at: str = ""
    updated_at: str = ""
    publish: dict = field(default_factory=dict)  # the publish's outcome once finished

    @classmethod
    def from_item(cls, item: dict) -> Run:
        return cls(
            board_id=item["board_id"],
            run_id=item["run_id"],
            total=int(item["total"]),
            left=int(item["left"]),
            done=int(item.get("done", 0)),
            failed=int(item.get("failed", 0)),
            failed_units=tuple(sorted(item.get("failed_units") or ())),
            phase=item.get("phase", "scraping"),
            force=bool(item.get("force")),
            dry_run=bool(item.get("dry_run")),
            started_at=item.get("started_at", ""),
            updated_at=item.get("updated_at", ""),
            publish=item.get("publish") or {},
        )

    def to_dict(self) -> dict:
        """As the API reports it."""
        return {
            "board": self.board_id,
            "run_id": self.run_id,
            "status": self.phase,
            "units": {"total": self.total, "done": self.done, "failed": self.failed, "pending": self.left},
            "failed_units": list(self.failed_units),
            "options": {"force": self.force, "dry_run": self.dry_run},
            "publish": self.publish or None,
            "started_at": self.started_at,
            "updated_at": self.updated_at,
        }


class RunsStore(dynamo.TableAdapter):
    def create(self, run: Run, now: datetime) -> None:
        item = {
            "pk": run_pk(run.board_id, run.run_id),
            "sk": SUMMARY,
            "board_id": run.board_id,
            "run_id": run.run_id,
            "total": run.total,
            "left": run.left,
            "done": 0,
            "failed": 0,
            "phase": run.phase,
            "force": run.force,
            "dry_run": run.dry_run,
            "started_at": _utc(now),
            "updated_at": _utc(now),
            "expires_at": int((now + RUN_LIFETIME).timestamp()),
        }
        self.client.put_item(
            TableName=self.table_name, Item=dynamo.to_dynamo(item), ConditionExpression="attribute_not_exists(pk)"
        )

    def get(self, board_id: str, run_id: str) -> Run | None:
        item = self.client.get_item(
            TableName=self.table_name, Key=self._key(board_id, run_id, SUMMARY), ConsistentRead=True
        ).get("Item")
        return Run.from_item(dynamo.from_dynamo(item)) if item else None

    def count_unit(
        self, board_id: str, run_id: str, unit_id: str, *, failed: bool, settle: tuple[str, int] | None, now: datetime
    ) -> bool:
        """Count one finished unit (once: False if it was counted before, or the run is unknown)."""
        pk = run_pk(board_id, run_id)
        unit: dict[str, object] = {
            "pk": pk,
            "sk": f"unit#{unit_id}",
            "failed": failed,
            "expires_at": int((now + RUN_LIFETIME).timestamp()),
        }
        if settle is not None:
            unit["settle_key"], unit["settle_rev"] = settle
        values: dict[str, dict] = {":one": {"N": "1"}, ":minus": {"N": "-1"}, ":now": {"S": _utc(now)}}
        added = ["done :one", "#left :minus"]  # a failed unit is done too
        if failed:
            added += ["failed :one", "failed_units :unit"]
            values[":unit"] = {"SS": [unit_id]}
        expression = "ADD " + ", ".join(added)
        actions = [
            {
                "Put": {
                    "TableName": self.table_name,
                    "Item": dynamo.to_dynamo(unit),
                    "ConditionExpression": "attribute_not_exists(sk)",
                }
            },
            {
                "Update": {
                    "TableName": self.table_name,
                    "Key": self._key(board_id, run_id, SUMMARY),
                    "UpdateExpression": expression + " SET updated_at = :now",
                    "ConditionExpression": "attribute_exists(pk)",
                    "ExpressionAttributeNames": {"#left": "left"},
                    "ExpressionAttributeValues": values,
                }
            },
        ]
        for attempt in range(1, CONFLICT_RETRIES + 1):
            try:
                self.client.transact_write_items(TransactItems=actions)
                return True
            except ClientError as exc:
                codes = [r.get("Code") for r in exc.response.get("CancellationReasons") or []]
                if "ConditionalCheckFailed" in codes:
                    return False  # counted by an earlier delivery, or no such run (expired)
                if "TransactionConflict" not in codes or attempt == CONFLICT_RETRIES:
                    raise
                time.sleep(0.05 * attempt)
        return False

    def claim_publish(self, board_id: str, run_id: str, now: datetime) -> Run | None:
        """The run, moved to "publishing", if every unit is done and nobody claimed it yet; else None."""
        try:
            answer = self.client.update_item(
                TableName=self.table_name,
                Key=self._key(board_id, run_id, SUMMARY),
                UpdateExpression="SET phase = :publishing, updated_at = :now",
                ConditionExpression="#left <= :zero AND phase = :scraping",
                ExpressionAttributeNames={"#left": "left"},
                ExpressionAttributeValues={
                    ":publishing": {"S": "publishing"},
                    ":scraping": {"S": "scraping"},
                    ":zero": {"N": "0"},
                    ":now": {"S": _utc(now)},
                },
                ReturnValues="ALL_NEW",
            )
        except ClientError as exc:
            if error_code(exc) == "ConditionalCheckFailedException":
                return None
            raise
        return Run.from_item(dynamo.from_dynamo(answer["Attributes"]))

    def unclaim_publish(self, board_id: str, run_id: str) -> None:
        """Back to "scraping" (the publish could not be started): a redelivered last unit claims it again."""
        self.client.update_item(
            TableName=self.table_name,
            Key=self._key(board_id, run_id, SUMMARY),
            UpdateExpression="SET phase = :scraping",
            ExpressionAttributeValues={":scraping": {"S": "scraping"}},
        )

    def settle_points(self, board_id: str, run_id: str) -> dict[str, int]:
        """Posting key -> rev: each unit's last write to the board (what the stats must have applied)."""
        points: dict[str, int] = {}
        for raw in dynamo.paginate(
            self.client.query,
            TableName=self.table_name,
            KeyConditionExpression="pk = :pk AND begins_with(sk, :unit)",
            ExpressionAttributeValues={":pk": {"S": run_pk(board_id, run_id)}, ":unit": {"S": "unit#"}},
            ProjectionExpression="settle_key, settle_rev",
        ):
            item = dynamo.from_dynamo(raw)
            if "settle_key" in item:
                points[item["settle_key"]] = max(points.get(item["settle_key"], 0), int(item["settle_rev"]))
        return points

    def finish(self, board_id: str, run_id: str, publish: dict, now: datetime) -> None:
        """Record the publish's outcome: the run is finished."""
        self.client.update_item(
            TableName=self.table_name,
            Key=self._key(board_id, run_id, SUMMARY),
            UpdateExpression="SET phase = :finished, publish = :publish, updated_at = :now",
            ExpressionAttributeValues={
                ":finished": {"S": "finished"},
                ":publish": dynamo.to_dynamo({"v": publish})["v"],
                ":now": {"S": _utc(now)},
            },
        )

    @staticmethod
    def _key(board_id: str, run_id: str, sk: str) -> dict:
        return {"pk": {"S": run_pk(board_id, run_id)}, "sk": {"S": sk}}
