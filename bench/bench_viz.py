"""How long ``kg viz`` (and ``kg report``) take on a big graph, and how long Chromium takes to
draw the page (run by hand; not part of the tests).

    python bench/bench_viz.py [GRAPH] [--max-nodes 2500] [--top 300] [--no-browser]
                              [--screenshot out.png] [--report]

Default GRAPH: /tmp/big/kg.nt, built with
``kg build ../shared/data/arxiv_ml_abstracts.jsonl --skip-bad -o /tmp/big/kg.nt``.
Prints and appends to bench/results/viz.jsonl: seconds to read the graph, to make the page
(analytics, selection, layout, HTML), its size and node count, and the seconds headless
Chromium needs from navigation to the first drawing of the network.
"""
from __future__ import annotations

import argparse
import json
import platform
import re
import time
from pathlib import Path

RESULTS = Path(__file__).parent / "results" / "viz.jsonl"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
        "--disable-gpu"]


def draw_seconds(html: Path, screenshot: str | None) -> tuple[float, int, list[str]]:
    """Seconds from navigation to vis-network's first drawing, the node count the page holds,
    and every non-local request it made."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = b.new_page(viewport={"width": 1400, "height": 900})
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            t0 = time.perf_counter()
            page.goto(html.resolve().as_uri(), wait_until="load")
            page.wait_for_function('() => document.body.dataset.drawn === "true"',
                                   timeout=300_000)
            seconds = time.perf_counter() - t0
            nodes = int(page.evaluate("window.kgNodes.length"))
            if screenshot:
                page.screenshot(path=screenshot)
        finally:
            b.close()
    return seconds, nodes, [u for u in requests if not u.startswith(("file:", "data:"))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("graph", nargs="?", default="/tmp/big/kg.nt")
    ap.add_argument("--max-nodes", type=int, default=2500)
    ap.add_argument("--top", type=int, default=300)
    ap.add_argument("-o", "--output", default="/tmp/kg-bench-viz.html")
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--screenshot", default=None)
    ap.add_argument("--report", action="store_true", help="also time kg report")
    a = ap.parse_args()

    from kg.io import atomic_open, read_graph
    from kg.viz import View, render_html

    t0 = time.perf_counter()
    g = read_graph(a.graph)
    read_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    html = render_html(g, view=View(max_nodes=a.max_nodes, top=a.top))
    render_s = time.perf_counter() - t0
    out = Path(a.output)
    with atomic_open(out) as f:
        f.write(html)
    row: dict[str, object] = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"), "python": platform.python_version(),
        "graph": a.graph, "triples": len(g), "max_nodes": a.max_nodes, "top": a.top,
        "read_s": round(read_s, 2), "render_s": round(render_s, 2),
        "html_mb": round(len(html.encode("utf-8")) / 1e6, 2),
        "caption": re.search(r'id="caption">([^<]*)<', html).group(1),  # type: ignore[union-attr]
    }
    if not a.no_browser:
        seconds, nodes, remote = draw_seconds(out, a.screenshot)
        row.update(draw_s=round(seconds, 2), nodes=nodes, remote_requests=len(remote))
    if a.report:
        from kg.htmlreport import report_html

        t0 = time.perf_counter()
        rep = report_html(g)
        row.update(report_s=round(time.perf_counter() - t0, 2),
                   report_kb=round(len(rep.encode("utf-8")) / 1e3, 1))
        with atomic_open(out.with_name("kg-bench-report.html")) as f:
            f.write(rep)
    print(json.dumps(row, indent=1))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("a", encoding="utf-8") as f:
        f.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
