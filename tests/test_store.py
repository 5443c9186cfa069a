"""kg.store: the on-disk Oxigraph store beside a graph file, chosen by one setting."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import RDF, RDFS, Graph, Literal, Namespace

from kg.errors import GraphError, InputError
from kg.io import read_graph, write_graph
from kg.ontology import KG
from kg.store import (
    AUTO_MIN_TRIPLES,
    is_fresh,
    open_store,
    oxigraph_of,
    store_dir,
    store_setting,
)

EX = Namespace("https://example.org/kg/id/")


def small() -> Graph:
    g = Graph()
    for i in range(5):
        g.add((EX[f"d{i}"], RDF.type, KG.Dataset))
        g.add((EX[f"d{i}"], RDFS.label, Literal(f"Set {i}")))
    return g


def test_setting_flag_env_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KG_STORE", raising=False)
    assert store_setting() == "auto"
    assert store_setting("Memory") == "memory"
    monkeypatch.setenv("KG_STORE", "oxigraph")
    assert store_setting() == "oxigraph"
    assert store_setting("memory") == "memory"  # the flag wins
    assert store_setting("http://127.0.0.1:7878/query") == "http://127.0.0.1:7878/query"
    with pytest.raises(InputError, match="unknown store 'sqlite'"):
        store_setting("sqlite")


def test_store_dir() -> None:
    assert store_dir("graphs/kg.ttl") == Path("graphs/kg.oxigraph")
    assert store_dir("graphs/kg.oxigraph") == Path("graphs/kg.oxigraph")


def test_written_and_opened(tmp_path: Path) -> None:
    path = tmp_path / "g.ttl"
    write_graph(small(), path, store="oxigraph")
    d = store_dir(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.oxigraph", "g.ttl"]
    meta = json.loads((d / "meta.json").read_text())
    assert meta["triples"] == 10 and meta["source"] == "g.ttl"
    assert is_fresh(path)
    g = read_graph(path)  # auto: the store
    assert oxigraph_of(g) is not None
    assert len(g) == 10
    assert set(g) == set(small())
    assert g.value(EX.d3, RDFS.label) == Literal("Set 3")
    # the store's own folder can be named as the graph too
    assert set(read_graph(d)) == set(small())


def test_memory_setting_parses(tmp_path: Path) -> None:
    path = tmp_path / "g.ttl"
    write_graph(small(), path, store="oxigraph")
    g = read_graph(path, store="memory")
    assert oxigraph_of(g) is None and set(g) == set(small())


def test_auto_writes_store_only_for_big_graphs(tmp_path: Path) -> None:
    path = tmp_path / "g.ttl"
    write_graph(small(), path, store="auto")
    assert not store_dir(path).exists()
    big = Graph()
    for i in range(AUTO_MIN_TRIPLES // 2):
        big.add((EX[f"e{i}"], RDF.type, KG.Method))
        big.add((EX[f"e{i}"], RDFS.label, Literal(str(i))))
    write_graph(big, path, store="auto")
    assert is_fresh(path)
    assert len(read_graph(path)) == AUTO_MIN_TRIPLES
    # writing again without a store removes the one that no longer matches
    write_graph(small(), path, store="memory")
    assert not store_dir(path).exists()


def test_stale_store_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "g.ttl"
    write_graph(small(), path, store="oxigraph")
    g2 = small()
    g2.add((EX.new, RDF.type, KG.Task))
    # someone rewrites the Turtle by other means: the store no longer mirrors it
    path.write_bytes(g2.serialize(format="turtle", encoding="utf-8"))
    os.utime(path, ns=(1, 1))
    assert not is_fresh(path)
    g = read_graph(path)  # auto: parse the file
    assert oxigraph_of(g) is None and len(g) == 11
    g = read_graph(path, store="oxigraph")  # oxigraph: rebuild the store from the file
    assert oxigraph_of(g) is not None and len(g) == 11
    assert is_fresh(path)


def test_oxigraph_setting_makes_missing_store(tmp_path: Path) -> None:
    path = tmp_path / "g.ttl"
    path.write_bytes(small().serialize(format="turtle", encoding="utf-8"))
    assert open_store(path) is None
    g = read_graph(path, store="oxigraph")
    assert oxigraph_of(g) is not None and set(g) == set(small())
    with pytest.raises(GraphError, match="no such graph file"):
        read_graph(tmp_path / "none.ttl", store="oxigraph")


def test_changes_go_to_memory_not_disk(tmp_path: Path) -> None:
    """kg stats -w adds figures to the graph it read: the store on disk stays as it was."""
    path = tmp_path / "g.ttl"
    write_graph(small(), path, store="oxigraph")
    g = read_graph(path)
    g.add((EX.d0, KG.paperCount, Literal(3)))
    g.remove((EX.d1, None, None))
    assert len(g) == 9 and g.value(EX.d0, KG.paperCount) == Literal(3)
    again = read_graph(path)
    assert len(again) == 10 and again.value(EX.d0, KG.paperCount) is None


def test_two_readers_at_once(tmp_path: Path) -> None:
    path = tmp_path / "g.ttl"
    write_graph(small(), path, store="oxigraph")
    a, b = read_graph(path), read_graph(path)
    assert len(a) == len(b) == 10


def test_rewrite_swaps_whole_store(tmp_path: Path) -> None:
    path = tmp_path / "g.ttl"
    write_graph(small(), path, store="oxigraph")
    old_reader = read_graph(path)
    g2 = small()
    g2.add((EX.new, RDF.type, KG.Task))
    write_graph(g2, path, store="oxigraph")
    assert len(read_graph(path)) == 11
    assert len(old_reader) == 10  # an open reader keeps the store it opened
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no leftovers


def test_broken_store_folder(tmp_path: Path) -> None:
    d = tmp_path / "x.oxigraph"
    d.mkdir()
    with pytest.raises(GraphError, match="not a kg store"):
        read_graph(d)


def test_cli_build_store_flag_then_query(tmp_path: Path) -> None:
    """kg build --store oxigraph writes the store; kg query answers from it, and the same
    as from the parsed file."""
    from kg.cli import main

    src = tmp_path / "papers.jsonl"
    src.write_text(json.dumps({"id": "2401.00001", "title": "Gizmo: a model",
                               "abstract": "We propose Gizmo, fine-tuned on GSM8K and MATH."})
                   + "\n", encoding="utf-8")
    out = tmp_path / "kg.ttl"
    r = CliRunner()
    res = r.invoke(main, ["build", str(src), "-o", str(out), "-q", "--store", "oxigraph",
                          "--no-cache"])
    assert res.exit_code == 0, res.output
    assert is_fresh(out)
    answers = {}
    for store in ("oxigraph", "memory"):
        res = r.invoke(main, ["query", "papers-using", "-p", "dataset=gsm8k", "-g", str(out),
                              "--store", store, "--format", "csv"])
        assert res.exit_code == 0, res.output
        answers[store] = res.stdout
    assert answers["oxigraph"] == answers["memory"]
    assert "Gizmo: a model" in answers["memory"]
    res = r.invoke(main, ["query", "ASK {}", "-g", str(out), "--store", "nosuch"])
    assert res.exit_code == 2 and "unknown store 'nosuch'" in res.stderr


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="ab c\u00e9", max_size=12), max_size=30),
       st.integers(min_value=1, max_value=40), st.booleans())
def test_load_chunks_cut_only_at_line_ends(lines: list[str], size: int, last_nl: bool) -> None:
    from kg.store import _chunks

    data = "\n".join(lines).encode() + (b"\n" if last_nl and lines else b"")
    chunks = list(_chunks(data, size))
    assert b"".join(chunks) == data
    assert all(c.endswith(b"\n") for c in chunks[:-1])
    assert all(c for c in chunks)


def test_a_store_loaded_in_many_pieces_is_the_whole_graph(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.store
    from kg.io import write_ntriples

    monkeypatch.setattr(kg.store, "LOAD_CHUNK", 200)  # bytes: a piece every line or two
    path = tmp_path / "g.ttl"
    write_ntriples([small().serialize(format="nt")], path, store="oxigraph")
    assert is_fresh(path)
    assert set(read_graph(path)) == set(small())
    other = tmp_path / "other.ttl"  # an rdflib graph's sorted N-Triples, cut the same way
    write_graph(small(), other, store="oxigraph")
    assert is_fresh(other) and set(read_graph(other)) == set(small())
