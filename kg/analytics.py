"""Graph analytics with networkx: importance, most-used entities, components, communities,
co-occurrence, related papers, betweenness, and writing the per-node figures back into the
RDF graph (``kg:degree``, ``kg:pageRank``, ``kg:betweenness``, ``kg:community``).

Each analysis is a plain function ``f(G, *, seed=...) -> dict`` over the paper-entity graph
that :func:`to_networkx` makes from an RDF graph; every output is sorted and seeded.
"""
from __future__ import annotations

import math
from collections import Counter
from itertools import combinations
from typing import Any

import networkx as nx
from rdflib import DCTERMS, RDF, RDFS, Graph

from kg.iris import name_key
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


def find_nodes(g: Graph, G: nx.Graph, name: str) -> list[str]:
    """Nodes of ``G`` named ``name``: by IRI, else by label, alias or title ignoring case,
    spaces and punctuation (``gsm-8k`` finds GSM8K). Sorted."""
    if name in G:
        return [name]
    key = name_key(name)
    if not key:
        return []
    hits = {n for n, d in G.nodes(data=True) if name_key(d["label"]) == key}
    if not hits:
        from rdflib import SKOS

        for pred in (SKOS.altLabel, SKOS.hiddenLabel):
            hits |= {str(s) for s, o in g.subject_objects(pred)
                     if str(s) in G and name_key(str(o)) == key}
    return sorted(hits)


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
             "pagerank": rank.get(e, 0.0)} for e in _entities(G, etype)]
    rows.sort(key=lambda r: (-r["papers"], -r["pagerank"], r["label"]))
    return rows[:n]


def components(G: nx.Graph) -> dict[str, Any]:
    """How many connected components, and their sizes (largest first)."""
    sizes = sorted((len(c) for c in nx.connected_components(G)), reverse=True)
    return {"count": len(sizes), "largest": sizes[0] if sizes else 0, "sizes_top": sizes[:10]}


def community_parts(G: nx.Graph, *, seed: int = 42) -> list[set[str]]:
    """Louvain communities (seeded) as node sets, largest first (ties: smallest node IRI).
    Community ``i`` of ``kg stats``, ``kg viz --community i`` and ``kg:community i`` is
    ``community_parts(G)[i - 1]``."""
    if G.number_of_edges() == 0:
        return []
    parts = nx.community.louvain_communities(G, seed=seed)
    return sorted((set(c) for c in parts), key=lambda c: (-len(c), min(c)))


def communities(G: nx.Graph, *, seed: int = 42, top: int = 3,
                parts: list[set[str]] | None = None) -> list[dict[str, Any]]:
    """Louvain communities (seeded), largest first, each labelled by its most linked entities:
    ``[{"number", "size", "papers", "top"}]`` (``number`` 1 = the largest)."""
    parts = community_parts(G, seed=seed) if parts is None else parts
    out = []
    for i, part in enumerate(parts, start=1):
        ents = sorted((n for n in part if G.nodes[n]["type"] not in ("Paper", "Repository")),
                      key=lambda n: (-G.degree(n), G.nodes[n]["label"]))
        out.append({
            "number": i,
            "size": len(part),
            "papers": sum(1 for n in part if G.nodes[n]["type"] == "Paper"),
            "top": [G.nodes[n]["label"] for n in ents[:top]],
        })
    return out


ENTITY_TYPES = ("Model", "Dataset", "Method", "Task")
#: The co-occurrence kinds ``kg stats`` reports: name -> (type of a, type of b).
PAIR_KINDS = {"dataset-method": ("Dataset", "Method"), "model-dataset": ("Model", "Dataset"),
              "method-method": ("Method", "Method")}


def paper_entities(G: nx.Graph) -> dict[str, frozenset[str]]:
    """Each paper's set of linked entities (models, datasets, methods, tasks; not
    repositories), by paper IRI in sorted order."""
    return {p: frozenset(q for q in G.neighbors(p) if G.nodes[q]["type"] in ENTITY_TYPES)
            for p in sorted(n for n, d in G.nodes(data=True) if d["type"] == "Paper")}


def cooccurrence(G: nx.Graph, a_type: str, b_type: str, *,
                 min_count: int = 2) -> list[dict[str, Any]]:
    """Pairs of entities (one of ``a_type``, one of ``b_type``) linked by the same papers.

    Over the N papers of ``G``, with ``n(x)`` the papers linking ``x`` and ``n(a,b)`` the
    papers linking both: ``P(x) = n(x)/N``, ``P(a,b) = n(a,b)/N``,

    * ``lift = P(a,b) / (P(a) P(b)) = n(a,b) N / (n(a) n(b))``: 1 when a and b meet as
      often as chance would have them meet, above 1 when more often;
    * ``pmi = log2(lift)``: pointwise mutual information in bits (0 = independent).

    Pairs linked by fewer than ``min_count`` papers are left out. When both types are the
    same, each unordered pair appears once, ``a`` the one with the smaller (label, IRI).
    Rows ``{"a", "a_label", "b", "b_label", "papers", "lift", "pmi"}`` (lift and pmi
    rounded to 6 places), sorted by papers, then lift (both descending), then labels.

    >>> cooccurrence(G, "Dataset", "Method", min_count=2)  # doctest: +SKIP
    [{'a': '…/gsm8k', 'a_label': 'GSM8K', 'b': '…/cot', 'b_label': 'chain-of-thought',
      'papers': 12, 'lift': 2.1, 'pmi': 1.07}, ...]
    """
    ents = paper_entities(G)
    n_papers = len(ents)
    n: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()

    def key(x: str) -> tuple[str, str]:
        return (G.nodes[x]["label"], x)

    for linked in ents.values():
        n.update(linked)
        a_s = sorted((x for x in linked if G.nodes[x]["type"] == a_type), key=key)
        if a_type == b_type:
            pairs.update(combinations(a_s, 2))
        else:
            b_s = sorted((x for x in linked if G.nodes[x]["type"] == b_type), key=key)
            pairs.update((a, b) for a in a_s for b in b_s)
    rows = []
    for (a, b), c in pairs.items():
        if c < max(min_count, 1):
            continue
        lift = c * n_papers / (n[a] * n[b])
        rows.append({"a": a, "a_label": G.nodes[a]["label"], "b": b,
                     "b_label": G.nodes[b]["label"], "papers": c,
                     "lift": lift, "pmi": math.log2(lift)})
    rows.sort(key=lambda r: (-r["papers"], -r["lift"], r["a_label"], r["b_label"],
                             r["a"], r["b"]))
    return rows


def cooccurrences(G: nx.Graph, *, min_count: int = 2,
                  n: int | None = None) -> dict[str, list[dict[str, Any]]]:
    """:func:`cooccurrence` for every kind of :data:`PAIR_KINDS`, the first ``n`` rows each."""
    return {kind: cooccurrence(G, a, b, min_count=min_count)[:n]
            for kind, (a, b) in PAIR_KINDS.items()}


def related_papers(G: nx.Graph, paper: str, *, k: int = 10) -> list[dict[str, Any]]:
    """The ``k`` papers most related to ``paper`` by the entities they share.

    Relatedness is the Jaccard index of the two papers' entity sets (models, datasets,
    methods, tasks): ``|A ∩ B| / |A ∪ B|``. Papers sharing nothing are left out. Rows
    ``{"iri", "label", "jaccard", "shared"}`` (``shared``: labels of the common entities,
    sorted), by Jaccard then number shared (descending), then label and IRI.
    Raises ``networkx.NodeNotFound`` if ``paper`` is not a paper of ``G``.
    """
    if paper not in G or G.nodes[paper]["type"] != "Paper":
        raise nx.NodeNotFound(f"paper {paper} is not in the graph")
    ents = paper_entities(G)
    mine = ents[paper]
    candidates = {q for e in mine for q in G.neighbors(e)
                  if q != paper and G.nodes[q]["type"] == "Paper"}
    rows = []
    for q in candidates:
        shared = mine & ents[q]
        rows.append({"iri": q, "label": G.nodes[q]["label"],
                     "jaccard": len(shared) / len(mine | ents[q]),
                     "shared": sorted(G.nodes[e]["label"] for e in shared)})
    rows.sort(key=lambda r: (-r["jaccard"], -len(r["shared"]), r["label"], r["iri"]))
    return rows[:k]


def betweenness(G: nx.Graph, *, exact_max_nodes: int = 1000, k: int = 256,
                seed: int = 42) -> dict[str, float]:
    """Normalised betweenness centrality of every node, sorted by node.

    Exact (Brandes) on graphs of at most ``exact_max_nodes`` nodes; above, estimated from
    ``k`` source nodes sampled with ``seed`` (the same seed gives the same values).
    """
    if G.number_of_nodes() == 0:
        return {}
    sources = None if G.number_of_nodes() <= exact_max_nodes else min(k, G.number_of_nodes())
    bc = nx.betweenness_centrality(G, k=sources, normalized=True, seed=seed)
    return {v: bc[v] for v in sorted(bc)}


def top_betweenness(G: nx.Graph, n: int = 10, *, exact_max_nodes: int = 1000, k: int = 256,
                    seed: int = 42, bc: dict[str, float] | None = None) -> dict[str, Any]:
    """The ``n`` entities of highest betweenness, and how it was computed:
    ``{"exact", "sources", "seed", "top": [{"iri", "label", "type", "betweenness"}]}``
    (``bc``: the figures of :func:`betweenness` with the same arguments, if already known)."""
    if bc is None:
        bc = betweenness(G, exact_max_nodes=exact_max_nodes, k=k, seed=seed)
    exact = G.number_of_nodes() <= exact_max_nodes
    top = sorted(_entities(G), key=lambda e: (-bc[e], e))[:n]
    return {"exact": exact, "sources": None if exact else min(k, G.number_of_nodes()),
            "seed": seed,
            "top": [{"iri": e, "label": G.nodes[e]["label"], "type": G.nodes[e]["type"],
                     "betweenness": bc[e]} for e in top]}


#: The properties :func:`annotate` writes into a graph (declared in ``schemas/kg.ttl``).
ANALYTIC_PREDICATES = (KG.degree, KG.pageRank, KG.betweenness, KG.community)


def metrics(G: nx.Graph, rank: dict[str, float], parts: list[set[str]],
            bc: dict[str, float]) -> dict[str, dict[str, Any]]:
    """Per node: ``{"degree", "pageRank", "betweenness", "community"}`` (community number
    1 = the largest; absent for an isolated node), by node IRI in sorted order."""
    comm = {n: i for i, part in enumerate(parts, start=1) for n in part}
    out: dict[str, dict[str, Any]] = {}
    for v in sorted(G.nodes):
        row: dict[str, Any] = {"degree": G.degree(v), "pageRank": rank.get(v, 0.0)}
        if bc:
            row["betweenness"] = bc.get(v, 0.0)
        if v in comm:
            row["community"] = comm[v]
        out[v] = row
    return out


def annotate(g: Graph, node_metrics: dict[str, dict[str, Any]]) -> int:
    """Write ``node_metrics`` into ``g`` as ``kg:degree`` (xsd:integer), ``kg:pageRank`` and
    ``kg:betweenness`` (xsd:decimal, 8 places) and ``kg:community`` (xsd:integer), after
    removing every such triple ``g`` held (so annotating twice gives the same graph).
    Returns the number of triples added."""
    from decimal import Decimal

    from rdflib import XSD, Literal, URIRef

    for p in ANALYTIC_PREDICATES:
        g.remove((None, p, None))
    added = 0
    for v, row in node_metrics.items():
        s = URIRef(v)
        g.add((s, KG.degree, Literal(row["degree"], datatype=XSD.integer)))
        added += 1
        for key, pred in (("pageRank", KG.pageRank), ("betweenness", KG.betweenness)):
            if key in row:
                g.add((s, pred, Literal(Decimal(f"{row[key]:.8f}"), datatype=XSD.decimal)))
                added += 1
        if "community" in row:
            g.add((s, KG.community, Literal(row["community"], datatype=XSD.integer)))
            added += 1
    return added


def stats(g: Graph, *, seed: int = 42, n: int = 10, min_count: int = 2,
          granularity: str = "year", recent: int = 2, write_back: bool = False,
          with_betweenness: bool = True, related: str | None = None) -> dict[str, Any]:
    """Everything ``kg stats`` reports, as data. With ``write_back``, the per-node figures
    are also written into ``g`` (:func:`annotate`) and ``"annotated"`` gives the number of
    triples added. Without ``with_betweenness`` (the slowest figure on big graphs) the
    ``"betweenness"`` key is left out, and so is ``kg:betweenness`` from the write-back.
    ``related`` names a paper (title or IRI, as :func:`find_nodes` matches): ``"related"``
    then holds its ``n`` most related papers (:func:`related_papers`). Raises ``LookupError``
    if no paper has that name."""
    from kg.trends import trends

    G = to_networkx(g)
    rank = pagerank(G)
    parts = community_parts(G, seed=seed)
    comms = communities(G, parts=parts)
    papers = [x for x, d in G.nodes(data=True) if d["type"] == "Paper"]
    with_repo = sum(1 for p in papers if any(G.nodes[q]["type"] == "Repository"
                                             for q in G.neighbors(p)))
    bc = betweenness(G, seed=seed) if with_betweenness else {}
    out: dict[str, Any] = {
        "counts": counts(G),
        "papers_with_code": with_repo,
        "top": {t: top_entities(G, t, n, rank) for t in ("Dataset", "Model", "Method", "Task")},
        "pagerank_top": [
            {"iri": e, "label": G.nodes[e]["label"], "type": G.nodes[e]["type"],
             "pagerank": rank[e]}
            for e in sorted(_entities(G), key=lambda e: (-rank[e], e))[:n]],
        "components": components(G),
        "communities": {"count": len(comms), "seed": seed, "largest": comms[:n]},
        "cooccurrence": {"min_count": min_count, "papers": len(papers),
                         "pairs": cooccurrences(G, min_count=min_count, n=n)},
        "trends": trends(g, G, granularity=granularity, recent=recent, min_papers=min_count,
                         n=n),
    }
    if with_betweenness:
        out["betweenness"] = top_betweenness(G, n, seed=seed, bc=bc)
    if related is not None:
        hits = [p for p in find_nodes(g, G, related) if G.nodes[p]["type"] == "Paper"]
        if not hits:
            raise LookupError(f"no paper is titled {related!r}")
        out["related"] = [{"paper": p, "title": G.nodes[p]["label"],
                           "related": related_papers(G, p, k=n)} for p in hits]
    if write_back:
        out["annotated"] = annotate(g, metrics(G, rank, parts, bc))
    return out
