"""kg.trends on small hand-made graphs: dates from dcterms:date and arXiv ids, papers per
period, rising entities worked out by hand, and ``kg stats`` trends end to end."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from rdflib import DCTERMS, RDF, RDFS, Graph, Literal, Namespace

from kg.analytics import to_networkx
from kg.cli import main
from kg.ontology import KG
from kg.trends import arxiv_month, paper_months, papers_per_period, periods, rising, trends

EX = Namespace("https://example.org/kg/id/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # not rdflib.XSD: it warns on probing


@pytest.mark.parametrize(("arxiv_id", "month"), [
    ("2305.01234", "2023-05"),
    ("2305.01234v2", "2023-05"),
    ("0704.0001", "2007-04"),       # the first new-style month
    ("1412.6980", "2014-12"),
    ("0703.1234", None),            # new-style ids did not exist yet
    ("2313.00001", None),           # no month 13
    ("cs/9901001", "1999-01"),
    ("math.AG/0601001", "2006-01"),
    ("hep-th/9107001", "1991-07"),
    ("GSM8K", None),
    ("", None),
])
def test_arxiv_month(arxiv_id: str, month: str | None) -> None:
    assert arxiv_month(arxiv_id) == month


@given(st.integers(7, 99), st.integers(1, 12), st.integers(0, 99999))
def test_arxiv_month_of_any_new_style_id(yy: int, mm: int, num: int) -> None:
    aid = f"{yy:02d}{mm:02d}.{num:05d}"
    expected = None if (yy, mm) < (7, 4) else f"{2000 + yy}-{mm:02d}"
    assert arxiv_month(aid) == expected


@given(st.text(max_size=20))
def test_arxiv_month_never_raises(s: str) -> None:
    m = arxiv_month(s)
    assert m is None or (len(m) == 7 and m[4] == "-")


def dated_graph() -> Graph:
    """Six papers: p1, p2 in 2019; p3, p4 in 2020; p5, p6 in 2021 (by date or arXiv id);
    p7 undated. X is linked by p1, p5, p6; Y by p1, p2, p3, p5; Z by p6; W by p7."""
    g = Graph()
    dates = {"p1": ("2019-02-01", None), "p2": (None, "1905.00002"),
             "p3": ("2020-07-09", "1801.00001"),  # the date wins over the arXiv id
             "p4": (None, "2012.00004"), "p5": ("2021-01-31", None), "p6": (None, "2111.00006"),
             "p7": (None, None)}
    for p, (date, aid) in dates.items():
        g.add((EX[p], RDF.type, KG.Paper))
        g.add((EX[p], DCTERMS.title, Literal(f"Paper {p}")))
        if date:
            g.add((EX[p], DCTERMS.date, Literal(date, datatype=XSD.date)))
        if aid:
            g.add((EX[p], KG.arxivId, Literal(aid)))
    for e, t in (("x", "Method"), ("y", "Dataset"), ("z", "Model"), ("w", "Task")):
        g.add((EX[e], RDF.type, KG[t]))
        g.add((EX[e], RDFS.label, Literal(e.upper())))
    for p, e in (("p1", "x"), ("p5", "x"), ("p6", "x"), ("p1", "y"), ("p2", "y"), ("p3", "y"),
                 ("p5", "y"), ("p6", "z"), ("p7", "w")):
        g.add((EX[p], KG.uses, EX[e]))
    return g


def test_paper_months_date_first_then_arxiv_id() -> None:
    assert paper_months(dated_graph()) == {
        str(EX.p1): "2019-02", str(EX.p2): "2019-05", str(EX.p3): "2020-07",
        str(EX.p4): "2020-12", str(EX.p5): "2021-01", str(EX.p6): "2021-11"}


def test_periods_and_gaps_filled() -> None:
    months = {"a": "2019-11", "b": "2020-02", "c": "2020-02"}
    assert periods(months, "year") == {"a": "2019", "b": "2020", "c": "2020"}
    assert papers_per_period(periods(months, "month")) == [
        {"period": "2019-11", "papers": 1}, {"period": "2019-12", "papers": 0},
        {"period": "2020-01", "papers": 0}, {"period": "2020-02", "papers": 2}]
    assert papers_per_period({"a": "2017", "b": "2019"}) == [
        {"period": "2017", "papers": 1}, {"period": "2018", "papers": 0},
        {"period": "2019", "papers": 1}]
    assert papers_per_period({}) == []
    with pytest.raises(ValueError):
        periods(months, "week")


def test_rising_by_hand() -> None:
    g = dated_graph()
    G = to_networkx(g)
    per = periods(paper_months(g), "year")
    # recent = 2021: p5, p6 (R = 2); before: p1-p4 (B = 4)
    # X: 2 of 2 recent vs 1 of 4 before -> 1.0 - 0.25 = +0.75
    # Z: 1 of 2 vs 0 of 4 -> +0.5;  Y: 1 of 2 vs 3 of 4 -> -0.25
    out = rising(G, per, recent=1, min_papers=1)
    assert out["recent_periods"] == ["2021"] and out["before_periods"] == ["2019", "2020"]
    assert (out["recent_papers"], out["before_papers"]) == (2, 4)
    rows = [(r["label"], r["recent"], r["before"], r["share_recent"], r["share_before"],
             r["change"]) for r in out["top"]]
    assert rows == [("X", 2, 1, 1.0, 0.25, 0.75), ("Z", 1, 0, 0.5, 0.0, 0.5),
                    ("Y", 1, 3, 0.5, 0.75, -0.25)]
    # at least two recent papers: only X
    assert [r["label"] for r in rising(G, per, recent=1)["top"]] == ["X"]
    # one type only
    assert [r["label"] for r in rising(G, per, recent=1, min_papers=1, etype="Dataset")["top"]] \
        == ["Y"]
    # recent = 2020-2021 (R = 4: p3-p6), before = 2019 (B = 2: p1, p2)
    # X: 2/4 - 1/2 = 0;  Y: 2/4 - 2/2 = -0.5;  Z: 1/4 - 0 = +0.25
    two = rising(G, per, recent=2, min_papers=1)
    assert [(r["label"], r["change"]) for r in two["top"]] == [("Z", 0.25), ("X", 0.0),
                                                              ("Y", -0.5)]


def test_rising_needs_earlier_periods() -> None:
    g = dated_graph()
    G = to_networkx(g)
    per = periods(paper_months(g), "year")
    out = rising(G, per, recent=3, min_papers=1)
    assert out["top"] == [] and out["before_periods"] == []
    assert rising(G, {}, recent=2)["top"] == []


def test_trends_counts_dated_and_undated() -> None:
    g = dated_graph()
    out = trends(g, to_networkx(g), recent=1, min_papers=1)
    assert (out["dated"], out["undated"]) == (6, 1)
    assert [(r["period"], r["papers"]) for r in out["per_period"]] == [
        ("2019", 2), ("2020", 2), ("2021", 2)]
    monthly = trends(g, to_networkx(g), granularity="month")
    assert monthly["per_period"][0] == {"period": "2019-02", "papers": 1}
    assert len(monthly["per_period"]) == 34  # 2019-02 .. 2021-11
    assert sum(r["papers"] for r in monthly["per_period"]) == 6


def test_trends_deterministic_and_independent_of_triple_order() -> None:
    g = dated_graph()
    shuffled = Graph()
    for t in sorted(g, key=str, reverse=True):
        shuffled.add(t)
    assert trends(g, to_networkx(g), recent=1, min_papers=1) == \
        trends(shuffled, to_networkx(shuffled), recent=1, min_papers=1)


def test_kg_stats_reports_trends(tmp_path: Path) -> None:
    path = tmp_path / "dated.ttl"
    dated_graph().serialize(path, format="turtle")
    runner = CliRunner()
    res = runner.invoke(main, ["stats", "-g", str(path), "--json", "--recent", "1",
                               "--min-count", "1"])
    assert res.exit_code == 0, res.output
    tr = json.loads(res.output)["trends"]
    assert tr["dated"] == 6 and tr["rising"]["top"][0]["label"] == "X"
    text = runner.invoke(main, ["stats", "-g", str(path), "--recent", "1", "--min-count", "1"])
    assert text.exit_code == 0, text.output
    assert "Papers per year (6 dated, 1 undated)" in text.output
    assert re.search(r"^  2019 +2  #{40}$", text.output, re.M)
    assert "Rising entities (2021-2021: 2 papers; before: 4;" in text.output
    assert "X  Method   100.0% vs  25.0%  +75.0 pts (2 vs 1 papers)" in text.output
    monthly = runner.invoke(main, ["stats", "-g", str(path), "--period", "month", "--json"])
    assert json.loads(monthly.output)["trends"]["granularity"] == "month"
    bad = runner.invoke(main, ["stats", "-g", str(path), "--period", "week"])
    assert bad.exit_code == 2


def test_kg_build_then_stats_dates_from_arxiv_ids(tmp_path: Path) -> None:
    src = tmp_path / "papers.jsonl"
    recs = [{"id": "1905.00001", "title": "Old paper one",
             "abstract": "We evaluate BERT on SQuAD and GLUE."},
            {"id": "2104.00002", "title": "New paper two",
             "abstract": "We fine-tune Llama 2 on GSM8K with LoRA."},
            {"id": "2105.00003", "title": "New paper three",
             "abstract": "We evaluate GPT-4 on GSM8K with chain-of-thought prompting."}]
    src.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    out = tmp_path / "kg.ttl"
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(src), "-o", str(out), "-q"]).exit_code == 0
    res = runner.invoke(main, ["stats", "-g", str(out), "--json", "--recent", "1"])
    assert res.exit_code == 0, res.output
    tr = json.loads(res.output)["trends"]
    assert [(r["period"], r["papers"]) for r in tr["per_period"]] == [
        ("2019", 1), ("2020", 0), ("2021", 2)]
    top = {r["label"]: r for r in tr["rising"]["top"]}
    assert top["GSM8K"]["recent"] == 2 and top["GSM8K"]["change"] == 1.0
