"""What the configuration, the dispatcher and the publisher need to know of each source type,
without importing its adapter module (and the parsing it brings): loading a configuration
validates every source against these, and a handler imports only the adapters it runs.

The adapter class of each type (module `jobboard.sources.<type>`) takes these as its class
attributes; adding a source is its module, its entry here, its fixture and its test.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from jobboard.model import Attribution


@dataclass(frozen=True)
class Declaration:
    """What the config may say about a source type, and the terms its data comes with."""

    default_base_url: str  # the service's host; a configured base_url replaces it
    # settings the config must / may give for this adapter, name -> description
    required_settings: Mapping[str, str] = field(default_factory=dict)
    optional_settings: Mapping[str, str] = field(default_factory=dict)
    # ATS adapters take company lists: the setting each company's slug fills, and the one
    # its display name fills (None: the API names the company itself)
    company_setting: str | None = None
    company_name_setting: str | None = None
    attribution: Attribution | None = None  # what the source's terms require boards to show
    # smallest allowed interval between scheduled scrapes, in minutes (terms of use)
    min_interval_minutes: int = 0
    # sources whose terms forbid public boards are off unless explicitly enabled
    private_use_only: bool = False


DECLARATIONS: dict[str, Declaration] = {
    "arbeitnow": Declaration(
        default_base_url="https://www.arbeitnow.com",
        optional_settings={
            "max_pages": "pages to read at most, newest first (default 10)",
        },
        attribution=Attribution("Arbeitnow", "https://www.arbeitnow.com"),
    ),
    "ashby": Declaration(
        default_base_url="https://api.ashbyhq.com",
        required_settings={
            "board": "the job board name in jobs.ashbyhq.com/<board>",
        },
        optional_settings={
            "company": "company name (Ashby sends none; default: the board name)",
        },
        company_setting="board",
        company_name_setting="company",
    ),
    "greenhouse": Declaration(
        default_base_url="https://boards-api.greenhouse.io",
        required_settings={
            "board": "the board token in boards.greenhouse.io/<board>",
        },
        optional_settings={
            "company": "company name when the API gives none",
        },
        company_setting="board",
        company_name_setting="company",
    ),
    "hackernews": Declaration(
        default_base_url="https://hn.algolia.com",
    ),
    "himalayas": Declaration(
        default_base_url="https://himalayas.app",
        optional_settings={
            "max_pages": "pages of 20 newest jobs to read (default 10)",
        },
        attribution=Attribution("Himalayas", "https://himalayas.app"),
    ),
    "jobicy": Declaration(
        default_base_url="https://jobicy.com",
        optional_settings={
            "count": "how many newest jobs to fetch, 1 to 200 (default 100)",
            "geo": "region filter, e.g. usa, europe",
            "industry": "industry filter, e.g. dev, data-science",
            "tag": "search term",
        },
        attribution=Attribution("Jobicy", "https://jobicy.com"),
        min_interval_minutes=60,
    ),
    "lever": Declaration(
        default_base_url="https://api.lever.co",
        required_settings={
            "site": "the site name in jobs.lever.co/<site>",
        },
        optional_settings={
            "company": "company name (Lever sends none; default: the site name)",
            "page_size": "postings per request (default 100)",
        },
        company_setting="site",
        company_name_setting="company",
    ),
    "recruitee": Declaration(
        default_base_url="https://{account}.recruitee.com",
        required_settings={
            "account": "the company's subdomain in <account>.recruitee.com",
        },
        company_setting="account",
    ),
    "remoteok": Declaration(
        default_base_url="https://remoteok.com",
        attribution=Attribution("Remote OK", "https://remoteok.com"),
    ),
    "remotive": Declaration(
        default_base_url="https://remotive.com",
        optional_settings={
            "category": "a Remotive category slug, e.g. software-dev",
            "search": "search words",
            "company_name": "only this company",
            "limit": "at most this many jobs",
        },
        attribution=Attribution("Remotive", "https://remotive.com"),
        min_interval_minutes=360,
    ),
    "simplify": Declaration(
        default_base_url="https://raw.githubusercontent.com",
        required_settings={
            "url": "path of the listings JSON on the host, e.g. "
            "/SimplifyJobs/New-Grad-Positions/dev/.github/scripts/listings.json",
        },
    ),
    "smartrecruiters": Declaration(
        default_base_url="https://api.smartrecruiters.com",
        required_settings={
            "company": "the company identifier in jobs.smartrecruiters.com/<company>",
        },
        company_setting="company",
    ),
    "themuse": Declaration(
        default_base_url="https://www.themuse.com",
        optional_settings={
            "category": "category name or list of names, e.g. Software Engineering",
            "level": "level name or list, e.g. Senior Level",
            "location": "location name or list, e.g. Flexible / Remote",
            "company": "company name or list",
            "max_pages": "pages of 20 jobs to read at most (default 10)",
        },
    ),
    "weworkremotely": Declaration(
        default_base_url="https://weworkremotely.com",
        optional_settings={
            "category": "feed of one category, e.g. remote-back-end-programming-jobs (default: all jobs)",
        },
        private_use_only=True,
    ),
    "workable": Declaration(
        default_base_url="https://apply.workable.com",
        required_settings={
            "account": "the account slug in apply.workable.com/<account>",
        },
        company_setting="account",
    ),
}
