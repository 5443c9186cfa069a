"""kg diff: papers, entities and links that appeared or disappeared between two graphs."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg.cli import main
from kg.diff import DIFF_NS, diff_graphs, diff_text, diff_turtle

PRE = """@prefix kg: <https://example.org/kg/ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix : <https://example.org/kg/id/> .
"""
OLD = PRE + """
:p1 a kg:Paper ; dcterms:title "Paper One" ; kg:uses :gsm8k ; kg:introduces :lora .
:p2 a kg:Paper ; dcterms:title "Paper Two" ; kg:uses :gsm8k ;
    kg:hasRepository <https://github.com/a/b> .
:gsm8k a kg:Dataset ; rdfs:label "GSM8K" .
:lora a kg:Method ; rdfs:label "LoRA" .
<https://github.com/a/b> a kg:Repository ; rdfs:label "a/b" .
"""
NEW = PRE + """
:p1 a kg:Paper ; dcterms:title "Paper One" ; kg:uses :gsm8k , :cot .
:p3 a kg:Paper ; dcterms:title "Paper Three" ; kg:uses :gsm8k .
:gsm8k a kg:Dataset ; rdfs:label "GSM8K" .
:cot a kg:Method ; rdfs:label "chain-of-thought" .
"""
ID = "https://example.org/kg/id/"


def _g(text: str) -> Graph:
    return Graph().parse(data=text, format="turtle")


def test_appeared_and_disappeared_by_hand() -> None:
    d = diff_graphs(_g(OLD), _g(NEW))
    assert d.papers.appeared == [ID + "p3"]
    assert d.papers.disappeared == [ID + "p2"]
    assert (d.papers.before, d.papers.after) == (2, 2)
    assert d.entities.appeared == [ID + "cot"]
    assert d.entities.disappeared == [ID + "lora", "https://github.com/a/b"]
    assert (d.entities.before, d.entities.after) == (3, 2)
    assert d.links.appeared == [(ID + "p1", "uses", ID + "cot"),
                                (ID + "p3", "uses", ID + "gsm8k")]
    assert d.links.disappeared == [(ID + "p1", "introduces", ID + "lora"),
                                   (ID + "p2", "hasRepository", "https://github.com/a/b"),
                                   (ID + "p2", "uses", ID + "gsm8k")]
    assert not d.empty


def test_a_role_change_is_one_link_gone_and_one_new() -> None:
    changed = OLD.replace("kg:introduces :lora", "kg:comparesWith :lora")
    d = diff_graphs(_g(OLD), _g(changed))
    assert d.links.appeared == [(ID + "p1", "comparesWith", ID + "lora")]
    assert d.links.disappeared == [(ID + "p1", "introduces", ID + "lora")]
    assert d.papers.appeared == d.entities.appeared == []


def test_same_graph_is_empty() -> None:
    d = diff_graphs(_g(OLD), _g(OLD))
    assert d.empty
    assert diff_text(d).splitlines() == [
        "papers    +0      -0      (2 -> 2)",
        "entities  +0      -0      (3 -> 3)",
        "links     +0      -0      (4 -> 4)",
        "no paper, entity or link appeared or disappeared",
    ]


def test_text_lists_items_with_names_and_a_limit() -> None:
    text = diff_text(diff_graphs(_g(OLD), _g(NEW)), limit=2)
    lines = text.splitlines()
    assert lines[0] == "papers    +1      -1      (2 -> 2)"
    assert lines[2] == "links     +2      -3      (4 -> 3)"
    assert f"  + Paper Three  <{ID}p3>" in lines
    assert f"  - LoRA (Method)  <{ID}lora>" in lines
    assert "  + Paper One  uses  chain-of-thought (Method)" in lines
    assert "  - Paper One  introduces  LoRA (Method)" in lines
    assert "links disappeared (3)" in lines
    assert "  ... 1 more (-n 0 shows all)" in lines
    assert "... " not in diff_text(diff_graphs(_g(OLD), _g(NEW)), limit=0)


def test_turtle_answers_sparql() -> None:
    ttl = diff_turtle(diff_graphs(_g(OLD), _g(NEW)))
    assert ttl == diff_turtle(diff_graphs(_g(OLD), _g(NEW)))  # deterministic
    g = _g(ttl)
    q = f"""PREFIX kg: <https://example.org/kg/ns#> PREFIX kgdiff: <{DIFF_NS}>
    SELECT ?p ?role ?e WHERE {{ ?s a rdf:Statement ; kgdiff:change kgdiff:CHANGE ;
        rdf:subject ?p ; rdf:predicate ?role ; rdf:object ?e }} ORDER BY ?p ?role ?e"""
    got = [tuple(str(x).rsplit("/", 1)[-1].rsplit("#", 1)[-1] for x in row)
           for row in g.query(q.replace("CHANGE", "appeared"))]
    assert got == [("p1", "uses", "cot"), ("p3", "uses", "gsm8k")]
    gone = [tuple(str(x).rsplit("#", 1)[-1] for x in row)
            for row in g.query(q.replace("CHANGE", "disappeared"))]
    assert len(gone) == 3
    nodes = {(str(s).rsplit("/", 1)[-1], str(o).rsplit("#", 1)[-1])
             for s, o in g.query(f"""PREFIX kgdiff: <{DIFF_NS}>
             SELECT ?s ?c WHERE {{ ?s kgdiff:change ?c FILTER(!isBlank(?s))
                                  FILTER NOT EXISTS {{ ?s a rdf:Statement }} }}""")}
    assert nodes == {("p3", "appeared"), ("p2", "disappeared"), ("cot", "appeared"),
                     ("lora", "disappeared"), ("b", "disappeared")}
    assert ("chain-of-thought" in ttl) and ("Paper Two" in ttl)


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old.ttl", tmp_path / "new.nt"
    old.write_text(OLD, encoding="utf-8")
    _g(NEW).serialize(new, format="nt", encoding="utf-8")  # formats may differ
    return old, new


def test_cli_text_and_turtle(files: tuple[Path, Path], tmp_path: Path) -> None:
    old, new = files
    runner = CliRunner()
    res = runner.invoke(main, ["diff", str(old), str(new)])
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("papers    +1      -1      (2 -> 2)\n")
    assert "+ Paper Three" in res.stdout
    out = tmp_path / "d.ttl"
    res = runner.invoke(main, ["diff", str(old), str(new), "--format", "turtle", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8") == diff_turtle(diff_graphs(_g(OLD), _g(NEW)))
    missing = runner.invoke(main, ["diff", str(old), str(tmp_path / "nope.ttl")])
    assert missing.exit_code == 4
    assert "nope.ttl" in missing.stderr and "Traceback" not in missing.output


def test_cli_diff_of_two_builds(tmp_path: Path) -> None:
    """A build of the sample corpus against one with a paper fewer: that paper and its
    links disappear, nothing appears."""
    import json

    from kg.ingest import dedupe, read_papers, sample_paths

    papers = dedupe(read_papers(sample_paths()))[:6]
    corpus = tmp_path / "c.jsonl"

    def write(ps):  # type: ignore[no-untyped-def]
        corpus.write_text("".join(json.dumps({"id": p.arxiv_id, "title": p.title,
                                              "abstract": p.abstract}) + "\n" for p in ps),
                          encoding="utf-8")

    runner = CliRunner()
    write(papers)
    assert runner.invoke(main, ["build", str(corpus), "-o", str(tmp_path / "a.ttl"),
                                "-q", "--no-cache"]).exit_code == 0
    write(papers[:5])
    assert runner.invoke(main, ["build", str(corpus), "-o", str(tmp_path / "b.ttl"),
                                "-q", "--no-cache"]).exit_code == 0
    d = diff_graphs(_g((tmp_path / "a.ttl").read_text(encoding="utf-8")),
                    _g((tmp_path / "b.ttl").read_text(encoding="utf-8")))
    assert len(d.papers.disappeared) == 1 and d.papers.appeared == []
    assert d.old.papers[d.papers.disappeared[0]] == papers[5].title
    assert d.links.appeared == []
    assert d.links.disappeared and all(t[0] == d.papers.disappeared[0]
                                       for t in d.links.disappeared)


TRICKY = PRE + """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
:p1 a kg:Paper ; rdfs:label "Label only" ; kg:mentions _:b .
:p2 a kg:Paper ; dcterms:title "Zeta" , "Alpha" ; rdfs:label "ignored" .
:m a kg:Model , kg:Method ; skos:prefLabel "Pref" .
:d a kg:Dataset ; rdfs:label "b" , "a" ; skos:prefLabel "p" .
_:b a kg:Task ; rdfs:label "blank" .
:n a kg:Paper .
"""


@pytest.mark.parametrize("text", [OLD, NEW, TRICKY])
def test_streamed_snapshot_is_the_rdflib_snapshot(tmp_path: Path, text: str) -> None:
    """kg diff reads files in one Oxigraph stream: the same snapshot as through rdflib
    (first class in order, smallest title or label, blank nodes left out)."""
    from kg.diff import snapshot, snapshot_file

    path = tmp_path / "g.ttl"
    path.write_text(text, encoding="utf-8")
    assert snapshot_file(str(path)) == snapshot(_g(text))


def test_streamed_snapshot_of_the_sample(sample) -> None:  # type: ignore[no-untyped-def]
    from kg.diff import snapshot, snapshot_file

    assert snapshot_file(str(sample.path)) == snapshot(sample.graph)


def test_unreadable_for_oxigraph_falls_back(tmp_path: Path) -> None:
    from kg.diff import snapshot_file

    path = tmp_path / "g.weird"
    path.write_text(OLD, encoding="utf-8")
    assert snapshot_file(str(path)) is None
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    assert snapshot_file(str(bad)) is None
