"""The deployed configuration's text: an S3 object or SSM parameter (the stack's ConfigSource), else a file.

A fork deploys its own lists by pointing ConfigSource at them, without editing the layer:
`s3://bucket/key` (any size) or `ssm:/parameter/name` (up to 8 KB as an advanced parameter).
Empty means the jobboard.yaml bundled in the layer (JOBBOARD_CONFIG). A parameter is read through
Powertools' parameters (cached for the config's max age); an object through boto3 (Powertools has
no S3 provider), the loaded config itself being kept for that long (runtime.Runtime.config).
"""

from __future__ import annotations

import os

from aws_lambda_powertools.utilities.parameters import GetParameterError
from botocore.exceptions import BotoCoreError, ClientError

from jobboard import aws_clients
from jobboard.config import ConfigError
from jobboard.runtime import CONFIG_MAX_AGE_SECONDS

CONFIG_SOURCE_ENV = "JOBBOARD_CONFIG_SOURCE"


def configured_source() -> str | None:
    return os.environ.get(CONFIG_SOURCE_ENV, "").strip() or None


def read_source(source: str) -> str:
    """The text stored at `source`; a missing object or a denied read is a ConfigError naming it."""
    try:
        if source.startswith("s3://"):
            bucket, _, key = source.removeprefix("s3://").partition("/")
            if not bucket or not key:
                raise ConfigError(f"ConfigSource {source!r}: expected s3://BUCKET/KEY")
            return _s3_object(source, bucket, key).decode("utf-8")
        if source.startswith("ssm:"):
            name = source.removeprefix("ssm:")
            if not name:
                raise ConfigError(f"ConfigSource {source!r}: expected ssm:/PARAMETER/NAME")
            return str(aws_clients.ssm_parameters().get(name, max_age=CONFIG_MAX_AGE_SECONDS, decrypt=True))
    except (ClientError, GetParameterError) as exc:
        raise ConfigError(
            f"ConfigSource {source}: cannot read the configuration "
            f"({aws_clients.error_code(exc) or 'error'}: {aws_clients.error_message(exc)})"
        ) from None
    except (BotoCoreError, UnicodeDecodeError) as exc:
        raise ConfigError(f"ConfigSource {source}: cannot read the configuration ({exc})") from None
    raise ConfigError(
        f"ConfigSource {source!r}: expected s3://BUCKET/KEY or ssm:/PARAMETER/NAME "
        "(or empty for the bundled jobboard.yaml)"
    )


def _s3_object(source: str, bucket: str, key: str) -> bytes:
    return aws_clients.client("s3").get_object(Bucket=bucket, Key=key)["Body"].read()
