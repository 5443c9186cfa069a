"""Hostile input through the real ``kg build`` (click CliRunner): every case either fails with
one clear line naming the file (and line) and leaves the previous output untouched, or gives a
correct graph, which then conforms to the SHACL shapes, holds only valid IRIs and parses back
isomorphic in rdflib and in Oxigraph.

Generated inputs (the 50 MB lines) are made in tmp folders at test time.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import DCTERMS, RDF, BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.cli import main
from kg.iris import is_valid_iri
from kg.ontology import KG

PRIOR = b"# the previous good output\n"
AB = ("We propose FooNet, a model trained on GSM8K and compared with GPT-4. "
      "It improves accuracy by 5% on MATH.")
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def rec(title: str | None = "A Hostile Paper", abstract: str | None = AB, **extra: object) -> str:
    r: dict[str, object] = {k: v for k, v in (("title", title), ("abstract", abstract))
                            if v is not None}
    return json.dumps({**r, **extra})


def lines(*recs: str, eol: str = "\n") -> bytes:
    return "".join(r + eol for r in recs).encode("utf-8")


# --- helpers ------------------------------------------------------------------------------

def kg_build(tmp_path: Path, files: dict[str, bytes], *extra: str,
             out: Path | None = None) -> tuple[Result, Path, list[str]]:
    """Write ``files`` in a fresh folder, put a previous output in place, run ``kg build``."""
    src = tmp_path / "in"
    src.mkdir(exist_ok=True)
    names = []
    for name, data in files.items():
        (src / name).write_bytes(data)
        names.append(str(src / name))
    out = out or tmp_path / "out" / "kg.ttl"
    out.parent.mkdir(exist_ok=True)
    out.write_bytes(PRIOR)
    res = CliRunner().invoke(main, ["build", *names, "-o", str(out), *extra],
                             env={"KG_CACHE_DIR": str(tmp_path / "cache")})
    return res, out, names


def assert_error(res: Result, out: Path, code: int, pattern: str) -> str:
    """One line on stderr matching ``pattern``, the exit code, no traceback, output intact."""
    assert res.exit_code == code, (res.exit_code, res.stdout, res.stderr, res.exception)
    err = res.stderr.strip()
    assert "\n" not in err, f"more than one line on stderr:\n{err}"
    assert "Traceback" not in res.output
    assert re.fullmatch(pattern, err), f"{err!r} does not match {pattern!r}"
    assert out.read_bytes() == PRIOR, "a failed build touched the previous output"
    left = sorted(p.name for p in out.parent.iterdir())
    assert left == [out.name], f"lock or temporary files left: {left}"
    return err


def oxigraph_graph(data: bytes) -> Graph:
    """The Turtle ``data`` as Oxigraph reads it, converted to an rdflib Graph."""
    import pyoxigraph as ox

    def term(t: object) -> object:
        if isinstance(t, ox.NamedNode):
            return URIRef(t.value)
        if isinstance(t, ox.BlankNode):
            return BNode(t.value)
        assert isinstance(t, ox.Literal)
        if t.language:
            return Literal(t.value, lang=t.language)
        dt = t.datatype.value
        return Literal(t.value) if dt == XSD_STRING else Literal(t.value, datatype=URIRef(dt))

    g = Graph()
    for q in ox.parse(data, format=ox.RdfFormat.TURTLE):
        g.add((term(q.subject), term(q.predicate), term(q.object)))  # type: ignore[arg-type]
    return g


def check_graph(path: Path) -> Graph:
    """The Turtle at ``path`` parses in rdflib and Oxigraph to isomorphic graphs, holds only
    valid IRIs and conforms to kg's SHACL shapes. Returns the rdflib graph."""
    from kg.validate import validate

    data = path.read_bytes()
    g = Graph().parse(data=data, format="turtle")
    ox = oxigraph_graph(data)
    assert len(g) == len(ox) > 0
    assert isomorphic(g, ox), "rdflib and Oxigraph read different graphs"
    for t in {t for triple in g for t in triple if isinstance(t, URIRef)}:
        assert is_valid_iri(str(t)), t
    result = validate(g)
    assert result.conforms, result.report
    return g


def assert_built(res: Result, out: Path) -> Graph:
    assert res.exit_code == 0, (res.stdout, res.stderr, res.exception)
    assert "Traceback" not in res.output
    assert out.read_bytes() != PRIOR
    return check_graph(out)


def titles(g: Graph) -> list[str]:
    return sorted(str(t) for p in g.subjects(RDF.type, KG.Paper)
                  for t in g.objects(p, DCTERMS.title))


def abstracts(g: Graph) -> list[str]:
    return sorted(str(t) for p in g.subjects(RDF.type, KG.Paper)
                  for t in g.objects(p, DCTERMS.abstract))


# --- inputs that must fail with one line naming the file (and line) ------------------------

LATIN1 = "Caf\xe9 au lait".encode("latin-1")
ERRORS: list[tuple[str, dict[str, bytes], str, str]] = [
    # id, files, the first file's error after "kg: error: <path>", regex
    ("empty-txt", {"e.txt": b""}, "", ": no paper found in the input"),
    ("empty-jsonl", {"e.jsonl": b""}, "", ": no paper found in the input"),
    ("empty-json", {"e.json": b""}, "", r":1: malformed JSON: Expecting value \(column 1\)"),
    ("blank-lines-only", {"e.jsonl": b"\n  \n\t\r\n"}, "", ": no paper found in the input"),
    ("furniture-only-listing", {"e.txt": b"Daily Papers\n\nSubscribe\n\nMar 12\n"}, "",
     ": no paper found in the input"),
    ("binary-png", {"x.jsonl": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"}, "",
     r": binary file \(NUL bytes\), not text"),
    ("binary-no-extension", {"x": bytes(range(256))}, "", r": binary file \(NUL bytes\), not text"),
    ("utf16", {"x.json": "[]".encode("utf-16")}, "", r": binary file \(NUL bytes\), not text"),
    ("latin1-jsonl", {"x.jsonl": lines(rec()) + b'{"title": "' + LATIN1 + b'"}\n'}, "",
     r":2: not UTF-8 text \(invalid continuation byte at byte 15 of the line\)"),
    ("latin1-listing", {"x.txt": b"A Fine Title\n\n" + LATIN1 + b"\n"}, "",
     r":3: not UTF-8 text \(invalid continuation byte at byte 4 of the line\)"),
    ("truncated-jsonl", {"x.jsonl": lines(rec(), rec("Second")) + b'{"title": "Thi'}, "",
     r":3: malformed JSON: Unterminated string starting at \(column 11\)"),
    ("truncated-json", {"x.json": b'[\n' + rec().encode() + b',\n{"title": "x", "abs'}, "",
     r":3: malformed JSON: Unterminated string starting at \(column 16\); the records "
     r"after record 1 are not read"),
    ("truncated-json-crlf", {"x.json": b'[\r\n' + rec().encode() + b',\r\n\r\n{"ti'}, "",
     r":4: malformed JSON: Unterminated string starting at \(column 2\); the records "
     r"after record 1 are not read"),
    ("trailing-comma", {"x.json": b'[\n' + rec().encode() + b',\n]'}, "",
     r":3: malformed JSON: Expecting value \(column 1\); the records after record 1 are "
     r"not read"),
    ("single-quotes-jsonl", {"x.jsonl": lines(rec()) + b"{'title': 'x'}\n"}, "",
     r":2: malformed JSON: Expecting property name enclosed in double quotes \(column 2\)"),
    ("crlf-jsonl-bad-line-3", {"x.jsonl": lines(rec(), rec("Two"), "{bad", eol="\r\n")}, "",
     r":3: malformed JSON: Expecting property name enclosed in double quotes \(column 2\)"),
    ("lone-cr-jsonl-bad-line-2", {"x.jsonl": lines(rec(), "[1,", eol="\r")}, "",
     r":2: malformed JSON: Expecting value \(column 5\)"),
    ("not-an-object", {"x.jsonl": lines(rec(), "42")}, "",
     r":2: expected a JSON object, got int"),
    ("nested-too-deep", {"x.json": b"[" * 100_000}, "",
     r":1: malformed JSON: nested too deeply \(column 2\)"),
    ("missing-title-jsonl", {"x.jsonl": lines(rec(), rec(title=None))}, "",
     r":2: record has no title"),
    ("blank-title-jsonl", {"x.jsonl": lines(rec(title=" \u0000\t\u001b "))}, "",
     r":1: record has no title"),
    ("missing-title-json", {"x.json": f"[{rec()}, {rec(title=None)}]".encode()}, "",
     r": record 2: record has no title"),
    ("title-too-long", {"x.jsonl": lines(rec(title="Word " * 500))}, "",
     r":1: title too long \(2,499 characters, at most 2,000\)"),
]


@pytest.mark.parametrize(("files", "pattern"),
                         [pytest.param(f, p, id=i) for i, f, _, p in ERRORS])
def test_bad_input_is_one_line_naming_file_and_line(tmp_path: Path, files: dict[str, bytes],
                                                    pattern: str) -> None:
    res, out, names = kg_build(tmp_path, files)
    code = 2
    assert_error(res, out, code, "kg: error: " + re.escape(names[0]) + pattern)


# the same bad records with --skip-bad next to a good file: reported, and the build goes on
SKIPPABLE = [e for e in ERRORS if "no paper found" not in e[3]]


@pytest.mark.parametrize(("files", "pattern"),
                         [pytest.param(f, p, id=i) for i, f, _, p in SKIPPABLE])
def test_skip_bad_reports_and_goes_on(tmp_path: Path, files: dict[str, bytes],
                                      pattern: str) -> None:
    good = {"zz-good.jsonl": lines(rec("The Good Paper", AB, id="2401.09999"))}
    res, out, names = kg_build(tmp_path, {**files, **good}, "--skip-bad")
    g = assert_built(res, out)
    assert "The Good Paper" in titles(g)
    skipped = [ln for ln in res.stderr.splitlines() if ln.startswith("skipped: ")]
    assert any(re.fullmatch("skipped: " + re.escape(names[0]) + pattern, ln) for ln in skipped), \
        skipped
    assert "Traceback" not in res.output


def test_skip_bad_with_nothing_left_says_what_was_skipped(tmp_path: Path) -> None:
    res, out, names = kg_build(tmp_path, {"x.jsonl": lines(rec(title=None), "{bad")},
                               "--skip-bad")
    assert_error(res, out, 2, f"kg: error: {re.escape(names[0])}: no paper found in the input "
                              rf"\(2 bad, first: {re.escape(names[0])}:1: record has no title\)")


def test_a_value_error_inside_the_build_is_not_blamed_on_base(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.pipeline

    res, out, _ = kg_build(tmp_path, {"x.jsonl": lines(rec())}, "--base", "no scheme")
    assert res.exit_code == 2 and "Invalid value for --base" in res.stderr

    def boom(*a: object, **k: object) -> None:
        raise ValueError("[E088] Text of length 50000000 exceeds maximum of 1000000.")

    monkeypatch.setattr(kg.pipeline, "build", boom)
    res, out, _ = kg_build(tmp_path, {"x.jsonl": lines(rec())})
    assert res.exit_code == 1
    assert "--base" not in res.stderr
    assert res.stderr.startswith("kg: internal error: ValueError: [E088]")


def test_skipped_records_are_reported_even_when_quiet(tmp_path: Path) -> None:
    res, out, names = kg_build(tmp_path, {"x.jsonl": lines(rec(), rec(title=None))},
                               "--skip-bad", "-q")
    assert_built(res, out)
    assert res.stderr == f"skipped: {names[0]}:2: record has no title\n"
    assert res.stdout == ""


def test_skip_bad_keeps_every_good_record_of_a_partly_bad_file(tmp_path: Path) -> None:
    data = (lines(rec("First Good Paper")) + b'{"title": "' + LATIN1 + b'"}\n'
            + b"{bad json\n" + lines(rec(title=None), rec("Second Good Paper")))
    res, out, names = kg_build(tmp_path, {"x.jsonl": data}, "--skip-bad")
    g = assert_built(res, out)
    assert titles(g) == ["First Good Paper", "Second Good Paper"]
    skipped = [ln.split(": ", 2)[1] for ln in res.stderr.splitlines()
               if ln.startswith("skipped: ")]
    assert skipped == [f"{names[0]}:2", f"{names[0]}:3", f"{names[0]}:4"]


# --- inputs that must give a correct graph ------------------------------------------------

BOM = b"\xef\xbb\xbf"
LISTING = "Daily Papers\n\nA Listed Hostile Paper\n\n" + AB + " " + AB + "\n"


def _has_titles(*expected: str) -> Callable[[Graph], None]:
    def check(g: Graph) -> None:
        assert titles(g) == sorted(expected)
    return check


def _no_abstract(g: Graph) -> None:
    assert titles(g) == ["Only A Title Here"]
    assert abstracts(g) == []


HOSTILE_TITLE = ('<b>Bold</b> &amp; <script>alert("x")</script> "quoted" \'single\' '
                 '\\back\\slash """triple""" <!-- c --> ]]>')
CONTROL_TITLE = "Ctl\u0000\u0001 title\u0007 with \u001b[31mcolour\u001b[0m\u007f\u0085 end"
RTL_TITLE = "\u202eRTL עברית and العربية 🤗🚀 👩🏽‍🔬 title"


def _html(g: Graph) -> None:
    assert titles(g) == [" ".join(HOSTILE_TITLE.split())]
    (a,) = abstracts(g)
    assert a.startswith("<p>We propose FooNet") and a.endswith("<script>alert(1)</script>")


def _control(g: Graph) -> None:
    assert titles(g) == ["Ctl title with [31mcolour [0m end"]
    (a,) = abstracts(g)
    assert a == AB + " new line tab"


def _rtl(g: Graph) -> None:
    assert titles(g) == [RTL_TITLE]
    (a,) = abstracts(g)
    assert a == "מודל " + AB + " 👍🏽"


URL_ABSTRACT = (AB + " Code: https://github.com/own-er/re.po_1). Also (https://github.com/a/b), "
                "<https://github.com/c/d>, https://github.com/e/f.git, "
                "https://github.com/g/h/tree/main/sub?x=1#frag, "
                "page https://x.org/a?b=c&d=<e>\"{|}^`\\ and https://huggingface.co/datasets/"
                "foo/bar\". Odd: http://[::1/ http://exa mple.com https://ex\u00e4mple.org/\u00fc "
                "https://t.co/%zz%20 https://x.org/a,b;c!d'e*f(g)h.")


def _urls(g: Graph) -> None:
    repos = sorted(str(r) for r in g.subjects(RDF.type, KG.Repository))
    assert repos == ["https://github.com/a/b", "https://github.com/c/d",
                     "https://github.com/e/f", "https://github.com/g/h",
                     "https://github.com/own-er/re.po_1"]


def _iri_names(g: Graph) -> None:
    assert titles(g) == ['A <Bad> "IRI" {Name}|^`\\ Paper 日本語']


OK_CASES: list[tuple[str, dict[str, bytes], Callable[[Graph], None]]] = [
    ("bom-jsonl", {"x.jsonl": BOM + lines(rec())}, _has_titles("A Hostile Paper")),
    ("bom-json", {"x.json": BOM + f"[{rec()}]".encode()}, _has_titles("A Hostile Paper")),
    ("bom-listing", {"x.txt": BOM + LISTING.encode()}, _has_titles("A Listed Hostile Paper")),
    ("crlf-jsonl", {"x.jsonl": lines(rec(), rec("Two Papers"), eol="\r\n")},
     _has_titles("A Hostile Paper", "Two Papers")),
    ("crlf-listing", {"x.txt": LISTING.replace("\n", "\r\n").encode()},
     _has_titles("A Listed Hostile Paper")),
    ("cr-listing", {"x.txt": LISTING.replace("\n", "\r").encode()},
     _has_titles("A Listed Hostile Paper")),
    ("no-final-newline", {"x.jsonl": lines(rec())[:-1]}, _has_titles("A Hostile Paper")),
    ("missing-abstract", {"x.jsonl": lines(rec("Only A Title Here", None))}, _no_abstract),
    ("empty-abstract", {"x.jsonl": lines(rec("Only A Title Here", " \n "))}, _no_abstract),
    ("html-script-quotes", {"x.jsonl": lines(rec(HOSTILE_TITLE, "<p>" + AB + "</p>\n\n"
                                                 "<script>alert(1)</script>"))}, _html),
    ("control-characters", {"x.jsonl": lines(rec(CONTROL_TITLE, AB + "\u0000 new\nline\ttab"
                                                 "\u000b\u000c\ud800"[:-1]))}, _control),
    ("rtl-emoji", {"x.jsonl": lines(rec(RTL_TITLE, "מודל " + AB + " 👍🏽"))}, _rtl),
    ("rtl-emoji-listing", {"x.txt": (RTL_TITLE + "\n\n" + AB + " " + AB + "\n").encode()},
     _has_titles(RTL_TITLE)),
    ("odd-urls", {"x.jsonl": lines(rec("URL Paper", URL_ABSTRACT))}, _urls),
    ("names-that-make-bad-iris", {"x.jsonl": lines(rec(
        'A <Bad> "IRI" {Name}|^`\\ Paper 日本語',
        'We propose "Foo Net<>", called {Bar|Baz}^`, a model trained on 日本語 Bench and '
        "GSM8K. We introduce the Q\\R Benchmark.", id="bad id with spaces"))}, _iri_names),
    ("stray-line-in-listing", {"x.txt": (
        b"Subword Grammar for Speech Recognition in Tamil\n\nProject Page Available Here\n\n"
        b"We present a subword grammar for speech recognition in Tamil and Kannada. It "
        b"recognises an unlimited vocabulary and cuts the word error rate by twelve points.\n"
    )}, _has_titles("Subword Grammar for Speech Recognition in Tamil")),
]


@pytest.mark.parametrize(("files", "check"), [pytest.param(f, c, id=i) for i, f, c in OK_CASES])
def test_hostile_input_gives_a_correct_graph(tmp_path: Path, files: dict[str, bytes],
                                             check: Callable[[Graph], None]) -> None:
    res, out, _ = kg_build(tmp_path, files)
    check(assert_built(res, out))


def test_lone_surrogate_escape_in_json_is_replaced(tmp_path: Path) -> None:
    # "\ud800" is valid JSON text but no Unicode character: it cannot be written as UTF-8
    res, out, _ = kg_build(tmp_path, {"x.jsonl": b'{"title": "Lone \\ud800 Surrogate"}\n'})
    assert titles(assert_built(res, out)) == ["Lone \ufffd Surrogate"]


@pytest.mark.parametrize("name", ['we ird "name" <x>.jsonl', "caf\udce9\udcff.jsonl",
                                  "new\nline\x01.jsonl", "日本語 🤗.jsonl"])
def test_odd_file_names_are_stored_printable(tmp_path: Path, name: str) -> None:
    src = tmp_path / name
    src.write_bytes(lines(rec()))
    out = tmp_path / "kg.ttl"
    res = CliRunner().invoke(main, ["build", str(src), "-o", str(out), "-q", "--no-cache"])
    g = assert_built(res, out) if out.exists() else pytest.fail(res.stderr)
    (stored,) = {str(o) for o in g.objects(None, KG.sourceFile)}
    assert stored.endswith(name.encode("utf-8", "surrogateescape")
                           .decode("utf-8", "backslashreplace")
                           .replace("\n", "\\x0a").replace("\x01", "\\x01"))
    assert stored.isprintable()


def test_windows_line_ends_and_bom_give_the_same_bytes(tmp_path: Path) -> None:
    """The same records with LF, CRLF, CR and a BOM, read from the same path: same Turtle."""
    out = tmp_path / "kg.ttl"
    src = tmp_path / "papers.jsonl"
    listing = tmp_path / "listing.txt"
    got = set()
    for eol, bom in [("\n", b""), ("\r\n", b""), ("\r", b""), ("\r\n", BOM)]:
        src.write_bytes(bom + lines(rec(), rec("Second Paper", AB + " More."), eol=eol))
        listing.write_bytes(bom + LISTING.replace("\n", eol).encode())
        res = CliRunner().invoke(main, ["build", str(src), str(listing), "-o", str(out), "-q",
                                        "--no-cache"])
        assert res.exit_code == 0, res.stderr
        got.add(out.read_bytes())
    assert len(got) == 1


# --- duplicate ids with different content ---------------------------------------------------

def test_duplicate_ids_with_different_content_are_one_paper_in_any_order(
        tmp_path: Path) -> None:
    """The fullest copy wins (longest abstract, then most authors, then the text that sorts
    first): the same Turtle whatever the order of the files on the command line."""
    a = tmp_path / "a.jsonl"
    b = tmp_path / "b.jsonl"
    c = tmp_path / "c.json"
    a.write_text(rec("Sparse Attention", "Short.", id="2401.00001", authors="A One") + "\n"
                 + rec("Other Paper", AB, id="2401.00002") + "\n", encoding="utf-8")
    b.write_text(rec("Sparse Attention at Scale", AB, id="2401.00001v2") + "\n",
                 encoding="utf-8")
    c.write_text(json.dumps([{"paper": {"id": "2401.00001", "title": "Sparse attention (v3)",
                                        "summary": AB[:-1] + "!"}}]), encoding="utf-8")
    out = tmp_path / "kg.ttl"
    got = []
    for order in ([a, b, c], [c, b, a], [b, a, c]):
        res = CliRunner().invoke(main, ["build", *map(str, order), "-o", str(out), "-q",
                                        "--no-cache"])
        assert res.exit_code == 0, res.stderr
        got.append(out.read_bytes())
    assert got[0] == got[1] == got[2]
    g = check_graph(out)
    # b and c have abstracts as long; c's ends in "!", which sorts before "."
    assert titles(g) == ["Other Paper", "Sparse attention (v3)"]
    paper = next(g.subjects(DCTERMS.title, Literal("Sparse attention (v3)")))
    assert len(list(g.objects(paper, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")))) == 3
    assert [str(x) for x in g.objects(paper, DCTERMS.creator)] == ["A One"]


# --- 50 MB single lines -------------------------------------------------------------------

@pytest.fixture(scope="module")
def huge(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("huge")
    big = (AB + " ") * (50_000_000 // (len(AB) + 1) + 1)
    files = {
        "prose.txt": big + "\n",  # one 50 MB line of prose with no title
        "titled.txt": "A Paper With A Huge Abstract\n\n" + big + "\n",
        "record.jsonl": rec("Huge Record", big) + "\n" + rec("Small Record") + "\n",
    }
    paths = {}
    for name, text in files.items():
        paths[name] = root / name
        paths[name].write_text(text, encoding="utf-8")
    assert paths["prose.txt"].stat().st_size > 50_000_000
    return paths


def _huge_build(tmp_path: Path, src: Path, *extra: str) -> tuple[Result, Path]:
    out = tmp_path / "kg.ttl"
    out.write_bytes(PRIOR)
    return CliRunner().invoke(main, ["build", str(src), "-o", str(out), "--no-cache",
                                     *extra]), out


def test_50mb_line_without_title_gives_no_paper(tmp_path: Path, huge: dict[str, Path]) -> None:
    res, out = _huge_build(tmp_path, huge["prose.txt"])
    assert_error(res, out, 2, f"kg: error: {re.escape(str(huge['prose.txt']))}: "
                              "no paper found in the input")


@pytest.mark.parametrize(("name", "line"), [("titled.txt", 1), ("record.jsonl", 1)])
def test_50mb_abstract_is_a_bad_record(tmp_path: Path, huge: dict[str, Path], name: str,
                                       line: int) -> None:
    res, out = _huge_build(tmp_path, huge[name])
    assert_error(res, out, 2, f"kg: error: {re.escape(str(huge[name]))}:{line}: abstract too "
                              r"long \([\d,]+ characters, at most 100,000\)")


def test_50mb_abstract_is_skipped_with_skip_bad(tmp_path: Path, huge: dict[str, Path]) -> None:
    res, out = _huge_build(tmp_path, huge["record.jsonl"], "--skip-bad")
    assert titles(assert_built(res, out)) == ["Small Record"]
    assert f"skipped: {huge['record.jsonl']}:1: abstract too long" in res.stderr
