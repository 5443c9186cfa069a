"""The kg vocabulary (declared in ``schemas/kg.ttl``) and the prefixes every graph binds."""
from __future__ import annotations

from typing import Any

from rdflib import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, Namespace, URIRef
from rdflib.namespace import DefinedNamespace

NS = "https://example.org/kg/ns#"
#: Default base of instance IRIs (papers, entities...); ``kg build --base`` changes it.
DEFAULT_BASE = "https://example.org/kg/id/"

SCHEMA = Namespace("https://schema.org/")
MLS = Namespace("http://www.w3.org/ns/mls#")


class KG(DefinedNamespace):
    """Terms of the kg ontology; using an undeclared term raises AttributeError."""

    _fail = True
    _NS = Namespace(NS)

    # classes
    Paper: URIRef
    Entity: URIRef
    Model: URIRef
    Dataset: URIRef
    Method: URIRef
    Task: URIRef
    Repository: URIRef
    WebPage: URIRef
    Sentence: URIRef
    Mention: URIRef
    Result: URIRef
    SourceRecord: URIRef
    Role: URIRef
    # paper -> entity links
    links: URIRef
    introduces: URIRef
    uses: URIRef
    comparesWith: URIRef
    mentions: URIRef
    addresses: URIRef
    hasRepository: URIRef
    hasLink: URIRef
    reportsResult: URIRef
    # entity relations and ids
    variantOf: URIRef
    subTaskOf: URIRef
    hubId: URIRef
    pwcName: URIRef
    arxivId: URIRef
    catalogueId: URIRef
    paperCount: URIRef
    nameKey: URIRef
    # evidence
    inPaper: URIRef
    refersTo: URIRef
    inSentence: URIRef
    role: URIRef
    surface: URIRef
    text: URIRef
    section: URIRef
    charStart: URIRef
    charEnd: URIRef
    sentenceIndex: URIRef
    foundBy: URIRef
    confidence: URIRef
    longForm: URIRef
    # results
    system: URIRef
    onDataset: URIRef
    systemName: URIRef
    datasetName: URIRef
    metric: URIRef
    value: URIRef
    unit: URIRef
    # provenance of inputs
    sourceFile: URIRef
    line: URIRef
    format: URIRef
    sourceCount: URIRef
    # analytics written back by `kg stats --write`
    degree: URIRef
    pageRank: URIRef
    betweenness: URIRef
    community: URIRef


PREFIXES: dict[str, Any] = {
    "kg": Namespace(NS),
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "dcterms": DCTERMS,
    "schema": SCHEMA,
    "skos": SKOS,
    "prov": PROV,
    "mls": MLS,
}


def sparql_prologue() -> str:
    """``PREFIX`` lines for every prefix kg binds, to prepend to a user's query."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
