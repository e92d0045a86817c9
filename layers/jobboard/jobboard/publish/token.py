"""Where the GitHub credential comes from, and which publisher that implies.

Deployed, the token is an SSM SecureString parameter (GITHUB_TOKEN_PARAMETER: free, decrypted with
the AWS-managed key) or, when the operator gives one, a Secrets Manager secret
(GITHUB_TOKEN_SECRET), read through Powertools' parameters and cached while the function stays
warm. Locally it is GITHUB_TOKEN.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from aws_lambda_powertools.utilities.parameters import GetParameterError

from jobboard import aws_clients

DEFAULT_API_URL = "https://api.github.com"
PARAMETER_ENV = "GITHUB_TOKEN_PARAMETER"
SECRET_ENV = "GITHUB_TOKEN_SECRET"
TOKEN_MAX_AGE_SECONDS = 300  # a rotated token reaches warm functions within this


class TokenError(ValueError):
    """No usable GitHub token; the message says how to put one in place."""


def token_fix() -> str:
    """How to put a (valid) token where this function reads it."""
    secret_name, parameter_name = os.environ.get(SECRET_ENV), os.environ.get(PARAMETER_ENV)
    if secret_name:
        return f"put the token with aws secretsmanager put-secret-value --secret-id {secret_name} --secret-string TOKEN"
    if parameter_name:
        return (
            f"put the token with aws ssm put-parameter --name {parameter_name} --type SecureString "
            "--overwrite --value TOKEN"
        )
    return "set GITHUB_TOKEN to a token with Contents read and write on the board repositories"


def github_token() -> str | None:
    """The token from the secret (GITHUB_TOKEN_SECRET), else the parameter (GITHUB_TOKEN_PARAMETER),
    else env GITHUB_TOKEN, else None. The stored value may be the token itself or JSON {"token": "..."}."""
    secret_name, parameter_name = os.environ.get(SECRET_ENV), os.environ.get(PARAMETER_ENV)
    try:
        if secret_name:
            where = f"secret {secret_name}"
            value = aws_clients.secrets().get(secret_name, max_age=TOKEN_MAX_AGE_SECONDS)
        elif parameter_name:
            where = f"parameter {parameter_name}"
            value = aws_clients.ssm_parameters().get(parameter_name, max_age=TOKEN_MAX_AGE_SECONDS, decrypt=True)
        else:
            return os.environ.get("GITHUB_TOKEN") or None
    except GetParameterError as exc:
        code, message = aws_clients.error_code(exc), aws_clients.error_message(exc)
        if code == "ParameterNotFound" or "AWSCURRENT" in message:  # not created yet; a secret without a value
            raise TokenError(f"{where} holds no GitHub token yet: {token_fix()}") from None
        raise TokenError(f"cannot read the GitHub token from {where} ({code or 'error'}: {message})") from None
    return _token_in(where, value)


def _token_in(where: str, value: str | bytes | dict | None) -> str:
    """The token in a stored value; a configured secret or parameter without one is an error, never a fallback."""
    text = (value.decode("utf-8") if isinstance(value, bytes) else str(value or "")).strip()
    if text.startswith("{"):
        try:
            text = str(json.loads(text).get("token") or "").strip()
        except (ValueError, AttributeError):
            raise TokenError(f"{where} looks like JSON but does not parse") from None
    if not text:
        raise TokenError(f'{where} holds no GitHub token (expected the token or {{"token": ...}}): {token_fix()}')
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


LOCAL_GITHUB_ENV = "JOBBOARD_LOCAL_GITHUB"  # local runs without a token: the GitHub stand-in's API URL


def github_client_from_env():
    """The GitHub API client for calls other than publishing (issues): with the token as above, else
    the local GitHub stand-in (JOBBOARD_LOCAL_GITHUB, set by local runs without a token)."""
    from jobboard.publish.github import GitHubPublisher

    token = github_token()
    if token:
        return GitHubPublisher(os.environ.get("GITHUB_API_URL") or DEFAULT_API_URL, token, token_fix=token_fix())
    local = os.environ.get(LOCAL_GITHUB_ENV)
    if local:
        return GitHubPublisher(local, "local-standin")
    raise TokenError(f"no GitHub token: {token_fix()}")
