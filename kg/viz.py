"""An interactive, self-contained HTML picture of the graph, drawn with pyvis (vis-network).

The page works offline: vis-network is inlined from pyvis' own copy, no CDN is referenced,
and a Content-Security-Policy forbids the page any network request. Every text from the
graph reaches the page as JSON data and is shown with ``textContent``, never parsed as HTML.
"""
from __future__ import annotations

import math
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
from jinja2 import ChoiceLoader, Environment, FileSystemLoader
from pyvis.network import Network
from rdflib import Graph

from kg.analytics import pagerank, to_networkx
from kg.ontology import KG

COLORS = {"Paper": "#9e9e9e", "Model": "#1f77b4", "Dataset": "#2ca02c", "Method": "#ff7f0e",
          "Task": "#9467bd", "Repository": "#333333"}
#: above this many nodes the layout is computed in Python and physics is off
PHYSICS_LIMIT = 400
#: entities whose label stays readable when the whole graph is in view
HEADLINE_LABELS = 25


def _facts(g: Graph, G: nx.Graph, node: str) -> tuple[list[str], list[str]]:
    d = G.nodes[node]
    facts = [f"{G.degree(node)} links"]
    urls = []
    if d["type"] == "Repository" or node.startswith(("https://github.com/", "https://gitlab.com/")):
        urls.append(node)
    from rdflib import URIRef

    from kg.ontology import KG, SCHEMA

    s = URIRef(node)
    for o in g.objects(s, SCHEMA.url):
        urls.append(str(o))
    hub = g.value(s, KG.hubId)
    if hub is not None:
        facts.append(f"Hugging Face: {hub}")
    arxiv = g.value(s, KG.arxivId)
    if arxiv is not None:
        facts.append(f"arXiv: {arxiv}")
    return facts, sorted(set(urls))


def build_network(g: Graph, *, seed: int = 42, max_label: int = 40) -> Network:
    """A pyvis Network of the paper-entity graph: coloured by type, sized by PageRank."""
    G = to_networkx(g)
    rank = pagerank(G)
    net = Network(height="100%", width="100%", cdn_resources="in_line", directed=False)
    big = G.number_of_nodes() > PHYSICS_LIMIT
    pos: dict[str, Any] = {}
    if big and G.number_of_nodes():
        H = G.copy()  # lay families out beside their members
        H.add_edges_from((str(s), str(o)) for pred in (KG.variantOf, KG.subTaskOf)
                         for s, o in g.subject_objects(pred) if str(s) in G and str(o) in G)
        pos = nx.spring_layout(H, seed=seed, k=2 / math.sqrt(H.number_of_nodes()),
                               iterations=60, scale=60 * math.sqrt(H.number_of_nodes()))
    top = max(rank.values()) if rank else 1.0
    ids = {n: i for i, n in enumerate(sorted(G.nodes))}
    # the most important entities keep a readable label when the whole graph is in view
    entities = [n for n, d in G.nodes(data=True) if d["type"] not in ("Paper", "Repository")]
    headline = set(sorted(entities, key=lambda n: (-rank.get(n, 0.0), n))[:HEADLINE_LABELS])
    # nodes and edges are filled directly: Network.add_edge scans every edge (perf-notes.md)
    for n in sorted(G.nodes):
        d = G.nodes[n]
        full = d["label"]
        label = full if len(full) <= max_label else full[: max_label - 1] + "…"
        facts, urls = _facts(g, G, n)
        node: dict[str, Any] = {
            "id": ids[n], "label": label if d["type"] != "Paper" else "", "full": full,
            "title": f"{d['type']}: {full}", "group": d["type"], "color": COLORS[d["type"]],
            "shape": "dot", "size": 6 + 30 * math.sqrt(rank.get(n, 0) / top if top else 0),
            "facts": facts, "urls": urls, "iri": n,
        }
        if n in headline:
            node["font"] = {"size": 30 if big else 18, "strokeWidth": 4, "strokeColor": "#ffffff"}
        if n in pos:
            node["x"], node["y"] = float(pos[n][0]), float(pos[n][1])
        net.nodes.append(node)
        net.node_ids.append(ids[n])
        net.node_map[ids[n]] = node
    for a, b, d in sorted(G.edges(data=True)):
        net.edges.append({"from": ids[a], "to": ids[b], "title": ", ".join(d["roles"]),
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
    return net


def render_html(g: Graph, *, seed: int = 42) -> str:
    """The whole page as a string."""
    net = build_network(g, seed=seed)
    pyvis_templates = Path(Network.__init__.__code__.co_filename).parent / "templates"
    ours = resources.files("kg") / "templates"
    net.templateEnv = Environment(loader=ChoiceLoader([
        FileSystemLoader(str(ours)), FileSystemLoader(str(pyvis_templates))]))
    net.path = "kg_graph.html"
    html: str = net.generate_html()
    return html
