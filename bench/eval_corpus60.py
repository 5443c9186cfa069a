"""Extraction quality on corpus60, 60 papers of the embedded sample corpus outside the dev set,
annotated for kg (bench/corpus60/README.md says how). Run by hand:

    python bench/eval_corpus60.py

Builds the embedded sample corpus (`kg build` with no input), prints `kg eval`'s figures and
error lists for the 60 papers, and appends the headline figures to
bench/results/quality.jsonl. With ../shared/eval/score.py beside the project, prints its
figures too.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from _quality import score_and_record

HERE = Path(__file__).resolve().parent
GOLD = HERE / "corpus60" / "gold.jsonl"
SCORER = HERE.parent.parent / "shared" / "eval" / "score.py"


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        graph = Path(tmp) / "sample.ttl"
        subprocess.run([sys.executable, "-m", "kg.cli", "build", "-o", str(graph),
                        "--no-cache", "--store", "memory", "-q"], check=True)
        score_and_record(graph, GOLD, "corpus60", SCORER)
    return 0


if __name__ == "__main__":
    sys.exit(main())
