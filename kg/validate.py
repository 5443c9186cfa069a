"""SHACL validation of a graph against the shapes in ``schemas/shapes.ttl`` (pyshacl)."""
from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from rdflib import Graph


def shapes_path() -> Path:
    """``schemas/shapes.ttl`` of a source checkout, else the copy packaged in ``kg/data``."""
    repo = Path(__file__).resolve().parent.parent / "schemas" / "shapes.ttl"
    if repo.is_file():
        return repo
    return Path(str(resources.files("kg") / "data" / "schemas" / "shapes.ttl"))


@dataclass(frozen=True)
class Validation:
    conforms: bool
    violations: int
    report: str


def validate(g: Graph, shapes: Graph | None = None) -> Validation:
    """Check ``g`` against kg's shapes (RDFS inference off: kg writes every type it means)."""
    from pyshacl import validate as shacl

    if shapes is None:
        shapes = Graph().parse(shapes_path(), format="turtle")
    conforms, report_graph, text = shacl(g, shacl_graph=shapes, inference="none",
                                         advanced=False, allow_warnings=True)
    from rdflib.namespace import SH

    n = len(list(report_graph.subjects(predicate=SH.resultSeverity)))
    return Validation(bool(conforms), n, str(text))
