"""The kg vocabulary: kg.ontology.KG, schemas/kg.ttl, schemas/shapes.ttl and the packaged copy."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef

from kg.ontology import KG, NS, PREFIXES, sparql_prologue

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"
PACKAGED = ROOT / "kg" / "data" / "schemas"
CLASS_TYPES = {OWL.Class, RDFS.Class}
PROPERTY_TYPES = {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property}


def _kg_terms(g: Graph) -> set[str]:
    """Local names of every kg: IRI in ``g`` (subject, predicate or object)."""
    return {str(t)[len(NS):] for triple in g for t in triple
            if isinstance(t, URIRef) and str(t).startswith(NS)}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(SCHEMAS / "kg.ttl", format="turtle")


@pytest.fixture(scope="module")
def classes(ontology: Graph) -> set[str]:
    return {str(s)[len(NS):] for t in CLASS_TYPES for s in ontology.subjects(RDF.type, t)
            if str(s).startswith(NS)}


@pytest.fixture(scope="module")
def properties(ontology: Graph) -> set[str]:
    return {str(s)[len(NS):] for t in PROPERTY_TYPES for s in ontology.subjects(RDF.type, t)
            if str(s).startswith(NS)}


def _declared_on_kg() -> set[str]:
    return set(KG.__annotations__)


def test_kg_namespace_is_the_ontology_namespace() -> None:
    assert str(KG) == NS
    assert str(PREFIXES["kg"]) == NS
    assert f"PREFIX kg: <{NS}>" in sparql_prologue()


def test_every_kg_attribute_is_declared_in_kg_ttl(classes: set[str],
                                                  properties: set[str]) -> None:
    assert sorted(_declared_on_kg() - (classes | properties)) == []


def test_every_term_declared_in_kg_ttl_is_on_kg(classes: set[str],
                                                properties: set[str]) -> None:
    assert sorted((classes | properties) - _declared_on_kg()) == []


def test_no_term_is_both_class_and_property(classes: set[str], properties: set[str]) -> None:
    assert classes & properties == set()


def test_classes_are_capitalised_and_properties_are_not(classes: set[str],
                                                        properties: set[str]) -> None:
    assert [c for c in classes if not c[0].isupper()] == []
    assert [p for p in properties if not p[0].islower()] == []


def test_every_declared_term_has_a_label(ontology: Graph, classes: set[str],
                                         properties: set[str]) -> None:
    unlabelled = [t for t in classes | properties
                  if ontology.value(URIRef(NS + t), RDFS.label) is None]
    assert unlabelled == []


def test_every_kg_term_kg_ttl_uses_is_declared(ontology: Graph, classes: set[str],
                                                properties: set[str]) -> None:
    assert sorted(_kg_terms(ontology) - (classes | properties)) == []


def test_every_kg_term_shapes_use_is_declared(classes: set[str], properties: set[str]) -> None:
    shapes = Graph().parse(SCHEMAS / "shapes.ttl", format="turtle")
    used = _kg_terms(shapes)
    assert {"Paper", "Mention", "introduces", "sourceCount"} <= used  # the check sees them
    assert sorted(used - (classes | properties)) == []


def test_shape_targets_are_classes_and_paths_are_properties(classes: set[str],
                                                            properties: set[str]) -> None:
    from rdflib.namespace import SH

    shapes = Graph().parse(SCHEMAS / "shapes.ttl", format="turtle")
    targets = {str(o)[len(NS):] for o in shapes.objects(None, SH.targetClass)}
    targets |= {str(o)[len(NS):] for o in shapes.objects(None, SH["class"])}
    paths = {str(o)[len(NS):] for o in shapes.objects(None, SH.path) if str(o).startswith(NS)}
    paths |= {str(o)[len(NS):] for o in shapes.objects(None, SH.targetObjectsOf)}
    assert sorted(targets - classes) == []
    assert sorted(paths - properties) == []


@pytest.mark.parametrize("name", ["undeclaredThing", "paper", "Papers", "hasRepositories"])
def test_undeclared_term_raises_attribute_error(name: str) -> None:
    with pytest.raises(AttributeError):
        getattr(KG, name)


def test_declared_terms_resolve() -> None:
    assert KG.Paper == URIRef(NS + "Paper")
    assert KG.introduces == URIRef(NS + "introduces")


def test_schemas_are_byte_identical_to_the_packaged_copy() -> None:
    src = sorted(p.name for p in SCHEMAS.glob("*.ttl"))
    pkg = sorted(p.name for p in PACKAGED.glob("*.ttl"))
    assert src == pkg == ["kg.ttl", "shapes.ttl"]
    differ = [n for n in src if (SCHEMAS / n).read_bytes() != (PACKAGED / n).read_bytes()]
    assert differ == [], "copy schemas/*.ttl to kg/data/schemas/"


def test_every_kg_term_of_the_sample_graph_is_declared(sample_graph: Graph, classes: set[str],
                                                       properties: set[str]) -> None:
    used = _kg_terms(sample_graph)
    assert {"Paper", "Model", "uses", "introduces", "Mention"} <= used
    assert sorted(used - (classes | properties)) == []
    assert sorted(used - _declared_on_kg()) == []


def test_sample_graph_uses_classes_as_types_and_properties_as_predicates(
        sample_graph: Graph, classes: set[str], properties: set[str]) -> None:
    types = {str(o)[len(NS):] for o in sample_graph.objects(None, RDF.type)
             if str(o).startswith(NS)}
    preds = {str(p)[len(NS):] for p in sample_graph.predicates() if str(p).startswith(NS)}
    assert sorted(types - classes) == []
    assert sorted(preds - properties) == []


def test_every_kg_term_named_in_code_and_docs_is_declared(classes: set[str],
                                                          properties: set[str]) -> None:
    """SPARQL in docstrings, the README and templates refer to terms as ``kg:term``."""
    import re

    pattern = re.compile(r"(?<![\w./-])kg:([A-Za-z][A-Za-z0-9_]*)")
    files = [*(ROOT / "kg").rglob("*.py"), *(ROOT / "kg" / "templates").glob("*"),
             *(ROOT / "kg" / "data" / "queries").glob("*")]
    if (ROOT / "README.md").is_file():
        files.append(ROOT / "README.md")
    unknown = {(f.relative_to(ROOT).as_posix(), t) for f in files if f.is_file()
               for t in pattern.findall(f.read_text(encoding="utf-8", errors="replace"))
               if t not in classes | properties}
    assert sorted(unknown) == []
