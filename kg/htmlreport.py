"""``kg report``: one static HTML page with the figures a reader wants at a glance.

Charts are inline SVG drawn here (no script, no library, no network): entity counts by type,
the most used datasets / models / methods / tasks, the highest PageRank entities, the largest
communities, papers per period and the rising entities, and how many papers have code. Every
text from the graph goes through :func:`html.escape`.
"""
from __future__ import annotations

from collections import Counter
from html import escape
from typing import Any

from rdflib import Graph

COLORS = {"Paper": "#9e9e9e", "Model": "#1f77b4", "Dataset": "#2ca02c", "Method": "#ff7f0e",
          "Task": "#9467bd", "Repository": "#333333"}
CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'none'; "
       "connect-src 'none'")


def _e(x: object) -> str:
    return escape(str(x), quote=True)


def _cut(s: str, n: int = 48) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def bar_chart(rows: list[tuple[str, float, str]], *, title: str, unit: str = "",
              fmt: str = "{:,.0f}", width: int = 640) -> str:
    """A horizontal bar chart as inline SVG: ``rows`` of (label, value, colour), drawn in the
    given order; bar lengths are proportional to the values (the largest fills the width).
    Each bar carries its value in ``data-value`` and its label in a ``<title>``."""
    if not rows:
        return f'<p class="empty">{_e(title)}: nothing to show.</p>'
    row_h, label_w, value_w = 22, 260, 90
    bar_w = width - label_w - value_w
    top = max(v for _, v, _ in rows) or 1.0
    h = row_h * len(rows) + 8
    out = [f'<figure><figcaption>{_e(title)}</figcaption>'
           f'<svg class="chart bar" xmlns="http://www.w3.org/2000/svg" width="{width}" '
           f'height="{h}" viewBox="0 0 {width} {h}" role="img" aria-label="{_e(title)}">']
    for i, (label, value, color) in enumerate(rows):
        y = 4 + i * row_h
        w = max(bar_w * value / top, 1.0 if value > 0 else 0.0)
        shown = fmt.format(value) + (f" {unit}" if unit else "")
        out.append(
            f'<g><title>{_e(label)}: {_e(shown)}</title>'
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{_e(_cut(label, 36))}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" '
            f'fill="{_e(color)}" data-value="{value}"/>'
            f'<text x="{label_w + w + 5:.1f}" y="{y + 15}">{_e(shown)}</text></g>')
    out.append("</svg></figure>")
    return "".join(out)


def column_chart(rows: list[tuple[str, float]], *, title: str, color: str = "#4c78a8",
                 fmt: str = "{:,.0f}", width: int = 640) -> str:
    """A vertical bar chart (a time series) as inline SVG: one column per (period, value);
    at most about twelve period labels are written under the axis."""
    if not rows:
        return f'<p class="empty">{_e(title)}: nothing to show.</p>'
    h, base, left = 220, 190, 50
    col = (width - left - 10) / len(rows)
    top = max(v for _, v in rows) or 1.0
    every = max(1, round(len(rows) / 12))
    out = [f'<figure><figcaption>{_e(title)}</figcaption>'
           f'<svg class="chart column" xmlns="http://www.w3.org/2000/svg" width="{width}" '
           f'height="{h}" viewBox="0 0 {width} {h}" role="img" aria-label="{_e(title)}">',
           f'<line x1="{left}" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#888"/>',
           f'<text x="{left - 6}" y="{base - 166}" text-anchor="end">'
           f'{_e(fmt.format(top))}</text>',
           f'<text x="{left - 6}" y="{base + 4}" text-anchor="end">0</text>']
    for i, (period, value) in enumerate(rows):
        x = left + i * col
        hh = 170 * value / top
        out.append(f'<g><title>{_e(period)}: {_e(fmt.format(value))}</title>'
                   f'<rect x="{x + col * 0.1:.1f}" y="{base - hh:.1f}" width="{col * 0.8:.1f}" '
                   f'height="{hh:.1f}" fill="{_e(color)}" data-value="{value}"/></g>')
        if i % every == 0:
            out.append(f'<text x="{x + col / 2:.1f}" y="{base + 16}" text-anchor="middle" '
                       f'class="tick">{_e(period)}</text>')
    out.append("</svg></figure>")
    return "".join(out)


def code_coverage(g: Graph, per: dict[str, str]) -> dict[str, Any]:
    """Repositories per paper: ``{"histogram": {"0": papers with none, "1": …, "3+": …},
    "per_period": [{"period", "papers", "with_code", "share"}]}``."""
    from rdflib import RDF

    from kg.ontology import KG

    papers = sorted(str(p) for p in g.subjects(RDF.type, KG.Paper))
    n_repos = Counter({p: 0 for p in papers})
    for s, _o in g.subject_objects(KG.hasRepository):
        if str(s) in n_repos:
            n_repos[str(s)] += 1
    hist = Counter(min(v, 3) for v in n_repos.values())
    by_period: dict[str, list[int]] = {}
    for p, k in per.items():
        if p in n_repos:
            cell = by_period.setdefault(k, [0, 0])
            cell[0] += 1
            cell[1] += 1 if n_repos[p] else 0
    return {"histogram": {("3+" if k == 3 else str(k)): hist.get(k, 0) for k in range(4)},
            "per_period": [{"period": k, "papers": a, "with_code": b,
                            "share": round(b / a, 6) if a else 0.0}
                           for k, (a, b) in sorted(by_period.items())]}


def report_data(g: Graph, *, seed: int = 42, n: int = 10, granularity: str = "year",
                recent: int = 2, min_count: int = 2) -> dict[str, Any]:
    """What the report shows, as data: :func:`kg.analytics.stats` plus ``"code"``
    (:func:`code_coverage`)."""
    from kg.analytics import stats
    from kg.trends import paper_months, periods

    data = stats(g, seed=seed, n=n, min_count=min_count, granularity=granularity,
                 recent=recent, with_betweenness=False)  # the report does not show it
    data["code"] = code_coverage(g, periods(paper_months(g), granularity))
    return data


STYLE = """
body { font: 14px/1.4 system-ui, sans-serif; color: #222; margin: 24px auto; max-width: 1340px;
       padding: 0 16px; }
h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 17px; margin: 28px 0 6px;
     border-bottom: 1px solid #ddd; padding-bottom: 4px; }
.grid { display: flex; flex-wrap: wrap; gap: 12px 28px; }
figure { margin: 8px 0; } figcaption { font-weight: 600; margin-bottom: 4px; }
svg.chart text { font: 12px system-ui, sans-serif; fill: #333; }
svg.chart text.tick { font-size: 10px; fill: #666; }
.summary span { display: inline-block; margin-right: 18px; }
.summary b { font-size: 18px; }
table { border-collapse: collapse; font-size: 13px; }
td, th { padding: 2px 8px; text-align: left; border-bottom: 1px solid #eee; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.empty, .note { color: #666; }
"""


def render_report(data: dict[str, Any], *, title: str = "kg report") -> str:
    """The report page for :func:`report_data`'s output."""
    c = data["counts"]
    parts: list[str] = []
    add = parts.append
    add(f'<h1>{_e(title)}</h1>')
    add('<p class="summary">' + "".join(
        f'<span><b>{c[t]:,}</b> {label}</span>' for t, label in (
            ("Paper", "papers"), ("Model", "models"), ("Dataset", "datasets"),
            ("Method", "methods"), ("Task", "tasks"), ("Repository", "repositories"),
            ("links", "links"))) +
        f'<span><b>{data["papers_with_code"]:,}</b> papers with code</span></p>')
    add("<h2>Entities by type</h2>")
    add(bar_chart([(t, c[t], COLORS[t]) for t in COLORS], title="Nodes per type"))
    add("<h2>Most used</h2><div class=\"grid\">")
    for t, rows in data["top"].items():
        add(bar_chart([(r["label"], r["papers"], COLORS[t]) for r in rows],
                      title=f"Top {t.lower()}s by papers", unit="papers"))
    add("</div>")
    add("<h2>Most important (PageRank)</h2>")
    add(bar_chart([(f"{r['label']} ({r['type']})", r["pagerank"], COLORS[r["type"]])
                   for r in data["pagerank_top"]],
                  title="Entities of highest PageRank", fmt="{:.4f}"))
    comm = data["communities"]
    add(f"<h2>Communities</h2><p class=\"note\">{comm['count']} Louvain communities (seed "
        f"{comm['seed']}); each is named by its most linked entities. "
        "<code>kg viz --community N</code> draws one.</p>")
    add(bar_chart([(f"{k['number']}. {', '.join(k['top']) or '(no entity)'}", k["size"],
                    "#6b8fb5") for k in comm["largest"]],
                  title="Largest communities (nodes)", unit="nodes"))
    tr = data["trends"]
    add(f"<h2>Over time</h2><p class=\"note\">{tr['dated']:,} papers dated (by "
        f"<code>dcterms:date</code> or arXiv id), {tr['undated']:,} undated.</p>")
    if tr["per_period"]:
        add('<div class="grid">')
        add(column_chart([(r["period"], r["papers"]) for r in tr["per_period"]],
                         title=f"Papers per {tr['granularity']}"))
        ri = tr["rising"]
        if ri["top"]:
            add(bar_chart([(f"{r['label']} ({r['type']})", 100 * r["change"], COLORS[r["type"]])
                           for r in ri["top"] if r["change"] > 0],
                          title=f"Rising in {ri['recent_periods'][0]}–"
                                f"{ri['recent_periods'][-1]} (share of papers, change in "
                                "points)", fmt="{:+.1f}", unit="pts"))
        add("</div>")
    else:
        add('<p class="empty">No paper carries a date or an arXiv id: no trends.</p>')
    code = data["code"]
    add("<h2>Code</h2><div class=\"grid\">")
    add(bar_chart([(f"{k} repositor{'y' if k == '1' else 'ies'}", v, "#333333")
                   for k, v in code["histogram"].items()],
                  title="Papers by number of repositories", unit="papers"))
    if code["per_period"]:
        add(column_chart([(r["period"], 100 * r["share"]) for r in code["per_period"]],
                         title="Share of papers with code (%)", color="#333333",
                         fmt="{:.0f}%"))
    add("</div>")
    co = data["cooccurrence"]
    add(f"<h2>Used together</h2><p class=\"note\">Pairs linked by at least {co['min_count']} "
        f"papers of {co['papers']:,}; lift = papers(a,b)·N / (papers(a)·papers(b)).</p>"
        '<div class="grid">')
    for kind, rows in co["pairs"].items():
        add(f"<table><caption>{_e(kind)}</caption><tr><th>pair</th><th>papers</th>"
            "<th>lift</th></tr>" + "".join(
                f"<tr><td>{_e(r['a_label'])} + {_e(r['b_label'])}</td>"
                f"<td class=\"num\">{r['papers']}</td><td class=\"num\">{r['lift']:.2f}</td></tr>"
                for r in rows) + "</table>")
    add("</div>")
    body = "\n".join(parts)
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<title>{_e(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n'
            f'{body}\n</body>\n</html>\n')


def report_html(g: Graph, *, seed: int = 42, n: int = 10, granularity: str = "year",
                recent: int = 2, min_count: int = 2, title: str = "kg report") -> str:
    """The whole report page for the graph ``g``."""
    return render_report(report_data(g, seed=seed, n=n, granularity=granularity,
                                     recent=recent, min_count=min_count), title=title)
