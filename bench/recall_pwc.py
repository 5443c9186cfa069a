"""Dataset and task recall against the Papers with Code leaderboard labels of the arXiv corpus
(a held-out proxy: these labels were not used to tune kg, and are incomplete, so this is a
recall check only). Run by hand:

    python bench/recall_pwc.py [../shared/data/arxiv_ml_abstracts.jsonl] [--limit 2000]
"""
from __future__ import annotations

import argparse
import json
import re

from kg.extract import extract
from kg.extract.catalogue import load_catalogue
from kg.ingest import read_papers
from kg.link import link


def norm(s: str) -> str:
    return re.sub(r"[^0-9a-z]", "", s.casefold())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default="../shared/data/arxiv_ml_abstracts.jsonl")
    ap.add_argument("--limit", type=int, default=2000)
    a = ap.parse_args()
    labels = {}
    with open(a.corpus, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            labels[re.sub(r"v\d+$", "", r["id"])] = (r.get("pwc_datasets") or [],
                                                  r.get("pwc_tasks") or [])
    papers = [p for p in read_papers([a.corpus], on_error=lambda e: None)
              if any(labels.get(p.arxiv_id, ([], [])))][: a.limit]
    exs = list(extract(papers))
    linked = link(papers, exs)
    cat = load_catalogue()
    names: dict[str, set[str]] = {}
    for e in linked.entities:
        ns = {norm(e.label), *(norm(x) for x in e.alt_labels)}
        entry = cat.entries.get(e.catalogue)
        if entry is not None:
            ns |= {norm(s) for s in entry.surfaces}
        names[e.key] = ns
    # a variant or edition counts as its family too ("PASCAL VOC 2012" for the label "PASCAL
    # VOC"), as the dataset questions count it
    for e in linked.entities:
        if e.family in names:
            names[e.key] = names[e.key] | names[e.family]
    by_paper: dict[str, dict[str, set[str]]] = {}
    types = {e.key: e.type for e in linked.entities}
    for ln in linked.links:
        by_paper.setdefault(ln.paper, {}).setdefault(types[ln.entity], set()).update(
            names[ln.entity])
    for kind, idx in (("Dataset", 0), ("Task", 1)):
        gold = found = in_text = 0
        for p in papers:
            text = norm(p.title + " " + p.abstract)
            got = by_paper.get(p.key, {}).get(kind, set())
            for label in labels.get(p.arxiv_id, ([], []))[idx]:
                if norm(label) not in text:
                    continue  # only labels the abstract itself names can be found
                in_text += 1
                found += norm(label) in got
            gold += len(labels.get(p.arxiv_id, ([], []))[idx])
        print(f"{len(papers)} labelled papers. {kind}: {found}/{in_text} PwC labels named "
              f"in the abstract found "
              f"({found / max(in_text, 1):.1%}); {gold} labels in all")


if __name__ == "__main__":
    main()
