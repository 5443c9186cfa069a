"""kg.analytics on small hand-made RDF graphs whose answers are worked out by hand."""
from __future__ import annotations

import random

import networkx as nx
import pytest
from rdflib import DCTERMS, RDF, RDFS, Graph, Literal, Namespace

from kg.analytics import communities, components, counts, pagerank, stats, to_networkx, top_entities
from kg.ontology import KG

EX = Namespace("https://example.org/kg/id/")


def paper(g: Graph, name: str, title: str | None = None) -> None:
    g.add((EX[name], RDF.type, KG.Paper))
    if title is not None:
        g.add((EX[name], DCTERMS.title, Literal(title)))


def entity(g: Graph, name: str, etype: str, label: str) -> None:
    g.add((EX[name], RDF.type, KG[etype]))
    g.add((EX[name], RDFS.label, Literal(label)))


@pytest.fixture
def star() -> Graph:
    """Three papers use dataset D; p3 also uses D2; p1 introduces and uses model M and has a
    repository; method E is linked by nobody; p2 also 'uses' an untyped node."""
    g = Graph()
    for i in (1, 2, 3):
        paper(g, f"p{i}", f"Paper {i}")
    entity(g, "d", "Dataset", "D")
    entity(g, "d2", "Dataset", "D2")
    entity(g, "m", "Model", "M")
    entity(g, "e", "Method", "E")
    g.add((EX.r, RDF.type, KG.Repository))
    g.add((EX.r, RDFS.label, Literal("o/r")))
    g.add((EX.p1, KG.uses, EX.d))
    g.add((EX.p2, KG.uses, EX.d))
    g.add((EX.p3, KG.mentions, EX.d))
    g.add((EX.p3, KG.uses, EX.d2))
    g.add((EX.p1, KG.introduces, EX.m))
    g.add((EX.p1, KG.uses, EX.m))
    g.add((EX.p1, KG.hasRepository, EX.r))
    g.add((EX.p2, KG.uses, EX.untyped))
    g.add((EX.p2, KG.hasLink, EX.page))
    g.add((EX.page, RDF.type, KG.WebPage))
    return g


def test_to_networkx_nodes_and_edges(star: Graph) -> None:
    G = to_networkx(star)
    assert isinstance(G, nx.Graph) and not G.is_directed()
    assert set(G.nodes) == {str(EX[n]) for n in ("p1", "p2", "p3", "d", "d2", "m", "e", "r")}
    assert G.nodes[str(EX.p1)] == {"type": "Paper", "label": "Paper 1"}
    assert G.nodes[str(EX.d)] == {"type": "Dataset", "label": "D"}
    assert G.nodes[str(EX.r)]["type"] == "Repository"
    assert {frozenset(e) for e in G.edges} == {
        frozenset((str(EX[a]), str(EX[b]))) for a, b in
        [("p1", "d"), ("p2", "d"), ("p3", "d"), ("p3", "d2"), ("p1", "m"), ("p1", "r")]}
    assert G.edges[str(EX.p1), str(EX.m)]["roles"] == ["introduces", "uses"]
    assert G.edges[str(EX.p3), str(EX.d)]["roles"] == ["mentions"]
    assert G.edges[str(EX.p1), str(EX.r)]["roles"] == ["hasRepository"]


def test_to_networkx_paper_without_title_is_labelled_by_iri() -> None:
    g = Graph()
    paper(g, "p")
    assert to_networkx(g).nodes[str(EX.p)]["label"] == str(EX.p)


def test_counts(star: Graph) -> None:
    assert counts(to_networkx(star)) == {"Paper": 3, "Model": 1, "Dataset": 2, "Method": 1,
                                         "Task": 0, "Repository": 1, "links": 6}


def test_counts_empty() -> None:
    assert counts(to_networkx(Graph())) == {"Paper": 0, "Model": 0, "Dataset": 0, "Method": 0,
                                            "Task": 0, "Repository": 0, "links": 0}


def test_top_entities(star: Graph) -> None:
    G = to_networkx(star)
    rows = top_entities(G, "Dataset")
    assert [(r["label"], r["papers"]) for r in rows] == [("D", 3), ("D2", 1)]
    assert rows[0]["iri"] == str(EX.d)
    assert rows[0]["pagerank"] > rows[1]["pagerank"] > 0
    assert [r["label"] for r in top_entities(G, "Dataset", n=1)] == ["D"]
    assert [(r["label"], r["papers"]) for r in top_entities(G, "Method")] == [("E", 0)]
    assert top_entities(G, "Task") == []


def test_top_entities_ties_broken_by_label() -> None:
    g = Graph()
    paper(g, "p", "P")
    for name in ("zeta", "alpha", "mid"):
        entity(g, name, "Model", name.capitalize())
        g.add((EX.p, KG.uses, EX[name]))
    assert [r["label"] for r in top_entities(to_networkx(g), "Model")] == ["Alpha", "Mid", "Zeta"]


def test_pagerank_of_a_star_by_hand() -> None:
    """K(1,3): centre c = (1-a)/4 + a*3*l and leaf l = (1-a)/4 + a*c/3 with a = 0.85, so
    c = 0.133125 / 0.2775 = 0.479730 and l = (1 - c) / 3 = 0.173423."""
    g = Graph()
    entity(g, "d", "Dataset", "D")
    for i in (1, 2, 3):
        paper(g, f"p{i}", f"P{i}")
        g.add((EX[f"p{i}"], KG.uses, EX.d))
    rank = pagerank(to_networkx(g))
    assert rank[str(EX.d)] == pytest.approx(0.133125 / 0.2775, abs=1e-6)
    for i in (1, 2, 3):
        assert rank[str(EX[f"p{i}"])] == pytest.approx((1 - 0.133125 / 0.2775) / 3, abs=1e-6)
    assert sum(rank.values()) == pytest.approx(1.0)
    assert pagerank(nx.Graph()) == {}


def test_components(star: Graph) -> None:
    assert components(to_networkx(star)) == {"count": 2, "largest": 7, "sizes_top": [7, 1]}
    assert components(nx.Graph()) == {"count": 0, "largest": 0, "sizes_top": []}


def two_stars() -> Graph:
    g = Graph()
    entity(g, "x", "Dataset", "X")
    entity(g, "y", "Model", "Y")
    for i in range(3):
        paper(g, f"a{i}", f"A{i}")
        g.add((EX[f"a{i}"], KG.uses, EX.x))
        paper(g, f"b{i}", f"B{i}")
        g.add((EX[f"b{i}"], KG.uses, EX.y))
    return g


def test_communities_two_stars() -> None:
    comms = communities(to_networkx(two_stars()), seed=7)
    # equal sizes: ordered by the smallest IRI in each (.../a0 before .../b0)
    assert comms == [{"size": 4, "papers": 3, "top": ["X"]},
                     {"size": 4, "papers": 3, "top": ["Y"]}]
    assert communities(nx.Graph()) == []


def random_graph(order: int) -> Graph:
    """120 papers linking 40 entities at random (fixed seed); ``order`` shuffles the order in
    which the same triples are added."""
    rng = random.Random(3)
    triples = []
    types = ["Model", "Dataset", "Method", "Task"]
    for j in range(40):
        triples += [(EX[f"e{j}"], RDF.type, KG[types[j % 4]]),
                    (EX[f"e{j}"], RDFS.label, Literal(f"E{j}"))]
    for i in range(120):
        triples += [(EX[f"p{i}"], RDF.type, KG.Paper), (EX[f"p{i}"], DCTERMS.title,
                                                        Literal(f"P{i}"))]
        for j in rng.sample(range(40), 3):
            triples.append((EX[f"p{i}"], rng.choice([KG.uses, KG.mentions]), EX[f"e{j}"]))
    random.Random(order).shuffle(triples)
    g = Graph()
    for t in triples:
        g.add(t)
    return g


def test_communities_deterministic_for_a_seed() -> None:
    G = to_networkx(random_graph(0))
    first = communities(G, seed=42)
    assert len(first) > 1
    assert communities(G, seed=42) == first
    assert communities(to_networkx(random_graph(0)), seed=42) == first


def test_analytics_independent_of_triple_order() -> None:
    """The same triples added in another order (as after a parse with another hash seed) give
    the same stats: the networkx graph must not inherit the store's iteration order."""
    a, b = random_graph(1), random_graph(2)
    assert set(a) == set(b)
    assert stats(a, seed=42) == stats(b, seed=42)


def test_stats_shape(star: Graph) -> None:
    data = stats(star, seed=1, n=1)
    assert data["counts"]["Paper"] == 3
    assert data["papers_with_code"] == 1
    assert [r["label"] for r in data["top"]["Dataset"]] == ["D"]
    assert set(data["top"]) == {"Dataset", "Model", "Method", "Task"}
    assert len(data["pagerank_top"]) == 1 and data["pagerank_top"][0]["label"] == "D"
    assert data["components"]["count"] == 2
    assert data["communities"]["seed"] == 1
