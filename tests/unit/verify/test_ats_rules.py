"""Per-ATS rules: which API URL a job link leads to (the job's own, or its board's whole list where
only that is confirmed), and what its answers mean."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from jobboard.verify.check import check_link
from jobboard.verify.fetch import Answer, FetchProblem
from jobboard.verify.verdict import LinkState

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
UUID = "3f1c2a9e-5b7d-4c1e-9a2b-0d8e7f6a5b41"


class Scripted:
    """A LinkFetcher stand-in: answers by URL, 599 = the request fails."""

    def __init__(self, answers: dict[str, tuple[int, str]]):
        self.answers = answers
        self.asked: list[tuple[str, str]] = []
        self.requests_made = 0

    def _answer(self, method: str, url: str) -> Answer:
        self.asked.append((method, url))
        self.requests_made += 1
        status, body = self.answers.get(url, (500, "unscripted"))
        if status == 599:
            raise FetchProblem("timeout")
        return Answer(url, url, status, {}, body.encode())

    def get_json(self, url):
        return self._answer("GET", url)

    def kept(self, url, derive):
        return derive(self._answer("GET", url))

    def get(self, url):
        return self._answer("GET", url)

    def head(self, url):
        return self._answer("HEAD", url)


@pytest.mark.parametrize(
    ("link", "api"),
    [
        (
            "https://boards.greenhouse.io/acme/jobs/4012345001",
            "https://boards-api.greenhouse.io/v1/boards/acme/jobs/4012345001",
        ),
        (
            "https://job-boards.greenhouse.io/acme/jobs/4012345001?gh_src=x",
            "https://boards-api.greenhouse.io/v1/boards/acme/jobs/4012345001",
        ),
        (
            "https://boards.greenhouse.io/embed/job_app?token=4012345001&for=acme",
            "https://boards-api.greenhouse.io/v1/boards/acme/jobs/4012345001",
        ),
        (f"https://jobs.lever.co/hooli/{UUID}/apply", f"https://api.lever.co/v0/postings/hooli/{UUID}?mode=json"),
        (f"https://jobs.eu.lever.co/hooli/{UUID}", f"https://api.eu.lever.co/v0/postings/hooli/{UUID}?mode=json"),
        (
            f"https://jobs.ashbyhq.com/vandelay/{UUID}/application",
            "https://api.ashbyhq.com/posting-api/job-board/vandelay",
        ),
        (
            "https://jobs.smartrecruiters.com/Wonka/744000012345678-chocolate-engineer",
            "https://api.smartrecruiters.com/v1/companies/Wonka/postings/744000012345678",
        ),
        (
            "https://careers.smartrecruiters.com/Wonka/744000012345678",
            "https://api.smartrecruiters.com/v1/companies/Wonka/postings/744000012345678",
        ),
        (
            "https://apply.workable.com/stark/j/AB12CD34EF/apply/",
            "https://apply.workable.com/api/v1/widget/accounts/stark",
        ),
        (
            "https://tyrell.recruitee.com/o/replicant-designer/c/new",
            "https://tyrell.recruitee.com/api/offers/",
        ),
    ],
)
def test_each_ats_link_asks_its_api_first(link, api):
    fetcher = Scripted({})
    check_link(link, fetcher, now=NOW)  # type: ignore[arg-type]
    assert fetcher.asked[0] == ("GET", api)


@pytest.mark.parametrize(
    "link",
    [
        "https://boards.greenhouse.io/acme",  # a board, not a job
        "https://job-boards.eu.greenhouse.io/acme/jobs/4012345001",  # no public EU API host
        "https://www.acme.example/careers?gh_jid=4012345001",  # no board token
        "https://jobs.lever.co/hooli",
        "https://jobs.ashbyhq.com/vandelay",
        "https://jobs.smartrecruiters.com/Wonka",
        "https://apply.workable.com/stark/",
        "https://tyrell.recruitee.com/",
    ],
)
def test_links_that_name_no_job_go_straight_to_the_page(link):
    fetcher = Scripted({link: (200, "<h1>Jobs</h1>")})
    check_link(link, fetcher, now=NOW)  # type: ignore[arg-type]
    assert fetcher.asked[0][1] == link


SR_API = "https://api.smartrecruiters.com/v1/companies/Wonka/postings/744000012345678"
SR_PAGE = "https://jobs.smartrecruiters.com/Wonka/744000012345678"
GH_API = "https://boards-api.greenhouse.io/v1/boards/acme/jobs/4012345001"
GH_PAGE = "https://boards.greenhouse.io/acme/jobs/4012345001"


@pytest.mark.parametrize(
    ("answers", "state", "requests"),
    [
        ({SR_API: (200, '{"id": "744000012345678", "name": "Engineer"}')}, LinkState.OPEN, 1),
        ({SR_API: (404, '{"message": "not found"}')}, LinkState.CLOSED, 1),
        # an API that fails says nothing: the page decides
        ({SR_API: (599, ""), SR_PAGE: (200, "<h1>Engineer</h1><a>Apply</a>")}, LinkState.OPEN, 2),
        ({SR_API: (503, ""), SR_PAGE: (503, "")}, LinkState.UNKNOWN, 2),
        # a 200 that is not this posting (an error page served as 200) is not "open"
        ({SR_API: (200, "<html>maintenance</html>"), SR_PAGE: (500, "")}, LinkState.UNKNOWN, 2),
        # Greenhouse: the API's 404 alone never closes (private boards); the page does
        (
            {GH_API: (404, '{"status":404,"error":"Job not found"}'), GH_PAGE: (200, "<h1>Engineer</h1>")},
            LinkState.OPEN,
            2,
        ),
        ({GH_API: (404, "{}"), GH_PAGE: (404, "")}, LinkState.CLOSED, 2),
        ({GH_API: (404, "{}"), GH_PAGE: (403, "")}, LinkState.UNKNOWN, 2),
        # the API has the post: open whatever the page would say
        ({GH_API: (200, '{"id": 4012345001, "title": "Engineer"}')}, LinkState.OPEN, 1),
    ],
)
def test_what_api_answers_mean(answers, state, requests):
    link = SR_PAGE if SR_API in answers else GH_PAGE
    verdict = check_link(link, Scripted(answers), now=NOW)  # type: ignore[arg-type]
    assert (verdict.state, verdict.requests) == (state, requests)


def test_an_ashby_job_is_judged_by_its_board_s_whole_list():
    api = "https://api.ashbyhq.com/posting-api/job-board/vandelay"
    other = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
    listing = json.dumps({"jobs": [{"id": UUID.upper(), "isListed": False}]})
    assert (
        check_link(f"https://jobs.ashbyhq.com/vandelay/{UUID}", Scripted({api: (200, listing)}), now=NOW).state
        is LinkState.OPEN
    )  # type: ignore[arg-type]
    assert (
        check_link(f"https://jobs.ashbyhq.com/vandelay/{other}", Scripted({api: (200, listing)}), now=NOW).state
        is LinkState.CLOSED
    )  # type: ignore[arg-type]
    # a list that is not a list of jobs decides nothing; the script-shell page cannot either
    broken = Scripted(
        {api: (200, '{"error": "x"}'), f"https://jobs.ashbyhq.com/vandelay/{other}": (200, "<div id=root>")}
    )
    assert check_link(f"https://jobs.ashbyhq.com/vandelay/{other}", broken, now=NOW).state is LinkState.UNKNOWN  # type: ignore[arg-type]


def test_a_link_that_is_not_a_web_address_is_unknown_without_a_request():
    for link in ("mailto:jobs@acme.example", "javascript:alert(1)", "jobs.acme.example/1", ""):
        fetcher = Scripted({})
        verdict = check_link(link, fetcher, now=NOW)  # type: ignore[arg-type]
        assert (verdict.state, verdict.requests, fetcher.asked) == (LinkState.UNKNOWN, 0, [])
