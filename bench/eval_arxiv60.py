"""Extraction quality on arxiv60, a second, independently annotated set of 60 arXiv ML papers
from 2007-2023 (bench/arxiv60/README.md says how it was made), or with ``--set arxiv30`` or
``--set arxiv30b`` on 30 more, each set annotated blind later (bench/arxiv30/ and
bench/arxiv30b/README.md). Run by hand:

    python bench/eval_arxiv60.py [../shared/data/arxiv_ml_abstracts.jsonl] [--set arxiv30|arxiv30b]

Builds a graph of exactly those papers (their abstracts are read from the shared corpus),
prints `kg eval`'s figures and error lists, and appends the headline figures to
bench/results/quality.jsonl. With ../shared/eval/score.py beside the corpus, prints its
figures too.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from _quality import score_and_record

HERE = Path(__file__).resolve().parent
SETS = ("arxiv60", "arxiv30", "arxiv30b")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default="../shared/data/arxiv_ml_abstracts.jsonl")
    ap.add_argument("--set", default=SETS[0], choices=SETS, help="which annotated set")
    a = ap.parse_args()
    gold = HERE / a.set / "gold.jsonl"
    with gold.open(encoding="utf-8") as f:
        wanted = [json.loads(line)["id"] for line in f if line.strip()]
    found: dict[str, str] = {}
    with open(a.corpus, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            if rec.get("id") in wanted:
                found[rec["id"]] = line
    missing = [i for i in wanted if i not in found]
    if missing:
        sys.exit(f"{a.corpus} lacks {len(missing)} of the papers: {', '.join(missing[:5])}")
    with tempfile.TemporaryDirectory() as tmp:
        corpus, graph = Path(tmp) / f"{a.set}.jsonl", Path(tmp) / f"{a.set}.ttl"
        corpus.write_text("".join(found[i] for i in wanted), encoding="utf-8")
        subprocess.run([sys.executable, "-m", "kg.cli", "build", str(corpus), "-o", str(graph),
                        "--no-cache", "--store", "memory", "-q"], check=True)
        score_and_record(graph, gold, a.set,
                         Path(a.corpus).resolve().parent.parent / "eval" / "score.py")
    return 0


if __name__ == "__main__":
    sys.exit(main())
