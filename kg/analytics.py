"""Graph analytics with networkx: importance, most-used entities, components, communities.

Each analysis is a plain function ``f(G, *, seed=...) -> dict`` over the paper-entity graph
that :func:`to_networkx` makes from an RDF graph; every output is sorted and seeded.
"""
from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx
from rdflib import DCTERMS, RDF, RDFS, Graph

from kg.ontology import KG

NODE_TYPES = ("Paper", "Model", "Dataset", "Method", "Task", "Repository")
ROLE_PREDICATES = {KG.introduces: "introduces", KG.uses: "uses",
                   KG.comparesWith: "comparesWith", KG.mentions: "mentions",
                   KG.addresses: "addresses", KG.hasRepository: "hasRepository"}


def to_networkx(g: Graph) -> nx.Graph:
    """Undirected graph: papers, entities and repositories as nodes (``type``, ``label``,
    ``iri``), paper -> entity links as edges (``roles``)."""
    # nodes and edges go in sorted, not in the store's order: Louvain and PageRank depend on
    # insertion order, and a store's order changes with the hash seed of the process
    G = nx.Graph()
    for t in NODE_TYPES:
        for s in sorted(g.subjects(RDF.type, KG[t]), key=str):
            label = g.value(s, DCTERMS.title) if t == "Paper" else g.value(s, RDFS.label)
            G.add_node(str(s), type=t, label=str(label if label is not None else s))
    for p, name in ROLE_PREDICATES.items():
        for s, o in sorted(g.subject_objects(p), key=lambda so: (str(so[0]), str(so[1]))):
            a, b = str(s), str(o)
            if a not in G or b not in G:
                continue
            if G.has_edge(a, b):
                G.edges[a, b]["roles"] = sorted(set(G.edges[a, b]["roles"]) | {name})
            else:
                G.add_edge(a, b, roles=[name])
    return G


def _entities(G: nx.Graph, etype: str | None = None) -> list[str]:
    return sorted(n for n, d in G.nodes(data=True) if d["type"] not in ("Paper", "Repository")
                  and (etype is None or d["type"] == etype))


def counts(G: nx.Graph) -> dict[str, int]:
    """Nodes per type and the number of edges."""
    c = Counter(d["type"] for _, d in G.nodes(data=True))
    out = {t: c.get(t, 0) for t in NODE_TYPES}
    out["links"] = G.number_of_edges()
    return out


def pagerank(G: nx.Graph) -> dict[str, float]:
    """PageRank of every node (deterministic power iteration)."""
    if G.number_of_nodes() == 0:
        return {}
    return nx.pagerank(G, alpha=0.85, max_iter=200, tol=1e-10)


def top_entities(G: nx.Graph, etype: str, n: int = 10,
                 rank: dict[str, float] | None = None) -> list[dict[str, Any]]:
    """Entities of a type by the number of papers linking them (degree), then PageRank."""
    rank = rank if rank is not None else pagerank(G)
    rows = [{"iri": e, "label": G.nodes[e]["label"], "papers": G.degree(e),
             "pagerank": round(rank.get(e, 0.0), 6)} for e in _entities(G, etype)]
    rows.sort(key=lambda r: (-r["papers"], -r["pagerank"], r["label"]))
    return rows[:n]


def components(G: nx.Graph) -> dict[str, Any]:
    """How many connected components, and their sizes (largest first)."""
    sizes = sorted((len(c) for c in nx.connected_components(G)), reverse=True)
    return {"count": len(sizes), "largest": sizes[0] if sizes else 0, "sizes_top": sizes[:10]}


def communities(G: nx.Graph, *, seed: int = 42, top: int = 3) -> list[dict[str, Any]]:
    """Louvain communities (seeded), largest first, each labelled by its most linked entities."""
    if G.number_of_edges() == 0:
        return []
    parts = nx.community.louvain_communities(G, seed=seed)
    out = []
    for part in sorted(parts, key=lambda c: (-len(c), min(c))):
        ents = sorted((n for n in part if G.nodes[n]["type"] not in ("Paper", "Repository")),
                      key=lambda n: (-G.degree(n), G.nodes[n]["label"]))
        out.append({
            "size": len(part),
            "papers": sum(1 for n in part if G.nodes[n]["type"] == "Paper"),
            "top": [G.nodes[n]["label"] for n in ents[:top]],
        })
    return out


def stats(g: Graph, *, seed: int = 42, n: int = 10) -> dict[str, Any]:
    """Everything ``kg stats`` reports, as data."""
    G = to_networkx(g)
    rank = pagerank(G)
    comms = communities(G, seed=seed)
    papers = [x for x, d in G.nodes(data=True) if d["type"] == "Paper"]
    with_repo = sum(1 for p in papers if any(G.nodes[q]["type"] == "Repository"
                                             for q in G.neighbors(p)))
    return {
        "counts": counts(G),
        "papers_with_code": with_repo,
        "top": {t: top_entities(G, t, n, rank) for t in ("Dataset", "Model", "Method", "Task")},
        "pagerank_top": [
            {"iri": e, "label": G.nodes[e]["label"], "type": G.nodes[e]["type"],
             "pagerank": round(rank[e], 6)}
            for e in sorted(_entities(G), key=lambda e: (-rank[e], e))[:n]],
        "components": components(G),
        "communities": {"count": len(comms), "seed": seed, "largest": comms[:n]},
    }
