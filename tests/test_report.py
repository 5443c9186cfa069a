"""kg.htmlreport (``kg report``): inline SVG charts with hand-computed bars, code coverage by
hand, every text escaped, no script and no remote resource."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import DCTERMS, RDF, RDFS, Graph, Literal, Namespace, URIRef

from kg.cli import main
from kg.htmlreport import bar_chart, code_coverage, column_chart, report_html
from kg.ontology import KG
from kg.trends import paper_months, periods

EX = Namespace("https://example.org/kg/id/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
EVIL = '<script>alert(1)</script><img src=x onerror="alert(2)">'


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Tags:
    t = Tags()
    t.feed(html)
    return t


def rects(html: str) -> list[dict[str, str | None]]:
    return [a for t, a in parse(html).tags if t == "rect"]


def test_bar_chart_lengths_by_hand() -> None:
    # plot area = 640 - 260 (labels) - 90 (values) = 290 px; the largest value fills it
    svg = bar_chart([("a", 10, "#111"), ("b", 5, "#222"), ("c", 0, "#333")], title="T")
    r = rects(svg)
    assert [x["width"] for x in r] == ["290.0", "145.0", "0.0"]
    assert [x["data-value"] for x in r] == ["10", "5", "0"]
    assert [x["fill"] for x in r] == ["#111", "#222", "#333"]
    assert [x["y"] for x in r] == ["7", "29", "51"]  # 4 + 22 i + 3
    assert "<figcaption>T</figcaption>" in svg
    assert bar_chart([], title="T") == '<p class="empty">T: nothing to show.</p>'


def test_column_chart_heights_by_hand() -> None:
    # 170 px for the largest value; columns 80% of (640 - 50 - 10) / 4 = 145 px wide
    svg = column_chart([("2019", 4), ("2020", 0), ("2021", 2), ("2022", 1)], title="P")
    r = rects(svg)
    assert [x["height"] for x in r] == ["170.0", "0.0", "85.0", "42.5"]
    assert [x["width"] for x in r] == ["116.0"] * 4
    assert [x["y"] for x in r] == ["20.0", "190.0", "105.0", "147.5"]
    ticks = re.findall(r'class="tick">([^<]*)<', svg)
    assert ticks == ["2019", "2020", "2021", "2022"]


def test_chart_texts_are_escaped() -> None:
    svg = bar_chart([(EVIL, 1, '"><script>')], title=EVIL)
    assert "<script" not in svg and "<img" not in svg
    t = parse(svg)
    assert not any(tag in ("script", "img") for tag, _ in t.tags)
    assert EVIL[:30] in "".join(t.text)  # shown as text
    assert rects(svg)[0]["fill"] == '"><script>'  # an attribute value, not markup


def dated_graph() -> Graph:
    """p1 (2019, 2 repositories), p2 (2019, none), p3 (2021, 1 repository), p4 (undated, 3
    repositories); p1 and p2 use dataset D (label with markup), p3 uses model M."""
    g = Graph()
    dates = {"p1": "2019-03-01", "p2": "2019-08-01", "p3": "2021-01-05", "p4": None}
    for p, d in dates.items():
        g.add((EX[p], RDF.type, KG.Paper))
        g.add((EX[p], DCTERMS.title, Literal(f"Paper {p}")))
        if d:
            g.add((EX[p], DCTERMS.date, Literal(d, datatype=XSD.date)))
    g.add((EX.d, RDF.type, KG.Dataset))
    g.add((EX.d, RDFS.label, Literal(EVIL)))
    g.add((EX.m, RDF.type, KG.Model))
    g.add((EX.m, RDFS.label, Literal("M")))
    for p in ("p1", "p2"):
        g.add((EX[p], KG.uses, EX.d))
    g.add((EX.p3, KG.uses, EX.m))
    repos = {"p1": ["a", "b"], "p3": ["c"], "p4": ["d", "e", "f"]}
    for p, names in repos.items():
        for n in names:
            r = URIRef(f"https://github.com/o/{n}")
            g.add((r, RDF.type, KG.Repository))
            g.add((EX[p], KG.hasRepository, r))
    return g


def test_code_coverage_by_hand() -> None:
    g = dated_graph()
    cov = code_coverage(g, periods(paper_months(g), "year"))
    assert cov["histogram"] == {"0": 1, "1": 1, "2": 1, "3+": 1}
    assert cov["per_period"] == [
        {"period": "2019", "papers": 2, "with_code": 1, "share": 0.5},
        {"period": "2021", "papers": 1, "with_code": 1, "share": 1.0}]


@pytest.fixture(scope="module")
def page() -> str:
    return report_html(dated_graph(), title="Field <report>")


def test_report_is_static_offline_and_escaped(page: str) -> None:
    t = parse(page)
    assert not any(tag == "script" for tag, _ in t.tags)
    assert not any(tag == "img" for tag, _ in t.tags)
    for _, attrs in t.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), name
            if name in ("src", "href"):
                assert not re.match(r"\s*(https?:)?//", value or ""), value
    csp = [a["content"] for tag, a in t.tags if tag == "meta"
           and (a.get("http-equiv") or "").lower() == "content-security-policy"]
    assert len(csp) == 1 and "default-src 'none'" in (csp[0] or "")
    assert "<title>Field &lt;report&gt;</title>" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_report_charts_carry_the_figures(page: str) -> None:
    figs = re.findall(r"<figure><figcaption>(.*?)</figcaption>(.*?)</figure>", page, re.S)
    by_title = {title: [r["data-value"] for r in rects(body)] for title, body in figs}
    assert by_title["Nodes per type"] == ["4", "1", "1", "0", "0", "6"]
    assert by_title["Top datasets by papers"] == ["2"]
    assert by_title["Top models by papers"] == ["1"]
    assert by_title["Papers per year"] == ["2", "0", "1"]  # 2019, 2020 (none), 2021
    assert by_title["Papers by number of repositories"] == ["1", "1", "1", "1"]
    assert by_title["Share of papers with code (%)"] == ["50.0", "100.0"]
    assert "3 papers dated (by <code>dcterms:date</code> or arXiv id), 1 undated." in page


def test_report_without_dates_says_so(tmp_path: Path) -> None:
    g = dated_graph()
    g.remove((None, DCTERMS.date, None))
    html = report_html(g)
    assert "No paper carries a date or an arXiv id: no trends." in html
    assert "Papers per year" not in html


def test_kg_report_command(tmp_path: Path) -> None:
    src = tmp_path / "g.ttl"
    dated_graph().serialize(src, format="turtle")
    out = tmp_path / "r" / "report.html"
    res = CliRunner().invoke(main, ["report", "-g", str(src), "-o", str(out), "-n", "1",
                                    "--title", "T"])
    assert res.exit_code == 0, res.output
    assert res.output.startswith(f"wrote {out} (")
    html = out.read_text(encoding="utf-8")
    assert "<h1>T</h1>" in html
    assert [p for p in out.parent.iterdir()] == [out]  # no temporary file left behind
    missing = CliRunner().invoke(main, ["report", "-g", str(tmp_path / "none.ttl"), "-o",
                                        str(tmp_path / "x.html")])
    assert missing.exit_code == 4 and not (tmp_path / "x.html").exists()
