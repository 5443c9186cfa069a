"""RDF: papers, entities, links, evidence and results -> N-Triples lines (see CONTRACT.md).

:func:`ntriples_blocks` is the one place the graph is made. It writes N-Triples text
directly, a block per group of subjects, in an order fixed by sorted keys, with no triple twice, so
a build streams it to disk and on to Turtle and the Oxigraph store without ever holding the
whole graph (a million triples cost seconds, not the minutes an in-memory rdflib Graph
takes). :func:`to_graph` reads the same lines into an rdflib Graph for callers that want one.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation

from rdflib import DCTERMS, PROV, RDF, RDFS, SKOS, XSD, Graph

from kg.iris import Minter, name_key, safe_url
from kg.link import Linked
from kg.ontology import DEFAULT_BASE, KG, PREFIXES, SCHEMA
from kg.records import Extraction, Paper


def _i(term: str) -> str:
    return f"<{term}>"


class _Terms(dict[str, str]):
    """Terms of a namespace in N-Triples syntax, each looked up once (a DefinedNamespace
    attribute is checked against its term list on every access, too slow for a hot loop)."""

    def __init__(self, ns: object) -> None:
        super().__init__()
        self.ns = ns

    def __missing__(self, name: str) -> str:
        value = self[name] = _i(self.ns[name])  # type: ignore[index]
        return value


_K, _DC, _S, _PV = _Terms(KG), _Terms(DCTERMS), _Terms(SCHEMA), _Terms(PROV)


# predicates and classes, written once as N-Triples terms
_TYPE = _i(RDF.type)
_CLASS = {"Model": _K["Model"], "Dataset": _K["Dataset"], "Method": _K["Method"],
          "Task": _K["Task"]}
_ROLE = {r: _i(KG[r]) for r in ("introduces", "uses", "comparesWith", "mentions", "addresses")}
_LABEL, _PREF, _ALT, _HIDDEN = _i(RDFS.label), _i(SKOS.prefLabel), _i(SKOS.altLabel), \
    _i(SKOS.hiddenLabel)
_EXACT = _i(SKOS.exactMatch)
_INT, _DEC, _DATE, _ANYURI = (f"^^<{XSD[t]}>" for t in ("integer", "decimal", "date", "anyURI"))
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _lit(text: str) -> str:
    """A plain string literal in N-Triples syntax."""
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") \
        .replace("\r", "\\r")
    if _CONTROL.search(text):
        text = _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04X}", text)
    return f'"{text}"'


def _int(v: int) -> str:
    return f'"{int(v)}"{_INT}'


def _decimal(v: str) -> str | None:
    """An xsd:decimal in canonical form ("3" -> "3.0"), so it reads back as the same literal."""
    try:
        d = Decimal(v)
    except InvalidOperation:
        return None
    if not d.is_finite():
        return None
    text = format(d, "f")
    if "." not in text:
        text += ".0"
    return f'"{text}"{_DEC}'


def _hf_url(hub: str, etype: str) -> str:
    prefix = "https://huggingface.co/datasets/" if etype == "Dataset" else "https://huggingface.co/"
    return _i(safe_url(prefix + hub))


class _Block:
    """The triples of one group of subjects, each once, sorted: each subject's triples stand
    together (one Turtle block) and in the same order whatever order they were added in."""

    def __init__(self) -> None:
        self.lines: dict[str, None] = {}

    def add(self, s: str, p: str, o: str) -> None:
        self.lines[f"{s} {p} {o} .\n"] = None

    def text(self) -> str:
        return "".join(sorted(self.lines))


def ntriples_blocks(papers: Iterable[Paper], extractions: Iterable[Extraction],
                    linked: Linked, base: str = DEFAULT_BASE) -> Iterator[str]:
    """The graph as N-Triples text, one string per block (entities, then papers sorted by
    key, then repositories and web pages sorted by URL). Same inputs, same text: every IRI
    is minted from sorted keys, and no triple occurs twice in the whole stream."""
    mint = Minter(base)
    papers = sorted(papers, key=lambda p: p.key)
    exs = {x.paper: x for x in extractions}
    entities = sorted(linked.entities, key=lambda e: e.key)
    paper_iri = {p.key: _i(mint.paper(p.key, p.title, p.arxiv_id)) for p in papers}
    entity_iri = {e.key: _i(mint.entity(e.type, e.key)) for e in entities}
    variant_keys: dict[str, set[str]] = defaultdict(set)
    for e in entities:
        if e.family:
            variant_keys[e.family].update(name_key(n) for n in (e.label, *e.alt_labels))
    count: dict[str, int] = defaultdict(int)
    links: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for ln in linked.links:
        count[ln.entity] += 1
        links[ln.paper].append((ln.role, ln.entity))

    from kg.extract.catalogue import load_catalogue

    cat = load_catalogue()
    for e in entities:
        b = _Block()
        s = entity_iri[e.key]
        b.add(s, _TYPE, _CLASS[e.type])
        b.add(s, _LABEL, _lit(e.label))
        b.add(s, _PREF, _lit(e.label))
        for alt in e.alt_labels:
            b.add(s, _ALT, _lit(alt))
        if e.catalogue:
            b.add(s, _K["catalogueId"], _lit(e.catalogue))
        if e.hf:
            b.add(s, _K["hubId"], _lit(e.hf))
            b.add(s, _EXACT, _hf_url(e.hf, e.type))
        if e.arxiv:
            b.add(s, _K["arxivId"], _lit(e.arxiv))
        if e.pwc:
            b.add(s, _K["pwcName"], _lit(e.pwc))
        if e.family and e.family in entity_iri:
            b.add(s, _K["variantOf"], entity_iri[e.family])
        if e.parent and e.parent in entity_iri:
            b.add(s, _K["subTaskOf"], entity_iri[e.parent])
        b.add(s, _K["paperCount"], _int(count.get(e.key, 0)))
        # catalogue aliases the corpus never used: searchable (skos:hiddenLabel), not shown
        entry = cat.entries.get(e.catalogue) if e.catalogue else None
        shown = {e.label, *e.alt_labels}
        hidden = [a for a in entry.surfaces if a not in shown] if entry is not None else []
        for alias in hidden:
            b.add(s, _HIDDEN, _lit(alias))
        # one kg:nameKey per distinct key of its names, so a question finds "gsm-8k" by an
        # index lookup instead of normalising every label of the graph
        # (an alias that is the name of one of its variants, "PASCAL VOC 2012" of Pascal
        # VOC, finds that variant, not the whole family)
        keys = {name_key(n) for n in shown} | ({name_key(n) for n in hidden} -
                                                variant_keys.get(e.key, set()))
        for key in sorted(keys - {""}):
            b.add(s, _K["nameKey"], _lit(key))
        yield b.text()

    repos: dict[str, None] = {}
    pages: dict[str, None] = {}
    for p in papers:
        b = _Block()
        s = paper_iri[p.key]
        _add_paper(b, mint, p, s)
        ex = exs.get(p.key)
        if ex is not None:
            _add_evidence(b, p, s, ex, linked, entity_iri)
        for role, entity in links.get(p.key, ()):
            b.add(s, _ROLE[role], entity_iri[entity])
        for url in linked.repositories.get(p.key, ()):
            b.add(s, _K["hasRepository"], _i(safe_url(url)))
            repos[url] = None
        for url in linked.pages.get(p.key, ()):
            b.add(s, _K["hasLink"], _i(safe_url(url)))
            pages[url] = None
        yield b.text()

    for url in sorted(repos):
        b = _Block()
        r = _i(safe_url(url))
        b.add(r, _TYPE, _K["Repository"])
        b.add(r, _TYPE, _S["SoftwareSourceCode"])
        b.add(r, _S["codeRepository"], _lit(url) + _ANYURI)
        b.add(r, _LABEL, _lit(url.split("://", 1)[-1].split("/", 1)[-1]))
        yield b.text()
    for url in sorted(pages):
        b = _Block()
        w = _i(safe_url(url))
        b.add(w, _TYPE, _K["WebPage"])
        b.add(w, _S["url"], _lit(url) + _ANYURI)
        yield b.text()


def to_graph(papers: Iterable[Paper], extractions: Iterable[Extraction], linked: Linked,
             base: str = DEFAULT_BASE) -> Graph:
    """The graph as an rdflib Graph (kg's prefixes bound): the lines of
    :func:`ntriples_blocks` parsed. For small graphs and library use; builds stream instead."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    g.parse(data="".join(ntriples_blocks(papers, extractions, linked, base)), format="nt")
    return g


def _add_paper(b: _Block, mint: Minter, p: Paper, s: str) -> None:
    b.add(s, _TYPE, _K["Paper"])
    b.add(s, _TYPE, _S["ScholarlyArticle"])
    b.add(s, _DC["title"], _lit(p.title))
    if p.abstract:
        b.add(s, _DC["abstract"], _lit(p.abstract))
    if p.arxiv_id:
        b.add(s, _K["arxivId"], _lit(p.arxiv_id))
        b.add(s, _S["url"], _i(f"https://arxiv.org/abs/{safe_url(p.arxiv_id)}"))
    if p.identifier:
        b.add(s, _DC["identifier"], _lit(p.identifier))
    for a in p.authors:
        b.add(s, _DC["creator"], _lit(a))
    for c in p.categories:
        b.add(s, _DC["subject"], _lit(c))
    if p.date:
        b.add(s, _DC["date"], _lit(p.date) + _DATE)
    b.add(s, _K["sourceCount"], _int(len(p.sources)))
    for src in p.sources:
        r = _i(mint.record(src.path, src.line))
        b.add(s, _PV["wasDerivedFrom"], r)
        b.add(r, _TYPE, _K["SourceRecord"])
        b.add(r, _K["sourceFile"], _lit(src.path))
        b.add(r, _K["line"], _int(src.line))
        b.add(r, _K["format"], _lit(src.format))
        if src.title and src.title != p.title:
            b.add(r, _DC["title"], _lit(src.title))
        if src.abstract != p.abstract:
            b.add(r, _DC["abstract"], _lit(src.abstract))


def _add_place(b: _Block, node: str, paper: str, section: str, start: int, end: int,
               sentence: int) -> None:
    """Where a mention or result stands: paper, section, offsets, sentence."""
    b.add(node, _K["inPaper"], paper)
    b.add(node, _K["section"], _lit(section))
    b.add(node, _K["charStart"], _int(start))
    b.add(node, _K["charEnd"], _int(end))
    b.add(node, _K["inSentence"], f"{paper[:-1]}/sentence/{sentence}>")


def _add_evidence(b: _Block, p: Paper, s: str, ex: Extraction, linked: Linked,
                  entity_iri: dict[str, str]) -> None:
    used_sentences: set[int] = set()
    stem = s[:-1]  # the paper's IRI without its closing ">"
    for i, m in enumerate(ex.mentions):
        if m.type in ("Repository", "Link"):
            target: str | None = _i(safe_url(m.key))
        else:
            key = linked.mention_keys.get((p.key, i))
            target = entity_iri.get(key) if key else None
        if target is None:
            continue
        mi = f"{stem}/mention/{i}>"
        b.add(mi, _TYPE, _K["Mention"])
        _add_place(b, mi, s, m.section, m.start, m.end, m.sentence)
        b.add(mi, _K["refersTo"], target)
        b.add(mi, _K["surface"], _lit(m.text))
        b.add(mi, _K["foundBy"], _lit(m.rule))
        conf = _decimal(str(m.confidence))
        if conf is not None:
            b.add(mi, _K["confidence"], conf)
        if m.role:
            b.add(mi, _K["role"], _ROLE[m.role])
        if m.long_form:
            b.add(mi, _K["longForm"], _lit(m.long_form))
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
        ri = f"{stem}/result/{j}>"
        b.add(s, _K["reportsResult"], ri)
        b.add(ri, _TYPE, _K["Result"])
        _add_place(b, ri, s, r.section, r.start, r.end, r.sentence)
        b.add(ri, _K["systemName"], _lit(r.system))
        if r.system in names:
            b.add(ri, _K["system"], entity_iri[names[r.system]])
        if r.dataset:
            b.add(ri, _K["datasetName"], _lit(r.dataset))
            if r.dataset in names:
                b.add(ri, _K["onDataset"], entity_iri[names[r.dataset]])
        if r.metric:
            b.add(ri, _K["metric"], _lit(r.metric))
        b.add(ri, _K["value"], value)
        b.add(ri, _K["unit"], _lit(r.unit))
        used_sentences.add(r.sentence)
    for sent in ex.sentences:
        if sent.index not in used_sentences:
            continue
        si = f"{stem}/sentence/{sent.index}>"
        b.add(si, _TYPE, _K["Sentence"])
        b.add(si, _K["inPaper"], s)
        b.add(si, _K["sentenceIndex"], _int(sent.index))
        b.add(si, _K["section"], _lit(sent.section))
        b.add(si, _K["charStart"], _int(sent.start))
        b.add(si, _K["charEnd"], _int(sent.end))
        b.add(si, _K["text"], _lit(sent.text))
