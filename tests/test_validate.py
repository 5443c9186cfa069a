"""SHACL validation (kg.validate and ``kg validate``).

The whole sample graph is validated once; the broken copies are made from a small graph the
library builds from one sample paper (the same code path, a hundred times faster to check).
"""
from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import DCTERMS, PROV, RDF, RDFS, Graph, Literal, Namespace, URIRef

from kg.cli import main
from kg.graph import to_graph
from kg.io import write_graph
from kg.link import link
from kg.ontology import KG, SCHEMA
from kg.validate import Validation, shapes_path, validate

XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # not rdflib.XSD: it warns on probing

@pytest.fixture(scope="module")
def sample_validation(sample_graph: Graph) -> Validation:
    return validate(sample_graph)


@pytest.fixture(scope="module")
def small_graph(sample) -> Graph:  # type: ignore[no-untyped-def]
    """The graph of the first sample paper that has a repository, a result and mentions."""
    res = sample.result
    exs = {x.paper: x for x in res.extractions}
    for p in sorted(res.papers, key=lambda p: p.key):
        ex = exs[p.key]
        kinds = {m.type for m in ex.mentions}
        if "Repository" in kinds and ex.results and kinds & {"Model", "Dataset", "Method"}:
            g = to_graph([p], [ex], link([p], [ex]))
            if next(g.subjects(RDF.type, KG.Result), None) is not None:
                return g
    pytest.fail("no sample paper with a repository, a result and entity mentions")


def _copy(g: Graph) -> Graph:
    out = Graph()
    for t in g:
        out.add(t)
    return out


def _one(g: Graph, cls: URIRef) -> URIRef:
    return URIRef(sorted(str(s) for s in g.subjects(RDF.type, cls))[0])


def test_sample_graph_conforms(sample_validation: Validation) -> None:
    assert sample_validation.conforms, sample_validation.report[:3000]
    assert sample_validation.violations == 0


def test_small_graph_conforms_and_has_what_the_mutations_need(small_graph: Graph) -> None:
    v = validate(small_graph)
    assert v.conforms, v.report
    for cls in (KG.Paper, KG.Mention, KG.Result, KG.Repository, KG.SourceRecord):
        assert next(small_graph.subjects(RDF.type, cls), None) is not None, cls


# each mutation breaks one rule and returns the focus node the report must name
def _drop_title(g: Graph) -> URIRef:
    p = _one(g, KG.Paper)
    g.remove((p, DCTERMS.title, None))
    return p


def _empty_title(g: Graph) -> URIRef:
    p = _one(g, KG.Paper)
    g.set((p, DCTERMS.title, Literal("")))
    return p


def _second_title(g: Graph) -> URIRef:
    p = _one(g, KG.Paper)
    g.add((p, DCTERMS.title, Literal("Another title")))
    return p


def _no_provenance(g: Graph) -> URIRef:
    p = _one(g, KG.Paper)
    g.remove((p, PROV.wasDerivedFrom, None))
    return p


def _section_body(g: Graph) -> URIRef:
    m = _one(g, KG.Mention)
    g.set((m, KG.section, Literal("body")))
    return m


def _confidence_above_one(g: Graph) -> URIRef:
    m = _one(g, KG.Mention)
    g.set((m, KG.confidence, Literal("1.5", datatype=XSD.decimal)))
    return m


def _string_value(g: Graph) -> URIRef:
    r = _one(g, KG.Result)
    value = g.value(r, KG.value)
    assert value is not None
    g.set((r, KG.value, Literal(str(value))))
    return r


def _repo_url(url: str) -> Callable[[Graph], URIRef]:
    def mutate(g: Graph) -> URIRef:
        r = _one(g, KG.Repository)
        g.set((r, SCHEMA.codeRepository, Literal(url, datatype=XSD.anyURI)))
        return r
    mutate.__name__ = f"_repo_url({url})"
    return mutate


def _two_entity_types(g: Graph) -> URIRef:
    p = _one(g, KG.Paper)
    e = URIRef(sorted(str(o) for pred in (KG.uses, KG.introduces, KG.comparesWith,
                                          KG.mentions) for o in g.objects(p, pred))[0])
    types = {str(t) for t in (KG.Model, KG.Dataset, KG.Method)}
    types -= {str(t) for t in g.objects(e, RDF.type)}
    g.add((e, RDF.type, URIRef(sorted(types)[0])))
    return e


def _entity_without_label(g: Graph) -> URIRef:
    p = _one(g, KG.Paper)
    e = URIRef(sorted(str(o) for o in g.objects(p, KG.uses))[0])
    g.remove((e, RDFS.label, None))
    return e


def _annotated(g: Graph) -> Graph:
    from kg.analytics import stats

    stats(g, write_back=True)
    return g


def _pagerank_as_string(g: Graph) -> URIRef:
    p = _one(_annotated(g), KG.Paper)
    g.set((p, KG.pageRank, Literal("high")))
    return p


def _two_communities(g: Graph) -> URIRef:
    p = _one(_annotated(g), KG.Paper)
    g.add((p, KG.community, Literal(99, datatype=XSD.integer)))
    return p


def _negative_degree(g: Graph) -> URIRef:
    e = _one(_annotated(g), KG.Dataset)
    g.set((e, KG.degree, Literal(-1, datatype=XSD.integer)))
    return e


def _kind_of(g: Graph, cls: URIRef) -> URIRef:
    """An entity of ``cls``, made a second type of an existing one if the graph has none."""
    found = sorted(str(s) for s in g.subjects(RDF.type, cls))
    if found:
        return URIRef(found[0])
    e = URIRef(str(_one(g, KG.Task)) + "-as-" + str(cls).rsplit("#", 1)[-1].lower())
    g.add((e, RDF.type, cls))
    return e


def _dataset_variant_of_a_model(g: Graph) -> URIRef:
    d = _kind_of(g, KG.Dataset)
    g.add((d, KG.variantOf, _kind_of(g, KG.Model)))
    return d


def _method_variant_of_a_method(g: Graph) -> URIRef:
    m = _kind_of(g, KG.Method)
    g.add((m, KG.variantOf, m))
    return m


MUTATIONS = [
    _dataset_variant_of_a_model, _method_variant_of_a_method,
    _drop_title, _empty_title, _second_title, _no_provenance, _section_body,
    _confidence_above_one, _string_value,
    _repo_url("https://bitbucket.org/acme/tool"),
    _repo_url("http://github.com/acme/tool"),
    _repo_url("https://github.com.evil.example/acme/tool"),
    _repo_url("https://github.com/acme/tool/tree/main"),
    _two_entity_types, _entity_without_label,
    _pagerank_as_string, _two_communities, _negative_degree,
]


@pytest.mark.parametrize("mutate", MUTATIONS, ids=[m.__name__.strip("_") for m in MUTATIONS])
def test_a_broken_copy_does_not_conform(small_graph: Graph,
                                        mutate: Callable[[Graph], URIRef]) -> None:
    g = _copy(small_graph)
    focus = mutate(g)
    v = validate(g)
    assert not v.conforms
    assert v.violations >= 1
    assert f"Focus Node: <{focus}>" in v.report, v.report
    assert validate(small_graph).conforms  # the original is untouched


def test_an_edition_of_a_dataset_conforms(small_graph: Graph) -> None:
    g = _copy(small_graph)
    d = _one(g, KG.Dataset)
    edition = URIRef(str(d) + "-2012")
    for p, o in g.predicate_objects(d):
        g.add((edition, p, o))
    g.add((edition, KG.variantOf, d))
    assert validate(g).conforms, validate(g).report


def test_a_graph_with_analytics_written_back_conforms(small_graph: Graph) -> None:
    g = _annotated(_copy(small_graph))
    assert len(g) > len(small_graph)
    assert next(g.objects(None, KG.pageRank), None) is not None
    assert validate(g).conforms


def test_validate_accepts_explicit_shapes(small_graph: Graph) -> None:
    shapes = Graph().parse(shapes_path(), format="turtle")
    g = _copy(small_graph)
    _string_value(g)
    assert not validate(g, shapes).conforms
    assert validate(small_graph, shapes).conforms
    assert validate(g, Graph()).conforms  # no shapes, nothing to violate


# ------------------------------------------------------------------ the command


@pytest.fixture(scope="module")
def good_file(small_graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    p = tmp_path_factory.mktemp("validate") / "good.ttl"
    write_graph(small_graph, p)
    return p


@pytest.fixture(scope="module")
def bad_file(small_graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    g = _copy(small_graph)
    _drop_title(g)
    _section_body(g)
    p = tmp_path_factory.mktemp("validate") / "bad.ttl"
    write_graph(g, p)
    return p


def test_cli_exit_0_when_it_conforms(good_file: Path) -> None:
    res = CliRunner().invoke(main, ["validate", "-g", str(good_file)])
    assert res.exit_code == 0, (res.stdout, res.stderr)
    assert "conforms" in res.stdout


def test_cli_exit_1_and_lists_violations(bad_file: Path) -> None:
    res = CliRunner().invoke(main, ["validate", "-g", str(bad_file)])
    assert res.exit_code == 1, (res.stdout, res.stderr)
    assert "Conforms: False" in res.stdout
    assert "dcterms:title" in res.stdout or str(DCTERMS.title) in res.stdout
    assert "2 violation(s)" in res.stderr
    assert "Traceback" not in res.output


def test_cli_exit_2_when_the_graph_is_missing(tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["validate", "-g", str(tmp_path / "nope.ttl")])
    assert res.exit_code == 2
    assert res.stderr.startswith("kg: error:")
    assert "nope.ttl" in res.stderr
    assert "Traceback" not in res.output


def test_cli_exit_2_when_the_graph_is_not_turtle(tmp_path: Path) -> None:
    p = tmp_path / "broken.ttl"
    p.write_text("<a> <b> .\n this is not turtle", encoding="utf-8")
    res = CliRunner().invoke(main, ["validate", "-g", str(p)])
    assert res.exit_code == 2
    assert res.stderr.startswith("kg: error:")


def test_installed_command_exit_codes(kg_exe: str, good_file: Path, bad_file: Path,
                                      tmp_path: Path) -> None:
    codes = [subprocess.run([kg_exe, "validate", "-g", str(f)], capture_output=True,
                            text=True, timeout=120).returncode
             for f in (good_file, bad_file, tmp_path / "missing.ttl")]
    assert codes == [0, 1, 2]
