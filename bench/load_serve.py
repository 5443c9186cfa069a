"""Load test of ``kg serve`` on loopback (run by hand, not a test): concurrent clients for a
fixed time, then requests per second, latency percentiles and errors.

    python bench/load_serve.py [-g graphs/kg.ttl] [--clients 8] [--seconds 20] [--workers 2]

Starts ``kg serve -g GRAPH --port 0`` (127.0.0.1 only), waits for it, then runs ``--clients``
threads, each with one keep-alive HTTP connection, for ``--seconds``: every request is one of
the ready-made questions with its documented example values (``GET /named/NAME?…``) or a
small SELECT (``POST /sparql``), in turn. Any status but 200 counts as an error. The server is
stopped at the end. A JSON line is appended to bench/results/serve.jsonl.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "serve.jsonl"
SELECT = ("SELECT ?title WHERE { ?p kg:uses ?d ; dcterms:title ?title . "
          "?d rdfs:label \"GSM8K\" } ORDER BY ?title LIMIT 20")


def requests() -> list[tuple[str, str, bytes | None, dict[str, str]]]:
    from kg.query import named_queries

    out: list[tuple[str, str, bytes | None, dict[str, str]]] = []
    for q in named_queries().values():
        params = urllib.parse.urlencode({p.name: p.example for p in q.params})
        out.append(("GET", f"/named/{q.name}?{params}", None, {}))
    out.append(("POST", "/sparql", urllib.parse.urlencode({"query": SELECT}).encode(),
                {"Content-Type": "application/x-www-form-urlencoded"}))
    return out


def client(port: int, stop: float, offset: int, lat: list[float], errors: list[str]) -> None:
    reqs = requests()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    i = offset
    while time.monotonic() < stop:
        method, path, body, headers = reqs[i % len(reqs)]
        i += 1
        t0 = time.perf_counter()
        try:
            conn.request(method, path, body=body,
                         headers={**headers, "Accept": "application/sparql-results+json"})
            resp = conn.getresponse()
            resp.read()
            if resp.status != 200:
                errors.append(f"{resp.status} {path}")
        except (OSError, http.client.HTTPException) as e:
            errors.append(f"{type(e).__name__} {path}")
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            continue
        lat.append(time.perf_counter() - t0)
    conn.close()


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    k = min(len(s) - 1, max(0, round(p / 100 * (len(s) - 1))))
    return s[k]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-g", "--graph", default="graphs/kg.ttl")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--results", default=str(RESULTS))
    args = ap.parse_args()

    exe = Path(sys.executable).parent / "kg"
    proc = subprocess.Popen([str(exe), "serve", "-g", args.graph, "--port", "0",
                             "--workers", str(args.workers), "--timeout", "30"],
                            stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        if "http://127.0.0.1:" not in line:
            sys.exit(f"kg serve did not start: {line}{proc.stderr.read()}")
        port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
        # one pass to warm every worker, not timed
        for _ in range(args.workers):
            client(port, time.monotonic() + 0.01, 0, [], [])
        stop = time.monotonic() + args.seconds
        lats: list[list[float]] = [[] for _ in range(args.clients)]
        errs: list[list[str]] = [[] for _ in range(args.clients)]
        threads = [threading.Thread(target=client, args=(port, stop, i, lats[i], errs[i]))
                   for i in range(args.clients)]
        t0 = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.monotonic() - t0
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    lat = [x for ls in lats for x in ls]
    errors = [e for es in errs for e in es]
    ms = [x * 1000 for x in lat]
    out: dict[str, Any] = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"), "python": platform.python_version(),
        "cpus": os.cpu_count(), "graph": args.graph, "clients": args.clients,
        "workers": args.workers, "seconds": round(wall, 1), "requests": len(lat),
        "errors": len(errors), "rps": round(len(lat) / wall, 1),
        "latency_ms": {"p50": round(statistics.median(ms), 1), "p90": round(pct(ms, 90), 1),
                       "p99": round(pct(ms, 99), 1), "max": round(max(ms), 1)} if ms else {},
        "error_samples": errors[:5],
    }
    Path(args.results).parent.mkdir(parents=True, exist_ok=True)
    with open(args.results, "a", encoding="utf-8") as f:
        f.write(json.dumps(out) + "\n")
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
