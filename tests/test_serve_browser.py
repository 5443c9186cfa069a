"""The ``kg serve`` query page in a real headless Chromium: type a query, see the table and
the graph; errors shown; markup in the data shown as text, never run; no CSP violation.
Skipped (see conftest) when /usr/bin/chromium or playwright is missing."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from browser_support import WATCH
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef

from kg.graph import name_key
from kg.ontology import KG
from kg.serve import KgServer, Limits, make_server

pytestmark = pytest.mark.browser

EX = Namespace("https://example.org/kg/id/")
XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KgServer]:
    from kg.io import write_graph

    g = Graph()
    title = URIRef("http://purl.org/dc/terms/title")
    for i, (t, ds) in enumerate([("Alpha", ["GSM8K", "MATH"]), (XSS, ["GSM8K"])]):
        p = EX[f"p{i}"]
        g.add((p, RDF.type, KG.Paper))
        g.add((p, title, Literal(t)))
        for d in ds:
            g.add((p, KG.uses, EX[d.lower()]))
            g.add((EX[d.lower()], RDF.type, KG.Dataset))
            g.add((EX[d.lower()], RDFS.label, Literal(d)))
            g.add((EX[d.lower()], KG.nameKey, Literal(name_key(d))))  # as kg.graph writes
    path = tmp_path_factory.mktemp("serve_browser") / "g.ttl"
    write_graph(g, path)
    srv = make_server(path, "127.0.0.1", 0, workers=1, limits=Limits(timeout=10))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv
    srv.shutdown()
    srv.server_close()
    srv.engine.stop()


@pytest.fixture
def page(browser: Any, server: KgServer) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    pg = ctx.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))  # type: ignore[attr-defined]
    pg.add_init_script(WATCH)
    host, port = server.server_address[:2]
    pg.goto(f"http://{host!s}:{port}/", wait_until="load")
    pg.wait_for_function("() => document.querySelectorAll('#named option').length > 1")
    yield pg
    assert pg.errors == []  # type: ignore[attr-defined]
    assert pg.evaluate("window.__csp") == []
    assert pg.evaluate("window.__xss") is None
    ctx.close()


def run(page: Any, query: str) -> str:
    page.fill("#query", query)
    page.click("#run")
    page.wait_for_function("() => !document.getElementById('status').textContent"
                           ".startsWith('running')")
    return str(page.text_content("#status"))


def test_select_table_and_graph(page: Any) -> None:
    status = run(page, "SELECT ?title ?dataset WHERE { ?p kg:uses ?d ; dcterms:title ?title . "
                       "?d rdfs:label ?dataset } ORDER BY ?dataset ?title")
    assert status.startswith("3 rows in "), status
    cells = page.eval_on_selector_all("#result tr", "rows => rows.map(r => "
                                      "Array.from(r.cells).map(c => c.textContent))")
    assert cells == [["title", "dataset"], [XSS, "GSM8K"], ["Alpha", "GSM8K"], ["Alpha", "MATH"]]
    # the graph: 4 distinct terms (2 titles, 2 datasets), one edge per row
    assert page.get_attribute("#graph", "data-nodes") == "4"
    assert page.get_attribute("#graph", "data-edges") == "3"
    assert page.locator("#graph circle").count() == 4
    assert page.locator("#result img").count() == 0  # the title's markup is text


def test_construct_as_triples(page: Any) -> None:
    status = run(page, "CONSTRUCT { ?p kg:uses ?d } WHERE { ?p kg:uses ?d }")
    assert status.startswith("3 triples in "), status
    assert page.locator("#result tr").count() == 4
    assert page.get_attribute("#graph", "data-edges") == "3"


def test_error_shown(page: Any) -> None:
    status = run(page, "SELECT ?x WHERE { ?x ?y }")
    assert status.startswith("400: bad query"), status
    assert "error" in (page.get_attribute("#status", "class") or "")
    status = run(page, "INSERT DATA { <https://x.org/a> <https://x.org/b> 1 }")
    assert status.startswith("403: updates are not allowed"), status


def test_ready_made_question(page: Any) -> None:
    page.select_option("#named", "papers-using")
    page.fill("#params input[name=dataset]", "gsm-8k")
    page.click("#run")
    page.wait_for_function("() => document.getElementById('status').textContent"
                           ".endsWith('rows')")
    assert page.text_content("#status") == "2 rows"
    titles = page.eval_on_selector_all("#result tr td:first-child",
                                       "cells => cells.map(c => c.textContent)")
    assert sorted(titles) == sorted(["Alpha", XSS])
