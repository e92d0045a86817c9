"""Per-host politeness: requests to one host are spaced, other hosts and loopback stand-ins are not."""

from __future__ import annotations

from jobboard.http import HostPacer


def test_requests_to_one_host_are_spaced_and_other_hosts_wait_for_nothing():
    now = [100.0]
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(round(seconds, 3))
        now[0] += seconds

    pacer = HostPacer(interval=1.0, clock=lambda: now[0])
    pacer.wait("https://boards-api.greenhouse.io/v1/boards/a/jobs", sleep)
    now[0] += 0.25
    pacer.wait("https://boards-api.greenhouse.io/v1/boards/b/jobs", sleep)
    pacer.wait("https://api.lever.co/v0/postings/c", sleep)
    now[0] += 5
    pacer.wait("https://boards-api.greenhouse.io/v1/boards/c/jobs", sleep)
    assert sleeps == [0.75]


def test_loopback_stand_ins_are_not_paced():
    sleeps: list[float] = []
    pacer = HostPacer(interval=1.0, clock=lambda: 0.0)
    for _ in range(3):
        pacer.wait("http://127.0.0.1:8123/greenhouse/v1/boards/a/jobs", sleeps.append)
    assert sleeps == []


def test_a_host_s_retry_after_holds_every_later_request_to_it():
    now = [0.0]
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(round(seconds, 3))
        now[0] += seconds

    pacer = HostPacer(interval=1.0, clock=lambda: now[0])
    pacer.wait("https://api.smartrecruiters.com/v1/companies/a/postings", sleep)
    pacer.hold("https://api.smartrecruiters.com/v1/companies/a/postings", 30)
    assert pacer.delay("https://api.smartrecruiters.com/x") == 30
    assert pacer.delay("https://api.lever.co/v0/postings/b") == 0
    pacer.wait("https://api.smartrecruiters.com/v1/companies/b/postings/1", sleep)
    pacer.hold("http://127.0.0.1:8123/stand-in", 30)  # stand-ins are never held
    assert sleeps == [30] and pacer.delay("http://127.0.0.1:8123/stand-in") == 0
