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


# ---------------------------------------------------------------- the fast, stable writer

def tricky() -> Graph:
    from rdflib import RDF, XSD

    g = Graph()
    ex = "https://example.org/kg/id/"
    kg = "https://example.org/kg/ns#"
    s1, s2 = URIRef(ex + "paper/b"), URIRef(ex + "paper/a")
    g.add((s1, RDF.type, URIRef(kg + "Paper")))
    g.add((s1, URIRef("http://purl.org/dc/terms/title"),
           Literal('Quotes " and \\ backslash\nnew line\ttab, ünïcödé 数学 \U0001f600')))
    g.add((s1, URIRef(kg + "value"), Literal("42.30", datatype=XSD.decimal)))
    g.add((s1, URIRef(kg + "charStart"), Literal(7)))
    g.add((s1, URIRef("http://www.w3.org/2000/01/rdf-schema#comment"), Literal("fr", lang="fr")))
    g.add((s2, URIRef(kg + "uses"), s1))
    g.add((s2, URIRef(kg + "uses"), URIRef("https://github.com/a/b")))
    g.add((s2, URIRef(kg + "note"), Literal("typed", datatype=URIRef("https://x.org/t"))))
    return g


def test_turtle_is_sorted_stable_and_round_trips(tmp_path: Path) -> None:
    import pyoxigraph as ox
    from rdflib.compare import isomorphic

    g = tricky()
    write_graph(g, tmp_path / "a.ttl")
    # the same triples added in another order give the same bytes
    h = Graph()
    for t in sorted(g, reverse=True):
        h.add(t)
    write_graph(h, tmp_path / "b.ttl")
    a = (tmp_path / "a.ttl").read_bytes()
    assert a == (tmp_path / "b.ttl").read_bytes()
    text = a.decode()
    assert text.startswith("@prefix dcterms: <http://purl.org/dc/terms/> .\n"
                           "@prefix kg: <https://example.org/kg/ns#> .\n")
    # subjects in sorted order, one block each
    assert text.index("<https://example.org/kg/id/paper/a>") < text.index(
        "<https://example.org/kg/id/paper/b>")
    assert isomorphic(Graph().parse(data=a, format="turtle"), g)
    quads = list(ox.parse(a, format=ox.RdfFormat.TURTLE))
    assert len(quads) == len(g) == 8
    values = {str(q.object) for q in quads}
    assert '"42.30"^^<http://www.w3.org/2001/XMLSchema#decimal>' in values


def test_ntriples_sorted_lines(tmp_path: Path) -> None:
    from kg.io import ntriples

    g = tricky()
    write_graph(g, tmp_path / "g.nt", "nt")
    data = (tmp_path / "g.nt").read_bytes()
    lines = data.splitlines()
    assert lines == sorted(lines) and len(lines) == 8
    assert data == ntriples(g)
    assert set(Graph().parse(data=data, format="nt")) == set(g)


def test_blank_nodes_fall_back_to_rdflib(tmp_path: Path) -> None:
    from rdflib import BNode
    from rdflib.compare import isomorphic

    g = tricky()
    b = BNode()
    g.add((S, P, b))
    g.add((b, P, Literal("inside")))
    write_graph(g, tmp_path / "b.ttl")
    assert isomorphic(Graph().parse(tmp_path / "b.ttl", format="turtle"), g)


@pytest.mark.parametrize("fmt,rdf", [("jsonld", "json-ld"), ("xml", "xml")])
def test_other_formats(tmp_path: Path, fmt: str, rdf: str) -> None:
    from rdflib.compare import isomorphic

    g = tricky()
    write_graph(g, tmp_path / "g.out", fmt)
    assert isomorphic(Graph().parse(tmp_path / "g.out", format=rdf), g)


def test_export_bytes_keeps_the_file_exactly(tmp_path: Path) -> None:
    """kg export reads Turtle/N-Triples through Oxigraph's parser: literals as written (not
    as a store would normalise them), and the Turtle kg wrote comes back byte for byte."""
    from kg.io import export_bytes

    g = tricky()
    path = tmp_path / "g.ttl"
    write_graph(g, path, store="oxigraph")
    data, n = export_bytes(path, "turtle")
    assert n == 8 and data == path.read_bytes()
    nt, _ = export_bytes(path, "nt")
    assert b'"42.30"^^<http://www.w3.org/2001/XMLSchema#decimal>' in nt
    xml, n = export_bytes(path, "xml")
    assert n == 8 and b"rdf:RDF" in xml


def _blocks() -> list[str]:
    """Two blocks of N-Triples as kg.graph.ntriples_blocks gives them."""
    from kg.graph import _lit

    kg = "https://example.org/kg/id/"
    two, lines = _lit('B "two"'), _lit("A line\nbreak")
    return [f"<{kg}paper/b> <http://purl.org/dc/terms/title> {two} .\n"
            f"<{kg}paper/b> <{P}> \"7\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n",
            f"<{kg}paper/a> <http://purl.org/dc/terms/title> {lines} .\n"]


@pytest.mark.parametrize("name", ["g.ttl", "g.nt"])
def test_write_ntriples_streams_the_blocks_in_order(tmp_path: Path, name: str) -> None:
    from kg.io import format_for, write_ntriples

    path = tmp_path / name
    assert write_ntriples(iter(_blocks()), path, format_for(path)) == 3
    data = path.read_bytes()
    if name.endswith(".nt"):
        assert data == "".join(_blocks()).encode()
    else:  # only the prefixes used, sorted; subjects in the order of the blocks
        assert data.startswith(b"@prefix dcterms: <http://purl.org/dc/terms/> .\n"
                               b"@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n<")
        assert data.index(b"paper/b>") < data.index(b"paper/a>")
    assert set(read_graph(path)) == set(Graph().parse(data="".join(_blocks()), format="nt"))
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no temporary file left


def test_write_ntriples_writes_the_store_with_the_turtle(tmp_path: Path) -> None:
    from kg.io import write_ntriples
    from kg.store import is_fresh, store_dir

    path = tmp_path / "g.ttl"
    write_ntriples(_blocks(), path, store="oxigraph")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.oxigraph", "g.ttl"]
    assert is_fresh(path)
    import pyoxigraph as ox

    st = ox.Store.read_only(str(store_dir(path) / "db"))
    assert len(st) == 3


def test_write_ntriples_other_formats_go_through_rdflib(tmp_path: Path) -> None:
    from kg.io import write_ntriples

    path = tmp_path / "g.jsonld"
    assert write_ntriples(_blocks(), path, "jsonld") == 3
    assert len(Graph().parse(path, format="json-ld")) == 3


def test_failed_turtle_leaves_the_old_file_and_store(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.io
    from kg.io import write_ntriples
    from kg.store import is_fresh

    path = tmp_path / "g.ttl"
    write_ntriples(_blocks()[:1], path, store="oxigraph")
    before = path.read_bytes()

    def broken(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(kg.io, "_turtle_file", broken)
    with pytest.raises(OSError):
        write_ntriples(_blocks(), path, store="oxigraph")
    assert path.read_bytes() == before and is_fresh(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.oxigraph", "g.ttl"]


def test_store_fed_in_pieces_while_the_file_is_written(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """An "auto" store starts once the graph is big enough, gets the pieces made before
    that, then each new one: the store holds every triple, in 20-odd bulk loads."""
    import kg.store
    from kg.io import write_ntriples
    from kg.store import is_fresh

    monkeypatch.setattr(kg.store, "LOAD_CHUNK", 300)
    monkeypatch.setattr(kg.store, "AUTO_MIN_TRIPLES", 40)
    loads = []
    real = kg.store.StoreLoad.feed
    monkeypatch.setattr(kg.store.StoreLoad, "feed",
                        lambda self, piece: (loads.append(piece), real(self, piece))[1])
    blocks = [f"<{S}{i}> <{P}> \"{i}\" .\n<{S}{i}> <{P}x> <{S}{i + 1}> .\n" for i in range(50)]
    path = tmp_path / "g.ttl"
    assert write_ntriples(blocks, path, store="auto") == 100
    assert is_fresh(path) and len(loads) > 10
    assert b"".join(loads) == "".join(blocks).encode()
    assert set(read_graph(path)) == set(Graph().parse(data="".join(blocks), format="nt"))
    # below the threshold, no store (and the one left from before is removed)
    assert write_ntriples(blocks[:5], path, store="auto") == 10
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.ttl"]


def test_empty_graph_with_a_store_asked_for(tmp_path: Path) -> None:
    from kg.io import write_ntriples
    from kg.store import is_fresh

    path = tmp_path / "g.ttl"
    assert write_ntriples([], path, store="oxigraph") == 0
    assert is_fresh(path) and len(read_graph(path)) == 0


def test_a_failing_load_fails_the_write_and_leaves_no_half_store(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.store
    from kg.errors import OutputError
    from kg.io import write_ntriples

    monkeypatch.setattr(kg.store, "LOAD_CHUNK", 100)

    def broken(st: object, piece: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(kg.store.StoreLoad, "_bulk_load", staticmethod(broken))
    with pytest.raises(OutputError, match="No space left"):
        write_ntriples(_blocks() * 1, tmp_path / "g.ttl", store="oxigraph")
    assert [p.name for p in tmp_path.iterdir() if p.name != "g.ttl"] == []
