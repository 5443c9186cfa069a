"""Reported numbers: "SORSA achieved 56.03% accuracy on GSM-8K" -> a Result record."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from kg.extract.candidates import Cand, sents_of, text_of
from kg.extract.lexicon import Lexicon
from kg.records import Result

_VALUE = re.compile(r"(?<![\w.])(\d{1,4}(?:\.\d+)?)\s?(%|\s?points?\b|pp\b)")
_RESULT_VERBS = re.compile(r"\b(?:achiev|reach|obtain|attain|scor|yield|surpass|outperform|"
                           r"improv|boost|deliver|record|set)\w*", re.I)
# "Full FT (7.22%)": the words right before a bracketed value name its system
_CLAUSE_CUT = re.compile(r",\s*(?:while|whereas|but|and|yet)\b")
_BRACKETED = re.compile(r"((?:[A-Z][\w.+-]*)(?:\s+[A-Z][\w.+-]*){0,3})\s*\(\s*$")


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
            system_name = _system(text, s0, vstart, systems)
            if not system_name:
                continue
            datasets = [c for c in inside if c.type == "Dataset"]
            dataset = _nearest(datasets, vstart)
            metric = _metric(text[s0:s1].lower(), vstart - s0, lex)
            if dataset is None and not metric:
                continue
            unit = "%" if m.group(2) == "%" else "points"
            section = "title" if vstart < tlen else "abstract"
            base = 0 if section == "title" else tlen + 2
            out.append(Result(
                sentence=si, system=system_name,
                dataset=text[dataset.start:dataset.end] if dataset else "",
                metric=metric, value=m.group(1), unit=unit, section=section,
                start=vstart - base, end=m.end() - base,
            ))
    return out


def _system(text: str, s0: int, vstart: int, systems: list[Cand]) -> str:
    """Whose number is it? "LoRA (42.30%)" and "Full FT (7.22%)": the name before the
    bracket. "Orca-Math, based on Mistral-7B, achieves 86.81%": the first system of the
    clause before the result verb. Otherwise the nearest system before the value."""
    before = text[s0:vstart]
    bracket = _BRACKETED.search(before)
    if bracket:
        name_end = s0 + bracket.end(1)
        for c in reversed(systems):
            if c.end == name_end:
                return text[c.start:c.end]
        if not any(s.start < name_end <= s.end for s in systems):
            words = bracket.group(1).split()
            # a short last word is part of a two-word name ("Full FT"), else the last word
            return " ".join(words[-2:]) if len(words) >= 2 and len(words[-1]) <= 3 else words[-1]
    verbs = list(_RESULT_VERBS.finditer(before))
    if verbs and systems:
        # a clause starts at ";" or at a comma and a conjunction ("X reaches 83.8%, while Y
        # reaches 90.7%"), not at any comma ("X, based on Y, achieves 86.81%"); a clause
        # without a system of its own ("X, ..., and tuned on code, achieves") is the verb's
        # part of the one before
        verb = s0 + verbs[-1].start()
        base = before.rfind(";", 0, verbs[-1].start()) + 1  # never back across a ";"
        cuts = [base] + [m.end() for m in _CLAUSE_CUT.finditer(before, base, verbs[-1].start())]
        for cut in reversed(cuts):
            in_clause = [c for c in systems if s0 + cut <= c.start < verb]
            if in_clause:
                return text[in_clause[0].start:in_clause[0].end]
    return text[systems[-1].start:systems[-1].end] if systems else ""


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
