"""What appeared and disappeared between two kg graphs: papers, entities and paper links.

A graph is reduced to a :class:`Snapshot` (papers by IRI with their titles, entities by IRI
with type and label, and the set of paper -> entity links), and two snapshots are compared
by IRI. A link whose role changed shows as one link gone and one new.

    >>> d = diff_snapshots(Snapshot(papers={"p": "A"}), Snapshot(papers={"q": "B"}))
    >>> (d.papers.appeared, d.papers.disappeared)
    (['q'], ['p'])
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

#: Local names of the entity classes and of the paper -> entity predicates that are compared.
ENTITY_CLASSES = ("Model", "Dataset", "Method", "Task", "Repository")
LINK_PREDICATES = ("introduces", "uses", "comparesWith", "mentions", "addresses",
                   "hasRepository")
#: Namespace of the few terms a diff in Turtle uses (a diff is not a kg graph).
DIFF_NS = "https://example.org/kg/diff#"

Link = tuple[str, str, str]  # (paper IRI, predicate local name, entity IRI)


@dataclass
class Snapshot:
    """The comparable content of one graph."""

    papers: dict[str, str] = field(default_factory=dict)  # IRI -> title
    entities: dict[str, tuple[str, str]] = field(default_factory=dict)  # IRI -> (type, label)
    links: set[Link] = field(default_factory=set)


@dataclass
class Change:
    appeared: list[Any] = field(default_factory=list)
    disappeared: list[Any] = field(default_factory=list)
    before: int = 0
    after: int = 0


@dataclass
class GraphDiff:
    papers: Change
    entities: Change
    links: Change
    old: Snapshot
    new: Snapshot

    @property
    def empty(self) -> bool:
        return not any(c.appeared or c.disappeared
                       for c in (self.papers, self.entities, self.links))


def snapshot(graph: Any) -> Snapshot:
    """Papers, entities and links of an rdflib graph (terms matched by the kg namespace)."""
    from rdflib import RDF, RDFS, URIRef
    from rdflib.namespace import DCTERMS, SKOS

    from kg.ontology import KG

    snap = Snapshot()
    for s in graph.subjects(RDF.type, KG.Paper):
        if isinstance(s, URIRef):
            snap.papers[str(s)] = _first(graph, s, (DCTERMS.title, RDFS.label))
    for cls in ENTITY_CLASSES:
        for s in graph.subjects(RDF.type, KG[cls]):
            if isinstance(s, URIRef) and str(s) not in snap.entities:
                snap.entities[str(s)] = (cls, _first(graph, s, (RDFS.label, SKOS.prefLabel)))
    for name in LINK_PREDICATES:
        for s, o in graph.subject_objects(KG[name]):
            if isinstance(s, URIRef) and isinstance(o, URIRef):  # a blank node has no name
                snap.links.add((str(s), name, str(o)))  # that two graphs could share
    return snap


def snapshot_file(path: str) -> Snapshot | None:
    """:func:`snapshot` of a graph file read in one stream by Oxigraph's parser, with no
    graph in memory (1.5 million triples in seconds, where rdflib takes minutes); None when
    Oxigraph cannot read the file (the caller falls back to rdflib)."""
    import pyoxigraph as ox
    from rdflib import RDF, RDFS
    from rdflib.namespace import DCTERMS, SKOS

    from kg.ontology import KG

    rdf_type, paper = str(RDF.type), str(KG.Paper)
    classes = {str(KG[c]): c for c in ENTITY_CLASSES}
    links = {str(KG[n]): n for n in LINK_PREDICATES}
    names = {str(p): i for i, p in enumerate((DCTERMS.title, RDFS.label, SKOS.prefLabel))}
    typed: dict[str, set[str]] = {}
    values: dict[tuple[str, int], list[str]] = {}
    snap = Snapshot()
    try:
        for q in ox.parse(path=path):
            if not isinstance(q.subject, ox.NamedNode):
                continue
            s, p, o = q.subject.value, q.predicate.value, q.object
            if p == rdf_type and isinstance(o, ox.NamedNode):
                typed.setdefault(s, set()).add(o.value)
            elif p in links and isinstance(o, ox.NamedNode):
                snap.links.add((s, links[p], o.value))
            elif p in names and isinstance(o, ox.Literal):
                values.setdefault((s, names[p]), []).append(o.value)
    except (SyntaxError, ValueError, OSError):
        return None

    def first(s: str, which: tuple[int, ...]) -> str:
        for i in which:
            if (s, i) in values:
                return min(values[(s, i)])
        return ""

    for s, types in typed.items():
        if paper in types:
            snap.papers[s] = first(s, (0, 1))
        cls = next((c for iri, c in classes.items() if iri in types), None)
        if cls is not None:
            snap.entities[s] = (cls, first(s, (1, 2)))
    return snap


def _first(graph: Any, s: Any, predicates: tuple[Any, ...]) -> str:
    for p in predicates:
        values = sorted(str(o) for o in graph.objects(s, p))
        if values:
            return values[0]
    return ""


def diff_snapshots(old: Snapshot, new: Snapshot) -> GraphDiff:
    """Compare two snapshots by IRI; every list is sorted."""
    def change(a: Any, b: Any) -> Change:
        return Change(appeared=sorted(set(b) - set(a)), disappeared=sorted(set(a) - set(b)),
                      before=len(a), after=len(b))

    return GraphDiff(change(old.papers, new.papers), change(old.entities, new.entities),
                     change(old.links, new.links), old, new)


def diff_graphs(old: Any, new: Any) -> GraphDiff:
    """Compare two rdflib graphs."""
    return diff_snapshots(snapshot(old), snapshot(new))


def diff_text(d: GraphDiff, limit: int = 50) -> str:
    """A summary line per kind, then the items (``limit`` per list; 0 for all)."""
    lines = []
    for name, c in (("papers", d.papers), ("entities", d.entities), ("links", d.links)):
        lines.append(f"{name:<9} +{len(c.appeared):<6} -{len(c.disappeared):<6} "
                     f"({c.before:,} -> {c.after:,})")
    if d.empty:
        lines.append("no paper, entity or link appeared or disappeared")
        return "\n".join(lines)

    def title(iri: str) -> str:
        return d.new.papers.get(iri) or d.old.papers.get(iri) or iri

    def entity(iri: str) -> str:
        typ, label = d.new.entities.get(iri) or d.old.entities.get(iri) or ("", "")
        return f"{label or iri} ({typ})" if typ else iri

    sections: list[tuple[str, list[Any], Any]] = [
        ("papers appeared", d.papers.appeared, lambda i: f"+ {title(i)}  <{i}>"),
        ("papers disappeared", d.papers.disappeared, lambda i: f"- {title(i)}  <{i}>"),
        ("entities appeared", d.entities.appeared, lambda i: f"+ {entity(i)}  <{i}>"),
        ("entities disappeared", d.entities.disappeared, lambda i: f"- {entity(i)}  <{i}>"),
        ("links appeared", d.links.appeared,
         lambda t: f"+ {_short(title(t[0]))}  {t[1]}  {entity(t[2])}"),
        ("links disappeared", d.links.disappeared,
         lambda t: f"- {_short(title(t[0]))}  {t[1]}  {entity(t[2])}"),
    ]
    for head, items, show in sections:
        if not items:
            continue
        lines.append("")
        lines.append(f"{head} ({len(items):,})")
        shown = items if limit <= 0 else items[:limit]
        lines.extend("  " + show(i) for i in shown)
        if len(shown) < len(items):
            lines.append(f"  ... {len(items) - len(shown):,} more (-n 0 shows all)")
    return "\n".join(lines)


def _short(s: str, n: int = 60) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def diff_graph(d: GraphDiff) -> Any:
    """The diff as RDF: changed papers and entities keep their IRI, type and name and carry
    ``kgdiff:change kgdiff:appeared`` (or ``kgdiff:disappeared``); a changed link is an
    ``rdf:Statement`` (``rdf:subject`` paper, ``rdf:predicate`` kg:role, ``rdf:object``
    entity) with the same ``kgdiff:change``. Its IRIs are derived from the link, so the same
    diff gives the same graph."""
    from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
    from rdflib.namespace import DCTERMS

    from kg.ontology import KG, PREFIXES

    kd = Namespace(DIFF_NS)
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    g.bind("kgdiff", kd)
    for which, c in (("appeared", d.papers), ("disappeared", d.papers)):
        for iri in getattr(c, which):
            s = URIRef(iri)
            g.add((s, RDF.type, KG.Paper))
            g.add((s, kd.change, kd[which]))
            title = d.new.papers.get(iri) or d.old.papers.get(iri)
            if title:
                g.add((s, DCTERMS.title, Literal(title)))
    for which in ("appeared", "disappeared"):
        for iri in getattr(d.entities, which):
            typ, label = d.new.entities.get(iri) or d.old.entities[iri]
            s = URIRef(iri)
            g.add((s, RDF.type, KG[typ]))
            g.add((s, kd.change, kd[which]))
            if label:
                g.add((s, RDFS.label, Literal(label)))
        for paper, pred, ent in getattr(d.links, which):
            h = hashlib.sha256(f"{paper}\n{pred}\n{ent}".encode()).hexdigest()[:20]
            s = kd["link-" + h]
            g.add((s, RDF.type, RDF.Statement))
            g.add((s, RDF.subject, URIRef(paper)))
            g.add((s, RDF.predicate, KG[pred]))
            g.add((s, RDF.object, URIRef(ent)))
            g.add((s, kd.change, kd[which]))
    return g


def diff_turtle(d: GraphDiff) -> str:
    """:func:`diff_graph` serialised as Turtle."""
    return str(diff_graph(d).serialize(format="turtle"))
