"""Reproducible builds: the layer's requirements come from the hashed lock; sam build finds python3.13."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from jobboard_local import lock

REPO = Path(__file__).resolve().parents[2]
WITH_PYTHON313 = REPO / "tools" / "with-python3.13"

SMALL_LOCK = """\
boto3==1.0 \\
    --hash=sha256:aa
    # via jobboard (pyproject.toml)
botocore==1.0 \\
    --hash=sha256:bb
    # via
    #   boto3
    #   s3transfer
jinja2==3.1 \\
    --hash=sha256:cc
    # via
    #   jobboard (pyproject.toml)
    #   flask
markupsafe==3.0 \\
    --hash=sha256:dd
    # via
    #   flask
    #   jinja2
flask==3.0 \\
    --hash=sha256:ee
    # via moto
urllib3==2.0 \\
    --hash=sha256:ff
    # via
    #   botocore
    #   requests
requests==2.3 \\
    --hash=sha256:gg
    # via jobboard (pyproject.toml)
"""


def test_layer_takes_runtime_closure_from_the_lock_without_what_lambda_provides():
    pyproject = {
        "project": {"dependencies": ["boto3>=1", "jinja2>=3", "requests[socks]>=2"]},
        "tool": {"jobboard": {"lambda-runtime-provides": ["boto3"]}},
    }
    text = lock.layer_requirements(SMALL_LOCK, pyproject)
    pins = re.findall(r"^([a-z0-9-]+)==", text, flags=re.M)
    # markupsafe and urllib3 come in through jinja2 and requests; botocore only through boto3.
    assert pins == ["jinja2", "markupsafe", "urllib3", "requests"]
    assert "--hash=sha256:dd" in text and "# via" not in text.split("\n", 2)[2]


def test_layer_requirements_are_generated_from_the_lock():
    assert lock.main(["--check"]) == 0, "run `make lock`"
    text = lock.LAYER_REQUIREMENTS.read_text(encoding="utf-8")
    entries = lock.parse_lock(text)
    assert {"aws-lambda-powertools", "requests", "jinja2", "pyyaml"} <= {e.name for e in entries}
    assert not {"boto3", "botocore", "s3transfer", "moto"} & {e.name for e in entries}
    assert all("--hash=sha256:" in e.text for e in entries)


def test_sam_cli_is_pinned_and_hashed():
    version = re.search(r"^SAM_CLI_VERSION := (\S+)$", (REPO / "Makefile").read_text(), flags=re.M).group(1)
    sam_lock = (REPO / "requirements-sam.lock").read_text(encoding="utf-8")
    assert re.search(rf"^aws-sam-cli=={re.escape(version)} \\\n    --hash=sha256:", sam_lock, flags=re.M)


def _run(path_dirs: list[Path], *command: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": os.pathsep.join(str(d) for d in path_dirs)}
    return subprocess.run(["/bin/bash", str(WITH_PYTHON313), *command], env=env, capture_output=True, text=True)


def test_build_says_how_to_get_python313_when_it_is_missing(tmp_path):
    tools = tmp_path / "bin"
    tools.mkdir()
    for name in ("grep", "sort", "tail", "cat", "echo", "env"):
        os.symlink(subprocess.check_output(["/bin/bash", "-c", f"command -v {name}"], text=True).strip(), tools / name)
    result = _run([tools], "env")
    assert result.returncode == 2
    assert "sam build needs Python 3.13" in result.stderr and "pyenv install 3.13" in result.stderr


def test_build_finds_python313_on_path(tmp_path):
    fake = tmp_path / "py313"
    fake.mkdir()
    # A stand-in python3.13 whose version check passes; the wrapped command sees it first on PATH.
    (fake / "python3.13").write_text("#!/bin/sh\nexit 0\n")
    (fake / "python3.13").chmod(0o755)
    result = _run([fake, Path("/usr/bin"), Path("/bin")], "sh", "-c", "command -v python3.13")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(fake / "python3.13")


def test_build_finds_python313_installed_by_pyenv_but_not_selected(tmp_path):
    shims, root = tmp_path / "shims", tmp_path / "pyenv"
    shims.mkdir()
    real = root / "versions" / "3.13.0" / "bin"
    real.mkdir(parents=True)
    (real / "python3.13").write_text("#!/bin/sh\nexit 0\n")
    # pyenv's shim exists on PATH but fails: 3.13 is installed, not selected.
    (shims / "python3.13").write_text("#!/bin/sh\necho 'pyenv: python3.13: command not found' >&2\nexit 127\n")
    (shims / "pyenv").write_text(
        f"#!/bin/sh\ncase $1 in versions) printf '3.11.7\\n3.13.0\\n';; root) echo {root};; esac\n"
    )
    for script in (real / "python3.13", shims / "python3.13", shims / "pyenv"):
        script.chmod(0o755)
    result = _run([shims, Path("/usr/bin"), Path("/bin")], "sh", "-c", "command -v python3.13")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(real / "python3.13")


def test_samconfig_has_dev_and_prod_stacks_that_can_share_an_account():
    import shlex
    import tomllib

    from jobboard_local.template import load_template

    config = tomllib.loads((REPO / "samconfig.toml").read_text(encoding="utf-8"))
    parameters = load_template()["Parameters"]
    names, prefixes, tokens = set(), set(), set()
    for env in ("dev", "prod"):
        names.add(config[env]["global"]["parameters"]["stack_name"])
        deploy = config[env]["deploy"]["parameters"]
        prefixes.add(deploy["s3_prefix"])
        for pair in shlex.split(deploy["parameter_overrides"]):
            name, _, value = pair.partition("=")
            if name == "GitHubTokenParameter":
                tokens.add(value)
            assert name in parameters, f"{env}: {name} is not a template parameter"
            allowed = parameters[name].get("AllowedValues")
            assert allowed is None or value in map(str, allowed), f"{env}: {name}={value}"
            pattern = parameters[name].get("AllowedPattern")
            assert pattern is None or re.fullmatch(pattern, value), f"{env}: {name}={value}"
    assert len(names) == len(prefixes) == len(tokens) == 2


def test_make_help_lists_every_target():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    targets = re.search(r"^\.PHONY: (.+)$", makefile, flags=re.M).group(1).split()
    shown = subprocess.run(["make", "-s", "help"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    listed = re.findall(r"^  make (\S+) ", shown, flags=re.M)
    assert sorted(listed) == sorted(targets)


def test_every_declared_dependency_is_in_the_lock():
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {lock.requirement_name(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]}
    locked = {e.name for e in lock.parse_lock(lock.LOCK.read_text(encoding="utf-8"))}
    assert declared - locked == set(), "run `make lock` after changing pyproject.toml's dependencies"
