"""Trends over time: papers per period and the entities rising fastest.

A paper's date is its ``dcterms:date`` (the listing or update date of the input); failing that,
the month its arXiv id encodes (``2305.01234`` -> 2023-05, ``cs/0701001`` -> 2007-01). Papers
with neither are left out of every trend (and counted as undated).
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Any

import networkx as nx
from rdflib import DCTERMS, RDF, Graph

from kg.arxivid import arxiv_month
from kg.ontology import KG

GRANULARITIES = ("year", "month")
_DATE = re.compile(r"^(\d{4})-(\d{2})-\d{2}")


def paper_months(g: Graph) -> dict[str, str]:
    """``YYYY-MM`` of every dated paper of ``g`` by IRI: ``dcterms:date`` first, else the
    arXiv id's month."""
    out: dict[str, str] = {}
    for p in g.subjects(RDF.type, KG.Paper):
        month = None
        d = g.value(p, DCTERMS.date)
        m = _DATE.match(str(d)) if d is not None else None
        if m:
            month = f"{m.group(1)}-{m.group(2)}"
        else:
            a = g.value(p, KG.arxivId)
            month = arxiv_month(str(a)) if a is not None else None
        if month:
            out[str(p)] = month
    return dict(sorted(out.items()))


def periods(months: dict[str, str], granularity: str = "year") -> dict[str, str]:
    """Each paper's period: ``YYYY`` (year) or ``YYYY-MM`` (month)."""
    if granularity not in GRANULARITIES:
        raise ValueError(f"granularity must be one of {', '.join(GRANULARITIES)}")
    return {p: m[:4] if granularity == "year" else m for p, m in months.items()}


def papers_per_period(per: dict[str, str]) -> list[dict[str, Any]]:
    """``[{"period", "papers"}]`` in time order, with empty periods between the first and
    last filled in with 0 (so a chart's gaps are real)."""
    c = Counter(per.values())
    if not c:
        return []
    keys = sorted(c)
    return [{"period": k, "papers": c.get(k, 0)} for k in _span(keys[0], keys[-1])]


def _span(first: str, last: str) -> list[str]:
    if len(first) == 4:
        return [f"{y:04d}" for y in range(int(first), int(last) + 1)]
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def rising(G: nx.Graph, per: dict[str, str], *, recent: int = 2, min_papers: int = 2,
           n: int = 10, etype: str | None = None) -> dict[str, Any]:
    """Entities whose share of papers grew most in the last ``recent`` periods.

    The dated papers are split into the *recent* window (the last ``recent`` periods that
    have papers) and *before* (every earlier one). For an entity linked by ``r`` of the
    ``R`` recent papers and ``b`` of the ``B`` earlier ones, ``share_recent = r / R``,
    ``share_before = b / B`` and ``change = share_recent - share_before`` (in shares,
    0.05 = five percentage points). Entities linked by fewer than ``min_papers`` recent
    papers are left out. Rows ``{"iri", "label", "type", "recent", "before",
    "share_recent", "share_before", "change"}`` by change, then recent papers (descending),
    then label; ``etype`` keeps one entity type.
    """
    keys = sorted(set(per.values()))
    window = keys[-recent:] if recent > 0 else []
    cut = window[0] if window else None
    out: dict[str, Any] = {"recent_periods": window,
                           "before_periods": [k for k in keys if cut is None or k < cut],
                           "recent_papers": 0, "before_papers": 0, "top": []}
    if not window or len(keys) <= len(window):
        out["recent_papers"] = sum(1 for v in per.values() if v in window)
        return out
    r_c: Counter[str] = Counter()
    b_c: Counter[str] = Counter()
    n_r = n_b = 0
    for p, k in per.items():
        if p not in G:
            continue
        ents = [q for q in G.neighbors(p) if G.nodes[q]["type"] in ("Model", "Dataset",
                                                                    "Method", "Task")
                and (etype is None or G.nodes[q]["type"] == etype)]
        if k >= cut:  # type: ignore[operator]
            n_r += 1
            r_c.update(ents)
        else:
            n_b += 1
            b_c.update(ents)
    out["recent_papers"], out["before_papers"] = n_r, n_b
    rows = []
    for e, r in r_c.items():
        if r < min_papers:
            continue
        sr, sb = r / n_r, (b_c[e] / n_b if n_b else 0.0)
        rows.append({"iri": e, "label": G.nodes[e]["label"], "type": G.nodes[e]["type"],
                     "recent": r, "before": b_c[e], "share_recent": sr,
                     "share_before": sb, "change": sr - sb})
    rows.sort(key=lambda x: (-x["change"], -x["recent"], x["label"], x["iri"]))
    out["top"] = rows[:n]
    return out


def trends(g: Graph, G: nx.Graph, *, granularity: str = "year", recent: int = 2,
           min_papers: int = 2, n: int = 10) -> dict[str, Any]:
    """Everything ``kg stats`` and ``kg report`` show about time, as data:
    ``{"granularity", "dated", "undated", "per_period", "rising"}``."""
    months = paper_months(g)
    per = periods(months, granularity)
    n_papers = sum(1 for _, d in G.nodes(data=True) if d["type"] == "Paper")
    return {"granularity": granularity, "dated": len(per), "undated": n_papers - len(per),
            "per_period": papers_per_period(per),
            "rising": rising(G, per, recent=recent, min_papers=min_papers, n=n)}
