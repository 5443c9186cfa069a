"""JSON and JSON Lines paper records -> Papers (kg.ingest.jsonrec, read through kg.ingest)."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.ingest import detect, jsonrec, read_papers
from kg.ingest.detect import _utf8_cut, whole_lines
from kg.ingest.jsonrec import read_json, read_jsonl, record_to_paper
from kg.ingest.text import clean_text
from kg.records import Paper

ARXIV_RECORD = {
    "id": "2401.00001",
    "submitter": "Ada Lovelace",
    "authors": "Ada Lovelace, Alan Turing and Grace Hopper",
    "title": "Sparse  Attention\n  at Scale",
    "comments": "12 pages",
    "journal-ref": None,
    "doi": "10.1234/x.y",
    "categories": "cs.CL cs.LG",
    "license": None,
    "abstract": "  We scale sparse attention.\n  It works well.\n",
    "versions": [{"version": "v1", "created": "Mon, 1 Jan 2024 00:00:00 GMT"}],
    "update_date": "2024-01-02",
    "authors_parsed": [["Lovelace", "Ada", ""], ["Turing", "Alan", ""], ["Hopper", "Grace", ""]],
}

HF_API = [
    {
        "paper": {
            "id": "2403.09611",
            "authors": [{"_id": "a1", "name": "Brandon McKinzie", "hidden": False},
                        {"_id": "a2", "name": "Zhe Gan", "hidden": False}],
            "publishedAt": "2024-03-14T17:51:32.000Z",
            "title": "MM1: Methods, Analysis & Insights from Multimodal LLM Pre-training",
            "summary": "In this work, we discuss building performant Multimodal LLMs.",
            "upvotes": 120,
        },
        "publishedAt": "2024-03-15T01:02:03.000Z",
        "title": "MM1: Methods, Analysis & Insights from Multimodal LLM Pre-training",
        "numComments": 4,
    },
    {
        "paper": {"id": "2403.09629", "authors": [{"name": "Eric Zelikman"}],
                  "publishedAt": "2024-03-14T00:00:00.000Z", "title": "Quiet-STaR",
                  "summary": "Language models can teach themselves to think."},
    },
]


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def jsonl(*records: Any) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def test_arxiv_export_record(tmp_path: Path) -> None:
    path = write(tmp_path, "arxiv.jsonl", jsonl(ARXIV_RECORD))
    (p,) = read_papers([path])
    assert p.key == "arxiv:2401.00001"
    assert p.arxiv_id == "2401.00001"
    assert p.identifier == ""
    assert p.title == "Sparse Attention at Scale"
    assert p.abstract == "We scale sparse attention. It works well."
    assert p.authors == ("Ada Lovelace", "Alan Turing", "Grace Hopper")
    assert p.categories == ("cs.CL", "cs.LG")
    assert p.date == "2024-01-02"
    (src,) = p.sources
    assert (src.path, src.line, src.format) == (path, 1, "jsonl")
    assert (src.title, src.abstract) == (p.title, p.abstract)


def test_authors_parsed_is_used_when_authors_string_is_missing() -> None:
    rec = {k: v for k, v in ARXIV_RECORD.items() if k != "authors"}
    p = record_to_paper(rec, "f.jsonl", 3, "jsonl")
    assert p.authors == ("Ada Lovelace", "Alan Turing", "Grace Hopper")


@pytest.mark.parametrize(("authors", "expected"), [
    ("A One, B Two and C Three", ("A One", "B Two", "C Three")),
    ("A One, B Two, and C Three", ("A One", "B Two", "C Three")),
    ("A One and B Two", ("A One", "B Two")),
    ("Alexander Anderson,\n  Sandy Brand", ("Alexander Anderson", "Sandy Brand")),
    ("", ()),
    ([{"name": "X Y"}, {"first": "P", "last": "Q"}, {"name": ""}], ("X Y", "P Q")),
    ([["Last", "First", ""], ["Solo"]], ("First Last", "Solo")),
    ([[1, 2], [None, "N"], [["deep"]]], ("2 1", "N")),
    (["Plain Name", 7, None], ("Plain Name", "7")),
    (42, ()),
])
def test_author_forms(authors: Any, expected: tuple[str, ...]) -> None:
    p = record_to_paper({"title": "Some Title", "authors": authors}, "f.json", 1, "json")
    assert p.authors == expected


def test_hf_daily_papers_api_list(tmp_path: Path) -> None:
    path = write(tmp_path, "daily.json", json.dumps(HF_API, indent=2))
    papers = list(read_papers([path]))
    assert [(p.key, p.arxiv_id, p.date, p.sources[0].line, p.sources[0].format)
            for p in papers] == [
        ("arxiv:2403.09611", "2403.09611", "2024-03-14", 1, "json"),
        ("arxiv:2403.09629", "2403.09629", "2024-03-14", 2, "json"),
    ]
    mm1, star = papers
    assert mm1.title == "MM1: Methods, Analysis & Insights from Multimodal LLM Pre-training"
    assert mm1.abstract == "In this work, we discuss building performant Multimodal LLMs."
    assert mm1.authors == ("Brandon McKinzie", "Zhe Gan")
    assert star.authors == ("Eric Zelikman",)
    assert star.title == "Quiet-STaR"


@pytest.mark.parametrize("key", ["papers", "data", "results", "items", "records"])
def test_json_document_holding_a_list(tmp_path: Path, key: str) -> None:
    doc = {"meta": {"n": 2}, key: [{"title": "First Paper", "abstract": "A."},
                                   {"id": "2401.00002", "title": "Second Paper"}]}
    papers = list(read_papers([write(tmp_path, "doc.json", json.dumps(doc))]))
    assert [(p.title, p.abstract, p.arxiv_id, p.sources[0].line) for p in papers] == [
        ("First Paper", "A.", "", 1), ("Second Paper", "", "2401.00002", 2)]
    assert papers[0].key == "title:firstpaper"


def test_json_document_with_one_record(tmp_path: Path) -> None:
    (p,) = read_papers([write(tmp_path, "one.json", json.dumps(ARXIV_RECORD))])
    assert p.key == "arxiv:2401.00001"


@pytest.mark.parametrize(("raw", "arxiv_id", "identifier"), [
    ("2401.00001", "2401.00001", ""),
    ("2401.00001v2", "2401.00001", ""),
    ("0704.0001", "0704.0001", ""),
    ("1501.0001", "1501.0001", ""),
    ("hep-th/9901001", "hep-th/9901001", ""),
    ("hep-th/9901001v3", "hep-th/9901001", ""),
    ("math.AG/0101001", "math.AG/0101001", ""),
    ("cond-mat.str-el/0101001", "cond-mat.str-el/0101001", ""),
    ("arXiv:2401.00001", "2401.00001", ""),
    ("https://arxiv.org/abs/2401.00001v1", "2401.00001", ""),
    ("https://arxiv.org/pdf/2401.00001.pdf", "2401.00001", ""),
    ("10.18653/v1/2023.acl-long.1", "", "10.18653/v1/2023.acl-long.1"),
    ("W2963403868", "", "W2963403868"),
    ("2401.001", "", "2401.001"),
    ("", "", ""),
])
def test_identifiers(raw: str, arxiv_id: str, identifier: str) -> None:
    p = record_to_paper({"id": raw, "title": "A Title"}, "f.jsonl", 1, "jsonl")
    assert (p.arxiv_id, p.identifier) == (arxiv_id, identifier)
    assert p.key == (f"arxiv:{arxiv_id}" if arxiv_id else "title:atitle")


@pytest.mark.parametrize(("field", "value", "expected"), [
    ("update_date", "2024-01-02", "2024-01-02"),
    ("publishedAt", "2024-03-14T17:51:32.000Z", "2024-03-14"),
    ("date", "March 2024", ""),
    ("date", 1710000000, ""),
])
def test_dates(field: str, value: Any, expected: str) -> None:
    assert record_to_paper({"title": "T t", field: value}, "f", 1, "json").date == expected


@pytest.mark.parametrize(("cats", "expected"), [
    ("cs.CL cs.LG", ("cs.CL", "cs.LG")), (["cs.CV", 3, "stat.ML"], ("cs.CV", "stat.ML")),
    (None, ()), ({"a": 1}, ()),
])
def test_categories(cats: Any, expected: tuple[str, ...]) -> None:
    assert record_to_paper({"title": "T t", "categories": cats}, "f", 1, "json").categories \
        == expected


def test_malformed_jsonl_line_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.jsonl",
                 jsonl({"title": "Good One"}) + "\n" + '{"title": "broken"\n'
                 + jsonl({"title": "Good Two"}))
    with pytest.raises(InputError) as info:
        list(read_papers([path]))
    assert (info.value.path, info.value.line) == (path, 3)
    assert str(info.value).startswith(f"{path}:3: malformed JSON")


def test_on_error_reports_and_reads_the_rest(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.jsonl",
                 jsonl({"title": "Good One"}) + "not json\n" + jsonl({"abstract": "no title"})
                 + "[1, 2]\n" + jsonl({"title": "Good Two"}))
    errors: list[InputError] = []
    papers = list(read_papers([path], on_error=errors.append))
    assert [(p.title, p.sources[0].line) for p in papers] == [("Good One", 1), ("Good Two", 5)]
    assert [(e.path, e.line) for e in errors] == [(path, 2), (path, 3), (path, 4)]
    assert "no title" in errors[1].message
    assert "expected a JSON object" in errors[2].message


@pytest.mark.parametrize("rec", [{"abstract": "A."}, {"title": ""}, {"title": "   "},
                                 {"title": None}, {"title": ["x"]}, {"paper": {"id": "1"}}])
def test_record_without_title_raises(tmp_path: Path, rec: dict[str, Any]) -> None:
    path = write(tmp_path, "r.jsonl", jsonl({"title": "Fine"}, rec))
    with pytest.raises(InputError, match="no title") as info:
        list(read_papers([path]))
    assert (info.value.path, info.value.line) == (path, 2)


def test_record_without_title_in_json_document_raises(tmp_path: Path) -> None:
    path = write(tmp_path, "r.json", json.dumps({"papers": [{"title": "Fine"}, {"id": "x"}]}))
    with pytest.raises(InputError, match="no title") as info:
        list(read_papers([path]))
    # records of a JSON document are named by their position, not by a line
    assert (info.value.path, info.value.line) == (path, None)
    assert str(info.value) == f"{path}: record 2: record has no title"


def test_malformed_json_document_raises_with_line(tmp_path: Path) -> None:
    path = write(tmp_path, "r.json", '[\n {"title": "a"},\n {"title": }\n]')
    with pytest.raises(InputError, match="malformed JSON") as info:
        list(read_papers([path]))
    assert (info.value.path, info.value.line) == (path, 3)


def test_malformed_json_document_keeps_the_records_before_the_error(tmp_path: Path) -> None:
    bad = write(tmp_path, "a.json", '[\n {"title": "Kept Paper"},\n {"title": }\n]')
    good = write(tmp_path, "b.jsonl", jsonl({"title": "Good Paper"}))
    errors: list[InputError] = []
    titles = [p.title for p in read_papers([bad, good], on_error=errors.append)]
    assert titles == ["Kept Paper", "Good Paper"]
    assert [(e.path, e.line) for e in errors] == [(bad, 3)]
    assert errors[0].message == ("malformed JSON: Expecting value (column 12); the records after "
                                 "record 1 are not read")


@pytest.mark.parametrize("text", ["[" * 100_000, '{"title": "T", "n": ' + "1" * 5000 + "}"])
def test_pathological_json_is_an_input_error(tmp_path: Path, text: str) -> None:
    with pytest.raises(InputError, match="malformed JSON"):
        list(read_papers([write(tmp_path, "p.json", text)]))
    errors: list[InputError] = []
    path = write(tmp_path, "p.jsonl", text + "\n" + jsonl({"title": "Fine Paper"}))
    assert [p.title for p in read_papers([path], on_error=errors.append)] == ["Fine Paper"]
    assert [(e.path, e.line) for e in errors] == [(path, 1)]


def test_line_separator_inside_a_jsonl_string(tmp_path: Path) -> None:
    # json.dumps(ensure_ascii=False) leaves U+2028/U+2029/U+0085 raw; they do not end a line
    recs = [{"title": "One\u2028Two", "abstract": "a\u2029b\x85c\x0cd"}, {"title": "Next"}]
    path = write(tmp_path, "u.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n"
                                              for r in recs))
    assert [(p.title, p.abstract, p.sources[0].line) for p in read_papers([path])] == [
        ("One Two", "a b c d", 1), ("Next", "", 2)]


def test_crlf_and_bom_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "w.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + jsonl({"title": "A a"}, {"title": "B b"})
                     .replace("\n", "\r\n").encode())
    assert [(p.title, p.sources[0].line) for p in read_papers([str(path)])] == [
        ("A a", 1), ("B b", 2)]


# --- properties --------------------------------------------------------------------------

printable = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
good_records = st.fixed_dictionaries(
    {"title": printable.filter(lambda s: bool(clean_text(s)))},
    optional={"abstract": printable, "id": st.sampled_from(["2401.00001", "hep-th/9901001", "x"]),
              "authors": st.one_of(printable, st.lists(printable, max_size=3)),
              "categories": printable})
garbage = st.text(st.characters(blacklist_characters="\x00\r\n", blacklist_categories=("Cs",)),
                  max_size=30).filter(lambda s: not s.lstrip().startswith("{"))


@settings(max_examples=80, deadline=None)
@given(st.lists(st.one_of(good_records.map(lambda r: ("good", r)),
                          garbage.map(lambda g: ("junk", g))), max_size=8),
       st.booleans())
def test_jsonl_reader_never_loses_a_well_formed_record(items: list[tuple[str, Any]],
                                                       ascii_only: bool) -> None:
    lines = [json.dumps(x, ensure_ascii=ascii_only) if kind == "good" else x
             for kind, x in items]
    expected = [(clean_text(x["title"]), i + 1) for i, (kind, x) in enumerate(items)
                if kind == "good"]
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "p.jsonl"
        path.write_text("".join(ln + "\n" for ln in lines), encoding="utf-8")
        errors: list[InputError] = []
        got = [(p.title, p.sources[0].line)
               for p in read_papers([str(path)], on_error=errors.append)]
    assert [g for g in got if g in expected] == expected
    assert all(e.path == str(path) and e.line for e in errors)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_jsonl_reader_raises_only_input_error(text: str) -> None:
    lines = text.split("\n")
    try:
        papers = list(read_jsonl(lines, "t.jsonl"))
    except InputError as e:
        assert e.path == "t.jsonl" and e.line is not None and 1 <= e.line <= len(lines)
        return
    assert all(p.title for p in papers)
    errors: list[InputError] = []
    assert list(read_jsonl(lines, "t.jsonl", on_error=errors.append)) == papers


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(["title", "abstract", "summary", "id", "authors",
                                       "authors_parsed", "categories", "paper", "date",
                                       "publishedAt", "name", "first", "last", "papers"]),
                      inner, max_size=5),
    max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_any_json_value_gives_papers_or_input_error(value: Any) -> None:
    text = json.dumps(value)
    for reader in (lambda: read_json(text, "v.json"), lambda: read_jsonl([text], "v.jsonl")):
        try:
            papers = list(reader())
        except InputError:
            continue
        for p in papers:
            assert p.title and all(isinstance(a, str) and a for a in p.authors)
            assert all(isinstance(c, str) for c in p.categories)


@pytest.mark.parametrize(("raw", "stored"), [
    ("Ctl\u0000\u0001 title\u007f", "Ctl title"),
    ("Red \u001b[31mtext\u001b[0m", "Red [31mtext [0m"),
    ("Lone \ud800 surrogate", "Lone \ufffd surrogate"),
    ("Non\uffffchar\ufffe", "Non char"),
    ("Zero\ufeffwidth", "Zero width"),
    ("Keep \u202eRTL עברית 🤗 \u200d", "Keep \u202eRTL עברית 🤗 \u200d"),
])
def test_control_characters_and_surrogates_are_not_stored(tmp_path: Path, raw: str,
                                                          stored: str) -> None:
    # written as JSON escapes (ensure_ascii), which the reader turns into the characters
    line = json.dumps({"title": raw, "abstract": raw, "categories": "cs.CL\u0000 cs.LG"})
    (p,) = read_papers([write(tmp_path, "c.jsonl", line + "\n")])
    assert (p.title, p.abstract) == (stored, stored)
    assert p.categories == ("cs.CL", "cs.LG")
    # what XML 1.0 (RDF/XML export, the HTML page) cannot hold is gone
    assert not any(ord(c) < 32 or 0xD800 <= ord(c) <= 0xDFFF or c in "\ufffe\uffff"
                   for c in p.title + p.abstract)


# --- one JSON document, read in pieces ------------------------------------------------------

def test_json_document_records_are_streamed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first paper comes out after its own piece is read, not after the whole document."""
    monkeypatch.setattr(jsonrec, "_READ", 10_000)
    records = [{"title": f"Paper Number {i}", "abstract": "x " * 50} for i in range(2000)]
    text = json.dumps({"papers": records}, indent=1)
    lines = text.splitlines(keepends=True)
    read = 0

    def pieces() -> Any:
        nonlocal read
        for line in lines:
            read += 1
            yield line

    papers = read_json(pieces(), "big.json")
    assert next(papers).title == "Paper Number 0"
    assert read < 400  # about 10,000 characters (257 lines) of 280,000 (8,004 lines)
    assert sum(1 for _ in papers) == len(records) - 1 and read == len(lines)


@pytest.mark.parametrize(("raw", "cut"), [
    (b"abc", 3), ("é".encode(), 2), ("é".encode()[:1], 0), (b"ab" + "€".encode()[:2], 2),
    (b"a" + "𝄞".encode()[:3], 1), (b"a" + "𝄞".encode(), 5), (b"\x80\x80", 2), (b"", 0)])
def test_utf8_cut_never_splits_a_character(raw: bytes, cut: int) -> None:
    assert _utf8_cut(raw) == cut


def test_one_line_document_is_read_in_pieces(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(detect, "PIECE", 1000)
    records = [{"title": f"Título número {i} 𝄞", "abstract": "ünïcödé " * 40} for i in range(300)]
    path = write(tmp_path, "one.json", json.dumps(records, ensure_ascii=False))
    pieces = list(detect._open_text(path))
    assert len(pieces) > 100 and all(not p.endswith("\n") for p in pieces)
    assert "".join(pieces) == Path(path).read_text(encoding="utf-8")
    titles = [p.title for p in read_papers([path])]
    assert titles == [clean_text(r["title"]) for r in records]


def test_long_jsonl_lines_are_whole_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(detect, "PIECE", 100)
    recs = [{"title": f"Paper {i}", "abstract": "long text " * 30} for i in range(5)]
    path = write(tmp_path, "l.jsonl", jsonl(*recs))
    assert [(p.title, p.sources[0].line) for p in read_papers([path])] == [
        (f"Paper {i}", i + 1) for i in range(5)]
    assert list(whole_lines(["ab", "c\n", "d\r\n", "e", "f"])) == ["abc\n", "d\r\n", "ef"]


def chop(text: str, sizes: list[int]) -> list[str]:
    """``text`` in pieces that never cross a line end (as kg's reader gives them)."""
    out = []
    for line in text.splitlines(keepends=True):
        i = 0
        for n in sizes or [len(line)]:
            if i >= len(line):
                break
            out.append(line[i:i + n])
            i += n
        if i < len(line):
            out.append(line[i:])
    return out


documents = st.one_of(
    st.lists(json_values, max_size=6),
    st.dictionaries(st.sampled_from(["papers", "data", "title", "x"]),
                    st.lists(json_values, max_size=4) | json_values, max_size=3),
    json_values)


@settings(max_examples=300, deadline=None)
@given(documents, st.sampled_from([None, 0, 1, 2]), st.lists(st.integers(1, 7), max_size=4),
       st.integers(1, 40), st.data())
def test_json_document_in_pieces_reads_as_json_loads(doc: Any, indent: int | None,
                                                     sizes: list[int], read: int,
                                                     data: st.DataObject) -> None:
    """Any document, cut anywhere between lines and inside them, with any reading size: the
    same papers as a document parsed whole, and on a syntax error the line json.loads names."""
    text = json.dumps(doc, indent=indent, ensure_ascii=data.draw(st.booleans()))
    if data.draw(st.booleans()) and text:
        text = text[:data.draw(st.integers(0, len(text) - 1))]  # a cut-off download
    valid = True
    try:
        whole: Any = json.loads(text)
    except ValueError as e:
        valid, whole = False, None
        wanted_line, wanted_col = getattr(e, "lineno", None), getattr(e, "colno", None)

    def papers(reading: int) -> tuple[list[Paper], list[InputError]]:
        errors: list[InputError] = []
        old = jsonrec._READ
        jsonrec._READ = reading
        try:
            return list(read_json(chop(text, sizes), "d.json", on_error=errors.append)), errors
        finally:
            jsonrec._READ = old

    got, errors = papers(read)
    again, errors_again = papers(1 << 20)
    assert got == again
    assert [(str(e), e.line) for e in errors] == [(str(e), e.line) for e in errors_again]
    if valid:
        assert not [e for e in errors if "malformed" in e.message]
        if isinstance(whole, dict) and not any(isinstance(whole.get(k), list)
                                               for k in ("papers", "data")):
            assert len(got) <= 1
    else:
        (err,) = [e for e in errors if "malformed" in e.message]
        if wanted_line is not None:
            assert err.line == wanted_line
            assert f"(column {wanted_col})" in err.message
