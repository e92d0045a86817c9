"""Links: only http(s) URLs are kept; canonical forms drop tracking parameters, and a job's identity
reads the ATS job id out of any of its links (for dedup)."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Parameters that say where a visitor came from, never which job it is (gh_jid is kept: it is the job).
_TRACKING_PREFIXES = ("utm_", "mc_", "_hs", "pk_", "lever-")
_TRACKING_NAMES = frozenset(
    {
        "ref",
        "referrer",
        "referer",
        "source",
        "src",
        "gh_src",
        "trk",
        "trkid",
        "trackingid",
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "igshid",
        "yclid",
        "_ga",
        "campaign",
        "medium",
        "iis",
        "iisn",
        "trid",  # SmartRecruiters' tracking id
    }
)


_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f]")  # \s on str: what str.isspace() calls whitespace
# The common case, decided without urlsplit: http(s), then a host of plain letters, digits, dots and
# dashes (no user, port or brackets) ending at the path, query, fragment or the end. urlsplit reads
# such a URL as exactly that scheme and that (non-empty) host, so http_url would keep it.
_PLAIN_HTTP = re.compile(r"[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9.-]+(?:[/?#]|\Z)")


# Such a URL with nothing to strip, decode or refuse after the host (no whitespace, control or '&'):
# http_url would return it unchanged, so it is decided with one match.
_PLAIN_WHOLE = re.compile(r"[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9.-]+(?:[/?#][^\s\x00-\x1f&]*)?")


def http_url(value) -> str | None:
    """The URL if it is an absolute http(s) URL with a host (entities decoded), else None."""
    if not isinstance(value, str):
        return None
    if _PLAIN_WHOLE.fullmatch(value):
        return value
    candidate = html.unescape(value.strip())
    if not candidate or _SPACE_OR_CONTROL.search(candidate):
        return None
    if _PLAIN_HTTP.match(candidate):
        return candidate
    try:
        parts = urlsplit(candidate)
        parts.port  # noqa: B018 — raises ValueError for a malformed port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return candidate


def with_lowercase_host(url: str) -> str:
    """The same URL with its scheme and host lower-cased ("https://remoteOK.com/x" -> "https://remoteok.com/x")."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, parts.query, parts.fragment))


# A URL urlsplit would read as scheme, a plain host (no user, port, brackets), path, query and fragment.
_PLAIN_PARTS = re.compile(
    r"[A-Za-z][A-Za-z0-9+.-]*://([A-Za-z0-9.-]+)(/[^?#\t\r\n]*)?(?:\?([^#\t\r\n]*))?(?:#[^\t\r\n]*)?"
)


def canonical_url(url: str) -> str:
    """One form per job page: https, lowercase host without www. or default port, no fragment,
    no trailing slash, no tracking parameters, remaining parameters sorted."""
    plain = _PLAIN_PARTS.fullmatch(url.strip())
    if plain:  # the common cases, without urlsplit and parse_qsl
        host, path, query = plain[1].lower().removeprefix("www."), (plain[2] or "").rstrip("/") or "/", plain[3]
        if not query or _only_tracking(query):
            return f"https://{host}{path}"
        if _PLAIN_QUERY.fullmatch(query):
            fields = (field.partition("=")[::2] for field in query.split("&") if field)
            kept = sorted((name, value) for name, value in fields if not _is_tracking(name))
            return f"https://{host}{path}?" + "&".join(f"{name}={value}" for name, value in kept)
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").removeprefix("www.")
    port = parts.port if parts.port not in (None, 80, 443) else None  # the scheme becomes https anyway
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    path = parts.path.rstrip("/") or "/"
    netloc = f"{host}:{port}" if port else host
    return urlunsplit(("https", netloc, path, urlencode(sorted(query)), ""))


# A query of name=value fields (at most one '=' each) in characters parse_qsl leaves as they are and
# urlencode writes back unchanged: its canonical form is those fields, tracking ones dropped, sorted.
_PLAIN_QUERY = re.compile(r"[A-Za-z0-9_.~-]*(?:=[A-Za-z0-9_.~-]*)?(?:&[A-Za-z0-9_.~-]*(?:=[A-Za-z0-9_.~-]*)?)*")


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING_NAMES or lowered.startswith(_TRACKING_PREFIXES)


def _only_tracking(query: str) -> bool:
    """Whether parse_qsl would find only tracking parameters (or none) in the query; a name it
    would decode ('%', '+') is left to it."""
    for field in query.split("&"):
        name = field.partition("=")[0]
        if field and ("%" in name or "+" in name or not _is_tracking(name)):
            return False
    return True


# The job an applicant-tracking system's link is about, whatever host, board or page shows it:
# Greenhouse (boards. and job-boards. hosts, the embed form, and any careers page with ?gh_jid=),
# Lever and Ashby (the posting and its application page; ?ashby_jid= on a careers page),
# SmartRecruiters (the id, with or without its slug), Workable (with or without the account),
# Recruitee (the offer and its apply page), and the ATSs employers' own lists link most: Workday
# (with or without the locale, the job or details page, /apply), iCIMS, Personio, Teamtailor,
# Breezy, Jobvite, Rippling and BambooHR. Matched on the canonical form (https, lowercase host,
# tracking parameters gone, query sorted); each named group is a job id, an *_account one the
# employer's account its ids are unique in.
_ATS_JOB = re.compile(
    r"https://(?:"
    r"(?:job-)?boards(?:\.eu)?\.greenhouse\.io/(?:[^/?]+/jobs/(?P<greenhouse>\d+)"
    r"|embed/job_app\?(?:[^#]*&)?token=(?P<greenhouse_embed>\d+))"
    r"|jobs(?:\.eu)?\.lever\.co/[^/?]+/(?P<lever>[0-9a-fA-F-]{36})"
    r"|jobs\.ashbyhq\.com/[^/?]+/(?P<ashby>[0-9a-fA-F-]{36})"
    r"|(?:jobs|careers)\.smartrecruiters\.com/[^/?]+/(?P<smartrecruiters>\d+)(?:-[^/?]*)?"
    r"|apply\.workable\.com/(?:[^/?]+/)?j/(?P<workable>[0-9A-Za-z]+)"
    r"|(?P<recruitee_account>[a-z0-9-]+)\.recruitee\.com/o/(?P<recruitee>[^/?#]+)"
    r"|(?P<workday_account>[a-z0-9-]+)\.wd\d+\.myworkdayjobs\.com/(?:[a-zA-Z]{2}-[a-zA-Z]{2}/)?[^/?]+/"
    r"(?:job/[^/?]+|details)/[^/?]*_(?P<workday>[A-Za-z0-9-]+)"
    r"|(?P<icims_account>[a-z0-9-]+)\.icims\.com/jobs/(?P<icims>\d+)"
    r"|(?P<personio_account>[a-z0-9-]+)\.jobs\.personio\.(?:de|com)/job/(?P<personio>\d+)"
    r"|(?P<teamtailor_account>[a-z0-9-]+)\.teamtailor\.com/(?:[a-z]{2}/)?jobs/(?P<teamtailor>\d+)(?:-[^/?]*)?"
    r"|(?P<breezy_account>[a-z0-9-]+)\.breezy\.hr/p/(?P<breezy>[0-9a-fA-F]{12})(?:-[^/?]*)?"
    r"|jobs\.jobvite\.com/[^/?]+/job/(?P<jobvite>[A-Za-z0-9]+)"
    r"|ats\.rippling\.com/(?:[^/?]+/)*jobs/(?P<rippling>[0-9a-fA-F-]{36})"
    r"|(?P<bamboohr_account>[a-z0-9-]+)\.bamboohr\.com/(?:careers/(?P<bamboohr>\d+)"
    r"|jobs/view\.php\?(?:[^#]*&)?id=(?P<bamboohr_view>\d+))"
    r")(?:[/?&]|\Z)"
)
_JOB_ID_PARAMETER = re.compile(r"[?&](gh_jid|ashby_jid)=([0-9A-Za-z-]+)")
# A matched group -> the ATS it names; ids of these ATSs are read without regard to case.
_ATS_OF_GROUP = {
    "greenhouse_embed": "greenhouse",
    "bamboohr_view": "bamboohr",
    "gh_jid": "greenhouse",
    "ashby_jid": "ashby",
}
_ANY_CASE = frozenset({"lever", "ashby", "workable", "workday", "breezy", "rippling"})
_IN_ACCOUNT = frozenset({"recruitee", "workday", "icims", "personio", "teamtailor", "breezy", "bamboohr"})


def job_identity(url: str) -> tuple[str, str | None]:
    """The page a link shows (its canonical URL) and, for an ATS link, the job: "<ats>:<job id>"
    ("greenhouse:4012345170", "workday:acme/JR123"), the same for every link to that job (tracking
    parameters, the apply page, another host or the employer's page with ?gh_jid=); None for any
    other link, whose page says nothing of which job is on it."""
    canonical = canonical_url(url)
    found = _ATS_JOB.match(canonical)
    if found:
        group = found.lastgroup or ""
        ats = _ATS_OF_GROUP.get(group, group)
        job = found[group].lower() if ats in _ANY_CASE else found[group]
        return canonical, f"{ats}:{found[ats + '_account']}/{job}" if ats in _IN_ACCOUNT else f"{ats}:{job}"
    if "_jid=" in canonical:
        parameter = _JOB_ID_PARAMETER.search(canonical)
        if parameter:
            ats = _ATS_OF_GROUP[parameter[1]]
            return canonical, f"{ats}:{parameter[2].lower() if ats in _ANY_CASE else parameter[2]}"
    return canonical, None
