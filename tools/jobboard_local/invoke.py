"""Invoke a function as Lambda would, without Docker: the template's handler, code, layer and env."""

from __future__ import annotations

import importlib.util
import os
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass

from jobboard_local.environment import LocalStack
from jobboard_local.template import FunctionSpec


@dataclass
class LambdaContext:
    """The attributes of Lambda's context object that handlers and Powertools read."""

    function_name: str
    memory_limit_in_mb: int
    timeout_seconds: int
    aws_request_id: str
    invoked_function_arn: str
    function_version: str = "$LATEST"
    log_group_name: str = ""
    log_stream_name: str = "local"

    def __post_init__(self):
        self._deadline = time.monotonic() + self.timeout_seconds

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


# Watchers wrap every invocation's handler call (after the handler is loaded): `jobboard cost`
# meters each one (duration, AWS requests, log bytes) through this.
Watcher = Callable[[FunctionSpec, dict], AbstractContextManager]
_watchers: list[Watcher] = []


@contextmanager
def watching(watcher: Watcher) -> Iterator[None]:
    """While inside, `watcher(spec, event)` is entered around each handler call."""
    _watchers.append(watcher)
    try:
        yield
    finally:
        _watchers.remove(watcher)


def find_function(stack: LocalStack, name: str) -> FunctionSpec:
    """By logical id ("ScrapeFunction") or short name ("scrape")."""
    specs = stack.functions
    for candidate in (name, f"{name[:1].upper()}{name[1:]}Function"):
        if candidate in specs:
            return specs[candidate]
    raise KeyError(f"no function {name!r} in template.yaml; functions: {', '.join(sorted(specs))}")


def load_handler(spec: FunctionSpec):
    """Import the handler module from its CodeUri under a name of its own, as Lambda's runtime does."""
    module_name, _, function_name = spec.handler.rpartition(".")
    path = spec.code_uri / f"{module_name.replace('.', '/')}.py"
    unique = f"lambda_{spec.logical_id}_{module_name}"
    if unique not in sys.modules:
        module_spec = importlib.util.spec_from_file_location(unique, path)
        if module_spec is None or module_spec.loader is None:
            raise ImportError(f"cannot load {path} (handler {spec.handler} of {spec.logical_id})")
        module = importlib.util.module_from_spec(module_spec)
        sys.modules[unique] = module
        module_spec.loader.exec_module(module)
    return getattr(sys.modules[unique], function_name)


def invoke(stack: LocalStack, spec: FunctionSpec, event: dict):
    env = stack.function_env(spec)
    env.setdefault("AWS_LAMBDA_FUNCTION_NAME", spec.logical_id)
    context = LambdaContext(
        function_name=spec.logical_id,
        memory_limit_in_mb=spec.memory,
        timeout_seconds=spec.timeout,
        aws_request_id=str(uuid.uuid4()),
        invoked_function_arn=f"arn:aws:lambda:{os.environ.get('AWS_DEFAULT_REGION', 'us-east-1')}:123456789012:function:{spec.logical_id}",
    )
    # This process plays the function's environment: its variables stay set (functions that
    # run side by side, e.g. refresh and the stream's stats, share the same values).
    os.environ.update(env)
    from jobboard.runtime import runtime

    global _runtime_inputs
    inputs = _inputs_of_runtime(env)
    if inputs != _runtime_inputs:
        # Built afresh when what it is built from changed (another stack, tables, an edited config);
        # else kept, as a warm function keeps it (a config of 1,000 companies is 0.4 s to load).
        runtime.cache_clear()
        _runtime_inputs = inputs
    handler = load_handler(spec)
    with ExitStack() as watches:
        for watcher in list(_watchers):
            watches.enter_context(watcher(spec, event))
        return handler(event, context)


_runtime_inputs: tuple | None = None


def _inputs_of_runtime(env: dict[str, str]) -> tuple:
    """What jobboard.runtime builds from: the config file (and its last change), its source, the tables."""
    config = env.get("JOBBOARD_CONFIG", "")
    try:
        changed = os.stat(config).st_mtime_ns
    except OSError:
        changed = None
    names = ("JOBBOARD_CONFIG_SOURCE", "POSTINGS_TABLE", "BOARDS_TABLE", "AWS_ENDPOINT_URL")
    return (config, changed, *(os.environ.get(name) for name in names))
