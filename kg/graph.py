"""RDF: papers, entities, links, evidence and results -> one rdflib Graph (see CONTRACT.md)."""
from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from rdflib import DCTERMS, PROV, RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef

from kg.iris import Minter, safe_url
from kg.link import Linked
from kg.ontology import DEFAULT_BASE, KG, PREFIXES, SCHEMA
from kg.records import Extraction, Paper

_ENTITY_CLASS = {"Model": KG.Model, "Dataset": KG.Dataset, "Method": KG.Method, "Task": KG.Task}
_ROLE = {"introduces": KG.introduces, "uses": KG.uses, "comparesWith": KG.comparesWith,
         "mentions": KG.mentions, "addresses": KG.addresses}


def new_graph() -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


def _int(v: int) -> Literal:
    return Literal(v, datatype=XSD.integer)


def _decimal(v: str) -> Literal | None:
    """An xsd:decimal in canonical form ("3" -> "3.0"), so the Turtle written reads back
    as the very same literal."""
    try:
        d = Decimal(v)
    except InvalidOperation:
        return None
    if not d.is_finite():
        return None
    text = format(d, "f")
    if "." not in text:
        text += ".0"
    return Literal(text, datatype=XSD.decimal)


def _hf_url(hub: str, etype: str) -> URIRef:
    prefix = "https://huggingface.co/datasets/" if etype == "Dataset" else "https://huggingface.co/"
    return URIRef(safe_url(prefix + hub))


def to_graph(papers: Iterable[Paper], extractions: Iterable[Extraction], linked: Linked,
             base: str = DEFAULT_BASE) -> Graph:
    """Build the graph. Same inputs, same triples: every IRI is minted from sorted keys."""
    g = new_graph()
    mint = Minter(base)
    papers = sorted(papers, key=lambda p: p.key)
    exs = {x.paper: x for x in extractions}
    paper_iri = {p.key: mint.paper(p.key, p.title, p.arxiv_id) for p in papers}
    entity_iri = {e.key: mint.entity(e.type, e.key) for e in linked.entities}
    count: dict[str, int] = {}
    for ln in linked.links:
        count[ln.entity] = count.get(ln.entity, 0) + 1

    for e in linked.entities:
        s = entity_iri[e.key]
        g.add((s, RDF.type, _ENTITY_CLASS[e.type]))
        g.add((s, RDFS.label, Literal(e.label)))
        g.add((s, SKOS.prefLabel, Literal(e.label)))
        for alt in e.alt_labels:
            g.add((s, SKOS.altLabel, Literal(alt)))
        if e.catalogue:
            g.add((s, KG.catalogueId, Literal(e.catalogue)))
        if e.hf:
            g.add((s, KG.hubId, Literal(e.hf)))
            g.add((s, SKOS.exactMatch, _hf_url(e.hf, e.type)))
        if e.arxiv:
            g.add((s, KG.arxivId, Literal(e.arxiv)))
        if e.pwc:
            g.add((s, KG.pwcName, Literal(e.pwc)))
        if e.family and e.family in entity_iri:
            g.add((s, KG.variantOf, entity_iri[e.family]))
        if e.parent and e.parent in entity_iri:
            g.add((s, KG.subTaskOf, entity_iri[e.parent]))
        g.add((s, KG.paperCount, _int(count.get(e.key, 0))))
    _add_hidden_labels(g, linked, entity_iri)
    _add_name_keys(g, linked, entity_iri)

    for p in papers:
        _add_paper(g, mint, p, paper_iri[p.key])
        ex = exs.get(p.key)
        if ex is not None:
            _add_evidence(g, p, paper_iri[p.key], ex, linked, entity_iri)

    for ln in linked.links:
        g.add((paper_iri[ln.paper], _ROLE[ln.role], entity_iri[ln.entity]))
    for paper, urls in linked.repositories.items():
        for url in urls:
            r = URIRef(safe_url(url))
            g.add((r, RDF.type, KG.Repository))
            g.add((r, RDF.type, SCHEMA.SoftwareSourceCode))
            g.add((r, SCHEMA.codeRepository, Literal(url, datatype=XSD.anyURI)))
            g.add((r, RDFS.label, Literal(url.split("://", 1)[-1].split("/", 1)[-1])))
            g.add((paper_iri[paper], KG.hasRepository, r))
    for paper, urls in linked.pages.items():
        for url in urls:
            w = URIRef(safe_url(url))
            g.add((w, RDF.type, KG.WebPage))
            g.add((w, SCHEMA.url, Literal(url, datatype=XSD.anyURI)))
            g.add((paper_iri[paper], KG.hasLink, w))
    return g


def _add_hidden_labels(g: Graph, linked: Linked, entity_iri: dict[str, URIRef]) -> None:
    """Catalogue aliases the corpus never used: searchable (skos:hiddenLabel), not shown."""
    from kg.extract.catalogue import load_catalogue

    cat = load_catalogue()
    for e in linked.entities:
        entry = cat.entries.get(e.catalogue) if e.catalogue else None
        if entry is None:
            continue
        shown = {e.label, *e.alt_labels}
        for alias in entry.surfaces:
            if alias not in shown:
                g.add((entity_iri[e.key], SKOS.hiddenLabel, Literal(alias)))


def name_key(name: str) -> str:
    """What a name is matched by: ``REPLACE(LCASE(name), "[\\W_]+", "")`` in SPARQL."""
    return re.sub(r"[\W_]+", "", name.lower())


def _add_name_keys(g: Graph, linked: Linked, entity_iri: dict[str, URIRef]) -> None:
    """One kg:nameKey per distinct key of an entity's names, so a question finds "gsm-8k"
    by an index lookup instead of normalising every label of the graph."""
    for e in linked.entities:
        s = entity_iri[e.key]
        names = [str(o) for o in g.objects(s, SKOS.hiddenLabel)]
        for key in sorted({name_key(n) for n in (e.label, *e.alt_labels, *names)} - {""}):
            g.add((s, KG.nameKey, Literal(key)))


def _add_paper(g: Graph, mint: Minter, p: Paper, s: URIRef) -> None:
    g.add((s, RDF.type, KG.Paper))
    g.add((s, RDF.type, SCHEMA.ScholarlyArticle))
    g.add((s, DCTERMS.title, Literal(p.title)))
    if p.abstract:
        g.add((s, DCTERMS.abstract, Literal(p.abstract)))
    if p.arxiv_id:
        g.add((s, KG.arxivId, Literal(p.arxiv_id)))
        g.add((s, SCHEMA.url, URIRef(f"https://arxiv.org/abs/{safe_url(p.arxiv_id)}")))
    if p.identifier:
        g.add((s, DCTERMS.identifier, Literal(p.identifier)))
    for a in p.authors:
        g.add((s, DCTERMS.creator, Literal(a)))
    for c in p.categories:
        g.add((s, DCTERMS.subject, Literal(c)))
    if p.date:
        g.add((s, DCTERMS.date, Literal(p.date, datatype=XSD.date)))
    g.add((s, KG.sourceCount, _int(len(p.sources))))
    for src in p.sources:
        r = mint.record(src.path, src.line)
        g.add((s, PROV.wasDerivedFrom, r))
        g.add((r, RDF.type, KG.SourceRecord))
        g.add((r, KG.sourceFile, Literal(src.path)))
        g.add((r, KG.line, _int(src.line)))
        g.add((r, KG.format, Literal(src.format)))
        if src.title and src.title != p.title:
            g.add((r, DCTERMS.title, Literal(src.title)))
        if src.abstract != p.abstract:
            g.add((r, DCTERMS.abstract, Literal(src.abstract)))


def _add_place(g: Graph, node: URIRef, paper: URIRef, section: str, start: int, end: int,
               sentence: int) -> None:
    """Where a mention or result stands: paper, section, offsets, sentence."""
    g.add((node, KG.inPaper, paper))
    g.add((node, KG.section, Literal(section)))
    g.add((node, KG.charStart, _int(start)))
    g.add((node, KG.charEnd, _int(end)))
    g.add((node, KG.inSentence, URIRef(f"{paper}/sentence/{sentence}")))


def _add_evidence(g: Graph, p: Paper, s: URIRef, ex: Extraction, linked: Linked,
                  entity_iri: dict[str, URIRef]) -> None:
    used_sentences: set[int] = set()
    for i, m in enumerate(ex.mentions):
        if m.type in ("Repository", "Link"):
            target: URIRef | None = URIRef(safe_url(m.key))
        else:
            key = linked.mention_keys.get((p.key, i))
            target = entity_iri.get(key) if key else None
        if target is None:
            continue
        mi = URIRef(f"{s}/mention/{i}")
        g.add((mi, RDF.type, KG.Mention))
        _add_place(g, mi, s, m.section, m.start, m.end, m.sentence)
        g.add((mi, KG.refersTo, target))
        g.add((mi, KG.surface, Literal(m.text)))
        g.add((mi, KG.foundBy, Literal(m.rule)))
        conf = _decimal(str(m.confidence))
        if conf is not None:
            g.add((mi, KG.confidence, conf))
        if m.role:
            g.add((mi, KG.role, _ROLE[m.role]))
        if m.long_form:
            g.add((mi, KG.longForm, Literal(m.long_form)))
        used_sentences.add(m.sentence)
    names: dict[str, str] = {}
    for i, m in enumerate(ex.mentions):
        key = linked.mention_keys.get((p.key, i))
        if key:
            names.setdefault(m.text, key)
    for j, r in enumerate(ex.results):
        value = _decimal(r.value)
        if value is None:
            continue
        ri = URIRef(f"{s}/result/{j}")
        g.add((s, KG.reportsResult, ri))
        g.add((ri, RDF.type, KG.Result))
        _add_place(g, ri, s, r.section, r.start, r.end, r.sentence)
        g.add((ri, KG.systemName, Literal(r.system)))
        if r.system in names:
            g.add((ri, KG.system, entity_iri[names[r.system]]))
        if r.dataset:
            g.add((ri, KG.datasetName, Literal(r.dataset)))
            if r.dataset in names:
                g.add((ri, KG.onDataset, entity_iri[names[r.dataset]]))
        if r.metric:
            g.add((ri, KG.metric, Literal(r.metric)))
        g.add((ri, KG.value, value))
        g.add((ri, KG.unit, Literal(r.unit)))
        used_sentences.add(r.sentence)
    for sent in ex.sentences:
        if sent.index not in used_sentences:
            continue
        si = URIRef(f"{s}/sentence/{sent.index}")
        g.add((si, RDF.type, KG.Sentence))
        g.add((si, KG.inPaper, s))
        g.add((si, KG.sentenceIndex, _int(sent.index)))
        g.add((si, KG.section, Literal(sent.section)))
        g.add((si, KG.charStart, _int(sent.start)))
        g.add((si, KG.charEnd, _int(sent.end)))
        g.add((si, KG.text, Literal(sent.text)))
