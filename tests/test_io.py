"""Writers and readers of graph files."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef

from kg.errors import GraphError
from kg.io import atomic_open, read_graph, write_graph

S, P = URIRef("https://example.org/s"), URIRef("https://example.org/p")


@pytest.mark.parametrize("suffix", [".trig", ".nq"])
def test_named_graph_files_read_as_their_union(tmp_path: Path, suffix: str) -> None:
    ds = Dataset()
    ds.graph(URIRef("https://example.org/g1")).add((S, P, Literal("a")))
    ds.graph(URIRef("https://example.org/g2")).add((S, P, Literal("b")))
    path = tmp_path / f"x{suffix}"
    ds.serialize(path, format="trig" if suffix == ".trig" else "nquads")
    g = read_graph(path)
    assert set(g.objects(S, P)) == {Literal("a"), Literal("b")}


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    path = tmp_path / "out.ttl"
    path.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_open(path) as f:
        f.write("half")
        raise RuntimeError("interrupted")
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]  # no temporary left behind


def test_write_then_read(tmp_path: Path) -> None:
    g = Graph()
    g.add((S, P, Literal("x")))
    write_graph(g, tmp_path / "a" / "g.ttl")
    assert set(read_graph(tmp_path / "a" / "g.ttl")) == set(g)


def test_unparsable_graph_is_a_graph_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle <", encoding="utf-8")
    with pytest.raises(GraphError) as e:
        read_graph(bad)
    assert "bad.ttl" in str(e.value) and "\n" not in str(e.value)
