"""Extraction quality on corpus60, 60 papers of the embedded sample corpus outside the dev set,
annotated for kg (bench/corpus60/README.md says how). Run by hand:

    python bench/eval_corpus60.py

Builds the embedded sample corpus (`kg build` with no input), prints `kg eval`'s figures and
error lists for the 60 papers, and appends the headline figures to
bench/results/quality.jsonl. With ../shared/eval/score.py beside the project, prints its
figures too.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kg.evaluate import evaluate, report_text
from kg.extract import PIPELINE_VERSION

HERE = Path(__file__).resolve().parent
GOLD = HERE / "corpus60" / "gold.jsonl"
SCORER = HERE.parent.parent / "shared" / "eval" / "score.py"


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        graph = Path(tmp) / "sample.ttl"
        subprocess.run([sys.executable, "-m", "kg.cli", "build", "-o", str(graph),
                        "--no-cache", "--store", "memory", "-q"], check=True)
        res = evaluate(str(graph), str(GOLD))
        print(report_text(res))
        if SCORER.exists():
            print(f"\n{SCORER}:")
            subprocess.run([sys.executable, str(SCORER), str(graph), str(GOLD)], check=True)
    row = {"when": time.strftime("%Y-%m-%dT%H:%M:%S"), "set": "corpus60",
           "pipeline": PIPELINE_VERSION,
           **{k: res[k]["F1"] for k in ("Dataset", "Model", "Method", "Task", "introduced",
                                        "entities_micro")}}
    out = HERE / "results" / "quality.jsonl"
    with out.open("a", encoding="utf-8") as f:
        f.write(json.dumps(row) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
