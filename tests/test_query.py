"""kg.query: run_query / format_result on a small literal graph with known answers."""
from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import DCTERMS, RDF, RDFS, Graph, Literal, Namespace, URIRef

from kg.errors import QueryError
from kg.ontology import KG, PREFIXES, sparql_prologue
from kg.query import format_result, run_query, table

EX = Namespace("https://example.org/kg/id/")
# not rdflib.XSD: pytest probes module globals and XSD warns about unknown names
XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")


@pytest.fixture
def g() -> Graph:
    g = Graph()
    g.add((EX.p1, RDF.type, KG.Paper))
    g.add((EX.p1, DCTERMS.title, Literal("Alpha: a model")))
    g.add((EX.p1, KG.introduces, EX.alpha))
    g.add((EX.p1, KG.uses, EX.gsm8k))
    g.add((EX.p2, RDF.type, KG.Paper))
    g.add((EX.p2, DCTERMS.title, Literal('Beta, "quoted"\nand a new line')))
    g.add((EX.p2, KG.uses, EX.gsm8k))
    g.add((EX.p2, KG.comparesWith, EX.alpha))
    g.add((EX.alpha, RDF.type, KG.Model))
    g.add((EX.alpha, RDFS.label, Literal("Alpha")))
    g.add((EX.gsm8k, RDF.type, KG.Dataset))
    g.add((EX.gsm8k, RDFS.label, Literal("GSM8K")))
    g.add((EX.gsm8k, KG.paperCount, Literal(2, datatype=XSD_INTEGER)))
    return g


def test_select_rows(g: Graph) -> None:
    res = run_query(g, "SELECT ?p WHERE { ?p kg:uses ?d . ?d rdfs:label 'GSM8K' } ORDER BY ?p")
    assert res.type == "SELECT"
    assert [row[0] for row in res] == [EX.p1, EX.p2]


def test_every_prefix_prebound(g: Graph) -> None:
    for prefix in PREFIXES:
        run_query(g, f"ASK {{ ?s {prefix}:nothing ?o }}")  # would raise on an unknown prefix


def test_prologue_lists_every_prefix() -> None:
    text = sparql_prologue()
    for prefix, ns in PREFIXES.items():
        assert f"PREFIX {prefix}: <{ns}>\n" in text


def test_user_prefix_overrides_prebound(g: Graph) -> None:
    res = run_query(g, "PREFIX kg: <https://other.example/>\nASK { ?p kg:uses ?d }")
    assert res.askAnswer is False
    res = run_query(g, "prefix dcterms: <http://purl.org/dc/terms/>\n"
                       "ASK { ?p dcterms:title 'Alpha: a model' }")
    assert res.askAnswer is True


def test_select_table(g: Graph) -> None:
    res = run_query(g, "SELECT ?label ?n WHERE { ?d a kg:Dataset ; rdfs:label ?label ; "
                       "kg:paperCount ?n }")
    assert format_result(res, "table").splitlines() == [
        "label  n", "-----  -", "GSM8K  2", "(1 row)"]


def test_select_table_empty_and_unbound(g: Graph) -> None:
    res = run_query(g, "SELECT ?x WHERE { ?x kg:addresses ?t }")
    assert format_result(res).splitlines()[-1] == "(0 rows)"
    res = run_query(g, "SELECT ?p ?c WHERE { ?p a kg:Paper OPTIONAL { ?p kg:comparesWith ?c } }"
                       " ORDER BY ?p")
    rows = list(csv.reader(io.StringIO(format_result(res, "csv"))))
    assert rows == [["p", "c"], [str(EX.p1), ""], [str(EX.p2), str(EX.alpha)]]


def test_select_csv_quotes(g: Graph) -> None:
    res = run_query(g, "SELECT ?t WHERE { ?p dcterms:title ?t } ORDER BY ?t")
    rows = list(csv.reader(io.StringIO(format_result(res, "csv"))))
    assert rows == [["t"], ["Alpha: a model"], ['Beta, "quoted"\nand a new line']]


def test_select_json(g: Graph) -> None:
    res = run_query(g, "SELECT ?d ?n WHERE { ?d kg:paperCount ?n }")
    data = json.loads(format_result(res, "json"))
    assert data["head"]["vars"] == ["d", "n"]
    (b,) = data["results"]["bindings"]
    assert b["d"] == {"type": "uri", "value": str(EX.gsm8k)}
    assert b["n"]["value"] == "2" and b["n"]["datatype"] == str(XSD_INTEGER)


def test_table_cuts_long_cells() -> None:
    out = table(["a"], [["x" * 100]], width=10)
    assert out.splitlines()[2] == "x" * 9 + "…"


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_ask(g: Graph, fmt: str) -> None:
    yes = run_query(g, "ASK { ?p kg:comparesWith ?m . ?m rdfs:label 'Alpha' }")
    no = run_query(g, "ASK { ?p kg:introduces ?d . ?d a kg:Dataset }")
    if fmt == "json":
        assert json.loads(format_result(yes, fmt)) == {"boolean": True}
        assert json.loads(format_result(no, fmt)) == {"boolean": False}
    else:
        assert (format_result(yes, fmt), format_result(no, fmt)) == ("true", "false")


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_construct_is_turtle(g: Graph, fmt: str) -> None:
    res = run_query(g, "CONSTRUCT { ?d kg:usedBy ?p } WHERE { ?p kg:uses ?d }")
    text = format_result(res, fmt)
    back = Graph().parse(data=text, format="turtle")
    used_by = URIRef(str(PREFIXES["kg"]) + "usedBy")
    assert set(back) == {(EX.gsm8k, used_by, EX.p1), (EX.gsm8k, used_by, EX.p2)}
    assert "@prefix kg:" in text


def test_describe(g: Graph) -> None:
    res = run_query(g, f"DESCRIBE <{EX.alpha}>")
    back = Graph().parse(data=format_result(res), format="turtle")
    assert (EX.alpha, RDFS.label, Literal("Alpha")) in back


@pytest.mark.parametrize("q", [
    "", "  \n ", "SELECT ?x WHERE { ?x }", "SELECT * WHERE { ?s undeclared:p ?o }",
    "ASK { ?s ?p ?o", "CONSTRUCT WHERE",
])
def test_malformed(g: Graph, q: str) -> None:
    with pytest.raises(QueryError) as e:
        run_query(g, q)
    assert "\n" not in str(e.value)
    assert e.value.exit_code == 3


@pytest.mark.parametrize("q", [
    "INSERT DATA { <https://x.org/a> <https://x.org/b> <https://x.org/c> }",
    "insert data { <https://x.org/a> <https://x.org/b> 'c' }",
    "DELETE WHERE { ?s ?p ?o }",
    "DELETE DATA { <https://x.org/a> <https://x.org/b> <https://x.org/c> }",
    "WITH <https://x.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "PREFIX x: <https://x.org/>\nDELETE { ?s ?p ?o }\nINSERT { ?s x:q ?o } WHERE { ?s ?p ?o }",
    "DROP ALL", "DROP GRAPH <https://x.org/g>", "CLEAR DEFAULT", "CREATE GRAPH <https://x.org/g>",
    "LOAD <https://example.org/data.ttl>", "COPY DEFAULT TO <https://x.org/g>",
    "MOVE DEFAULT TO <https://x.org/g>", "ADD DEFAULT TO <https://x.org/g>",
    "# a comment\nDELETE WHERE { ?s ?p ?o }",
])
def test_updates_refused(g: Graph, q: str) -> None:
    before = set(g)
    with pytest.raises(QueryError, match="read-only"):
        run_query(g, q)
    assert set(g) == before


@pytest.mark.parametrize("q", [
    "SELECT ?add WHERE { ?add a kg:Model }",
    "SELECT ?drop\nWHERE { ?drop a kg:Model }",
    "SELECT $load { $load a kg:Model }",
    "PREFIX ex: <https://example.org/kg/id/> SELECT ?m WHERE { ?m a kg:Model . "
    "FILTER(?m != ex:drop) }",
    "SELECT ?m WHERE { ?m a kg:Model ; rdfs:label ?l FILTER(?l != 'insert data {') }",
    "SELECT ?m WHERE { ?m a kg:Model } # then DROP ALL",
])
def test_read_only_queries_with_update_words(g: Graph, q: str) -> None:
    assert [row[0] for row in run_query(g, q)] == [EX.alpha]
