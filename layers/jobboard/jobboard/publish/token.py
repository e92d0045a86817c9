"""Where the GitHub credential comes from, and which publisher that implies.

Imports are lazy: a cold start that publishes locally never loads requests.
"""

from __future__ import annotations

import json
import os
import time
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
    from botocore.exceptions import BotoCoreError, ClientError

    from jobboard.aws_clients import error_code, error_message

    try:
        value = _secret_value(secret_name)
    except ClientError as exc:
        if "AWSCURRENT" in error_message(exc):  # the secret exists but was created without a value
            raise TokenError(f"secret {secret_name} holds no GitHub token yet: {token_fix()}") from None
        raise TokenError(
            f"cannot read the GitHub token from secret {secret_name} ({error_code(exc) or 'error'}: {error_message(exc)})"
        ) from None
    except BotoCoreError as exc:
        raise TokenError(f"cannot read the GitHub token from secret {secret_name} ({exc})") from None
    return token_from_secret(secret_name, value)


SECRET_MAX_AGE = 300.0  # seconds a fetched secret is reused while the function stays warm
_secrets: dict[str, tuple[float, str | bytes | None]] = {}  # name -> (fetched at, value)


def _secret_value(name: str) -> str | bytes | None:
    """The secret's value, cached for SECRET_MAX_AGE."""
    fetched = _secrets.get(name)
    if fetched and time.monotonic() - fetched[0] < SECRET_MAX_AGE:
        return fetched[1]
    from jobboard import aws_clients

    answer = aws_clients.client("secretsmanager").get_secret_value(SecretId=name)
    value: str | bytes | None = answer.get("SecretString", answer.get("SecretBinary"))
    _secrets[name] = (time.monotonic(), value)
    return value


def clear_secret_cache() -> None:
    """Forget fetched secrets (tests; a changed environment)."""
    _secrets.clear()


def token_from_secret(secret_name: str, value: str | bytes | None) -> str:
    """The token in a secret's value; a configured secret without one is an error, never a fallback."""
    text = (value.decode("utf-8") if isinstance(value, bytes) else value or "").strip()
    if text.startswith("{"):
        try:
            text = str(json.loads(text).get("token") or "").strip()
        except (ValueError, AttributeError):
            raise TokenError(f"secret {secret_name} looks like JSON but does not parse") from None
    if not text:
        raise TokenError(
            f'secret {secret_name} holds no GitHub token (expected the token or {{"token": ...}}): {token_fix()}'
        )
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
