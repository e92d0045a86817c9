"""jobs.json and the publish fingerprint are built piece by piece (one posting at a time, never one
text of the whole board); the result must be what encoding everything at once gives."""

import dataclasses
import hashlib
import json

from tests.unit.render.helpers import board, hostile_postings, view

from jobboard.normalise.text import strip_invisible
from jobboard.publish.board import fingerprint
from jobboard.render.jobs_json import SCHEMA, job_record, jobs_json

# The marker the fingerprint splits at, in data too; a lone surrogate and invisible characters in titles.
TRICKY = board(title='Jobs "postings": [] \u200bhere', description='{"postings": []}')


def _postings():
    postings = hostile_postings()
    return postings + [dataclasses.replace(postings[0], external_id="x", title="broken \ud800 half \u202e pair")]


def test_fingerprint_is_the_digest_of_the_whole_payload():
    shown = view(_postings()[:-1], board=TRICKY)  # the fingerprint text must be UTF-8 (no lone surrogate)
    payload = {
        "board": dataclasses.asdict(shown.board),
        "postings": [p.to_dict() for p in shown.postings],
        "figures": dataclasses.asdict(shown.figures),
        "related": [b.id for b in shown.related],
        "attributions": [dataclasses.asdict(a) for a in shown.attributions],
        "history": [(p.day.isoformat(), p.jobs) for p in shown.history],
        "closed": sorted((key, at.isoformat()) for key, at in shown.closed.items()),
    }
    blob = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False)
    assert fingerprint(shown) == hashlib.sha256(blob.encode("utf-8")).hexdigest()
    assert fingerprint(dataclasses.replace(shown, postings=())) != fingerprint(shown)


def test_jobs_json_is_the_whole_text_encoded_at_once():
    records = [job_record(p) for p in _postings()]
    head = json.dumps(
        {"schema": SCHEMA, "board": {"id": TRICKY.id, "title": TRICKY.title}, "count": len(records)}, ensure_ascii=False
    )
    lines = ",\n".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in records)
    text = strip_invisible(head.removesuffix("}") + f', "jobs": [\n{lines}\n]}}\n')
    assert jobs_json(TRICKY, records) == text.encode("utf-8", "backslashreplace")
    assert json.loads(jobs_json(TRICKY, []))["jobs"] == []
