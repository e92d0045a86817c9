"""Normalisation shared by every adapter: text, work mode, salary, skills, country, dates."""
