"""An interactive, self-contained HTML picture of the graph, drawn with pyvis (vis-network).

The page works offline: vis-network is inlined from pyvis' own copy, no CDN is referenced,
and a Content-Security-Policy forbids the page any network request. Every text from the
graph reaches the page as JSON data and is shown with ``textContent``, never parsed as HTML.

What is drawn is a :class:`View`: the whole graph, a focus (a node and its neighbourhood),
a Louvain community, the nodes a SPARQL query returns, optionally kept to some types; a
view larger than ``max_nodes`` keeps its most important entities (PageRank) and the papers
linking most of them.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
from jinja2 import ChoiceLoader, Environment, FileSystemLoader
from pyvis.network import Network
from rdflib import Graph

from kg.analytics import NODE_TYPES, community_parts, find_nodes, pagerank, to_networkx
from kg.errors import InputError
from kg.ontology import KG

COLORS = {"Paper": "#9e9e9e", "Model": "#1f77b4", "Dataset": "#2ca02c", "Method": "#ff7f0e",
          "Task": "#9467bd", "Repository": "#333333"}
#: above this many drawn nodes the layout is computed in Python and physics is off
PHYSICS_LIMIT = 400
#: entities whose label stays readable when the whole graph is in view
HEADLINE_LABELS = 25
#: a view with more nodes than this is cut to its most important entities and their papers
MAX_NODES = 2500
#: how many entities such a cut view keeps at most
TOP_ENTITIES = 300


@dataclass(frozen=True)
class View:
    """What to draw. ``focus``: names (label, alias or title, compared ignoring case, spaces
    and punctuation, or IRIs) whose neighbourhood of ``depth`` links is drawn; ``community``:
    the Louvain community of that number (1 = largest, as in ``kg stats``); ``query``: a
    SPARQL SELECT whose IRIs are drawn; ``types``: node types kept (papers are always kept
    as the links between entities, unless nothing else is left); ``max_nodes``/``top``: the
    cut of large views."""

    focus: tuple[str, ...] = ()
    depth: int = 1
    types: tuple[str, ...] = ()
    community: int | None = None
    query: str | None = None
    max_nodes: int = MAX_NODES
    top: int = TOP_ENTITIES
    seed: int = 42


def _query_nodes(g: Graph, G: nx.Graph, query: str) -> set[str]:
    from rdflib import URIRef

    from kg.errors import QueryError
    from kg.query import run_query

    res = run_query(g, query)
    if res.type != "SELECT":
        raise QueryError("kg viz --query needs a SELECT query")
    found = {str(v) for row in res if isinstance(row, tuple) for v in row
             if isinstance(v, URIRef) and str(v) in G}
    if not found:
        raise InputError("the query returned no paper, entity or repository to draw")
    if not any(G.nodes[n]["type"] == "Paper" for n in found):
        # entities only: add the papers that link two of them, to show how they relate
        linking: dict[str, int] = {}
        for n in found:
            for p in G.neighbors(n):
                if G.nodes[p]["type"] == "Paper":
                    linking[p] = linking.get(p, 0) + 1
        found |= {p for p, c in linking.items() if c >= 2}
    return found


def select(g: Graph, G: nx.Graph, rank: dict[str, float], view: View) -> tuple[set[str], str]:
    """The nodes a view draws, and a one-line description of them."""
    what = "the whole graph"
    pinned: set[str] = set()
    nodes: set[str] = set(G.nodes)
    if view.focus:
        found: set[str] = set()
        for name in view.focus:
            hits = find_nodes(g, G, name)
            if not hits:
                raise InputError(f"--focus: no paper or entity is named {name!r}")
            found.update(hits)
        pinned = found
        nodes = set()
        for f in sorted(found):
            nodes |= set(nx.ego_graph(G, f, radius=view.depth))
        names = ", ".join(G.nodes[f]["label"] for f in sorted(found))
        what = f"{names} and the nodes within {view.depth} link{'s' if view.depth != 1 else ''}"
    if view.community is not None:
        parts = community_parts(G, seed=view.seed)
        if not 1 <= view.community <= len(parts):
            raise InputError(f"--community: there are {len(parts)} communities (1 is the "
                             f"largest); {view.community} is not one")
        nodes &= parts[view.community - 1]
        what = f"community {view.community} of {len(parts)} (Louvain, seed {view.seed})"
    if view.query is not None:
        nodes &= _query_nodes(g, G, view.query)
        what = "the nodes of the query's result"
    if view.types:
        bad = sorted(set(view.types) - set(NODE_TYPES))
        if bad:
            raise InputError(f"--type: unknown type {bad[0]!r} (one of {', '.join(NODE_TYPES)})")
        keep = set(view.types)
        typed = {n for n in nodes if G.nodes[n]["type"] in keep}
        # papers stay as the links between the kept entities
        papers = {n for n in nodes if G.nodes[n]["type"] == "Paper"
                  and any(q in typed for q in G.neighbors(n))}
        nodes = typed | papers | (pinned & nodes)
        what += f", types {', '.join(view.types)}"
    if len(nodes) > view.max_nodes:
        nodes, cut = _cut(G, rank, nodes, pinned, view)
        what += f"; {cut}"
    return nodes, what


def _cut(G: nx.Graph, rank: dict[str, float], nodes: set[str], pinned: set[str],
         view: View) -> tuple[set[str], str]:
    """The most important entities of ``nodes`` (PageRank) and the papers linking most of
    them, ``view.max_nodes`` in all."""
    budget = max(view.max_nodes - len(pinned), 1)
    ents = sorted((n for n in nodes if G.nodes[n]["type"] != "Paper" and n not in pinned),
                  key=lambda n: (-rank.get(n, 0.0), n))[:min(view.top, max(budget // 2, 1))]
    kept = set(ents) | pinned
    links: dict[str, int] = {}
    for e in kept:
        for p in G.neighbors(e):
            if p in nodes and G.nodes[p]["type"] == "Paper":
                links[p] = links.get(p, 0) + 1
    room = max(view.max_nodes - len(kept), 0)
    order = sorted(links, key=lambda p: (-links[p], -rank.get(p, 0.0), p))
    # first the best paper of every kept entity (most important first), so that none is
    # drawn alone; then the papers linking most kept entities
    best = {p: i for i, p in enumerate(order)}
    chosen: dict[str, None] = {}
    for e in [*sorted(pinned), *ents]:
        mine = [p for p in G.neighbors(e) if p in best]
        if mine and len(chosen) < room and not any(p in chosen for p in mine):
            chosen[min(mine, key=best.__getitem__)] = None
    for p in order:
        if len(chosen) >= room:
            break
        chosen[p] = None
    papers = list(chosen)
    total = len(nodes)
    kept |= set(papers)
    return kept, (f"cut to the top {len(ents):,} entities by PageRank and the {len(papers):,} "
                  f"papers linking most of them ({len(kept):,} of {total:,} nodes)")


def _details(g: Graph, G: nx.Graph, node: str) -> tuple[list[str], list[str], str]:
    """Facts (lines of text), links (http(s) URLs) and the date of a node."""
    from rdflib import DCTERMS, SKOS, URIRef

    from kg.ontology import SCHEMA

    d = G.nodes[node]
    s = URIRef(node)
    facts = [f"{G.degree(node)} links"]
    urls: list[str] = []
    if d["type"] == "Repository" or node.startswith(("https://github.com/", "https://gitlab.com/")):
        urls.append(node)
    date = ""
    if d["type"] == "Paper":
        dt = g.value(s, DCTERMS.date)
        if dt is not None:
            date = str(dt)
            facts.append(f"date: {date}")
        for q in G.neighbors(node):
            if G.nodes[q]["type"] == "Repository":
                urls.append(q)
        for page in g.objects(s, KG.hasLink):
            urls.extend(str(u) for u in g.objects(page, SCHEMA.url))
    else:
        n_papers = sum(1 for q in G.neighbors(node) if G.nodes[q]["type"] == "Paper")
        facts[0] = f"{n_papers} paper{'s' if n_papers != 1 else ''}"
    urls.extend(str(o) for o in g.objects(s, SCHEMA.url))
    urls.extend(str(o) for o in g.objects(s, SKOS.exactMatch))
    hub = g.value(s, KG.hubId)
    if hub is not None:
        facts.append(f"Hugging Face: {hub}")
    arxiv = g.value(s, KG.arxivId)
    if arxiv is not None:
        facts.append(f"arXiv: {arxiv}")
        if not date and d["type"] == "Paper":
            from kg.arxivid import arxiv_month

            date = arxiv_month(str(arxiv)) or ""
            if date:
                facts.append(f"submitted: {date}")
    links = list(dict.fromkeys(u for u in urls if re.match(r"https?://", u)))
    return facts, links, date


def layout(G: nx.Graph, *, seed: int = 42) -> dict[str, tuple[float, float]]:
    """Positions of every node, the same for the same graph and seed.

    Each connected component is laid out on its own (Fruchterman-Reingold, igraph's grid
    variant: about 0.1 s for a thousand nodes where networkx' spring_layout takes ten), scaled
    so that the average node has room for its label; the components are then packed in rows,
    the largest first, so that small ones do not fly off and shrink the picture.
    """
    import random

    import igraph as ig
    import numpy as np

    comps = sorted((sorted(c) for c in nx.connected_components(G)), key=lambda c: (-len(c), c[0]))
    boxes: list[tuple[list[str], Any]] = []
    ig.set_random_number_generator(random.Random(seed))  # igraph's own draws, seeded
    try:
        for comp in comps:
            idx = {n: i for i, n in enumerate(comp)}
            if len(comp) == 1:
                xy = np.zeros((1, 2))
            else:
                h = ig.Graph(n=len(comp), edges=sorted(tuple(sorted((idx[a], idx[b])))
                                                       for a, b in G.subgraph(comp).edges))
                rng = np.random.default_rng(seed)
                start = (rng.random((len(comp), 2)) - 0.5) * math.sqrt(len(comp))
                coords = h.layout_fruchterman_reingold(seed=start.tolist(), niter=500,
                                                       grid="auto" if len(comp) > 1000 else False)
                xy = np.array(coords.coords, dtype=float)
                xy -= xy.mean(axis=0)
                spread = float(np.sqrt((xy ** 2).sum(axis=1).mean())) or 1.0
                xy *= 22 * math.sqrt(len(comp)) / spread
            boxes.append((comp, xy - xy.min(axis=0)))
    finally:
        ig.set_random_number_generator(random)
    pos: dict[str, tuple[float, float]] = {}
    gap = 40.0
    width = max(float(boxes[0][1][:, 0].max()) if boxes else 0.0, 600.0)
    x = y = row_h = 0.0
    for comp, xy in boxes:
        w, h_ = float(xy[:, 0].max()), float(xy[:, 1].max())
        if x > 0 and x + w > width:
            x, y, row_h = 0.0, y + row_h + gap, 0.0
        for i, n in enumerate(comp):
            pos[n] = (x + float(xy[i, 0]), y + float(xy[i, 1]))
        x += w + gap
        row_h = max(row_h, h_)
    return pos


def build_network(g: Graph, *, seed: int = 42, max_label: int = 40,
                  view: View | None = None) -> Network:
    """A pyvis Network of (a view of) the paper-entity graph: coloured by type, sized by
    PageRank in the whole graph; ``net.heading`` says what is drawn."""
    view = view or View(seed=seed)
    G_all = to_networkx(g)
    rank = pagerank(G_all)
    shown, caption = select(g, G_all, rank, view)
    G = G_all.subgraph(shown)
    net = Network(height="100%", width="100%", cdn_resources="in_line", directed=False)
    big = G.number_of_nodes() > PHYSICS_LIMIT
    pos: dict[str, Any] = {}
    if big:
        H = nx.Graph(G)  # lay families out beside their members
        H.add_edges_from((str(s), str(o)) for pred in (KG.variantOf, KG.subTaskOf)
                         for s, o in g.subject_objects(pred) if str(s) in G and str(o) in G)
        pos = layout(H, seed=seed)
    top = max((rank[n] for n in G), default=1.0) or 1.0
    ids = {n: i for i, n in enumerate(sorted(G.nodes))}
    # the most important entities keep a readable label when the whole view is in sight
    entities = [n for n, d in G.nodes(data=True) if d["type"] not in ("Paper", "Repository")]
    headline = set(sorted(entities, key=lambda n: (-rank.get(n, 0.0), n))[:HEADLINE_LABELS])
    # readable when the whole (precomputed, so widely spread) layout is in view
    font = round(max(18.0, 2.2 * math.sqrt(G.number_of_nodes()))) if big else 18
    # nodes and edges are filled directly: Network.add_edge scans every edge (perf-notes.md)
    for n in sorted(G.nodes):
        d = G.nodes[n]
        full = d["label"]
        label = full if len(full) <= max_label else full[: max_label - 1] + "…"
        facts, urls, date = _details(g, G_all, n)
        tip = f"{d['type']}: {full}\n" + " · ".join(facts)
        node: dict[str, Any] = {
            "id": ids[n], "label": label if d["type"] != "Paper" else "", "full": full,
            "title": tip, "group": d["type"], "color": COLORS[d["type"]],
            "shape": "dot", "size": round(6 + 30 * math.sqrt(rank.get(n, 0) / top), 2),
            "facts": facts, "urls": urls, "iri": n, "date": date,
            "pagerank": round(rank.get(n, 0.0), 6),
        }
        if n in headline:
            node["font"] = {"size": font, "strokeWidth": 4, "strokeColor": "#ffffff"}
        if n in pos:
            node["x"], node["y"] = round(float(pos[n][0]), 2), round(float(pos[n][1]), 2)
        net.nodes.append(node)
        net.node_ids.append(ids[n])
        net.node_map[ids[n]] = node
    for a, b in sorted(tuple(sorted(e)) for e in G.edges):
        net.edges.append({"from": ids[a], "to": ids[b],
                          "title": ", ".join(G.edges[a, b]["roles"]),
                          "color": {"color": "#cccccc", "highlight": "#333333"}, "width": 1})
    # families and parent tasks: "Llama 2 7B" hangs on "Llama 2", dashed
    for pred, name in ((KG.variantOf, "variant of"), (KG.subTaskOf, "sub-task of")):
        for s, o in sorted(g.subject_objects(pred)):
            if str(s) in ids and str(o) in ids:
                net.edges.append({"from": ids[str(s)], "to": ids[str(o)], "title": name,
                                  "dashes": True, "color": {"color": "#9bb7d4"}, "width": 1})
    options = {
        "physics": {"enabled": not big, "solver": "forceAtlas2Based",
                    "stabilization": {"enabled": True, "iterations": 300}},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": big},
        "nodes": {"font": {"size": 12}}, "edges": {"smooth": False},
    }
    net.options = options  # type: ignore[assignment]
    # shown in the page's bar (escaped by the template)
    net.heading = caption
    return net


def render_html(g: Graph, *, seed: int = 42, view: View | None = None) -> str:
    """The whole page as a string."""
    net = build_network(g, seed=seed, view=view)
    pyvis_templates = Path(Network.__init__.__code__.co_filename).parent / "templates"
    ours = resources.files("kg") / "templates"
    net.templateEnv = Environment(loader=ChoiceLoader([
        FileSystemLoader(str(ours)), FileSystemLoader(str(pyvis_templates))]))
    net.path = "kg_graph.html"
    html: str = net.generate_html()
    return html
