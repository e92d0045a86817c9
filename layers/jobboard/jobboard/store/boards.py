"""The boards table: each board's postings, counters and history, kept by the stats function.

One partition per board (pk "board#<id>"):
- "job#<posting key>": the posting as shown (`posting`), what it adds to the figures
  (`contribution`) and the stream `rev` last applied. A posting that left the board keeps
  a tombstone (no posting, its rev) so a redelivered older record cannot bring it back;
  tombstones expire by TTL after the stream's 24 h retention. A closed posting shown on a board
  with show_closed_days has a posting (with `closed_at`) and no contribution.
- "totals": jobs and remote counts.  "count#<company#x|skill#x|salary#CUR>": n (and sum).
- "history#YYYY-MM-DD": the day's figures (for charts).  "published": publish bookkeeping.
And per source (pk "source#<id>"), "http-validators": the feed's ETag / Last-Modified.
This table has no stream, so the stats function's own writes never re-trigger it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from jobboard.render.view import BoardFigures, HistoryPoint
from jobboard.stats.figures import Contribution, figures_from_counters
from jobboard.store import dynamo

TOMBSTONE_LIFETIME = timedelta(hours=48)
MAX_TRANSACTION_ITEMS = 100
MAX_BATCH_GET_KEYS = 100


def board_pk(board_id: str) -> str:
    return f"board#{board_id}"


def job_sk(posting_key: str) -> str:
    return f"job#{posting_key}"


@dataclass(frozen=True)
class Marker:
    rev: int
    contribution: Contribution | None  # None: not on the board (tombstone), or shown as closed


@dataclass(frozen=True)
class BoardSnapshot:
    postings: list[dict]  # Posting.to_dict() shape, as shown on the board
    figures: BoardFigures
    history: list[HistoryPoint]
    published: dict


class BoardsStore(dynamo.TableAdapter):
    def markers(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], Marker]:
        """Current markers for (board id, posting key) pairs; BatchGet, 100 keys a request."""
        found: dict[tuple[str, str], Marker] = {}
        for start in range(0, len(keys), MAX_BATCH_GET_KEYS):
            request = {self.table_name: {
                "Keys": [{"pk": {"S": board_pk(b)}, "sk": {"S": job_sk(k)}} for b, k in keys[start:start + MAX_BATCH_GET_KEYS]],
                "ProjectionExpression": "pk, sk, rev, contribution",
                "ConsistentRead": True,
            }}
            while request:
                answer = self.client.batch_get_item(RequestItems=request)
                for item in answer["Responses"].get(self.table_name, []):
                    plain = dynamo.from_dynamo(item)
                    key = (plain["pk"].removeprefix("board#"), plain["sk"].removeprefix("job#"))
                    contribution = plain.get("contribution")
                    found[key] = Marker(int(plain["rev"]), Contribution.from_dict(contribution) if contribution else None)
                request = answer.get("UnprocessedKeys") or None
        return found

    def marker_write(self, board_id: str, posting_key: str, rev: int, posting: dict | None,
                     previous: Marker | None, now: datetime) -> dict:
        """A transaction Put of a marker, conditional on the marker being what was read."""
        item = {"pk": board_pk(board_id), "sk": job_sk(posting_key), "rev": rev}
        if posting is None:
            item["expires_at"] = int((now + TOMBSTONE_LIFETIME).timestamp())
        else:
            item["posting"] = posting
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
        update = {"TableName": self.table_name, "Key": {"pk": {"S": board_pk(board_id)}, "sk": {"S": f"count#{counter_key}"}},
                  "UpdateExpression": expression, "ExpressionAttributeValues": values}
        if total:
            update["ExpressionAttributeNames"] = {"#sum": "sum"}
        return {"Update": update}

    def totals_write(self, board_id: str, jobs: int, remote: int) -> dict:
        return {"Update": {
            "TableName": self.table_name, "Key": {"pk": {"S": board_pk(board_id)}, "sk": {"S": "totals"}},
            "UpdateExpression": "ADD jobs :j, remote :r",
            "ExpressionAttributeValues": {":j": {"N": str(jobs)}, ":r": {"N": str(remote)}},
        }}

    def transact(self, actions: list[dict]) -> None:
        self.client.transact_write_items(TransactItems=actions)

    def snapshot(self, board_id: str) -> BoardSnapshot:
        """Everything a publish needs about a board, in one partition Query."""
        postings, counts, sums, history = [], {}, {}, []
        jobs = remote = 0
        published: dict = {}
        items = dynamo.paginate(self.client.query, TableName=self.table_name, KeyConditionExpression="pk = :pk",
                                ExpressionAttributeValues={":pk": {"S": board_pk(board_id)}})
        for raw in items:
            item = dynamo.from_dynamo(raw)
            sk = item["sk"]
            if sk.startswith("job#"):
                if item.get("posting"):
                    postings.append(item["posting"])
            elif sk.startswith("count#"):
                counts[sk.removeprefix("count#")] = int(item.get("n", 0))
                sums[sk.removeprefix("count#")] = int(item.get("sum", 0))
            elif sk == "totals":
                jobs, remote = int(item.get("jobs", 0)), int(item.get("remote", 0))
            elif sk.startswith("history#"):
                history.append(HistoryPoint(date.fromisoformat(sk.removeprefix("history#")), int(item["jobs"])))
            elif sk == "published":
                published = item
        return BoardSnapshot(postings=postings, figures=figures_from_counters(jobs, remote, counts, sums),
                             history=sorted(history, key=lambda p: p.day), published=published)

    def record_day(self, board_id: str, day: date, figures: BoardFigures) -> None:
        """The board's figures for a day (overwritten through the day: the last publish wins)."""
        self.client.put_item(TableName=self.table_name, Item=dynamo.to_dynamo({
            "pk": board_pk(board_id), "sk": f"history#{day.isoformat()}",
            "jobs": figures.jobs, "remote": figures.remote, "companies": figures.companies,
        }))

    def http_validators(self, source_id: str) -> tuple[dict, str | None]:
        """ETag / Last-Modified of a source's feed from its last full scrape, and when that was."""
        item = self.client.get_item(TableName=self.table_name,
                                    Key={"pk": {"S": f"source#{source_id}"}, "sk": {"S": "http-validators"}}).get("Item")
        if not item:
            return {}, None
        plain = dynamo.from_dynamo(item)
        return plain.get("validators") or {}, plain.get("checked_at")

    def save_http_validators(self, source_id: str, validators: dict, checked_at: datetime) -> None:
        self.client.put_item(TableName=self.table_name, Item=dynamo.to_dynamo({
            "pk": f"source#{source_id}", "sk": "http-validators", "validators": validators,
            "checked_at": checked_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        }))

    def record_published(self, board_id: str, state: dict) -> None:
        self.client.put_item(TableName=self.table_name,
                             Item=dynamo.to_dynamo({"pk": board_pk(board_id), "sk": "published", **state}))

    def claim_scrape(self, source_id: str, now: datetime, min_gap: timedelta) -> bool:
        """Record a scrape starting now unless the last one started less than `min_gap` ago.

        Conditional, so two deliveries of the same request cannot both pass a source's terms.
        """
        from botocore.exceptions import ClientError

        try:
            self.client.put_item(
                TableName=self.table_name,
                Item=dynamo.to_dynamo({"pk": f"source#{source_id}", "sk": "last-scrape",
                                       "started_at": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                       "started_epoch": int(now.timestamp())}),
                ConditionExpression="attribute_not_exists(sk) OR started_epoch <= :cutoff",
                ExpressionAttributeValues={":cutoff": {"N": str(int((now - min_gap).timestamp()))}},
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False
            raise
        return True
