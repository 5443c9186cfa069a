"""End-to-end `kg build` throughput, growth and incremental rebuilds (run by hand, not a test).

    python bench/bench_build.py [CORPUS] [--jobs 1] [--growth 1000,10000] [--incremental]
                                [--compare-jobs 1,2] [--format turtle|nt] [--mem-limit-gb 12]

* spaCy's bare tokenizer over the corpus texts, and one whole build (read, dedupe, extract,
  link, RDF, Turtle and, as `kg build` does by default, the Oxigraph store) of the corpus in
  a fresh process without cache: papers per second
  of each and their ratio, stage times, peak memory (``ru_maxrss`` of the build process).
* ``--growth``: builds of N records spread evenly over the corpus; a size above it repeats
  the real corpus with distinct arXiv ids (``NNNN.NNNNN`` ids kg invents; titles and
  abstracts are real), which the output says.
* ``--incremental``: a build that fills the cache, then 1% of the papers changed (a sentence
  appended to the abstract of every 100th record) built with the cache, and the same changed
  corpus built without it; prints the time ratio and whether the two outputs are identical.
* ``--compare-jobs``: extraction alone with 1 and 2 local worker processes.

Every build runs in a child process (``--child``) so its peak memory is its own. Results are
appended as JSON lines to bench/results/build.jsonl (``--results`` elsewhere). To measure one
commit while the working tree changes, run it from a snapshot::

    git archive HEAD | tar -x -C /tmp/snap && cd /tmp/snap && \
    KG_BENCH_COMMIT=$(git -C /work/main rev-parse --short HEAD) PYTHONPATH=/tmp/snap \
    python bench/bench_build.py /path/to/corpus.jsonl --results /work/main/bench/results/build.jsonl
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "build.jsonl"


# ---------------------------------------------------------------------------------- child

def child(spec: dict[str, Any]) -> dict[str, Any]:
    """One build in this process; returns stage times and peak memory."""
    if spec.get("mem_limit_gb"):
        limit = int(spec["mem_limit_gb"] * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from kg.io import write_ntriples
    from kg.pipeline import build

    marks: dict[str, float] = {}
    t0 = time.perf_counter()

    def progress(stage: str, done: int, total: int) -> None:
        marks.setdefault(stage, time.perf_counter() - t0)

    try:
        res = build(spec["inputs"], skip_bad=True, progress=progress,
                    cache_dir=spec.get("cache_dir"), jobs=spec.get("jobs", 1))
        t_built = time.perf_counter() - t0
        counts = {"papers": len(res.papers), "records": res.records_read,
                  "extracted": res.extracted, "cached": res.cached}
        blocks = res.blocks()
        del res  # as `kg build` does: the corpus is freed once its blocks are written
        triples = write_ntriples(blocks, spec["out"], spec.get("format", "turtle"),
                                 store=spec.get("store", "auto"))
    except MemoryError:
        # over --mem-limit-gb: say how far it got (stage start times) instead of a traceback
        return {"failed": True, "error": f"MemoryError above {spec.get('mem_limit_gb')} GB",
                "stage_starts": {k: round(v, 2) for k, v in marks.items()},
                "seconds": round(time.perf_counter() - t0, 2),
                "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}
    total = time.perf_counter() - t0
    marks["writing"] = t_built
    order = ["reading", "extracting", "linking", "writing"]
    starts = [marks.get(s, marks.get("linking", 0.0)) for s in order] + [total]
    stages = {s: round(starts[i + 1] - starts[i], 2) for i, s in enumerate(order)}
    stages["reading"] = round(starts[1], 2)  # reading starts at 0
    return {**counts, "triples": triples, "seconds": round(total, 2),
            "stages": stages,
            "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            # -j N: the largest extraction worker (each also holds the pipeline)
            "peak_worker_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
                                    / 1024)}


def child_extract(spec: dict[str, Any]) -> dict[str, Any]:
    """Extraction alone with ``jobs`` local processes (pipeline built before the clock)."""
    from kg.engine import extract_papers
    from kg.extract.pipeline import shared_nlp
    from kg.ingest import dedupe, read_papers

    papers = dedupe(read_papers(spec["inputs"], on_error=lambda e: None))
    shared_nlp()
    t = time.perf_counter()
    out = extract_papers(papers, jobs=spec["jobs"])
    s = time.perf_counter() - t
    import hashlib

    digest = hashlib.sha256("".join(x.to_json() + "\n" for x in out).encode()).hexdigest()
    return {"papers": len(papers), "jobs": spec["jobs"], "seconds": round(s, 2),
            "per_s": round(len(papers) / s, 1), "mentions": sum(len(x.mentions) for x in out),
            "sha256": digest[:16]}


def run_child(spec: dict[str, Any], mode: str = "--child") -> dict[str, Any]:
    proc = subprocess.run([sys.executable, __file__, mode, json.dumps(spec)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        tail = proc.stderr.strip().splitlines()[-1:] or ["?"]
        return {"failed": True, "returncode": proc.returncode, "error": tail[0][:300]}
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


# --------------------------------------------------------------------------------- corpora

def records(corpus: str) -> list[dict[str, Any]]:
    with open(corpus, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write_corpus(recs: list[dict[str, Any]], n: int, path: Path) -> bool:
    """``n`` records spread evenly over the corpus (its first records are older and shorter:
    932 characters of abstract on average against 1,134 for all); past its size, copies of
    the corpus with invented ids. Returns whether copies were needed."""
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            rec = dict(recs[i * len(recs) // n] if n < len(recs) else recs[i % len(recs)])
            copy = i // len(recs)
            if copy:
                rec["id"] = f"{9000 + copy:04d}.{i % len(recs):05d}"
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return n > len(recs)


def change_one_percent(recs: list[dict[str, Any]], path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as f:
        for i, rec in enumerate(recs):
            rec = dict(rec)
            if i % 100 == 0 and rec.get("abstract"):
                rec["abstract"] += " We also release the ZetaNet-7B checkpoint."
                n += 1
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return n


def tokenizer_rate(corpus: str) -> tuple[float, int]:
    import spacy

    from kg.extract import doc_text
    from kg.ingest import dedupe, read_papers

    texts = [doc_text(p) for p in dedupe(read_papers([corpus], on_error=lambda e: None))]
    blank = spacy.blank("en")
    t = time.perf_counter()
    for _ in blank.tokenizer.pipe(texts, batch_size=256):
        pass
    return len(texts) / (time.perf_counter() - t), len(texts)


# ------------------------------------------------------------------------------------ main

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default="../shared/data/arxiv_ml_abstracts.jsonl")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--format", default="turtle", choices=["turtle", "nt"])
    ap.add_argument("--growth", default="", help="comma-separated record counts")
    ap.add_argument("--incremental", action="store_true")
    ap.add_argument("--compare-jobs", default="", help="e.g. 1,2")
    ap.add_argument("--no-full", action="store_true", help="skip the whole-corpus build")
    ap.add_argument("--results", default=str(RESULTS), help="JSON lines file to append to")
    ap.add_argument("--mem-limit-gb", type=float, default=12.0,
                    help="address-space limit of each build (keeps a shared machine alive)")
    a = ap.parse_args()
    corpus = str(Path(a.corpus).resolve())
    # KG_BENCH_COMMIT names the commit of a snapshot (git archive) that is not a checkout
    commit = os.environ.get("KG_BENCH_COMMIT") or subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
        cwd=HERE).stdout.strip()
    dirty = not os.environ.get("KG_BENCH_COMMIT") and bool(subprocess.run(
        ["git", "status", "--porcelain", "kg"], capture_output=True, text=True,
        cwd=HERE).stdout.strip())
    row: dict[str, Any] = {"when": time.strftime("%Y-%m-%dT%H:%M:%S"), "commit": commit,
                           "dirty": dirty, "python": platform.python_version(),
                           "cpus": os.cpu_count(), "corpus": Path(corpus).name,
                           "jobs": a.jobs, "format": a.format,
                           "load_before": [round(x, 2) for x in os.getloadavg()]}
    ext = ".ttl" if a.format == "turtle" else ".nt"
    base = {"format": a.format, "jobs": a.jobs, "mem_limit_gb": a.mem_limit_gb}
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        t = Path(tmp)
        if not a.no_full:
            tok, n_tok = tokenizer_rate(corpus)
            full = run_child({**base, "inputs": [corpus], "out": str(t / f"full{ext}")})
            row["full"] = full
            row["tokenizer_per_s"] = round(tok, 1)
            if not full.get("failed"):
                rate = full["papers"] / full["seconds"]
                row["build_per_s"] = round(rate, 1)
                row["ratio"] = round(rate / tok, 4)
                print(f"{full['papers']} papers: tokenizer {tok:,.0f}/s, kg build end to end "
                      f"{rate:,.0f}/s ({rate / tok:.1%} of the tokenizer); {full['seconds']} s,"
                      f" peak {full['peak_mb']} MB, {full['triples']:,} triples; stages "
                      f"{full['stages']}")
            else:
                print(f"full build failed: {full}")
        if a.compare_jobs:
            row["extract_jobs"] = []
            for j in (int(x) for x in a.compare_jobs.split(",")):
                r = run_child({"inputs": [corpus], "jobs": j}, "--child-extract")
                row["extract_jobs"].append(r)
                print(f"extraction with {j} process(es): {r}")
            digests = {r.get("sha256") for r in row["extract_jobs"]}
            row["extract_jobs_identical"] = len(digests) == 1
            print(f"identical extractions: {len(digests) == 1}")
        if a.growth:
            recs = records(corpus)
            row["growth"] = []
            for n in (int(x) for x in a.growth.split(",")):
                path = t / f"g{n}.jsonl"
                repeated = write_corpus(recs, n, path)
                r = run_child({**base, "inputs": [str(path)], "out": str(t / f"g{n}{ext}")})
                (t / f"g{n}{ext}").unlink(missing_ok=True)
                path.unlink()
                r.update(records_in=n, repeated_corpus=repeated)
                row["growth"].append(r)
                if r.get("failed"):
                    print(f"{n:>7} records: FAILED ({r})")
                else:
                    note = " (real corpus repeated, distinct ids)" if repeated else ""
                    print(f"{n:>7} records{note}: {r['papers']} papers, {r['seconds']} s "
                          f"({r['papers'] / r['seconds']:,.0f}/s), peak {r['peak_mb']} MB, "
                          f"{r['triples']:,} triples; stages {r['stages']}")
        if a.incremental:
            recs = records(corpus)
            cache = t / "cache"
            first = run_child({**base, "inputs": [corpus], "out": str(t / f"i0{ext}"),
                               "cache_dir": str(cache)})
            changed = t / "changed.jsonl"
            n_changed = change_one_percent(recs, changed)
            inc = run_child({**base, "inputs": [str(changed)], "out": str(t / f"i1{ext}"),
                             "cache_dir": str(cache)})
            ref = run_child({**base, "inputs": [str(changed)], "out": str(t / f"i2{ext}")})
            same = (t / f"i1{ext}").read_bytes() == (t / f"i2{ext}").read_bytes()
            row["incremental"] = {"changed_records": n_changed, "cold_with_cache": first,
                                  "incremental": inc, "full_rebuild": ref,
                                  "identical": same}
            if (t / f"i1{ext}").exists() and (t / f"i0{ext}").exists():
                ts = time.perf_counter()
                proc = subprocess.run([sys.executable, "-c", "from kg.cli import main; main()",
                                       "diff", str(t / f"i0{ext}"), str(t / f"i1{ext}")],
                                      capture_output=True, text=True)
                row["incremental"]["diff"] = {
                    "seconds": round(time.perf_counter() - ts, 2),
                    "summary": proc.stdout.splitlines()[:3], "returncode": proc.returncode}
                print(f"kg diff of the two outputs: {row['incremental']['diff']}")
            if not any(r.get("failed") for r in (first, inc, ref)):
                ratio = inc["seconds"] / ref["seconds"]
                ext_inc = inc["stages"]["extracting"]
                ext_ref = ref["stages"]["extracting"]
                row["incremental"].update(time_ratio=round(ratio, 4),
                                          extract_ratio=round(ext_inc / ext_ref, 4))
                print(f"incremental: {n_changed} records changed; {inc['extracted']} papers "
                      f"extracted, {inc['cached']} from the cache; {inc['seconds']} s vs "
                      f"{ref['seconds']} s full rebuild ({ratio:.1%}); extraction "
                      f"{ext_inc} s vs {ext_ref} s ({ext_inc / ext_ref:.1%}); "
                      f"outputs identical: {same}")
            else:
                print(f"incremental failed: {first} {inc} {ref}")
    row["load_after"] = [round(x, 2) for x in os.getloadavg()]
    results = Path(a.results)
    results.parent.mkdir(exist_ok=True)
    with results.open("a", encoding="utf-8") as f:
        f.write(json.dumps(row) + "\n")
    print(f"appended to {results}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] in ("--child", "--child-extract"):
        fn = child if sys.argv[1] == "--child" else child_extract
        print(json.dumps(fn(json.loads(sys.argv[2]))))
    else:
        main()
