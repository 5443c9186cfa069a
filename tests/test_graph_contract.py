"""The graph contract (CONTRACT.md) checked in SPARQL on the graph built from the sample corpus.

These assert structure, never exact extraction output: whatever the extractor finds, every
node must be named, every link typed and backed by evidence that points at real text, and
every kg: term declared in schemas/kg.ttl.
"""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef

from kg.ontology import KG, NS
from kg.query import run_query

SCHEMA_TTL = Path(__file__).resolve().parent.parent / "schemas" / "kg.ttl"
# not rdflib.XSD: pytest probes module globals and XSD warns about unknown names
XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")
ENTITY_TYPES = ("Model", "Dataset", "Method", "Task")
ROLES = ("introduces", "uses", "comparesWith", "mentions", "addresses")
VALUES = "VALUES ?type { kg:Model kg:Dataset kg:Method kg:Task }"


def rows(g: Graph, q: str) -> list[tuple]:  # type: ignore[type-arg]
    return [tuple(r) for r in run_query(g, q)]


def show(found: list, n: int = 10) -> str:  # type: ignore[type-arg]
    return f"{len(found)} offending, e.g.:\n" + "\n".join(map(str, found[:n]))


def test_sample_has_papers_and_entities(sample_graph: Graph) -> None:
    ((n,),) = rows(sample_graph, "SELECT (COUNT(DISTINCT ?p) AS ?n) { ?p a kg:Paper }")
    assert int(n) == 289
    for t in ENTITY_TYPES:
        assert run_query(sample_graph, f"ASK {{ ?p ?role ?e . ?e a kg:{t} }}").askAnswer, t
    assert run_query(sample_graph, "ASK { ?p kg:hasRepository ?r }").askAnswer


def test_every_paper_has_a_title(sample_graph: Graph) -> None:
    bad = rows(sample_graph, """
        SELECT ?p WHERE { ?p a kg:Paper
          FILTER NOT EXISTS { ?p dcterms:title ?t FILTER(STRLEN(STR(?t)) > 0) } }""")
    assert not bad, show(bad)
    many = rows(sample_graph, """
        SELECT ?p WHERE { ?p a kg:Paper ; dcterms:title ?a, ?b FILTER(?a != ?b) }""")
    assert not many, show(many)


def test_every_entity_has_label_and_preflabel(sample_graph: Graph) -> None:
    bad = rows(sample_graph, f"""
        SELECT ?e ?type WHERE {{ {VALUES} ?e a ?type .
          FILTER (NOT EXISTS {{ ?e rdfs:label ?l FILTER(STRLEN(STR(?l)) > 0) }}
               || NOT EXISTS {{ ?e skos:prefLabel ?pl FILTER(STRLEN(STR(?pl)) > 0) }}) }}""")
    assert not bad, show(bad)
    two = rows(sample_graph, f"""
        SELECT ?e WHERE {{ {VALUES} ?e a ?type ; skos:prefLabel ?a, ?b FILTER(?a != ?b) }}""")
    assert not two, show(two)


def test_paper_entity_links_use_only_the_roles(sample_graph: Graph) -> None:
    found = rows(sample_graph, f"""
        SELECT DISTINCT ?pred WHERE {{ {VALUES} ?p a kg:Paper ; ?pred ?e . ?e a ?type }}""")
    preds = {str(p) for (p,) in found}
    assert preds, "no paper -> entity link at all"
    assert preds <= {NS + r for r in ROLES}, sorted(preds)


def test_role_targets(sample_graph: Graph) -> None:
    # every role points at a typed entity, addresses at a task, hasRepository at a repository
    untyped = rows(sample_graph, f"""
        SELECT ?p ?role ?e WHERE {{
          VALUES ?role {{ {" ".join("kg:" + r for r in ROLES)} }}
          ?p ?role ?e .
          FILTER NOT EXISTS {{ {VALUES} ?e a ?type }} }}""")
    assert not untyped, show(untyped)
    not_task = rows(sample_graph, """
        SELECT ?p ?e WHERE { ?p kg:addresses ?e FILTER NOT EXISTS { ?e a kg:Task } }""")
    assert not not_task, show(not_task)
    not_paper = rows(sample_graph, f"""
        SELECT ?s ?role WHERE {{
          VALUES ?role {{ {" ".join("kg:" + r for r in ROLES)} kg:hasRepository }}
          ?s ?role ?o FILTER NOT EXISTS {{ ?s a kg:Paper }} }}""")
    assert not not_paper, show(not_paper)


def test_linked_entities_have_exactly_one_entity_type(sample_graph: Graph) -> None:
    bad = rows(sample_graph, f"""
        SELECT ?e (COUNT(DISTINCT ?type) AS ?n) WHERE {{
          {VALUES} ?p a kg:Paper ; ?role ?e . ?e a ?type }}
        GROUP BY ?e HAVING (COUNT(DISTINCT ?type) != 1)""")
    assert not bad, show(bad)
    both = rows(sample_graph, f"""
        SELECT ?e WHERE {{ {VALUES} ?e a ?type ; a kg:Paper }}""")
    assert not both, show(both)


def test_one_node_per_entity(sample_graph: Graph) -> None:
    """An entity is ONE node: no two entities of a type share a preferred label."""
    bad = rows(sample_graph, f"""
        SELECT ?type ?l (COUNT(DISTINCT ?e) AS ?n) WHERE {{ {VALUES} ?e a ?type ;
          skos:prefLabel ?l }} GROUP BY ?type ?l HAVING (COUNT(DISTINCT ?e) > 1)""")
    assert not bad, show(bad)


def test_repositories(sample_graph: Graph) -> None:
    repo_re = re.compile(r"https://(github|gitlab)\.com/[^/\s]+(/[^/\s]+)?")
    repos = rows(sample_graph, "SELECT ?r ?url WHERE { ?r a kg:Repository "
                               "OPTIONAL { ?r schema:codeRepository ?url } }")
    assert repos
    bad = [(r, u) for r, u in repos
           if not repo_re.fullmatch(str(r)) or u is None or str(u) != str(r)
           or str(r).endswith((".git", "/", "."))]
    assert not bad, show(bad)
    orphan = rows(sample_graph, """
        SELECT ?r WHERE { ?r a kg:Repository FILTER NOT EXISTS { ?p kg:hasRepository ?r } }""")
    assert not orphan, show(orphan)


def values(g: Graph, cls: str, prop: str) -> dict[URIRef, list]:  # type: ignore[type-arg]
    """``{node: [values]}`` of one property of the nodes of a class (one small SPARQL query
    per property: rdflib evaluates a long basic graph pattern over the sample very slowly)."""
    out: dict[URIRef, list] = defaultdict(list)  # type: ignore[type-arg]
    for node, v in rows(g, f"SELECT ?x ?v WHERE {{ ?x a {cls} ; {prop} ?v }}"):
        out[node].append(v)
    return out


def one(d: dict[URIRef, list], node: URIRef) -> object:  # type: ignore[type-arg]
    vs = d.get(node, [])
    return vs[0] if len(vs) == 1 else None


@pytest.fixture(scope="module")
def evidence(sample_graph: Graph) -> dict[str, dict[URIRef, list]]:  # type: ignore[type-arg]
    m = {p: values(sample_graph, "kg:Mention", "kg:" + p) for p in
         ("inPaper", "refersTo", "inSentence", "surface", "section", "charStart", "charEnd")}
    s = {"sentence_" + p: values(sample_graph, "kg:Sentence", "kg:" + p) for p in
         ("inPaper", "text", "section", "charStart", "charEnd")}
    return {**m, **s}


def test_every_link_has_evidence(sample_graph: Graph, evidence) -> None:  # type: ignore[no-untyped-def]
    links = rows(sample_graph, f"""
        SELECT DISTINCT ?p ?e WHERE {{
          VALUES ?role {{ {" ".join("kg:" + r for r in ROLES)} kg:hasRepository }}
          ?p ?role ?e . ?p a kg:Paper . }}""")
    assert links
    backed = set()
    for m in evidence["inPaper"]:
        s = one(evidence["inSentence"], m)
        if (s is not None and one(evidence["sentence_text"], s) is not None
                and all(one(evidence[k], m) is not None
                        for k in ("surface", "section", "charStart", "charEnd"))):
            backed.update((p, e) for p in evidence["inPaper"][m]
                          for e in evidence["refersTo"][m])
    missing = [link for link in links if link not in backed]
    assert not missing, show(missing)


def _check_mentions(sample_graph: Graph, evidence, surfaces: bool) -> list:  # type: ignore[no-untyped-def, type-arg]
    texts: dict[tuple[URIRef, str], str] = {}
    for p, title, abstract in rows(sample_graph, """
            SELECT ?p ?t ?a WHERE { ?p a kg:Paper ; dcterms:title ?t
                                    OPTIONAL { ?p dcterms:abstract ?a } }"""):
        texts[(p, "title")] = str(title)
        texts[(p, "abstract")] = str(abstract) if abstract is not None else ""
    mentions = sorted(evidence["inPaper"])
    assert mentions
    bad = []
    for m in mentions:
        fields = {k: one(evidence[k], m) for k in
                  ("inPaper", "refersTo", "inSentence", "surface", "section", "charStart",
                   "charEnd")}
        if any(v is None for v in fields.values()):
            bad.append((m, "a field is missing or repeated", fields))
            continue
        s = fields["inSentence"]
        sent = {k: one(evidence["sentence_" + k], s) for k in
                ("inPaper", "text", "section", "charStart", "charEnd")}
        if any(v is None for v in sent.values()):
            bad.append((m, "its sentence is not a kg:Sentence with every field", s))
            continue
        for lit in (fields["charStart"], fields["charEnd"], sent["charStart"], sent["charEnd"]):
            if not (isinstance(lit, Literal) and lit.datatype == XSD_INTEGER):
                bad.append((m, "offset is not an xsd:integer", lit))
        a, b = int(fields["charStart"]), int(fields["charEnd"])  # type: ignore[call-overload]
        sa, sb = int(sent["charStart"]), int(sent["charEnd"])  # type: ignore[call-overload]
        section = str(fields["section"])
        text = texts.get((fields["inPaper"], section))  # type: ignore[arg-type]
        if text is None:
            bad.append((m, f"section {section!r} is not the title or abstract of its paper"))
        elif sent["inPaper"] != fields["inPaper"] or str(sent["section"]) != section:
            bad.append((m, "its sentence is in another paper or section", s))
        elif not (0 <= sa < sb <= len(text)) or text[sa:sb] != str(sent["text"]):
            bad.append((s, "sentence offsets do not match its text", sa, sb))
        elif not surfaces:
            continue
        elif not (0 <= a < b <= len(text)) or text[a:b] != str(fields["surface"]):
            bad.append((m, str(fields["surface"]), text[max(a, 0):b], a, b))
        elif not (sa <= a and b <= sb):
            bad.append((m, "mention outside its sentence", (a, b), (sa, sb)))
    return bad


def test_mentions_and_sentences_are_well_formed(sample_graph: Graph,  # type: ignore[no-untyped-def]
                                                evidence) -> None:
    """Every mention has each field once; its sentence is a kg:Sentence of the same paper and
    section whose offsets cut exactly its kg:text out of the title or abstract."""
    bad = _check_mentions(sample_graph, evidence, surfaces=False)
    assert not bad, show(bad)


def test_mention_offsets_point_at_the_surface(sample_graph: Graph,  # type: ignore[no-untyped-def]
                                              evidence) -> None:
    """The surface of every mention is the substring of its section at its offsets, inside
    its sentence."""
    bad = _check_mentions(sample_graph, evidence, surfaces=True)
    assert not bad, show(bad)


def test_numbers_are_typed(sample_graph: Graph) -> None:
    bad = rows(sample_graph, """
        SELECT ?s ?p ?v WHERE {
          VALUES ?p { kg:charStart kg:charEnd kg:sentenceIndex kg:paperCount kg:line
                      kg:sourceCount }
          ?s ?p ?v FILTER(DATATYPE(?v) != xsd:integer) }""")
    assert not bad, show(bad)
    bad = rows(sample_graph, """
        SELECT ?s ?p ?v WHERE { VALUES ?p { kg:value kg:confidence }
          ?s ?p ?v FILTER(DATATYPE(?v) != xsd:decimal) }""")
    assert not bad, show(bad)


def test_iris_are_valid(sample_graph: Graph) -> None:
    bad_char = re.compile(r"[\s<>\"{}|\\^`]")
    bad = sorted({str(t) for triple in sample_graph for t in triple
                  if isinstance(t, URIRef) and (bad_char.search(str(t))
                                                or not re.match(r"[a-z][a-z0-9+.-]*:", str(t)))})
    assert not bad, show(bad)


# ---------------------------------------------------------------- vocabulary

@pytest.fixture(scope="module")
def declared() -> set[str]:
    onto = Graph().parse(SCHEMA_TTL, format="turtle")
    return {str(s) for s in onto.subjects(RDF.type, None) if str(s).startswith(NS)}


def test_graph_uses_only_declared_kg_terms(sample_graph: Graph, declared: set[str]) -> None:
    used = set()
    for _s, p, o in sample_graph:
        used.add(str(p))
        if p == RDF.type or (isinstance(o, URIRef) and str(o).startswith(NS)):
            used.add(str(o))
    kg_terms = {t for t in used if t.startswith(NS)}
    assert kg_terms, "the graph uses no kg: term"
    assert kg_terms <= declared, sorted(kg_terms - declared)


def test_namespace_module_matches_schema(declared: set[str]) -> None:
    in_code = {str(KG[name]) for name in KG.__annotations__}
    assert in_code <= declared, sorted(in_code - declared)
    assert declared <= in_code, sorted(declared - in_code)


def test_schema_declares_classes_and_properties(declared: set[str]) -> None:
    onto = Graph().parse(SCHEMA_TTL, format="turtle")
    kinds: dict[str, set[str]] = defaultdict(set)
    for s, o in onto.subject_objects(RDF.type):
        kinds[str(s)].add(str(o).rsplit("#", 1)[-1])
    for name in ("Paper", *ENTITY_TYPES, "Repository", "Mention", "Sentence"):
        assert "Class" in kinds[NS + name], name
    for name in (*ROLES, "hasRepository", "inPaper", "refersTo", "inSentence"):
        assert "ObjectProperty" in kinds[NS + name], name
    for name in ("charStart", "charEnd", "surface", "text", "section"):
        assert "DatatypeProperty" in kinds[NS + name], name
