import pytest

from jobboard.normalise.urls import canonical_url, http_url, with_lowercase_host


@pytest.mark.parametrize("value, expected", [
    ("https://jobs.example.com/1", "https://jobs.example.com/1"),
    ("  http://example.com/a?b=1&amp;c=2 ", "http://example.com/a?b=1&c=2"),
    ("javascript:alert(1)", None), ("mailto:jobs@example.com", None), ("ftp://example.com/x", None),
    ("/relative/path", None), ("https://", None), ("https://exa mple.com", None), ("http://host:99999/", None),
    ("", None), (None, None), (42, None),
])
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
