"""kg.extract.shapes: the word-bounded phrase counter agrees with the regex it replaces."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.shapes import word_count


def _by_regex(phrase: str, text: str) -> int:
    return len(re.findall(r"(?<![\w-])" + re.escape(phrase) + r"(?![\w-])", text))


@pytest.mark.parametrize(("phrase", "text", "expected"), [
    ("KB", "knowledge base (KB) and KB.", 2),
    ("KB", "KBs, a-KB, KB_x and KB-1 are not it", 0),
    ("graph attention", "graph attention network: Graph attention", 1),
    ("aa", "aaa aa", 1),
    ("a a", "a a a a", 2),  # non-overlapping, as re.findall counts
    ("é", "café é", 1),  # a letter with an accent is a word character too
    ("7", "a 7B model, 7 layers", 1),
])
def test_counts_whole_words(phrase: str, text: str, expected: int) -> None:
    assert word_count(phrase, text) == expected == _by_regex(phrase, text)


def test_stop_ends_the_count() -> None:
    assert word_count("x", "x x x x", stop=2) == 2
    assert word_count("x", "x", stop=2) == 1


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab -_.é1(", min_size=1, max_size=4),
       st.text(alphabet="ab -_.é1(", max_size=30))
def test_agrees_with_the_regex(phrase: str, text: str) -> None:
    assert word_count(phrase, text) == _by_regex(phrase, text)
