"""Hugging Face "Daily Papers" text listings -> Papers (kg.ingest.text, read through kg.ingest)."""
from __future__ import annotations

import string
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.ingest import read_papers
from kg.ingest.text import is_abstract, is_furniture, read_listing

# Abstracts are long running prose (>= 120 chars with two sentences, or >= 300 chars).
ABS1 = ("We present a subword grammar for speech recognition in Tamil and Kannada. It recognises "
        "an unlimited vocabulary and cuts the word error rate by twelve points on two corpora.")
ABS2 = ("We explore byte pair encoding (BPE) for agglutinative languages. A variant of it, with "
        "Viterbi estimation, learns a subword dictionary that beats word-based systems clearly.")
ABS3 = ("Large language models (LLMs) reason poorly over long horizons. We train a verifier with "
        "Monte Carlo Tree Search (MCTS) and report strong gains on GSM8K and MATH benchmarks.")
ABS3_PART2 = ("In a second paragraph we describe the ablations. Removing the verifier costs nine "
              "points, and removing the search costs four points on every benchmark we tried.")

FURNITURE = [
    "new", "Subscribe", "Daily Papers", "by AK and the research community",
    "byAK and the research community", "Get trending papers in your email inbox!",
    "Mar 12", "Mar 14", "Published on Mar 12", "Mar 12, 2024", "2024-03-12", "42", "1.2k",
    "Submitted by akhaliq", "· 5 authors", "Previous", "Next day", "Trending", "Upvote",
]


def write(tmp_path: Path, text: str, name: str = "listing.txt", newline: str = "\n",
          bom: bool = False) -> str:
    path = tmp_path / name
    data = text.replace("\n", newline).encode("utf-8")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return str(path)


def triples(papers: list) -> list[tuple[str, str, int]]:
    return [(p.title, p.abstract, p.sources[0].line) for p in papers]


@pytest.mark.parametrize("line", FURNITURE)
def test_furniture_lines_are_recognised(line: str) -> None:
    assert is_furniture(line)
    assert is_furniture(f"  {line}  ")


@pytest.mark.parametrize("line", [
    "Weak-to-Strong Reasoning", "Qwen2 Technical Report", "Programming Puzzles",
    "New Paradigms for Subscribe Buttons", "Daily Papers Are Good For You", "March of Progress",
])
def test_titles_are_not_furniture(line: str) -> None:
    assert not is_furniture(line)
    assert not is_abstract(line)


def test_header_furniture_is_skipped_and_pairs_are_kept(tmp_path: Path) -> None:
    text = (
        "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\n"
        "by AK and the research community\n\nbyAK and the research community\n\nMar 12\n\n"
        "Subword Grammar Modeling for Speech Recognition\n\n" + ABS1 + "\n\n"
        "Mar 14\n\n37\n\n"
        "Subword Dictionary Learning for Tamil\n\n" + ABS2 + "\n"
    )
    papers = list(read_papers([write(tmp_path, text)]))
    assert triples(papers) == [
        ("Subword Grammar Modeling for Speech Recognition", ABS1, 15),
        ("Subword Dictionary Learning for Tamil", ABS2, 23),
    ]
    for p in papers:
        assert p.key == "title:" + "".join(c for c in p.title.lower() if c.isalnum())
        assert p.arxiv_id == ""
        (src,) = p.sources
        assert src.format == "daily-papers-text"
        assert src.path.endswith("listing.txt")
        assert (src.title, src.abstract) == (p.title, p.abstract)


def test_title_without_abstract_is_kept_and_does_not_shift_later_pairs(tmp_path: Path) -> None:
    text = ("First Title Here\n\n" + ABS1 + "\n\nOrphan Title With No Abstract\n\n"
            "Third Title Here\n\n" + ABS3 + "\n\nFourth Title Here\n\n" + ABS2 + "\n")
    assert triples(list(read_papers([write(tmp_path, text)]))) == [
        ("First Title Here", ABS1, 1),
        ("Orphan Title With No Abstract", "", 5),
        ("Third Title Here", ABS3, 7),
        ("Fourth Title Here", ABS2, 11),
    ]


def test_trailing_title_without_abstract_is_kept(tmp_path: Path) -> None:
    text = "First Title Here\n" + ABS1 + "\nLast Title Alone\n"
    assert triples(list(read_papers([write(tmp_path, text)]))) == [
        ("First Title Here", ABS1, 1), ("Last Title Alone", "", 3)]


@pytest.mark.parametrize("stray", ["Vision", "2 authors", "·", "37", "Mar 12", "🤗 Trending"])
def test_stray_short_line_does_not_steal_the_abstract(tmp_path: Path, stray: str) -> None:
    text = ("First Title Here\n\n" + stray + "\n\n" + ABS1 + "\n\n"
            "Second Title Here\n\n" + ABS2 + "\n")
    assert triples(list(read_papers([write(tmp_path, text)]))) == [
        ("First Title Here", ABS1, 1), ("Second Title Here", ABS2, 7)]


def test_multi_paragraph_abstract_is_joined(tmp_path: Path) -> None:
    text = ("Verifier Guided Search\n\n" + ABS3 + "\n\n" + ABS3_PART2 + "\n\n"
            "Next Paper Title\n\n" + ABS1 + "\n")
    assert triples(list(read_papers([write(tmp_path, text)]))) == [
        ("Verifier Guided Search", ABS3 + " " + ABS3_PART2, 1),
        ("Next Paper Title", ABS1, 7),
    ]


def test_prose_before_any_title_is_dropped(tmp_path: Path) -> None:
    text = ABS2 + "\n\nOnly Title Here\n\n" + ABS1 + "\n"
    assert triples(list(read_papers([write(tmp_path, text)]))) == [("Only Title Here", ABS1, 3)]


def test_whitespace_inside_lines_is_normalised(tmp_path: Path) -> None:
    text = "  Spaced \t Out   Title  \n\n" + ABS1.replace(" ", "  ") + "\n"
    assert triples(list(read_papers([write(tmp_path, text)]))) == [("Spaced Out Title", ABS1, 1)]


@pytest.mark.parametrize(("newline", "bom"), [("\n", False), ("\r\n", False), ("\r\n", True),
                                              ("\n", True), ("\r", False)])
def test_line_ends_and_bom_do_not_change_the_result(tmp_path: Path, newline: str,
                                                    bom: bool) -> None:
    text = ("new\n\nDaily Papers\n\nFirst Title Here\n\n" + ABS1 + "\n\n"
            "Orphan Title Here\n\nSecond Title Here\n\n" + ABS2 + "\n")
    papers = list(read_papers([write(tmp_path, text, newline=newline, bom=bom)]))
    assert triples(papers) == [
        ("First Title Here", ABS1, 5), ("Orphan Title Here", "", 9),
        ("Second Title Here", ABS2, 11)]
    assert all("\ufeff" not in p.title and "\r" not in p.abstract for p in papers)


def test_bom_alone_on_first_title_line(tmp_path: Path) -> None:
    papers = list(read_papers([write(tmp_path, "Title After Bom\n" + ABS1 + "\n", bom=True)]))
    assert triples(papers) == [("Title After Bom", ABS1, 1)]


def test_form_feed_and_line_separator_do_not_split_lines(tmp_path: Path) -> None:
    # str.splitlines() would split on these, shifting every later line number
    text = "Title\u2028One Here\n\n\x0c\n\nSecond Title\n" + ABS1 + "\n"
    assert triples(list(read_papers([write(tmp_path, text)]))) == [
        ("Title One Here", "", 1), ("Second Title", ABS1, 5)]


def test_crlf_split_across_read_blocks_keeps_line_numbers(tmp_path: Path) -> None:
    pad = "x" * ((1 << 20) - 1)  # the CR of the first CRLF is the last byte of the first block
    text = pad + "\nTitle After The Boundary\n" + ABS1 + "\n"
    papers = list(read_papers([write(tmp_path, text, newline="\r\n")]))
    assert triples(papers) == [("Title After The Boundary", ABS1, 2)]


def test_empty_and_furniture_only_listings_give_no_paper(tmp_path: Path) -> None:
    assert list(read_papers([write(tmp_path, "", name="a.txt")])) == []
    assert list(read_papers([write(tmp_path, "\n".join(FURNITURE) + "\n", name="b.txt")])) == []


# --- properties --------------------------------------------------------------------------

WORDS = ["Scaling", "Sparse", "Attention", "Retrieval", "Diffusion", "Agents", "Reasoning",
         "Vision", "Language", "Models", "Efficient", "Robust", "Learning", "Tokens", "Graph"]
titles = st.lists(st.sampled_from(WORDS), min_size=2, max_size=8).map(" ".join)
abstracts = st.lists(
    st.text(alphabet=string.ascii_lowercase + " ", min_size=20, max_size=80)
    .map(lambda s: "We " + " ".join(s.split()) + " results."),
    min_size=4, max_size=8).map(" ".join).filter(lambda a: len(a) >= 300)
pairs = st.lists(st.tuples(titles, st.one_of(st.just(""), abstracts)), min_size=1, max_size=6)


@settings(max_examples=60, deadline=None)
@given(pairs, st.lists(st.sampled_from(FURNITURE), max_size=6), st.data())
def test_well_formed_listing_loses_no_record(papers: list[tuple[str, str]], furniture: list[str],
                                             data: st.DataObject) -> None:
    lines: list[str] = []
    expected = []
    for title, abstract in papers:
        for f in data.draw(st.lists(st.sampled_from(FURNITURE), max_size=2)):
            lines += [f, ""]
        expected.append((title, abstract, len(lines) + 1))
        lines.append(title)
        if abstract:
            lines += ["", abstract]
        lines.append("")
    lines += furniture
    assert triples(list(read_listing([ln + "\n" for ln in lines], "p.txt"))) == expected


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_listing_reader_never_raises_on_arbitrary_text(text: str) -> None:
    lines = text.splitlines(keepends=True)
    for p in read_listing(lines, "p.txt"):
        assert p.title and p.title == " ".join(p.title.split())
        assert 1 <= p.sources[0].line <= len(lines)
        assert p.key.startswith("title:")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400), st.sampled_from(["x.txt", "x.md", "noext"]))
def test_reading_arbitrary_bytes_raises_only_input_error(data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / name
        path.write_bytes(data)
        try:
            papers = list(read_papers([str(path)]))
        except InputError as e:
            assert e.path == str(path)
            return
    assert all(p.title for p in papers)


@pytest.mark.parametrize("stray", ["Project Page Available Here", "Jane Doe, John Roe",
                                   "Code and Weights Released Soon"])
def test_stray_title_like_line_between_title_and_abstract_does_not_steal_it(
        tmp_path: Path, stray: str) -> None:
    title = "Subword Grammar for Speech Recognition in Tamil"
    text = (title + "\n\n" + stray + "\n\n" + ABS1 + "\n\nSecond Title Here\n\n" + ABS2 + "\n")
    assert triples(list(read_papers([write(tmp_path, text)]))) == [
        (title, ABS1, 1), ("Second Title Here", ABS2, 7)]
