"""kg.query: run_query / format_result and the named queries on small literal graphs with
known answers; ``kg query NAME`` end to end on the sample corpus."""
from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import DCTERMS, RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef

from kg.errors import QueryError
from kg.graph import name_key
from kg.ontology import KG, PREFIXES, sparql_prologue
from kg.query import (
    bind_text,
    format_result,
    get_named_query,
    list_text,
    named_queries,
    parse_named_query,
    parse_params,
    run_named,
    run_query,
    table,
)

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


# ---------------------------------------------------------------- named queries

NAMES = ["co-used-datasets", "code-for-method", "datasets-per-task", "papers-introducing",
         "papers-using", "papers-without-code", "results-for-dataset", "what-beats"]
XSD_DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")
INJECTIONS = ['x" } ; DROP ALL ; { "', "x' } ; DROP ALL ; { '", 'GSM8K" || "a" = "a',
              '") } UNION { ?s ?p ?o } #', "?_dataset", "\\\" } DELETE WHERE { ?s ?p ?o } #"]


@pytest.fixture
def lib() -> Graph:
    """Three papers, datasets with alternative and hidden labels, two results."""
    g = Graph()

    def entity(iri: URIRef, cls: URIRef, label: str, *alt: str, hidden: str = "") -> None:
        g.add((iri, RDF.type, cls))
        g.add((iri, RDFS.label, Literal(label)))
        for a in alt:
            g.add((iri, SKOS.altLabel, Literal(a)))
        if hidden:
            g.add((iri, SKOS.hiddenLabel, Literal(hidden)))
        for name in (label, *alt, hidden):  # as kg.graph writes them
            if name:
                g.add((iri, KG.nameKey, Literal(name_key(name))))

    entity(EX.gsm8k, KG.Dataset, "GSM8K", "GSM-8K")
    entity(EX.math, KG.Dataset, "MATH", hidden="MATH benchmark")
    entity(EX.humaneval, KG.Dataset, "HumanEval")
    entity(EX.newset, KG.Dataset, "NewSet")
    entity(EX.lora, KG.Method, "LoRA", hidden="low-rank adaptation")
    entity(EX.gpt4, KG.Model, "GPT-4")
    entity(EX.alpha, KG.Model, "Alpha")
    entity(EX.mr, KG.Task, "mathematical reasoning")
    entity(EX.cg, KG.Task, "code generation")
    papers = {
        EX.p1: ("Alpha: a model", {KG.introduces: [EX.alpha], KG.uses: [EX.gsm8k, EX.math],
                                   KG.comparesWith: [EX.gpt4, EX.lora], KG.addresses: [EX.mr],
                                   KG.hasRepository: [URIRef("https://github.com/a/alpha")]}),
        EX.p2: ("Beta uses LoRA", {KG.introduces: [EX.newset], KG.uses: [EX.lora, EX.gsm8k],
                                   KG.addresses: [EX.mr]}),
        EX.p3: ("Gamma", {KG.uses: [EX.humaneval, EX.math], KG.mentions: [EX.lora],
                          KG.addresses: [EX.cg],
                          KG.hasRepository: [URIRef("https://github.com/c/gamma")]}),
    }
    for p, (title, links) in papers.items():
        g.add((p, RDF.type, KG.Paper))
        g.add((p, DCTERMS.title, Literal(title)))
        for pred, objs in links.items():
            for o in objs:
                g.add((p, pred, o))
    for r, system, value, metric in [(EX.r1, "Alpha", "80.5", "accuracy"),
                                     (EX.r2, "GPT-4", "92.0", None)]:
        g.add((EX.p1, KG.reportsResult, r))
        g.add((r, RDF.type, KG.Result))
        g.add((r, KG.systemName, Literal(system)))
        g.add((r, KG.onDataset, EX.gsm8k))
        g.add((r, KG.value, Literal(Decimal(value), datatype=XSD_DECIMAL)))
        g.add((r, KG.unit, Literal("%")))
        if metric:
            g.add((r, KG.metric, Literal(metric)))
    return g


def rows(res: object) -> list[tuple[str, ...]]:
    return [tuple("" if v is None else str(v) for v in row) for row in res]  # type: ignore[attr-defined]


ALPHA = ("Alpha: a model", "https://github.com/a/alpha")
GAMMA = ("Gamma", "https://github.com/c/gamma")


CASES = [
    ("papers-using", {"dataset": "gsm-8k"}, [ALPHA, ("Beta uses LoRA", "")]),
    ("papers-using", {"dataset": "GSM8K"}, [ALPHA, ("Beta uses LoRA", "")]),
    ("papers-using", {"dataset": "gsm_8k "}, [ALPHA, ("Beta uses LoRA", "")]),
    ("papers-using", {"dataset": "math BENCHMARK"}, [ALPHA, GAMMA]),
    ("papers-using", {"dataset": "GSM"}, []),
    ("papers-introducing", {}, [("Alpha", "model", *ALPHA)]),
    ("papers-introducing", {"type": "Datasets"}, [("NewSet", "dataset", "Beta uses LoRA", "")]),
    ("papers-introducing", {"type": "any"},
     [("NewSet", "dataset", "Beta uses LoRA", ""), ("Alpha", "model", *ALPHA)]),
    ("papers-introducing", {"type": "task"}, []),
    ("code-for-method", {"method": "lora"}, [("comparesWith", *ALPHA), ("mentions", *GAMMA)]),
    ("code-for-method", {"method": "Low-Rank Adaptation"},
     [("comparesWith", *ALPHA), ("mentions", *GAMMA)]),
    ("code-for-method", {"method": "alpha"}, [("introduces", *ALPHA)]),
    ("what-beats", {"method": "gpt-4"}, [
        ("Alpha: a model", "Alpha", "GPT-4", "92.0", "%", "", "GSM8K"),
        ("Alpha: a model", "Alpha", "Alpha", "80.5", "%", "accuracy", "GSM8K")]),
    ("what-beats", {"method": "Alpha"}, []),
    ("datasets-per-task", {}, [("mathematical reasoning", "GSM8K", "2"),
                               ("code generation", "HumanEval", "1"),
                               ("code generation", "MATH", "1"),
                               ("mathematical reasoning", "MATH", "1")]),
    ("datasets-per-task", {"task": "Mathematical-Reasoning"},
     [("mathematical reasoning", "GSM8K", "2"), ("mathematical reasoning", "MATH", "1")]),
    ("co-used-datasets", {"dataset": "GSM8K"}, [("MATH", "1")]),
    ("co-used-datasets", {"dataset": "math"}, [("GSM8K", "1"), ("HumanEval", "1")]),
    ("results-for-dataset", {"dataset": "gsm-8k"},
     [("GPT-4", "92.0", "%", "", "Alpha: a model"),
      ("Alpha", "80.5", "%", "accuracy", "Alpha: a model")]),
    ("results-for-dataset", {"dataset": "MATH"}, []),
    ("papers-without-code", {}, [("Beta uses LoRA", "NewSet")]),
]


@pytest.mark.parametrize("name,params,expected", CASES)
def test_named_query(lib: Graph, name: str, params: dict[str, str],
                     expected: list[tuple[str, ...]]) -> None:
    assert rows(run_named(lib, name, params)) == expected


@pytest.fixture
def editions() -> Graph:
    """Pascal VOC and two editions of it, each used by one paper, and COCO by both."""
    g = Graph()
    for iri, label, family in [(EX.voc, "Pascal VOC", None), (EX.voc07, "PASCAL VOC 2007", EX.voc),
                               (EX.voc12, "PASCAL VOC 2012", EX.voc), (EX.coco, "COCO", None)]:
        g.add((iri, RDF.type, KG.Dataset))
        g.add((iri, RDFS.label, Literal(label)))
        g.add((iri, KG.nameKey, Literal(name_key(label))))
        if family is not None:
            g.add((iri, KG.variantOf, family))
    for p, title, ds in [(EX.p7, "Seven", EX.voc07), (EX.p12, "Twelve", EX.voc12)]:
        g.add((p, RDF.type, KG.Paper))
        g.add((p, DCTERMS.title, Literal(title)))
        g.add((p, KG.uses, ds))
        g.add((p, KG.uses, EX.coco))
    return g


@pytest.mark.parametrize(("name", "params", "expected"), [
    ("papers-using", {"dataset": "Pascal VOC"}, [("Seven", ""), ("Twelve", "")]),
    ("papers-using", {"dataset": "PASCAL VOC 2012"}, [("Twelve", "")]),
    ("co-used-datasets", {"dataset": "pascal voc"}, [("COCO", "2")]),
    ("co-used-datasets", {"dataset": "COCO"}, [("PASCAL VOC 2007", "1"), ("PASCAL VOC 2012", "1")]),
])
def test_a_dataset_counts_its_editions(editions: Graph, name: str, params: dict[str, str],
                                       expected: list[tuple[str, ...]]) -> None:
    assert rows(run_named(editions, name, params)) == expected


def test_library_headers() -> None:
    queries = named_queries()
    assert sorted(queries) == NAMES
    for q in queries.values():
        assert q.description and "\n" not in q.description, q.name
        assert q.description[0].isupper() and q.description.endswith("."), q.name
        for p in q.params:
            assert p.meaning and p.example, (q.name, p.name)
            assert f"?_{p.name}" in q.text, (q.name, p.name)
    assert [p.name for p in queries["papers-using"].params] == ["dataset"]
    (typ,) = queries["papers-introducing"].params
    assert (typ.required, typ.default, typ.example) == (False, "model", "dataset")
    (task,) = queries["datasets-per-task"].params
    assert (task.required, task.default) == (False, None)
    assert queries["papers-without-code"].params == ()


def test_parse_header() -> None:
    q = parse_named_query("x", "# First line\n# goes on.\n#\n"
                               "# param a: the a | example: A 1\n"
                               "# param b (optional): the b\n"
                               "# param c (optional, default: 3): the c | example: 4\n"
                               "SELECT * WHERE { ?s ?p ?o }\n# param d: not in the header\n")
    assert q.description == "First line goes on."
    assert [(p.name, p.meaning, p.example, p.required, p.default) for p in q.params] == [
        ("a", "the a", "A 1", True, None), ("b", "the b", "", False, None),
        ("c", "the c", "4", False, "3")]


def test_list_text() -> None:
    text = list_text()
    for name, q in named_queries().items():
        assert f"{name}  {q.description}" in text
        for p in q.params:
            assert f"--param {p.name}=" in text and p.example in text


def test_name_any_case() -> None:
    assert get_named_query(" Papers-Using ").name == "papers-using"


@pytest.mark.parametrize("call,needle", [
    (lambda g: run_named(g, "papers-usin", {"dataset": "GSM8K"}), "no named query"),
    (lambda g: run_named(g, "papers-using", {}), "needs --param dataset"),
    (lambda g: run_named(g, "papers-using", {"dataset": "GSM8K", "task": "x"}),
     "unknown parameter 'task'"),
    (lambda g: run_named(g, "papers-without-code", {"x": "1"}), "parameters: none"),
    (lambda g: parse_params(["dataset"]), "key=value"),
    (lambda g: parse_params(["=GSM8K"]), "key=value"),
    (lambda g: parse_params(["a=1", "a=2"]), "twice"),
])
def test_parameter_errors(lib: Graph, call: Any, needle: str) -> None:
    with pytest.raises(QueryError) as e:
        call(lib)
    assert needle in str(e.value) and "\n" not in str(e.value)
    assert e.value.exit_code == 3


def test_parse_params() -> None:
    assert parse_params(["dataset=GSM8K", "q=a=b", "e="]) == {"dataset": "GSM8K", "q": "a=b",
                                                              "e": ""}


@pytest.mark.parametrize("value", INJECTIONS)
@pytest.mark.parametrize("name", [n for n in NAMES if any(
    p.required or p.name == "task" for p in named_queries()[n].params)])
def test_injection_is_data(lib: Graph, name: str, value: str) -> None:
    """A hostile value finds nothing, as a harmless unknown one does, and changes nothing."""
    (param,) = named_queries()[name].params
    before = set(lib)
    assert rows(run_named(lib, name, {param.name: value})) == \
        rows(run_named(lib, name, {param.name: "no such thing"})) == []
    assert set(lib) == before


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_matches_literally(lib: Graph, value: str) -> None:
    """A dataset really named like an attack is found by its name, as data."""
    lib.add((EX.evil, RDF.type, KG.Dataset))
    lib.add((EX.evil, RDFS.label, Literal(value)))
    lib.add((EX.evil, KG.nameKey, Literal(name_key(value))))  # as kg.graph writes it
    lib.add((EX.p3, KG.uses, EX.evil))
    assert rows(run_named(lib, "papers-using", {"dataset": value.upper()})) == [GAMMA]


def test_type_injection(lib: Graph) -> None:
    before = set(lib)
    assert rows(run_named(lib, "papers-introducing", {"type": 'any" ) || ("a'})) == []
    assert set(lib) == before


# ---------------------------------------------------------------- kg query NAME (CLI)

def cli(*args: str) -> Any:
    from kg.cli import main

    return CliRunner().invoke(main, list(args))


def test_cli_list() -> None:
    res = cli("query", "--list")
    assert res.exit_code == 0, res.output
    assert res.stdout.strip() == list_text()
    assert cli("query", "--list", "papers-using").exit_code == 2


@pytest.mark.parametrize("name", NAMES)
def test_cli_examples_on_sample(sample_path: Path, name: str) -> None:
    """Every query, with its documented example values, answers on the sample corpus."""
    q = named_queries()[name]
    args = [f"--param={p.name}={p.example}" for p in q.params]
    res = cli("query", name, *args, "-g", str(sample_path), "--format", "csv")
    assert res.exit_code == 0, res.output
    table_rows = list(csv.reader(io.StringIO(res.stdout)))
    assert len(table_rows) > 1, f"{name} found nothing on the sample"


def test_cli_alias_finds_canonical(sample_path: Path) -> None:
    args = ["-g", str(sample_path), "--format", "json"]
    a = cli("query", "papers-using", "-p", "dataset=GSM-8K", *args)
    b = cli("query", "PAPERS-USING", "--param", "dataset=gsm8k", *args)
    assert a.exit_code == b.exit_code == 0, a.output + b.output
    assert json.loads(a.stdout) == json.loads(b.stdout)
    assert len(json.loads(a.stdout)["results"]["bindings"]) > 10


def test_cli_injection(sample_path: Path) -> None:
    before = sample_path.read_bytes()
    res = cli("query", "results-for-dataset", "-p", 'dataset=x" } ; DROP ALL ; { "',
              "-g", str(sample_path), "--format", "csv")
    assert res.exit_code == 0, res.output
    assert res.stdout.split() == ["system,value,unit,metric,title"]
    assert sample_path.read_bytes() == before


@pytest.mark.parametrize("args,code,needle", [
    (["papers-usin", "-p", "dataset=GSM8K"], 3, "no named query 'papers-usin'"),
    (["papers-usin"], 3, "no named query"),
    (["papers-using"], 3, "needs --param dataset"),
    (["papers-using", "-p", "dataset=GSM8K", "-p", "year=2024"], 3, "unknown parameter 'year'"),
    (["papers-using", "-p", "GSM8K"], 3, "key=value"),
    (["ASK { ?s ?p ?o }", "-p", "dataset=GSM8K"], 3, "--param goes with a named query"),
])
def test_cli_errors(tmp_path: Path, args: list[str], code: int, needle: str) -> None:
    graph = tmp_path / "g.ttl"
    graph.write_text("", encoding="utf-8")
    res = cli("query", *args, "-g", str(graph))
    assert res.exit_code == code, res.output
    err = res.stderr.strip()
    assert err.startswith("kg: error:") and "\n" not in err and needle in err, err


def test_cli_file_with_parameters(tmp_path: Path, lib: Graph) -> None:
    graph = tmp_path / "lib.ttl"
    lib.serialize(graph, format="turtle")
    qf = tmp_path / "mine.rq"
    qf.write_text("# Titles of papers using a dataset.\n# param d: the dataset | example: MATH\n"
                  "SELECT ?t WHERE { ?p kg:uses ?x ; dcterms:title ?t . ?x rdfs:label ?_d }"
                  " ORDER BY ?t\n", encoding="utf-8")
    res = cli("query", "-f", str(qf), "-p", "d=MATH", "-g", str(graph), "--format", "csv")
    assert res.exit_code == 0, res.output
    assert res.stdout.split() == ["t", "Alpha:", "a", "model", "Gamma"]
    assert cli("query", "-f", str(qf), "-g", str(graph)).exit_code == 3


# ---------------------------------------------------------------- the same in an Oxigraph store

def oxigraph_copy(g: Graph, tmp_path: Path) -> Graph:
    """``g`` written by kg (Turtle + store) and opened from its on-disk store."""
    from kg.io import read_graph, write_graph
    from kg.store import oxigraph_of

    write_graph(g, tmp_path / "lib.ttl", store="oxigraph")
    opened = read_graph(tmp_path / "lib.ttl", store="auto")
    assert oxigraph_of(opened) is not None
    return opened


def by_value(expected: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Oxigraph keeps decimals by value: 92.0 comes back as 92."""
    def norm(c: str) -> str:
        try:
            d = Decimal(c)
        except ArithmeticError:
            return c
        return c if "." not in c else str(d.normalize()) if d != d.to_integral() else str(int(d))
    return [tuple(norm(c) for c in r) for r in expected]


@pytest.mark.parametrize("name,params,expected", CASES)
def test_named_query_in_store(lib: Graph, tmp_path: Path, name: str, params: dict[str, str],
                              expected: list[tuple[str, ...]]) -> None:
    store = oxigraph_copy(lib, tmp_path)
    assert rows(run_named(store, name, params)) == by_value(expected)


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_in_store(lib: Graph, tmp_path: Path, value: str) -> None:
    lib.add((EX.evil, RDF.type, KG.Dataset))
    lib.add((EX.evil, RDFS.label, Literal(value)))
    lib.add((EX.evil, KG.nameKey, Literal(name_key(value))))  # as kg.graph writes it
    lib.add((EX.p3, KG.uses, EX.evil))
    store = oxigraph_copy(lib, tmp_path)
    assert rows(run_named(store, "papers-using", {"dataset": value.upper()})) == [GAMMA]
    assert rows(run_named(store, "papers-using", {"dataset": value + "x"})) == []
    assert len(store) == len(lib)


def test_store_updates_refused_and_errors_in_user_text(lib: Graph, tmp_path: Path) -> None:
    store = oxigraph_copy(lib, tmp_path)
    with pytest.raises(QueryError, match="read-only"):
        run_query(store, "INSERT DATA { <a:b> <a:c> <a:d> }")
    with pytest.raises(QueryError) as e:
        run_query(store, "SELECT ?x WHERE { ?x ?y }")
    assert "(line:1, col:26)" in str(e.value), e.value  # the column in the user's own text


# ---------------------------------------------------------------- bind_text

def test_bind_text_replaces_variables_only() -> None:
    q = ('SELECT ?_dx WHERE { ?s ?p "?_d" . <http://x/?_d> ?q ?o # ?_d\n'
         ' FILTER(STR(?_d) = STR($_d) && BOUND(?_d) && bound( ?_d ))}')
    out = bind_text(q, {"_d": Literal('a"b')})
    assert out == ('SELECT ?_dx WHERE { ?s ?p "?_d" . <http://x/?_d> ?q ?o # ?_d\n'
                   ' FILTER(STR("a\\"b") = STR("a\\"b") && true && true)}')
    assert bind_text(q, {}) == q
    iri = bind_text("SELECT * { ?s ?p ?_o }", {"_o": URIRef("https://example.org/a")})
    assert iri == "SELECT * { ?s ?p <https://example.org/a> }"
    with pytest.raises(QueryError):
        bind_text("SELECT * { ?s ?p ?_o }", {"_o": URIRef("https://example.org/a b>")})


def test_bind_text_typed_and_tagged() -> None:
    out = bind_text("ASK { FILTER(?_a = ?_b) }", {
        "_a": Literal("3", datatype=XSD_INTEGER), "_b": Literal("chat", lang="fr")})
    assert out == 'ASK { FILTER("3"^^<http://www.w3.org/2001/XMLSchema#integer> = "chat"@fr) }'


try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is in the test extra
    given = None


if given is not None:
    @settings(max_examples=300, deadline=None)
    @given(st.text())
    def test_bind_text_value_is_one_term(value: str) -> None:
        """Whatever the value holds, the query keeps its shape and gets the value back."""
        import pyoxigraph as ox

        q = 'SELECT ?v ?w WHERE { BIND(STR(?_x) AS ?v) BIND("end" AS ?w) }'
        res = list(ox.Store().query(bind_text(q, {"_x": Literal(value)})))
        assert len(res) == 1
        assert res[0]["v"].value == value and res[0]["w"].value == "end"
