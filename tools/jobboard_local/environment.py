"""The local stand-in for a deployed stack: AWS endpoint, tables from template.yaml, function env.

Without AWS_ENDPOINT_URL an embedded moto server is started and the tables' contents are
kept in `<out>/.local/dynamodb.json.gz` between runs (moto keeps nothing), so a second
`make run` sees the first one's data, as a deployed stack would.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import boto3

from jobboard_local.lambda_standin import ENDPOINT_ENV, LambdaStandin
from jobboard_local.stream import StreamPump, table_stream_arn
from jobboard_local.template import FunctionSpec, create_queues, create_tables, functions, load_template, queues, tables
from jobboard import aws_clients

STACK_NAME = "jobboard-local"
STATE_FILE = Path(".local") / "dynamodb.json.gz"  # the embedded tables' contents, under the out folder
FAKE_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local", "AWS_SESSION_TOKEN": "local"}


@dataclass
class LocalStack:
    out_dir: Path
    endpoint: str
    embedded: bool
    template: dict
    table_names: dict[str, str]
    config_path: Path
    extra_env: dict[str, str] = field(default_factory=dict)
    queue_urls: dict[str, str] = field(default_factory=dict)  # logical id -> local queue URL
    lambda_standin: LambdaStandin | None = None  # the functions' asynchronous invocations
    sample: bool = False  # sources answered by the bundled recordings
    unchanged: bool = False  # set when a pass wrote nothing: the saved state is still current
    moto_server: Any = None  # the embedded ThreadedMotoServer, if this stack started one
    source_server: Any = None  # the RecordedSourceServer answering the recorded sources (not live)

    @property
    def functions(self) -> dict[str, FunctionSpec]:
        return functions(self.template)

    def client(self, service: str):
        return boto3.client(service, endpoint_url=self.endpoint, region_name=os.environ["AWS_DEFAULT_REGION"])

    def function_env(self, spec: FunctionSpec) -> dict[str, str]:
        """The function's template environment, with references resolved to local values."""
        parameters = self.template.get("Parameters", {})
        resolved = {}
        for name, value in spec.environment.items():
            if isinstance(value, dict) and "Ref" in value:
                ref = value["Ref"]
                value = (
                    self.table_names.get(ref)
                    or self.queue_urls.get(ref)
                    or (ref if ref in self.functions else None)  # a function's name: its logical id here
                    or parameters.get(ref, {}).get("Default", "")
                )
            resolved[name] = str(value)
        resolved["JOBBOARD_CONFIG"] = str(self.config_path)  # the layer's /opt path does not exist here
        if os.environ.get("GITHUB_API_URL"):
            resolved["GITHUB_API_URL"] = os.environ["GITHUB_API_URL"]
        for deployed_token in ("GITHUB_TOKEN_PARAMETER", "GITHUB_TOKEN_SECRET"):
            resolved.pop(deployed_token, None)  # locally the token, if any, comes from GITHUB_TOKEN
        return {**resolved, **self.extra_env}

    @cached_property
    def stream_pump(self) -> StreamPump:
        """One reader per stack, so what it has delivered is never delivered again."""
        dynamodb = self.client("dynamodb")
        arn = table_stream_arn(dynamodb, self.table_names["PostingsTable"])
        batch = next((size for f in self.functions.values() if (size := f.stream_batch_size())), 100)
        return StreamPump(self.client("dynamodbstreams"), arn, batch_size=batch)

    @contextmanager
    def stream_mapping(self, poll_seconds: float = 0.3):
        """While inside, drain the stream into the stats function, as the event source mapping does."""
        import threading

        from jobboard_local.invoke import find_function, invoke

        stats = find_function(self, "stats")
        stop = threading.Event()

        def drain():
            while not stop.wait(poll_seconds):
                self.stream_pump.drain(lambda batch, _ctx: invoke(self, stats, batch))

        worker = threading.Thread(target=drain, daemon=True)
        worker.start()
        try:
            yield
        finally:
            stop.set()
            worker.join()
        # What the body wrote last reaches stats too, as the mapping would deliver it moments later.
        self.stream_pump.drain(lambda batch, _ctx: invoke(self, stats, batch))

    def drain_queue(
        self, spec: FunctionSpec, on_response=lambda records, response: None, max_batches: int | None = None
    ) -> int:
        """Deliver the function's queue to it as the SQS event source mapping does, until empty
        (or `max_batches` batches).

        One invocation at a time (locally there is no concurrency to bound). Messages the function
        reports failed are made visible again at once rather than after the visibility timeout:
        they are retried until the redrive policy moves them to the dead-letter queue.
        """
        from jobboard_local.invoke import invoke

        queue_event = spec.queue_event()
        if queue_event is None:
            raise ValueError(f"{spec.logical_id} has no SQS event in template.yaml")
        logical_id, batch_size = queue_event
        sqs, url = self.client("sqs"), self.queue_urls[logical_id]
        delivered = batches = 0
        while (max_batches is None or batches < max_batches) and (
            messages := sqs.receive_message(
                QueueUrl=url, MaxNumberOfMessages=min(batch_size, 10), AttributeNames=["All"]
            ).get("Messages", [])
        ):
            batches += 1
            records = [
                {
                    "messageId": m["MessageId"],
                    "receiptHandle": m["ReceiptHandle"],
                    "body": m["Body"],
                    "attributes": m.get("Attributes", {}),
                    "messageAttributes": {},
                    "eventSource": "aws:sqs",
                }
                for m in messages
            ]
            response = invoke(self, spec, {"Records": records})
            failed = {f["itemIdentifier"] for f in (response or {}).get("batchItemFailures", [])}
            done = [
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]}
                for i, m in enumerate(messages)
                if m["MessageId"] not in failed
            ]
            if done:  # as the event source mapping does: one DeleteMessageBatch for the batch
                sqs.delete_message_batch(QueueUrl=url, Entries=done)
            for message in messages:
                if message["MessageId"] in failed:
                    sqs.change_message_visibility(
                        QueueUrl=url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0
                    )
            delivered += len(messages)
            on_response(records, response)
        return delivered

    def run_async_invocations(self, say=lambda line: None) -> int:
        """Run the asynchronous invocations the functions made (a refresh run's publish), oldest first.

        A failed one is reported and dropped, as Lambda sends it to the function's failure destination.
        """
        from jobboard_local.invoke import invoke

        ran = 0
        while pending := self.lambda_standin.take() if self.lambda_standin else []:
            for name, event in pending:
                try:
                    result = invoke(self, self.functions[name], event)
                    say(f"[async] {name} {json.dumps(event)} -> {json.dumps(result, default=str)[:300]}")
                except Exception as exc:  # noqa: BLE001 — reported as Lambda logs a function error
                    say(f"[async] {name} {json.dumps(event)} -> error: {exc}")
                ran += 1
        return ran

    def settle(self, say=lambda line: None) -> None:
        """What a deployed stack does in the background, until nothing is left: the scrape queue
        to the scrape function, the stream to the stats function, asynchronous invocations."""
        from jobboard_local.invoke import find_function, invoke

        scrape, stats = find_function(self, "scrape"), find_function(self, "stats")
        while True:
            scraped = self.drain_queue(scrape)
            streamed = self.stream_pump.drain(lambda batch, _ctx: invoke(self, stats, batch))
            ran = self.run_async_invocations(say)
            if scraped:
                say(f"[queue] {scraped} scrape request(s) -> scrape")
            if streamed:
                say(f"[stream] {len(streamed)} batch(es) -> stats")
            if not (scraped or streamed or ran):
                return

    def queue_depth(self, logical_id: str) -> int:
        attributes = self.client("sqs").get_queue_attributes(
            QueueUrl=self.queue_urls[logical_id], AttributeNames=["ApproximateNumberOfMessages"]
        )["Attributes"]
        return int(attributes["ApproximateNumberOfMessages"])

    @property
    def state_file(self) -> Path:
        return self.out_dir / STATE_FILE

    @property
    def stream_position_file(self) -> Path:
        """Where a persistent endpoint's stream was read up to (its tables outlive this process)."""
        return self.out_dir / ".local" / f"stream-{self.table_names['PostingsTable']}.json"

    def save_state(self) -> None:
        """The embedded tables' items, read in-process (moto_standin)."""
        from jobboard_local.moto_standin import dump_items

        state = {logical: dump_items(name) for logical, name in self.table_names.items()}
        self.state_file.parent.mkdir(parents=True, exist_ok=True)
        # DynamoDB JSON as the wire has it (binary values base64); level 1: it is rewritten every run.
        with gzip.open(self.state_file, "wt", encoding="utf-8", compresslevel=1) as handle:
            handle.write(
                json.dumps(state, separators=(",", ":"), default=lambda value: base64.b64encode(value).decode("ascii"))
            )

    def restore_state(self) -> None:
        """Into the embedded tables, without stream records (restored items are not changes)."""
        from jobboard_local.moto_standin import load_items

        if not self.state_file.exists():
            return
        with gzip.open(self.state_file, "rt", encoding="utf-8") as handle:
            state = json.loads(handle.read())
        for logical, items in state.items():
            if logical in self.table_names:
                load_items(self.table_names[logical], items)


@contextmanager
def local_session(config_path: Path, out_dir: Path, live: bool = False, say=print, recorded_links: bool = False):
    """Everything a local run needs: sources (recordings unless live), AWS, GitHub or local git.

    Sample mode serves the bundled recordings on localhost, points every source at them and
    pins the clock to the recordings' date. Without GITHUB_TOKEN boards go to git repos in out/.
    `recorded_links` (`jobboard run` and `jobboard verify`): the recorded apply links are listed on
    a sample board for the link verifier (link_sample.py).
    """
    import yaml

    from jobboard.config import load_config
    from jobboard_local.recorded import SAMPLE_NOW, RecordedSourceServer, load_recording, recording_types
    from jobboard.runtime import OUT_DIR_ENV

    load_config(config_path)  # fail early, naming the key, on a bad file
    with ExitStack() as resources:
        # The functions' variables are set in this process as each is invoked: undone afterwards,
        # so what runs next in the process (a test, another session) starts from what it had.
        resources.callback(_restore_environ, dict(os.environ))
        extra_env = {}
        server = None
        if not live:
            server = resources.enter_context(RecordedSourceServer())
            for kind in recording_types():
                server.add(kind, load_recording(kind))
            link_pages = None
            # The sample board is published to a local repository only.
            if recorded_links and not os.environ.get("GITHUB_TOKEN"):
                from jobboard_local import link_pages as pages
                from jobboard_local.link_sample import SAMPLE_ID, links_recording

                link_pages = resources.enter_context(pages.LinkPagesServer())
                server.add(SAMPLE_ID, links_recording(link_pages.links, pages.RECORDED_AT))
            from jobboard_local.link_sample import offline_fetcher

            resources.enter_context(offline_fetcher())  # a sample run never reaches a live site
            sample = _sample_config(config_path, server, out_dir / ".local" / "jobboard.sample.yaml", yaml, link_pages)
            config_path = sample.path
            if sample.recorded:
                say(
                    f"Sample data: bundled recorded responses served on {server.url} for "
                    f"{', '.join(sample.recorded)} (LIVE=1 / --live fetches the live services)"
                )
            if sample.as_written:
                say(f"Used as written (their own base_url or no recording): {', '.join(sample.as_written)}")
            if sample.links and link_pages is not None:
                say(
                    f"Link verification: {sample.links} recorded apply links served on {link_pages.url} "
                    "(board recorded-links); the recorded sources' own links are not checked"
                )
            if not sample.as_written:
                # Only an all-recorded run pins the clock (unless JOBBOARD_NOW moves it): live
                # postings would look like the future.
                extra_env["JOBBOARD_NOW"] = os.environ.get("JOBBOARD_NOW") or SAMPLE_NOW
        # Function logs are Lambda's JSON lines; locally only warnings are worth the screen.
        extra_env["LOG_LEVEL"] = os.environ.get("LOG_LEVEL", "WARNING")
        extra_env["POWERTOOLS_LOG_LEVEL"] = extra_env["LOG_LEVEL"]
        # Metrics are for CloudWatch; locally the run's report shows the same counts.
        extra_env["POWERTOOLS_METRICS_DISABLED"] = os.environ.get("POWERTOOLS_METRICS_DISABLED", "true")
        if not os.environ.get("GITHUB_TOKEN"):
            extra_env[OUT_DIR_ENV] = str(out_dir.resolve())
            say(f"No GITHUB_TOKEN: boards are committed to local git repositories under {out_dir}/")
        stack = resources.enter_context(local_stack(out_dir, config_path))
        stack.lambda_standin = resources.enter_context(LambdaStandin())
        extra_env[ENDPOINT_ENV] = stack.lambda_standin.url
        stack.extra_env.update(extra_env)
        stack.sample = not live
        stack.source_server = server
        say(f"AWS: {'embedded moto server' if stack.embedded else 'AWS_ENDPOINT_URL'} at {stack.endpoint}")
        yield stack


def _restore_environ(saved: dict[str, str]) -> None:
    for name in set(os.environ) - set(saved):
        del os.environ[name]
    os.environ.update(saved)


@dataclass(frozen=True)
class SampleConfig:
    path: Path
    recorded: list[str]  # source ids answered by a recording
    as_written: list[str]  # source ids left as the user wrote them
    links: int = 0  # recorded apply links listed on the sample board recorded-links


def _sample_config(config_path: Path, server, target: Path, yaml, link_pages=None) -> SampleConfig:
    """The config with each source that has no base_url pointed at its recording.

    A recording answers only the paths it was recorded with, so such a source takes the
    recording's settings; a source with its own base_url is the user's choice and kept as written.
    The recordings' apply links are not recorded: those sources are not verified; with `link_pages`
    (a LinkPagesServer) the recorded links are listed and verified instead (link_sample.py).
    """
    from jobboard_local.link_sample import SAMPLE_ID, add_recorded_links

    data = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    recorded, as_written = [], []
    for source in data.get("sources", []):
        if source.get("enabled") is False:
            continue
        kind = source.get("type")
        if kind in server.recordings and not source.get("base_url"):
            keep = {k: v for k, v in source.items() if k in ("id", "type", "schedule", "enabled")}
            source.clear()
            source.update(
                {
                    **keep,
                    **server.recordings[kind].get("settings", {}),
                    "base_url": server.base_url(kind),
                    "verify": False,
                }
            )
            recorded.append(str(source.get("id")))
        else:
            as_written.append(str(source.get("id")))
            if isinstance(source.get("companies_file"), str):  # the copy lives elsewhere: keep it findable
                source["companies_file"] = str((config_path.parent / source["companies_file"]).resolve())
    links = 0
    if link_pages is not None and add_recorded_links(data, server.base_url(SAMPLE_ID), link_pages.host_overrides()):
        links = len(link_pages.links)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return SampleConfig(target, recorded, as_written, links)


@contextmanager
def local_stack(out_dir: Path, config_path: Path):
    """Start (or reach) the local AWS endpoint, make the tables, restore and finally save state."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, value in FAKE_CREDENTIALS.items():
        os.environ.setdefault(name, value)
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    os.environ.setdefault("AWS_REGION", os.environ["AWS_DEFAULT_REGION"])
    os.environ["AWS_ACCOUNT_ID_ENDPOINT_MODE"] = "disabled"
    server = None
    endpoint = os.environ.get("AWS_ENDPOINT_URL")
    if not endpoint:
        import logging

        from moto.server import ThreadedMotoServer

        from jobboard_local.moto_standin import patch_moto

        patch_moto()  # transactions cost per item, not per table (see moto_standin)
        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no access log line per AWS call

        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        # moto's backend is per process, not per server: start from nothing, as a new process would.
        import requests

        requests.post(f"{endpoint}/moto-api/reset", timeout=10).raise_for_status()
        os.environ["AWS_ENDPOINT_URL"] = endpoint
    aws_clients.reset()
    template = load_template()
    names = {logical: f"{STACK_NAME}-{logical}" for logical in tables(template)}
    stack = LocalStack(
        out_dir=out_dir,
        endpoint=endpoint,
        embedded=server is not None,
        template=template,
        table_names=names,
        config_path=config_path,
        moto_server=server,
    )
    stack.queue_urls = create_queues(
        stack.client("sqs"),
        template,
        {
            logical: f"{STACK_NAME}-{logical}" + (".fifo" if props.get("FifoQueue") else "")
            for logical, props in queues(template).items()
        },
    )
    dynamodb = stack.client("dynamodb")
    existing = set(dynamodb.list_tables()["TableNames"])
    if not existing & set(names.values()):
        create_tables(dynamodb, template, names)
        if server is not None:
            stack.restore_state()
    elif stack.stream_position_file.exists():
        stack.stream_pump.positions = json.loads(stack.stream_position_file.read_text(encoding="utf-8"))
    try:
        yield stack
    finally:
        if server is None:
            stack.stream_position_file.parent.mkdir(parents=True, exist_ok=True)
            stack.stream_position_file.write_text(json.dumps(stack.stream_pump.positions), encoding="utf-8")
        else:
            if not stack.unchanged:
                stack.save_state()
            server.stop()
            os.environ.pop("AWS_ENDPOINT_URL", None)
            aws_clients.reset()
