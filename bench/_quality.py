"""What the quality benchmarks share: score a built graph against a gold set, print `kg eval`'s
report (and ../shared/eval/score.py's, when it is there), and append the headline F1s to
bench/results/quality.jsonl."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from kg.evaluate import evaluate, report_text
from kg.extract import PIPELINE_VERSION

HERE = Path(__file__).resolve().parent
HEADLINE = ("Dataset", "Model", "Method", "Task", "introduced", "entities_micro")


def score_and_record(graph: Path, gold: Path, set_name: str, scorer: Path) -> dict:
    res = evaluate(str(graph), str(gold))
    print(report_text(res))
    if scorer.exists():
        print(f"\n{scorer}:")
        subprocess.run([sys.executable, str(scorer), str(graph), str(gold)], check=True)
    row = {"when": time.strftime("%Y-%m-%dT%H:%M:%S"), "set": set_name,
           "pipeline": PIPELINE_VERSION, **{k: res[k]["F1"] for k in HEADLINE}}
    with (HERE / "results" / "quality.jsonl").open("a", encoding="utf-8") as f:
        f.write(json.dumps(row) + "\n")
    return res
