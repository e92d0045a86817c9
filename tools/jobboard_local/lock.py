"""`make lock`: the Lambda layer's requirements, derived from the hashed lock.

pyproject.toml's [project.dependencies] is the one list of runtime dependencies. `make lock`
resolves it (with the dev extra) into requirements.lock with uv, every artifact hashed; this
module then writes layers/jobboard/requirements.txt: the lock's entries that the runtime
dependencies need, less what the Lambda runtime provides ([tool.jobboard] lambda-runtime-provides)
and whatever only those need. `sam build` installs that file, so the layer gets exactly the
locked versions, hash-checked. `--check` only compares (a test runs it).
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = REPO_ROOT / "pyproject.toml"
LOCK = REPO_ROOT / "requirements.lock"
LAYER_REQUIREMENTS = REPO_ROOT / "layers" / "jobboard" / "requirements.txt"
HEADER = (
    "# Generated from requirements.lock by `make lock`: do not edit (pyproject.toml lists the\n"
    "# runtime dependencies). boto3 is left out: the Lambda runtime provides it.\n"
)

_ENTRY = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==")


@dataclass(frozen=True)
class LockEntry:
    name: str
    text: str  # the entry's lines as uv wrote them: pin, markers, hashes, "# via" notes
    via: frozenset[str]


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement: str) -> str:
    return normalise(re.split(r"[\s\[<>=!~;]", requirement.strip(), maxsplit=1)[0])


def parse_lock(text: str) -> list[LockEntry]:
    entries: list[LockEntry] = []
    block: list[str] = []
    for line in text.splitlines():
        if _ENTRY.match(line):
            if block:
                entries.append(_entry(block))
            block = [line]
        elif block:
            block.append(line)
    if block:
        entries.append(_entry(block))
    return entries


def _entry(lines: list[str]) -> LockEntry:
    match = _ENTRY.match(lines[0])
    assert match is not None  # parse_lock starts a block only on a matching line
    via: set[str] = set()
    for line in lines[1:]:
        note = line.strip().lstrip("#").strip()
        if line.strip().startswith("#") and note and note != "via":
            via.add(normalise(note.removeprefix("via ").split(" ")[0]))
    return LockEntry(normalise(match.group(1)), "\n".join(lines), frozenset(via))


def layer_entries(entries: list[LockEntry], runtime: set[str], provided: set[str]) -> list[LockEntry]:
    """The runtime dependencies and everything they need, without what the runtime provides."""
    keep = runtime - provided
    while True:
        grown = keep | {e.name for e in entries if e.name not in provided and e.via & keep}
        if grown == keep:
            break
        keep = grown
    return [e for e in entries if e.name in keep]


def layer_requirements(lock_text: str, pyproject: dict) -> str:
    runtime = {requirement_name(r) for r in pyproject["project"]["dependencies"]}
    provided = {normalise(n) for n in pyproject.get("tool", {}).get("jobboard", {}).get("lambda-runtime-provides", [])}
    entries = parse_lock(lock_text)
    missing = runtime - {e.name for e in entries}
    if missing:
        raise SystemExit(f"error: requirements.lock lacks {', '.join(sorted(missing))}: run `make lock`")
    return HEADER + "".join(_without_notes(e.text) for e in layer_entries(entries, runtime, provided))


def _without_notes(text: str) -> str:
    """Pin and hashes only: the lock's "# via" notes name dev packages the layer does not have."""
    return "".join(line + "\n" for line in text.splitlines() if not line.lstrip().startswith("#"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether the layer's file is up to date")
    args = parser.parse_args(argv)
    wanted = layer_requirements(LOCK.read_text(encoding="utf-8"), tomllib.loads(PYPROJECT.read_text(encoding="utf-8")))
    current = LAYER_REQUIREMENTS.read_text(encoding="utf-8") if LAYER_REQUIREMENTS.exists() else ""
    if args.check:
        if current != wanted:
            print(
                f"{LAYER_REQUIREMENTS.relative_to(REPO_ROOT)} is not what requirements.lock gives: run `make lock`",
                file=sys.stderr,
            )
            return 1
        return 0
    LAYER_REQUIREMENTS.write_text(wanted, encoding="utf-8")
    print(f"wrote {LAYER_REQUIREMENTS.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
