"""The boards table: each board's postings, counters and history, kept by the stats function.

One partition per board (pk "board#<id>"):
- "job#<posting key>": the posting as shown (`posting_json`, a JSON string; older markers hold
  a map, `posting`), what it adds to the figures
  (`contribution`) and the stream `rev` last applied. A posting that left the board keeps
  a tombstone (no posting, its rev) so a redelivered older record cannot bring it back;
  tombstones expire by TTL after the stream's 24 h retention. A closed posting shown on a board
  with show_closed_days has a posting (with `closed_at`) and no contribution.
- "totals": jobs and remote counts, and the board `version`: bumped by every stats transaction
  that changes what the board shows, in that transaction.
  "count#<company#x|skill#x|salary#CUR>": n (and sum).
- "history#YYYY-MM-DD": the day's figures (for charts).  "published": the last publish's render
  bookkeeping (fingerprint, digests: large).  "publish-state": small, read on every publish run:
  the version last published, until when that render holds, the publish lease, holds in a row.
And per source (pk "source#<id>"), "http-validators": the feed's ETag / Last-Modified.
And per refresh run (pk "run#<board id>#<run id>"): its progress and units (store/runs.py).
This table has no stream, so the stats function's own writes never re-trigger it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from botocore.exceptions import ClientError

from jobboard.aws_clients import error_code
from jobboard.render.view import BoardFigures, HistoryPoint
from jobboard.stats.figures import Contribution, figures_from_counters
from jobboard.store import dynamo

TOMBSTONE_LIFETIME = timedelta(hours=48)
MAX_TRANSACTION_ITEMS = 100
MAX_BATCH_GET_KEYS = 100
PUBLISH_STATE = "publish-state"


def board_pk(board_id: str) -> str:
    return f"board#{board_id}"


def job_sk(posting_key: str) -> str:
    return f"job#{posting_key}"


def shown_digest(posting: dict | None) -> str:
    """A short digest of a posting as shown ("" when not on the board): equal digests, same board."""
    if posting is None:
        return ""
    text = json.dumps(posting, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


@dataclass(frozen=True)
class Marker:
    """A posting's entry on a board: the revision last applied and what it contributed."""

    rev: int
    contribution: Contribution | None  # None: not on the board (tombstone), or shown as closed
    shown: str | None = None  # shown_digest of the posting; None on markers written before it was kept


@dataclass(frozen=True)
class PublishState:
    """What decides whether a board needs rendering at all: one small read (publish_state)."""

    version: int  # the board's version now (totals, kept by the stats function)
    published_version: int | None = None  # the version the last publish rendered (at least)
    render_key: str = ""  # the config and code that render depended on
    fresh_until: str = ""  # ISO UTC: the render may differ after this (the next UTC day)
    jobs: int = 0  # jobs on the board at the last publish
    commit: str = ""
    committed_at: str = ""  # ISO UTC: when the last publish that committed started ("" before any)
    jobs_json_day: str = ""  # the UTC day jobs.json was last written (it is rewritten once a day)
    held_runs: int = 0  # publishes held back in a row
    lease_owner: str = ""
    lease_until: float = 0.0  # epoch seconds

    def current(self, render_key: str, now: datetime) -> bool:
        """The last publish shows this version with this config and code, and is not yet out of date."""
        return (
            self.published_version == self.version
            and self.render_key == render_key
            and bool(self.fresh_until)
            and now.strftime("%Y-%m-%dT%H:%M:%SZ") < self.fresh_until
        )

    def next_commit_at(self, interval: timedelta) -> datetime | None:
        """The earliest time the board may commit again after its last commit (None: at once)."""
        if not self.committed_at or not interval:
            return None
        return datetime.strptime(self.committed_at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc) + interval


@dataclass(frozen=True)
class BoardSnapshot:
    """A board as the publisher reads it: shown postings, figures, history and the last publish."""

    postings: list[dict]  # Posting.to_dict() shape, as shown on the board
    figures: BoardFigures
    history: list[HistoryPoint]
    published: dict


class BoardsStore(dynamo.TableAdapter):
    def markers(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], Marker]:
        """Current markers for (board id, posting key) pairs; BatchGet, 100 keys a request."""
        found: dict[tuple[str, str], Marker] = {}
        for start in range(0, len(keys), MAX_BATCH_GET_KEYS):
            request: dict | None = {
                self.table_name: {
                    "Keys": [
                        {"pk": {"S": board_pk(b)}, "sk": {"S": job_sk(k)}}
                        for b, k in keys[start : start + MAX_BATCH_GET_KEYS]
                    ],
                    "ProjectionExpression": "pk, sk, rev, contribution, shown",
                    "ConsistentRead": True,
                }
            }
            while request:
                answer = self.client.batch_get_item(RequestItems=request)
                for item in answer["Responses"].get(self.table_name, []):
                    plain = dynamo.from_dynamo(item)
                    key = (plain["pk"].removeprefix("board#"), plain["sk"].removeprefix("job#"))
                    contribution = plain.get("contribution")
                    found[key] = Marker(
                        int(plain["rev"]),
                        Contribution.from_dict(contribution) if contribution else None,
                        plain.get("shown"),
                    )
                request = answer.get("UnprocessedKeys") or None
        return found

    def marker_write(
        self, board_id: str, posting_key: str, rev: int, posting: dict | None, previous: Marker | None, now: datetime
    ) -> dict:
        """A transaction Put of a marker, conditional on the marker being what was read."""
        item = {"pk": board_pk(board_id), "sk": job_sk(posting_key), "rev": rev, "shown": shown_digest(posting)}
        if posting is None:
            item["expires_at"] = int((now + TOMBSTONE_LIFETIME).timestamp())
        else:
            # One JSON string, not a map: a publish reads every marker of the board, and a map
            # costs the decoder one parse step per value (most of a 6,000-posting read).
            item["posting_json"] = json.dumps(posting, ensure_ascii=False, separators=(",", ":"))
            contribution = Contribution.of(posting)
            if contribution is not None:
                item["contribution"] = contribution.to_dict()
        put = {"TableName": self.table_name, "Item": dynamo.to_dynamo(item)}
        if previous is None:
            put["ConditionExpression"] = "attribute_not_exists(sk)"
        else:
            put["ConditionExpression"] = "rev = :read"
            put["ExpressionAttributeValues"] = {":read": {"N": str(previous.rev)}}
        return {"Put": put}

    def counter_write(self, board_id: str, counter_key: str, n: int, total: int) -> dict:
        values = {":n": {"N": str(n)}}
        expression = "ADD n :n"
        if total:
            expression += ", #sum :s"
            values[":s"] = {"N": str(total)}
        update = {
            "TableName": self.table_name,
            "Key": {"pk": {"S": board_pk(board_id)}, "sk": {"S": f"count#{counter_key}"}},
            "UpdateExpression": expression,
            "ExpressionAttributeValues": values,
        }
        if total:
            update["ExpressionAttributeNames"] = {"#sum": "sum"}
        return {"Update": update}

    def totals_write(self, board_id: str, jobs: int, remote: int, *, shown_changed: bool = True) -> dict:
        """Add to the totals; `shown_changed` also bumps the board version (what it shows changed)."""
        values = {":j": {"N": str(jobs)}, ":r": {"N": str(remote)}}
        expression = "ADD jobs :j, remote :r"
        if shown_changed:
            expression += ", version :one"
            values[":one"] = {"N": "1"}
        return {
            "Update": {
                "TableName": self.table_name,
                "Key": {"pk": {"S": board_pk(board_id)}, "sk": {"S": "totals"}},
                "UpdateExpression": expression,
                "ExpressionAttributeValues": values,
            }
        }

    def counter_set(self, board_id: str, counter_key: str, n: int, total: int) -> dict:
        """A transaction Update setting a counter to its recount (stats.reconcile)."""
        return {
            "Update": {
                "TableName": self.table_name,
                "Key": {"pk": {"S": board_pk(board_id)}, "sk": {"S": f"count#{counter_key}"}},
                "UpdateExpression": "SET n = :n, #sum = :s",
                "ExpressionAttributeNames": {"#sum": "sum"},
                "ExpressionAttributeValues": {":n": {"N": str(n)}, ":s": {"N": str(total)}},
            }
        }

    def totals_set(self, board_id: str, jobs: int, remote: int) -> dict:
        """A transaction Update setting the totals to their recount and bumping the board version."""
        return {
            "Update": {
                "TableName": self.table_name,
                "Key": {"pk": {"S": board_pk(board_id)}, "sk": {"S": "totals"}},
                "UpdateExpression": "SET jobs = :j, remote = :r ADD version :one",
                "ExpressionAttributeValues": {":j": {"N": str(jobs)}, ":r": {"N": str(remote)}, ":one": {"N": "1"}},
            }
        }

    def recount_state(self, board_id: str) -> tuple[dict[str, Marker], dict[str, tuple[int, int]], tuple[int, int]]:
        """A board's markers (posting key -> Marker), counters (key -> (n, sum)) and totals (jobs,
        remote), as the recount compares them: one partition Query without the postings' text."""
        markers: dict[str, Marker] = {}
        counters: dict[str, tuple[int, int]] = {}
        totals = (0, 0)
        items = dynamo.paginate(
            self.client.query,
            TableName=self.table_name,
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues={":pk": {"S": board_pk(board_id)}},
            ProjectionExpression="sk, rev, shown, contribution, n, #sum, jobs, remote",
            ExpressionAttributeNames={"#sum": "sum"},
        )
        for raw in items:
            item = dynamo.from_dynamo(raw)
            sk = item["sk"]
            if sk.startswith("job#"):
                contribution = item.get("contribution")
                markers[sk.removeprefix("job#")] = Marker(
                    int(item["rev"]), Contribution.from_dict(contribution) if contribution else None, item.get("shown")
                )
            elif sk.startswith("count#"):
                counters[sk.removeprefix("count#")] = (int(item.get("n", 0)), int(item.get("sum", 0)))
            elif sk == "totals":
                totals = (int(item.get("jobs", 0)), int(item.get("remote", 0)))
        return markers, counters, totals

    def transact(self, actions: list[dict]) -> None:
        self.client.transact_write_items(TransactItems=actions)

    def snapshot(self, board_id: str) -> BoardSnapshot:
        """Everything a publish needs about a board, in one partition Query."""
        postings, counts, sums, history = [], {}, {}, []
        jobs = remote = 0
        published: dict = {}
        items = dynamo.paginate(
            self.client.query,
            TableName=self.table_name,
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues={":pk": {"S": board_pk(board_id)}},
        )
        for raw in items:
            sk = raw["sk"]["S"]
            if sk.startswith("job#"):  # only the posting is read: markers are most of the partition
                if "posting_json" in raw:
                    postings.append(json.loads(raw["posting_json"]["S"]))
                elif "posting" in raw:  # written before postings were stored as JSON
                    posting = dynamo.from_dynamo({"posting": raw["posting"]})["posting"]
                    if posting:
                        postings.append(posting)
                continue
            item = dynamo.from_dynamo(raw)
            if sk.startswith("count#"):
                counts[sk.removeprefix("count#")] = int(item.get("n", 0))
                sums[sk.removeprefix("count#")] = int(item.get("sum", 0))
            elif sk == "totals":
                jobs, remote = int(item.get("jobs", 0)), int(item.get("remote", 0))
            elif sk.startswith("history#"):
                history.append(HistoryPoint(date.fromisoformat(sk.removeprefix("history#")), int(item["jobs"])))
            elif sk == "published":
                published = item
        return BoardSnapshot(
            postings=postings,
            figures=figures_from_counters(jobs, remote, counts, sums),
            history=sorted(history, key=lambda p: p.day),
            published=published,
        )

    def shown_rows(self, board_id: str) -> list[dict]:
        """The postings a board shows (Posting.to_dict() shape, closed ones with `closed_at`): one
        Query of its markers, without counters or history (the link verifier's list of links)."""
        rows = []
        items = dynamo.paginate(
            self.client.query,
            TableName=self.table_name,
            KeyConditionExpression="pk = :pk AND begins_with(sk, :job)",
            ExpressionAttributeValues={":pk": {"S": board_pk(board_id)}, ":job": {"S": "job#"}},
            ProjectionExpression="posting_json, posting",
        )
        for raw in items:
            if "posting_json" in raw:
                rows.append(json.loads(raw["posting_json"]["S"]))
            elif "posting" in raw:  # written before postings were stored as JSON
                posting = dynamo.from_dynamo({"posting": raw["posting"]})["posting"]
                if posting:
                    rows.append(posting)
        return rows

    def http_validators(self, source_id: str) -> tuple[dict, str | None]:
        """ETag / Last-Modified of a source's feed from its last full scrape, and when that was."""
        item = self.client.get_item(
            TableName=self.table_name, Key={"pk": {"S": f"source#{source_id}"}, "sk": {"S": "http-validators"}}
        ).get("Item")
        if not item:
            return {}, None
        plain = dynamo.from_dynamo(item)
        return plain.get("validators") or {}, plain.get("checked_at")

    def save_http_validators(self, source_id: str, validators: dict, checked_at: datetime) -> None:
        self.client.put_item(
            TableName=self.table_name,
            Item=dynamo.to_dynamo(
                {
                    "pk": f"source#{source_id}",
                    "sk": "http-validators",
                    "validators": validators,
                    "checked_at": checked_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                }
            ),
        )

    def claim_scrape(self, source_id: str, now: datetime, min_gap: timedelta) -> bool:
        """Record a scrape starting now unless the last one started less than `min_gap` ago.

        Conditional, so two deliveries of the same request cannot both pass a source's terms.
        """
        try:
            self.client.put_item(
                TableName=self.table_name,
                Item=dynamo.to_dynamo(
                    {
                        "pk": f"source#{source_id}",
                        "sk": "last-scrape",
                        "started_at": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
                        "started_epoch": int(now.timestamp()),
                    }
                ),
                ConditionExpression="attribute_not_exists(sk) OR started_epoch <= :cutoff",
                ExpressionAttributeValues={":cutoff": {"N": str(int((now - min_gap).timestamp()))}},
            )
        except ClientError as exc:
            if error_code(exc) == "ConditionalCheckFailedException":
                return False
            raise
        return True

    # --- publishing: one small read per run, a lease per board, conditional bookkeeping -------

    def publish_state(self, board_id: str) -> PublishState:
        """The board version and the last publish's marks: one BatchGetItem of two small items."""
        keys = [{"pk": {"S": board_pk(board_id)}, "sk": {"S": sk}} for sk in ("totals", PUBLISH_STATE)]
        request: dict | None = {self.table_name: {"Keys": keys, "ConsistentRead": True}}
        items: dict[str, dict] = {}
        while request:
            answer = self.client.batch_get_item(RequestItems=request)
            for raw in answer["Responses"].get(self.table_name, []):
                item = dynamo.from_dynamo(raw)
                items[item["sk"]] = item
            request = answer.get("UnprocessedKeys") or None
        marks = items.get(PUBLISH_STATE, {})
        published = marks.get("published_version")
        return PublishState(
            version=int(items.get("totals", {}).get("version", 0)),
            published_version=None if published is None else int(published),
            render_key=marks.get("render_key", ""),
            fresh_until=marks.get("fresh_until", ""),
            jobs=int(marks.get("jobs", 0)),
            commit=marks.get("commit", ""),
            committed_at=marks.get("committed_at", ""),
            jobs_json_day=marks.get("jobs_json_day", ""),
            held_runs=int(marks.get("held_runs", 0)),
            lease_owner=marks.get("lease_owner", ""),
            lease_until=float(marks.get("lease_until", 0)),
        )

    def acquire_lease(self, board_id: str, owner: str, now: float, seconds: float) -> bool:
        """Take the board's publish lease unless another owner holds one that has not expired."""
        try:
            self.client.update_item(
                TableName=self.table_name,
                Key=self._state_key(board_id),
                UpdateExpression="SET lease_owner = :o, lease_until = :u",
                ConditionExpression="attribute_not_exists(lease_until) OR lease_until < :now OR lease_owner = :o",
                ExpressionAttributeValues={
                    ":o": {"S": owner},
                    ":u": {"N": repr(now + seconds)},
                    ":now": {"N": repr(now)},
                },
            )
        except ClientError as exc:
            if error_code(exc) == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def release_lease(self, board_id: str, owner: str) -> None:
        """Give the lease back (nothing happens if it has passed to another owner)."""
        self._owner_update(board_id, owner, "REMOVE lease_owner, lease_until", {})

    def record_held(self, board_id: str, owner: str) -> int:
        """Count one more publish held back in a row and release the lease; the count (0: lease lost)."""
        answer = self._owner_update(
            board_id,
            owner,
            "ADD held_runs :one REMOVE lease_owner, lease_until",
            {":one": {"N": "1"}},
            ReturnValues="UPDATED_NEW",
        )
        return int(dynamo.from_dynamo(answer.get("Attributes", {})).get("held_runs", 0)) if answer else 0

    def record_publish(
        self,
        board_id: str,
        owner: str,
        marks: dict,
        *,
        published: dict | None = None,
        day: tuple[date, BoardFigures] | None = None,
    ) -> bool:
        """After a publish: its marks (published_version, render_key, fresh_until, jobs, commit, and
        committed_at and jobs_json_day when it committed or wrote jobs.json), the
        render bookkeeping if it changed, and the day's figures, in one transaction that also releases
        the lease. Conditional on still holding the lease and on no newer version having been recorded
        (False then, and nothing is written: a later publish owns the board)."""
        names = {f"#m{i}": name for i, name in enumerate(marks)}
        values = {f":m{i}": dynamo.to_dynamo({"v": value})["v"] for i, value in enumerate(marks.values())}
        update = {
            "TableName": self.table_name,
            "Key": self._state_key(board_id),
            "UpdateExpression": "SET "
            + ", ".join(f"#m{i} = :m{i}" for i in range(len(marks)))
            + ", held_runs = :zero REMOVE lease_owner, lease_until",
            "ConditionExpression": "lease_owner = :owner AND (attribute_not_exists(published_version) "
            "OR published_version <= :version)",
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": {
                **values,
                ":owner": {"S": owner},
                ":zero": {"N": "0"},
                ":version": {"N": str(marks["published_version"])},
            },
        }
        actions: list[dict] = [{"Update": update}]
        if published is not None:
            actions.append(
                {
                    "Put": {
                        "TableName": self.table_name,
                        "Item": dynamo.to_dynamo({"pk": board_pk(board_id), "sk": "published", **published}),
                    }
                }
            )
        if day is not None:
            actions.append(
                {"Put": {"TableName": self.table_name, "Item": dynamo.to_dynamo(history_item(board_id, *day))}}
            )
        try:
            self.client.transact_write_items(TransactItems=actions)
        except ClientError as exc:
            reasons = exc.response.get("CancellationReasons") or []
            if reasons and reasons[0].get("Code") == "ConditionalCheckFailed":
                return False
            raise
        return True

    def _state_key(self, board_id: str) -> dict:
        return {"pk": {"S": board_pk(board_id)}, "sk": {"S": PUBLISH_STATE}}

    def _owner_update(self, board_id: str, owner: str, expression: str, values: dict, **extra) -> dict | None:
        try:
            return self.client.update_item(
                TableName=self.table_name,
                Key=self._state_key(board_id),
                UpdateExpression=expression,
                ConditionExpression="lease_owner = :owner",
                ExpressionAttributeValues={**values, ":owner": {"S": owner}},
                **extra,
            )
        except ClientError as exc:
            if error_code(exc) == "ConditionalCheckFailedException":
                return None
            raise


def history_item(board_id: str, day: date, figures: BoardFigures) -> dict:
    """The board's figures for a day (overwritten through the day: the last publish wins)."""
    return {
        "pk": board_pk(board_id),
        "sk": f"history#{day.isoformat()}",
        "jobs": figures.jobs,
        "remote": figures.remote,
        "companies": figures.companies,
    }
