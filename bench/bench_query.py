"""SPARQL latency: the ready-made questions on rdflib in memory versus kg's Oxigraph store,
and the writer's times (run by hand, not a test).

    python bench/bench_query.py [--corpus ../shared/data/arxiv_ml_abstracts.jsonl]
                                [--sample-only] [--repeat 5] [--memory-repeat 3]

For the embedded sample corpus and the corpus file (built with ``--skip-bad``, through the
extraction cache when there is one), in one process:

* writing: the sorted N-Triples, the Turtle made from them, the Oxigraph store (seconds);
* opening: parsing the Turtle into rdflib's memory (what every command paid before) versus
  opening the store;
* every ready-made question with its documented example values: median latency over
  ``--repeat`` runs on the store (through rdflib's API, oxrdflib) and over ``--memory-repeat``
  runs on rdflib in memory (a run over 60 s is not repeated), the first run of each apart,
  the ratio, and whether both gave the same rows (numbers compared by value, GROUP_CONCAT
  lists as sets).

Results are appended as one JSON line per graph to bench/results/query.jsonl.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "query.jsonl"
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "data" / "arxiv_ml_abstracts.jsonl"


def _norm(name: str, variables: list[str], rows: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    import re

    from kg.query import named_queries

    seps = {v: s for s, v in re.findall(r'separator="([^"]*)"\)\s+AS\s+\?(\w+)',
                                        named_queries()[name].text)}

    def cell(v: str, c: str) -> str:
        if v in seps:
            return seps[v].join(sorted(c.split(seps[v])))
        if "." in c:
            try:
                d = Decimal(c)
                return str(d.normalize()) if d != d.to_integral() else str(int(d))
            except InvalidOperation:
                pass
        return c
    return [tuple(cell(v, c) for v, c in zip(variables, r, strict=True)) for r in rows]


def time_query_limited(g: Any, name: str, params: dict[str, str], repeat: int, cap: float,
                       limit: float) -> dict[str, Any]:
    """:func:`time_query` in a forked child (the graph shared copy-on-write), stopped after
    ``limit`` seconds: then only a lower bound is known."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe()

    def run() -> None:
        child.send(time_query(g, name, params, repeat, cap))

    proc = ctx.Process(target=run)
    t0 = time.perf_counter()
    proc.start()
    if parent.poll(limit):
        out = parent.recv()
        proc.join()
        return out  # type: ignore[no-any-return]
    proc.kill()
    proc.join()
    waited = round((time.perf_counter() - t0) * 1000, 1)
    return {"first_ms": None, "median_ms": None, "timed_out_after_ms": waited, "runs": 0,
            "rows": None, "_rows": None}


def time_query(g: Any, name: str, params: dict[str, str], repeat: int, cap: float
               ) -> dict[str, Any]:
    from kg.query import run_named

    runs, rows, variables = [], [], []
    for i in range(repeat):
        t0 = time.perf_counter()
        res = run_named(g, name, params)
        got = [tuple("" if v is None else str(v) for v in r) for r in res]
        runs.append(time.perf_counter() - t0)
        if i == 0:
            rows, variables = got, [str(v) for v in res.vars or []]
            if runs[0] > cap:
                break
    later = runs[1:] or runs
    return {"first_ms": round(runs[0] * 1000, 1), "median_ms": round(
        statistics.median(later) * 1000, 1), "runs": len(runs), "rows": len(rows),
        "_rows": _norm(name, variables, rows)}


def bench_graph(label: str, graph: Any, work: Path, args: argparse.Namespace
                ) -> dict[str, Any]:
    from kg.io import atomic_open, ntriples, read_graph, turtle_from_ntriples
    from kg.store import write_store

    out: dict[str, Any] = {"graph": label, "triples": len(graph)}
    path = work / f"{label}.ttl"
    t0 = time.perf_counter()
    nt = ntriples(graph)
    t1 = time.perf_counter()
    ttl = turtle_from_ntriples(nt)
    assert ttl is not None
    with atomic_open(path, "wb") as f:
        f.write(ttl)
    t2 = time.perf_counter()
    write_store(nt, path, nt.count(b"\n"))
    t3 = time.perf_counter()
    out["write_s"] = {"ntriples_sorted": round(t1 - t0, 2), "turtle": round(t2 - t1, 2),
                      "store": round(t3 - t2, 2)}
    out["turtle_mb"] = round(len(ttl) / 1e6, 1)
    del nt, ttl
    print(f"[{label}] {out['triples']:,} triples; write {out['write_s']}", flush=True)

    t0 = time.perf_counter()
    read_graph(path, store="auto")
    out["open_store_s"] = round(time.perf_counter() - t0, 3)
    if args.parse_memory:
        t0 = time.perf_counter()
        parsed = read_graph(path, store="memory")
        out["parse_memory_s"] = round(time.perf_counter() - t0, 2)
        assert len(parsed) == len(graph)
        del parsed
    print(f"[{label}] open store {out['open_store_s']} s; parse into memory "
          f"{out.get('parse_memory_s', '-')} s", flush=True)
    out.update(bench_queries(label, graph, path, args))
    return out


def bench_queries(label: str, graph: Any, path: Path, args: argparse.Namespace
                  ) -> dict[str, Any]:
    """Every ready-made question on ``graph`` (rdflib's memory) and on the store of ``path``."""
    from kg.io import read_graph
    from kg.query import named_queries

    out: dict[str, Any] = {"graph": label, "triples": len(graph)}
    store_g = read_graph(path, store="auto")
    queries = []
    for name, q in named_queries().items():
        params = {p.name: p.example for p in q.params}
        st = time_query(store_g, name, params, args.repeat, cap=60)
        mem = time_query_limited(graph, name, params, args.memory_repeat, cap=60,
                                 limit=args.memory_limit)
        mem_rows, st_rows = mem.pop("_rows"), st.pop("_rows")
        same = None if mem_rows is None else mem_rows == st_rows
        mem_ms = mem["median_ms"] if mem["median_ms"] is not None else \
            mem["timed_out_after_ms"]
        ratio = mem_ms / st["median_ms"] if st["median_ms"] else None
        row = {"query": name, "params": params, "memory": mem, "store": st,
               "speedup": round(ratio, 1) if ratio else None,
               "speedup_is_lower_bound": mem["median_ms"] is None, "same_answers": same}
        queries.append(row)
        more = ">" if mem["median_ms"] is None else " "
        print(f"[{label}] {name:22s} memory {more}{mem_ms:>10.1f} ms  store "
              f"{st['median_ms']:>8.1f} ms  x{row['speedup']}{'+' if more == '>' else ''}  "
              f"rows {st['rows']}{'' if same is not False else '  ANSWERS DIFFER'}",
              flush=True)
    out["queries"] = queries
    meds = [r["store"]["median_ms"] for r in queries]
    out["store_median_of_medians_ms"] = statistics.median(meds)
    out["store_max_median_ms"] = max(meds)
    ratios = [r["speedup"] for r in queries if r["speedup"]]
    out["speedup_median"] = statistics.median(ratios) if ratios else None
    return out


def run_existing(path: Path, args: argparse.Namespace, sha: str, dirty: bool) -> None:
    """Time the questions on a Turtle file kg wrote (and its store), without building."""
    from rdflib import Graph

    from kg.io import read_graph
    from kg.store import is_fresh

    label = path.stem
    t0 = time.perf_counter()
    if not is_fresh(path):
        read_graph(path, store="oxigraph")  # makes the store once
    made = time.perf_counter() - t0
    t0 = time.perf_counter()
    graph = Graph().parse(str(path), format="ox-turtle")
    loaded = time.perf_counter() - t0
    print(f"[{label}] {len(graph):,} triples loaded into rdflib's memory in {loaded:.1f} s "
          "(oxrdflib's parser)", flush=True)
    out = bench_queries(label, graph, path, args)
    out.update({"memory_load_s": round(loaded, 1), "store_made_s": round(made, 1)})
    record = {"when": time.strftime("%Y-%m-%dT%H:%M:%S"), "commit": sha, "dirty": dirty,
              "python": platform.python_version(), "cpus": os.cpu_count(),
              "load_avg": os.getloadavg()[0],
              "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, **out}
    with open(args.results, "a", encoding="utf-8") as f:
        f.write(json.dumps(record) + "\n")
    print(f"[{label}] store: median of medians {out['store_median_of_medians_ms']} ms, "
          f"slowest {out['store_max_median_ms']} ms; median speedup x{out['speedup_median']}",
          flush=True)


def commit() -> tuple[str, bool]:
    root = HERE.parent
    try:
        sha = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, check=True).stdout.strip()
        dirty = bool(subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--",
                                     "kg"], capture_output=True, text=True).stdout.strip())
    except (OSError, subprocess.CalledProcessError):
        return os.environ.get("KG_BENCH_COMMIT", "?"), True
    return os.environ.get("KG_BENCH_COMMIT", sha), dirty


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    ap.add_argument("--sample-only", action="store_true")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--memory-repeat", type=int, default=3)
    ap.add_argument("--no-parse-memory", dest="parse_memory", action="store_false",
                    help="Skip timing rdflib's Turtle parser (a minute on the big graph).")
    ap.add_argument("--memory-limit", type=float, default=300.0,
                    help="Seconds one question may take in rdflib's memory before it is "
                    "stopped (the ratio is then a lower bound).")
    ap.add_argument("--graph", action="append", default=[],
                    help="Use this Turtle file (and its store) instead of building the corpus "
                    "(repeatable; the graph in memory is read with oxrdflib's parser).")
    ap.add_argument("--results", default=str(RESULTS))
    args = ap.parse_args()

    from kg.pipeline import build

    try:
        from kg.cache import default_dir
        cache: str | None = str(default_dir())
    except ImportError:
        cache = None
    sha, dirty = commit()
    graphs: list[tuple[str, list[str]]] = [("sample", [])]
    if not args.sample_only:
        graphs.append((Path(args.corpus).stem, [args.corpus]))
    if args.graph:
        for path in args.graph:
            run_existing(Path(path), args, sha, dirty)
        return
    with tempfile.TemporaryDirectory(prefix="kg-bench-query-") as tmp:
        for label, inputs in graphs:
            t0 = time.perf_counter()
            res = build(inputs, skip_bad=True, cache_dir=cache)
            built = time.perf_counter() - t0
            print(f"[{label}] built in {built:.1f} s ({len(res.papers)} papers)", flush=True)
            out = bench_graph(label, res.graph, Path(tmp), args)
            out["papers"] = len(res.papers)
            out["build_s"] = round(built, 1)
            record = {"when": time.strftime("%Y-%m-%dT%H:%M:%S"), "commit": sha,
                      "dirty": dirty, "python": platform.python_version(),
                      "cpus": os.cpu_count(),
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                      **out}
            Path(args.results).parent.mkdir(parents=True, exist_ok=True)
            with open(args.results, "a", encoding="utf-8") as f:
                f.write(json.dumps(record) + "\n")
            print(f"[{label}] store: median of medians {out['store_median_of_medians_ms']} ms,"
                  f" slowest {out['store_max_median_ms']} ms; median speedup "
                  f"x{out['speedup_median']}", flush=True)
            del res


if __name__ == "__main__":
    sys.exit(main())
