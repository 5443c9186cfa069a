"""The ``kg viz`` page in a real headless Chromium: offline, drawn, and safe against markup in
the data. Skipped (see conftest) when /usr/bin/chromium or playwright is missing."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import WATCH
from click.testing import CliRunner

from kg.cli import main

pytestmark = pytest.mark.browser

DRAW_TIMEOUT_MS = 60_000
XSS_TITLE = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'


class Page:
    """A page that records every request, page error and console error."""

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 800})
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.console_errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.console_errors.append(m.text)
                     if m.type == "error" else None)
        self.page.add_init_script(WATCH)

    def open(self, html: Path) -> Any:
        self.page.goto(html.resolve().as_uri(), wait_until="load")
        self.page.wait_for_function('() => document.body.dataset.drawn === "true"',
                                    timeout=DRAW_TIMEOUT_MS)
        return self.page

    def assert_offline_and_clean(self) -> None:
        remote = [u for u in self.requests if not u.startswith(("file:", "data:"))]
        assert not remote, f"the page made network requests: {remote}"
        assert not self.errors, f"page errors: {self.errors}"
        assert self.page.evaluate("window.__csp") == [], "Content-Security-Policy violations"
        assert not self.console_errors, f"console errors: {self.console_errors}"


@pytest.fixture
def page(browser: Any) -> Iterator[Page]:
    p = Page(browser)
    try:
        yield p
    finally:
        p.context.close()


def test_sample_page_draws_offline(page: Page, sample_html: Path, sample_graph: Any,
                                   drawable_nodes: Any, tmp_path: Path) -> None:
    pg = page.open(sample_html)
    expected = drawable_nodes(sample_graph)
    assert expected > 289
    assert pg.evaluate("window.kgNodes.length") == expected
    assert pg.evaluate("window.kgNetwork.body.data.nodes.length") == expected
    n_papers = pg.evaluate("window.kgNodes.get({filter: n => n.group === 'Paper'}).length")
    assert n_papers == 289
    status = pg.inner_text("#status")
    assert status.startswith(f"{expected} nodes, ")
    legend = pg.inner_text("#legend")
    assert "Paper (289)" in legend
    canvas = pg.query_selector("#mynetwork canvas")
    assert canvas is not None and canvas.bounding_box()["width"] > 100
    shot = tmp_path / "sample.png"
    pg.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    page.assert_offline_and_clean()


def test_sample_page_search_and_filter(page: Page, sample_html: Path) -> None:
    pg = page.open(sample_html)
    label = pg.evaluate("window.kgNodes.get({filter: n => n.group === 'Dataset'})[0].full")
    pg.fill("#search", label)
    pg.press("#search", "Enter")
    selected = pg.evaluate("window.kgNetwork.getSelectedNodes()"
                           ".map(id => window.kgNodes.get(id).full)")
    assert selected and all(label.lower() in s.lower() for s in selected)
    pg.uncheck("#legend input[data-type=Paper]")
    hidden = pg.evaluate("window.kgNodes.get({filter: n => n.group === 'Paper'})"
                         ".every(n => n.hidden === true)")
    assert hidden
    page.assert_offline_and_clean()


@pytest.fixture(scope="module")
def xss_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kg.io import write_graph
    from kg.pipeline import build

    root = tmp_path_factory.mktemp("xss")
    src = root / "papers.jsonl"
    rec = {"id": "2401.00001", "title": XSS_TITLE,
           "abstract": "We propose XssNet, a model trained on GSM8K and compared with GPT-4. "
                       "Code: https://github.com/evil/xss."}
    src.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    res = build([str(src)])
    ttl = root / "kg.ttl"
    write_graph(res.graph, ttl)
    out = root / "kg.html"
    cli = CliRunner().invoke(main, ["viz", "-g", str(ttl), "-o", str(out)])
    assert cli.exit_code == 0, cli.output
    return out


def test_markup_in_titles_is_never_run(page: Page, xss_html: Path, tmp_path: Path) -> None:
    pg = page.open(xss_html)
    node_id = pg.evaluate(
        "(t) => window.kgNodes.get({filter: n => n.full === t}).map(n => n.id)", XSS_TITLE)
    assert len(node_id) == 1, "the paper node is missing or its title was altered"
    node_id = node_id[0]
    # a real click on the node, where it is drawn
    pos = pg.evaluate("""(id) => {
        const net = window.kgNetwork;
        net.fit({animation: false});
        const p = net.canvasToDOM(net.getPositions([id])[id]);
        const r = document.getElementById("mynetwork").getBoundingClientRect();
        return {x: r.left + p.x, y: r.top + p.y};
    }""", node_id)
    pg.mouse.move(pos["x"], pos["y"])
    # hovering shows the node's title in vis-network's tooltip: as text, not markup
    pg.wait_for_function("() => { const t = document.querySelector('.vis-tooltip'); "
                         "return !!t && t.style.visibility === 'visible'; }", timeout=10_000)
    tip = pg.evaluate("document.querySelector('.vis-tooltip').innerText")
    assert tip.splitlines()[0] == "Paper: " + XSS_TITLE
    assert "arXiv: 2401.00001" in tip.splitlines()[1]  # date and links under the title
    # the lines are separated by <br>, the only elements a tooltip may hold
    assert pg.evaluate("[...document.querySelector('.vis-tooltip').children]"
                       ".every(e => e.tagName === 'BR')")
    pg.mouse.click(pos["x"], pos["y"])
    pg.wait_for_timeout(200)
    if pg.evaluate("window.kgNetwork.getSelectedNodes()") != [node_id]:
        # fall back to the event the click handler listens for
        pg.evaluate("""(id) => {
            window.kgNetwork.selectNodes([id]);
            window.kgNetwork.body.emitter.emit("click", {nodes: [id], edges: [],
                                                         pointer: {DOM: {x: 0, y: 0}}});
        }""", node_id)
    assert pg.inner_text("#info h3") == XSS_TITLE  # shown as text, verbatim
    assert pg.evaluate("document.querySelectorAll('#info img, #info script').length") == 0
    assert pg.evaluate("document.querySelectorAll('img').length") == 0
    assert pg.evaluate("typeof window.__xss") == "undefined"
    pg.screenshot(path=str(tmp_path / "xss.png"))
    page.assert_offline_and_clean()


# ------------------------------------------------------------------ focused views, big views


def _viz(graph: Path, out: Path, *args: str) -> Path:
    res = CliRunner().invoke(main, ["viz", "-g", str(graph), "-o", str(out), *args])
    assert res.exit_code == 0, res.output
    return out


def _expected(graph: Any, view: Any) -> set[str]:
    from kg.analytics import pagerank, to_networkx
    from kg.viz import select

    G = to_networkx(graph)
    nodes, _ = select(graph, G, pagerank(G), view)
    return nodes


def _drawn_iris(pg: Any) -> set[str]:
    return set(pg.evaluate("window.kgNetwork.body.data.nodes.get().map(n => n.iri)"))


def test_focus_view_draws_the_neighbourhood(page: Page, sample_path: Path, sample_graph: Any,
                                            tmp_path: Path) -> None:
    from kg.viz import View

    html = _viz(sample_path, tmp_path / "focus.html", "--focus", "GSM8K", "--depth", "1")
    pg = page.open(html)
    expected = _expected(sample_graph, View(focus=("GSM8K",), depth=1))
    n_papers = sum(1 for n in expected if n != "https://example.org/kg/id/dataset/gsm8k")
    assert len(expected) == n_papers + 1 > 50  # GSM8K and the papers linking it
    assert _drawn_iris(pg) == expected
    assert pg.evaluate("window.kgNodes.get({filter: n => n.group !== 'Paper'})"
                       ".map(n => n.full)") == ["GSM8K"]
    assert "GSM8K and the nodes within 1 link" in pg.inner_text("#caption")
    pg.screenshot(path=str(tmp_path / "focus-gsm8k.png"))
    page.assert_offline_and_clean()


def test_community_and_query_views(page: Page, sample_path: Path, sample_graph: Any,
                                   tmp_path: Path) -> None:
    from kg.viz import View

    pg = page.open(_viz(sample_path, tmp_path / "c1.html", "--community", "1"))
    assert _drawn_iris(pg) == _expected(sample_graph, View(community=1))
    assert pg.inner_text("#caption").startswith("community 1 of ")
    pg.screenshot(path=str(tmp_path / "community-1.png"))
    page.assert_offline_and_clean()
    q = tmp_path / "q.rq"
    q.write_text("SELECT ?p ?d WHERE { ?p kg:uses ?d . ?d rdfs:label 'MATH' }",
                 encoding="utf-8")
    pg = page.open(_viz(sample_path, tmp_path / "q.html", "--query", str(q)))
    expected = _expected(sample_graph, View(query=q.read_text(encoding="utf-8")))
    assert _drawn_iris(pg) == expected and len(expected) > 10
    pg.screenshot(path=str(tmp_path / "query-math.png"))
    page.assert_offline_and_clean()


def test_cut_view_with_precomputed_layout(page: Page, sample_path: Path, sample_graph: Any,
                                          tmp_path: Path) -> None:
    from kg.viz import View

    pg = page.open(_viz(sample_path, tmp_path / "top.html", "--max-nodes", "600",
                        "--top", "150"))
    expected = _expected(sample_graph, View(max_nodes=600, top=150))
    from kg.analytics import to_networkx
    from kg.viz import PHYSICS_LIMIT

    G = to_networkx(sample_graph)
    ents = {n for n in expected if G.nodes[n]["type"] != "Paper"}
    # room for every paper of the 150 entities: all of them are drawn, nothing else
    assert len(ents) == 150
    assert expected - ents == {p for e in ents for p in G[e] if G.nodes[p]["type"] == "Paper"}
    assert PHYSICS_LIMIT < len(expected) <= 600
    assert _drawn_iris(pg) == expected
    assert pg.evaluate("window.kgNodes.get({filter: n => n.group !== 'Paper'}).length") == 150
    # positions come from Python and physics stays off: nothing moves after drawing
    assert pg.evaluate("window.kgNodes.get().every(n => typeof n.x === 'number')")
    before = pg.evaluate("JSON.stringify(window.kgNetwork.getPositions())")
    pg.wait_for_timeout(500)
    assert pg.evaluate("JSON.stringify(window.kgNetwork.getPositions())") == before
    assert "cut to the top 150 entities by PageRank" in pg.inner_text("#caption")
    pg.screenshot(path=str(tmp_path / "top-600.png"))
    page.assert_offline_and_clean()


# ------------------------------------------------------------------ kg report


def test_report_page_offline_with_charts(page: Page, sample_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    res = CliRunner().invoke(main, ["report", "-g", str(sample_path), "-o", str(out)])
    assert res.exit_code == 0, res.output
    p = page.page
    p.goto(out.resolve().as_uri(), wait_until="load")
    assert p.evaluate("document.scripts.length") == 0
    charts = p.evaluate("[...document.querySelectorAll('figure')].map(f => "
                        "[f.querySelector('figcaption').textContent, "
                        "f.querySelectorAll('svg rect').length])")
    by_title = dict(charts)
    assert by_title["Nodes per type"] == 6
    assert by_title["Top datasets by papers"] == 10
    assert by_title["Largest communities (nodes)"] == 10
    assert by_title["Papers by number of repositories"] == 4
    # bars really are drawn: the widest bar of a chart is as wide as its plot area
    widths = p.evaluate("[...document.querySelectorAll('figure')[1].querySelectorAll('rect')]"
                        ".map(r => r.getBoundingClientRect().width)")
    assert max(widths) > 250 and min(widths) > 0
    assert p.inner_text("h1") == "kg report"
    shot = tmp_path / "report.png"
    p.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000
    page.assert_offline_and_clean()
