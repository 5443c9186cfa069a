"""Schwartz-Hearst acronym definitions (kg.extract.abbrev)."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.abbrev import Abbreviation, find_abbreviations


def pairs(text: str) -> list[tuple[str, str]]:
    found = find_abbreviations(text)
    for a in found:
        assert text[a.long_start:a.long_end] == a.long
        assert text[a.short_start:a.short_end] == a.short
        assert a.long_end <= a.short_start
    return [(a.long, a.short) for a in found]


@pytest.mark.parametrize(("text", "expected"), [
    ("We explore byte pair encoding (BPE) for Tamil.", [("byte pair encoding", "BPE")]),
    ("We train it with Monte Carlo Tree Search (MCTS) and a verifier.",
     [("Monte Carlo Tree Search", "MCTS")]),
    ("Recent large language models (LLMs) reason well.",
     [("large language models", "LLMs")]),
    ("We propose Singular Values and Orthonormal Regularized Singular Vectors Adaptation, or "
     "SORSA, a novel PEFT method.",
     [("Singular Values and Orthonormal Regularized Singular Vectors Adaptation", "SORSA")]),
    ("reinforcement learning from human feedback (RLHF) is costly",
     [("reinforcement learning from human feedback", "RLHF")]),
    ("Retrieval-Augmented Generation (RAG) helps.", [("Retrieval-Augmented Generation", "RAG")]),
    ("We use chain-of-thought (CoT) prompting.", [("chain-of-thought", "CoT")]),
    ("We use low-rank adaptation (LoRA) on all layers.", [("low-rank adaptation", "LoRA")]),
    ("Direct Preference Optimization (DPO; Rafailov et al.) is simple.",
     [("Direct Preference Optimization", "DPO")]),
    ("We adopt Group Relative Policy Optimization (GRPO), which is cheap.",
     [("Group Relative Policy Optimization", "GRPO")]),
    ("Both byte pair encoding (BPE) and weighted finite state transducers (WFST) are used.",
     [("byte pair encoding", "BPE"), ("weighted finite state transducers", "WFST")]),
    # a digit after a letter counts the words that start with it
    ("We release a dataset of Python Programming Puzzles (P3).",
     [("Python Programming Puzzles", "P3")]),
    ("the Structured State Space sequence model (S4) is fast",
     [("Structured State Space sequence model", "S4")]),
    ("We use the Text-To-Text Transfer Transformer (T5).",
     [("Text-To-Text Transfer Transformer", "T5")]),
    # ... except a 2 between words joined by "to"
    ("Files persist and spread peer-to-peer (P2P) here.", [("peer-to-peer", "P2P")]),
    ("Text-to-image (T2I) models draw.", [("Text-to-image", "T2I")]),
    # a Title Case long form grows left over its name, never past a comma, a possessive or a
    # word with a digit
    ("However, Direct Preference Optimization (DPO) is unstable.",
     [("Direct Preference Optimization", "DPO")]),
    ("While Direct Preference Optimization (DPO) is simple, it overfits.",
     [("Direct Preference Optimization", "DPO")]),
    ("Furthermore, MetaChain's Retrieval-Augmented Generation (RAG) works.",
     [("Retrieval-Augmented Generation", "RAG")]),
    ("We compare Mistral-7B Supervised Fine-Tuning (SFT) with DPO.",
     [("Supervised Fine-Tuning", "SFT")]),
    ("Recently, the Weisfeiler-Lehman (WL) test was used.", [("Weisfeiler-Lehman", "WL")]),
])
def test_definitions_are_found(text: str, expected: list[tuple[str, str]]) -> None:
    assert pairs(text) == expected


def test_offsets_of_a_definition() -> None:
    text = "We use byte pair encoding (BPE) here."
    assert find_abbreviations(text) == [Abbreviation("byte pair encoding", "BPE", 7, 25, 27, 30)]


@pytest.mark.parametrize("text", ['We use "byte pair encoding" (BPE) here.',
                                  "We use “byte pair encoding” (BPE) here.",
                                  "We use 'byte pair encoding (BPE)' here."])
def test_quoted_long_form_offsets_skip_the_quote(text: str) -> None:
    (a,) = find_abbreviations(text)
    assert a.long == "byte pair encoding" == text[a.long_start:a.long_end]
    assert a.short == "BPE" == text[a.short_start:a.short_end]


def test_or_form_offsets() -> None:
    text = "We propose Low-Rank Adaptation, or LoRA, for tuning."
    (a,) = find_abbreviations(text)
    assert (a.long, a.short) == ("Low-Rank Adaptation", "LoRA")
    assert (a.short_start, a.short_end) == (35, 39)


@pytest.mark.parametrize("text", [
    "We reach an accuracy (56.03%) on GSM8K.",
    "as shown before (see Table 1).",
    "as in prior work (Hendrycks et al.).",
    "as in prior work (Hendrycks et al., 2021).",
    "We sample n items (n=5).",
    "The result is significant (p < 0.05).",
    "Our method (ours) wins.",
    "a model (e.g., BERT) works",
    "as shown (Figure 2)",
    "prior work (2023).",
    "the proposed method (Ours) is best",
    "a gain of 5 points (ACC) on it",
    "(BPE)",
    "models (LLMs)",
    "improves by 3% (CI 95%)",
    "with a strong baseline (GPT-4) here",
    "We propose a method, or MAGIC, that wins.",
    # the letters are there, but not three words in "t"
    "we measure it on the three splits of the test (T3)",
    "we fine-tune GPT models (GPT3) here",
])
def test_non_definitions_give_nothing(text: str) -> None:
    assert pairs(text) == []


@settings(max_examples=300, deadline=None)
@given(st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(["Large", "language", "models", "(", ")", "LLMs", "(LLMs)", ", or ",
                              "BPE", " ", ".", ",", "Tree", "Search", "MCTS", "of", "and", "$",
                              "^", "(a)", "é", "\n", '"', "“", "'"]), max_size=40).map("".join)))
def test_never_raises_and_offsets_are_consistent(text: str) -> None:
    for a in find_abbreviations(text):
        assert text[a.long_start:a.long_end] == a.long
        assert text[a.short_start:a.short_end] == a.short
        assert 2 <= len(a.short) <= 12 and len(a.long) > len(a.short)
        assert a.long_end <= a.short_start
