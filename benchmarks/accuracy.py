"""Print the accuracy on the fresh-postings corpus (tests/unit/accuracy/corpus/): per field, per
class of difficulty, jobs shown twice and misstated salaries. `--misses` lists every wrong field."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.unit.accuracy import corpus_score  # noqa: E402


def main(argv: list[str]) -> int:
    result = corpus_score.score()
    print(result.report())
    target = "PASS" if result.overall >= corpus_score.THRESHOLD else "MISS"
    print(f"all fields {result.overall:.1%} (goal >= {corpus_score.THRESHOLD:.0%}): {target}")
    if "--misses" in argv:
        print("\n".join(result.misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
