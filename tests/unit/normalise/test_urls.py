import html
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest

from jobboard.normalise.urls import canonical_url, http_url, job_identity, with_lowercase_host


@pytest.mark.parametrize(
    "value, expected",
    [
        ("https://jobs.example.com/1", "https://jobs.example.com/1"),
        ("  http://example.com/a?b=1&amp;c=2 ", "http://example.com/a?b=1&c=2"),
        ("javascript:alert(1)", None),
        ("mailto:jobs@example.com", None),
        ("ftp://example.com/x", None),
        ("/relative/path", None),
        ("https://", None),
        ("https://exa mple.com", None),
        ("http://host:99999/", None),
        ("", None),
        (None, None),
        (42, None),
    ],
)
def test_only_absolute_http_urls(value, expected):
    assert http_url(value) == expected


def test_canonical_url_strips_tracking_but_keeps_the_job_parameter():
    assert canonical_url("http://WWW.Example.com:443/careers/?gh_jid=123&utm_source=x&ref=abc&gh_src=feed#apply") == (
        "https://example.com/careers?gh_jid=123"
    )
    assert canonical_url("https://jobs.lever.co/acme/42/?lever-source=LinkedIn") == "https://jobs.lever.co/acme/42"
    assert canonical_url("https://a.example/x?b=2&a=1") == canonical_url("https://a.example/x/?a=1&b=2")


def test_lowercase_host_only():
    assert with_lowercase_host("https://remoteOK.com/remote-jobs/Go-1") == "https://remoteok.com/remote-jobs/Go-1"


# The shapes the fast paths of http_url and canonical_url take, and their near misses: each result
# must be what the urlsplit-based reading gives (the fast paths only skip work, never decide).
TRICKY_URLS = [
    "https://jobs.example.com",
    "HTTPS://Jobs.Example.COM/A/",
    "http://example.com?x=1",
    "http://example.com#top",
    "https://www.example.com/a/?utm_source=x&ref=y",
    "https://example.com/a?utm_source=x&gh_jid=1",
    "https://example.com/a?&&ref=",
    "https://example.com/a?=x",
    "https://example.com/a?ref",
    "https://example.com/?",
    "https://example.com/a?utm%5Fsource=x",
    "https://example.com/a?utm+source=x",
    "https://example.com/a#b?ref=1",
    "https://example.com:8080/a",
    "https://example.com:443/a?ref=1",
    "https://user@example.com/a",
    "https://[::1]/a",
    "https://[::1/a",
    "https://exa_mple.com/a",
    "https://ex%41mple.com/",
    "https://./x",
    "https://-/x",
    "https://example.com/a\tb",
    "https://example.com/a\nb?ref=1",
    "https://exämple.com/a",
    "ftp://example.com/a?ref=1",
    "git+ssh://example.com/a",
    "https:/example.com/a",
    "https:example.com",
    "https://example.com/a b",
    "https://example.com/%7Euser/?utm_campaign=z#apply",
    " https://example.com/a/ ",
    "https://www.akunacapital.com/job-details?gh_jid=5132302",
    "https://example.com/a?b=2&a=1&utm_source=x",
    "https://example.com/a?a-b=1&a=2&a.c=0&a_d=~",
    "https://example.com/a?a=1&a=0&&b",
    "https://example.com/a?a=1=2&b=3",
    "https://example.com/a?=1&ref=2&c",
    "https://example.com/a?x=a%20b&y=1",
    "https://example.com/a?x=a+b&y=1",
    "https://example.com/a?x=a;b&y=1",
    "https://example.com/a?x=a,b&y=1",
    "https://example.com/a?x=é&y=1",
    "https://example.com/a?X=1&x=2&Ref=3",
    "https://example.com/a?id=1#frag?x=2",
]


def _reference_http_url(value: str):
    candidate = html.unescape(value.strip())
    if not candidate or re.search(r"[\s\x00-\x1f]", candidate):
        return None
    try:
        parts = urlsplit(candidate)
        parts.port  # noqa: B018
    except ValueError:
        return None
    return candidate if parts.scheme.lower() in ("http", "https") and parts.hostname else None


def _reference_canonical_url(url: str):
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").removeprefix("www.")
    port = parts.port if parts.port not in (None, 80, 443) else None
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not (k.lower() in {"ref", "source", "gh_src"} or k.lower().startswith(("utm_", "lever-")))
    ]
    netloc = f"{host}:{port}" if port else host
    return urlunsplit(("https", netloc, parts.path.rstrip("/") or "/", urlencode(sorted(query)), ""))


@pytest.mark.parametrize("url", TRICKY_URLS)
def test_fast_paths_agree_with_urlsplit(url):
    assert http_url(url) == _reference_http_url(url)
    try:
        expected = _reference_canonical_url(url)
    except ValueError:
        with pytest.raises(ValueError):
            canonical_url(url)
    else:
        assert canonical_url(url) == expected


@pytest.mark.parametrize(
    "links, job",
    [
        (
            [
                "https://boards.greenhouse.io/acme/jobs/4012345170",
                "https://job-boards.greenhouse.io/acme/jobs/4012345170?gh_src=remoteok&utm_source=remoteok",
                "https://boards.eu.greenhouse.io/acme/jobs/4012345170/",
                "https://careers.acme.example/open-roles/?gh_jid=4012345170&utm_medium=feed",
                "https://boards.greenhouse.io/embed/job_app?for=acme&token=4012345170&gh_src=x",
            ],
            "greenhouse:4012345170",
        ),
        (
            [
                "https://jobs.lever.co/acme/0F5C7D1E-2B3A-4C5D-8E9F-A0B1C2D3E4F5",
                "https://jobs.lever.co/acme/0f5c7d1e-2b3a-4c5d-8e9f-a0b1c2d3e4f5/apply?lever-source=Simplify&ref=x",
                "https://jobs.eu.lever.co/acme/0f5c7d1e-2b3a-4c5d-8e9f-a0b1c2d3e4f5",
            ],
            "lever:0f5c7d1e-2b3a-4c5d-8e9f-a0b1c2d3e4f5",
        ),
        (
            [
                "https://jobs.ashbyhq.com/acme/91cc8bec-f3d8-5d57-991e-65128170728a",
                "https://jobs.ashbyhq.com/acme/91cc8bec-f3d8-5d57-991e-65128170728a/application?utm_source=x",
                "https://acme.example/careers?ashby_jid=91cc8bec-f3d8-5d57-991e-65128170728a",
            ],
            "ashby:91cc8bec-f3d8-5d57-991e-65128170728a",
        ),
        (
            [
                "https://jobs.smartrecruiters.com/Acme/744000067000200",
                "https://jobs.smartrecruiters.com/Acme/744000067000200-senior-engineer?trid=abc&source=himalayas",
            ],
            "smartrecruiters:744000067000200",
        ),
        (
            [
                "https://apply.workable.com/acme/j/A1B2C3D4E5/",
                "https://apply.workable.com/acme/j/A1B2C3D4E5/apply/?utm_source=remoteok",
                "https://apply.workable.com/j/a1b2c3d4e5",
            ],
            "workable:a1b2c3d4e5",
        ),
        (
            [
                "https://acme.recruitee.com/o/backend-engineer",
                "https://acme.recruitee.com/o/backend-engineer/c/new?source=himalayas",
            ],
            "recruitee:acme/backend-engineer",
        ),
        (
            [
                "https://acme.wd5.myworkdayjobs.com/en-US/External/job/US-CA-Santa-Clara/Software-Engineer_JR1234567",
                "https://acme.wd5.myworkdayjobs.com/External/job/US-CA-Santa-Clara/Software-Engineer_JR1234567/apply",
                "https://acme.wd5.myworkdayjobs.com/en-US/External/details/Software-Engineer_jr1234567?q=x",
            ],
            "workday:acme/jr1234567",
        ),
        (
            [
                "https://careers-acme.icims.com/jobs/4521/software-engineer/job?hub=7",
                "https://careers-acme.icims.com/jobs/4521/login",
            ],
            "icims:careers-acme/4521",
        ),
        (
            [
                "https://acme.jobs.personio.de/job/1234567?language=en&display=en",
                "https://acme.jobs.personio.com/job/1234567",
            ],
            "personio:acme/1234567",
        ),
        (
            [
                "https://acme.teamtailor.com/jobs/3456789-backend-engineer",
                "https://acme.teamtailor.com/en/jobs/3456789",
            ],
            "teamtailor:acme/3456789",
        ),
        (
            ["https://acme.breezy.hr/p/0123456789ab-backend-engineer", "https://acme.breezy.hr/p/0123456789AB/apply"],
            "breezy:acme/0123456789ab",
        ),
        (
            ["https://jobs.jobvite.com/acme/job/oAbC123x", "https://jobs.jobvite.com/acme/job/oAbC123x/apply"],
            "jobvite:oAbC123x",
        ),
        (
            [
                "https://ats.rippling.com/acme/jobs/91cc8bec-f3d8-5d57-991e-65128170728a",
                "https://ats.rippling.com/en-US/acme/jobs/91cc8bec-f3d8-5d57-991e-65128170728a/apply",
            ],
            "rippling:91cc8bec-f3d8-5d57-991e-65128170728a",
        ),
        (
            ["https://acme.bamboohr.com/careers/123", "https://acme.bamboohr.com/jobs/view.php?id=123&source=indeed"],
            "bamboohr:acme/123",
        ),
    ],
)
def test_every_link_to_an_ats_job_identifies_that_job(links, job):
    assert {job_identity(link)[1] for link in links} == {job}


def test_other_links_identify_their_page_only():
    assert job_identity("https://acme.example/careers/42?utm_source=x&ref=feed") == (
        "https://acme.example/careers/42",
        None,
    )
    for board in (
        "https://boards.greenhouse.io/acme",
        "https://jobs.lever.co/acme",
        "https://acme.recruitee.com/",
        "https://acme.wd5.myworkdayjobs.com/en-US/External",
        "https://acme.bamboohr.com/careers",
    ):
        assert job_identity(board)[1] is None  # a board lists many jobs: it is none of them
    assert (
        job_identity("https://boards.greenhouse.io/acme/jobs/1")[1]
        != job_identity("https://boards.greenhouse.io/acme/jobs/2")[1]
    )
