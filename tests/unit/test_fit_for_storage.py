"""What a posting's extra links become before storage: scrubbed, and dropped when too long to store."""

from __future__ import annotations

from jobboard.model import Posting
from jobboard.store.postings import URL_LIMIT, fit_for_storage

from tests.conftest import NOW


def test_an_apply_link_too_long_to_store_is_dropped_and_the_posting_kept():
    page = "https://remoteok.com/remote-jobs/1"
    posting = Posting("remoteok", "1", "Acme", "Engineer", page, NOW, apply_url="https://a.example/" + "x" * URL_LIMIT)
    fitted, changed = fit_for_storage(posting)
    assert changed and fitted.apply_url is None and fitted.url == page
    scrubbed, changed = fit_for_storage(
        Posting("remoteok", "1", "Acme", "Engineer", page, NOW, apply_url="https://a.example/\u200bjob")
    )
    assert changed and scrubbed.apply_url == "https://a.example/job"
    kept = Posting("remoteok", "1", "Acme", "Engineer", page, NOW, apply_url="https://a.example/job")
    assert fit_for_storage(kept) == (kept, False)
