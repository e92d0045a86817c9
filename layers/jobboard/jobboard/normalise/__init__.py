"""Normalisation shared by every adapter: text, work mode, salary, skills, country, dates,
employment type, links, and defensive readers for raw values (`raw`)."""
