"""Text renderings of analytics for the terminal."""
from __future__ import annotations

from typing import Any


def stats_text(data: dict[str, Any]) -> str:
    """The ``kg stats`` report."""
    c = data["counts"]
    lines = [
        "Graph",
        f"  papers {c['Paper']}, models {c['Model']}, datasets {c['Dataset']}, "
        f"methods {c['Method']}, tasks {c['Task']}, repositories {c['Repository']}, "
        f"links {c['links']}",
        f"  papers with code: {data['papers_with_code']} of {c['Paper']}",
        f"  connected components: {data['components']['count']} "
        f"(largest {data['components']['largest']} nodes)",
    ]
    for t, rows in data["top"].items():
        if not rows:
            continue
        lines.append("")
        lines.append(f"Most used {t.lower()}s (papers, PageRank)")
        width = max(len(r["label"]) for r in rows)
        for r in rows:
            lines.append(f"  {r['label'].ljust(width)}  {r['papers']:>4}  {r['pagerank']:.4f}")
    lines.append("")
    lines.append("Highest PageRank entities")
    for r in data["pagerank_top"]:
        lines.append(f"  {r['pagerank']:.4f}  {r['type']:<8} {r['label']}")
    comm = data["communities"]
    lines.append("")
    lines.append(f"Communities (Louvain, seed {comm['seed']}): {comm['count']}")
    for i, k in enumerate(comm["largest"], start=1):
        lines.append(f"  {i:>2}. {k['size']} nodes, {k['papers']} papers: {', '.join(k['top'])}")
    return "\n".join(lines)
