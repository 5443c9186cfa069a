"""Extraction throughput on real arXiv ML abstracts (run by hand; not part of the tests).

    python bench/bench_extract.py [../shared/data/arxiv_ml_abstracts.jsonl] [--limit N]

Prints abstracts per second of spaCy's bare tokenizer and of kg's whole extraction pipeline
over the same texts in the same run, their ratio, and appends a JSON line to
bench/results/extract.jsonl.
"""
from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

import spacy

from kg.extract import PIPELINE_VERSION, build_nlp, extract
from kg.ingest import read_papers


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default="../shared/data/arxiv_ml_abstracts.jsonl")
    ap.add_argument("--limit", type=int, default=0)
    a = ap.parse_args()
    skipped: list[str] = []
    papers = list(read_papers([a.corpus], on_error=lambda e: skipped.append(str(e))))
    if a.limit:
        papers = papers[: a.limit]
    texts = [f"{p.title}\n\n{p.abstract}" for p in papers]

    blank = spacy.blank("en")
    t = time.perf_counter()
    for _ in blank.tokenizer.pipe(texts, batch_size=256):
        pass
    tok_s = time.perf_counter() - t

    t = time.perf_counter()
    nlp = build_nlp()
    load_s = time.perf_counter() - t
    t = time.perf_counter()
    n_mentions = sum(len(x.mentions) for x in extract(papers, nlp=nlp))
    ext_s = time.perf_counter() - t

    row = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"), "pipeline": PIPELINE_VERSION,
        "python": platform.python_version(), "spacy": spacy.__version__,
        "papers": len(papers), "tokenizer_per_s": round(len(papers) / tok_s, 1),
        "extract_per_s": round(len(papers) / ext_s, 1), "load_s": round(load_s, 2),
        "ratio": round(tok_s / ext_s, 4), "mentions": n_mentions,
    }
    print(f"{len(papers)} abstracts ({len(skipped)} records skipped): tokenizer "
          f"{row['tokenizer_per_s']}/s, kg extraction "
          f"{row['extract_per_s']}/s ({row['ratio']:.1%} of the tokenizer), pipeline load "
          f"{load_s:.1f} s, {n_mentions} mentions")
    out = Path(__file__).parent / "results" / "extract.jsonl"
    out.parent.mkdir(exist_ok=True)
    with out.open("a", encoding="utf-8") as f:
        f.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
