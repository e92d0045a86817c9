"""jobboard: job-list boards on GitHub, kept up to date from public job sources."""
