"""Roles of mentions, decided from their sentence: introduces, uses, comparesWith, mentions,
addresses. A paper's link to an entity takes the strongest role of its mentions."""
from __future__ import annotations

from spacy.tokens import Doc, Span

from kg.extract import shapes
from kg.extract.candidates import Cand, sents_of, text_of
from kg.extract.lexicon import Lexicon

_USE_MARKERS = frozenset({"using", "use", "uses", "used", "with", "via", "on", "based", "adopt",
                          "apply", "applying", "applied", "employ", "employing", "leverage",
                          "leveraging", "fine-tune", "fine-tuned", "trained", "train",
                          "finetuned", "backbone", "built", "including", "includes", "and"})


def _self_sentence(text: str, lex: Lexicon) -> bool:
    return lex.self_pattern.search(text.lower()) is not None


def _background(text: str, lex: Lexicon, first: bool) -> bool:
    if _self_sentence(text, lex):
        return False
    return first or lex.background_pattern.search(text.lower()) is not None


_NOT_COMPARE = frozenset({"improves", "improve", "gains", "improvement", "improvements"})
_COMPARE_VERBS = frozenset({"compare", "compared", "comparing", "comparison", "comparisons",
                            "competitive", "par", "comparable", "against", "versus", "vs"})
#: verbs that follow the subject of a sentence that says what a task is
SUBJECT_VERBS = frozenset({"is", "are", "has", "have", "remains", "remain", "plays", "play",
                           "aims", "aim", "refers", "involves", "requires", "poses", "seeks",
                           "attempts", "concerns", "consists", "becomes"})
_EXAMPLE = frozenset({"such", "like", "e.g.", "including", "include", "includes"})


def _nearest_cue(doc: Doc, sent: Span, start: int, lex: Lexicon) -> str | None:
    """The kind of the closest cue word before a mention in its sentence: "compare"
    (outperforms X, than X, compared with X), "use" (using X, on X), "example" (such as X)."""
    toks = [t for t in shapes.tokens(doc)[sent.start:sent.end]
            if t.idx < start and start - t.idx <= 120]
    for k in range(len(toks) - 1, -1, -1):
        low = toks[k].lower_
        if low in _EXAMPLE and (low != "such" or k + 1 < len(toks) and toks[k + 1].lower_ == "as") \
                or low == "as" and k > 0 and toks[k - 1].lower_ == "such":
            # "outperforms baselines such as X" is still a comparison
            if any(t.lower_ in lex.compare_cues and t.lower_ not in _NOT_COMPARE
                   for t in toks[max(0, k - 8):k]):
                return "compare"
            return "example"
        if low in lex.compare_cues and low not in _NOT_COMPARE:
            return "compare"
        if low in _USE_MARKERS and low != "and":
            # "compared with X", "on par with X": the preposition continues a comparison
            if low in ("with", "to", "on") and any(t.lower_ in _COMPARE_VERBS
                                                  for t in toks[max(0, k - 3):k]):
                return "compare"
            return "use"
    return None


def role_for(c: Cand, cue: str | None, background: bool) -> str:
    """The role one mention gets from the nearest cue word before it and its sentence kind."""
    if c.type == "Task":
        if c.introduced:
            return "introduces"  # "we propose the Target Length Generation Task (TLG)"
        # a task named only in background prose is weak evidence of what the paper is about
        return "mentions" if background and cue != "use" else "addresses"
    if c.introduced:
        return "introduces"
    if c.rule == "url" and cue not in ("use", "compare", "example"):
        # "The Zorb-7B is available at https://huggingface.co/...": a hub page an abstract
        # gives, unless it says it uses it, is of what the paper releases
        return "introduces"
    if c.type == "Dataset":
        return "uses"
    if cue == "compare":
        return "comparesWith"
    if background and cue != "use":
        return "mentions"  # background, or an example of a class in a background sentence
    return "uses"


def assign_roles(doc: Doc, cands: list[Cand], lex: Lexicon) -> None:
    """Set ``role`` on every entity candidate (URLs get none)."""
    sents = list(sents_of(doc))
    tlen = text_of(doc).find("\n\n")
    tlen = len(text_of(doc)) if tlen < 0 else tlen
    abstract_first = next((i for i, s in enumerate(sents) if s.start_char > tlen), None)
    info = []
    for i, s in enumerate(sents):
        info.append(_background(text_of(doc)[s.start_char:s.end_char], lex, i == abstract_first)
                    if s.start_char > tlen else False)
    starts = [s.start_char for s in sents]
    for c in cands:
        if c.type in ("Repository", "Link"):
            continue
        si = _sentence_of(starts, c.start)
        sent = sents[si]
        c.role = role_for(c, _nearest_cue(doc, sent, c.start, lex), info[si])
        if c.type == "Task" and info[si] and (_opens(doc, sent, c) or lex.reports(
                text_of(doc)[sent.start_char:sent.end_char])):
            # "Scene text detection is ...": what the abstract is about; "Evaluations show
            # that X gets close to Y in instruction following": what the paper is tested on
            c.role = "addresses"
        if c.type == "Task" and not c.introduced and (_modifies(doc, sent, c, lex) or (
                sent.start_char > tlen and _aside(doc, sent, c))):
            # "instruction-following models": a kind of model; "with applications in
            # information retrieval": a use the work may find
            c.role = "mentions"


def _modifies(doc: Doc, sent: Span, c: Cand, lex: Lexicon) -> bool:
    """Is the task named as a modifier of the next word ("instruction-following models",
    "Segmentation Techniques", "the alignment process")?"""
    after = next((t for t in shapes.tokens(doc)[sent.start:sent.end] if t.idx >= c.end), None)
    return after is not None and after.idx - c.end <= 1 and \
        after.lower_ in lex.task_modified_heads


#: words before "applications" that make them uses the work may find, not what it is tested
#: on: "potential for other applications, such as super-resolution", "which has applications
#: in information retrieval" (but "two example applications, face detection and ...")
_ASIDE_APPLICATIONS = frozenset({"other", "many", "potential", "possible", "various", "numerous",
                                 "wide", "widespread", "broad", "future", "new", "several",
                                 "has", "have", "with", "find", "finds"})


def _aside(doc: Doc, sent: Span, c: Cand) -> bool:
    """Is the abstract's task named as an application the work may find ("with many
    applications, including data summarization") or as what inspired it ("Inspired by
    classical program synthesis")?"""
    before = [t.lower_ for t in shapes.tokens(doc)[sent.start:sent.end]
              if t.idx < c.start and c.start - t.idx <= 80][-8:]
    for k, w in enumerate(before):
        if w in ("inspired", "motivated") and k + 1 < len(before) and before[k + 1] == "by":
            return True
        if w in ("application", "applications", "applicable") and any(
                x in _ASIDE_APPLICATIONS for x in before[max(0, k - 2):k]):
            return True
    return False


def _sentence_of(starts: list[int], char: int) -> int:
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= char:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _opens(doc: Doc, sent: Span, c: Cand) -> bool:
    """Is ``c`` the subject that opens ``sent`` (at most a few words before it, a verb like
    "is" right after it)?"""
    before = [t for t in doc[sent.start:sent.end] if t.idx < c.start]
    after = next((t for t in doc[sent.start:sent.end] if t.idx >= c.end), None)
    return len(before) <= 3 and all(t.is_alpha or t.text == "-" for t in before) and \
        after is not None and after.lower_ in SUBJECT_VERBS
