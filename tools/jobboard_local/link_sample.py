"""The link verifier on recorded pages in sample runs (`make run`, `jobboard verify` without --live).

The bundled source recordings' links point at live sites that are not recorded, so a sample run
turns verification off for those sources. Instead the recorded links (tests/fixtures/verify/links.json:
a live, a closed and an ambiguous page for every rule, served by link_pages.LinkPagesServer) are
listed by a sample source, `recorded-links`, on a sample board of the same name (published to a
local git repository like every other board), and the verifier's host_overrides point each
recorded host at the page server. Nothing reaches the network: the fetcher's resolver answers
loopback only for the session (`offline_fetcher`).
"""

from __future__ import annotations

import functools
from contextlib import contextmanager
from datetime import timedelta
from urllib.parse import urlsplit

from jobboard.model import parse_utc

SAMPLE_ID = "recorded-links"  # the sample source, its recording and its board
LISTINGS_PATH = "/listings.json"


def links_recording(links: list[dict], recorded_at: str) -> dict:
    """The recorded links as a SimplifyJobs-format listings file (one listing per link, posted the
    day before the recording, titled with the link's id so a reader of the sample board can find it
    in links.json)."""
    posted = int((parse_utc(recorded_at) - timedelta(days=1)).timestamp())
    listings = [
        {
            "source": "jobboard sample",
            "id": link["id"],
            "company_name": urlsplit(link["url"]).hostname or "?",
            "title": f"Software Engineer (recorded link {link['id']})",
            "url": link["url"],
            "date_posted": posted,
            "date_updated": posted,
            "active": True,
            "is_visible": True,
            "locations": ["Remote"],
        }
        for link in links
    ]
    return {"settings": {"url": LISTINGS_PATH}, "routes": [{"path": LISTINGS_PATH, "json": listings}]}


def add_recorded_links(data: dict, source_base_url: str, host_overrides: dict[str, str]) -> bool:
    """Add the sample source and board to a sample config (`data`, as read from YAML) and point the
    verifier at the page server. False (nothing added) when the config already uses the id."""
    if any(s.get("id") == SAMPLE_ID for s in data.get("sources") or []) or any(
        b.get("id") == SAMPLE_ID for b in data.get("boards") or []
    ):
        return False
    data.setdefault("sources", []).append(
        {"id": SAMPLE_ID, "type": "simplify", "url": LISTINGS_PATH, "base_url": source_base_url}
    )
    data.setdefault("boards", []).append(
        {
            "id": SAMPLE_ID,
            "title": "Recorded links (link verifier sample)",
            "description": "One row per recorded apply link; closed ones show 🔒 with what the verifier saw.",
            "github": {"repo": "jobboard-sample/recorded-links"},
            "sources": [SAMPLE_ID],
            "filters": {"show_closed_days": 30},
            "site": False,
        }
    )
    verify = dict(data.get("verify") or {})
    verify["host_overrides"] = {**(verify.get("host_overrides") or {}), **host_overrides}
    verify["allow_loopback"] = True
    data["verify"] = verify
    return True


@contextmanager
def offline_fetcher(paced: bool = False):
    """While inside, every LinkFetcher made resolves loopback names only (a recorded host is
    overridden to the page server; any other host fails as DNS does offline: `unknown`). Unless
    `paced`, it has a pacer of its own that holds a host for its Retry-After but does not space
    requests, as the sources' stand-in is not paced: one local server answers every host."""
    from unittest import mock

    from jobboard.http import HostPacer
    from jobboard.verify import fetch
    from jobboard_local.link_pages import loopback_only

    settings: dict = {"resolver": loopback_only}
    if not paced:
        settings["pacer"] = HostPacer(interval=0.0)
    with mock.patch.object(fetch, "LinkFetcher", functools.partial(fetch.LinkFetcher, **settings)):
        yield
