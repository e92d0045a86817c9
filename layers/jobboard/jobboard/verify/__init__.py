"""Link verification: is a shown posting's apply link still open? (Issue 18.)

verdict.py: the answer for one link. check.py: one link checked (per-ATS job APIs, JSON-LD,
status, redirects, closed-page text), precision before recall: anything ambiguous is `unknown`.
"""
