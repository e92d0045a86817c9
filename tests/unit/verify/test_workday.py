"""Workday links: which careers-site JSON (CXS) URL a job link leads to, and what its answers mean."""

from __future__ import annotations

import json

import pytest

from jobboard.verify.check import check_link
from jobboard.verify.rules.workday import job_of
from jobboard.verify.verdict import LinkState
from tests.unit.verify.test_ats_rules import NOW, Scripted


@pytest.mark.parametrize(
    ("link", "api"),
    [
        (  # locale, location, requisition
            "https://bloomberg.wd1.myworkdayjobs.com/en-US/Bloombergindustrygroup_External_Career_Site/job/"
            "Arlington---1801-S-Bell-INDG/Intern--Software-Engineering_120909",
            "https://bloomberg.wd1.myworkdayjobs.com/wday/cxs/bloomberg/Bloombergindustrygroup_External_Career_Site/"
            "job/Arlington---1801-S-Bell-INDG/Intern--Software-Engineering_120909",
        ),
        (  # no locale
            "https://motorolasolutions.wd5.myworkdayjobs.com/Careers/job/Plantation-FL/CPE-SW-E2E-Triage-Intern_R49202",
            "https://motorolasolutions.wd5.myworkdayjobs.com/wday/cxs/motorolasolutions/Careers/job/Plantation-FL/"
            "CPE-SW-E2E-Triage-Intern_R49202",
        ),
        (  # no location segment
            "https://comcast.wd5.myworkdayjobs.com/en-US/Comcast_Careers/job/Tech-Intern---Software-Engineer--TPX-_R370063",
            "https://comcast.wd5.myworkdayjobs.com/wday/cxs/comcast/Comcast_Careers/job/"
            "Tech-Intern---Software-Engineer--TPX-_R370063",
        ),
        (  # lower-case locale, apply form, query, re-posted "-1", a three-digit pod, upper-case host
            "https://SalesForce.WD12.myworkdayjobs.com/en-us/External_Career_Site/job/California---San-Francisco/"
            "Software-Engineering-AMTS--New-Grad-_JR264567-1/apply/applyManually?source=LinkedIn",
            "https://salesforce.wd12.myworkdayjobs.com/wday/cxs/salesforce/External_Career_Site/job/"
            "California---San-Francisco/Software-Engineering-AMTS--New-Grad-_JR264567-1",
        ),
        (  # a percent-encoded anchor is passed on as written
            "https://acme.wd103.myworkdayjobs.com/fr-FR/Acme/job/Paris/Ing%C3%A9nieur-Stagiaire_R-2024-34753/apply",
            "https://acme.wd103.myworkdayjobs.com/wday/cxs/acme/Acme/job/Paris/Ing%C3%A9nieur-Stagiaire_R-2024-34753",
        ),
        (  # the myworkdaysite.com form: tenant in the path
            "https://wd1.myworkdaysite.com/recruiting/paypal/jobs/job/San-Jose-California-United-States-of-America/"
            "Machine-Learning-Intern_R0118881",
            "https://wd1.myworkdaysite.com/wday/cxs/paypal/jobs/job/San-Jose-California-United-States-of-America/"
            "Machine-Learning-Intern_R0118881",
        ),
        (
            "https://wd3.myworkdaysite.com/en-US/recruiting/umbrella/UmbrellaCareers/job/Remote/Intern_36776-JOB",
            "https://wd3.myworkdaysite.com/wday/cxs/umbrella/UmbrellaCareers/job/Remote/Intern_36776-JOB",
        ),
    ],
)
def test_a_workday_job_link_asks_its_careers_site_json_first(link, api):
    assert job_of(link) is not None and job_of(link).api == api  # type: ignore[union-attr]
    fetcher = Scripted({})
    check_link(link, fetcher, now=NOW)  # type: ignore[arg-type]
    assert fetcher.asked[0] == ("GET", api)


@pytest.mark.parametrize(
    "link",
    [
        "https://nvidia.wd5.myworkdayjobs.com/en-US/NVIDIAExternalCareerSite",  # the site, not a job
        "https://nvidia.wd5.myworkdayjobs.com/en-US/NVIDIAExternalCareerSite/details/Intern_JR1986535",  # older form
        "https://nvidia.wd5.myworkdayjobs.com/job/Santa-Clara/Intern_JR1986535",  # no site
        "https://sabre.wd1.myworkdayjobs.com/en-US/SabreJobs/en-US/SabreJobs/job/Dallas/Intern_JR102554",  # repeated
        "https://acme.wd5.myworkdayjobs.com/Careers/job/Austin-TX",  # no {title}_{requisition} anchor
        "https://acme.wd5.myworkdayjobs.com/Careers/job/US/Texas/Austin/Intern_R1",  # more than one location
        "https://wd5.myworkdayjobs.com/Careers/job/Austin-TX/Intern_R1",  # no tenant in the host
        "https://wd1.myworkdaysite.com/recruiting/paypal/job/Austin/Intern_R1",  # no site
    ],
)
def test_links_of_other_shapes_go_straight_to_the_page(link):
    assert job_of(link) is None
    fetcher = Scripted({link: (200, '<div id="root"></div>')})
    verdict = check_link(link, fetcher, now=NOW)  # type: ignore[arg-type]
    assert fetcher.asked == [("GET", link)]
    assert verdict.state is LinkState.UNKNOWN  # the page is a script shell


PAGE = "https://globex.wd1.myworkdayjobs.com/en-US/Globex_Careers/job/Chicago-IL/Data-Intern_R0088120"
API = "https://globex.wd1.myworkdayjobs.com/wday/cxs/globex/Globex_Careers/job/Chicago-IL/Data-Intern_R0088120"
SHELL = '<html><body><div id="root"></div><script src="/wday/asset/cx.min.js"></script></body></html>'
JSON_LD = (
    '<script type="application/ld+json">{"@context": "https://schema.org/", "@type": "JobPosting", '
    '"title": "Data Intern"}</script><div id="root"></div>'
)


def posting(**fields) -> str:
    info = {"title": "Data Intern", "jobPostingId": "Data-Intern_R0088120", "jobReqId": "R0088120", "posted": True}
    info.update(canApply=True, startDate="2026-11-12", timeType="Full time")
    return json.dumps({"jobPostingInfo": {**info, **fields}, "similarJobs": []})


def error(status: int, code: str, message: str = "") -> str:
    return json.dumps({"errorCode": code, "errorCaseId": "x", "httpStatus": status, "message": message})


@pytest.mark.parametrize(
    ("answers", "state", "requests"),
    [
        ({API: (200, posting())}, LinkState.OPEN, 1),
        ({API: (200, posting(jobPostingId="data-intern_r0088120"))}, LinkState.OPEN, 1),  # case differs
        ({API: (200, posting(posted=False, canApply=False))}, LinkState.CLOSED, 1),
        ({API: (404, error(404, "S21", "not found: Job_Posting_Anchor_ID=Data-Intern_R0088120"))}, LinkState.CLOSED, 1),
        # applications paused on a shown posting: not plainly closed
        ({API: (200, posting(canApply=False))}, LinkState.UNKNOWN, 1),
        # another posting's record, or another anchor named missing: this link is not what was answered
        ({API: (200, posting(jobPostingId="Other_R1")), PAGE: (200, SHELL)}, LinkState.UNKNOWN, 2),
        (
            {API: (404, error(404, "S21", "not found: Job_Posting_Anchor_ID=Other_R1")), PAGE: (200, SHELL)},
            LinkState.UNKNOWN,
            2,
        ),
        # what decides nothing falls back to the page: a JobPosting there is open, the shell unknown
        ({API: (403, error(403, "S22", "permission denied")), PAGE: (200, SHELL)}, LinkState.UNKNOWN, 2),
        ({API: (403, error(403, "S22", "permission denied")), PAGE: (200, JSON_LD)}, LinkState.OPEN, 2),
        (
            {API: (404, error(404, "S21", "not found: Job_Posting_Site_ID=Globex_Careers")), PAGE: (200, SHELL)},
            LinkState.UNKNOWN,
            2,
        ),
        ({API: (404, error(404, "HTTP_404")), PAGE: (200, SHELL)}, LinkState.UNKNOWN, 2),
        ({API: (404, "<html>Not Found</html>"), PAGE: (200, SHELL)}, LinkState.UNKNOWN, 2),
        ({API: (422, error(422, "HTTP_422")), PAGE: (200, SHELL)}, LinkState.UNKNOWN, 2),
        (
            {API: (401, '{"message": "Unable to verify credentials for system user"}'), PAGE: (200, SHELL)},
            LinkState.UNKNOWN,
            2,
        ),
        ({API: (429, ""), PAGE: (429, "")}, LinkState.UNKNOWN, 2),
        ({API: (503, "<html>Service Unavailable</html>"), PAGE: (503, "")}, LinkState.UNKNOWN, 2),
        ({API: (599, ""), PAGE: (200, SHELL)}, LinkState.UNKNOWN, 2),
        ({API: (200, "<html>maintenance</html>"), PAGE: (200, SHELL)}, LinkState.UNKNOWN, 2),
        ({API: (200, '{"jobPostingInfo": null}'), PAGE: (200, SHELL)}, LinkState.UNKNOWN, 2),
    ],
)
def test_what_workday_answers_mean(answers, state, requests):
    verdict = check_link(PAGE, Scripted(answers), now=NOW)  # type: ignore[arg-type]
    assert (verdict.state, verdict.requests) == (state, requests)
    if state is LinkState.CLOSED:
        assert (verdict.reason, verdict.rule) == ("the ATS says closed", "ats-api")


def test_workday_maintenance_is_unknown_without_asking_the_page():
    class Maintenance(Scripted):
        def get_json(self, url):
            from jobboard.verify.fetch import Answer

            self.asked.append(("GET", url))
            self.requests_made += 1
            moved = "https://community.workday.com/maintenance-page"
            return Answer(url, moved, 200, {}, b"<h1>Workday is currently unavailable.</h1>", (moved,))

    fetcher = Maintenance({})
    verdict = check_link(PAGE, fetcher, now=NOW)  # type: ignore[arg-type]
    assert (verdict.state, verdict.reason, fetcher.asked) == (
        LinkState.UNKNOWN,
        "Workday is down for maintenance",
        [("GET", API)],
    )
