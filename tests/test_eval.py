"""Scoring against gold annotations (kg.evaluate, ``kg eval``) and agreement with score.py."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, URIRef

from kg.cli import main
from kg.errors import GraphError, InputError
from kg.evaluate import evaluate, repo_key, report_text

EVAL_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval"
SCORE_PY = EVAL_DIR / "score.py"
DEV = EVAL_DIR / "dev.jsonl"
SCORED_KEYS = ("Model", "Dataset", "Method", "Task", "Repository", "introduced", "entities_micro")
PAPER_KEYS = ("papers_gold", "papers_found", "graph_papers")
FIGURES = ("P", "R", "F1", "tp", "fp", "fn")

needs_eval = pytest.mark.skipif(not (SCORE_PY.is_file() and DEV.is_file()),
                                reason=f"no shared evaluation files in {EVAL_DIR}")


def score_py(graph: Path, gold: Path) -> dict[str, Any]:
    out = subprocess.run([sys.executable, str(SCORE_PY), str(graph), str(gold), "--json"],
                         capture_output=True, text=True, timeout=300, check=True)
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def assert_agree(ours: dict[str, Any], theirs: dict[str, Any]) -> None:
    """Every figure score.py reports is reported by kg, with the same value."""
    assert set(theirs) >= set(SCORED_KEYS) | set(PAPER_KEYS)  # score.py still reports these
    for key, value in theirs.items():
        assert key in ours, key
        if isinstance(value, dict):
            assert {f: ours[key][f] for f in value} == value, key
        else:
            assert ours[key] == value, key


# ------------------------------------------------------------------ the sample graph


@pytest.fixture(scope="module")
def sample_scores(sample_path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    if not (SCORE_PY.is_file() and DEV.is_file()):
        pytest.skip(f"no shared evaluation files in {EVAL_DIR}")
    res = CliRunner().invoke(main, ["eval", str(DEV), "-g", str(sample_path), "--json"])
    assert res.exit_code == 0, res.stderr
    return json.loads(res.stdout), score_py(sample_path, DEV)


@needs_eval
def test_kg_eval_agrees_with_score_py_on_the_sample(
        sample_scores: tuple[dict[str, Any], dict[str, Any]]) -> None:
    ours, theirs = sample_scores
    assert_agree(ours, theirs)


@needs_eval
@pytest.mark.parametrize("key", SCORED_KEYS)
def test_sample_figures_are_consistent(sample_scores: tuple[dict[str, Any], dict[str, Any]],
                                       key: str) -> None:
    ours, theirs = sample_scores
    v = ours[key]
    assert set(v) == set(FIGURES)
    assert min(v["tp"], v["fp"], v["fn"]) >= 0
    assert v == _figures(v["tp"], v["fp"], v["fn"]) == theirs[key]


@needs_eval
def test_sample_every_gold_paper_is_found(
        sample_scores: tuple[dict[str, Any], dict[str, Any]]) -> None:
    ours, _ = sample_scores
    gold = sum(1 for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip())
    assert ours["papers_gold"] == gold
    assert ours["papers_found"] == gold
    assert ours["graph_papers"] >= gold
    assert ours["entities_micro"]["tp"] > 0


# ------------------------------------------------------------------ a tiny hand-made case

TINY_TTL = """\
@prefix kg: <https://example.org/kg/ns#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://example.org/kg/id/> .

ex:p1 a kg:Paper ; dcterms:title "Tiny Paper One" ;
    kg:uses ex:gsm8k ;
    kg:introduces ex:foonet ;
    kg:comparesWith ex:gpt4 ;
    kg:mentions ex:baralign ;
    kg:addresses ex:mathreasoning ;
    kg:hasRepository <https://github.com/acme/foo>, <https://github.com/acme/extra> ;
    kg:reportsResult ex:r1, ex:r2 .
ex:p3 a kg:Paper ; dcterms:title "A Paper Nobody Annotated" ; kg:uses ex:gsm8k .

ex:gsm8k a kg:Dataset ; rdfs:label "GSM8K" ; skos:altLabel "GSM-8K" .
ex:foonet a kg:Method ; rdfs:label "FooNet" .
ex:gpt4 a kg:Model ; rdfs:label "GPT-4" .
ex:baralign a kg:Method ; rdfs:label "BarAlign" .
ex:mathreasoning a kg:Task ; rdfs:label "math reasoning" .
<https://github.com/acme/foo> a kg:Repository ;
    schema:codeRepository "https://github.com/acme/foo"^^xsd:anyURI .
<https://github.com/acme/extra> a kg:Repository ;
    schema:codeRepository "https://github.com/acme/extra"^^xsd:anyURI .
ex:r1 a kg:Result ; kg:systemName "FooNet" ; kg:value 91.5 ; kg:unit "%" .
ex:r2 a kg:Result ; kg:systemName "GPT-4" ; kg:value 80.0 ; kg:unit "%" .
"""

TINY_GOLD = [
    {"id": "T1", "title": "Tiny paper one", "entities": [
        {"name": "GSM 8K", "type": "Dataset", "role": "used", "aliases": []},
        {"name": "FooNet", "type": "Method", "role": "introduced", "aliases": []},
        {"name": "BazNet", "type": "Method", "role": "introduced", "aliases": []},
        {"name": "GPT-4", "type": "Model", "role": "compared", "aliases": ["GPT4"]},
        {"name": "LLaMA", "type": "Model", "role": "used", "aliases": []},
        {"name": "mathematical reasoning", "type": "Task", "role": "used",
         "aliases": ["math reasoning"]},
     ], "repos": ["https://github.com/acme/foo/tree/main"], "links": [],
     "results": [{"system": "FooNet", "dataset": "GSM8K", "metric": "accuracy", "value": "91.5%"},
                 {"system": "FooNet", "dataset": "GSM8K", "metric": "accuracy", "value": "12"}]},
    {"id": "T2", "title": "A Missing Paper", "entities": [
        {"name": "SomeSet", "type": "Dataset", "role": "used", "aliases": []},
     ], "repos": ["https://github.com/acme/missing"], "links": [], "results": []},
]


def _figures(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"P": round(p, 4), "R": round(r, 4), "F1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


# worked out by hand from TINY_TTL and TINY_GOLD
EXPECTED = {
    "papers_gold": 2, "papers_found": 1, "graph_papers": 2,
    "Dataset": _figures(1, 0, 1),  # GSM8K via "GSM-8K" ~ "GSM 8K"; SomeSet missed (paper absent)
    "Method": _figures(1, 1, 1),  # FooNet; BarAlign extra; BazNet missed
    "Model": _figures(1, 0, 1),  # GPT-4; LLaMA missed
    "Task": _figures(1, 0, 0),  # via the alias "math reasoning"
    "Repository": _figures(1, 1, 1),  # acme/foo (tree/main dropped); acme/extra; acme/missing
    "introduced": _figures(1, 0, 1),
    "entities_micro": _figures(4, 1, 3),
    "role:introduced": _figures(1, 0, 1),
    "role:used": _figures(2, 0, 2),  # GSM8K, the task (addresses counts as used)
    "role:compared": _figures(1, 0, 0),
    "role:mentioned": _figures(0, 1, 0),
    "results": _figures(1, 1, 1),  # FooNet 91.5 matches; GPT-4 80 extra; FooNet 12 missed
}


@pytest.fixture
def tiny(tmp_path: Path) -> tuple[Path, Path]:
    graph = tmp_path / "tiny.ttl"
    graph.write_text(TINY_TTL, encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(r) + "\n" for r in TINY_GOLD), encoding="utf-8")
    return graph, gold


def test_hand_computed_figures() -> None:
    assert EXPECTED["entities_micro"] == {"P": 0.8, "R": 0.5714, "F1": 0.6667,
                                          "tp": 4, "fp": 1, "fn": 3}


def test_tiny_graph_known_counts(tiny: tuple[Path, Path]) -> None:
    res = evaluate(str(tiny[0]), str(tiny[1]))
    assert {k: res[k] for k in EXPECTED} == EXPECTED


def test_tiny_graph_error_lists(tiny: tuple[Path, Path]) -> None:
    errors = {e["id"]: e for e in evaluate(str(tiny[0]), str(tiny[1]))["errors"]}
    assert set(errors) == {"T1", "T2"}
    assert sorted(errors["T1"]["fp"]) == ["Method: BarAlign", "Repository: github.com/acme/extra"]
    assert sorted(errors["T1"]["fn"]) == ["Method: BazNet", "Model: LLaMA"]
    assert errors["T2"]["fp"] == []
    assert sorted(errors["T2"]["fn"]) == ["Dataset: SomeSet", "Repository: github.com/acme/missing"]


TYPED_TTL = TINY_TTL.split("ex:p1 a")[0] + """
ex:p1 a kg:Paper ; dcterms:title "Tiny Paper One" ;
    kg:introduces ex:quxnet, ex:barset ; kg:uses ex:foonet .
ex:quxnet a kg:Method ; rdfs:label "QuxNet" ; skos:altLabel "Qux Network" .
ex:barset a kg:Dataset ; rdfs:label "BarSet" .
ex:foonet a kg:Method ; rdfs:label "FooNet" .
"""
TYPED_GOLD = [{"id": "T1", "title": "Tiny paper one", "entities": [
    {"name": "QuxNet", "type": "Model", "role": "introduced", "aliases": []},
    {"name": "FooNet", "type": "Method", "role": "introduced", "aliases": []},
    {"name": "BazSet", "type": "Dataset", "role": "introduced", "aliases": []},
], "repos": [], "links": [], "results": []}]


def test_introduced_error_lists(tmp_path: Path) -> None:
    # a wrong type is an introduced miss and an introduced false positive; a name the graph
    # only uses is a miss; a name the gold lacks is a false positive
    graph, gold = tmp_path / "g.ttl", tmp_path / "gold.jsonl"
    graph.write_text(TYPED_TTL, encoding="utf-8")
    gold.write_text("".join(json.dumps(r) + "\n" for r in TYPED_GOLD), encoding="utf-8")
    res = evaluate(str(graph), str(gold))
    assert res["introduced"] == _figures(0, 2, 3)
    err = res["errors"][0]
    assert sorted(err["intro_fn"]) == ["Dataset: BazSet (not in graph)",
                                       "Method: FooNet (graph: used Method)",
                                       "Model: QuxNet (graph: introduced Method)"]
    assert sorted(err["intro_fp"]) == ["Dataset: BarSet (not in gold)",
                                       "Method: QuxNet (gold: introduced Model)"]
    text = report_text(res)
    assert "  FP introduced Method: QuxNet (gold: introduced Model)" in text
    assert "  FN introduced Method: FooNet (graph: used Method)" in text


def test_tiny_introduced_error_lists(tiny: tuple[Path, Path]) -> None:
    errors = {e["id"]: e for e in evaluate(str(tiny[0]), str(tiny[1]))["errors"]}
    assert errors["T1"]["intro_fn"] == ["Method: BazNet (not in graph)"]
    assert errors["T1"]["intro_fp"] == []


def test_tiny_report_text(tiny: tuple[Path, Path]) -> None:
    res = evaluate(str(tiny[0]), str(tiny[1]))
    text = report_text(res)
    assert text.splitlines()[0] == "papers: gold 2, found in graph 1, graph has 2"
    assert "Method           P=0.500 R=0.500 F1=0.500 (tp=1 fp=1 fn=1)" in text
    assert "  FP Method: BarAlign" in text and "  FN Model: LLaMA" in text
    assert "FP" not in report_text(res, errors=False)


@needs_eval
def test_tiny_graph_agrees_with_score_py(tiny: tuple[Path, Path]) -> None:
    theirs = score_py(*tiny)
    assert {k: theirs[k] for k in SCORED_KEYS + PAPER_KEYS} == \
        {k: EXPECTED[k] for k in SCORED_KEYS + PAPER_KEYS}
    assert_agree(evaluate(str(tiny[0]), str(tiny[1])), theirs)


def _convert(tiny_ttl: Path, fmt: str, suffix: str, tmp_path: Path) -> Path:
    g = Graph().parse(tiny_ttl, format="turtle")
    out = tmp_path / f"tiny{suffix}"
    if fmt in ("trig", "nquads"):
        ds = Dataset()
        named = ds.graph(URIRef("https://example.org/kg/graph/tiny"))
        for t in g:
            named.add(t)
        ds.serialize(out, format=fmt, encoding="utf-8")
    else:
        g.serialize(out, format=fmt, encoding="utf-8")
    return out


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own Dataset internals
@pytest.mark.parametrize(("fmt", "suffix"), [
    ("nt", ".nt"), ("json-ld", ".jsonld"), ("xml", ".rdf"), ("trig", ".trig"),
    ("nquads", ".nq"),
])
def test_every_rdf_format_scores_the_same(tiny: tuple[Path, Path], tmp_path: Path, fmt: str,
                                          suffix: str) -> None:
    """score.py reads any RDF file (the union of named graphs for TriG and N-Quads)."""
    path = _convert(tiny[0], fmt, suffix, tmp_path)
    res = evaluate(str(path), str(tiny[1]))
    assert {k: res[k] for k in EXPECTED} == EXPECTED
    if SCORE_PY.is_file():
        assert_agree(res, score_py(path, tiny[1]))


def test_cli_eval_json_and_text(tiny: tuple[Path, Path]) -> None:
    res = CliRunner().invoke(main, ["eval", str(tiny[1]), "-g", str(tiny[0]), "--json"])
    assert res.exit_code == 0, res.stderr
    data = json.loads(res.stdout)
    assert {k: data[k] for k in EXPECTED} == EXPECTED
    res = CliRunner().invoke(main, ["eval", str(tiny[1]), "-g", str(tiny[0]), "--no-errors"])
    assert res.exit_code == 0
    assert "entities_micro   P=0.800 R=0.571 F1=0.667 (tp=4 fp=1 fn=3)" in res.stdout
    assert "FN " not in res.stdout


def test_missing_gold_is_an_input_error(tiny: tuple[Path, Path], tmp_path: Path) -> None:
    with pytest.raises(InputError):
        evaluate(str(tiny[0]), str(tmp_path / "nope.jsonl"))
    res = CliRunner().invoke(main, ["eval", str(tmp_path / "nope.jsonl"), "-g", str(tiny[0])])
    assert res.exit_code == 2
    assert res.stderr.startswith("kg: error:") and "Traceback" not in res.output


def test_malformed_gold_is_an_input_error(tiny: tuple[Path, Path], tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"\n', encoding="utf-8")
    with pytest.raises(InputError):
        evaluate(str(tiny[0]), str(bad))


def test_missing_graph_is_a_graph_error(tiny: tuple[Path, Path], tmp_path: Path) -> None:
    with pytest.raises(GraphError):
        evaluate(str(tmp_path / "nope.ttl"), str(tiny[1]))
    res = CliRunner().invoke(main, ["eval", str(tiny[1]), "-g", str(tmp_path / "nope.trig")])
    assert res.exit_code == 4


@pytest.mark.parametrize(("url", "key"), [
    ("https://github.com/Acme/Foo", "github.com/acme/foo"),
    ("http://www.github.com/acme/foo.git", "github.com/acme/foo"),
    ("https://github.com/acme/foo/tree/main/src).", "github.com/acme/foo"),
    ("https://gitlab.com/acme/foo/", "gitlab.com/acme/foo"),
    ("https://example.com/acme/foo", "example.com/acme/foo"),
])
def test_repo_key(url: str, key: str) -> None:
    assert repo_key(url) == key


@needs_eval
def test_kg_eval_agrees_with_score_py_when_a_store_is_beside_the_graph(
        sample_path: Path, tmp_path: Path) -> None:
    from kg.io import read_graph, write_graph

    path = tmp_path / "kg.ttl"
    write_graph(read_graph(sample_path, store="memory"), path, store="oxigraph")
    assert (tmp_path / "kg.oxigraph").is_dir()  # the store commands would read
    res = CliRunner().invoke(main, ["eval", str(DEV), "-g", str(path), "--json"])
    assert res.exit_code == 0, res.stderr
    assert_agree(json.loads(res.stdout), score_py(path, DEV))


BENCH = Path(__file__).resolve().parents[1] / "bench"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "arxiv_ml_abstracts.jsonl"


def _assert_gold_format(rows: list[dict]) -> None:
    """Every row is a gold record in dev.jsonl's format: its keys in order, known types and
    roles, a name and a list of aliases per entity."""
    for r in rows:
        assert list(r) == ["id", "title", "entities", "repos", "links", "results"], r["id"]
        for e in r["entities"]:
            assert e["type"] in ("Model", "Dataset", "Method", "Task"), (r["id"], e)
            assert e["role"] in ("introduced", "used", "compared", "mentioned"), (r["id"], e)
            assert e["name"].strip() and isinstance(e["aliases"], list), (r["id"], e)


@pytest.mark.parametrize(("name", "size"), [("arxiv60", 60), ("arxiv30", 30), ("arxiv30b", 30)])
def test_arxiv_gold_is_well_formed_and_names_corpus_papers(name: str, size: int) -> None:
    """bench/eval_arxiv60.py scores against these files: every line is a gold record in the
    dev format, and (where the shared corpus is present) names a paper of it by id and
    title, so the benchmark builds exactly these papers; the sets share no paper."""
    rows = [json.loads(line) for line in
            (BENCH / name / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == size and len({r["id"] for r in rows}) == size
    others = {json.loads(line)["id"] for other in ("arxiv60", "arxiv30", "arxiv30b")
              if other != name
              for line in (BENCH / other / "gold.jsonl").read_text(encoding="utf-8").splitlines()}
    assert not others & {r["id"] for r in rows}
    _assert_gold_format(rows)
    if not CORPUS.exists():
        pytest.skip(f"no shared corpus at {CORPUS}")
    titles = {}
    with CORPUS.open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            titles[rec["id"]] = rec.get("title")
    assert [r["id"] for r in rows if titles.get(r["id"]) != r["title"]] == []


@pytest.mark.parametrize(("name", "size"), [("corpus60", 60), ("corpus30", 30),
                                            ("corpus30b", 30)])
def test_corpus_gold_is_well_formed_and_names_sample_papers_outside_dev(name: str,
                                                                        size: int) -> None:
    """bench/eval_corpus60.py scores the sample graph against these files: every line is a
    gold record in the dev format whose title is a sample-corpus paper, not a dev paper and
    not one of another set."""
    from kg.ingest import read_papers
    from kg.ingest.detect import sample_paths
    from kg.iris import name_key

    rows = [json.loads(line) for line in
            (BENCH / name / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == size and len({name_key(r["title"]) for r in rows}) == size
    others = {name_key(json.loads(line)["title"]) for other in ("corpus60", "corpus30", "corpus30b")
              if other != name
              for line in (BENCH / other / "gold.jsonl").read_text(encoding="utf-8").splitlines()}
    assert not others & {name_key(r["title"]) for r in rows}
    _assert_gold_format(rows)
    sample = {name_key(p.title) for p in read_papers(sample_paths())}
    assert [r["title"] for r in rows if name_key(r["title"]) not in sample] == []
    if DEV.exists():
        dev = {name_key(json.loads(line)["title"])
               for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()}
        assert [r["title"] for r in rows if name_key(r["title"]) in dev] == []
