"""kg.viz.render_html: offline (no CDN), vis-network inlined, CSP, every text escaped."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pyvis.network import Network
from rdflib import DCTERMS, RDF, RDFS, Graph, Literal, Namespace, URIRef

from kg.ontology import KG
from kg.viz import build_network, render_html

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
