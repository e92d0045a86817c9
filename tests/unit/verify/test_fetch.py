"""LinkFetcher: the SSRF guard, host_overrides, redirects, pacing with Retry-After, the capped GET and
the invocation's deadline, over real local HTTP."""

from __future__ import annotations

import pytest

from jobboard.http import HostPacer
from jobboard.verify.fetch import AddressRefused, FetchProblem, LinkFetcher, address_allowed
from jobboard_local.link_pages import LinkPagesServer


def serve(*routes: dict) -> LinkPagesServer:
    return LinkPagesServer([{"id": "t", "url": "", "reads_as": "live", "rule": "page", "routes": list(routes)}])


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.8.9.10",
        "::1",
        "10.1.2.3",
        "172.16.0.5",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "fd00:ec2::254",  # EC2 metadata over IPv6
        "fe80::1",
        "0.0.0.0",
        "::",
        "224.0.0.251",
        "ff02::1",
        "100.64.0.1",  # shared address space (carrier NAT)
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "192.0.2.10",  # documentation
        "not-an-address",
    ],
)
def test_the_guard_refuses_every_address_that_is_not_public(address):
    assert not address_allowed(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:4700:4700::1111", "140.82.112.3"])
def test_public_addresses_pass(address):
    assert address_allowed(address)


def test_the_local_testing_switch_allows_loopback_and_nothing_else():
    assert address_allowed("127.0.0.1", allow_loopback=True) and address_allowed("::1", allow_loopback=True)
    for address in ("10.0.0.1", "169.254.169.254", "192.168.0.2", "fd00:ec2::254", "0.0.0.0"):
        assert not address_allowed(address, allow_loopback=True)


def test_a_name_resolving_to_a_private_address_is_refused_before_any_request():
    fetcher = LinkFetcher(resolver=lambda host: ["93.184.216.34", "10.0.0.7"])
    with pytest.raises(AddressRefused, match="10.0.0.7"):
        fetcher.get("https://careers.example.com/jobs/1")
    assert fetcher.requests_made == 0


def test_the_connected_address_is_checked_too_when_dns_lies():
    """A DNS answer that changes between the guard's lookup and the connection (rebinding) is caught:
    the resolver says public, the socket reaches loopback, which is refused without allow_loopback."""
    with serve({"url": "https://rebind.example/jobs/1", "text": "secret"}) as server:
        by_name = {"rebind.example": server.url.replace("127.0.0.1", "localhost") + "/rebind.example"}
        fetcher = LinkFetcher(host_overrides=by_name, resolver=lambda host: ["93.184.216.34"])
        with pytest.raises(AddressRefused, match="connected to 127.0.0.1"):
            fetcher.get("https://rebind.example/jobs/1")
        assert server.requests == []


def test_every_redirect_hop_passes_the_guard():
    with serve(
        {
            "url": "https://careers.example.com/jobs/1",
            "status": 302,
            "headers": {"Location": "http://169.254.169.254/latest/"},
        }
    ) as server:
        fetcher = server.fetcher()
        with pytest.raises(AddressRefused, match="169.254.169.254"):
            fetcher.get("https://careers.example.com/jobs/1")
        assert fetcher.requests_made == 1


def test_overridden_hosts_are_seen_under_their_real_names():
    with serve(
        {"url": "https://jobs.example.com/a?x=1", "status": 301, "headers": {"Location": "/b"}},
        {"url": "https://jobs.example.com/b", "status": 302, "headers": {"Location": "https://www.example.org/c"}},
        {"url": "https://www.example.org/c", "text": "<h1>job</h1>"},
    ) as server:
        fetcher = server.fetcher()
        answer = fetcher.get("https://jobs.example.com/a?x=1")
    assert (answer.status, answer.text) == (200, "<h1>job</h1>")
    assert answer.final_url == "https://www.example.org/c"
    assert answer.redirects == ("https://jobs.example.com/b", "https://www.example.org/c")
    assert dict(fetcher.requests_by_host) == {"jobs.example.com": 2, "www.example.org": 1}
    assert [(host, path) for _, host, path in server.requests] == [
        ("jobs.example.com", "/a?x=1"),
        ("jobs.example.com", "/b"),
        ("www.example.org", "/c"),
    ]


def test_redirects_are_limited():
    with serve({"url": "https://loop.example.com/", "status": 302, "headers": {"Location": "/"}}) as server:
        fetcher = server.fetcher(max_redirects=3)
        with pytest.raises(FetchProblem, match="more than 3 redirects"):
            fetcher.get("https://loop.example.com/")
        assert fetcher.requests_made == 4


def test_a_get_keeps_only_the_first_bytes_of_a_large_page():
    with serve({"url": "https://big.example.com/job", "text": "x" * 1000, "repeat": 1000}) as server:
        answer = server.fetcher(max_bytes=64 * 1024).get("https://big.example.com/job")
    assert answer.status == 200 and len(answer.body) == 64 * 1024


def test_head_asks_for_no_body_and_falls_back_to_get_where_refused():
    with serve(
        {"url": "https://a.example.com/job", "text": "page"},
        {"url": "https://b.example.com/job", "status": 405, "text": "no HEAD here"},
    ) as server:
        fetcher = server.fetcher()
        assert fetcher.head("https://a.example.com/job").body == b""
        fetcher.head("https://b.example.com/job")
        methods = [(method, host) for method, host, _ in server.requests]
    assert methods == [("HEAD", "a.example.com"), ("HEAD", "b.example.com"), ("GET", "b.example.com")]


def test_requests_name_the_project_in_their_user_agent():
    with serve({"url": "https://a.example.com/job", "text": "page"}) as server:
        server.fetcher().get("https://a.example.com/job")
        (agent,) = server.user_agents
    assert agent.startswith("jobboard-link-check/") and "github.com/jobboard" in agent


def test_a_host_s_retry_after_holds_its_next_request_and_the_scrapers_share_it():
    sleeps: list[float] = []
    pacer = HostPacer(interval=0.0)
    with serve(
        {"url": "https://busy.example.com/1", "status": 429, "headers": {"Retry-After": "7"}, "text": "slow down"},
        {"url": "https://busy.example.com/2", "text": "ok"},
    ) as server:
        fetcher = server.fetcher(pacer=pacer, sleep=sleeps.append)
        assert fetcher.get("https://busy.example.com/1").status == 429
        assert fetcher.get("https://busy.example.com/2").status == 200
    assert len(sleeps) == 1 and 6.0 < sleeps[0] <= 7.0
    assert pacer.delay("https://busy.example.com/any") > 0  # a scrape of that host waits as well


def test_a_wait_longer_than_allowed_makes_no_request():
    pacer = HostPacer(interval=0.0)
    pacer.hold("https://busy.example.com/", 3600)
    with serve({"url": "https://busy.example.com/2", "text": "ok"}) as server:
        fetcher = server.fetcher(pacer=pacer)
        with pytest.raises(FetchProblem, match="asked to wait 3600 s"):
            fetcher.get("https://busy.example.com/2")
        assert server.requests == [] and fetcher.requests_made == 0


def test_no_request_starts_without_time_left_in_the_invocation():
    with serve({"url": "https://a.example.com/job", "text": "page"}) as server:
        fetcher = server.fetcher(seconds_left=lambda: 0.5)
        with pytest.raises(FetchProblem, match="no time left"):
            fetcher.get("https://a.example.com/job")
        assert server.requests == []


def test_a_slow_server_is_a_timeout():
    with serve({"url": "https://slow.example.com/job", "delay": 1.0, "text": "late"}) as server:
        with pytest.raises(FetchProblem, match="timeout"):
            server.fetcher(read_timeout=0.2, max_seconds=2.0).get("https://slow.example.com/job")


def test_an_unknown_name_is_a_dns_failure():
    with pytest.raises(FetchProblem, match="DNS failure"):
        LinkFetcher(resolver=lambda host: (_ for _ in ()).throw(OSError("no such name"))).get("https://gone.example/")


def test_a_kept_list_is_asked_once_per_pass_and_only_its_derived_value_is_kept():
    with serve(
        {"url": "https://api.example.com/board", "json": {"jobs": [{"id": "a"}]}},
        {"url": "https://api.example.com/down", "status": 503, "text": "down"},
    ) as server:
        fetcher = server.fetcher()
        for _ in range(3):
            assert fetcher.kept("https://api.example.com/board", lambda answer: len(answer.body)) > 0
            assert fetcher.kept("https://api.example.com/down", lambda answer: answer.status) == 503
        assert fetcher.requests_by_host["api.example.com"] == 1 + 3  # a failed list is asked again
        assert fetcher.memo == {"https://api.example.com/board": len(b'{"jobs": [{"id": "a"}]}')}


def test_an_ats_list_is_read_whole_up_to_its_own_larger_cap():
    big = {"jobs": [{"id": str(n), "descriptionHtml": "<p>" + "x" * 1000 + "</p>"} for n in range(500)]}
    with serve({"url": "https://api.example.com/board", "json": big}) as server:
        fetcher = server.fetcher(max_bytes=64 * 1024)
        assert fetcher.get_json("https://api.example.com/board").json() == big
        assert fetcher.get("https://api.example.com/board").json() is None  # a page's cap cuts it
        assert server.fetcher(max_json_bytes=64 * 1024).get_json("https://api.example.com/board").json() is None


def test_https_connections_check_the_connected_address_before_tls():
    from jobboard.verify.fetch import guarded_session

    with serve({"url": "https://a.example.com/", "text": "x"}) as server:
        port = int(server.url.rsplit(":", 1)[1])
        for allow_loopback, refused in ((False, True), (True, False)):
            adapter = guarded_session(allow_loopback=allow_loopback).get_adapter("https://a.example.com/")
            pool = adapter.poolmanager.connection_from_url(f"https://127.0.0.1:{port}/")
            connection = pool.ConnectionCls("127.0.0.1", port)
            if refused:
                with pytest.raises(AddressRefused):
                    connection._new_conn()
            else:
                connection._new_conn().close()


def test_proxies_from_the_environment_are_not_used(monkeypatch):
    from jobboard.verify.fetch import guarded_session

    monkeypatch.setenv("HTTPS_PROXY", "http://10.0.0.1:3128")
    assert guarded_session(allow_loopback=False).trust_env is False
