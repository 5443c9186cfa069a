"""Reported numbers: "SORSA achieved 56.03% accuracy on GSM-8K" -> a Result record."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from kg.extract.candidates import Cand, sents_of, text_of
from kg.extract.lexicon import Lexicon
from kg.records import Result

_VALUE = re.compile(r"(?<![\w.])(\d{1,4}(?:\.\d+)?)\s?(%|\s?points?\b|pp\b)")


def find_results(doc: Doc, cands: list[Cand], lex: Lexicon) -> list[Result]:
    """One Result per percentage tied to a system (model or method) in the same sentence."""
    out: list[Result] = []
    text = text_of(doc)
    tlen = text.find("\n\n")
    tlen = len(text) if tlen < 0 else tlen
    for si, sent in enumerate(sents_of(doc)):
        s0, s1 = sent.start_char, sent.end_char
        inside = [c for c in cands if s0 <= c.start < s1 and c.type in
                  ("Model", "Method", "Dataset")]
        if not inside:
            continue
        for m in _VALUE.finditer(text, s0, s1):
            vstart = m.start()
            systems = [c for c in inside if c.type in ("Model", "Method") and c.end <= vstart]
            if not systems:
                continue
            # "LoRA (42.30%)": the value in brackets belongs to the name right before it
            system = systems[-1]
            datasets = [c for c in inside if c.type == "Dataset"]
            dataset = _nearest(datasets, vstart)
            metric = _metric(text[s0:s1].lower(), vstart - s0, lex)
            if dataset is None and not metric:
                continue
            unit = "%" if m.group(2) == "%" else "points"
            section = "title" if vstart < tlen else "abstract"
            base = 0 if section == "title" else tlen + 2
            out.append(Result(
                sentence=si, system=text[system.start:system.end],
                dataset=text[dataset.start:dataset.end] if dataset else "",
                metric=metric, value=m.group(1), unit=unit, section=section,
                start=vstart - base, end=m.end() - base,
            ))
    return out


def _nearest(cs: list[Cand], pos: int) -> Cand | None:
    return min(cs, key=lambda c: (abs(c.start - pos), c.start)) if cs else None


def _metric(sentence: str, pos: int, lex: Lexicon) -> str:
    best, dist = "", 10**9
    for name in lex.metrics:
        for m in re.finditer(r"(?<![\w@])" + re.escape(name) + r"(?![\w@])", sentence):
            d = abs(m.start() - pos)
            if d < dist:
                best, dist = name, d
    return best if dist <= 80 else ""
