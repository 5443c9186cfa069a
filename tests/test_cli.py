"""End-to-end tests of the ``kg`` command (CliRunner in-process, one real subprocess build)."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
from importlib import resources
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from rdflib import RDF, Graph, URIRef

from kg.cli import main
from kg.ontology import KG

REPO_ROOT = Path(__file__).resolve().parent.parent
COMMANDS = sorted(main.commands)
PREVIOUS = b"# a previous, good output: must survive a failed run\n"

SMALL_TTL = """\
@prefix kg: <https://example.org/kg/ns#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <https://example.org/kg/id/> .

ex:p1 a kg:Paper ; dcterms:title "Paper One" ; kg:uses ex:gsm8k .
ex:p2 a kg:Paper ; dcterms:title "Paper, \\"Two\\"" ; kg:uses ex:gsm8k ; kg:introduces ex:foo .
ex:p3 a kg:Paper ; dcterms:title "Paper Three" ; kg:introduces ex:foo .
ex:gsm8k a kg:Dataset ; rdfs:label "GSM8K" .
ex:foo a kg:Model ; rdfs:label "FooNet" .
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def assert_one_line_error(res: Result, code: int, *needles: str) -> str:
    """A failure: the given exit code, exactly one line on stderr, no traceback."""
    assert res.exit_code == code, (res.exit_code, res.stdout, res.stderr)
    err = res.stderr.strip()
    assert err, "nothing on stderr"
    assert "\n" not in err, f"more than one line on stderr:\n{err}"
    assert "Traceback" not in res.output
    assert err.startswith("kg: error:"), err
    for n in needles:
        assert n in err, f"{n!r} not in {err!r}"
    return err


@pytest.fixture
def small(tmp_path: Path) -> Path:
    p = tmp_path / "small.ttl"
    p.write_text(SMALL_TTL, encoding="utf-8")
    return p


# ---------------------------------------------------------------- help and README

def test_main_help() -> None:
    res = run("--help")
    assert res.exit_code == 0
    assert "Usage:" in res.stdout
    for name in COMMANDS:
        assert re.search(rf"^\s+{name}\s+\S", res.stdout, re.M), f"{name} not listed in kg --help"


def test_version() -> None:
    res = run("--version")
    assert res.exit_code == 0
    assert re.search(r"\d+\.\d+", res.stdout)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_help(name: str) -> None:
    cmd = main.commands[name]
    assert cmd.help and cmd.help.strip(), f"kg {name} has no docstring"
    assert cmd.get_short_help_str().strip(), f"kg {name} has no short help"
    for param in cmd.params:
        if isinstance(param, click.Option):
            assert param.help, f"kg {name} {param.opts[0]} has no help text"
    res = run(name, "--help")
    assert res.exit_code == 0, res.output
    assert f"Usage: main {name}" in res.stdout or f"Usage: kg {name}" in res.stdout
    first = cmd.help.strip().splitlines()[0].split()[:4]
    assert " ".join(first) in " ".join(res.stdout.split())


README = REPO_ROOT / "README.md"


@pytest.mark.skipif(not README.exists(), reason="README.md does not exist yet")
@pytest.mark.parametrize("name", COMMANDS)
def test_command_documented_in_readme(name: str) -> None:
    text = README.read_text(encoding="utf-8")
    assert re.search(rf"\bkg {re.escape(name)}\b", text), f"README.md never shows `kg {name}`"


# ---------------------------------------------------------------- kg build on the sample

GITHUB = re.compile(r"(?:https?://)?(?:www\.)?github\.com/[^\s<>\"'`{}|\\^]+", re.I)
TRAILING = ".,;:!?)]}'\"*"


def normalise_github(url: str) -> str:
    """https://github.com/owner/name (or the org URL when there is no name)."""
    url = url.rstrip(TRAILING)
    path = re.sub(r"^(?:https?://)?(?:www\.)?github\.com/", "", url, flags=re.I)
    parts = [p for p in re.split(r"[?#]", path, maxsplit=1)[0].split("/") if p]
    owner = parts[0]
    name = re.sub(r"\.git$", "", parts[1], flags=re.I) if len(parts) > 1 else ""
    return "https://github.com/" + owner + (f"/{name}" if name else "")


def seed_github_urls() -> dict[str, str]:
    """Every github.com URL in the sample listings: raw text (without trailing punctuation)
    -> normalised URL."""
    out: dict[str, str] = {}
    root = resources.files("kg") / "data" / "seeds"
    for f in root.iterdir():
        if f.name.endswith(".txt"):
            for m in GITHUB.finditer(f.read_text(encoding="utf-8")):
                out[m.group(0).rstrip(TRAILING)] = normalise_github(m.group(0))
    return out


def test_normalise_github() -> None:
    assert normalise_github("https://github.com/a/b/tree/main/x.") == "https://github.com/a/b"
    assert normalise_github("https://github.com/a/b.git.") == "https://github.com/a/b"
    assert normalise_github("https://github.com/a/b/.") == "https://github.com/a/b"
    assert normalise_github("github.com/a/b,") == "https://github.com/a/b"
    assert normalise_github("https://github.com/THUDM") == "https://github.com/THUDM"


@pytest.fixture(scope="module")
def cli_builds(tmp_path_factory: pytest.TempPathFactory,
               ) -> list[tuple[subprocess.CompletedProcess[bytes], Path]]:
    """Two real ``kg build`` runs of the sample corpus, side by side in subprocesses with
    different hash seeds (so set-order dependence shows up as different bytes)."""
    import sys

    exe = Path(sys.executable).parent / "kg"
    runs = []
    for seed in ("1", "4242"):
        out = tmp_path_factory.mktemp("cli_build") / "out" / "kg.ttl"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        env.pop("KG_DEBUG", None)
        proc = subprocess.Popen([str(exe), "build", "-o", str(out)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=env, cwd=out.parent.parent)
        runs.append((proc, out))
    done = []
    for proc, out in runs:
        stdout, stderr = proc.communicate(timeout=300)
        done.append((subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr),
                     out))
    return done


@pytest.fixture(scope="module")
def cli_build(cli_builds):  # type: ignore[no-untyped-def]
    proc, out = cli_builds[0]
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode(),
                                       proc.stderr.decode()), out


def test_build_sample_exit_and_summary(cli_build) -> None:  # type: ignore[no-untyped-def]
    proc, out = cli_build
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert out.is_file()
    assert re.search(r"^289 papers\b", proc.stdout, re.M), proc.stdout
    assert f"wrote {out}" in proc.stdout
    # no temporary file left beside the output
    assert [p.name for p in out.parent.iterdir()] == ["kg.ttl"]


def test_build_sample_parses_with_289_papers(cli_build) -> None:  # type: ignore[no-untyped-def]
    proc, out = cli_build
    g = Graph().parse(out, format="turtle")
    papers = set(g.subjects(RDF.type, KG.Paper))
    assert len(papers) == 289


def test_build_sample_links_every_github_url(sample) -> None:  # type: ignore[no-untyped-def]
    g = sample.graph
    urls = seed_github_urls()
    assert len(set(urls.values())) > 50  # the sample has dozens of repositories
    repos = {str(r) for r in g.subjects(RDF.type, KG.Repository)}
    from rdflib import DCTERMS

    abstracts = {p: str(a) for p, a in g.subject_objects(DCTERMS.abstract)
                 if (p, RDF.type, KG.Paper) in g}
    problems = []
    for raw, canonical in sorted(urls.items()):
        if canonical not in repos:
            problems.append(f"{canonical} ({raw}) is not a kg:Repository")
            continue
        holders = [p for p, a in abstracts.items() if raw.casefold() in a.casefold()]
        if not holders:
            problems.append(f"{raw} is in no paper's abstract")
        for p in holders:
            if (p, KG.hasRepository, URIRef(canonical)) not in g:
                problems.append(f"{p} does not kg:hasRepository {canonical}")
    assert not problems, "\n".join(problems)
    # and no GitHub repository comes from anywhere else
    github = {r for r in repos if r.startswith("https://github.com/")}
    assert github <= set(urls.values()), sorted(github - set(urls.values()))


def test_build_is_byte_identical(cli_builds) -> None:  # type: ignore[no-untyped-def]
    """Two builds with different hash seeds write the same bytes."""
    (a, out_a), (b, out_b) = cli_builds
    assert a.returncode == 0 and b.returncode == 0, (a.stderr, b.stderr)
    assert out_a.read_bytes() == out_b.read_bytes()


# ---------------------------------------------------------------- kg build errors

def _previous(tmp_path: Path) -> Path:
    out = tmp_path / "kg.ttl"
    out.write_bytes(PREVIOUS)
    return out


def test_build_missing_input(tmp_path: Path) -> None:
    out = _previous(tmp_path)
    missing = tmp_path / "nope.jsonl"
    res = run("build", str(missing), "-o", str(out), "-q")
    assert_one_line_error(res, 2, str(missing))
    assert out.read_bytes() == PREVIOUS


@pytest.mark.parametrize("name", ["empty.txt", "empty.jsonl", "empty.json"])
def test_build_empty_file(tmp_path: Path, name: str) -> None:
    out = _previous(tmp_path)
    empty = tmp_path / name
    empty.write_bytes(b"")
    res = run("build", str(empty), "-o", str(out), "-q")
    assert_one_line_error(res, 2, str(empty))
    assert out.read_bytes() == PREVIOUS


def test_build_malformed_jsonl(tmp_path: Path) -> None:
    out = _previous(tmp_path)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"title": "A fine paper", "abstract": "We propose X."}\n'
                   '{"title": "Broken", "abstract": \n', encoding="utf-8")
    res = run("build", str(bad), "-o", str(out), "-q")
    err = assert_one_line_error(res, 2, str(bad))
    assert f"{bad}:2:" in err, err
    assert out.read_bytes() == PREVIOUS


def test_build_malformed_jsonl_skip_bad(tmp_path: Path) -> None:
    out = tmp_path / "kg.ttl"
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"title": "A fine paper", "abstract": "We propose X."}\n'
                   "not json at all\n", encoding="utf-8")
    res = run("build", str(bad), "-o", str(out), "--skip-bad")
    assert res.exit_code == 0, res.output
    assert f"{bad}:2:" in res.stderr
    g = Graph().parse(out, format="turtle")
    assert len(set(g.subjects(RDF.type, KG.Paper))) == 1


def test_build_bad_base(tmp_path: Path) -> None:
    src = tmp_path / "p.jsonl"
    src.write_text('{"title": "A paper", "abstract": "We study things."}\n', encoding="utf-8")
    res = run("build", str(src), "-o", str(tmp_path / "kg.ttl"), "--base", "not a base iri")
    assert res.exit_code == 2
    assert "Traceback" not in res.output


# ---------------------------------------------------------------- kg query

SELECT = 'SELECT ?title WHERE { ?p kg:uses ?d . ?d rdfs:label "GSM8K" . ' \
         '?p dcterms:title ?title } ORDER BY ?title'


def test_query_select_table(small: Path) -> None:
    res = run("query", "-g", str(small), SELECT)
    assert res.exit_code == 0, res.output
    lines = res.stdout.rstrip("\n").splitlines()
    assert lines[0].strip() == "title"
    assert set(lines[1]) == {"-"}
    assert [x.rstrip() for x in lines[2:4]] == ["Paper One", 'Paper, "Two"']
    assert lines[-1] == "(2 rows)"


def test_query_select_csv(small: Path) -> None:
    res = run("query", "-g", str(small), "--format", "csv", SELECT)
    assert res.exit_code == 0, res.output
    rows = list(csv.reader(io.StringIO(res.stdout)))
    assert rows == [["title"], ["Paper One"], ['Paper, "Two"']]


def test_query_select_json(small: Path) -> None:
    res = run("query", "-g", str(small), "--format", "json", SELECT)
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["head"]["vars"] == ["title"]
    assert [b["title"]["value"] for b in data["results"]["bindings"]] == \
        ["Paper One", 'Paper, "Two"']


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
@pytest.mark.parametrize("query,answer", [
    ('ASK { ?p kg:introduces ?m . ?m rdfs:label "FooNet" }', True),
    ('ASK { ?p kg:comparesWith ?m }', False),
])
def test_query_ask(small: Path, fmt: str, query: str, answer: bool) -> None:
    res = run("query", "-g", str(small), "--format", fmt, query)
    assert res.exit_code == 0, res.output
    if fmt == "json":
        assert json.loads(res.stdout) == {"boolean": answer}
    else:
        assert res.stdout.strip() == ("true" if answer else "false")


def test_query_construct(small: Path) -> None:
    q = "CONSTRUCT { ?m kg:introducedBy ?p } WHERE { ?p kg:introduces ?m }"
    res = run("query", "-g", str(small), q)
    assert res.exit_code == 0, res.output
    g = Graph().parse(data=res.stdout, format="turtle")
    ex = "https://example.org/kg/id/"
    assert set(g) == {(URIRef(ex + "foo"), URIRef(str(KG._NS) + "introducedBy"), URIRef(ex + p))
                      for p in ("p2", "p3")}
    assert "@prefix kg:" in res.stdout


def test_query_prefixes_prebound_but_overridable(small: Path) -> None:
    q = "PREFIX kg: <https://example.org/kg/ns#>\nSELECT (COUNT(?p) AS ?n) " \
        "WHERE { ?p a kg:Paper ; dcterms:title ?t }"
    res = run("query", "-g", str(small), "--format", "csv", q)
    assert res.exit_code == 0, res.output
    assert res.stdout.split() == ["n", "3"]


def test_query_from_file(small: Path, tmp_path: Path) -> None:
    qf = tmp_path / "q.rq"
    qf.write_text("SELECT ?l WHERE { ?m a kg:Model ; rdfs:label ?l }", encoding="utf-8")
    res = run("query", "-g", str(small), "-f", str(qf), "--format", "csv")
    assert res.exit_code == 0, res.output
    assert res.stdout.split() == ["l", "FooNet"]


@pytest.mark.parametrize("var", ["add", "load", "create", "drop", "copy", "move", "insert",
                                 "delete", "clear"])
def test_query_variables_named_like_update_keywords(small: Path, var: str) -> None:
    """A read-only query whose variable is ?add, ?drop... is not an update."""
    q = f"SELECT ?{var} WHERE {{ ?{var} a kg:Model }}"
    res = run("query", "-g", str(small), "--format", "csv", q)
    assert res.exit_code == 0, res.output
    assert res.stdout.split() == [var, "https://example.org/kg/id/foo"]


def test_query_sample_part(sample_part: Path) -> None:
    res = run("query", "-g", str(sample_part), "--format", "json",
              "SELECT ?p ?t WHERE { ?p a kg:Paper ; dcterms:title ?t } ORDER BY ?p")
    assert res.exit_code == 0, res.output
    bindings = json.loads(res.stdout)["results"]["bindings"]
    expected = Graph().parse(sample_part, format="turtle")
    from rdflib import DCTERMS

    assert [(b["p"]["value"], b["t"]["value"]) for b in bindings] == sorted(
        (str(p), str(t)) for p, t in expected.subject_objects(DCTERMS.title)
        if (p, RDF.type, KG.Paper) in expected)
    assert bindings


@pytest.mark.parametrize("q", [
    "SELECT ?x WHERE { ?x ?y }",
    "SELEKT * WHERE { ?s ?p ?o }",
    "SELECT * WHERE { ?s nope:thing ?o }",
    "   ",
])
def test_query_malformed(small: Path, q: str) -> None:
    res = run("query", "-g", str(small), q)
    assert_one_line_error(res, 3)


@pytest.mark.parametrize("q", [
    "INSERT DATA { <https://x.org/a> <https://x.org/b> <https://x.org/c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "PREFIX x: <https://x.org/>\nDELETE { ?s ?p ?o } INSERT { ?s x:p 1 } WHERE { ?s ?p ?o }",
    "DROP ALL",
    "CLEAR DEFAULT",
    "LOAD <https://example.org/data.ttl>",
])
def test_query_update_refused(small: Path, q: str) -> None:
    before = small.read_bytes()
    res = run("query", "-g", str(small), q)
    err = assert_one_line_error(res, 3)
    assert "read-only" in err or "update" in err
    assert small.read_bytes() == before


def test_query_needs_exactly_one_source(small: Path, tmp_path: Path) -> None:
    assert run("query", "-g", str(small)).exit_code == 2
    qf = tmp_path / "q.rq"
    qf.write_text("ASK {}", encoding="utf-8")
    assert run("query", "-g", str(small), "-f", str(qf), "ASK {}").exit_code == 2


def test_query_missing_query_file(small: Path, tmp_path: Path) -> None:
    res = run("query", "-g", str(small), "-f", str(tmp_path / "none.rq"))
    assert_one_line_error(res, 3, "none.rq")


# ---------------------------------------------------------------- kg export

@pytest.fixture(scope="module")
def sample_part(sample, tmp_path_factory: pytest.TempPathFactory) -> Path:  # type: ignore[no-untyped-def]
    """Every triple of one sample subject in twelve: every kind of node and literal the
    sample has, at a fraction of the parse time."""
    subjects = sorted({str(s) for s in sample.graph.subjects()})
    keep = {s for i, s in enumerate(subjects) if i % 12 == 0}
    part = Graph()
    for t in sample.graph:
        if str(t[0]) in keep:
            part.add(t)
    path = tmp_path_factory.mktemp("part") / "part.ttl"
    part.serialize(path, format="turtle")
    return path


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize("fmt,rdf_format", [
    ("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("xml", "xml")])
def test_export_round_trips(sample_part: Path, tmp_path: Path, fmt: str,
                            rdf_format: str) -> None:
    original = Graph().parse(sample_part, format="turtle")
    assert len(original) > 1000
    out = tmp_path / f"kg.{fmt}"
    res = run("export", "-g", str(sample_part), "--format", fmt, "-o", str(out))
    assert res.exit_code == 0, res.output
    assert f"({len(original):,} triples)" in res.stderr
    back = Graph().parse(out, format=rdf_format)
    assert len(back) == len(original)
    assert set(back) == set(original)  # the sample has no blank nodes: set equality suffices


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize("fmt,rdf_format", [
    ("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("xml", "xml")])
def test_export_stdout_isomorphic(small: Path, fmt: str, rdf_format: str) -> None:
    from rdflib.compare import isomorphic

    res = run("export", "-g", str(small), "--format", fmt)
    assert res.exit_code == 0, res.output
    back = Graph().parse(data=res.stdout_bytes, format=rdf_format)
    assert isomorphic(back, Graph().parse(small, format="turtle"))


def test_export_unwritable_output(small: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    res = run("export", "-g", str(small), "-o", str(blocker / "sub" / "kg.nt"))
    assert_one_line_error(res, 5)


# ---------------------------------------------------------------- kg stats and kg viz

def test_stats_text(small: Path) -> None:
    res = run("stats", "-g", str(small))
    assert res.exit_code == 0, res.output
    assert "papers 3, models 1, datasets 1, methods 0, tasks 0, repositories 0, links 4" \
        in res.stdout
    assert re.search(r"^Most used datasets.*\n\s+GSM8K\s+2\s", res.stdout, re.M), res.stdout
    assert "Communities (Louvain, seed 42)" in res.stdout


def test_stats_json(sample_path: Path, sample_graph: Graph) -> None:
    res = run("stats", "-g", str(sample_path), "--json", "-n", "3")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["counts"]["Paper"] == 289
    assert data["counts"]["Repository"] == len(set(sample_graph.subjects(RDF.type,
                                                                         KG.Repository)))
    assert all(len(rows) <= 3 for rows in data["top"].values())
    assert data["communities"]["seed"] == 42
    assert 0 < data["papers_with_code"] <= 289


def test_viz_writes_html(sample_html: Path) -> None:
    html = sample_html.read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert "Content-Security-Policy" in html
    assert "new vis.Network" in html


def test_viz_small(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "deep" / "kg.html"
    res = run("viz", "-g", str(small), "-o", str(out))
    assert res.exit_code == 0, res.output
    assert f"wrote {out}" in res.stdout
    assert "FooNet" in out.read_text(encoding="utf-8")


# ---------------------------------------------------------------- kg eval

def test_eval_small(small: Path, tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({
        "id": "x", "title": "Paper Three", "repos": [], "links": [], "results": [],
        "entities": [{"name": "FooNet", "type": "Model", "role": "introduced", "aliases": []},
                     {"name": "GSM8K", "type": "Dataset", "role": "used", "aliases": []}],
    }) + "\n", encoding="utf-8")
    res = run("eval", str(gold), "-g", str(small), "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["papers_found"] == 1
    assert data["Model"]["tp"] == 1 and data["Model"]["fp"] == 0
    assert data["Dataset"]["fn"] == 1
    assert data["introduced"]["tp"] == 1
    text = run("eval", str(gold), "-g", str(small))
    assert text.exit_code == 0
    assert "FN Dataset: GSM8K" in text.stdout


def test_eval_missing_gold(small: Path, tmp_path: Path) -> None:
    res = run("eval", str(tmp_path / "gold.jsonl"), "-g", str(small))
    assert_one_line_error(res, 2, "gold.jsonl")


# ---------------------------------------------------------------- missing or broken graph

@pytest.mark.parametrize("args", [
    ["query", "ASK {}"], ["stats"], ["stats", "--json"], ["export"], ["viz"],
])
def test_missing_graph(tmp_path: Path, args: list[str]) -> None:
    missing = tmp_path / "none.ttl"
    cmd = [*args, "-g", str(missing)]
    if args[0] == "viz":
        cmd += ["-o", str(tmp_path / "x.html")]
    res = run(*cmd)
    assert_one_line_error(res, 4, str(missing))


def test_missing_graph_eval(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text("", encoding="utf-8")
    res = run("eval", str(gold), "-g", str(tmp_path / "none.ttl"))
    assert_one_line_error(res, 4, "none.ttl")


def test_unparseable_graph(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is @ not turtle <<<\n", encoding="utf-8")
    res = run("stats", "-g", str(bad))
    assert_one_line_error(res, 4, str(bad))


def test_malformed_query_file_error_names_file_and_line(tmp_path, sample_path) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from kg.cli import main

    q = tmp_path / "bad.rq"
    q.write_text("SELECT ?x\nWHERE {\n ?x ?y\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["query", "-f", str(q), "-g", str(sample_path)])
    assert res.exit_code == 3
    line = res.output.strip()
    assert "\n" not in line and f"{q}:3:" in line


@pytest.mark.parametrize(("name", "fmt"), [("kg.nt", "nt"), ("kg.jsonld", "json-ld"),
                                           ("kg.ttl", "turtle")])
def test_build_writes_the_format_its_file_name_asks_for(tmp_path: Path, name: str,
                                                       fmt: str) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "2401.00001", "title": "GSM8K for All",
                                  "abstract": "We evaluate GPT-4 on GSM8K."}) + "\n",
                      encoding="utf-8")
    out = tmp_path / name
    res = run("build", str(corpus), "-o", str(out), "-q")
    assert res.exit_code == 0, res.output
    g = Graph().parse(out, format=fmt)  # parses in the format of its name
    assert (None, RDF.type, KG.Paper) in g


@pytest.mark.parametrize("newline", ["", "\n"])
def test_build_reads_a_one_line_json_document_from_stdin(tmp_path: Path, newline: str) -> None:
    """`curl ... | kg build -`: an API page on one line ({"papers": [...]}) is a document,
    not one JSON Lines record without a title."""
    import sys

    doc = json.dumps({"papers": [
        {"title": "Sparse Attention at Scale", "abstract": "We evaluate on GSM8K."},
        {"title": "Another Paper Title", "abstract": "We fine-tune on MATH."}]}) + newline
    out = tmp_path / "g.ttl"
    env = {**os.environ, "KG_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.run([str(Path(sys.executable).parent / "kg"), "build", "-", "-o", str(out)],
                          input=doc.encode(), capture_output=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode()
    g = Graph().parse(out)
    titles = sorted(str(t) for p in g.subjects(RDF.type, KG.Paper)
                    for t in g.objects(p, URIRef("http://purl.org/dc/terms/title")))
    assert titles == ["Another Paper Title", "Sparse Attention at Scale"]
