"""Reported numbers: "SORSA achieved 56.03% accuracy on GSM-8K" -> a Result record."""
from __future__ import annotations

import dataclasses
import re
from functools import lru_cache

from spacy.tokens import Doc

from kg.extract.candidates import Cand, sents_of, text_of
from kg.extract.lexicon import Lexicon
from kg.records import Result

# "56.03%", "56.03\\%" (LaTeX, as arXiv abstracts often write it), "3.1 points", "2 pp"
_VALUE = re.compile(r"(?<![\w.])(\d{1,4}(?:\.\d+)?)\s?(\\?%|\s?points?\b|pp\b)")
_RESULT_VERBS = re.compile(r"\b(?:achiev|reach|obtain|attain|scor|yield|surpass|outperform|"
                           r"improv|boost|deliver|record|set)\w*", re.I)
# "Full FT (7.22%)": the words right before a bracketed value name its system
_CLAUSE_CUT = re.compile(r",\s*(?:while|whereas|but|and|yet)\b")
_BRACKETED = re.compile(r"((?:[A-Z][\w.+-]*)(?:\s+[A-Z][\w.+-]*){0,3})\s*\(\s*$")


def find_results(doc: Doc, cands: list[Cand], lex: Lexicon,
                 measures: frozenset[str] = frozenset()) -> list[Result]:
    """One Result per reported number (percentage, points, ratio, or a score the sentence
    marks as one) tied to a system (model or method) of its sentence; never to a named
    metric (``measures``: their entity keys) or a mention written as a metric ("FID")."""
    out: list[Result] = []
    text = text_of(doc)
    tlen = text.find("\n\n")
    tlen = len(text) if tlen < 0 else tlen
    own = _own_system(text, cands, tlen)
    last: dict[str, tuple[int, str]] = {}  # system -> sentence and dataset of its last result
    for si, sent in enumerate(sents_of(doc)):
        s0, s1 = sent.start_char, sent.end_char
        inside = [c for c in cands if s0 <= c.start < s1 and c.type in
                  ("Model", "Method", "Dataset") and c.key not in measures
                  and text[c.start:c.end].lower() not in lex.metrics_lower]
        if not inside:
            continue
        datasets = [c for c in inside if c.type == "Dataset"]
        starts, paired = _pairs(text, s0, s1)
        for m, unit in _values(text, s0, s1, datasets, paired):
            vstart = m.start()
            systems = [c for c in inside if c.type in ("Model", "Method") and c.end <= vstart]
            named = [c for c in datasets if c.end <= vstart]
            system_name = _system(text, s0, vstart, systems, named, own, ratio=unit == "x")
            if vstart in starts:  # "improves X from 53% to 65%": 53% was the system before
                system_name = _baseline(text, s0, vstart, systems, system_name)
            if not system_name:
                continue
            dataset = _dataset(text, vstart, m.end(), datasets)
            if unit == "x":  # "12.2x": a ratio, of what the words around it say
                metric = _metric(text[s0:s1], vstart - s0, m.end() - s0, lex.ratio_metrics,
                                 60)
                if not metric:
                    continue
            else:
                metric = _metric(text[s0:s1], vstart - s0, m.end() - s0, lex.metrics)
            name = text[dataset.start:dataset.end] if dataset else ""
            if not name and not metric:
                # "X reaches 35.3% on GSM8K. X also outperforms Y by 6.4% points.": the
                # sentence right after one with X's results goes on about their dataset
                prev = last.get(system_name)
                if prev is None or prev[0] < si - 1 or unit == "x" or \
                        not _RESULT_VERBS.search(text, s0, vstart):
                    continue
                name = prev[1]
            section = "title" if vstart < tlen else "abstract"
            base = 0 if section == "title" else tlen + 2
            out.append(Result(
                sentence=si, system=system_name, dataset=name,
                metric=metric, value=m.group(1), unit=unit, section=section,
                start=vstart - base, end=m.end() - base,
            ))
            if name:
                last[system_name] = (si, name)
        _respectively(out, si, text[s0:s1], [text[d.start:d.end] for d in datasets])
    return out


def _respectively(out: list[Result], si: int, sentence: str, datasets: list[str]) -> None:
    """"68.5% and 81.4% on SSv2 and Kinetics-400, respectively": as many results as datasets
    in a sentence that says "respectively" go to them in order."""
    if "respectively" not in sentence:
        return
    names = list(dict.fromkeys(datasets))
    mine = [i for i, r in enumerate(out) if r.sentence == si]
    if len(names) < 2 or len(mine) != len(names):
        return
    for i, name in zip(mine, names, strict=True):
        out[i] = dataclasses.replace(out[i], dataset=name)


# "12.2x", "1.8X", "3x-6x" (not "8x7B")
_RATIO = re.compile(r"(?<![\w.])(\d{1,4}(?:\.\d+)?)\s?[x\u00d7X](?![\w])")
# a number without a unit: "95.1 on HumanEval", "from 61.79 to 66.94"
_BARE = re.compile(r"(?<![\w.$])(\d{1,3}\.\d{1,2})(?![\w%\u00d7]|\.\d|\s?(?:\\?%|points?\b|pp\b))")
_BARE_PAIR = re.compile(r"\b(?:from|and)\s+(" + _BARE.pattern + r")\s+to\s+" + _BARE.pattern)


def _values(text: str, s0: int, s1: int, datasets: list[Cand],
            paired: set[int]) -> list[tuple[re.Match[str], str]]:
    """The reported numbers of a sentence, in order, with their unit: percentages and
    points, ratios ("x"), and numbers without a unit ("") where the sentence says they are
    scores: right before "on <dataset>" or in "from A to B" (``paired``: where those start)."""
    found = [(m, "%" if m.group(2).endswith("%") else "points")
             for m in _VALUE.finditer(text, s0, s1)]
    found += [(m, "x") for m in _RATIO.finditer(text, s0, s1)]
    # the upper end of a range ("3x-6x", "1.6-2.9%") is not a number of its own
    found = [(m, u) for m, u in found if not _RANGE_END.search(text, max(s0, m.start() - 12),
                                                               m.start())]
    for m in _BARE.finditer(text, s0, s1):
        on = any(d.start >= m.end() and _ON.fullmatch(text, m.end(), d.start) for d in datasets)
        if on or m.start() in paired:
            found.append((m, ""))
    return sorted(found, key=lambda mu: mu[0].start())


_ON = re.compile(r"\s+on\s+(?:the\s+)?")
_RANGE_END = re.compile(r"\d(?:\.\d+)?\s?(?:[x\u00d7X]|\\?%)?\s?[-\u2013~]\s?$")


def _own_system(text: str, cands: list[Cand], tlen: int) -> str:
    """The system the paper presents, for "we" and "our method": the one model or method
    it introduces (named the same wherever it is introduced; the title's first if several)."""
    intro = [c for c in cands if c.type in ("Model", "Method") and c.role == "introduces"]
    names = {text[c.start:c.end] for c in intro}
    if len(names) == 1:
        return names.pop()
    titled = [c for c in intro if c.end <= tlen]
    return text[titled[0].start:titled[0].end] if titled else ""


# the paper's own system as the subject: "we achieve", "our method significantly improves"
_OURS = re.compile(r"\b(?:[Ww]e|[Oo]ur\s+(?:[\w-]+\s+){0,2}?(?:method|approach|model|framework|"
                   r"system|technique|algorithm|agent|pipeline|strategy)s?)\b")
_OURS_BEFORE_VERB = re.compile(_OURS.pattern + r"(?:\s+\w+ly|\s+(?:can|also|further|then))*\s*$")
# a clause that opens with a phrase of its own before its subject: "Leveraging Y, X achieves",
# "Compared with Y, X improves", "On GSM8K, X reaches"
_FRONTED = re.compile(r"\s*(?:[A-Z][a-z]+ing|By|With|Based|Compared|On|In|For|Unlike|Trained|"
                      r"Given|After|When|Without|Through|Via|Across|Under|Despite|Although|"
                      r"As|Starting|Built|Fine-tuned|Equipped)\b[^,;]*,")
# what may stand between a subject and its verb: adverbs, "can", "also" ("X also reaches")
_ADJACENT = re.compile(r"(?:\s+(?:\w+ly|can|also|further|then|still))*\s+$")
# a system named as what is compared against: "faster than existing X methods", "over LoRA"
_COMPARED_BEFORE = re.compile(r"\b(?:than|over|compared\s+(?:to|with)|against|relative\s+to|"
                              r"versus|vs\.?|outperform\w*|surpass\w*|beat\w*)"
                              r"\s+(?:[\w-]+\s+){0,2}$", re.I)


def _system(text: str, s0: int, vstart: int, systems: list[Cand], datasets: list[Cand],
            own: str = "", ratio: bool = False) -> str:
    """Whose number is it? "LoRA (42.30%)" and "Full FT (7.22%)": the name before the
    bracket (not a dataset's: "GSM8K (56.0%)" is a score on GSM8K). "SubgoalXL achieves":
    the system right before the result verb; "Orca-Math, based on Mistral-7B, achieves":
    the first system of the clause before it; "we achieve" and "our method improves": the
    paper's own system. Otherwise the nearest system before the value. A bracketed ratio
    is the subject's, not the bracketed name's ("X, compared with 1000-step Y (20x speedup)")."""
    before = text[s0:vstart]
    bracket = None if ratio else _BRACKETED.search(before)
    if bracket and not any(d.end == s0 + bracket.end(1) for d in datasets):
        name_end = s0 + bracket.end(1)
        for c in reversed(systems):
            if c.end == name_end:
                return text[c.start:c.end]
        if not any(s.start < name_end <= s.end for s in systems):
            words = bracket.group(1).split()
            # a short last word is part of a two-word name ("Full FT"), else the last word
            return " ".join(words[-2:]) if len(words) >= 2 and len(words[-1]) <= 3 else words[-1]
    verbs = list(_RESULT_VERBS.finditer(before))
    if verbs and (systems or own):
        # a clause starts at ";" or at a comma and a conjunction ("X reaches 83.8%, while Y
        # reaches 90.7%"), not at any comma ("X, based on Y, achieves 86.81%"); a clause
        # without a system of its own ("X, ..., and tuned on code, achieves") is the verb's
        # part of the one before
        verb = s0 + verbs[-1].start()
        ours = _OURS_BEFORE_VERB.search(text, s0, verb)
        if ours and own:
            return _named_in(text, ours, systems) or own
        base = before.rfind(";", 0, verbs[-1].start()) + 1  # never back across a ";"
        cuts = [base] + [m.end() for m in _CLAUSE_CUT.finditer(before, base, verbs[-1].start())]
        for cut in reversed(cuts):
            fronted = _FRONTED.match(text, s0 + cut, verb)  # "Leveraging Y's strengths, X ..."
            start = fronted.end() if fronted else s0 + cut
            in_clause = [c for c in systems if start <= c.start < verb] or \
                [c for c in systems if s0 + cut <= c.start < verb]
            if in_clause:
                if own and any(text[c.start:c.end] == own for c in in_clause):
                    return own  # "Llama 2 7B adapted with X achieved": the paper's own X
                return text[slice(*_subject(text, start, verb, in_clause))]
            ours = _OURS.search(text, s0 + cut, verb)
            if ours and own:
                return own
    # no result verb to go by: the last system not named as a comparison, unless "we" or
    # "our method" comes after it ("our model is 3x faster than existing X methods")
    plain = [c for c in systems if not _COMPARED_BEFORE.search(text, max(s0, c.start - 40),
                                                                 c.start)]
    ours_all = list(_OURS.finditer(before))
    if own and ours_all and not any(c.start >= s0 + ours_all[-1].end() for c in plain):
        return own
    if ratio:  # "X matches 1000-step Y (20x speedup)": the ratio is X's, not Y's
        plain = [c for c in plain if not _BEFORE_BRACKET.fullmatch(text, c.end, vstart)]
    if plain:
        return text[plain[-1].start:plain[-1].end]
    return text[systems[-1].start:systems[-1].end] if systems else ""


# "from 53% to 65%" and, after it, "and 27.6% to 36.2%": the first value is the one before
_PAIR = re.compile(r"\b(?:from|and)\s+(" + _VALUE.pattern + r")\s+to\s+" + _VALUE.pattern)


def _subject(text: str, start: int, verb: int, in_clause: list[Cand]) -> tuple[int, int]:
    """The system that is the subject of a result verb: the first of its clause ("X, based
    on Y, achieves"; "our X which builds on Y surpasses"), unless the clause opens with a
    phrase of its own and the system after its comma stands right before the verb ("Using
    Y as a teacher, X achieves")."""
    lead = in_clause[-1]
    comma = text.rfind(",", start, lead.start)
    if len(in_clause) > 1 and comma >= 0 and _ADJACENT.match(text, lead.end, verb) \
            and all(c.start < comma for c in in_clause[:-1]):
        return lead.start, lead.end
    return in_clause[0].start, in_clause[0].end


def _named_in(text: str, m: re.Match[str], systems: list[Cand]) -> str:
    """A system named inside "our X-7B model": its name (more exact than the paper's)."""
    inner = [c for c in systems if m.start() <= c.start and c.end <= m.end()]
    return text[inner[0].start:inner[0].end] if inner else ""


def _pairs(text: str, s0: int, s1: int) -> tuple[set[int], set[int]]:
    """Where the first value of each "from A to B" (or "and A to B" after one) starts, and
    where both numbers of each such pair without a unit ("from 61.79 to 66.94") start."""
    firsts: set[int] = set()
    bare: set[int] = set()
    for pattern in (_PAIR, _BARE_PAIR):
        seen_from = False
        for m in pattern.finditer(text, s0, s1):
            if pattern is _BARE_PAIR:
                bare.update((m.start(1), m.start(3)))
            if m.group(0).startswith("from") or seen_from:
                seen_from = True
                firsts.add(m.start(1))
    return firsts, bare


def _baseline(text: str, s0: int, vstart: int, systems: list[Cand], subject: str) -> str:
    """Whose is the "from" value of "X improves Y from 53% to 65%"? The system the sentence
    improves on: the first system after the result verb ("improve a Llama-2 13B model"),
    else the last one before that is not the subject ("compared to MLE, our method ...");
    nobody's (no result) when the sentence names no other system."""
    verbs = list(_RESULT_VERBS.finditer(text, s0, vstart))
    others = [c for c in systems if text[c.start:c.end] != subject]
    if verbs:
        after = [c for c in others if c.start >= verbs[-1].end()]
        if after:
            return text[after[0].start:after[0].end]
    return text[others[-1].start:others[-1].end] if others else ""


def _dataset(text: str, vstart: int, vend: int, datasets: list[Cand]) -> Cand | None:
    """The dataset of a value: "GSM8K (+10.5%)", "8.72% for AQuA", "95.1 on HumanEval";
    else the nearest dataset in the sentence."""
    for d in datasets:
        if d.end <= vstart and _BEFORE_BRACKET.fullmatch(text, d.end, vstart):
            return d
    for d in datasets:
        if d.start >= vend and _THEN_ON.fullmatch(text, vend, d.start):
            return d
    return _nearest(datasets, vstart)


_BEFORE_BRACKET = re.compile(r"\s*\(\s*[+~\u2248-]?\s*")
_THEN_ON = re.compile(r"(?:\s+[\w@-]+){0,3}?\s+(?:on|for|in|of)\s+(?:the\s+)?")


def _nearest(cs: list[Cand], pos: int) -> Cand | None:
    return min(cs, key=lambda c: (abs(c.start - pos), c.start)) if cs else None


def _metric(sentence: str, pos: int, end: int, names: tuple[str, ...], within: int = 80) -> str:
    """The metric of the value at ``pos:end`` of ``sentence``, as the lexicon writes it: one
    named right after the value ("35.9% AP", "78.6% top-1 accuracy"), else one that ends
    right before it ("mIoU of 53.13%", "an AUC score of 85.78%"), else the one named nearest,
    at most ``within`` characters away. Of two that start at one place, the longer."""
    low = sentence.lower()
    pattern, written = _metric_pattern(names)
    found = [(m.start(), m.end(), written[m.group()]) for m in pattern.finditer(low)]
    if not found:
        return ""
    words = _NEXT_WORDS.match(low, end)
    after = [f for f in found if end <= f[0] and f[1] <= words.end()] if words else []
    if after:
        return min(after, key=lambda f: (f[0], -len(f[2])))[2]
    lead = [f for f in found if f[1] <= pos and _METRIC_OF.fullmatch(low, f[1], pos)]
    if lead:
        start, stop, name = max(lead, key=lambda f: (f[1], -f[0]))
        # "an AUC score of": the named metric, not the word "score"
        named = [f for f in found if f[1] < start and low[f[1]:start].isspace()]
        return named[-1][2] if named and name.lower() in _PLAIN_METRICS else name
    start, stop, name = min(found, key=lambda f: (abs(f[0] - pos), -len(f[2])))
    return name if abs(start - pos) <= within else ""


@lru_cache(maxsize=8)
def _metric_pattern(names: tuple[str, ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for all ``names`` (longest first, so "top-5 error rate" is one match),
    and the way the lexicon writes each."""
    written = {n.lower(): n for n in names}
    alts = "|".join(re.escape(n) for n in sorted(written, key=len, reverse=True))
    return re.compile(r"(?<![\w@])(?:" + alts + r")(?![\w@])"), written


# up to three words right after a value, before any punctuation or number
_NEXT_WORDS = re.compile(r"(?:\s+(?:[a-z][\w@-]*|[\w@-]*[a-z][\w@-]*)){1,3}")
# "accuracy of 47.8%", "F1 = 81.2", "mIoU: 53.1%", "score of about 85%"
_METRIC_OF = re.compile(r"\s*(?:of|is|was|=|:|at|reaching|reaches|of\s+about|of\s+around|"
                        r"of\s+up\s+to)?\s*")
_PLAIN_METRICS = frozenset({"score", "accuracy", "error", "error rate"})
