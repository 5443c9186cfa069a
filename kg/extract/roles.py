"""Roles of mentions, decided from their sentence: introduces, uses, comparesWith, mentions,
addresses. A paper's link to an entity takes the strongest role of its mentions."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from kg.extract.candidates import Cand, sents_of, text_of
from kg.extract.lexicon import Lexicon

_USE_MARKERS = frozenset({"using", "use", "uses", "used", "with", "via", "on", "based", "adopt",
                          "apply", "applying", "applied", "employ", "employing", "leverage",
                          "leveraging", "fine-tune", "fine-tuned", "trained", "train",
                          "finetuned", "backbone", "built", "including", "includes", "and"})


def _self_sentence(text: str, lex: Lexicon) -> bool:
    low = " " + text.lower() + " "
    return any(re.search(r"(?<![a-z])" + re.escape(w) + r"(?![a-z])", low) for w in lex.self_words)


def _background(text: str, lex: Lexicon, first: bool) -> bool:
    if _self_sentence(text, lex):
        return False
    low = " " + text.lower() + " "
    return first or any(re.search(r"(?<![a-z])" + re.escape(w) + r"(?![a-z])", low)
                        for w in lex.background_cues)


def role_for(c: Cand, cue: str | None, background: bool) -> str:
    """The role one mention gets from the nearest cue word before it and its sentence kind."""
    if c.type == "Task":
        return "addresses"
    if c.introduced:
        return "introduces"
    if c.type == "Dataset":
        return "uses"
    if cue == "compare":
        return "comparesWith"
    if background and cue != "use":
        return "mentions"
    return "uses"


def assign_roles(doc: Doc, cands: list[Cand], lex: Lexicon) -> None:
    """Set ``role`` on every entity candidate (URLs get none)."""
    sents = list(sents_of(doc))
    tlen = text_of(doc).find("\n\n")
    tlen = len(text_of(doc)) if tlen < 0 else tlen
    abstract_first = next((i for i, s in enumerate(sents) if s.start_char > tlen), None)
    info = []
    for i, s in enumerate(sents):
        info.append(_background(s.text, lex, i == abstract_first) if s.start_char > tlen
                    else False)
    starts = [s.start_char for s in sents]
    for c in cands:
        if c.type in ("Repository", "Link"):
            continue
        si = _sentence_of(starts, c.start)
        sent = sents[si]
        cue = None
        for tok in reversed(doc[sent.start:sent.end]):
            if tok.idx >= c.start:
                continue
            if c.start - tok.idx > 120:
                break
            low = tok.lower_
            if low in lex.compare_cues and low not in ("improves", "improve", "gains",
                                                       "improvement", "improvements"):
                cue = "compare"
                break
            if low in _USE_MARKERS and low not in ("and",):
                cue = "use"
                break
        c.role = role_for(c, cue, info[si])


def _sentence_of(starts: list[int], char: int) -> int:
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= char:
            lo = mid
        else:
            hi = mid - 1
    return lo
