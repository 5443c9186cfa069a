"""Text renderings of analytics for the terminal."""
from __future__ import annotations

from typing import Any

PAIR_TITLES = {"dataset-method": "Datasets and methods", "model-dataset": "Models and datasets",
               "method-method": "Method pairs"}


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
        lines.append(f"  {k.get('number', i):>2}. {k['size']} nodes, {k['papers']} papers: "
                     f"{', '.join(k['top'])}")
    co = data.get("cooccurrence")
    if co:
        for kind, rows in co["pairs"].items():
            lines.append("")
            lines.append(f"{PAIR_TITLES.get(kind, kind)} in the same papers (papers, lift, "
                         f"PMI; at least {co['min_count']} papers)")
            if not rows:
                lines.append("  (none)")
                continue
            pairs = [f"{r['a_label']} + {r['b_label']}" for r in rows]
            width = max(len(x) for x in pairs)
            for x, r in zip(pairs, rows, strict=True):
                lines.append(f"  {x.ljust(width)}  {r['papers']:>4}  {r['lift']:>7.2f}  "
                             f"{r['pmi']:>+6.2f}")
    bt = data.get("betweenness")
    if bt and bt["top"]:
        how = "exact" if bt["exact"] else f"sampled from {bt['sources']} sources, seed {bt['seed']}"
        lines.append("")
        lines.append(f"Highest betweenness entities ({how})")
        for r in bt["top"]:
            lines.append(f"  {r['betweenness']:.4f}  {r['type']:<8} {r['label']}")
    for rel in data.get("related", []):
        lines.append("")
        lines.append(f"Papers most related to \"{rel['title']}\" (Jaccard of their entities)")
        if not rel["related"]:
            lines.append("  (no paper shares an entity with it)")
        for r in rel["related"]:
            lines.append(f"  {r['jaccard']:.3f}  {r['label']}")
            lines.append(f"         shared: {', '.join(r['shared'])}")
    tr = data.get("trends")
    if tr:
        lines.extend(trends_text(tr))
    if "annotated" in data:
        lines.append("")
        lines.append(f"wrote {data['annotated']:,} analytics triples (kg:degree, kg:pageRank, "
                     "kg:betweenness, kg:community)")
    return "\n".join(lines)


def trends_text(tr: dict[str, Any]) -> list[str]:
    """The trends part of the ``kg stats`` report."""
    lines = ["", f"Papers per {tr['granularity']} ({tr['dated']} dated, {tr['undated']} undated)"]
    if not tr["per_period"]:
        lines.append("  (no paper carries a date or an arXiv id)")
        return lines
    top = max(r["papers"] for r in tr["per_period"]) or 1
    for r in tr["per_period"]:
        lines.append(f"  {r['period']:<7}  {r['papers']:>6}  {'#' * round(40 * r['papers'] / top)}")
    ri = tr["rising"]
    if not ri["recent_periods"] or not ri["before_periods"]:
        return lines
    lines.append("")
    lines.append(f"Rising entities ({ri['recent_periods'][0]}-{ri['recent_periods'][-1]}: "
                 f"{ri['recent_papers']} papers; before: {ri['before_papers']}; share of papers "
                 "recent vs before)")
    if not ri["top"]:
        lines.append("  (none)")
    width = max((len(r["label"]) for r in ri["top"]), default=0)
    for r in ri["top"]:
        lines.append(f"  {r['label'].ljust(width)}  {r['type']:<8} {100 * r['share_recent']:5.1f}% "
                     f"vs {100 * r['share_before']:5.1f}%  {100 * r['change']:+5.1f} pts "
                     f"({r['recent']} vs {r['before']} papers)")
    return lines
