"""kg.viz.render_html: offline (no CDN), vis-network inlined, CSP, every text escaped."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pyvis.network import Network
from rdflib import DCTERMS, RDF, RDFS, Graph, Literal, Namespace, URIRef

from kg.errors import InputError
from kg.ontology import KG
from kg.viz import View, build_network, render_html

EX = Namespace("https://example.org/kg/id/")
EVIL = "<script>alert(1)</script>"
EVIL_TITLE = '</script><img src=x onerror="alert(2)"> & \u2028 "quoted"'


class Tags(HTMLParser):
    """Every start tag with its attributes (script bodies are not parsed as markup)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def small_graph() -> Graph:
    g = Graph()
    g.add((EX.p1, RDF.type, KG.Paper))
    g.add((EX.p1, DCTERMS.title, Literal(EVIL_TITLE)))
    g.add((EX.m, RDF.type, KG.Model))
    g.add((EX.m, RDFS.label, Literal(EVIL)))
    g.add((EX.d, RDF.type, KG.Dataset))
    g.add((EX.d, RDFS.label, Literal("GSM8K")))
    g.add((EX.p1, KG.introduces, EX.m))
    g.add((EX.p1, KG.uses, EX.d))
    repo = URIRef("https://github.com/o/r")
    g.add((repo, RDF.type, KG.Repository))
    g.add((repo, RDFS.label, Literal("o/r")))
    g.add((EX.p1, KG.hasRepository, repo))
    return g


@pytest.fixture(scope="module")
def html() -> str:
    return render_html(small_graph(), seed=1)


def test_no_remote_resources(html: str) -> None:
    parser = Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        for attr in ("src", "href", "data", "action", "srcset", "poster"):
            value = attrs.get(attr) or ""
            assert not re.match(r"\s*(https?:)?//", value, re.I), f"<{tag} {attr}={value!r}>"
        if tag == "script":
            assert "src" not in attrs, f"external script {attrs}"
        if tag == "link":
            assert attrs.get("rel") not in ("stylesheet", "preload", "modulepreload"), attrs
    assert not re.search(r"(?i)<script[^>]*\bsrc\s*=", html)
    assert not re.search(r"(?i)<link[^>]*\bhref\s*=\s*[\"']?\s*(https?:)?//", html)
    assert not re.search(r"(?i)@import\s+(url\()?[\"']?(https?:)?//", html)
    for cdn in ("cdnjs", "jsdelivr", "unpkg", "googleapis", "bootstrapcdn"):
        assert cdn not in html


def test_vis_network_inlined(html: str) -> None:
    lib = Path(Network.__init__.__code__.co_filename).parent / "templates" / "lib"
    js = next(lib.glob("vis-*/vis-network.min.js")).read_text(encoding="utf-8")
    assert len(js) > 100_000
    assert js[:2000] in html and js[-2000:] in html
    assert "new vis.Network(" in html


def test_csp_meta(html: str) -> None:
    parser = Tags()
    parser.feed(html)
    csp = [a.get("content") or "" for t, a in parser.tags
           if t == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy"]
    assert len(csp) == 1
    policy = {d.split()[0]: d.split()[1:] for d in csp[0].split(";") if d.strip()}
    assert policy["default-src"] == ["'none'"]
    assert policy.get("connect-src", ["'none'"]) == ["'none'"]
    for directive, sources in policy.items():
        assert not any(re.match(r"'?(https?:|\*|//)", s) for s in sources), (directive, sources)


def _data(html: str, name: str) -> list[dict]:  # type: ignore[type-arg]
    m = re.search(rf"var {name} = new vis\.DataSet\((.*?)\);\n", html)
    assert m, f"no {name} DataSet in the page"
    return json.loads(m.group(1))  # type: ignore[no-any-return]


def test_evil_label_only_escaped(html: str) -> None:
    assert "<script>alert" not in html
    assert "onerror=" not in html.split("<script>", 1)[0]
    lib = Path(Network.__init__.__code__.co_filename).parent / "templates" / "lib"
    js = next(lib.glob("vis-*/vis-network.min.js")).read_text(encoding="utf-8")
    page = html.replace(js, "")  # the library itself builds "<script>" strings
    assert page.lower().count("<script") == page.lower().count("</script") == 2
    assert "<img" not in html
    nodes = _data(html, "nodes")
    labels = {n["full"] for n in nodes}
    assert EVIL in labels and EVIL_TITLE in labels  # the JSON decodes to the exact text
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in html


def test_nodes_and_edges(html: str) -> None:
    nodes = _data(html, "nodes")
    edges = _data(html, "edges")
    assert len(nodes) == 4 and len(edges) == 3
    by_iri = {n["iri"]: n for n in nodes}
    assert by_iri[str(EX.m)]["group"] == "Model"
    assert by_iri[str(EX.p1)]["label"] == ""  # papers are drawn without a label
    assert by_iri["https://github.com/o/r"]["urls"] == ["https://github.com/o/r"]
    ids = {n["id"] for n in nodes}
    assert len(ids) == 4
    assert all(e["from"] in ids and e["to"] in ids for e in edges)
    roles = sorted(e["title"] for e in edges)
    assert roles == ["hasRepository", "introduces", "uses"]


def test_long_labels_cut() -> None:
    g = Graph()
    g.add((EX.m, RDF.type, KG.Model))
    g.add((EX.m, RDFS.label, Literal("x" * 100)))
    (node,) = build_network(g).nodes
    assert node["label"] == "x" * 39 + "…"
    assert node["full"] == "x" * 100


def test_deterministic() -> None:
    assert render_html(small_graph(), seed=3) == render_html(small_graph(), seed=3)


def test_empty_graph_renders() -> None:
    html = render_html(Graph())
    assert _data(html, "nodes") == [] and _data(html, "edges") == []


# ------------------------------------------------------------------ views


def view_graph() -> Graph:
    """Two groups. p1, p2 use GSM8K (alias "GSM-8K") and model Llama; p2 also uses dataset
    MATH; p3 uses MATH and method LoRA; p4, p5 use method Adam only; p1 has a repository and
    an arXiv id and a date."""
    from rdflib import SKOS, XSD

    g = Graph()
    for i in range(1, 6):
        g.add((EX[f"p{i}"], RDF.type, KG.Paper))
        g.add((EX[f"p{i}"], DCTERMS.title, Literal(f"Paper {i}")))
    for n, t, label in (("gsm", "Dataset", "GSM8K"), ("math", "Dataset", "MATH"),
                        ("llama", "Model", "Llama"), ("lora", "Method", "LoRA"),
                        ("adam", "Method", "Adam")):
        g.add((EX[n], RDF.type, KG[t]))
        g.add((EX[n], RDFS.label, Literal(label)))
    g.add((EX.gsm, SKOS.altLabel, Literal("GSM-8K test set")))
    for p, e in (("p1", "gsm"), ("p2", "gsm"), ("p1", "llama"), ("p2", "llama"),
                 ("p2", "math"), ("p3", "math"), ("p3", "lora"), ("p4", "adam"),
                 ("p5", "adam")):
        g.add((EX[p], KG.uses, EX[e]))
    repo = URIRef("https://github.com/o/r")
    g.add((repo, RDF.type, KG.Repository))
    g.add((EX.p1, KG.hasRepository, repo))
    g.add((EX.p1, KG.arxivId, Literal("2305.01234")))
    g.add((EX.p1, DCTERMS.date, Literal("2023-05-02", datatype=XSD.date)))
    from kg.ontology import SCHEMA

    g.add((EX.p1, SCHEMA.url, URIRef("https://arxiv.org/abs/2305.01234")))
    g.add((EX.llama, SKOS.exactMatch, URIRef("https://huggingface.co/meta-llama/Llama")))
    return g


def shown(view: View, g: Graph | None = None) -> set[str]:
    from kg.analytics import pagerank, to_networkx
    from kg.viz import select

    g = g or view_graph()
    G = to_networkx(g)
    nodes, _ = select(g, G, pagerank(G), view)
    return {n.rsplit("/", 1)[-1] for n in nodes}


def test_view_whole_graph() -> None:
    from kg.viz import View

    assert shown(View()) == {"p1", "p2", "p3", "p4", "p5", "gsm", "math", "llama", "lora",
                             "adam", "r"}


@pytest.mark.parametrize(("name", "depth", "expected"), [
    ("GSM8K", 1, {"gsm", "p1", "p2"}),
    ("gsm-8k", 1, {"gsm", "p1", "p2"}),                 # case and punctuation ignored
    ("GSM-8K test set", 1, {"gsm", "p1", "p2"}),        # an alias
    ("GSM8K", 2, {"gsm", "p1", "p2", "llama", "math", "r"}),
    ("GSM8K", 3, {"gsm", "p1", "p2", "llama", "math", "r", "p3"}),
    ("GSM8K", 0, {"gsm"}),
    ("Paper 4", 1, {"p4", "adam"}),                     # a title
    (str(EX.lora), 1, {"lora", "p3"}),                  # an IRI
])
def test_view_focus_by_hand(name: str, depth: int, expected: set[str]) -> None:
    from kg.viz import View

    assert shown(View(focus=(name,), depth=depth)) == expected


def test_view_two_focuses_and_types() -> None:
    from kg.viz import View

    assert shown(View(focus=("LoRA", "Adam"))) == {"lora", "p3", "adam", "p4", "p5"}
    # datasets only (papers kept as the links between them)
    assert shown(View(types=("Dataset",))) == {"gsm", "math", "p1", "p2", "p3"}
    assert shown(View(types=("Dataset", "Model"), focus=("GSM8K",), depth=2)) == {
        "gsm", "math", "llama", "p1", "p2"}


def test_view_community_and_errors() -> None:
    from kg.analytics import community_parts, to_networkx
    from kg.viz import View

    parts = community_parts(to_networkx(view_graph()), seed=42)
    for i, part in enumerate(parts, start=1):
        assert shown(View(community=i)) == {n.rsplit("/", 1)[-1] for n in part}
    # Adam and its two papers are a component of their own, so a community of their own
    assert {"adam", "p4", "p5"} in [shown(View(community=i)) for i in range(1, len(parts) + 1)]
    with pytest.raises(InputError, match="there are"):
        shown(View(community=len(parts) + 1))
    with pytest.raises(InputError, match="no paper or entity is named 'Nope'"):
        shown(View(focus=("Nope",)))
    with pytest.raises(InputError, match="unknown type 'Widget'"):
        shown(View(types=("Widget",)))


def test_view_query() -> None:
    from kg.errors import QueryError
    from kg.viz import View

    # papers in the result: exactly those nodes
    q = "SELECT ?p ?d WHERE { ?p kg:uses ?d . ?d rdfs:label 'MATH' }"
    assert shown(View(query=q)) == {"p2", "p3", "math"}
    # entities only: the papers linking two of them are added
    q = "SELECT ?d WHERE { ?d a kg:Dataset }"
    assert shown(View(query=q)) == {"gsm", "math", "p2"}
    with pytest.raises(InputError, match="no paper, entity or repository"):
        shown(View(query="SELECT ?x WHERE { ?x a kg:Result }"))
    with pytest.raises(QueryError, match="SELECT"):
        shown(View(query="ASK { ?x a kg:Paper }"))


def test_view_cut_keeps_top_entities_and_their_papers() -> None:
    """PageRank on view_graph: GSM8K, MATH, Llama and Adam have two papers each, LoRA one;
    a cut to 5 nodes keeps the two top entities (budget 5 // 2) and the papers linking most
    of them."""
    from kg.analytics import pagerank, to_networkx
    from kg.viz import View, select

    g = view_graph()
    G = to_networkx(g)
    rank = pagerank(G)
    ents = sorted((n for n, d in G.nodes(data=True) if d["type"] != "Paper"),
                  key=lambda n: (-rank[n], n))[:2]
    nodes, what = select(g, G, rank, View(max_nodes=5))
    assert len(nodes) <= 5
    assert set(ents) <= nodes
    papers = {n for n in nodes if G.nodes[n]["type"] == "Paper"}
    assert papers and all(any(e in G[p] for e in ents) for p in papers)
    assert "cut to the top 2 entities by PageRank" in what
    # a focus is always kept, even when the cut is tight
    nodes, _ = select(g, G, rank, View(focus=("LoRA",), depth=3, max_nodes=2))
    assert str(EX.lora) in nodes


def test_tooltips_and_details_carry_date_and_links() -> None:
    nodes = {n["iri"]: n for n in _data(render_html(view_graph()), "nodes")}
    p1 = nodes[str(EX.p1)]
    assert p1["title"].startswith("Paper: Paper 1\n")
    assert "date: 2023-05-02" in p1["title"] and "arXiv: 2305.01234" in p1["title"]
    assert p1["date"] == "2023-05-02"
    assert p1["urls"] == ["https://github.com/o/r", "https://arxiv.org/abs/2305.01234"]
    assert nodes[str(EX.llama)]["urls"] == ["https://huggingface.co/meta-llama/Llama"]
    assert nodes[str(EX.gsm)]["facts"][0] == "2 papers"
    assert nodes[str(EX.lora)]["facts"][0] == "1 paper"


def test_caption_is_escaped() -> None:
    g = small_graph()
    html = render_html(g, view=View(focus=(EVIL,)))
    assert ('<span id="caption">&lt;script&gt;alert(1)&lt;/script&gt; and the nodes within '
            '1 link') in html


def test_layout_deterministic_and_components_apart() -> None:
    from kg.analytics import to_networkx
    from kg.viz import layout

    G = to_networkx(view_graph())
    pos = layout(G, seed=5)
    assert set(pos) == set(G.nodes)
    assert pos == layout(G, seed=5)
    assert len({(round(x, 3), round(y, 3)) for x, y in pos.values()}) == len(pos)

    def box(names: set[str]) -> tuple[float, float, float, float]:
        xs = [pos[str(EX[n])][0] for n in names]
        ys = [pos[str(EX[n])][1] for n in names]
        return min(xs), min(ys), max(xs), max(ys)

    a, b = box({"p4", "p5", "adam"}), box({"p1", "p2", "p3", "gsm", "math", "llama", "lora"})
    overlap_x = a[0] <= b[2] and b[0] <= a[2]
    overlap_y = a[1] <= b[3] and b[1] <= a[3]
    assert not (overlap_x and overlap_y)  # packed side by side, not on top of each other


def test_big_views_get_positions_and_no_physics() -> None:
    from kg.viz import PHYSICS_LIMIT

    g = Graph()
    for i in range(PHYSICS_LIMIT + 10):
        g.add((EX[f"p{i}"], RDF.type, KG.Paper))
        g.add((EX[f"p{i}"], DCTERMS.title, Literal(f"P{i}")))
        g.add((EX[f"p{i}"], KG.uses, EX[f"d{i % 7}"]))
    for j in range(7):
        g.add((EX[f"d{j}"], RDF.type, KG.Dataset))
        g.add((EX[f"d{j}"], RDFS.label, Literal(f"D{j}")))
    net = build_network(g)
    assert net.options["physics"]["enabled"] is False
    assert all("x" in n and "y" in n for n in net.nodes)
    small = build_network(view_graph())
    assert small.options["physics"]["enabled"] is True
    assert not any("x" in n for n in small.nodes)


def test_cli_viz_views(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    src = tmp_path / "g.ttl"
    view_graph().serialize(src, format="turtle")
    runner = CliRunner()

    def nodes(*args: str) -> set[str]:
        out = tmp_path / "v.html"
        res = runner.invoke(main, ["viz", "-g", str(src), "-o", str(out), *args])
        assert res.exit_code == 0, res.output
        return {n["iri"].rsplit("/", 1)[-1] for n in _data(out.read_text("utf-8"), "nodes")}

    assert nodes("--focus", "gsm8k", "--depth", "2", "--type", "dataset,model") == {
        "gsm", "math", "llama", "p1", "p2"}
    q = tmp_path / "q.rq"
    q.write_text("SELECT ?d WHERE { ?d a kg:Dataset }", encoding="utf-8")
    assert nodes("--query", str(q)) == {"gsm", "math", "p2"}
    assert len(nodes("--max-nodes", "4", "--top", "1")) <= 4
    bad = runner.invoke(main, ["viz", "-g", str(src), "-o", str(tmp_path / "x.html"),
                               "--focus", "Nope"])
    assert bad.exit_code == 2 and "no paper or entity is named 'Nope'" in bad.output
    assert not (tmp_path / "x.html").exists()
    bad = runner.invoke(main, ["viz", "-g", str(src), "--query", str(tmp_path / "none.rq")])
    assert bad.exit_code == 3


def test_cut_gives_every_kept_entity_a_paper() -> None:
    """A and B share papers p1-p5 (two kept entities each), C has only q. Cut to 7 nodes:
    3 entities and room for 4 papers. By links alone p1-p4 would fill it and leave C alone;
    each entity first gets its best paper (p1 for A and B, q for C), then p2, p3 by links."""
    from kg.analytics import pagerank, to_networkx
    from kg.viz import View, select

    g = Graph()
    for e, t in (("a", "Method"), ("b", "Dataset"), ("c", "Task")):
        g.add((EX[e], RDF.type, KG[t]))
        g.add((EX[e], RDFS.label, Literal(e.upper())))
    for i in range(1, 6):
        g.add((EX[f"p{i}"], RDF.type, KG.Paper))
        g.add((EX[f"p{i}"], KG.uses, EX.a))
        g.add((EX[f"p{i}"], KG.uses, EX.b))
    g.add((EX.q, RDF.type, KG.Paper))
    g.add((EX.q, KG.addresses, EX.c))
    G = to_networkx(g)
    nodes, _ = select(g, G, pagerank(G), View(max_nodes=7, top=3))
    assert {n.rsplit("/", 1)[-1] for n in nodes} == {"a", "b", "c", "q", "p1", "p2", "p3"}
