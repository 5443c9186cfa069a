"""kg serve over real HTTP on loopback: the SPARQL 1.1 Protocol (GET, POST, formats by
content negotiation, errors) and each protection (read-only, SERVICE, time and size limits,
loopback binding, Host check, body size, parameters as data)."""
from __future__ import annotations

import http.server
import io
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.query import Result

from kg.graph import name_key
from kg.ontology import KG
from kg.serve import KgServer, Limits, make_server, negotiate

EX = Namespace("https://example.org/kg/id/")


def small_graph() -> Graph:
    g = Graph()
    for i, (label, alt) in enumerate([("GSM8K", "GSM-8K"), ("MATH", None), ("HumanEval", None)]):
        d = EX[f"d{i}"]
        g.add((d, RDF.type, KG.Dataset))
        g.add((d, RDFS.label, Literal(label)))
        if alt:
            g.add((d, URIRef("http://www.w3.org/2004/02/skos/core#altLabel"), Literal(alt)))
        for name in filter(None, (label, alt)):  # as kg.graph writes them
            g.add((d, KG.nameKey, Literal(name_key(name))))
    for i, (title, uses) in enumerate([("Alpha, \"quoted\"", [0, 1]), ("Beta", [0]),
                                       ("Gamma\twith tab", [2])]):
        p = EX[f"p{i}"]
        g.add((p, RDF.type, KG.Paper))
        g.add((p, URIRef("http://purl.org/dc/terms/title"), Literal(title)))
        for u in uses:
            g.add((p, KG.uses, EX[f"d{u}"]))
    g.add((EX.d0, RDFS.comment, Literal("un jeu", lang="fr")))
    return g


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KgServer]:
    from kg.io import write_graph

    path = tmp_path_factory.mktemp("serve") / "g.ttl"
    write_graph(small_graph(), path)
    srv = make_server(path, "127.0.0.1", 0, workers=2, limits=Limits(timeout=5))
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield srv
    srv.shutdown()
    srv.server_close()
    srv.engine.stop()


@pytest.fixture
def limits(server: KgServer) -> Iterator[Limits]:
    """The server's limits, restored after the test."""
    before = Limits(**vars(server.engine.limits))
    yield server.engine.limits
    server.engine.limits.__dict__.update(vars(before))


def url(server: KgServer, path: str = "/sparql") -> str:
    host, port = server.server_address[:2]
    return f"http://{host!s}:{port}{path}"


def call(server: KgServer, path: str = "/sparql", *, data: bytes | None = None,
         method: str | None = None, headers: dict[str, str] | None = None
         ) -> tuple[int, str, bytes]:
    req = urllib.request.Request(url(server, path), data=data, method=method,
                                 headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


def get(server: KgServer, query: str, accept: str | None = None) -> tuple[int, str, bytes]:
    return call(server, "/sparql?" + urllib.parse.urlencode({"query": query}),
                headers={"Accept": accept} if accept else {})


def post_form(server: KgServer, form: dict[str, str], accept: str | None = None
              ) -> tuple[int, str, bytes]:
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if accept:
        headers["Accept"] = accept
    return call(server, data=urllib.parse.urlencode(form).encode(), headers=headers)


TITLES = "SELECT ?t WHERE { ?p a kg:Paper ; dcterms:title ?t } ORDER BY ?t"
EXPECTED_TITLES = ['Alpha, "quoted"', "Beta", "Gamma\twith tab"]


def parsed(body: bytes, fmt: str) -> Result:
    return Result.parse(io.BytesIO(body), format=fmt)


# ---------------------------------------------------------------- protocol

@pytest.mark.parametrize("accept,ctype,fmt", [
    (None, "application/sparql-results+json", "json"),
    ("application/sparql-results+json", "application/sparql-results+json", "json"),
    ("application/sparql-results+xml", "application/sparql-results+xml", "xml"),
    ("text/csv", "text/csv", "csv"),
    ("text/tab-separated-values", "text/tab-separated-values", "tsv"),
    ("text/html;q=0.9, text/csv;q=0.5, application/sparql-results+xml;q=0.8",
     "application/sparql-results+xml", "xml"),
])
def test_select_formats(server: KgServer, accept: str | None, ctype: str, fmt: str) -> None:
    status, got_type, body = get(server, TITLES, accept)
    assert status == 200, body
    assert got_type.split(";")[0] == ctype
    titles = [str(r[0]) for r in parsed(body, fmt)]  # type: ignore[index]
    assert titles == EXPECTED_TITLES


def test_select_json_terms(server: KgServer) -> None:
    q = "SELECT ?d ?c ?n WHERE { ?d rdfs:comment ?c . BIND(2 AS ?n) }"
    status, _, body = get(server, q)
    data = json.loads(body)
    assert data["head"]["vars"] == ["d", "c", "n"]
    assert data["results"]["bindings"] == [{
        "d": {"type": "uri", "value": str(EX.d0)},
        "c": {"type": "literal", "value": "un jeu", "xml:lang": "fr"},
        "n": {"type": "literal", "value": "2",
              "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]


def test_csv_quotes_and_tsv_terms(server: KgServer) -> None:
    _, _, csv_body = get(server, TITLES, "text/csv")
    assert csv_body.decode() == 't\r\n"Alpha, ""quoted"""\r\nBeta\r\nGamma\twith tab\r\n'
    _, _, tsv = get(server, TITLES, "text/tab-separated-values")
    assert tsv.decode().splitlines() == ["?t", '"Alpha, \\"quoted\\""', '"Beta"',
                                         '"Gamma\\twith tab"']


@pytest.mark.parametrize("accept,fmt", [(None, "json"), ("application/sparql-results+xml", "xml"),
                                        ("text/csv", "csv"), ("text/tab-separated-values", "tsv")])
def test_ask(server: KgServer, accept: str | None, fmt: str) -> None:
    for q, want in [("ASK { ?d rdfs:label 'MATH' }", True), ("ASK { ?d rdfs:label 'X' }", False)]:
        status, _, body = get(server, q, accept)
        assert status == 200
        if fmt in ("json", "xml"):
            assert parsed(body, fmt).askAnswer is want
        else:
            assert body.decode().split() == ["?_askResult" if fmt == "tsv" else "_askResult",
                                             "true" if want else "false"]


@pytest.mark.parametrize("accept,ctype,rdf", [
    (None, "text/turtle", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
    ("application/ld+json", "application/ld+json", "json-ld"),
])
def test_construct_formats(server: KgServer, accept: str | None, ctype: str, rdf: str) -> None:
    q = "CONSTRUCT { ?d rdfs:label ?l } WHERE { ?d a kg:Dataset ; rdfs:label ?l }"
    status, got, body = get(server, q, accept)
    assert status == 200, body
    assert got.split(";")[0] == ctype
    g = Graph().parse(data=body, format=rdf)
    assert sorted(str(o) for o in g.objects(None, RDFS.label)) == ["GSM8K", "HumanEval", "MATH"]


def test_post_form_and_direct(server: KgServer) -> None:
    status, _, body = post_form(server, {"query": TITLES})
    assert status == 200 and [str(r[0]) for r in parsed(body, "json")] == EXPECTED_TITLES
    status, _, body = call(server, data=TITLES.encode(),
                           headers={"Content-Type": "application/sparql-query"})
    assert status == 200 and [str(r[0]) for r in parsed(body, "json")] == EXPECTED_TITLES


def test_default_graph_uri(server: KgServer) -> None:
    """The protocol's default-graph-uri: a named graph that does not exist is empty."""
    q = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }",
                                "default-graph-uri": "https://example.org/none"})
    status, _, body = call(server, "/sparql?" + q)
    assert status == 200 and json.loads(body)["boolean"] is False


@pytest.mark.parametrize("path,kwargs,status,needle", [
    ("/sparql", {}, 400, "query="),
    ("/sparql?query=SELECT%20%3Fx%20WHERE%20%7B%20%3Fx%20%3Fy%20%7D", {}, 400, "bad query"),
    ("/sparql?query=SELECT+*+%7B%7D&query=ASK+%7B%7D", {}, 400, "exactly one"),
    ("/sparql", {"data": b"query=ASK+%7B%7D", "headers": {"Content-Type": "text/plain"}}, 415,
     "application/sparql-query"),
    ("/sparql?query=SELECT+*+%7B%7D", {"headers": {"Accept": "image/png"}}, 406, "acceptable"),
    ("/nowhere", {}, 404, "not found"),
    ("/sparql", {"method": "PUT", "data": b"x"}, 405, "read-only"),
    ("/sparql", {"method": "DELETE"}, 405, "read-only"),
    ("/named/no-such-query", {}, 400, "no named query"),
    ("/named/papers-using", {}, 400, "needs --param dataset"),
    ("/named/papers-using?dataset=a&year=1", {}, 400, "unknown parameter 'year'"),
])
def test_errors(server: KgServer, path: str, kwargs: dict[str, Any], status: int,
                needle: str) -> None:
    got, ctype, body = call(server, path, **kwargs)
    assert got == status, body
    assert ctype.startswith("text/plain") and needle in body.decode()


def test_page(server: KgServer) -> None:
    req = urllib.request.Request(url(server, "/"))
    with urllib.request.urlopen(req, timeout=30) as r:
        csp = r.headers["Content-Security-Policy"]
        body = r.read().decode()
    assert "default-src 'none'" in csp and "connect-src 'self'" in csp
    assert "unsafe-inline" not in csp and "'sha256-" in csp
    assert "<textarea" in body
    status, _, listing = call(server, "/queries")
    assert status == 200 and "papers-using" in [q["name"] for q in json.loads(listing)]


def test_named_query(server: KgServer) -> None:
    status, _, body = call(server, "/named/papers-using?dataset=gsm-8k")
    assert status == 200
    assert sorted(str(r[0]) for r in parsed(body, "json")) == ['Alpha, "quoted"', "Beta"]


@pytest.mark.parametrize("value", ['x" } ; DROP ALL ; { "', '") } UNION { ?s ?p ?o } #',
                                   "GSM8K\" || \"a\" = \"a", "?_dataset", "\\"])
def test_named_query_parameters_are_data(server: KgServer, value: str) -> None:
    """A parameter value cannot turn the question into another query: it finds nothing."""
    status, _, body = call(server, "/named/papers-using?" + urllib.parse.urlencode(
        {"dataset": value}))
    assert status == 200, body
    assert list(parsed(body, "json")) == []


def test_negotiate() -> None:
    from kg.serve import GRAPH_TYPES, RESULT_TYPES

    assert negotiate(None, RESULT_TYPES, "json") == "json"
    assert negotiate("*/*", RESULT_TYPES, "json") == "json"
    assert negotiate("text/csv;q=0.2, text/tab-separated-values", RESULT_TYPES, "json") == "tsv"
    assert negotiate("application/json", RESULT_TYPES, "json") == "json"
    assert negotiate("text/*", GRAPH_TYPES, "turtle") == "turtle"
    assert negotiate("text/csv;q=0", RESULT_TYPES, "json") is None
    assert negotiate("image/png", GRAPH_TYPES, "turtle") is None


# ---------------------------------------------------------------- protections

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def triples(server: KgServer) -> int:
    _, _, body = get(server, COUNT)
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize("how", ["form", "content-type", "get"])
def test_update_requests_refused(server: KgServer, how: str) -> None:
    before = triples(server)
    update = "INSERT DATA { <https://x.org/a> <https://x.org/b> <https://x.org/c> }"
    if how == "form":
        status, _, body = post_form(server, {"update": update})
    elif how == "content-type":
        status, _, body = call(server, data=update.encode(),
                               headers={"Content-Type": "application/sparql-update"})
    else:
        status, _, body = call(server, "/sparql?" + urllib.parse.urlencode({"update": update}))
    assert status == 403 and b"read-only" in body
    assert triples(server) == before


@pytest.mark.parametrize("update", [
    "INSERT DATA { <https://x.org/a> <https://x.org/b> <https://x.org/c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/x.ttl>",
    "CLEAR ALL",
    "DROP SILENT DEFAULT",
    "PREFIX x: <https://x.org/> WITH <https://x.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
])
def test_updates_sent_as_queries_refused(server: KgServer, update: str) -> None:
    before = triples(server)
    status, _, body = post_form(server, {"query": update})
    assert status == 403 and b"read-only" in body, body
    assert triples(server) == before


class Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        Recorder.hits.append(self.path)
        self.send_response(500)
        self.end_headers()

    do_POST = do_GET  # noqa: N815

    def log_message(self, *a: Any) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[str]:
    """A loopback HTTP server that records the requests it gets (a SERVICE target)."""
    Recorder.hits = []
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/sparql"
    srv.shutdown()
    srv.server_close()


def test_service_refused_unless_allowed(server: KgServer, limits: Limits, recorder: str) -> None:
    q = f"SELECT * WHERE {{ SERVICE SILENT <{recorder}> {{ ?s ?p ?o }} }}"
    status, _, body = get(server, q)
    assert status == 403 and b"SERVICE is disabled" in body
    lower = f"select * {{ service silent <{recorder}> {{ ?s ?p ?o }} }}"
    assert get(server, lower)[0] == 403
    assert Recorder.hits == []  # the server never called the other host
    limits.allow_service = True
    status, _, body = get(server, q)
    assert status == 200, body
    assert Recorder.hits, "with --allow-service the query does reach the other host"


def test_service_word_in_strings_and_names_is_fine(server: KgServer) -> None:
    q = 'PREFIX ex: <https://x.org/> SELECT ?service WHERE { BIND("SERVICE <x>" AS ?service) ' \
        'OPTIONAL { ?s ex:SERVICE ?o } }'
    assert get(server, q)[0] == 200


def test_time_limit(server: KgServer, limits: Limits) -> None:
    limits.timeout = 1.0
    slow = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . "
            "?m ?n1 ?o . ?q ?r ?t }")
    t0 = time.monotonic()
    status, _, body = get(server, slow)
    took = time.monotonic() - t0
    assert status == 503 and b"longer than 1 s" in body
    assert took < 10
    limits.timeout = 30
    # the killed worker was replaced: the server still answers
    assert triples(server) > 0
    assert [triples(server) for _ in range(4)] == [triples(server)] * 4


def test_result_size_limit(server: KgServer, limits: Limits) -> None:
    limits.max_rows = 3
    assert get(server, TITLES)[0] == 200  # 3 rows
    status, _, body = get(server, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 403 and b"more than 3 rows" in body
    status, _, body = get(server, "CONSTRUCT WHERE { ?s ?p ?o }")
    assert status == 403 and b"more than 3 triples" in body


def test_body_size_limit(server: KgServer) -> None:
    """A body announced over the limit is refused at once, before it is read."""
    host, port = server.server_address[:2]
    with socket.create_connection((str(host), port), timeout=10) as s:
        s.sendall(f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                  "Content-Type: application/x-www-form-urlencoded\r\n"
                  "Content-Length: 50000000\r\n\r\nquery=".encode())
        reply = b""
        while chunk := s.recv(4096):  # the server closes the connection after its answer
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 413"), reply
    assert b"over 1,000,000 bytes" in reply


def test_host_header_checked_on_loopback(server: KgServer) -> None:
    """A page of another site reaching 127.0.0.1 through DNS rebinding names its own host."""
    host, port = server.server_address[:2]
    with socket.create_connection((str(host), port), timeout=10) as s:
        s.sendall(b"GET /sparql?query=ASK+%7B%7D HTTP/1.1\r\nHost: evil.example\r\n"
                  b"Connection: close\r\n\r\n")
        reply = s.recv(4096)
    assert reply.startswith(b"HTTP/1.1 403"), reply
    for name in (f"127.0.0.1:{port}", f"localhost:{port}"):
        status, _, _ = call(server, "/sparql?query=ASK+%7B%7D", headers={"Host": name})
        assert status == 200


def test_cli_binds_loopback_by_default(tmp_path: Path, kg_exe: str) -> None:
    from kg.io import write_graph

    path = tmp_path / "g.ttl"
    write_graph(small_graph(), path)
    proc = subprocess.Popen([kg_exe, "serve", "-g", str(path), "--port", "0", "--workers", "1"],
                            stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        assert line.startswith("serving ") and "http://127.0.0.1:" in line, line
        port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
        out = subprocess.run(["ss", "-Hltn", f"sport = :{port}"], capture_output=True,
                             text=True, check=False).stdout if _has_ss() else ""
        if out:  # the listening socket's local address (4th column)
            assert [ln.split()[3] for ln in out.splitlines()] == [f"127.0.0.1:{port}"], out
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/sparql?query=ASK+%7B%7D",
                                    timeout=30) as r:
            assert json.loads(r.read())["boolean"] is True
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert proc.returncode == 0


def _has_ss() -> bool:
    import shutil

    return shutil.which("ss") is not None


def test_cli_missing_graph(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    res = CliRunner().invoke(main, ["serve", "-g", str(tmp_path / "none.ttl"), "--port", "0"])
    assert res.exit_code == 4
    assert res.stderr.startswith("kg: error:") and "no such graph" in res.stderr


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
