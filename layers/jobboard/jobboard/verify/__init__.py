"""Link verification: is a shown posting's apply link still open? (Issue 18.)

verdict.py: the answer for one link. check.py: one link checked (check_link), strongest signal first:
the ATS's own API (rules/<ats>.py), then the page (rules/page.py: status, redirects, JSON-LD,
closed-page text); precision before recall: anything ambiguous is `unknown`. fetch.py: LinkFetcher,
the guarded (SSRF), paced, bounded HTTP it uses. docs/link-checks.md says what is checked and why.
"""
