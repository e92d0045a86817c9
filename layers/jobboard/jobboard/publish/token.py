"""Where the GitHub credential comes from, and which publisher that implies.

Imports are lazy: a cold start that publishes locally never loads requests or the AWS SDK.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

DEFAULT_API_URL = "https://api.github.com"


def github_token() -> str | None:
    """The token from Secrets Manager (GITHUB_TOKEN_SECRET), else env GITHUB_TOKEN, else None.

    The secret may hold the token itself or JSON {"token": "..."}; it is cached for 5 minutes.
    """
    secret_name = os.environ.get("GITHUB_TOKEN_SECRET")
    if not secret_name:
        return os.environ.get("GITHUB_TOKEN") or None
    from aws_lambda_powertools.utilities import parameters

    return token_from_secret(secret_name, parameters.get_secret(secret_name, max_age=300))


def token_from_secret(secret_name: str, value: str | bytes | None) -> str:
    """The token in a secret's value; a configured secret without one is an error, never a fallback."""
    text = (value.decode("utf-8") if isinstance(value, bytes) else value or "").strip()
    if text.startswith("{"):
        try:
            text = str(json.loads(text).get("token") or "").strip()
        except (ValueError, AttributeError):
            raise ValueError(f"secret {secret_name} looks like JSON but does not parse") from None
    if not text:
        raise ValueError(f"secret {secret_name} holds no GitHub token (expected the token or {{\"token\": ...}})")
    return text


def publisher_from_env(local_root: Path | None):
    """GitHubPublisher when a token is configured (GITHUB_API_URL for Enterprise), else
    LocalGitPublisher(local_root), else None (nowhere to publish)."""
    token = github_token()
    if token:
        from jobboard.publish.github import GitHubPublisher

        return GitHubPublisher(os.environ.get("GITHUB_API_URL") or DEFAULT_API_URL, token)
    if local_root is None:
        return None
    from jobboard.publish.localgit import LocalGitPublisher

    return LocalGitPublisher(Path(local_root))
