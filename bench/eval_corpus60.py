"""Extraction quality on corpus60, 60 papers of the embedded sample corpus outside the dev set,
annotated for kg (bench/corpus60/README.md says how), or with ``--set corpus30`` or
``--set corpus30b`` on 30 more of them, each set annotated blind later (bench/corpus30/ and
bench/corpus30b/README.md). Run by hand:

    python bench/eval_corpus60.py [--set corpus30|corpus30b]

Builds the embedded sample corpus (`kg build` with no input), prints `kg eval`'s figures and
error lists for the 60 papers, and appends the headline figures to
bench/results/quality.jsonl. With ../shared/eval/score.py beside the project, prints its
figures too.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from _quality import score_and_record

HERE = Path(__file__).resolve().parent
SETS = ("corpus60", "corpus30", "corpus30b")
SCORER = HERE.parent.parent / "shared" / "eval" / "score.py"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", default=SETS[0], choices=SETS, help="which annotated set")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        graph = Path(tmp) / "sample.ttl"
        subprocess.run([sys.executable, "-m", "kg.cli", "build", "-o", str(graph),
                        "--no-cache", "--store", "memory", "-q"], check=True)
        score_and_record(graph, HERE / a.set / "gold.jsonl", a.set, SCORER)
    return 0


if __name__ == "__main__":
    sys.exit(main())
