"""Postings turning over in served source answers, for a simulated day (`jobboard cost`).

A body's job list (its longest list of objects) has, by `days` into the day, a share `rate *
days` of its postings replaced by new ones: the posting's id takes a new value everywhere it
appears in the posting (its URLs too), and its dates become the simulated now, as a newly posted
job's would. Each answer rounds at its own phase, so a handful of small lists turn over in
proportion too. Works on any source's JSON answer; other bodies are served as they are.
"""

from __future__ import annotations

import json
import math
import re
from datetime import datetime, timezone
from typing import Any

ID_KEYS = ("id", "objectID", "guid", "uuid", "slug", "shortcode", "jobId", "job_id", "jobid")
DATE_KEY = re.compile(r"date|publish|posted|created|updated|_at$|epoch|time", re.IGNORECASE)
PHASE_STEP = 0.6180339887  # golden ratio: phases spread evenly over [0, 1), whatever the count


class Turnover:
    """`rewrite(key, body)` for LoopbackServer.rewrite; the driver moves `days` and `now`."""

    def __init__(self, rate_per_day: float):
        self.rate = rate_per_day
        self.days = 0.0
        self.now = datetime.now(timezone.utc)
        self._phases: dict[str, float] = {}
        self.postings: dict[str, int] = {}  # key -> postings in the answer (as last served)

    def replaced(self, key: str, count: int) -> int:
        """How many of an answer's `count` postings have been replaced by now."""
        phase = self._phases.setdefault(key, (len(self._phases) * PHASE_STEP) % 1.0)
        return math.floor(count * self.rate * self.days + phase)

    def rewrite(self, key: str, body: bytes) -> bytes:
        try:
            data = json.loads(body)
        except ValueError:
            return body
        jobs = job_list(data)
        if not jobs:
            return body
        self.postings[key] = len(jobs)
        replaced = self.replaced(key, len(jobs))
        if replaced <= 0:
            return body
        for index, job in enumerate(jobs):
            generation = (replaced - index + len(jobs) - 1) // len(jobs)  # times this slot was replaced
            if generation > 0:
                jobs[index] = renewed(job, generation, self.now)
        return json.dumps(data, ensure_ascii=False).encode("utf-8")


def job_list(data: Any) -> list | None:
    """The longest list of objects with an id in the answer (the postings), if any."""
    best: list | None = None
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            if node and all(isinstance(x, dict) for x in node) and any(_id_key(x) for x in node):
                if best is None or len(node) > len(best):
                    best = node
            stack.extend(node)
    return best


def _id_key(job: dict) -> str | None:
    return next((k for k in ID_KEYS if isinstance(job.get(k), (str, int)) and not isinstance(job.get(k), bool)), None)


def renewed(job: dict, generation: int, now: datetime) -> dict:
    """The posting that replaced `job`: a new id wherever the old one appears, dated `now`."""
    key = _id_key(job)
    if key is None:
        return job
    old = job[key]
    new: str | int = old * 1000 + generation if isinstance(old, int) else f"{old}r{generation}"
    text = re.sub(rf"(?<![0-9A-Za-z]){re.escape(str(old))}(?![0-9A-Za-z])", str(new), json.dumps(job))
    fresh = json.loads(text)
    fresh[key] = new
    for name, value in list(fresh.items()):
        if DATE_KEY.search(name):
            fresh[name] = _dated(value, now)
    return fresh


def _dated(value: Any, now: datetime) -> Any:
    """`value` (an ISO time, or epoch seconds or milliseconds) moved to `now`; anything else as it is."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        if 10**9 <= value < 10**10:
            return int(now.timestamp())
        if 10**12 <= value < 10**13:
            return int(now.timestamp() * 1000)
        return value
    if isinstance(value, str) and len(value) >= 10 and value[:4].isdigit() and value[4] == "-":
        try:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
        if len(value) == 10:
            return now.date().isoformat()
        return now.isoformat().replace("+00:00", "Z") if value.endswith("Z") else now.isoformat()
    return value
