"""Readers' contributions through issue forms: add a job, correct one, report one closed (issue 19)."""
