"""kg push / kg query --endpoint against a real Oxigraph server (the ``oxigraph`` package of
the test extra) on loopback: the ready-made questions answer remotely as they do locally."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kg.query import named_queries, run_named


def _oxigraph() -> str | None:
    exe = Path(sys.executable).parent / "oxigraph"
    return str(exe) if exe.exists() else shutil.which("oxigraph")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Oxigraph server on 127.0.0.1 with an on-disk store; its base URL."""
    exe = _oxigraph()
    if exe is None:
        reason = "the oxigraph server is not installed (pip install -e '.[test]')"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)
    port = _free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    proc = subprocess.Popen([exe, "serve", "--location", str(location),
                             "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=5):
                    break
            except (urllib.error.URLError, OSError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    err = proc.stderr.read().decode() if proc.stderr else ""
                    pytest.fail(f"oxigraph server did not start: {err[:500]}")
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def cli(*args: str) -> Any:
    from kg.cli import main

    return CliRunner().invoke(main, list(args))


def by_value(rows: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Oxigraph keeps decimals by value (42.30 is answered as 42.3): compare numbers so."""
    def norm(c: str) -> str:
        if "." not in c:
            return c
        try:
            d = Decimal(c)
        except InvalidOperation:
            return c
        return str(d.normalize()) if d != d.to_integral() else str(int(d))
    return [tuple(norm(c) for c in r) for r in rows]


def rows(res: Any) -> list[tuple[str, ...]]:
    return [tuple("" if v is None else str(v) for v in row) for row in res]


def unordered(name: str, table: list[tuple[str, ...]], variables: list[str]
              ) -> list[tuple[str, ...]]:
    """GROUP_CONCAT lists in the order the engine meets them (SPARQL leaves it open): compare
    their items as sorted lists."""
    import re

    text = named_queries()[name].text
    seps = dict((v, sep) for sep, v in
                re.findall(r'separator="([^"]*)"\)\s+AS\s+\?(\w+)', text))
    out = []
    for r in table:
        out.append(tuple(seps[v].join(sorted(c.split(seps[v]))) if v in seps else c
                         for v, c in zip(variables, r, strict=True)))
    return out


def examples(name: str) -> dict[str, str]:
    return {p.name: p.example for p in named_queries()[name].params}


@pytest.fixture(scope="module")
def pushed(oxigraph: str, sample_path: Path) -> str:
    res = cli("push", "-g", str(sample_path), "--endpoint", oxigraph + "/store")
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("replaced the default graph at ")
    return oxigraph


@pytest.fixture(scope="module")
def sample_store(sample: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The sample graph written with its Oxigraph store, opened from the store."""
    from kg.io import read_graph, write_graph

    path = tmp_path_factory.mktemp("sample_store") / "s.ttl"
    write_graph(sample.graph, path, store="oxigraph")
    return read_graph(path)


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_ready_made_questions_same_remotely(pushed: str, sample: Any, sample_store: Any,
                                            name: str) -> None:
    from kg.remote import Endpoint

    params = examples(name)
    res = run_named(sample.graph, name, params)
    variables = [str(v) for v in res.vars or []]
    local = unordered(name, rows(res), variables)
    assert local, f"{name} answers nothing on the sample"
    remote = unordered(name, rows(run_named(Endpoint(pushed + "/query"), name, params)),
                       variables)
    assert remote == by_value(local)
    # and the local Oxigraph store answers as the remote Oxigraph does
    stored = rows(run_named(sample_store, name, params))
    assert unordered(name, stored, variables) == remote


def test_cli_query_endpoint(pushed: str, sample_path: Path) -> None:
    args = ["results-for-dataset", "-p", "dataset=GSM8K", "--format", "csv"]
    remote = cli("query", *args, "--endpoint", pushed + "/query")
    local = cli("query", *args, "-g", str(sample_path))
    assert remote.exit_code == local.exit_code == 0, remote.output + local.output
    assert remote.stdout.splitlines()[0] == "system,value,unit,metric,title"
    assert len(remote.stdout.splitlines()) == len(local.stdout.splitlines()) > 5
    # --store URL is the same as --endpoint URL
    same = cli("query", *args, "--store", pushed + "/query")
    assert same.stdout == remote.stdout


def test_hostile_parameter_remotely(pushed: str) -> None:
    res = cli("query", "papers-using", "-p", 'dataset=x" } ; DROP ALL ; { "',
              "--endpoint", pushed + "/query", "--format", "csv")
    assert res.exit_code == 0, res.output
    assert res.stdout.split() == ["title,repos"]
    count = cli("query", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "--endpoint", pushed + "/query",
                "--format", "csv")
    assert int(count.stdout.split()[1]) > 50_000


def test_named_graph_replace_and_add(oxigraph: str, tmp_path: Path) -> None:
    from rdflib import Graph, Literal, URIRef

    iri = "https://example.org/kg/graphs/test"
    g = Graph()
    g.add((URIRef("https://x.org/a"), URIRef("https://x.org/p"), Literal("one")))
    one = tmp_path / "one.ttl"
    g.serialize(one, format="turtle")
    g2 = Graph()
    g2.add((URIRef("https://x.org/b"), URIRef("https://x.org/p"), Literal("two")))
    two = tmp_path / "two.nt"
    g2.serialize(two, format="nt", encoding="utf-8")
    ask = ["SELECT ?o { ?s ?p ?o } ORDER BY ?o", "--endpoint", oxigraph + "/query",
           "--default-graph", iri, "--format", "csv"]
    for args, expected in [
        (["-g", str(one), "--graph-iri", iri], ["o", "one"]),
        (["-g", str(two), "--graph-iri", iri, "--add"], ["o", "one", "two"]),
        (["-g", str(two), "--graph-iri", iri, "--add"], ["o", "one", "two"]),  # a set
        (["-g", str(two), "--graph-iri", iri, "--replace"], ["o", "two"]),
    ]:
        res = cli("push", *args, "--endpoint", oxigraph + "/store")
        assert res.exit_code == 0, res.output
        assert iri in res.stdout
        got = cli("query", *ask)
        assert got.exit_code == 0, got.output
        assert got.stdout.split() == expected


def test_remote_graph_for_other_commands(pushed: str, sample: Any) -> None:
    """--store URL / KG_STORE=URL: readers (stats, viz) get the endpoint's default graph."""
    from kg.io import read_graph

    g = read_graph("unused.ttl", store=pushed + "/query")
    assert len(g) == len(sample.graph)


@pytest.mark.parametrize("args,code,needle", [
    (["query", "ASK {}", "--endpoint", "http://127.0.0.1:{closed}/query"], 4,
     "cannot reach the endpoint"),
    (["query", "SELECT ?x WHERE { ?x }", "--endpoint", "{ox}/query"], 3,
     "the endpoint refused the query: HTTP 400"),
    (["query", "ASK {}", "--endpoint", "ftp://x/y"], 3, "http:// or https://"),
    (["query", "ASK {}", "--default-graph", "https://x.org/g"], 2, "--default-graph goes"),
    (["push", "--endpoint", "http://127.0.0.1:{closed}/store"], 5, "cannot reach the store"),
    (["push", "--endpoint", "{ox}/nowhere"], 5, "the store refused the graph: HTTP 404"),
    (["push", "--endpoint", "{ox}/store", "--graph-iri", "not an iri"], 3, "absolute IRI"),
    (["push", "-g", "{missing}", "--endpoint", "{ox}/store"], 4, "cannot read the graph"),
])
def test_errors_are_one_line(oxigraph: str, sample_path: Path, tmp_path: Path,
                             args: list[str], code: int, needle: str) -> None:
    fill = {"closed": str(_free_port()), "ox": oxigraph, "missing": str(tmp_path / "no.ttl")}
    argv = []
    for a in args:
        for k, v in fill.items():
            a = a.replace("{" + k + "}", v)
        argv.append(a)
    if argv[0] == "push" and "-g" not in argv:
        argv += ["-g", str(sample_path)]
    res = cli(*argv)
    assert res.exit_code == code, res.output
    err = res.stderr.strip()
    if code == 2:  # a usage error: click's own message
        assert needle in err, err
        return
    assert err.startswith("kg: error:") and "\n" not in err and needle in err, err
