"""Where the GitHub credential comes from, and which publisher that implies.

Imports are lazy: a cold start that publishes locally never loads requests or the AWS SDK.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

DEFAULT_API_URL = "https://api.github.com"
SECRET_ENV = "GITHUB_TOKEN_SECRET"


class TokenError(ValueError):
    """No usable GitHub token; the message says how to put one in place."""


def token_fix() -> str:
    """How to put a (valid) token where this function reads it."""
    secret_name = os.environ.get(SECRET_ENV)
    if secret_name:
        return f"put the token with aws secretsmanager put-secret-value --secret-id {secret_name} --secret-string TOKEN"
    return "set GITHUB_TOKEN to a token with Contents read and write on the board repositories"


def github_token() -> str | None:
    """The token from Secrets Manager (GITHUB_TOKEN_SECRET), else env GITHUB_TOKEN, else None.

    The secret may hold the token itself or JSON {"token": "..."}; it is cached for 5 minutes.
    """
    secret_name = os.environ.get(SECRET_ENV)
    if not secret_name:
        return os.environ.get("GITHUB_TOKEN") or None
    from aws_lambda_powertools.utilities import parameters

    try:
        value = parameters.get_secret(secret_name, max_age=300)
    except parameters.exceptions.GetParameterError as exc:
        if "AWSCURRENT" in str(exc):  # the secret exists but was created without a value
            raise TokenError(f"secret {secret_name} holds no GitHub token yet: {token_fix()}") from None
        raise TokenError(f"cannot read the GitHub token from secret {secret_name}: {exc}") from None
    return token_from_secret(secret_name, value)


def token_from_secret(secret_name: str, value: str | bytes | None) -> str:
    """The token in a secret's value; a configured secret without one is an error, never a fallback."""
    text = (value.decode("utf-8") if isinstance(value, bytes) else value or "").strip()
    if text.startswith("{"):
        try:
            text = str(json.loads(text).get("token") or "").strip()
        except (ValueError, AttributeError):
            raise TokenError(f"secret {secret_name} looks like JSON but does not parse") from None
    if not text:
        raise TokenError(f"secret {secret_name} holds no GitHub token (expected the token or {{\"token\": ...}}): "
                         f"{token_fix()}")
    return text


def publisher_from_env(local_root: Path | None):
    """GitHubPublisher when a token is configured (GITHUB_API_URL for Enterprise), else
    LocalGitPublisher(local_root), else None (nowhere to publish)."""
    token = github_token()
    if token:
        from jobboard.publish.github import GitHubPublisher

        return GitHubPublisher(os.environ.get("GITHUB_API_URL") or DEFAULT_API_URL, token, token_fix=token_fix())
    if local_root is None:
        return None
    from jobboard.publish.localgit import LocalGitPublisher

    return LocalGitPublisher(Path(local_root))
