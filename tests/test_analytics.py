"""kg.analytics on small hand-made RDF graphs whose answers are worked out by hand."""
from __future__ import annotations

import json
import math
import random
from pathlib import Path

import networkx as nx
import pytest
from rdflib import DCTERMS, RDF, RDFS, Graph, Literal, Namespace

from kg.analytics import (
    ANALYTIC_PREDICATES,
    annotate,
    betweenness,
    communities,
    community_parts,
    components,
    cooccurrence,
    cooccurrences,
    counts,
    metrics,
    pagerank,
    paper_entities,
    related_papers,
    stats,
    to_networkx,
    top_betweenness,
    top_entities,
)
from kg.ontology import KG

EX = Namespace("https://example.org/kg/id/")
XSD_NS = Namespace("http://www.w3.org/2001/XMLSchema#")


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
    assert comms == [{"number": 1, "size": 4, "papers": 3, "top": ["X"]},
                     {"number": 2, "size": 4, "papers": 3, "top": ["Y"]}]
    parts = community_parts(to_networkx(two_stars()), seed=7)
    assert parts == [{str(EX.x)} | {str(EX[f"a{i}"]) for i in range(3)},
                     {str(EX.y)} | {str(EX[f"b{i}"]) for i in range(3)}]
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


# ---------------------------------------------------------------- co-occurrence, related papers

@pytest.fixture
def five() -> Graph:
    """Five papers (N = 5; p5 links nothing, and still counts as a paper):

    p1: D1, M1, M2, X (+ a repository, which is not an entity)
    p2: D1, M1, X
    p3: D1, M2
    p4: D2, M1, M2

    so n(D1) = n(M1) = n(M2) = 3, n(X) = 2, n(D2) = 1. The IRIs of M1 and M2 sort the other
    way round from their labels (M1 is .../mb, M2 is .../ma)."""
    g = Graph()
    for i in range(1, 6):
        paper(g, f"p{i}", f"Paper {i}")
    entity(g, "d1", "Dataset", "D1")
    entity(g, "d2", "Dataset", "D2")
    entity(g, "mb", "Method", "M1")
    entity(g, "ma", "Method", "M2")
    entity(g, "x", "Model", "X")
    g.add((EX.r, RDF.type, KG.Repository))
    links = {"p1": ["d1", "mb", "ma", "x"], "p2": ["d1", "mb", "x"], "p3": ["d1", "ma"],
             "p4": ["d2", "mb", "ma"]}
    for p, ents in links.items():
        for e in ents:
            g.add((EX[p], KG.uses, EX[e]))
    g.add((EX.p1, KG.hasRepository, EX.r))
    return g


def pair(rows: list[dict], keys: tuple[str, ...] = ("a_label", "b_label", "papers")) -> list:
    return [tuple(r[k] for k in keys) for r in rows]


def test_paper_entities_leave_out_repositories(five: Graph) -> None:
    ents = paper_entities(to_networkx(five))
    assert list(ents) == sorted(str(EX[f"p{i}"]) for i in range(1, 6))
    assert ents[str(EX.p1)] == {str(EX[n]) for n in ("d1", "mb", "ma", "x")}
    assert ents[str(EX.p5)] == frozenset()


def test_cooccurrence_dataset_method_by_hand(five: Graph) -> None:
    """D1+M1 (p1, p2) and D1+M2 (p1, p3): 2 papers, lift = 2*5/(3*3) = 10/9, PMI =
    log2(10/9) = 0.152003. D2+M1 and D2+M2 (p4): 1 paper, lift = 1*5/(1*3) = 5/3, PMI =
    log2(5/3) = 0.736966; kept only when min_count <= 1, and after the 2-paper pairs."""
    G = to_networkx(five)
    rows = cooccurrence(G, "Dataset", "Method")
    assert pair(rows) == [("D1", "M1", 2), ("D1", "M2", 2)]
    assert rows[0]["a"] == str(EX.d1) and rows[0]["b"] == str(EX.mb)
    for r in rows:
        assert r["lift"] == pytest.approx(10 / 9, abs=1e-6) == pytest.approx(1.111111)
        assert r["pmi"] == pytest.approx(0.152003, abs=1e-6)
    rows = cooccurrence(G, "Dataset", "Method", min_count=1)
    assert pair(rows) == [("D1", "M1", 2), ("D1", "M2", 2), ("D2", "M1", 1), ("D2", "M2", 1)]
    assert [r["lift"] for r in rows[2:]] == [pytest.approx(5 / 3, abs=1e-6)] * 2
    assert [r["pmi"] for r in rows[2:]] == [pytest.approx(0.736966, abs=1e-6)] * 2
    assert cooccurrence(G, "Dataset", "Method", min_count=3) == []


def test_cooccurrence_model_dataset_and_method_pairs_by_hand(five: Graph) -> None:
    """X+D1 (p1, p2): lift = 2*5/(2*3) = 5/3. M1+M2 (p1, p4): lift = 2*5/(3*3) = 10/9, and
    the unordered pair appears once, ordered by label (M1 first although its IRI is larger)."""
    G = to_networkx(five)
    md = cooccurrence(G, "Model", "Dataset")
    assert pair(md, ("a_label", "b_label", "papers", "lift", "pmi")) == [
        ("X", "D1", 2, pytest.approx(1.666667, abs=1e-6), pytest.approx(0.736966, abs=1e-6))]
    mm = cooccurrence(G, "Method", "Method")
    assert pair(mm, ("a", "b", "papers", "lift")) == [
        (str(EX.mb), str(EX.ma), 2, pytest.approx(10 / 9, abs=1e-6))]
    assert mm[0]["pmi"] == pytest.approx(math.log2(10 / 9), abs=1e-6)
    allk = cooccurrences(G)
    assert list(allk) == ["dataset-method", "model-dataset", "method-method"]
    assert allk["model-dataset"] == md and allk["method-method"] == mm
    assert [len(v) for v in cooccurrences(G, n=1, min_count=1).values()] == [1, 1, 1]


def test_cooccurrence_sorted_by_papers_then_lift() -> None:
    """A+B in 3 of 4 papers (lift 4*3/(3*4) = 1); A+C in 2 (C only there: lift 4*2/(3*2) =
    4/3): more papers first, whatever the lift."""
    g = Graph()
    entity(g, "a", "Dataset", "A")
    entity(g, "b", "Method", "B")
    entity(g, "c", "Method", "C")
    for i, ents in enumerate([["a", "b", "c"], ["a", "b", "c"], ["a", "b"], ["b"]]):
        paper(g, f"p{i}", f"P{i}")
        for e in ents:
            g.add((EX[f"p{i}"], KG.uses, EX[e]))
    rows = cooccurrence(to_networkx(g), "Dataset", "Method")
    assert pair(rows, ("b_label", "papers", "lift")) == [
        ("B", 3, pytest.approx(1.0)), ("C", 2, pytest.approx(4 / 3, abs=1e-6))]
    assert rows[0]["pmi"] == 0.0
    assert cooccurrence(to_networkx(Graph()), "Dataset", "Method") == []


def test_related_papers_by_jaccard(five: Graph) -> None:
    """p1 = {D1, M1, M2, X}: p2 shares 3 of 4 (0.75), p3 shares 2 of 4 (0.5), p4 shares 2
    of 5 (0.4); p5 shares nothing and is left out."""
    G = to_networkx(five)
    rows = related_papers(G, str(EX.p1))
    assert [(r["label"], r["jaccard"]) for r in rows] == [
        ("Paper 2", 0.75), ("Paper 3", 0.5), ("Paper 4", 0.4)]
    assert rows[0]["iri"] == str(EX.p2) and rows[0]["shared"] == ["D1", "M1", "X"]
    assert [r["label"] for r in related_papers(G, str(EX.p1), k=2)] == ["Paper 2", "Paper 3"]
    assert related_papers(G, str(EX.p5)) == []


def test_related_papers_ties_and_errors(five: Graph) -> None:
    """p3 = {D1, M2}: p1 0.5; p2 ({D1}) and p4 ({M2}) both 1/4, then by label."""
    G = to_networkx(five)
    assert [(r["label"], r["jaccard"], r["shared"]) for r in related_papers(G, str(EX.p3))] == [
        ("Paper 1", 0.5, ["D1", "M2"]), ("Paper 2", 0.25, ["D1"]), ("Paper 4", 0.25, ["M2"])]
    with pytest.raises(nx.NodeNotFound):
        related_papers(G, str(EX.nothing))
    with pytest.raises(nx.NodeNotFound):
        related_papers(G, str(EX.d1))


# ---------------------------------------------------------------- betweenness

def test_betweenness_of_a_path_by_hand() -> None:
    """Path 0-1-2-3-4: node 1 lies on the shortest paths of 3 pairs, node 2 of 4, node 3 of
    3; normalised by (n-1)(n-2)/2 = 6 pairs: 0.5, 2/3, 0.5; ends 0."""
    G = nx.path_graph(5)
    expected = {0: 0.0, 1: 0.5, 2: pytest.approx(2 / 3), 3: 0.5, 4: 0.0}
    assert betweenness(G) == expected
    assert list(betweenness(G)) == [0, 1, 2, 3, 4]
    # sampled from every node (k >= n) is exact again
    assert betweenness(G, exact_max_nodes=2, k=100) == expected
    assert betweenness(nx.Graph()) == {}


def test_top_betweenness_of_entities_on_a_path() -> None:
    """p1 - D - p2 - M - p3: D and M at 0.5 (tie broken by IRI), papers are not listed."""
    g = Graph()
    for i in (1, 2, 3):
        paper(g, f"p{i}", f"P{i}")
    entity(g, "d", "Dataset", "D")
    entity(g, "m", "Method", "M")
    for p, e in [("p1", "d"), ("p2", "d"), ("p2", "m"), ("p3", "m")]:
        g.add((EX[p], KG.uses, EX[e]))
    res = top_betweenness(to_networkx(g))
    assert res["exact"] is True and res["sources"] is None
    assert [(r["label"], r["type"], r["betweenness"]) for r in res["top"]] == [
        ("D", "Dataset", 0.5), ("M", "Method", 0.5)]
    assert len(top_betweenness(to_networkx(g), 1)["top"]) == 1


def test_sampled_betweenness_deterministic_for_a_seed() -> None:
    G = to_networkx(random_graph(0))
    first = betweenness(G, exact_max_nodes=10, k=20, seed=5)
    assert first == betweenness(G, exact_max_nodes=10, k=20, seed=5)
    assert first == betweenness(to_networkx(random_graph(1)), exact_max_nodes=10, k=20, seed=5)
    assert first != betweenness(G)  # sampled, not exact
    top = top_betweenness(G, 5, exact_max_nodes=10, k=20, seed=5)
    assert top["exact"] is False and top["sources"] == 20 and top["seed"] == 5
    assert top == top_betweenness(G, 5, exact_max_nodes=10, k=20, seed=5)


def test_stats_includes_cooccurrence_and_betweenness(five: Graph) -> None:
    data = stats(five, seed=3, n=1)
    co = data["cooccurrence"]
    assert co["min_count"] == 2 and co["papers"] == 5
    assert pair(co["pairs"]["dataset-method"]) == [("D1", "M1", 2)]
    assert pair(co["pairs"]["model-dataset"]) == [("X", "D1", 2)]
    assert pair(co["pairs"]["method-method"]) == [("M1", "M2", 2)]
    assert stats(five, min_count=3)["cooccurrence"]["pairs"]["dataset-method"] == []
    bt = data["betweenness"]
    assert bt["exact"] is True and bt["seed"] == 3 and len(bt["top"]) == 1
    assert set(data) >= {"counts", "papers_with_code", "top", "pagerank_top", "components",
                         "communities"}


def test_kg_stats_json_and_text_on_the_sample(sample_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    res = CliRunner().invoke(main, ["stats", "-g", str(sample_path), "--json", "-n", "4"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    for key in ("counts", "papers_with_code", "top", "pagerank_top", "components",
                "communities"):
        assert key in data
    co = data["cooccurrence"]
    assert co["min_count"] == 2 and co["papers"] == data["counts"]["Paper"]
    assert list(co["pairs"]) == ["dataset-method", "model-dataset", "method-method"]
    assert co["pairs"]["dataset-method"], "the sample has datasets used with methods"
    for rows in co["pairs"].values():
        assert len(rows) <= 4
        assert [r["papers"] for r in rows] == sorted((r["papers"] for r in rows), reverse=True)
        for r in rows:
            assert r["papers"] >= 2
            assert r["pmi"] == pytest.approx(math.log2(r["lift"]), abs=1e-5)
    bt = data["betweenness"]
    assert bt["seed"] == 42 and 1 <= len(bt["top"]) <= 4
    assert all(r["type"] in ("Model", "Dataset", "Method", "Task") for r in bt["top"])
    values = [r["betweenness"] for r in bt["top"]]
    assert values == sorted(values, reverse=True) and values[0] > 0

    text = CliRunner().invoke(main, ["stats", "-g", str(sample_path), "-n", "3",
                                     "--min-count", "3"])
    assert text.exit_code == 0, text.output
    assert "Datasets and methods in the same papers (papers, lift, PMI; at least 3 papers)" \
        in text.stdout
    assert "Method pairs in the same papers" in text.stdout
    assert "Highest betweenness entities" in text.stdout


# ------------------------------------------------------------------ written back into the graph


def test_metrics_of_two_stars_by_hand() -> None:
    """Two disjoint K(1,3): every centre has degree 3, PageRank 0.479730 / 2 (each star holds
    half the rank), betweenness 3 pairs of leaves / C(7,2) = 3/21; leaves have none."""
    G = to_networkx(two_stars())
    parts = community_parts(G, seed=7)
    m = metrics(G, pagerank(G), parts, betweenness(G))
    assert m[str(EX.x)]["degree"] == 3 and m[str(EX.y)]["degree"] == 3
    assert m[str(EX.x)]["pageRank"] == pytest.approx(0.133125 / 0.2775 / 2, abs=1e-6)
    assert m[str(EX.x)]["betweenness"] == pytest.approx(3 / 21)
    assert m[str(EX.a0)]["degree"] == 1 and m[str(EX.a0)]["betweenness"] == 0
    assert m[str(EX.x)]["community"] == m[str(EX.a2)]["community"] == 1
    assert m[str(EX.y)]["community"] == m[str(EX.b0)]["community"] == 2
    assert list(m) == sorted(m)


def test_annotate_writes_typed_literals_and_replaces_old_ones() -> None:
    from decimal import Decimal

    from rdflib import XSD

    g = two_stars()
    before = len(g)
    G = to_networkx(g)
    m = metrics(G, pagerank(G), community_parts(G, seed=7), betweenness(G))
    added = annotate(g, m)
    assert added == 8 * 4  # 8 nodes, each with degree, pageRank, betweenness, community
    assert len(g) == before + added
    x = EX.x
    assert g.value(x, KG.degree) == Literal(3, datatype=XSD.integer)
    assert g.value(x, KG.community) == Literal(1, datatype=XSD.integer)
    pr = g.value(x, KG.pageRank)
    assert pr.datatype == XSD.decimal
    assert pr.toPython() == Decimal(f"{0.133125 / 0.2775 / 2:.8f}")
    assert g.value(x, KG.betweenness).toPython() == Decimal("0.14285714")
    # a second run replaces the figures instead of adding to them
    assert annotate(g, m) == added and len(g) == before + added
    assert {p for p in ANALYTIC_PREDICATES} == {KG.degree, KG.pageRank, KG.betweenness,
                                                KG.community}


def test_top_datasets_by_pagerank_in_sparql(five: Graph) -> None:
    from kg.query import run_query

    data = stats(five, seed=1, write_back=True)
    assert data["annotated"] > 0
    rows = run_query(five, """
        SELECT ?name ?pr WHERE { ?d a kg:Dataset ; rdfs:label ?name ; kg:pageRank ?pr }
        ORDER BY DESC(?pr) ?name LIMIT 10""")
    got = [(str(r[0]), float(r[1])) for r in rows]
    rank = pagerank(to_networkx(five))
    want = sorted(((five.value(EX[n], RDFS.label), rank[str(EX[n])])
                   for n in ("d1", "d2", "d3") if str(EX[n]) in rank),
                  key=lambda t: (-round(t[1], 8), str(t[0])))
    assert [n for n, _ in got] == [str(n) for n, _ in want] == ["D1", "D2"]
    assert [v for _, v in got] == pytest.approx([v for _, v in want], abs=1e-8)


def test_kg_stats_write_then_query(sample_path: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    out = tmp_path / "with-analytics.nt"
    runner = CliRunner()
    res = runner.invoke(main, ["stats", "-g", str(sample_path), "-n", "3", "--json",
                               "-w", str(out)])
    assert res.exit_code == 0, res.output
    assert f"wrote {out} (" in res.stderr
    data = json.loads(res.stdout)
    assert data["annotated"] > 3 * data["counts"]["Paper"]
    assert out.read_text(encoding="utf-8").startswith("<")  # N-Triples, by extension
    q = runner.invoke(main, ["query", "-g", str(out), "--format", "json",
                             "SELECT ?name WHERE { ?d a kg:Dataset ; rdfs:label ?name ; "
                             "kg:pageRank ?pr } ORDER BY DESC(?pr) LIMIT 3"])
    assert q.exit_code == 0, q.output
    names = [b["name"]["value"] for b in json.loads(q.output)["results"]["bindings"]]
    by_rank = [r["label"] for r in sorted(
        (r for r in data["pagerank_top"] if r["type"] == "Dataset"),
        key=lambda r: -r["pagerank"])]
    assert names[:len(by_rank)] == by_rank[:3]
    assert names[0] == "GSM8K"


def test_stats_without_betweenness_leaves_it_out() -> None:
    g = two_stars()
    data = stats(g, seed=7, write_back=True, with_betweenness=False)
    assert "betweenness" not in data
    assert data["annotated"] == 8 * 3  # degree, pageRank, community
    assert next(g.objects(None, KG.betweenness), None) is None
    assert g.value(EX.x, KG.degree) == Literal(3, datatype=XSD_NS.integer)


def test_kg_stats_related(five: Graph, tmp_path: Path) -> None:
    """As in test_related_papers_by_jaccard: Paper 1 -> Paper 2 (0.75: D1, M1, X),
    Paper 3 (0.5), Paper 4 (0.4); the title is matched ignoring case and punctuation."""
    from click.testing import CliRunner

    from kg.cli import main

    path = tmp_path / "five.ttl"
    five.serialize(path, format="turtle")
    runner = CliRunner()
    res = runner.invoke(main, ["stats", "-g", str(path), "--json", "--related", "paper-1"])
    assert res.exit_code == 0, res.output
    (rel,) = json.loads(res.output)["related"]
    assert rel["paper"] == str(EX.p1) and rel["title"] == "Paper 1"
    assert [(r["label"], r["jaccard"]) for r in rel["related"]] == [
        ("Paper 2", 0.75), ("Paper 3", 0.5), ("Paper 4", 0.4)]
    text = runner.invoke(main, ["stats", "-g", str(path), "-n", "1", "--related", "Paper 1"])
    assert text.exit_code == 0, text.output
    assert ('Papers most related to "Paper 1" (Jaccard of their entities)\n'
            "  0.750  Paper 2\n         shared: D1, M1, X\n") in text.output
    bad = runner.invoke(main, ["stats", "-g", str(path), "--related", "D1"])  # not a paper
    assert bad.exit_code == 2
    assert bad.output.strip() == "kg: error: --related: no paper is titled 'D1'"


def test_kg_stats_write_when_the_graph_has_a_store(five: Graph, tmp_path: Path) -> None:
    """A graph with an Oxigraph store beside it is read from the store, which is read-only:
    --write reads the file into memory instead, and the written file reads back."""
    from click.testing import CliRunner

    from kg.cli import main
    from kg.io import read_graph, write_graph
    from kg.store import make_store, open_store

    path = tmp_path / "five.ttl"
    write_graph(five, path)
    make_store(path)
    assert open_store(path) is not None
    res = CliRunner().invoke(main, ["stats", "-g", str(path), "-w", str(path), "-n", "1"])
    assert res.exit_code == 0, res.output
    back = read_graph(path)
    assert int(back.value(EX.d1, KG.degree)) == 3
    assert len(set(back.objects(None, KG.pageRank))) > 1


def test_kg_stats_no_betweenness(five: Graph, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    path = tmp_path / "five.ttl"
    five.serialize(path, format="turtle")
    runner = CliRunner()
    data = json.loads(runner.invoke(main, ["stats", "-g", str(path), "--json",
                                           "--no-betweenness"]).output)
    assert "betweenness" not in data and data["counts"]["Paper"] == 5
    text = runner.invoke(main, ["stats", "-g", str(path), "--no-betweenness"]).output
    assert "betweenness" not in text
    assert "Highest betweenness entities (exact)" in runner.invoke(
        main, ["stats", "-g", str(path)]).output


def test_stats_text_rounds_each_figure_once(star: Graph) -> None:
    """0.00145018 is 0.0015 in the report: the figures are not rounded to 6 places first
    (0.00145, which as a float is 0.00144999..., printed 0.0014)."""
    from kg.report import stats_text

    data = stats(star, n=3)
    data["pagerank_top"][0]["pagerank"] = 0.00145018
    assert "  0.0015  " in stats_text(data)
    assert data["top"]["Dataset"][0]["pagerank"] == pytest.approx(
        pagerank(to_networkx(star))[data["top"]["Dataset"][0]["iri"]], abs=0)


def test_a_name_with_a_plus_is_not_the_name_without_it() -> None:
    import networkx as nx
    from rdflib import Graph

    from kg.analytics import find_nodes

    G = nx.Graph()
    G.add_node("ex:a", label="GSM8K", type="Dataset")
    G.add_node("ex:b", label="GSM8K+", type="Dataset")
    assert find_nodes(Graph(), G, "gsm-8k") == ["ex:a"]
    assert find_nodes(Graph(), G, "GSM8K+") == ["ex:b"]
