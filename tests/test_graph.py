"""RDF output (kg.graph.to_graph): a tiny literal corpus against a hand-written expected graph."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.graph import _lit, ntriples_blocks, to_graph
from kg.link import Linked, link
from kg.ontology import DEFAULT_BASE, KG, NS
from kg.records import Entity, Extraction, Link, Mention, Paper, Result, Sentence, Source

XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # not rdflib.XSD: it warns on probing
HERE = Path(__file__).resolve()
P1 = "arxiv:2401.00001"
P2 = "title:anotherpaper"
TITLE = "GSM-8K Is Easy"
ABSTRACT = ("We fine-tune Llama 2 7B on GSM8K and reach 91.5% accuracy. Nothing else here. "
            "Code: https://github.com/acme/easy and https://acme.example/demo?q=a|b")
REPO = "https://github.com/acme/easy"
PAGE = "https://acme.example/demo?q=a|b"


def tiny_corpus() -> tuple[list[Paper], list[Extraction], Linked]:
    papers = [
        Paper(key=P1, title=TITLE, abstract=ABSTRACT, arxiv_id="2401.00001",
              identifier="10.1234/easy", authors=("Ada Lovelace", "Alan Turing"),
              categories=("cs.CL",), date="2024-01-02",
              sources=(Source("daily.txt", 3, "daily-papers-text", TITLE, ABSTRACT),
                       Source("papers.jsonl", 7, "jsonl", "GSM-8K is easy", ABSTRACT))),
        Paper(key=P2, title="Another Paper", abstract="",
              sources=(Source("other.json", 0, "json", "Another Paper", ""),)),
    ]

    def m(type_: str, text: str, section: str, start: int, sentence: int, role: str,
          rule: str, confidence: float, key: str = "") -> Mention:
        return Mention(type=type_, text=text, section=section, start=start,
                       end=start + len(text), sentence=sentence, role=role, rule=rule,
                       confidence=confidence, key=key)

    ex = Extraction(
        paper=P1,
        sentences=(
            Sentence(0, "title", 0, 14, TITLE),
            Sentence(1, "abstract", 0, 58, ABSTRACT[0:58]),
            Sentence(2, "abstract", 59, 77, ABSTRACT[59:77]),
            Sentence(3, "abstract", 78, 148, ABSTRACT[78:148]),
        ),
        mentions=(
            m("Dataset", "GSM-8K", "title", 0, 0, "mentions", "catalogue", 0.95, "Dataset:GSM8K"),
            m("Model", "Llama 2 7B", "abstract", 13, 1, "uses", "catalogue+variant", 0.9,
              "Model:Llama 2|7b"),
            m("Dataset", "GSM8K", "abstract", 27, 1, "uses", "catalogue", 0.95, "Dataset:GSM8K"),
            m("Repository", REPO, "abstract", 84, 3, "", "url", 1.0, REPO),
            m("Link", PAGE, "abstract", 117, 3, "", "url", 1.0, PAGE),
            m("Method", "Nothing", "abstract", 59, 2, "uses", "shape", 0.5),  # never linked
        ),
        results=(
            Result(1, "Llama 2 7B", "GSM8K", "accuracy", "91.5", "%", "abstract", 43, 57),
            Result(1, "Llama 2 7B", "", "", "n/a", "", "abstract", 0, 5),  # not a number
            Result(1, "Unknown Sys", "", "", "3", "points", "abstract", 0, 5),
        ),
    )
    linked = Linked(
        entities=[
            Entity("Dataset:GSM8K", "Dataset", "GSM8K", ("GSM-8K",), catalogue="Dataset:GSM8K",
                   hf="openai/gsm8k", arxiv="2110.14168"),
            Entity("Model:Llama 2", "Model", "Llama 2"),
            Entity("Model:Llama 2|7b", "Model", "Llama 2 7B", hf="meta-llama/Llama-2-7b-hf",
                   family="Model:Llama 2"),
            Entity("Task:mathematical reasoning", "Task", "mathematical reasoning",
                   pwc="Mathematical Reasoning"),
            Entity("new:grade school arithmetic", "Task", "grade school arithmetic",
                   parent="Task:mathematical reasoning"),
            Entity("new:orphan", "Model", "Orphan", family="Model:Nowhere"),
        ],
        links=[
            Link(P1, "Dataset:GSM8K", "uses", (0, 2)),
            Link(P1, "Model:Llama 2|7b", "uses", (1,)),
            Link(P1, "new:grade school arithmetic", "addresses", ()),
        ],
        repositories={P1: [REPO]},
        pages={P1: [PAGE]},
        mention_keys={(P1, 0): "Dataset:GSM8K", (P1, 1): "Model:Llama 2|7b",
                      (P1, 2): "Dataset:GSM8K"},
    )
    return papers, [ex], linked


# Written by hand. Record IRIs end in sha1("path:line")[:12]; the title-keyed paper in
# sha1(key)[:8].
EXPECTED = """\
@base <https://example.org/kg/id/> .
@prefix kg: <https://example.org/kg/ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix schema: <https://schema.org/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<paper/2401-00001> a kg:Paper, schema:ScholarlyArticle ;
    dcterms:title "GSM-8K Is Easy" ;
    dcterms:abstract "We fine-tune Llama 2 7B on GSM8K and reach 91.5% accuracy. Nothing else here. Code: https://github.com/acme/easy and https://acme.example/demo?q=a|b" ;
    kg:arxivId "2401.00001" ;
    schema:url <https://arxiv.org/abs/2401.00001> ;
    dcterms:identifier "10.1234/easy" ;
    dcterms:creator "Ada Lovelace", "Alan Turing" ;
    dcterms:subject "cs.CL" ;
    dcterms:date "2024-01-02"^^xsd:date ;
    kg:sourceCount 2 ;
    prov:wasDerivedFrom <record/a1fdddbdd85e>, <record/d96b77c62db2> ;
    kg:uses <dataset/gsm8k>, <model/llama-2-7b> ;
    kg:addresses <task/grade-school-arithmetic> ;
    kg:hasRepository <https://github.com/acme/easy> ;
    kg:hasLink <https://acme.example/demo?q=a%7Cb> ;
    kg:reportsResult <paper/2401-00001/result/0>, <paper/2401-00001/result/2> .

<record/a1fdddbdd85e> a kg:SourceRecord ;
    kg:sourceFile "daily.txt" ; kg:line 0003 ; kg:format "daily-papers-text" .
<record/d96b77c62db2> a kg:SourceRecord ;
    kg:sourceFile "papers.jsonl" ; kg:line 7 ; kg:format "jsonl" ;
    dcterms:title "GSM-8K is easy" .

<paper/another-paper-a0126644> a kg:Paper, schema:ScholarlyArticle ;
    dcterms:title "Another Paper" ;
    kg:sourceCount 1 ;
    prov:wasDerivedFrom <record/41bbd7597c1c> .
<record/41bbd7597c1c> a kg:SourceRecord ;
    kg:sourceFile "other.json" ; kg:line 0 ; kg:format "json" .

<dataset/gsm8k> a kg:Dataset ;
    rdfs:label "GSM8K" ; skos:prefLabel "GSM8K" ; skos:altLabel "GSM-8K" ;
    skos:hiddenLabel "Grade School Math 8K" ;
    kg:catalogueId "Dataset:GSM8K" ;
    kg:hubId "openai/gsm8k" ;
    skos:exactMatch <https://huggingface.co/datasets/openai/gsm8k> ;
    kg:arxivId "2110.14168" ;
    kg:nameKey "gsm8k", "gradeschoolmath8k" ;
    kg:paperCount 1 .
<model/llama-2> a kg:Model ;
    rdfs:label "Llama 2" ; skos:prefLabel "Llama 2" ; kg:nameKey "llama2" ; kg:paperCount 0 .
<model/llama-2-7b> a kg:Model ;
    rdfs:label "Llama 2 7B" ; skos:prefLabel "Llama 2 7B" ;
    kg:hubId "meta-llama/Llama-2-7b-hf" ;
    skos:exactMatch <https://huggingface.co/meta-llama/Llama-2-7b-hf> ;
    kg:variantOf <model/llama-2> ;
    kg:nameKey "llama27b" ;
    kg:paperCount 1 .
<task/mathematical-reasoning> a kg:Task ;
    rdfs:label "mathematical reasoning" ; skos:prefLabel "mathematical reasoning" ;
    kg:pwcName "Mathematical Reasoning" ;
    kg:nameKey "mathematicalreasoning" ;
    kg:paperCount 0 .
<task/grade-school-arithmetic> a kg:Task ;
    rdfs:label "grade school arithmetic" ; skos:prefLabel "grade school arithmetic" ;
    kg:subTaskOf <task/mathematical-reasoning> ;
    kg:nameKey "gradeschoolarithmetic" ;
    kg:paperCount 1 .
<model/orphan> a kg:Model ;
    rdfs:label "Orphan" ; skos:prefLabel "Orphan" ; kg:nameKey "orphan" ; kg:paperCount 0 .

<https://github.com/acme/easy> a kg:Repository, schema:SoftwareSourceCode ;
    schema:codeRepository "https://github.com/acme/easy"^^xsd:anyURI ;
    rdfs:label "acme/easy" .
<https://acme.example/demo?q=a%7Cb> a kg:WebPage ;
    schema:url "https://acme.example/demo?q=a|b"^^xsd:anyURI .

<paper/2401-00001/mention/0> a kg:Mention ;
    kg:inPaper <paper/2401-00001> ; kg:refersTo <dataset/gsm8k> ;
    kg:surface "GSM-8K" ; kg:section "title" ; kg:charStart 0 ; kg:charEnd 6 ;
    kg:inSentence <paper/2401-00001/sentence/0> ;
    kg:foundBy "catalogue" ; kg:confidence 0.95 ; kg:role kg:mentions .
<paper/2401-00001/mention/1> a kg:Mention ;
    kg:inPaper <paper/2401-00001> ; kg:refersTo <model/llama-2-7b> ;
    kg:surface "Llama 2 7B" ; kg:section "abstract" ; kg:charStart 13 ; kg:charEnd 23 ;
    kg:inSentence <paper/2401-00001/sentence/1> ;
    kg:foundBy "catalogue+variant" ; kg:confidence 0.9 ; kg:role kg:uses .
<paper/2401-00001/mention/2> a kg:Mention ;
    kg:inPaper <paper/2401-00001> ; kg:refersTo <dataset/gsm8k> ;
    kg:surface "GSM8K" ; kg:section "abstract" ; kg:charStart 27 ; kg:charEnd 32 ;
    kg:inSentence <paper/2401-00001/sentence/1> ;
    kg:foundBy "catalogue" ; kg:confidence 0.95 ; kg:role kg:uses .
<paper/2401-00001/mention/3> a kg:Mention ;
    kg:inPaper <paper/2401-00001> ; kg:refersTo <https://github.com/acme/easy> ;
    kg:surface "https://github.com/acme/easy" ; kg:section "abstract" ;
    kg:charStart 84 ; kg:charEnd 112 ;
    kg:inSentence <paper/2401-00001/sentence/3> ;
    kg:foundBy "url" ; kg:confidence 1.0 .
<paper/2401-00001/mention/4> a kg:Mention ;
    kg:inPaper <paper/2401-00001> ; kg:refersTo <https://acme.example/demo?q=a%7Cb> ;
    kg:surface "https://acme.example/demo?q=a|b" ; kg:section "abstract" ;
    kg:charStart 117 ; kg:charEnd 148 ;
    kg:inSentence <paper/2401-00001/sentence/3> ;
    kg:foundBy "url" ; kg:confidence 1.0 .

<paper/2401-00001/sentence/0> a kg:Sentence ;
    kg:inPaper <paper/2401-00001> ; kg:sentenceIndex 0 ; kg:section "title" ;
    kg:charStart 0 ; kg:charEnd 14 ; kg:text "GSM-8K Is Easy" .
<paper/2401-00001/sentence/1> a kg:Sentence ;
    kg:inPaper <paper/2401-00001> ; kg:sentenceIndex 1 ; kg:section "abstract" ;
    kg:charStart 0 ; kg:charEnd 58 ;
    kg:text "We fine-tune Llama 2 7B on GSM8K and reach 91.5% accuracy." .
<paper/2401-00001/sentence/3> a kg:Sentence ;
    kg:inPaper <paper/2401-00001> ; kg:sentenceIndex 3 ; kg:section "abstract" ;
    kg:charStart 78 ; kg:charEnd 148 ;
    kg:text "Code: https://github.com/acme/easy and https://acme.example/demo?q=a|b" .

<paper/2401-00001/result/0> a kg:Result ;
    kg:inPaper <paper/2401-00001> ;
    kg:systemName "Llama 2 7B" ; kg:system <model/llama-2-7b> ;
    kg:datasetName "GSM8K" ; kg:onDataset <dataset/gsm8k> ;
    kg:metric "accuracy" ; kg:value 91.5 ; kg:unit "%" ;
    kg:section "abstract" ; kg:charStart 43 ; kg:charEnd 57 ;
    kg:inSentence <paper/2401-00001/sentence/1> .
<paper/2401-00001/result/2> a kg:Result ;
    kg:inPaper <paper/2401-00001> ;
    kg:systemName "Unknown Sys" ; kg:value 3.0 ; kg:unit "points" ;
    kg:section "abstract" ; kg:charStart 0 ; kg:charEnd 5 ;
    kg:inSentence <paper/2401-00001/sentence/1> .
"""  # noqa: E501


def expected_graph(base: str = DEFAULT_BASE) -> Graph:
    """EXPECTED, with its IRIs under ``base`` (which need not be a valid Turtle @base)."""
    g = Graph().parse(data=EXPECTED, format="turtle")
    if base == DEFAULT_BASE:
        return g

    def move(t):  # type: ignore[no-untyped-def]
        if isinstance(t, URIRef) and str(t).startswith(DEFAULT_BASE):
            return URIRef(base + str(t)[len(DEFAULT_BASE):])
        return t

    out = Graph()
    for triple in g:
        out.add(tuple(move(t) for t in triple))  # type: ignore[arg-type]
    return out


def _nt(g: Graph) -> list[str]:
    return sorted(line for line in g.serialize(format="nt").splitlines() if line.strip())


def assert_isomorphic(got: Graph, want: Graph) -> None:
    if isomorphic(got, want):
        return
    _both, only_got, only_want = graph_diff(to_isomorphic(got), to_isomorphic(want))
    lines = ["graphs differ", "only in the built graph:", *_nt(only_got),
             "only in the expected graph:", *_nt(only_want)]
    pytest.fail("\n".join(lines), pytrace=False)


def test_tiny_corpus_gives_the_expected_graph() -> None:
    assert_isomorphic(to_graph(*tiny_corpus()), expected_graph())


def test_expected_graph_literals_are_typed_as_the_ontology_says() -> None:
    """Guard the hand-written graph itself: Turtle's 0003, 0.95 and 1.0 are what kg writes."""
    g = expected_graph()
    for prop, dtype in ((KG.confidence, XSD.decimal), (KG.value, XSD.decimal),
                        (KG.line, XSD.integer)):
        assert {getattr(o, "datatype", None) for o in g.objects(None, prop)} == {dtype}


def test_the_linked_view_from_link_gives_the_same_links() -> None:
    """The hand-made Linked agrees with what kg.link makes of the same mentions."""
    papers, exs, linked = tiny_corpus()
    real = link(papers, exs)
    assert {(ln.paper, ln.entity, ln.role) for ln in real.links} >= {
        (ln.paper, ln.entity, ln.role) for ln in linked.links if ln.entity.startswith(
            ("Dataset:", "Model:"))}
    assert real.repositories == linked.repositories and real.pages == linked.pages
    assert real.mention_keys.items() >= linked.mention_keys.items()
    assert {e.key for e in real.entities} >= {"Dataset:GSM8K", "Model:Llama 2",
                                              "Model:Llama 2|7b"}


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_FORBIDDEN = re.compile(r"[\x00-\x20<>\"{}|^`\\\x7f-\x9f\u00a0\u2028\u2029\u3000]")


def _iris(g: Graph) -> set[str]:
    return {str(t) for triple in g for t in triple if isinstance(t, URIRef)}


def nasty_corpus() -> tuple[list[Paper], list[Extraction], Linked]:
    title = 'Ünïcode <Title> {with} "quotes" | pipes ^ and `ticks` \\ 日本語\u00a0\u2028end'
    papers = [
        Paper(key="title:nasty", title=title, abstract="x",
              sources=(Source("dir with space/ä.txt", 1, "json", title, "x"),)),
        Paper(key="arxiv:hep-th/9901001", title="Old style", abstract="y",
              arxiv_id="hep-th/9901001", sources=(Source("a", 1, "json", "Old style", "y"),)),
        Paper(key="title:empty", title="日本語", abstract="",
              sources=(Source("b", 2, "json", "日本語", ""),)),
    ]
    bad_repo = 'https://github.com/a b/c"d<e>'
    bad_page = "https://x.example/a b{c}|d\u2028e"
    mentions = (
        Mention("Repository", bad_repo, "abstract", 0, 1, 0, "", "url", 1.0, key=bad_repo),
        Mention("Link", bad_page, "abstract", 0, 1, 0, "", "url", 1.0, key=bad_page),
        Mention("Model", "モデル", "abstract", 0, 1, 0, "uses", "shape", 0.5),
    )
    ex = Extraction(paper="title:nasty", sentences=(Sentence(0, "abstract", 0, 1, "x"),),
                    mentions=mentions)
    linked = Linked(
        entities=[Entity("Method:C++ <templates>", "Method", "C++ <templates>"),
                  Entity("new:モデル", "Model", "モデル", hf='ac me/"x"'),
                  Entity("new:   ", "Dataset", "blank")],
        links=[Link("title:nasty", "new:モデル", "uses", (2,)),
               Link("arxiv:hep-th/9901001", "Method:C++ <templates>", "introduces", ())],
        repositories={"title:nasty": [bad_repo]}, pages={"title:nasty": [bad_page]},
        mention_keys={("title:nasty", 2): "new:モデル"})
    return papers, [ex], linked


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's JSON-LD parser
@pytest.mark.parametrize("make", [tiny_corpus, nasty_corpus])
def test_every_iri_is_valid(make) -> None:  # type: ignore[no-untyped-def]
    g = to_graph(*make())
    iris = _iris(g)
    bad = sorted(i for i in iris if not _SCHEME.match(i) or _FORBIDDEN.search(i))
    assert bad == []
    assert not any(isinstance(t, BNode) for triple in g for t in triple)
    # and every serialisation reads back with the same IRIs
    for fmt in ("nt", "turtle", "xml", "json-ld"):
        back = Graph().parse(data=g.serialize(format=fmt), format=fmt)
        assert _iris(back) == iris, fmt
        assert len(back) == len(g), fmt


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's JSON-LD parser
@pytest.mark.parametrize("fmt", ["nt", "xml", "json-ld", "turtle"])
def test_written_graph_reads_back_isomorphic(fmt: str) -> None:
    g = to_graph(*tiny_corpus())
    back = Graph().parse(data=g.serialize(format=fmt), format=fmt)
    assert_isomorphic(back, g)


def test_nasty_minted_iris_are_distinct_and_under_the_base() -> None:
    papers, exs, linked = nasty_corpus()
    g = to_graph(papers, exs, linked)
    paper_iris = set(g.subjects(RDF.type, KG.Paper))
    entity_iris = {s for t in (KG.Model, KG.Dataset, KG.Method, KG.Task)
                   for s in g.subjects(RDF.type, t)}
    assert len(paper_iris) == 3 and len(entity_iris) == 3
    assert all(str(i).startswith(DEFAULT_BASE) for i in paper_iris | entity_iris)
    assert URIRef(DEFAULT_BASE + "paper/hep-th-9901001") in paper_iris
    assert (URIRef(DEFAULT_BASE + "paper/hep-th-9901001"),
            URIRef("https://schema.org/url"),
            URIRef("https://arxiv.org/abs/hep-th/9901001")) in g


def test_same_input_twice_gives_the_same_serialisation() -> None:
    a = to_graph(*tiny_corpus()).serialize(format="turtle")
    b = to_graph(*tiny_corpus()).serialize(format="turtle")
    assert a == b
    papers, exs, linked = tiny_corpus()
    shuffled = Linked(entities=linked.entities[::-1], links=linked.links[::-1],
                      repositories=linked.repositories, pages=linked.pages,
                      mention_keys=dict(reversed(list(linked.mention_keys.items()))))
    c = to_graph(papers[::-1], exs, shuffled).serialize(format="turtle")
    assert c == a


def _serialise_in_subprocess(hash_seed: str) -> str:
    code = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('tg', {str(HERE)!r})\n"
        "mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)\n"
        "from kg.graph import to_graph\nfrom kg.link import link\n"
        "p, x, _ = mod.tiny_corpus()\n"
        "sys.stdout.write(to_graph(p, x, link(p, x)).serialize(format='turtle'))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, timeout=120, check=True)
    return out.stdout


def test_same_serialisation_across_processes_and_hash_seeds() -> None:
    """link + to_graph + Turtle: nothing depends on set or dict order of one process."""
    outs = {_serialise_in_subprocess(seed) for seed in ("1", "4242")}
    assert len(outs) == 1
    papers, exs, _ = tiny_corpus()
    assert outs == {to_graph(papers, exs, link(papers, exs)).serialize(format="turtle")}


@pytest.mark.parametrize("base", ["https://w3id.org/mykg/", "https://w3id.org/mykg",
                                  "urn:kg:test/", "https://data.example/kg#"])
def test_a_custom_base_is_used_for_every_minted_iri(base: str) -> None:
    g = to_graph(*tiny_corpus(), base=base)
    norm_base = base if base.endswith(("/", "#")) else base + "/"
    default = to_graph(*tiny_corpus())
    minted = {i for i in _iris(default) if i.startswith(DEFAULT_BASE)}
    assert len(minted) > 20
    got = _iris(g)
    assert not any(i.startswith(DEFAULT_BASE) for i in got)
    assert {i.replace(DEFAULT_BASE, norm_base, 1) for i in minted} <= got
    # nothing but the base changed
    assert len(got) == len(_iris(default))
    assert_isomorphic(g, expected_graph(norm_base))


def test_external_iris_do_not_follow_the_base() -> None:
    got = _iris(to_graph(*tiny_corpus(), base="https://w3id.org/mykg/"))
    assert "https://github.com/acme/easy" in got
    assert "https://huggingface.co/datasets/openai/gsm8k" in got
    assert "https://arxiv.org/abs/2401.00001" in got
    assert NS + "Paper" in got


@pytest.mark.parametrize("base", ["not an iri", "https://x.example/a b", "", "/relative/"])
def test_an_invalid_base_is_refused(base: str) -> None:
    with pytest.raises(ValueError):
        to_graph(*tiny_corpus(), base=base)


def test_decimal_literals_are_not_strings() -> None:
    g = to_graph(*tiny_corpus())
    values = list(g.objects(None, KG.value))
    assert values and all(isinstance(v, Literal) and v.datatype == XSD.decimal for v in values)
    conf = list(g.objects(None, KG.confidence))
    assert conf and all(isinstance(v, Literal) and v.datatype == XSD.decimal
                        and 0 <= v.toPython() <= 1 for v in conf)


@pytest.mark.parametrize("name", ["GSM-8K", "Llama 2 7B", "HumanEval+", "Grade School Math 8K",
                                  "S$^3$c-Math", "snake_case_name", "Pokémon", "α-β net", "C++",
                                  "NTU RGB+D", "GSM8K+ and MATH+"])
def test_name_key_is_what_sparql_computes_in_rdflib_and_oxigraph(name: str) -> None:
    """A query of one's own may compute a name's key in SPARQL, as the documented expression
    REPLACE(REPLACE(LCASE(?n), "[+](\\\\W|$)", "plus$1"), "[\\\\W_]+", ""): the key kg writes in
    kg:nameKey must be what both query engines compute."""
    import pyoxigraph

    from kg.graph import name_key

    literal = name.replace("\\", "\\\\").replace('"', '\\"')
    q = ('SELECT (REPLACE(REPLACE(LCASE(STR(?n)), "[+](\\\\W|$)", "plus$1"), "[\\\\W_]+", "") '
         'AS ?k) WHERE { '
         'VALUES ?n { "' + literal + '" } }')
    in_rdflib = [str(r[0]) for r in Graph().query(q)]
    in_oxigraph = [s["k"].value for s in pyoxigraph.Store().query(q)]
    assert in_rdflib == in_oxigraph == [name_key(name)]


def _block_lines(blocks: list[str]) -> list[str]:
    return [line for b in blocks for line in b.splitlines()]


def test_blocks_hold_each_triple_once_and_are_the_graph() -> None:
    papers, exs, linked = tiny_corpus()
    lines = _block_lines(list(ntriples_blocks(papers, exs, linked)))
    assert len(lines) == len(set(lines))
    assert all(line.endswith(" .") for line in lines)
    g = Graph().parse(data="\n".join(lines), format="nt")
    assert len(g) == len(lines)
    assert_isomorphic(g, expected_graph())


def test_blocks_keep_each_subject_together() -> None:
    """One run of lines per subject, so the Turtle written from them has one block each."""
    papers, exs, linked = tiny_corpus()
    subjects = [line.split(" ", 1)[0] for line in _block_lines(
        list(ntriples_blocks(papers, exs, linked)))]
    runs = [s for i, s in enumerate(subjects) if i == 0 or subjects[i - 1] != s]
    assert len(runs) == len(set(runs))


def test_blocks_do_not_depend_on_input_order() -> None:
    papers, exs, linked = tiny_corpus()
    shuffled = Linked(entities=linked.entities[::-1], links=linked.links[::-1],
                      repositories=dict(reversed(list(linked.repositories.items()))),
                      pages=dict(reversed(list(linked.pages.items()))),
                      mention_keys=dict(reversed(list(linked.mention_keys.items()))))
    assert "".join(ntriples_blocks(papers[::-1], exs[::-1], shuffled)) == \
        "".join(ntriples_blocks(papers, exs, linked))


def test_sample_blocks_are_the_sample_graph(sample) -> None:  # type: ignore[no-untyped-def]
    """What `kg build` streams to disk is the graph the library gives in memory."""
    lines = _block_lines(list(sample.result.blocks()))
    assert len(lines) == len(set(lines)) == len(sample.result.graph) == len(sample.graph)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40))
def test_any_text_literal_reads_back_exactly(text: str) -> None:
    """Quotes, backslashes, newlines and control characters are escaped so that rdflib and
    Oxigraph both read the very same string back."""
    import pyoxigraph as ox

    line = f"<urn:s> <urn:p> {_lit(text)} .\n"
    assert str(next(iter(Graph().parse(data=line, format="nt")))[2]) == text
    triple = next(iter(ox.parse(line.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)))
    assert triple.object.value == text


def test_an_alias_naming_a_variant_finds_the_variant_not_the_family() -> None:
    paper = Paper(key="p1", title="A detector", abstract="x")
    voc12 = Mention(text="PASCAL VOC 2012", type="Dataset", section="abstract", start=0,
                    end=15, sentence=0, role="uses", rule="catalogue+variant", confidence=0.9,
                    key="Dataset:Pascal VOC|2012")
    ex = Extraction(paper="p1", mentions=(voc12,), sentences=(
        Sentence(index=0, section="abstract", start=0, end=15, text="PASCAL VOC 2012"),))
    g = to_graph([paper], [ex], link([paper], [ex]))
    (edition, family), = set(g.subject_objects(KG.variantOf))
    assert "pascalvoc2012" in {str(k) for k in g.objects(edition, KG.nameKey)}
    family_keys = {str(k) for k in g.objects(family, KG.nameKey)}
    assert "pascalvoc" in family_keys and "pascalvoc2012" not in family_keys
