"""Merging copies of one paper across inputs (kg.ingest.dedupe)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.ingest import dedupe, read_papers, title_key
from kg.ingest.dedupe import norm_title
from kg.records import Paper, Source


def paper(title: str, abstract: str = "", *, arxiv: str = "", path: str = "a.txt", line: int = 1,
          authors: tuple[str, ...] = (), date: str = "", categories: tuple[str, ...] = (),
          fmt: str = "jsonl") -> Paper:
    return Paper(key=f"arxiv:{arxiv}" if arxiv else title_key(title), title=title,
                 abstract=abstract, arxiv_id=arxiv, authors=authors, date=date,
                 categories=categories,
                 sources=(Source(path, line, fmt, title=title, abstract=abstract),))


@pytest.mark.parametrize(("a", "b"), [
    ("S$^3$c-Math: Spontaneous Step-level Self-correction", "S^3c-Math: Spontaneous Step-Level "
     "Self-Correction"),
    ("Attention Is All You Need", "attention is all you need."),
    ("Attention  Is All\nYou Need", "Attention Is All You Need"),
    ("Café au Lait", "Cafe au lait"),
    ("$\\mathcal{O}(n)$ Attention", "O(n) Attention"),
    ("LLaMA: Open and Efficient", "LLaMA — Open and Efficient..."),
    ("Ｆｕｌｌｗｉｄｔｈ Title", "Fullwidth Title"),
])
def test_title_key_ignores_case_punctuation_accents_and_latex(a: str, b: str) -> None:
    assert title_key(a) == title_key(b)
    assert title_key(a).startswith("title:")


@pytest.mark.parametrize(("a", "b"), [
    ("GPT-4 Technical Report", "GPT-3 Technical Report"),
    ("Attention Is All You Need", "Attention Is Not All You Need"),
])
def test_title_key_separates_different_titles(a: str, b: str) -> None:
    assert title_key(a) != title_key(b)


def test_norm_title_examples() -> None:
    assert norm_title("S$^3$c-Math") == "s3cmath"
    assert norm_title("  Hello, World!  ") == "helloworld"


def test_same_arxiv_id_in_two_inputs_is_one_paper_with_both_sources(tmp_path: Path) -> None:
    a = tmp_path / "a.jsonl"
    a.write_text(json.dumps({"id": "2401.00001v1", "title": "Sparse Attention",
                             "abstract": "Short.", "authors": "A One"}) + "\n")
    b = tmp_path / "b.json"
    b.write_text(json.dumps([{"paper": {"id": "2401.00001", "title": "Sparse attention!",
                                        "summary": "A much longer abstract.",
                                        "publishedAt": "2024-01-05T00:00:00Z"}}]))
    (p,) = dedupe(read_papers([str(a), str(b)]))
    assert p.key == "arxiv:2401.00001"
    assert [(s.path, s.line, s.format) for s in p.sources] == [
        (str(a), 1, "jsonl"), (str(b), 1, "json")]
    # the fullest copy gives title and abstract; missing fields come from the others
    assert (p.title, p.abstract) == ("Sparse attention!", "A much longer abstract.")
    assert p.authors == ("A One",)
    assert p.date == "2024-01-05"
    # each source keeps its own copy's text
    assert [s.abstract for s in p.sources] == ["Short.", "A much longer abstract."]


def test_same_title_modulo_latex_is_one_paper() -> None:
    papers = dedupe([
        paper("S$^3$c-Math: Spontaneous Step-level Self-correction", "Abstract one.",
              path="a.txt", fmt="daily-papers-text"),
        paper("S^3c-Math: spontaneous step-level self-correction", "", path="b.txt",
              fmt="daily-papers-text"),
    ])
    assert len(papers) == 1
    assert papers[0].abstract == "Abstract one."
    assert [s.path for s in papers[0].sources] == ["a.txt", "b.txt"]


def test_title_only_copy_joins_the_single_arxiv_paper_with_that_title() -> None:
    papers = dedupe([
        paper("Quiet-STaR: Language Models Can Teach Themselves", "Listing abstract here.",
              path="listing.txt", line=9, fmt="daily-papers-text"),
        paper("Quiet-STaR: language models can teach themselves", "Short.", arxiv="2403.09629",
              path="api.json", line=2, authors=("Eric Zelikman",)),
    ])
    (p,) = papers
    assert p.key == "arxiv:2403.09629"
    assert p.arxiv_id == "2403.09629"
    assert p.abstract == "Listing abstract here."  # the fullest copy
    assert p.authors == ("Eric Zelikman",)
    assert [(s.path, s.line) for s in p.sources] == [("api.json", 2), ("listing.txt", 9)]


def test_two_arxiv_ids_with_one_title_stay_two_and_title_copy_stays_alone() -> None:
    papers = dedupe([
        paper("Technical Report", "A.", arxiv="2401.00001", path="a.jsonl"),
        paper("Technical Report", "B.", arxiv="2402.00002", path="b.jsonl"),
        paper("technical report", "C.", path="c.txt"),
    ])
    assert [p.key for p in papers] == ["arxiv:2401.00001", "arxiv:2402.00002",
                                       "title:technicalreport"]
    assert [p.abstract for p in papers] == ["A.", "B.", "C."]


def test_output_is_sorted_by_key_and_sources_by_path_and_line() -> None:
    papers = dedupe([
        paper("Zeta Paper", "z", path="b.txt", line=5),
        paper("Alpha Paper", "a", path="b.txt", line=1),
        paper("Zeta paper", "", path="a.txt", line=7),
        paper("Mid Paper", "m", arxiv="2401.00001", path="c.txt", line=3),
    ])
    assert [p.key for p in papers] == ["arxiv:2401.00001", "title:alphapaper", "title:zetapaper"]
    assert [(s.path, s.line) for s in papers[2].sources] == [("a.txt", 7), ("b.txt", 5)]


def test_identical_sources_are_not_duplicated() -> None:
    p = paper("Same Paper", "abc", path="a.txt", line=3)
    (merged,) = dedupe([p, p])
    assert merged.sources == p.sources


def test_tie_on_length_goes_to_the_text_that_sorts_first_wherever_it_was_read() -> None:
    a = paper("Tie Paper", "same length A", path="z.txt", line=9)
    b = paper("Tie paper", "same length B", path="a.txt", line=1)
    for order in ([a, b], [b, a]):
        (p,) = dedupe(order)
        assert (p.title, p.abstract) == ("Tie Paper", "same length A")
    # the same two texts read at swapped places: the same text is kept
    a2 = paper("Tie Paper", "same length A", path="a.txt", line=1)
    b2 = paper("Tie paper", "same length B", path="z.txt", line=9)
    (p,) = dedupe([b2, a2])
    assert (p.title, p.abstract) == ("Tie Paper", "same length A")


def test_duplicate_id_with_different_content_keeps_the_fullest_copy_in_any_order() -> None:
    short = paper("Sparse Attention", "Short abstract.", arxiv="2401.00001", path="b.jsonl",
                  line=1, authors=("A", "B", "C"))
    full = paper("Sparse Attention at Scale", "A much longer abstract of the same paper.",
                 arxiv="2401.00001", path="a.jsonl", line=7, authors=("A",), date="2024-01-02")
    same_len = paper("Sparse attention, v2", "A much longer abstract of the same paper!",
                     arxiv="2401.00001", path="c.jsonl", line=3, authors=("Z",))
    for order in ([short, full, same_len], [same_len, full, short], [full, short, same_len]):
        (p,) = dedupe(order)
        # longest abstract first, then most authors; "!" sorts before ".", so of the two
        # equally full copies the one ending in "!" wins
        assert (p.title, p.abstract) == ("Sparse attention, v2",
                                         "A much longer abstract of the same paper!")
        assert p.authors == ("Z",)
        assert p.date == "2024-01-02"  # filled from the copy that has one
        assert len(p.sources) == 3


def test_one_arxiv_id_with_two_titles_is_idempotent() -> None:
    # 2401.00001 is listed as "Alpha Paper" and "Beta Paper"; 2402.00002 as "Beta Paper": a
    # title-only "Beta Paper" could be either, so it stays alone, also on a second pass
    papers = [
        paper("Alpha Paper", "the longest abstract here", arxiv="2401.00001", path="a", line=1),
        paper("Beta Paper", "short", arxiv="2401.00001", path="a", line=2),
        paper("Beta Paper", "b", arxiv="2402.00002", path="a", line=3),
        paper("beta paper", "listing", path="l.txt", line=4),
    ]
    once = dedupe(papers)
    assert [p.key for p in once] == ["arxiv:2401.00001", "arxiv:2402.00002", "title:betapaper"]
    assert dedupe(once) == once


def test_empty_input() -> None:
    assert dedupe([]) == []


# --- order independence -------------------------------------------------------------------

TITLES = ["Sparse Attention", "sparse attention.", "S$^3$c-Math", "S^3c-math", "Dense Retrieval",
          "Technical Report"]
copies = st.lists(
    st.tuples(st.sampled_from(TITLES), st.sampled_from(["", "short", "a longer abstract"]),
              st.sampled_from(["", "2401.00001", "2402.00002"]),
              st.sampled_from([(), ("A",), ("A", "B")]), st.sampled_from(["", "2024-01-01"])),
    max_size=10)


@settings(max_examples=150, deadline=None)
@given(copies, st.randoms(use_true_random=False))
def test_kept_copy_is_independent_of_input_order(items: list, rnd) -> None:
    # each copy has its own (path, line), as readers guarantee
    papers = [paper(t, a, arxiv=x, authors=au, date=d, path=f"f{i % 3}.txt", line=i + 1)
              for i, (t, a, x, au, d) in enumerate(items)]
    expected = dedupe(papers)
    shuffled = list(papers)
    rnd.shuffle(shuffled)
    assert dedupe(shuffled) == expected
    assert dedupe(expected) == expected  # idempotent
    assert [p.key for p in expected] == sorted(p.key for p in expected)
    def where(ps: list[Paper]) -> list[tuple[str, int]]:
        return sorted({(s.path, s.line) for p in ps for s in p.sources})

    assert where(expected) == where(papers)
