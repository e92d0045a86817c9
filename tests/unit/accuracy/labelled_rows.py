"""A labelled set of postings for the row-accuracy check (test_row_accuracy.py).

Written for the tests from the field names, types and quirks in
../shared/reference/sources.md; every value is invented. Each case is one raw posting as
the source sends it, the adapter settings it is read with, and what a careful reader of
the posting says the row must show: title, url, company, work mode, salary (min, max,
currency, period) and skills (vocabulary ids, implied ones included), or the counted
reason it is dropped. DUPLICATES says which pairs of kept postings are the same job.
"""

from __future__ import annotations


def case(
    case_id,
    source,
    raw,
    settings=None,
    *,
    drop=None,
    title=None,
    url=None,
    company=None,
    work_mode=None,
    salary=None,
    skills=(),
):
    expected = (
        {"drop": drop}
        if drop
        else {
            "drop": None,
            "title": title,
            "url": url,
            "company": company,
            "work_mode": work_mode,
            "salary": salary,
            "skills": set(skills),
        }
    )
    return {"id": case_id, "source": source, "settings": settings or {}, "raw": raw, "expected": expected}


def esc(html: str) -> str:
    """Greenhouse `content`: HTML entity-escaped once."""
    return html.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


GH = {"board": "nimbus", "company": "Nimbus Cloud"}
LEVER = {"site": "orbital", "company": "Orbital Labs"}
ASHBY = {"board": "lumen", "company": "Lumen Analytics"}
WORKABLE = {"account": "acme-analytics"}
RECRUITEE = {"account": "acmehealth"}
SR = {"company": "Vertexa"}
GH_DAY = "2026-11-20T09:30:00-05:00"
LEVER_MS = 1795500000000  # 2026-11-23
EPOCH = 1795500000


def _greenhouse(
    job_id,
    title,
    url,
    location,
    content,
    *,
    metadata=(),
    pay=None,
    company_name=None,
    departments=("Engineering",),
    first_published=GH_DAY,
):
    raw = {
        "id": job_id,
        "title": title,
        "absolute_url": url,
        "location": {"name": location},
        "first_published": first_published,
        "updated_at": first_published,
        "metadata": [{"id": 1, "name": n, "value": v, "value_type": "single_select"} for n, v in metadata],
        "departments": [{"id": 7, "name": d} for d in departments],
        "offices": [],
        "content": esc(content),
    }
    if pay:
        raw["pay_input_ranges"] = [
            {"min_cents": pay[0], "max_cents": pay[1], "currency_type": pay[2], "title": "US pay range"}
        ]
    if company_name is not None:
        raw["company_name"] = company_name
    return raw


def _lever(
    posting_id,
    text,
    location,
    workplace,
    description,
    *,
    hosted="auto",
    apply=None,
    lists=(),
    pay=None,
    commitment="Full-time",
    created=LEVER_MS,
    site="orbital",
):
    raw = {
        "id": posting_id,
        "text": text,
        "createdAt": created,
        "workplaceType": workplace,
        "categories": {
            "commitment": commitment,
            "location": location,
            "team": "Engineering",
            "allLocations": [location],
        },
        "country": None,
        "description": description,
        "descriptionPlain": "",
        "lists": [{"text": h, "content": c} for h, c in lists],
        "additional": "",
    }
    if hosted == "auto":
        raw["hostedUrl"] = f"https://jobs.lever.co/{site}/{posting_id}"
    elif hosted is not None:
        raw["hostedUrl"] = hosted
    if apply is not None:
        raw["applyUrl"] = apply
    if pay:
        raw["salaryRange"] = {"currency": pay[2], "interval": pay[3], "min": pay[0], "max": pay[1]}
    return raw


def _ashby(
    job_id,
    title,
    location,
    description,
    *,
    workplace=None,
    remote=None,
    listed=True,
    job_url="auto",
    compensation=None,
    published="2026-11-21T08:00:00.000+00:00",
):
    raw = {
        "id": job_id,
        "title": title,
        "department": "Engineering",
        "team": "Platform",
        "employmentType": "FullTime",
        "location": location,
        "secondaryLocations": [],
        "publishedAt": published,
        "isListed": listed,
        "descriptionHtml": description,
        "applyUrl": f"https://jobs.ashbyhq.com/lumen/{job_id}/application" if job_url == "auto" else "",
        "jobUrl": f"https://jobs.ashbyhq.com/lumen/{job_id}" if job_url == "auto" else job_url,
    }
    if workplace is not None:
        raw["workplaceType"] = workplace
    if remote is not None:
        raw["isRemote"] = remote
    if compensation is not None:
        raw["compensation"] = compensation
    return raw


def _salary_component(minimum, maximum, currency, interval="1 YEAR"):
    return {
        "compensationTierSummary": None,
        "summaryComponents": [
            {
                "compensationType": "Salary",
                "interval": interval,
                "currencyCode": currency,
                "minValue": minimum,
                "maxValue": maximum,
            },
            {
                "compensationType": "EquityPercentage",
                "interval": "NONE",
                "currencyCode": None,
                "minValue": 0.05,
                "maxValue": 0.1,
            },
        ],
    }


def _remoteok(
    job_id,
    position,
    company,
    tags,
    description,
    *,
    slug=None,
    url="auto",
    smin=None,
    smax=None,
    location="",
    epoch=EPOCH,
):
    slug = slug if slug is not None else f"remote-{position.lower().replace(' ', '-')}-{company.lower()}-{job_id}"
    raw = {
        "id": str(job_id),
        "slug": slug,
        "epoch": epoch,
        "date": "2026-11-23T06:40:00+00:00",
        "company": company,
        "position": position,
        "tags": tags,
        "location": location,
        "description": description + "<p>Please mention the word **ORBIT** and tag RMTg5LjE= when applying.</p>",
        "apply_url": f"https://remoteOK.com/remote-jobs/{slug}/apply",
    }
    if url == "auto":
        raw["url"] = f"https://remoteOK.com/remote-jobs/{slug}"
    elif url is not None:
        raw["url"] = url
    if smin is not None:
        raw["salary_min"] = smin
    if smax is not None:
        raw["salary_max"] = smax
    return raw


def _remotive(
    job_id,
    title,
    company,
    tags,
    description,
    *,
    salary="",
    region="USA",
    url="auto",
    category="Software Development",
    published="2026-11-22T14:05:11",
):
    slug = title.lower().replace(" ", "-")
    return {
        "id": job_id,
        "title": title,
        "company_name": company,
        "company_logo": "",
        "category": category,
        "tags": tags,
        "job_type": "full_time",
        "publication_date": published,
        "candidate_required_location": region,
        "salary": salary,
        "description": description,
        "url": f"https://remotive.com/remote-jobs/software-dev/{slug}-{job_id}" if url == "auto" else url,
    }


def _arbeitnow(slug, title, company, location, remote, description, tags, *, url="auto"):
    return {
        "slug": slug,
        "company_name": company,
        "title": title,
        "description": description,
        "remote": remote,
        "url": f"https://www.arbeitnow.com/jobs/companies/{company.lower().replace(' ', '-')}/{slug}"
        if url == "auto"
        else url,
        "tags": tags,
        "job_types": ["Vollzeit"],
        "location": location,
        "created_at": EPOCH,
    }


def _hn(object_id, comment_html, *, author="throwaway_hiring"):
    return {
        "objectID": str(object_id),
        "author": author,
        "created_at": "2026-11-02T15:01:07Z",
        "created_at_i": 1793718067,
        "comment_text": comment_html,
        "story_id": 45800000,
        "parent_id": 45800000,
    }


def _jobicy(
    job_id,
    title,
    company,
    description,
    *,
    slug=None,
    url="auto",
    geo="Anywhere",
    pay=None,
    published="2026-11-22T10:15:00+00:00",
):
    slug = slug if slug is not None else f"{job_id}-{title.lower().replace(' ', '-')}"
    raw = {
        "id": job_id,
        "jobSlug": slug,
        "jobTitle": title,
        "companyName": company,
        "companyLogo": False,
        "jobIndustry": ["Programming &amp; Development"],
        "jobType": ["Full-Time"],
        "jobGeo": geo,
        "jobLevel": "Any",
        "jobExcerpt": "",
        "jobDescription": description,
        "pubDate": published,
    }
    if url == "auto":
        raw["url"] = f"https://jobicy.com/jobs/{slug}"
    elif url is not None:
        raw["url"] = url
    if pay:
        raw.update(salaryMin=pay[0], salaryMax=pay[1], salaryCurrency=pay[2], salaryPeriod=pay[3])
    return raw


def _himalayas(guid, title, company, description, *, pay=None, restrictions=("United States",)):
    raw = {
        "guid": guid,
        "title": title,
        "excerpt": "",
        "companyName": company,
        "companySlug": company.lower(),
        "employmentType": "Full Time",
        "seniority": ["Senior"],
        "locationRestrictions": list(restrictions),
        "timezoneRestrictions": [],
        "categories": ["Engineering"],
        "description": description,
        "pubDate": EPOCH,
        "expiryDate": EPOCH + 30 * 86400,
        "applicationLink": "https://apply.example.com/job",
    }
    if pay:
        raw.update(minSalary=pay[0], maxSalary=pay[1], currency=pay[2], salaryPeriod=pay[3])
    else:
        raw.update(minSalary=None, maxSalary=None, currency=None, salaryPeriod=None)
    return raw


def _smartrecruiters(job_id, name, city, country, *, remote=False, hybrid=False):
    return {
        "id": job_id,
        "name": name,
        "uuid": "b7e1",
        "refNumber": "REF1",
        "company": {"identifier": "Vertexa", "name": "Vertexa GmbH"},
        "releasedDate": "2026-11-21T07:00:00.000Z",
        "location": {
            "city": city,
            "region": "",
            "country": country,
            "remote": remote,
            "hybrid": hybrid,
            "fullLocation": f"{city}, {country.upper()}",
        },
        "department": {},
        "typeOfEmployment": {"label": "Full-time"},
        "experienceLevel": {"label": "Mid-Senior Level"},
    }


def _workable(
    shortcode,
    title,
    telecommuting,
    city,
    country,
    description,
    *,
    requirements=None,
    url="auto",
    application_url="auto",
):
    raw = {
        "title": title,
        "shortcode": shortcode,
        "employment_type": "Full-time",
        "telecommuting": telecommuting,
        "department": "Engineering",
        "published_on": "2026-11-20",
        "created_at": "2026-11-19",
        "country": country,
        "city": city,
        "state": "",
        "locations": [{"country": country, "countryCode": "", "city": city, "region": "", "hidden": False}],
        "description": description,
        "_account_name": "Acme Analytics",
        "url": f"https://apply.workable.com/j/{shortcode}" if url == "auto" else url,
        "application_url": f"https://apply.workable.com/j/{shortcode}/apply"
        if application_url == "auto"
        else application_url,
    }
    if requirements is not None:
        raw["requirements"] = requirements
    return raw


def _recruitee(
    offer_id,
    slug,
    title,
    location,
    description,
    *,
    requirements="",
    status="published",
    flags=(False, False, False),
    pay=None,
    careers_url="auto",
):
    remote, hybrid, on_site = flags
    return {
        "id": offer_id,
        "slug": slug,
        "title": title,
        "status": status,
        "careers_url": f"https://acmehealth.recruitee.com/o/{slug}" if careers_url == "auto" else careers_url,
        "location": location,
        "city": location.split(",")[0],
        "country": "Netherlands",
        "country_code": "NL",
        "department": "Engineering",
        "description": description,
        "requirements": requirements,
        "created_at": "2026-11-18 09:00:00 UTC",
        "published_at": "2026-11-19 09:30:00 UTC",
        "employment_type_code": "fulltime_permanent",
        "remote": remote,
        "hybrid": hybrid,
        "on_site": on_site,
        "salary": {"min": pay[0], "max": pay[1], "period": pay[3], "currency": pay[2]}
        if pay
        else {"min": None, "max": None, "period": None, "currency": None},
        "company_name": "Acme Health",
    }


def _muse(job_id, name, places, contents, *, short_name="auto", landing="auto", company=("acme", "Acme")):
    short = name.lower().replace(" ", "-") if short_name == "auto" else short_name
    raw = {
        "id": job_id,
        "name": name,
        "type": "external",
        "publication_date": "2026-11-21T12:00:00Z",
        "model_type": "jobs",
        "locations": [{"name": p} for p in places],
        "categories": [{"name": "Software Engineering"}],
        "levels": [{"name": "Mid Level", "short_name": "mid"}],
        "tags": [],
        "refs": {},
        "contents": contents,
        "company": {"id": 11001, "short_name": company[0], "name": company[1]} if company else {},
    }
    if short is not None:
        raw["short_name"] = short
    if landing == "auto":
        raw["refs"]["landing_page"] = f"https://www.themuse.com/jobs/{company[0]}/{short}"
    elif landing is not None:
        raw["refs"]["landing_page"] = landing
    return raw


def _simplify(listing_id, company, title, url, locations, *, terms=("Summer 2025",), active=True, posted=1795000000):
    return {
        "id": listing_id,
        "source": "Simplify",
        "company_name": company,
        "company_url": f"https://simplify.jobs/c/{company}",
        "title": title,
        "url": url,
        "locations": list(locations),
        "terms": list(terms),
        "sponsorship": "Other",
        "active": active,
        "is_visible": True,
        "date_posted": posted,
        "date_updated": posted,
    }


def _wwr(heading, link, description, *, region="Anywhere in the World", skills=""):
    return {
        "title": heading,
        "region": region,
        "country": "",
        "state": "",
        "skills": skills,
        "category": "Back-End Programming",
        "type": "Full-Time",
        "description": description,
        "pubDate": "Mon, 23 Nov 2026 10:00:00 +0000",
        "expires_at": "Wed, 23 Dec 2026 10:00:00 +0000",
        "guid": link,
        "link": link,
    }


CASES = [
    # --- Greenhouse: content entity-escaped once; salary only in pay_input_ranges (cents)
    case(
        "gh-sre",
        "greenhouse",
        _greenhouse(
            4100000001,
            "Senior Site Reliability Engineer",
            "https://boards.greenhouse.io/nimbus/jobs/4100000001",
            "Berlin, Germany",
            "<p>Run our Kubernetes clusters on GCP with Terraform.</p><ul><li>Observability with "
            "Prometheus, Grafana and OpenTelemetry</li></ul>",
            metadata=[("Workplace Type", "Hybrid")],
            company_name="Nimbus Cloud",
            departments=("Infrastructure",),
        ),
        GH,
        title="Senior Site Reliability Engineer",
        url="https://boards.greenhouse.io/nimbus/jobs/4100000001",
        company="Nimbus Cloud",
        work_mode="hybrid",
        skills={"kubernetes", "gcp", "terraform", "prometheus", "grafana", "opentelemetry"},
    ),
    case(
        "gh-unsafe-url",
        "greenhouse",
        _greenhouse(
            4100000002,
            "Backend Engineer, Payments",
            "javascript:void(0)",
            "Remote - US",
            "<p>We build payment APIs in Go and gRPC, backed by PostgreSQL.</p>",
        ),
        GH,
        title="Backend Engineer, Payments",
        url="https://boards.greenhouse.io/nimbus/jobs/4100000002",
        company="Nimbus Cloud",
        work_mode="remote",
        skills={"go", "grpc", "postgresql"},
    ),
    case(
        "gh-pay",
        "greenhouse",
        _greenhouse(
            4100000003,
            "Staff Data Engineer",
            "",
            "New York, NY",
            "<p>Pipelines in Airflow, models in dbt on Snowflake; Python and SQL every day.</p>",
            metadata=[("Workplace Type", "On-site")],
            pay=(15000000, 19000000, "USD"),
            company_name="Nimbus Cloud",
        ),
        GH,
        title="Staff Data Engineer",
        url="https://boards.greenhouse.io/nimbus/jobs/4100000003",
        company="Nimbus Cloud",
        work_mode="on-site",
        salary=(150000, 190000, "USD", "year"),
        skills={"airflow", "dbt", "snowflake", "python", "sql"},
    ),
    case(
        "gh-blank-title",
        "greenhouse",
        _greenhouse(4100000004, "   ", "https://boards.greenhouse.io/nimbus/jobs/4100000004", "Remote", "<p>x</p>"),
        GH,
        drop="missing title",
    ),
    case(
        "gh-own-domain",
        "greenhouse",
        _greenhouse(
            4100000005,
            "iOS Engineer",
            "https://careers.nimbus.example/jobs?gh_jid=4100000005",
            "London, UK",
            "<p>Swift and SwiftUI, a little Objective-C. We react quickly to feedback from the App Store.</p>",
        ),
        GH,
        title="iOS Engineer",
        url="https://careers.nimbus.example/jobs?gh_jid=4100000005",
        company="Nimbus Cloud",
        work_mode="unknown",
        skills={"ios", "swift", "objective-c"},
    ),
    case(
        "gh-dup-a",
        "greenhouse",
        _greenhouse(
            4100000006,
            "Data Engineer",
            "https://boards.greenhouse.io/nimbus/jobs/4100000006",
            "Berlin, Germany",
            "<p>Spark and Kafka streaming jobs.</p>",
            company_name="Nimbus Cloud",
        ),
        GH,
        title="Data Engineer",
        url="https://boards.greenhouse.io/nimbus/jobs/4100000006",
        company="Nimbus Cloud",
        work_mode="unknown",
        skills={"spark", "kafka"},
    ),
    case(
        "gh-url-dup",
        "greenhouse",
        _greenhouse(
            4100000007,
            "Software Engineer, Intern",
            "https://boards.greenhouse.io/nimbus/jobs/4100000007",
            "Toronto, ON",
            "<p>Ship code in TypeScript or Java with a mentor.</p>",
            company_name="Nimbus Cloud",
        ),
        GH,
        title="Software Engineer, Intern",
        url="https://boards.greenhouse.io/nimbus/jobs/4100000007",
        company="Nimbus Cloud",
        work_mode="unknown",
        skills={"typescript", "java"},
    ),
    # --- Lever: title in `text`, createdAt in ms, salaryRange with interval, lists without <ul>
    case(
        "lever-frontend",
        "lever",
        _lever(
            "a1b2c3d4-0001",
            "Frontend Engineer",
            "Toronto, ON",
            "remote",
            "<p>Build our dashboard in React and TypeScript.</p>",
            lists=[("Requirements", "<li>3+ years with React</li><li>Tests in Jest and Playwright</li>")],
            pay=(120000, 150000, "CAD", "per-year-salary"),
        ),
        LEVER,
        title="Frontend Engineer",
        url="https://jobs.lever.co/orbital/a1b2c3d4-0001",
        company="Orbital Labs",
        work_mode="remote",
        salary=(120000, 150000, "CAD", "year"),
        skills={"react", "typescript", "jest", "playwright"},
    ),
    case(
        "lever-unsafe-apply",
        "lever",
        _lever(
            "a1b2c3d4-0002",
            "Machine Learning Engineer",
            "San Francisco, CA",
            "hybrid",
            "<p>Train models with PyTorch and serve them on AWS SageMaker. You will go to market with our sales "
            "team.</p>",
            hosted=None,
            apply="javascript:alert(1)",
            pay=(60, 80, "USD", "per-hour-wage"),
        ),
        LEVER,
        title="Machine Learning Engineer",
        url="https://jobs.lever.co/orbital/a1b2c3d4-0002",
        company="Orbital Labs",
        work_mode="hybrid",
        salary=(60, 80, "USD", "hour"),
        skills={"machine learning", "pytorch", "python", "aws", "sagemaker"},
    ),
    case(
        "lever-unspecified",
        "lever",
        _lever(
            "a1b2c3d4-0003",
            "DevOps Engineer",
            "Remote, Europe",
            "unspecified",
            "<p>Jenkins and GitHub Actions pipelines, Docker images, Helm.</p>",
        ),
        LEVER,
        title="DevOps Engineer",
        url="https://jobs.lever.co/orbital/a1b2c3d4-0003",
        company="Orbital Labs",
        work_mode="remote",
        skills={"jenkins", "github actions", "ci/cd", "docker", "helm", "kubernetes"},
    ),
    case(
        "lever-no-title",
        "lever",
        _lever("a1b2c3d4-0004", "", "Austin, TX", "on-site", "<p>x</p>"),
        LEVER,
        drop="missing title",
    ),
    case(
        "lever-embedded",
        "lever",
        _lever(
            "a1b2c3d4-0005",
            "Embedded Software Engineer",
            "Austin, TX",
            "on-site",
            "<p>C and C++ on FreeRTOS; Python for test tooling.</p>",
        ),
        LEVER,
        title="Embedded Software Engineer",
        url="https://jobs.lever.co/orbital/a1b2c3d4-0005",
        company="Orbital Labs",
        work_mode="on-site",
        skills={"embedded", "c", "c++", "rtos", "python"},
    ),
    case(
        "lever-one-time-pay",
        "lever",
        _lever(
            "a1b2c3d4-0006",
            "Technical Writer",
            "Remote - Canada",
            "remote",
            "<p>Document our REST APIs and the GraphQL schema. We closed our Series C, now 200 people.</p>",
            pay=(5000, 5000, "USD", "one-time"),
            commitment="Contract",
        ),
        LEVER,
        title="Technical Writer",
        url="https://jobs.lever.co/orbital/a1b2c3d4-0006",
        company="Orbital Labs",
        work_mode="remote",
        skills={"rest", "graphql"},
    ),
    case(
        "lever-dup-b",
        "lever",
        _lever(
            "b9c8d7e6-0007",
            "Data Engineer",
            "Berlin, Germany",
            "unspecified",
            "<p>Streaming jobs with Spark and Kafka.</p>",
            site="nimbus",
            created=1795300000000,
        ),
        {"site": "nimbus", "company": "Nimbus Cloud"},
        title="Data Engineer",
        url="https://jobs.lever.co/nimbus/b9c8d7e6-0007",
        company="Nimbus Cloud",
        work_mode="unknown",
        skills={"spark", "kafka"},
    ),
    # --- Ashby: workplaceType before isRemote; compensation summary components
    case(
        "ashby-ds",
        "ashby",
        _ashby(
            "0f3c-01",
            "  Senior Data Scientist",
            "Remote (US)",
            "<p>Statistics in R and Python; experiments at scale.</p>",
            workplace="Remote",
            remote=True,
            compensation=_salary_component(170000, 210000, "USD"),
        ),
        ASHBY,
        title="Senior Data Scientist",
        url="https://jobs.ashbyhq.com/lumen/0f3c-01",
        company="Lumen Analytics",
        work_mode="remote",
        salary=(170000, 210000, "USD", "year"),
        skills={"r", "python"},
    ),
    case(
        "ashby-unlisted",
        "ashby",
        _ashby("0f3c-02", "Recruiter", "Remote", "<p>x</p>", listed=False),
        ASHBY,
        drop="not listed",
    ),
    case(
        "ashby-canonical",
        "ashby",
        _ashby(
            "0f3c-03",
            "Platform Engineer",
            "Amsterdam",
            "<p>Kubernetes with Istio, Envoy and Consul.</p>",
            workplace="Hybrid",
            remote=True,
            job_url="",
            compensation={"compensationTierSummary": "€70K – €90K", "summaryComponents": []},
        ),
        ASHBY,
        title="Platform Engineer",
        url="https://jobs.ashbyhq.com/lumen/0f3c-03",
        company="Lumen Analytics",
        work_mode="hybrid",
        salary=(70000, 90000, "EUR", "year"),
        skills={"kubernetes", "istio", "envoy", "consul"},
    ),
    case(
        "ashby-not-remote",
        "ashby",
        _ashby(
            "0f3c-04",
            "Backend Developer (Kotlin)",
            "Munich",
            "<p>Kotlin and Spring Boot services on AWS.</p>",
            remote=False,
        ),
        ASHBY,
        title="Backend Developer (Kotlin)",
        url="https://jobs.ashbyhq.com/lumen/0f3c-04",
        company="Lumen Analytics",
        work_mode="on-site",
        skills={"kotlin", "spring", "java", "aws"},
    ),
    case(
        "ashby-not-remote-hybrid",
        "ashby",
        _ashby("0f3c-05", "Full Stack Engineer", "Hybrid - Paris", "<p>Vue 3, Node and Postgres.</p>", remote=False),
        ASHBY,
        title="Full Stack Engineer",
        url="https://jobs.ashbyhq.com/lumen/0f3c-05",
        company="Lumen Analytics",
        work_mode="hybrid",
        skills={"vue", "nodejs", "javascript", "postgresql"},
    ),
    case(
        "ashby-old-twin",
        "ashby",
        _ashby(
            "0f3c-06",
            "Analytics Engineer",
            "Remote (US)",
            "<p>dbt and BigQuery.</p>",
            workplace="Remote",
            published="2026-10-01T08:00:00.000+00:00",
        ),
        ASHBY,
        title="Analytics Engineer",
        url="https://jobs.ashbyhq.com/lumen/0f3c-06",
        company="Lumen Analytics",
        work_mode="remote",
        skills={"dbt", "sql", "bigquery"},
    ),
    # --- Remote OK: all remote, USD a year, 0 = unknown, host spelled remoteOK.com
    case(
        "remoteok-rust",
        "remoteok",
        _remoteok(
            1100001,
            "Senior Rust Engineer",
            "Ferrocore",
            ["rust", "backend", "senior"],
            "<p>Async services with Tokio and Axum.</p>",
            smin=140000,
            smax=180000,
        ),
        title="Senior Rust Engineer",
        url="https://remoteok.com/remote-jobs/remote-senior-rust-engineer-ferrocore-1100001",
        company="Ferrocore",
        work_mode="remote",
        salary=(140000, 180000, "USD", "year"),
        skills={"rust", "tokio", "axum"},
    ),
    case(
        "remoteok-slug-only",
        "remoteok",
        _remoteok(
            1100002, "Go Developer", "Gopherly", ["golang", "docker"], "<p>Build CLIs.</p>", url=None, smin=0, smax=0
        ),
        title="Go Developer",
        url="https://remoteok.com/remote-jobs/remote-go-developer-gopherly-1100002",
        company="Gopherly",
        work_mode="remote",
        skills={"go", "docker"},
    ),
    case(
        "remoteok-min-only",
        "remoteok",
        _remoteok(1100003, "Product Designer", "Pixelry", ["design", "figma"], "<p>Design in Figma.</p>", smin=90000),
        title="Product Designer",
        url="https://remoteok.com/remote-jobs/remote-product-designer-pixelry-1100003",
        company="Pixelry",
        work_mode="remote",
        salary=(90000, None, "USD", "year"),
        skills={"figma"},
    ),
    case(
        "remoteok-data",
        "remoteok",
        _remoteok(
            1100004,
            "Data Engineer",
            "Streamline",
            ["python", "spark", "aws"],
            "<p>PySpark on Databricks.</p>",
            smin=120000,
            smax=160000,
        ),
        title="Data Engineer",
        url="https://remoteok.com/remote-jobs/remote-data-engineer-streamline-1100004",
        company="Streamline",
        work_mode="remote",
        salary=(120000, 160000, "USD", "year"),
        skills={"python", "spark", "aws", "databricks"},
    ),
    case(
        "remoteok-no-url",
        "remoteok",
        _remoteok(1100005, "Sales Engineer", "Nowhere", [], "<p>x</p>", slug="", url="javascript:x"),
        drop="missing or non-http url",
    ),
    case(
        "remoteok-dup",
        "remoteok",
        _remoteok(
            1100006,
            "Senior Python Developer",
            "Quokka Labs",
            ["python"],
            "<p>Django and Celery.</p>",
            slug="remote-senior-python-developer-quokka-labs-1100006",
            location="USA",
            epoch=EPOCH - 86400,
        ),
        title="Senior Python Developer",
        url="https://remoteok.com/remote-jobs/remote-senior-python-developer-quokka-labs-1100006",
        company="Quokka Labs",
        work_mode="remote",
        skills={"python", "django", "celery"},
    ),
    # --- Remotive: salary is free text; eligibility region; all remote
    case(
        "remotive-python",
        "remotive",
        _remotive(
            2000001,
            "Senior Python Developer",
            "Quokka Labs",
            ["python", "django", "aws"],
            "<p>Django, Celery and AWS.</p>",
            salary="$120k - $150k",
        ),
        title="Senior Python Developer",
        url="https://remotive.com/remote-jobs/software-dev/senior-python-developer-2000001",
        company="Quokka Labs",
        work_mode="remote",
        salary=(120000, 150000, "USD", "year"),
        skills={"python", "django", "celery", "aws"},
    ),
    case(
        "remotive-hourly",
        "remotive",
        _remotive(
            2000002,
            "Contract QA Engineer",
            "Testwise",
            ["qa", "cypress", "selenium"],
            "<p>Maintain Cypress and Selenium suites.</p>",
            salary="$45/hour",
        ),
        title="Contract QA Engineer",
        url="https://remotive.com/remote-jobs/software-dev/contract-qa-engineer-2000002",
        company="Testwise",
        work_mode="remote",
        salary=(45, None, "USD", "hour"),
        skills={"cypress", "selenium"},
    ),
    case(
        "remotive-no-skills",
        "remotive",
        _remotive(
            2000003,
            "Customer Success Manager",
            "Helpful",
            [],
            "<p>Help customers go live and get the rest of the team on board.</p>",
            category="Customer Service",
        ),
        title="Customer Success Manager",
        url="https://remotive.com/remote-jobs/software-dev/customer-success-manager-2000003",
        company="Helpful",
        work_mode="remote",
        skills=set(),
    ),
    case(
        "remotive-android",
        "remotive",
        _remotive(
            2000004,
            "Android Engineer",
            "Droidly",
            ["kotlin", "android", "jetpack compose"],
            "<p>Modern Android.</p>",
            salary="€60,000 - €75,000",
            region="Europe",
        ),
        title="Android Engineer",
        url="https://remotive.com/remote-jobs/software-dev/android-engineer-2000004",
        company="Droidly",
        work_mode="remote",
        salary=(60000, 75000, "EUR", "year"),
        skills={"kotlin", "android", "jetpack compose"},
    ),
    case(
        "remotive-no-url",
        "remotive",
        _remotive(2000005, "Support Agent", "Helpful", [], "<p>x</p>", url=""),
        drop="missing or non-http url",
    ),
    case(
        "remotive-dup",
        "remotive",
        _remotive(
            2000006,
            "Senior  Python Developer",
            "Quokka Labs",
            ["python"],
            "<p>Django and Celery.</p>",
            published="2026-11-23T09:00:00",
        ),
        title="Senior Python Developer",
        url="https://remotive.com/remote-jobs/software-dev/senior--python-developer-2000006",
        company="Quokka Labs",
        work_mode="remote",
        skills={"python", "django", "celery"},
    ),
    # --- Arbeitnow: remote is a bool (false = on-site unless hybrid); gender markers in titles
    case(
        "arbeitnow-java",
        "arbeitnow",
        _arbeitnow(
            "senior-java-developer-hamburg-300001",
            "Senior Java Developer (m/w/d)",
            "Hafenlogik GmbH",
            "Hamburg",
            False,
            "<p>Java 17, Spring Boot, Kafka.</p>",
            ["Java", "Spring"],
        ),
        title="Senior Java Developer",
        url="https://www.arbeitnow.com/jobs/companies/hafenlogik-gmbh/senior-java-developer-hamburg-300001",
        company="Hafenlogik GmbH",
        work_mode="on-site",
        skills={"java", "spring", "kafka"},
    ),
    case(
        "arbeitnow-remote",
        "arbeitnow",
        _arbeitnow(
            "frontend-developer-berlin-300002",
            "Frontend Developer (f/m/x)",
            "Pixelwerk",
            "Berlin",
            True,
            "<p>React, Next.js und Tailwind.</p>",
            ["React"],
        ),
        title="Frontend Developer",
        url="https://www.arbeitnow.com/jobs/companies/pixelwerk/frontend-developer-berlin-300002",
        company="Pixelwerk",
        work_mode="remote",
        skills={"react", "nextjs", "tailwind"},
    ),
    case(
        "arbeitnow-hybrid",
        "arbeitnow",
        _arbeitnow(
            "devops-engineer-munchen-300003",
            "DevOps Engineer (m/w/d)",
            "Bergcloud",
            "München (Hybrid)",
            False,
            "<p>Terraform, Ansible, GitLab CI.</p>",
            ["DevOps"],
        ),
        title="DevOps Engineer",
        url="https://www.arbeitnow.com/jobs/companies/bergcloud/devops-engineer-munchen-300003",
        company="Bergcloud",
        work_mode="hybrid",
        skills={"terraform", "ansible", "gitlab ci", "ci/cd"},
    ),
    case(
        "arbeitnow-german",
        "arbeitnow",
        _arbeitnow(
            "werkstudent-data-analytics-koln-300004",
            "Werkstudent Data Analytics (m/w/d)",
            "Domdaten",
            "Köln",
            False,
            "<p>SQL und Power BI; erste Erfahrung mit R oder Python.</p>",
            ["Data"],
        ),
        title="Werkstudent Data Analytics",
        url="https://www.arbeitnow.com/jobs/companies/domdaten/werkstudent-data-analytics-koln-300004",
        company="Domdaten",
        work_mode="on-site",
        skills={"sql", "power bi", "r", "python"},
    ),
    case(
        "arbeitnow-bad-url",
        "arbeitnow",
        _arbeitnow("x-300005", "Koch (m/w/d)", "Kantine", "Bonn", False, "<p>x</p>", [], url="not a url"),
        drop="missing or non-http url",
    ),
    # --- Hacker News: the first line "Company | Role | Location | ..." is the posting
    case(
        "hn-onsite",
        "hackernews",
        _hn(
            4300001,
            "Acme Robotics | Senior Embedded Engineer | Boston, MA | ONSITE | $160k-$200k<p>We write C and "
            "Rust for our motor controllers.",
        ),
        title="Senior Embedded Engineer",
        url="https://news.ycombinator.com/item?id=4300001",
        company="Acme Robotics",
        work_mode="on-site",
        salary=(160000, 200000, "USD", "year"),
        skills={"c", "rust"},
    ),
    case(
        "hn-remote",
        "hackernews",
        _hn(4300002, "Lumos | Full-stack Engineer | REMOTE (US) | Full-time<p>TypeScript, React and Node on AWS.</p>"),
        title="Full-stack Engineer",
        url="https://news.ycombinator.com/item?id=4300002",
        company="Lumos",
        work_mode="remote",
        skills={"typescript", "react", "nodejs", "javascript", "aws"},
    ),
    case(
        "hn-deleted", "hackernews", {**_hn(4300003, "x"), "author": None, "comment_text": None}, drop="deleted comment"
    ),
    case(
        "hn-no-header",
        "hackernews",
        _hn(4300004, "We are hiring! Come work with us.<p>Details soon.</p>"),
        drop="first line is not 'Company | Role | Location | ...'",
    ),
    # --- Jobicy: salary keys absent when unknown; remote only
    case(
        "jobicy-php",
        "jobicy",
        _jobicy(
            120001,
            "Senior PHP Developer",
            "Wavecraft",
            "<p>Laravel, MySQL and Redis.</p>",
            geo="Europe",
            pay=(60000, 80000, "EUR", "yearly"),
        ),
        title="Senior PHP Developer",
        url="https://jobicy.com/jobs/120001-senior-php-developer",
        company="Wavecraft",
        work_mode="remote",
        salary=(60000, 80000, "EUR", "year"),
        skills={"php", "laravel", "mysql", "redis"},
    ),
    case(
        "jobicy-slug-only",
        "jobicy",
        _jobicy(120002, "Data Analyst", "Metricly", "<p>SQL, Looker and dbt.</p>", url=None),
        title="Data Analyst",
        url="https://jobicy.com/jobs/120002-data-analyst",
        company="Metricly",
        work_mode="remote",
        skills={"sql", "looker", "dbt"},
    ),
    case("jobicy-no-company", "jobicy", _jobicy(120003, "Copy Editor", "", "<p>x</p>"), drop="missing company"),
    case(
        "jobicy-hourly",
        "jobicy",
        _jobicy(
            120004,
            "Freelance Copywriter",
            "Wordsmith",
            "<p>Write about our product.</p>",
            pay=(40, 55, "USD", "hourly"),
        ),
        title="Freelance Copywriter",
        url="https://jobicy.com/jobs/120004-freelance-copywriter",
        company="Wordsmith",
        work_mode="remote",
        salary=(40, 55, "USD", "hour"),
        skills=set(),
    ),
    case(
        "jobicy-flutter",
        "jobicy",
        _jobicy(
            120005,
            "Mobile Developer (Flutter)",
            "Appnest",
            "<p>Flutter and Firebase.</p>",
            slug="120005-mobile-developer-flutter",
            pay=(3000, 4000, "USD", "monthly"),
        ),
        title="Mobile Developer (Flutter)",
        url="https://jobicy.com/jobs/120005-mobile-developer-flutter",
        company="Appnest",
        work_mode="remote",
        salary=(3000, 4000, "USD", "month"),
        skills={"flutter", "dart", "firebase"},
    ),
    case(
        "jobicy-old-twin",
        "jobicy",
        _jobicy(
            120006,
            "Analytics Engineer",
            "Lumen Analytics",
            "<p>dbt and BigQuery.</p>",
            geo="Remote (US)",
            published="2026-11-10T08:00:00+00:00",
        ),
        title="Analytics Engineer",
        url="https://jobicy.com/jobs/120006-analytics-engineer",
        company="Lumen Analytics",
        work_mode="remote",
        skills={"dbt", "sql", "bigquery"},
    ),
    # --- Himalayas: no id (the guid is the job's URL); remote only
    case(
        "himalayas-elixir",
        "himalayas",
        _himalayas(
            "https://himalayas.app/companies/brightwave/jobs/senior-backend-engineer",
            "Senior Backend Engineer",
            "Brightwave",
            "<p>Elixir and Phoenix LiveView.</p>",
            pay=(130000, 160000, "USD", "annual"),
        ),
        title="Senior Backend Engineer",
        url="https://himalayas.app/companies/brightwave/jobs/senior-backend-engineer",
        company="Brightwave",
        work_mode="remote",
        salary=(130000, 160000, "USD", "year"),
        skills={"elixir", "phoenix"},
    ),
    case("himalayas-no-guid", "himalayas", _himalayas(None, "Designer", "Brightwave", "<p>x</p>"), drop="missing id"),
    case(
        "himalayas-qa",
        "himalayas",
        _himalayas(
            "https://himalayas.app/companies/testwise/jobs/qa-automation-engineer",
            "QA Automation Engineer",
            "Testwise",
            "<p>Playwright, k6 and Postman.</p>",
        ),
        title="QA Automation Engineer",
        url="https://himalayas.app/companies/testwise/jobs/qa-automation-engineer",
        company="Testwise",
        work_mode="remote",
        skills={"playwright", "k6", "postman"},
    ),
    case(
        "himalayas-no-company",
        "himalayas",
        _himalayas("https://himalayas.app/companies/x/jobs/y", "Engineer", "", "<p>x</p>"),
        drop="missing company",
    ),
    case(
        "himalayas-llm",
        "himalayas",
        _himalayas(
            "https://himalayas.app/companies/synapse/jobs/ml-engineer-llms",
            "Machine Learning Engineer (LLMs)",
            "Synapse",
            "<p>Fine-tune LLMs with Hugging Face and vLLM; RAG pipelines.</p>",
            pay=(150000, 200000, "USD", "yearly"),
            restrictions=(),
        ),
        title="Machine Learning Engineer (LLMs)",
        url="https://himalayas.app/companies/synapse/jobs/ml-engineer-llms",
        company="Synapse",
        work_mode="remote",
        salary=(150000, 200000, "USD", "year"),
        skills={"machine learning", "llm", "hugging face", "vllm", "rag"},
    ),
    # --- SmartRecruiters: the job page is built from company and id; remote/hybrid booleans
    case(
        "sr-onsite",
        "smartrecruiters",
        _smartrecruiters("744000001", "Java Developer", "Vienna", "at"),
        SR,
        title="Java Developer",
        url="https://jobs.smartrecruiters.com/Vertexa/744000001",
        company="Vertexa GmbH",
        work_mode="on-site",
        skills={"java"},
    ),
    case(
        "sr-hybrid",
        "smartrecruiters",
        _smartrecruiters("744000002", "Site Reliability Engineer (AWS)", "Graz", "at", hybrid=True),
        SR,
        title="Site Reliability Engineer (AWS)",
        url="https://jobs.smartrecruiters.com/Vertexa/744000002",
        company="Vertexa GmbH",
        work_mode="hybrid",
        skills={"aws"},
    ),
    case(
        "sr-remote",
        "smartrecruiters",
        _smartrecruiters("744000003", "Senior Go Engineer", "Linz", "at", remote=True),
        SR,
        title="Senior Go Engineer",
        url="https://jobs.smartrecruiters.com/Vertexa/744000003",
        company="Vertexa GmbH",
        work_mode="remote",
        skills={"go"},
    ),
    case(
        "sr-no-title",
        "smartrecruiters",
        {**_smartrecruiters("744000004", "x", "Linz", "at"), "name": None},
        SR,
        drop="missing title",
    ),
    # --- Workable: telecommuting false = on-site unless the location says hybrid; requirements read
    case(
        "workable-backend",
        "workable",
        _workable(
            "AB12CD34EF",
            "Backend Engineer",
            False,
            "Athens",
            "Greece",
            "<p>Build the APIs behind our apps.</p>",
            requirements="<ul><li>Go and gRPC</li><li>PostgreSQL</li></ul>",
        ),
        WORKABLE,
        title="Backend Engineer",
        url="https://apply.workable.com/j/AB12CD34EF",
        company="Acme Analytics",
        work_mode="on-site",
        skills={"go", "grpc", "postgresql"},
    ),
    case(
        "workable-remote",
        "workable",
        _workable("AB12CD34F0", "Data Scientist", True, "", "", "<p>pandas, scikit-learn and SQL.</p>"),
        WORKABLE,
        title="Data Scientist",
        url="https://apply.workable.com/j/AB12CD34F0",
        company="Acme Analytics",
        work_mode="remote",
        skills={"pandas", "python", "scikit-learn", "sql"},
    ),
    case(
        "workable-hybrid",
        "workable",
        _workable("AB12CD34F1", "Frontend Engineer", False, "Lisbon - Hybrid", "Portugal", "<p>Angular and RxJS.</p>"),
        WORKABLE,
        title="Frontend Engineer",
        url="https://apply.workable.com/j/AB12CD34F1",
        company="Acme Analytics",
        work_mode="hybrid",
        skills={"angular"},
    ),
    case(
        "workable-canonical",
        "workable",
        _workable(
            "ZZ99YY88XX",
            "Support Engineer",
            False,
            "Dublin",
            "Ireland",
            "<p>Linux and Bash scripting.</p>",
            url="javascript:void(0)",
            application_url="",
        ),
        WORKABLE,
        title="Support Engineer",
        url="https://apply.workable.com/acme-analytics/j/ZZ99YY88XX/",
        company="Acme Analytics",
        work_mode="on-site",
        skills={"linux", "bash"},
    ),
    case(
        "workable-no-title",
        "workable",
        _workable("AB12CD34F3", "", True, "", "", "<p>x</p>"),
        WORKABLE,
        drop="missing title",
    ),
    # --- Recruitee: description + requirements; salary strings; three work-mode booleans
    case(
        "recruitee-dotnet",
        "recruitee",
        _recruitee(
            501,
            "senior-net-developer",
            "Senior .NET Developer",
            "Utrecht, Netherlands",
            "<p>C# and ASP.NET Core.</p>",
            requirements="<p>Azure DevOps, SQL Server.</p>",
            flags=(False, True, False),
            pay=("60000", "75000", "EUR", "year"),
        ),
        RECRUITEE,
        title="Senior .NET Developer",
        url="https://acmehealth.recruitee.com/o/senior-net-developer",
        company="Acme Health",
        work_mode="hybrid",
        salary=(60000, 75000, "EUR", "year"),
        skills={"c#", ".net", "azure devops", "ci/cd", "sql server"},
    ),
    case(
        "recruitee-draft",
        "recruitee",
        _recruitee(502, "draft", "Draft role", "Utrecht", "<p>x</p>", status="draft"),
        RECRUITEE,
        drop="not published",
    ),
    case(
        "recruitee-canonical",
        "recruitee",
        _recruitee(
            503,
            "qa-engineer",
            "QA Engineer",
            "Amsterdam, Netherlands",
            "<p>Cypress end-to-end tests.</p>",
            flags=(True, False, False),
            careers_url=None,
        ),
        RECRUITEE,
        title="QA Engineer",
        url="https://acmehealth.recruitee.com/o/qa-engineer",
        company="Acme Health",
        work_mode="remote",
        skills={"cypress"},
    ),
    case(
        "recruitee-flags-false",
        "recruitee",
        _recruitee(
            504,
            "product-manager",
            "Product Manager",
            "Remote - Europe",
            "<p>Work with engineering on our roadmap in Jira.</p>",
        ),
        RECRUITEE,
        title="Product Manager",
        url="https://acmehealth.recruitee.com/o/product-manager",
        company="Acme Health",
        work_mode="remote",
        skills={"jira"},
    ),
    case(
        "recruitee-hourly",
        "recruitee",
        _recruitee(
            505,
            "automation-technician",
            "Warehouse Automation Technician",
            "Rotterdam, Netherlands",
            "<p>PLC programming and SCADA.</p>",
            flags=(False, False, True),
            pay=("25", "35", "EUR", "hour"),
        ),
        RECRUITEE,
        title="Warehouse Automation Technician",
        url="https://acmehealth.recruitee.com/o/automation-technician",
        company="Acme Health",
        work_mode="on-site",
        salary=(25, 35, "EUR", "hour"),
        skills={"plc"},
    ),
    # --- The Muse: "Flexible / Remote" is a location; the page from company + job short names
    case(
        "muse-nyc",
        "themuse",
        _muse(9001, "Software Engineer II", ["New York, NY"], "<p>Java and Kotlin microservices.</p>"),
        title="Software Engineer II",
        url="https://www.themuse.com/jobs/acme/software-engineer-ii",
        company="Acme",
        work_mode="unknown",
        skills={"java", "kotlin", "microservices"},
    ),
    case(
        "muse-remote",
        "themuse",
        _muse(9002, "Senior Frontend Engineer", ["Flexible / Remote"], "<p>Svelte and TypeScript.</p>"),
        title="Senior Frontend Engineer",
        url="https://www.themuse.com/jobs/acme/senior-frontend-engineer",
        company="Acme",
        work_mode="remote",
        skills={"svelte", "typescript"},
    ),
    case(
        "muse-canonical",
        "themuse",
        _muse(
            9003,
            "Data Engineer",
            ["Chicago, IL", "Flexible / Remote"],
            "<p>Kafka, Flink and Scala.</p>",
            landing=None,
            company=("canopy", "Canopy"),
        ),
        title="Data Engineer",
        url="https://www.themuse.com/jobs/canopy/data-engineer",
        company="Canopy",
        work_mode="remote",
        skills={"kafka", "flink", "scala"},
    ),
    case(
        "muse-no-company",
        "themuse",
        _muse(
            9004, "Engineer", ["Remote"], "<p>x</p>", company=None, landing="https://www.themuse.com/jobs/x/engineer"
        ),
        drop="missing company",
    ),
    case(
        "muse-no-page",
        "themuse",
        _muse(9005, "Engineer", ["Remote"], "<p>x</p>", short_name=None, landing=None),
        drop="missing or non-http url",
    ),
    # --- SimplifyJobs listings: titles only; closed listings skipped
    case(
        "simplify-seattle",
        "simplify",
        _simplify(
            "5a0c-01",
            "Stripe",
            "Software Engineer Intern",
            "https://stripe.com/jobs/listing/software-engineer-intern/6000001",
            ["Seattle, WA"],
        ),
        {"url": "/SimplifyJobs/Summer2025-Internships/dev/.github/scripts/listings.json"},
        title="Software Engineer Intern",
        url="https://stripe.com/jobs/listing/software-engineer-intern/6000001",
        company="Stripe",
        work_mode="unknown",
        skills=set(),
    ),
    case(
        "simplify-nyc",
        "simplify",
        _simplify(
            "5a0c-02",
            "Stripe",
            "Software Engineer Intern",
            "https://stripe.com/jobs/listing/software-engineer-intern/6000002",
            ["New York, NY"],
        ),
        {"url": "/SimplifyJobs/Summer2025-Internships/dev/.github/scripts/listings.json"},
        title="Software Engineer Intern",
        url="https://stripe.com/jobs/listing/software-engineer-intern/6000002",
        company="Stripe",
        work_mode="unknown",
        skills=set(),
    ),
    case(
        "simplify-closed",
        "simplify",
        _simplify(
            "5a0c-03",
            "Palantir",
            "Software Engineer Intern",
            "https://jobs.lever.co/palantir/1",
            ["Denver, CO"],
            active=False,
        ),
        {"url": "/listings.json"},
        drop="inactive",
    ),
    case(
        "simplify-remote",
        "simplify",
        _simplify(
            "5a0c-04", "Synapse", "Machine Learning Intern", "https://synapse.example/jobs/ml-intern", ["Remote in USA"]
        ),
        {"url": "/listings.json"},
        title="Machine Learning Intern",
        url="https://synapse.example/jobs/ml-intern",
        company="Synapse",
        work_mode="remote",
        skills={"machine learning"},
    ),
    case(
        "simplify-url-dup",
        "simplify",
        _simplify(
            "5a0c-05",
            "Nimbus Cloud",
            "Software Engineer Intern - Summer 2025",
            "https://boards.greenhouse.io/nimbus/jobs/4100000007?utm_source=Simplify&ref=simplify",
            ["Toronto, ON"],
        ),
        {"url": "/listings.json"},
        title="Software Engineer Intern - Summer 2025",
        url="https://boards.greenhouse.io/nimbus/jobs/4100000007?utm_source=Simplify&ref=simplify",
        company="Nimbus Cloud",
        work_mode="unknown",
        skills=set(),
    ),
    # --- We Work Remotely RSS items: "Company: Job title"
    case(
        "wwr-rails",
        "weworkremotely",
        _wwr(
            "Basecamp: Senior Ruby on Rails Programmer",
            "https://weworkremotely.com/remote-jobs/basecamp-senior-ruby-on-rails-programmer",
            "<p>Hotwire and Stimulus on top of MySQL.</p>",
            skills="Ruby, Rails, MySQL",
        ),
        {},
        title="Senior Ruby on Rails Programmer",
        url="https://weworkremotely.com/remote-jobs/basecamp-senior-ruby-on-rails-programmer",
        company="Basecamp",
        work_mode="remote",
        skills={"ruby", "rails", "mysql"},
    ),
    case(
        "wwr-no-company",
        "weworkremotely",
        _wwr("Senior Engineer", "https://weworkremotely.com/remote-jobs/x", "<p>x</p>"),
        {},
        drop="title is not 'Company: Job title'",
    ),
]

# A second batch, written after the first had been scored (its first run is in the report).
CASES += [
    case(
        "gh-double-escaped",
        "greenhouse",
        _greenhouse(
            4100000008,
            "Frontend Engineer (React)",
            "https://boards.greenhouse.io/nimbus/jobs/4100000008",
            "Remote, Canada",
            "<p>React&amp;nbsp;18, Redux and Storybook; a11y matters.</p>",
            metadata=[("Workplace Type", "Remote")],
            company_name="Nimbus Cloud",
        ),
        GH,
        title="Frontend Engineer (React)",
        url="https://boards.greenhouse.io/nimbus/jobs/4100000008",
        company="Nimbus Cloud",
        work_mode="remote",
        skills={"react", "redux", "storybook"},
    ),
    case(
        "lever-no-hosted-url",
        "lever",
        _lever(
            "c3d4e5f6-0008",
            "Platform Engineer",
            "Berlin",
            "hybrid",
            "<p>Operate Kafka on Kubernetes; write tooling in Go.</p>",
            hosted=None,
            site="orbital",
        ),
        LEVER,
        title="Platform Engineer",
        url="https://jobs.lever.co/orbital/c3d4e5f6-0008",
        company="Orbital Labs",
        work_mode="hybrid",
        skills={"kafka", "kubernetes", "go"},
    ),
    case(
        "ashby-secondary",
        "ashby",
        {
            **_ashby(
                "0f3c-07",
                "Security Engineer",
                "London",
                "<p>Threat modelling, OWASP, Python scripting, AWS IAM.</p>",
                workplace="OnSite",
                compensation=_salary_component(90000, 120000, "GBP"),
            ),
            "secondaryLocations": [{"location": "Dublin", "address": {}}],
        },
        ASHBY,
        title="Security Engineer",
        url="https://jobs.ashbyhq.com/lumen/0f3c-07",
        company="Lumen Analytics",
        work_mode="on-site",
        salary=(90000, 120000, "GBP", "year"),
        skills={"owasp", "python", "aws"},
    ),
    case(
        "remoteok-numeric-id",
        "remoteok",
        {
            **_remoteok(
                1100007,
                "Senior Golang Engineer",
                "Gophercorp",
                ["golang", "postgres", "senior"],
                "<p>Microservices in Go with gRPC.</p>",
                smin=150000,
                smax=190000,
            ),
            "id": 1100007,
        },
        title="Senior Golang Engineer",
        url="https://remoteok.com/remote-jobs/remote-senior-golang-engineer-gophercorp-1100007",
        company="Gophercorp",
        work_mode="remote",
        salary=(150000, 190000, "USD", "year"),
        skills={"go", "postgresql", "microservices", "grpc"},
    ),
    case(
        "remotive-worldwide",
        "remotive",
        _remotive(
            2000007,
            "DevRel Engineer",
            "Stackly",
            ["javascript", "developer relations"],
            "<p>Write demos in JavaScript and Python; speak at conferences.</p>",
            salary="",
            region="Worldwide",
        ),
        title="DevRel Engineer",
        url="https://remotive.com/remote-jobs/software-dev/devrel-engineer-2000007",
        company="Stackly",
        work_mode="remote",
        skills={"javascript", "python"},
    ),
    case(
        "arbeitnow-escaped",
        "arbeitnow",
        _arbeitnow(
            "backend-entwickler-leipzig-300006",
            "Backend Entwickler (w/m/d)",
            "Messeblick",
            "Leipzig",
            False,
            "&lt;p&gt;Node.js, TypeScript und PostgreSQL.&lt;/p&gt;",
            ["Backend"],
        ),
        title="Backend Entwickler",
        url="https://www.arbeitnow.com/jobs/companies/messeblick/backend-entwickler-leipzig-300006",
        company="Messeblick",
        work_mode="on-site",
        skills={"nodejs", "javascript", "typescript", "postgresql"},
    ),
    case(
        "hn-euro",
        "hackernews",
        _hn(
            4300005,
            "Fjord Labs | Senior Data Engineer | Oslo, Norway | Hybrid | €90k - €110k<p>Python, dbt and "
            "Snowflake; some Terraform.</p>",
        ),
        title="Senior Data Engineer",
        url="https://news.ycombinator.com/item?id=4300005",
        company="Fjord Labs",
        work_mode="hybrid",
        salary=(90000, 110000, "EUR", "year"),
        skills={"python", "dbt", "sql", "snowflake", "terraform"},
    ),
    case(
        "jobicy-spaces",
        "jobicy",
        _jobicy(
            120007, "Senior  DevOps  Engineer", "Cloudnine", "<p>AWS, Terraform and Datadog.</p>", geo="USA,  Canada"
        ),
        title="Senior DevOps Engineer",
        url="https://jobicy.com/jobs/120007-senior--devops--engineer",
        company="Cloudnine",
        work_mode="remote",
        skills={"aws", "terraform", "datadog"},
    ),
    case(
        "himalayas-ms",
        "himalayas",
        {
            **_himalayas(
                "https://himalayas.app/companies/orbit/jobs/android-engineer",
                "Android Engineer",
                "Orbit",
                "<p>Kotlin, Jetpack Compose and Espresso tests.</p>",
            ),
            "pubDate": EPOCH * 1000,
        },
        title="Android Engineer",
        url="https://himalayas.app/companies/orbit/jobs/android-engineer",
        company="Orbit",
        work_mode="remote",
        skills={"android", "kotlin", "jetpack compose", "espresso"},
    ),
    case(
        "sr-no-flags",
        "smartrecruiters",
        {
            **_smartrecruiters("744000005", "Frontend Developer", "Bern", "ch"),
            "location": {"city": "Bern", "country": "ch"},
        },
        SR,
        title="Frontend Developer",
        url="https://jobs.smartrecruiters.com/Vertexa/744000005",
        company="Vertexa GmbH",
        work_mode="unknown",
        skills=set(),
    ),
    case(
        "workable-no-flag",
        "workable",
        {
            **_workable("AB12CD34F4", "QA Engineer", None, "Sofia", "Bulgaria", "<p>Selenium and Java.</p>"),
            "telecommuting": None,
        },
        WORKABLE,
        title="QA Engineer",
        url="https://apply.workable.com/j/AB12CD34F4",
        company="Acme Analytics",
        work_mode="unknown",
        skills={"selenium", "java"},
    ),
    case(
        "recruitee-monthly",
        "recruitee",
        _recruitee(
            506,
            "data-analyst",
            "Data Analyst",
            "Eindhoven, Netherlands",
            "<p>SQL and Tableau dashboards.</p>",
            flags=(False, False, True),
            pay=("4000", "5000", "EUR", "month"),
        ),
        RECRUITEE,
        title="Data Analyst",
        url="https://acmehealth.recruitee.com/o/data-analyst",
        company="Acme Health",
        work_mode="on-site",
        salary=(4000, 5000, "EUR", "month"),
        skills={"sql", "tableau"},
    ),
    case(
        "muse-offices",
        "themuse",
        _muse(9006, "Site Reliability Engineer", ["Boston, MA", "Austin, TX"], "<p>Linux, Ansible and Prometheus.</p>"),
        title="Site Reliability Engineer",
        url="https://www.themuse.com/jobs/acme/site-reliability-engineer",
        company="Acme",
        work_mode="unknown",
        skills={"linux", "ansible", "prometheus"},
    ),
    case(
        "simplify-hidden",
        "simplify",
        {**_simplify("5a0c-06", "Acme", "Intern", "https://acme.example/jobs/1", ["Remote"]), "is_visible": False},
        {"url": "/listings.json"},
        drop="hidden",
    ),
    case(
        "wwr-usa-only",
        "weworkremotely",
        _wwr(
            "Lattice: Staff Backend Engineer (Python)",
            "https://weworkremotely.com/remote-jobs/lattice-staff-backend",
            "<p>Django, Celery, PostgreSQL and Redis.</p>",
            region="USA Only",
            skills="Python, Django",
        ),
        {},
        title="Staff Backend Engineer (Python)",
        url="https://weworkremotely.com/remote-jobs/lattice-staff-backend",
        company="Lattice",
        work_mode="remote",
        skills={"python", "django", "celery", "postgresql", "redis"},
    ),
]

# (case a, case b, the same job?): the same canonical URL, or the same company, title and place
# from two sources within 7 days, is one job; another city or a month apart is another opening.
DUPLICATES = [
    ("gh-dup-a", "lever-dup-b", True),  # Greenhouse and Lever, same company/title/place, 2 days apart
    ("gh-url-dup", "simplify-url-dup", True),  # one Greenhouse page, tracking parameters aside
    ("remotive-dup", "remoteok-dup", True),  # title spacing differs, same company and region, 2 days apart
    ("simplify-seattle", "simplify-nyc", False),  # the same title in another city is another opening
    ("ashby-old-twin", "jobicy-old-twin", False),  # same company/title/place, 40 days apart: a new opening
    ("lever-dup-b", "sr-onsite", False),  # unrelated postings stay apart
]
