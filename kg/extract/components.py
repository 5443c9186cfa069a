"""kg's spaCy components: pure functions over a Doc, each wrapped by a ``@Language.factory``.

Pipeline order (see :func:`kg.extract.pipeline.build_nlp`)::

    kg_sentences -> kg_urls -> kg_catalogue -> kg_discover -> kg_resolve -> kg_roles -> kg_results

Candidates live on ``doc._.kg_cands`` as character spans of ``text_of(doc)`` (cheaper than Spans);
``kg_resolve`` leaves a non-overlapping, typed set that ``kg_roles`` gives roles to.
"""
from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterator

import numpy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from kg.extract import shapes
from kg.extract.abbrev import find_abbreviations
from kg.extract.candidates import (
    RULE_PRIORITY,
    Cand,
    register_extensions,
    sents_of,
    text_of,
)
from kg.extract.catalogue import Catalogue, Entry, common_lower_words, fold_safe, load_catalogue
from kg.extract.catalogue import norm as norm_name
from kg.extract.lexicon import Lexicon, load_lexicon
from kg.extract.results import find_results
from kg.extract.roles import SUBJECT_VERBS
from kg.extract.urls import find_urls

register_extensions()

_ABBREVS = frozenset({"al", "e.g", "i.e", "vs", "fig", "eq", "cf", "etc", "approx", "resp", "no"})
_VARIANT = re.compile(
    r"(?:(?:[- _]|(?<=[A-Za-z]))(?:\d+(?:\.\d+)?[BbMmKkTt]|\d+x\d+[Bb])\b"
    r"|-\d+(?:\.\d+)*\b|[- ]?v\d+(?:\.\d+)*\b"
    r"|[- ](?:Instruct|instruct|Chat|chat|Base|base|Coder|coder|Turbo|turbo|Preview|preview"
    r"|Mini|mini|Pro|Ultra|Flash|Lite|Plus|Max|Nano|Sonnet|Opus|Haiku|Vision|Large|large|XL|XXL"
    r"|Small|Medium|RLHF|SFT|DPO|RM|PRM|it|hf|HF)\b)+"
)
# the year of a dataset's edition ("PASCAL VOC 2012", "WMT'14" is not read)
_EDITION = re.compile(r"(?<![\w.])((?:19|20)\d\d)(?![\w.])")
# the version that opens a variant's suffix ("-1" of "LLaMa-1 7B")
_VERSION_PART = re.compile(r"[- ]?\d+(?:\.\d+)*(?=[- ]\S)")
# "Phi-GSM", "MMLU-STEM", "GPT-4-Turbo": a hyphen and a capitalised part make a variant
_NAMED_VARIANT = re.compile(
    r"(?:-(?:[A-Z][A-Za-z0-9]*|\d+[A-Za-z]+)(?![\w-]*[a-z]-))+(?![\w])|\+\+?(?![\w+])")
_TASK_HEADS = frozenset({"recognition", "detection", "classification", "generation", "answering",
                         "translation", "summarization", "summarisation", "segmentation",
                         "retrieval", "parsing", "tagging", "completion", "synthesis",
                         "captioning", "understanding", "proving", "task", "tasks",
                         "questions", "problems", "problem-solving"})
_METHOD_COMPOUNDS = ("reward model", "reward models", "value model", "value models",
                     "world model", "world models", "diffusion model", "diffusion models",
                     "verifier", "verifiers")


def _text(doc: Doc, a: int, b: int) -> str:
    """``doc[a:b].text`` without making a Token per word (spaCy re-joins the tokens)."""
    ts = shapes.tokens(doc)[a:b]
    if not ts:
        return ""
    return text_of(doc)[ts[0].idx:ts[-1].idx + len(ts[-1])]


def title_length(doc: Doc) -> int:
    """Characters of the title: kg joins title and abstract with a blank line."""
    cut = text_of(doc).find("\n\n")
    return len(text_of(doc)) if cut < 0 else cut


# ------------------------------------------------------------------ sentences
def segment(doc: Doc) -> Doc:
    """Mark sentence starts: the title is one sentence; the abstract splits on . ! ? before a
    capital, digit, quote or bracket (not after "e.g.", "et al.", "vs.")."""
    if len(doc) == 0:
        return doc
    tlen = title_length(doc)
    text, _ws = shapes.token_table(doc)
    idx = doc.to_array([IDX])
    flags = numpy.full(len(doc), -1, dtype="int32")
    flags[0] = 1
    after_title = False
    for i in range(1, len(text)):
        tok = text[i]
        if tok.isspace():
            continue
        if not after_title and idx[i] > tlen:
            flags[i] = 1
            after_title = True
        elif text[i - 1] in (".", "!", "?"):
            before = text[i - 2].lower().rstrip(".") if i >= 2 else ""
            first = tok[0]
            if (first.isupper() or first.isdigit() or first in "\"'“([") and \
                    before not in _ABBREVS:
                flags[i] = 1
    # SENT_START is read as a signed value stored in uint64 (-1 wraps): 1 start, -1 inside
    doc.from_array([SENT_START], flags.astype("int64").astype("uint64").reshape(-1, 1))  # type: ignore[arg-type]
    return doc


# ------------------------------------------------------------------ URLs
def url_cands(doc: Doc) -> list[Cand]:
    return [Cand(h.start, h.end, h.kind if h.kind != "Link" else "Link", "url", 1.0,
                 key=h.canonical, hub_id=h.hub_id) for h in find_urls(text_of(doc))]


# ------------------------------------------------------------------ catalogue
class CatalogueMatcher:
    """Two PhraseMatchers over the catalogue: exact case for names that are also ordinary
    words ("MATH", "Adam"), case-insensitive for the rest ("gsm8k" == "GSM8K")."""

    def __init__(self, nlp: Language, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        common = common_lower_words()
        lex = load_lexicon()
        self.stop = lex.stop
        exact: dict[str, list[str]] = {}
        folded: dict[str, list[str]] = {}
        for entry in catalogue.entries.values():
            for s in entry.surfaces:
                # "Math" must not be a name, but the MATH benchmark is one
                # a generic measure ("accuracy") is not an entity; a named metric the
                # catalogue lists ("BLEU", "CodeBLEU") is a Method, as annotators mark it
                if len(s) < 2 or s in lex.generic or (s.lower() in lex.metrics_lower and
                                                       entry.type != "Method") or (
                        " " in s and s.lower() in lex.generic_lower):
                    continue
                target = folded if fold_safe(s, entry, common) else exact
                target.setdefault(entry.key, []).append(s)
                plural = _plural(s, entry)
                if plural and catalogue.lookup(plural) is None:
                    target[entry.key].append(plural)  # "Swin Transformers" are Swin Transformer
                if target is exact and s[0].islower() and s.isalpha():
                    target[entry.key].append(s[0].upper() + s[1:])
        for matcher, table in ((self.exact, exact), (self.folded, folded)):
            for key, surfaces in table.items():
                matcher.add(key, list(nlp.tokenizer.pipe(sorted(set(surfaces)))))  # type: ignore[union-attr]

    def __call__(self, doc: Doc) -> list[Cand]:
        out: list[Cand] = []
        strings = doc.vocab.strings
        best: dict[tuple[int, int], tuple[tuple[int, ...], Entry]] = {}
        for exact, matcher in ((1, self.exact), (0, self.folded)):
            for match_id, start, end in matcher(doc):
                entry = self.catalogue.entries[strings[match_id]]
                text = _text(doc, start, end)
                # several entries may claim one span ("Codex" model, "CoDEx" dataset): prefer
                # the exact spelling, then hand-curated entries, then the first claimant
                rank = (int(text in entry.surfaces), exact, int(entry.source == "curated"),
                        int(self.catalogue.by_norm.get(norm_name(text)) == entry.key))
                if (start, end) not in best or rank > best[(start, end)][0]:
                    best[(start, end)] = (rank, entry)
        for start, end, entry in self._compact(doc) + self._shaped(doc):
            if (start, end) not in best:
                best[(start, end)] = ((0, 0, int(entry.source == "curated"), 0), entry)
        ends: dict[int, int] = {}
        for (start, end) in best:
            ends[start] = max(ends.get(start, end), end)
        variants: dict[tuple[int, int], int] = {}  # a variant's span -> its place in out
        tt, ws = shapes.token_table(doc)
        for (start, end), (_, entry) in sorted(best.items()):
            pre = _word_start(tt, ws, start)
            if pre < start and not _plain_phrase(entry, tt[pre:end]):
                pre = start  # "Dense-CCNet", "BT-Adapter": a new name, not a kind of it
            if pre < start and any(s < start and e > pre for s, e in best):
                continue  # "self-attention mechanism": the word's own entry starts it
            span = doc[start:end]
            if pre < start:
                # "graph-to-text generation", "non-convex optimization": a phrase never starts
                # inside a hyphenated word; the whole word is a kind of the entry
                first, last = doc[pre].idx, span.end_char
                c = Cand(first, last, entry.type, "catalogue+variant", 0.85,
                         key=f"{entry.key}|{norm_name(text_of(doc)[first:last])}", typed=True)
            else:
                if _cut_name(entry, tt, start, end, self.stop):
                    continue
                c = self._cand(doc, entry, span.start_char, span.end_char)
            if c.rule == "catalogue+variant" and pre == start and doc[ends[start] - 1].idx + \
                    len(doc[ends[start] - 1].text) >= c.end:
                # "Qwen2.5-Math" is an entry of its own, not Qwen2.5 + "-Math"
                c = self._cand(doc, entry, span.start_char, span.end_char, extend=False)
            if c.rule == "catalogue+variant":
                # "LLaMA-2-7B" is Llama 2 + "-7B", not Llama + "-2-7B": of the variants with
                # one span, the longest entry wins (sorted: a longer base comes later)
                if (c.start, c.end) in variants:
                    out[variants[(c.start, c.end)]] = c
                    continue
                variants[(c.start, c.end)] = len(out)
            out.append(c)
        return out

    def _shaped(self, doc: Doc) -> list[tuple[int, int, Entry]]:
        """A single token whose shape cannot be an ordinary word ("SWEBench", "GSM8k") names
        the entry it spells, whatever its case, even when the entry is ``cased``; the plural
        of a mixed-case name spelled as the catalogue spells it ("ViTs") is that name's."""
        text, _ws = shapes.token_table(doc)
        out = []
        for i, t in enumerate(text):
            if len(t) >= 4 and shapes.is_strong(t) and any(c.islower() for c in t) and \
                    not _BRACKETED.search(t):  # "(ViT)s" is ViT in brackets, not VITS
                # "ViTs" are ViT models, not the VITS speech model (a mixed-case stem only:
                # "CEMs" may be the plural of an acronym the paper defines its own way)
                stem = t[:-1] if t[-1] == "s" and not t[:-1].isupper() else ""
                entry = (self.catalogue.lookup(stem, exact_case=True) if stem else None) or \
                    self.catalogue.lookup(t)
                if entry is not None:
                    out.append((i, i + 1, entry))
        return out

    def _compact(self, doc: Doc) -> list[tuple[int, int, Entry]]:
        """Hyphenated spellings no alias lists: "GSM-8K" is GSM8K, "Llama-2" is Llama 2.
        A run of tokens with no space between them is looked up by its normalised form; a
        ``cased`` entry must still match letter for letter ("GSM-8K" yes, "gsm-8k" no)."""
        out = []
        tt, ws = shapes.token_table(doc)
        n = len(tt)
        for i in range(n - 2):
            if ws[i] or tt[i + 1] not in ("-", ".", "_"):
                continue
            if i > 0 and not ws[i - 1] and tt[i - 1] in ("-", "."):
                continue  # only from the start of the compound
            j = i + 1
            while j < n and not ws[j - 1] and j - i < 7:
                if tt[j].isspace() or not (tt[j] in ("-", ".", "_") or
                                           any(ch.isalnum() for ch in tt[j])):
                    break  # a bracket, comma or the title's blank line ends a name
                j += 1
                end = j
                if tt[end - 1] in ("-", ".", "_"):
                    continue
                text = _text(doc, i, end)
                entry = self.catalogue.lookup(text)
                if entry is None:
                    continue
                letters = re.sub(r"[\W_]+", "", text)
                if entry.cased and not any(re.sub(r"[\W_]+", "", s) == letters
                                           for s in entry.surfaces):
                    continue
                out.append((i, end, entry))
        return out

    @staticmethod
    def _cand(doc: Doc, entry: Entry, start: int, end: int, extend: bool = True) -> Cand:
        if extend and entry.type in ("Model", "Dataset"):
            m = (_VARIANT.match(text_of(doc), end) if entry.type == "Model" else None) or \
                _NAMED_VARIANT.match(text_of(doc), end)
            if m and m.end() > end:
                tail = m.group(0)
                ver = _VERSION_PART.match(tail)
                if ver and any(norm_name(s) == norm_name(text_of(doc)[start:end] + ver.group(0))
                               for s in entry.surfaces):
                    tail = tail[ver.end():]  # "LLaMa-1 7B" is Llama (alias LLaMA-1) + 7B
                suffix = norm_name(tail) or tail.replace("+", "plus")
                return Cand(start, m.end(), entry.type, "catalogue+variant", 0.9,
                            key=f"{entry.key}|{suffix}", hub_id="", typed=True)
        if entry.type == "Dataset":
            # "PASCAL VOC 2012" and "PASCAL VOC 2007" are two editions of one dataset
            year = _EDITION.search(text_of(doc), start, end)
            if year and year.group(1) not in entry.name:
                return Cand(start, end, entry.type, "catalogue+variant", 0.9,
                            key=f"{entry.key}|{year.group(1)}", typed=True)
        return Cand(start, end, entry.type, "catalogue", 0.95, key=entry.key, hub_id=entry.hf,
                    typed=True)


_BRACKETED = re.compile(r"[()\[\]{}]")


def _plural(surface: str, entry: Entry) -> str:
    """The plural of a model's or technique's name of several words that ends in a noun
    ("Swin Transformers", "Graph Attention Networks"), or "" when it has none."""
    last = surface.rsplit(None, 1)[-1]
    if entry.type not in ("Model", "Method") or " " not in surface or not last.isalpha() or \
            last.isupper() or last[-1] in "sSyY" or len(last) < 3:
        return ""
    return surface + "s"


def _cut_name(entry: Entry, tt: list[str], start: int, end: int, stop: frozenset[str]) -> bool:
    """Is the match a short form of a technique's name ("mixed precision" of "mixed precision
    training", "top-k" of "top-k sampling") used as the modifier of another noun ("mixed
    precision matrix multiplication", "top-k important features")?"""
    if entry.type != "Method" or end >= len(tt) or any(w != w.lower() for w in tt[start:end]):
        return False  # "PGD white-box attacks", "Viterbi segmentation": a name stays one
    words = [w for w in tt[start:end] if w != "-"]
    name = re.split(r"[\s-]+", entry.name.lower())
    if len(words) >= len(name) or name[:len(words)] != words:
        return False
    after = tt[end]
    # "the straight-through gradient estimator" is still the straight-through estimator
    return after.isalpha() and after.islower() and after not in stop and \
        not set(name[len(words):]) & {w.lower() for w in tt[end:end + 3]}


def _plain_phrase(entry: Entry, words: list[str]) -> bool:
    """Are ``words`` (the match and the start of its word) a common-noun phrase of a task
    or technique ("graph-to-text generation", "Road-Scene Segmentation"), with no name or
    acronym in it ("subword-ASR", "Dense-CCNet", "BT-Adapter", "high-Elo")?"""
    return entry.type in ("Task", "Method") and entry.name == entry.name.lower() and all(
        w == "-" or w.isalpha() and w[1:].islower() for w in words)


def _word_start(tt: list[str], ws: list[bool], i: int) -> int:
    """The first token of the hyphenated word token ``i`` is glued into ("Road-Scene" for
    "Scene"), or ``i`` itself when it starts a word."""
    k = i
    while k >= 2 and tt[k - 1] == "-" and not ws[k - 1] and not ws[k - 2] and \
            any(ch.isalnum() for ch in tt[k - 2]):
        k -= 2
        while k >= 1 and not ws[k - 1] and tt[k - 1].isalnum():
            k -= 1  # "GPT4-" is one word of two tokens
    return k


# ------------------------------------------------------------------ discovery
def _has_self(text: str, lex: Lexicon) -> bool:
    return lex.self_pattern.search(text.lower()) is not None


def _type_near(doc: Doc, start: int, end: int, lex: Lexicon, span_end: int) -> str | None:
    """The type implied by a head noun right after a name ("X benchmark", "X, a framework")."""
    if end < span_end and doc[end].text == "(":
        # "FIND (Function INterpretation and Description), a benchmark suite": the words
        # in brackets spell the name out; what it is comes after them
        close = next((t.i for t in doc[end:min(end + 15, span_end)] if t.text == ")"), None)
        if close is not None and close + 1 < span_end and doc[close + 1].text == ",":
            end = close + 1
    # "X, a training-free framework": an apposition's head may come after a few modifiers
    reach = 9 if end + 1 < span_end and doc[end].text == "," and \
        doc[end + 1].lower_ in ("a", "an", "the") else 5
    for k, tok in enumerate(doc[end:min(end + reach, span_end)]):
        if tok.text in (".", ";", ":", "(", ")") or \
                tok.lower_ in ("which", "that", "to", "and", "on") \
                or tok.lower_ in _PREPOSITIONS or tok.lower_ == "of":
            break  # "X, a checklist for testing task generalization": not a task
        # "X, a data-efficient framework": the first part of a hyphenated word is no head
        glued = not tok.whitespace_ and tok.i + 1 < span_end and doc[tok.i + 1].text == "-"
        t = None if glued else lex.head_type(tok.text)
        if t:
            # the head of a compound is its last noun: "X: ... Large Language Model via",
            # "X, a dataset distillation method"
            for nxt in doc[tok.i + 1:min(tok.i + 4, span_end)]:
                if not nxt.is_alpha or nxt.lower_ in lex.stop or nxt.lower_ in _PREPOSITIONS:
                    break
                t = lex.head_type(nxt.text) or t
            return t
        low = tok.lower_
        if low in lex.compare_cues or low in lex.use_cues and reach == 5 or \
                k == 0 and _verb_s(tok.text):
            break  # "X extracts data from Y", "X outperforms models": X's object, not X
    return None


_NOVEL = frozenset({"new", "novel", "innovative"})


def _novel_appositions(doc: Doc, lo: int, hi: int, lex: Lexicon) -> list[tuple[int, str | None]]:
    """Where a name stands in apposition to something new: the token after "a new model,"
    and the first token of the word run before ", an innovative strategy"; with the type the
    head noun gives."""
    text, ws = shapes.token_table(doc)
    out: list[tuple[int, str | None]] = []
    for k in range(lo, hi - 2):
        if text[k] != "," or text[k + 1].lower() not in ("a", "an"):
            continue
        if any(w.lower() in _NOVEL for w in text[k + 2:min(k + 4, hi)]):
            j = k  # "X, a novel Y": the run of joined tokens before the comma
            while j - 1 > lo and not ws[j - 2] and text[j - 2] not in ("(", ",", ":"):
                j -= 1
            if j - 1 >= lo and (j - 1 == lo or ws[j - 2]):
                out.append((j - 1, _type_near(doc, k, k + 1, lex, hi)))
    for k in range(lo, hi - 3):
        if text[k].lower() not in ("a", "an") or text[k + 1].lower() not in _NOVEL:
            continue
        for h in range(k + 2, min(k + 6, hi - 1)):
            typ = lex.head_type(text[h])
            if typ and text[h + 1] == ",":  # "a new model, X"
                out.append((h + 2, typ))
                break
            if not text[h].isalpha() or text[h].lower() in _NP_STOPS:
                break
    return out


def _resulting_names(doc: Doc, lo: int, hi: int,
                     lex: Lexicon) -> list[tuple[int, int, str]]:
    """"the resulting model Orca-3", "The resulting network, Res-TCN,": what the paper's
    own procedure yields is its own, typed by the head noun (up to four words before it:
    "the resulting interaction and rating dataset, MathConverse")."""
    text, _ = shapes.token_table(doc)
    out: list[tuple[int, int, str]] = []
    for k in range(lo, hi - 3):
        if text[k].lower() != "the" or text[k + 1].lower() != "resulting":
            continue
        for h in range(k + 2, min(k + 7, hi - 1)):
            typ = lex.head_type(text[h])
            if typ and typ != "Task":
                n = h + 2 if text[h + 1] == "," else h + 1
                ns = shapes.name_span(doc, n) if n < hi else None
                if ns:
                    out.append((ns[0], ns[1], typ))
                break
            if not text[h].replace("-", "").isalpha() or \
                    text[h].lower() in _NP_STOPS and text[h].lower() != "and":
                break
    return out


def _compound(doc: Doc, i: int, hi: int) -> tuple[int, int] | None:
    """The run of tokens joined without spaces from ``i`` ("chain-of-OMP", "HTML-T5++"), if it
    looks like a name: a capital inside or a strong shape, no sentence punctuation."""
    text, ws = shapes.token_table(doc)
    j = i
    while j < hi and (j == i or not ws[j - 1]) and text[j] not in (",", ";", ":", ".", "(", ")"):
        j += 1
    while j > i and text[j - 1] in ("-", "/"):
        j -= 1
    if j == i or j - i > 9:
        return None
    name = "".join(text[i:j])
    if not any(shapes.is_strong(t) for t in text[i:j]) or len(name) > 40:
        return None
    return i, j


def _purpose(doc: Doc, i: int) -> bool:
    """"guidance for developing more efficient SRMs": a gerund after "for" names a purpose,
    what someone may build, not what the paper introduces."""
    return i > 0 and doc[i].lower_.endswith("ing") and doc[i - 1].lower_ in (
        "for", "toward", "towards")


def _clause_between(doc: Doc, lo: int, hi: int, lex: Lexicon) -> bool:
    """Is there a verb between "our" and a name ("our approach enabled the LLaMA3-8B")? Then
    the name is the object of what the paper did, not the paper's own."""
    for t in doc[lo:hi]:
        low = t.lower_
        if lex.head_type(t.text) or low in lex.introduce_verbs:
            continue
        if low in lex.compare_cues or low in lex.use_cues or _verb_s(t.text) or \
                low.endswith("ed") and t.is_alpha:
            return True
    return False


def _verb_s(word: str) -> bool:
    """A lowercase word in "-s" right after a name is its verb ("extracts", "enables")."""
    return word.isalpha() and word.islower() and len(word) > 3 and word.endswith("s") \
        and not word.endswith(("ss", "us", "is"))


#: not "of": in "a series of LLMs called X" the head is what follows it
_PREPOSITIONS = frozenset({"for", "in", "on", "with", "from", "across", "under"})


def _type_before(doc: Doc, lo: int, start: int, lex: Lexicon) -> str | None:
    """The type of the nearest head noun before a name; a noun inside a prepositional phrase
    ("a detector for constrained environments named X") modifies the head, it is not it."""
    for i in range(start - 1, lo - 1, -1):
        if doc[i].lower_ in ("that", "which", "who") or doc[i].lower_ in lex.introduce_verbs:
            return None  # "a pipeline that introduces X": the pipeline is not X
        t = lex.head_type(doc[i].text)
        if t and not any(doc[k].lower_ in _PREPOSITIONS for k in range(max(lo, i - 4), i)):
            return t
    return None


#: numbers that count the things a sentence goes on to name ("two new datasets called A and
#: B", "three patterns: A, B and C"), and with "both" and "pair" the words that count at all
_COUNT_OF = {"two": 2, "three": 3, "four": 4, "five": 5}
_COUNTS = frozenset({*_COUNT_OF, "both", "pair"})


#: head nouns of a dataset's name ("the X benchmark"); "Challenge" and "Database" only
#: with the capital that makes them part of it
_DATASET_HEADS = frozenset({"dataset", "datasets", "benchmark", "benchmarks", "corpus",
                            "corpora", "suite", "challenge", "database"})


def _title_case_dataset(doc: Doc, s0: int, head: int, lex: Lexicon,
                        catalogue: Catalogue) -> tuple[int, int] | None:
    """"the Spiking Heidelberg Digits dataset" -> "Spiking Heidelberg Digits", "on the Cell
    Tracking Challenge" -> all of it: two to five capitalised words right before a dataset
    head noun, after a lowercase word (a sentence's first capital proves nothing), not all
    of them common words ("the Same Data benchmark") and none of them a known name ("the
    KITTI Stereo dataset" is KITTI's, "Aspect Based Sentiment Classification datasets" are
    the task's)."""
    tt, ws = shapes.token_table(doc)
    capital = tt[head][:1].isupper()
    j = _capitalised_run_start(tt, ws, s0, head, 9, digits=True)
    while j < head and (tt[j] == "-" or tt[j].lower() in lex.stop):
        j += 1
    words = [w for w in tt[j:head] if w != "-"]
    # "Retrieval-based Translated Lean Dataset": the run starts inside a word
    if not 2 <= len(words) <= 5 or not tt[j - 1][:1].islower() or not ws[j - 1] or \
            all(w.lower() in lex.stop or w in lex.generic for w in words):
        return None
    # (a task inside a capitalised head's name is its topic: "the Cell Tracking Challenge")
    if any((entry := catalogue.lookup(_text(doc, a, b))) is not None and
           not (capital and entry.type == "Task")
           for a in range(j, head) for b in range(a + 1, head + 1) if tt[a] != "-"):
        return None
    return j, head + 1 if capital else head


def _capitalised_run_start(tt: list[str], ws: list[bool], s0: int, end: int, limit: int,
                           digits: bool) -> int:
    """Where the capitalised words right before token ``end`` start (at most ``limit``
    tokens back, not at the sentence's first token ``s0``): words that start with a capital,
    joined by spaces or glued hyphens ("Welch-Berlekamp", "Spiking Heidelberg Digits"); with
    ``digits`` a word may hold digits ("CIFAR10 Noisy")."""
    j = end
    while j - 1 > s0 and end - j < limit:
        w = tt[j - 1]
        letters = w.replace("-", "")
        if w[:1].isupper() and (letters.isalnum() if digits else letters.isalpha()) or \
                w == "-" and not ws[j - 2] and not ws[j - 1]:
            j -= 1
        else:
            break
    return j


def _counted(tt: list[str], s: int) -> bool:
    """Does a count word stand in the few words before token ``s``, in the same clause?"""
    for k in range(s - 1, max(-1, s - 9), -1):
        if tt[k] in (".", ";", ":", "(", ")") or tt[k].lower() in ("which", "that"):
            return False
        if tt[k].lower() in _COUNTS:
            return True
    return False


def _usable(text: str, lex: Lexicon, catalogue: Catalogue) -> bool:
    words = text.split()
    if text in lex.generic or text.lower() in lex.stop or len(text) < 2:
        return False
    if len(words) > 1 and text.lower() in lex.generic_lower:
        return False
    if any(w in ("and", "or", "&") for w in words) and any(
            catalogue.lookup(w) is not None for w in words if len(w) > 2 and w[0].isupper()):
        return False  # "GPT-3 and Codex" is two known things, not one new one
    if words and all(w in lex.generic or w.lower() in lex.stop for w in words):
        return False
    # "3x-6x", "1.5×" are factors, "v1.0" (of "VisDial v1.0") a version, not names
    return not re.fullmatch(r"[\d.,%\-–~x×]+|[vV]\d+(?:\.\d+)*", text) and \
        not shapes.is_size(text)


def discover(doc: Doc, lex: Lexicon, catalogue: Catalogue) -> list[Cand]:
    """Names nobody listed, from the signals abstracts give (see the rule names)."""
    out: list[Cand] = []
    tlen = title_length(doc)
    earlier = doc._.kg_cands or []
    # every rule below walks the tokens: make each Token object once (``doc[i]`` and
    # iterating a Span make a new one every time), and read texts from the token table
    toks = shapes.tokens(doc)
    tt, ws = shapes.token_table(doc)

    def add(s: int, e: int, typ: str | None, rule: str, conf: float, intro: bool,
            sent_end: int, default: str = "Method", near: bool = True) -> None:
        # a name never ends in a generic word or a connector: "Divide and Conquer to LLMs"
        while e - s > 1 and (ws[e - 2] or tt[e - 1] in ("-", "/")) and (
                tt[e - 1] in lex.generic or tt[e - 1].lower() in shapes.CONNECTORS
                or tt[e - 1] in ("-", "/")):
            e -= 1
        if e + 1 < len(tt) and len(tt[e - 1]) == 1 and tt[e - 1].isalpha() and tt[e] == "-" \
                and not ws[e - 1] and not ws[e] and tt[e + 1][:1].islower():
            return  # "Chest X-ray": a letter glued to a lowercase part is inside a word
        # "two simple modules called Parallel Aggregation and Hierarchical Aggregation":
        # after a count, "A and B" are the two things counted, each a name
        ands = [k for k in range(s + 1, e - 1) if tt[k] == "and" and ws[k - 1] and ws[k]]
        if ands and _counted(tt, s):
            for a_, b_ in zip([s] + [k + 1 for k in ands], [*ands, e], strict=True):
                if b_ > a_:
                    add(a_, b_, typ, rule, conf, intro, sent_end, default, near)
            return
        span = doc[s:e]
        text = span.text
        if not _usable(text, lex, catalogue):
            return
        if any(w.lower() in ("license", "licence", "licenses", "licensed")
               for w in tt[e:e + 3]):
            return  # "under the MIT license", "an Apache 2.0 license"
        if e + 1 < len(tt) and tt[e] == "et" and tt[e + 1].startswith("al"):
            return  # "the framework of Alon et al.": an author, not a thing
        if catalogue.lookup(text, exact_case=True) is not None:
            return  # known things are found by the catalogue, and are not this paper's own
        typed = typ is not None
        if typ is None:
            last = span[-1].text
            if shapes.is_size(last) or re.search(r"\d+(\.\d+)?[BM]$", last):
                typ = "Model"
            else:
                # "Lawin Transformer": a name's own last word may say what it is
                # "our model UniCoder": the head right before the name says it first
                typ = _head_before(toks, s, lex) or (
                    _type_near(doc, s, e, lex, sent_end) if near else
                    lex.head_type(span[-1].text) if len(span) > 1 else None) or \
                    _part_type(span, catalogue) or next(
                        # "Big-Math-Reformulated" is built on this paper's "Big-Math"
                        (c.type for c in out if c.typed and text.startswith(
                            text_of(doc)[c.start:c.end] + "-")), None)
                typed = typ is not None
                # what its own last part says ("LiveAoPSBench") is a guess the context of
                # another mention may overrule: untyped
                typ = typ or _own_head(span, lex) or default
        if typ == "Method" and _NET_NAME.search(text):
            # "We propose PillarNet, a real-time framework": a named network is a model,
            # whatever the sentence calls it (a dataset stays one: "PubLayNet, a dataset")
            typ = "Model"
        out.append(Cand(span.start_char, span.end_char, typ, rule, conf, introduced=intro,
                        typed=typed))

    for sent in sents_of(doc):
        s0, s1 = sent.start, sent.end
        is_title = sent.start_char < tlen
        has_self = is_title or _has_self(text_of(doc)[sent.start_char:sent.end_char], lex)
        # R1: "X: a benchmark for ..." at the head of the title
        if is_title:
            colon = next((t.i for t in sent[:10] if t.text == ":"), None)
            report = _report_name(doc, s0, s1, catalogue)
            if report is not None:
                # R1c: "Qwen2.5-Math Technical Report: ...": the name a report is of
                a_, b_, known = report
                if known is not None:
                    out.append(Cand(doc[a_].idx, doc[b_ - 1].idx + len(doc[b_ - 1].text),
                                    known.type, "title-prefix", 0.85, key=known.key,
                                    introduced=True))
                else:  # reports are mostly of models: the type unless the text says another
                    add(a_, b_, None, "title-prefix", 0.85, True, s1, default="Model",
                        near=False)
            elif colon is not None and colon > s0:
                ns = shapes.name_span(doc, s0, multiword=True)
                head = doc[ns[0]:ns[1]] if ns else None
                # one ordinary word ("Mission: Impossible ...") is a name only if the
                # abstract says it again ("Ruler: ..." then "we propose Ruler")
                plain = head is not None and len(head) == 1 and shapes.is_weak(head.text) \
                    and text_of(doc).lower().count(head.text.lower()) < 2
                if ns and head is not None and ns[1] == colon and not plain and \
                        _title_name(head, lex):
                    typ = _title_type(doc, colon + 1, s1, lex)
                    known = catalogue.lookup(_text(doc, ns[0], ns[1]), exact_case=True)
                    if known is not None:  # "ChatGLM: ...", "Qwen2 Technical Report"
                        out.append(Cand(doc[ns[0]].idx, doc[ns[1] - 1].idx + len(
                            doc[ns[1] - 1].text), known.type, "title-prefix", 0.85,
                            key=known.key, introduced=True))
                    else:
                        # what follows the colon was read by _title_type: "Read-ME:
                        # Refactorizing LLMs as ..." says what X does, not that it is an LLM
                        add(ns[0], ns[1], typ, "title-prefix", 0.85, True, s1, near=False)
            elif colon is None:
                # R1b: "Variance Reduced Halpern Iteration for ...": a title that opens with
                # a Title Case name the abstract repeats presents that name
                ns = _title_case_run(doc, s0, s1)
                if ns and ns[1] < s1 and doc[ns[1]].lower_ in ("for", "in", "with", "via") \
                        and 2 <= ns[1] - ns[0] <= 6 and doc[ns[0]].text not in lex.generic \
                        and doc[ns[1] - 1].text not in lex.generic \
                        and doc[ns[1] - 1].lower_ not in _RUN_TASK_HEADS \
                        and doc[ns[0]].lower_ not in _TITLE_SPLIT | _TASK_LEAD_DROP \
                        and not doc[ns[0]].lower_.endswith("ing"):
                    name = _text(doc, ns[0], ns[1])
                    if text_of(doc).lower().count(name.lower()) >= 2:
                        add(ns[0], ns[1], None, "title-head", 0.6, True, s1)
        if is_title:
            out.extend(_title_tasks(doc, sent, lex, catalogue))
        # R2: "we propose/introduce/present ... X" and R3: "... named/called X"
        for tok in toks[s0:s1]:
            low = tok.lower_
            if low in lex.naming_words:
                ns = _next_name(doc, tok.i + 1, min(tok.i + 4, s1), multiword=True)
                if ns:
                    typ = _type_before(doc, max(s0, tok.i - 6), tok.i, lex)
                    # "five dialects of Arabic: namely Egyptian, Gulf, ...": the members of
                    # a list, not a thing the paper names
                    if low == "namely" and ns[1] + 1 < s1 and \
                            tt[ns[1]] in (",", "and", "or") and tt[ns[1] + 1][:1].isupper():
                        continue
                    add(ns[0], ns[1], typ, "named", 0.8, has_self, s1)
            elif has_self and low in lex.introduce_verbs and not is_title and \
                    not _purpose(doc, tok.i) and not any(
                        t.lower_ == "by" for t in toks[tok.i + 1:min(tok.i + 3, s1)]):
                # ("a framework introduced by Alon", "developed further by Buchbinder": who
                # made it, not what)
                window_end = min(tok.i + 14, s1)
                # "we build a pipeline on models such as X": X is named, but not what was built
                scope_end = next((t.i for t in toks[tok.i + 1:window_end]
                                  if t.lower_ in _SCOPE_STOPS), window_end)
                if any(t.lower_ in lex.naming_words for t in toks[tok.i + 1:window_end]):
                    continue  # the naming word will pick the name
                ns = _next_name(doc, tok.i + 1, window_end, multiword=True, skip_known=catalogue)
                if ns:
                    typ = _type_before(doc, tok.i + 1, ns[0], lex)
                    # "the recently proposed X benchmark" names someone else's
                    add(ns[0], ns[1], typ, "introduce", 0.75,
                        ns[0] < scope_end and not _earlier(doc, tok.i, s0), s1)
            elif low == "our" and not is_title:
                # "our verifiers, Math-Rev and Code-Rev, ...": names the paper calls its own
                ns = _next_name(doc, tok.i + 1, min(tok.i + 5, s1), multiword=False,
                                skip_known=catalogue)
                if ns and (shapes.is_strong(doc[ns[0]].text) or
                           _distinct_shape(_text(doc, ns[0], ns[1]))) and \
                        not _clause_between(doc, tok.i + 1, ns[0], lex):
                    typ = _type_before(doc, tok.i + 1, ns[0], lex)
                    add(ns[0], ns[1], typ, "introduce", 0.65, True, s1)
            elif low in _DATASET_HEADS and tok.i > s0 and (
                    low not in ("challenge", "database") or tok.text[:1].isupper()):
                # R4: "the X benchmark" (X right before the head noun)
                j = tok.i - 1
                while j > s0 and not ws[j - 1] and tt[j] not in ("(", ","):
                    j -= 1
                ns = shapes.name_span(doc, j, weak_ok=False)
                if not (ns and ns[1] == tok.i) and not is_title:
                    # R4b: "the Spiking Heidelberg Digits dataset", "the Cell Tracking
                    # Challenge": capitalised words before the head (which a capital makes
                    # part of the name)
                    ns = _title_case_dataset(doc, s0, tok.i, lex, catalogue)
                if ns and ns[1] >= tok.i:
                    # "a new WikiCQA dataset": what is new in the paper is its own
                    add(ns[0], ns[1], "Dataset", "dataset-head", 0.7,
                        ns[0] > s0 and tt[ns[0] - 1].lower() in ("new", "novel"), s1)
        # R6: "we propose (a novel) orthonormal regularizer": a lowercase noun phrase whose
        # head says what it is, right after a first-person introducing verb
        if has_self and not is_title:
            for tok in toks[s0:s1]:
                if tok.lower_ in lex.introduce_verbs and not _purpose(doc, tok.i):
                    np_ = _noun_phrase(doc, tok.i + 1, s1, lex)
                    if np_:
                        # "a joint learning mechanism extending our model": its own head
                        # says what it is
                        own = "Method" if doc[np_[1] - 1].lower_ in _NP_NAMED_HEADS else None
                        add(np_[0], np_[1], own, "noun-phrase", 0.55, True, s1)
        # R7: distinctive shapes ("Math-Rev", "T-MAC", "ONI") used more than once, or once as
        # the subject of a state-of-the-art claim, are names even without a cue
        for tok in toks[s0:s1]:
            if tok.i > s0 and tt[tok.i - 1] in ("-", "/") and not ws[tok.i - 2]:
                continue
            ns = shapes.name_span(doc, tok.i, weak_ok=False)
            if not ns or ns[0] != tok.i:
                continue
            text = _text(doc, ns[0], ns[1])
            if not _distinct_shape(text):
                continue
            if text_of(doc).count(text) >= 2:
                add(ns[0], ns[1], None, "shape", 0.45, False, s1)
            elif ns[0] == s0 and not is_title and ns[1] + 2 < s1 and \
                    tt[ns[1]].lower() in _CLAIM_VERBS and \
                    "state-of-the-art" in text_of(doc)[sent.start_char:sent.end_char].lower():
                # "Mask2Anomaly achieves new state-of-the-art results": the system a sentence
                # claims the state of the art for, named once, is the paper's own
                add(ns[0], ns[1], None, "shape", 0.45, True, s1)
        # a sentence that reports the paper's own experiments names what it was tested on
        # ("Evaluations show that X matches Y for long context tasks"): an R8/R8b phrase there
        # weighs like a known task's name (rule "task-reported")
        reported = not is_title and lex.reports(text_of(doc)[sent.start_char:sent.end_char])
        # R8: "on complex reasoning tasks", "long-chain reasoning problems": a lowercase
        # phrase ending in a task head, before "tasks" (the main ones are chosen when linking)
        if not is_title:
            for tok in toks[s0:s1]:
                if tok.lower_ in ("tasks", "problems") and tok.i - 2 >= s0 and \
                        doc[tok.i - 1].lower_ in _TASK_TITLE_HEADS and tok.idx > tlen:
                    i = tok.i - 1
                    while i - 1 >= s0 and tok.i - i < 6 and _task_word(doc[i - 1]) and \
                            doc[i - 1].lower_ not in _TASK_PHRASE_DROP and \
                            doc[i - 1].lower_ not in lex.stop and doc[i - 1].idx > tlen and \
                            not _verb_before_task(doc[i - 1].lower_):
                        i -= 1
                    words = [t for t in doc[i:tok.i] if t.text != "-"]
                    if 2 <= len(words) <= 4 and doc[i].text != "-" and \
                            catalogue.lookup(_text(doc, i, tok.i)) is None and \
                            _text(doc, i, tok.i).lower() not in _FIELDS:
                        out.append(Cand(doc[i].idx, tok.idx + len(tok.text), "Task",
                                        "task-reported" if reported else "task-phrase", 0.5))
            # R8b: "in generalist multi-agent tasks", "on sparse reward problems": plain nouns
            # right after a preposition, before "tasks", name a kind of task (weighed like R8)
            for a_, b_ in _open_task_phrases(doc, s0, s1, lex):
                if catalogue.lookup(doc[a_:b_ - 1].text) is None and not any(
                        c.type == "Task" and c.start < doc[b_ - 1].idx and
                        doc[a_].idx < c.end for c in earlier):
                    out.append(Cand(doc[a_].idx, doc[b_ - 1].idx + len(doc[b_ - 1].text),
                                    "Task", "task-reported" if reported else "task-open",
                                    0.5 if reported else 0.45))
            # R8c: "solve the cold start problem", "the machine activation problem": the
            # problem a sentence names by "the", plain nouns and "problem"; one such mention
            # is enough to make it the paper's task, as a known task's is
            for a_, b_ in _the_problem_phrases(doc, s0, s1, lex):
                if catalogue.lookup(doc[a_:b_ - 1].text) is None and \
                        catalogue.lookup(doc[a_:b_].text) is None and not any(
                            c.start < doc[b_ - 1].idx and doc[a_].idx < c.end
                            for c in earlier):
                    out.append(Cand(doc[a_].idx, doc[b_ - 1].idx + len(doc[b_ - 1].text),
                                    "Task", "task-problem", 0.5))
            # R8d: "for 3 tasks: graph text generation, graph text retrieval and ...": each
            # plain phrase a sentence lists as a task is one, named as the list names it
            for a_, b_ in _task_list_items(doc, s0, s1, lex):
                entry = catalogue.lookup(_text(doc, a_, b_))
                if entry is None:
                    out.append(Cand(doc[a_].idx, doc[b_ - 1].idx + len(doc[b_ - 1].text),
                                    "Task", "task-list", 0.55))
        # R9: "Scene text detection is a fundamental problem ...": the subject of an abstract
        # sentence, a phrase ending in a task head, is the task the paper works on
        if not is_title:
            subj = _task_subject(doc, sent, lex)
            if subj:
                a, b = doc[subj[0]].idx, doc[subj[1] - 1].idx + len(doc[subj[1] - 1].text)
                # "Partially supervised instance segmentation": the known task is named
                if not any(c.type == "Task" and a <= c.start and c.end <= b for c in earlier):
                    out.append(Cand(a, b, "Task", "task-subject", 0.55))
        # R9b: "the anchor refinement module", "a transfer connection block": a part the
        # abstract names by what it does is a method of the paper
        if not is_title:
            for a_, b_ in _module_phrases(doc, s0, s1, lex, catalogue):
                out.append(Cand(doc[a_].idx, doc[b_ - 1].idx + len(doc[b_ - 1].text), "Method",
                                "module", 0.55, introduced=True, typed=True))
        # R9c: "the Berlekamp-Massey algorithm", "the Stack-Propagation framework": a
        # capitalised name before a technique's head noun (its role comes from the sentence)
        if not is_title:
            for a_, b_ in _named_techniques(doc, s0, s1, lex, catalogue):
                out.append(Cand(doc[a_].idx, doc[b_ - 1].idx + len(doc[b_ - 1].text),
                                "Method", "technique", 0.6, typed=True))
        # R10: "we train a new model, HTML-T5++, that ..." and "chain-of-OMP, an innovative
        # strategy": a name in apposition to a new thing is the paper's own
        if has_self and not is_title:
            for k, typ9 in _novel_appositions(doc, s0, s1, lex):
                ns = _compound(doc, k, s1)
                if ns:
                    add(ns[0], ns[1], typ9, "named", 0.7, True, s1)
        # R10b: "the resulting model Orca-3": what the paper's procedure yields
        if not is_title:
            for a_, b_, typ10 in _resulting_names(doc, s0, s1, lex):
                add(a_, b_, typ10, "named", 0.7, True, s1)
        # R11: "X comprises four key components: i) Agentic System Utilities, ii) ...": the
        # Title Case parts of a system the abstract describes are named contributions too
        # whose parts: "we"/"our" or a name before the verb ("MetaChain comprises"), not "the
        # classical pipeline consists of"
        if not is_title:
            for k, end in _component_items(doc, sent, lex, has_self):
                ns = _title_case_run(doc, k, end)
                if ns and len(_text(doc, ns[0], ns[1]).split()) >= 2:
                    add(ns[0], ns[1], None, "component", 0.6, True, s1, near=False)
        # R11b: "we explore two strategies: (1) a precise length-compressible CoT tuning
        # method, and (2) ...": the lowercase techniques a sentence about the paper's own
        # work enumerates are its contributions
        if has_self and not is_title:
            for k, end in _enumerated_techniques(doc, sent, lex):
                add(k, end, "Method", "enumerated", 0.55, True, s1)
        # R11c: "we introduce three structured communication patterns: Monologue, Dialogue,
        # and Analogue": the names a counted plural of the paper's own announces
        if has_self and not is_title:
            kind, items = _counted_items(doc, sent, lex)
            for k, end in items:
                add(k, end, kind, "counted", 0.6, True, s1)
        # R12: "our tester-learner runs ...", "our use of self-sampled correct and
        # partially-correct solutions": a lowercase phrase after "our" that the title names
        if not is_title:
            for tok in toks[s0:s1]:
                if tok.lower_ == "our":
                    ns = _own_title_phrase(doc, tok.i + 1, s1, tlen, lex)
                    if ns:
                        add(ns[0], ns[1], None, "title-phrase", 0.6, True, s1, near=False)
        # R5: model-shaped names with a size: "DeepSeekMath-7B", "Universal-PRM-7B"
        for tok in toks[s0:s1]:
            if shapes.is_size(tok.text) and tok.i > s0 and tt[tok.i - 1] == "-":
                j = tok.i - 2
                while j > s0 and not ws[j - 1] and tt[j - 1] not in "([,":
                    j -= 1
                ns = shapes.name_span(doc, j, weak_ok=True)
                if ns and ns[1] >= tok.i + 1:
                    add(ns[0], ns[1], "Model", "model-size", 0.7, False, s1)
    return out


#: verbs of a claim to the state of the art made for a system
_CLAIM_VERBS = frozenset({"achieves", "sets", "establishes", "obtains", "attains", "yields",
                          "reaches", "delivers", "outperforms", "surpasses"})
_THEN_WORDS = frozenset({"can", "could", "may", "might", "will", "would", "should", "must",
                         "also", "still", "not", "only", "both", "further", "significantly",
                         "consistently", "greatly", "effectively"})


#: "self-supervised", "transformer-based", "few-shot", "top-down": adjectives, not names
_ADJECTIVE_END = re.compile(
    r"(?:ed|-based|-aware|-free|-level|-shot|-view|-wise|-like|-scale|-grained|-agnostic"
    r"|-specific|-stage|-domain|-modal|-task|-time|-down|-up|-end|-art|-source|[-\w]al)$|^and$")
#: a single hyphenated word is a name when it is a noun of agent or action ("tester-learner",
#: "meta-updater"), not "pre-training"
_AGENT_NOUN = re.compile(r"-\w*(?:er|or|ion|ment|ure|ism)$")
#: what an ordinary noun phrase ends in: "loss function", "data set", "deep network"
_PLAIN_TAILS = frozenset({"function", "functions", "set", "sets", "network", "networks",
                          "variable", "variables", "task", "tasks", "baseline", "baselines",
                          "data", "results", "analysis", "work", "study", "experiments"})


#: the words a title says a report with ("GPT-4 Technical Report")
_REPORT = ("technical", "report")


def _report_name(doc: Doc, s0: int, s1: int,
                 catalogue: Catalogue) -> tuple[int, int, Entry | None] | None:
    """"Qwen2 Technical Report", "Phi-3 Technical Report: A Highly Capable ...": the name a
    title opens with, right before "Technical Report", with its catalogue entry if known.
    A known name, or one to three capitalised words ("Yi-Lightning"); not "Generic Event
    Boundary Detection Challenge at CVPR 2021 Technical Report"."""
    tt, _ = shapes.token_table(doc)
    k = next((i for i in range(s0 + 1, min(s0 + 7, s1 - 1))
              if tt[i].lower() == _REPORT[0] and tt[i + 1].lower() == _REPORT[1]), None)
    if k is None:
        return None
    text = _text(doc, s0, k)
    known = catalogue.lookup(text, exact_case=True)
    if known is not None and known.type != "Task":
        return s0, k, known
    words = [w for w in tt[s0:k] if w not in ("-", ".")]
    if not 1 <= len(words) <= 3 or not all(w[:1].isupper() or w[:1].isdigit() for w in words):
        return None
    return s0, k, None


def _own_title_phrase(doc: Doc, lo: int, hi: int, tlen: int,
                      lex: Lexicon) -> tuple[int, int] | None:
    """The longest lowercase phrase from ``lo`` (after "our", "our use of", "our new") that the
    title also names as a whole: a hyphenated word or several words, without prepositions
    ("our approach to graph coloring" is not a name) and not ending in a generic head."""
    i = lo
    if i + 1 < hi and doc[i].lower_ == "use" and doc[i + 1].lower_ == "of":
        i += 2
    while i < hi and doc[i].lower_ in _NP_DROP:
        i += 1
    j = i
    while j < hi and j - i < 10 and (doc[j].text == "-" and not doc[j].whitespace_ and
                                     not doc[j - 1].whitespace_ or doc[j].is_alpha and
                                     doc[j].text.islower() and (doc[j].lower_ not in lex.stop
                                                                or doc[j].lower_ == "and")):
        j += 1
    title = text_of(doc)[:tlen].lower()
    while j > i:
        nxt = doc[j] if j < len(doc) else None
        if nxt is not None and (nxt.is_alpha and nxt.text.islower() and
                                nxt.lower_ not in lex.stop and not _verb_s(nxt.text) and
                                not nxt.lower_.endswith("ed") and nxt.lower_ not in _THEN_WORDS
                                or nxt.text == "-" and not doc[j - 1].whitespace_):
            j -= 1  # "our self-supervised method": a modifier of the noun after it
            continue
        words = _text(doc, i, j).replace(" - ", "-").split()
        if words[-1] not in _GENERIC_NP and words[-1] not in _PLAIN_TAILS and \
                words[0] != "and" and not _ADJECTIVE_END.search(words[-1]) and \
                (len(words) >= 2 or _AGENT_NOUN.search(words[0])) and \
                shapes.word_count(" ".join(words), title, stop=1):
            return i, j
        j -= 1
    return None


_HAS_PARTS = frozenset({"comprises", "comprising", "consists", "consisting", "composed",
                        "contains", "containing", "includes", "including", "features",
                        "integrates", "integrating"})
_PARTS = frozenset({"components", "modules", "parts", "stages", "elements", "steps", "phases",
                    "subsystems", "blocks"})
_ITEM_MARK = re.compile(r"\d|[ivx]{1,4}|[a-e]")


def _item_starts(tt: list[str], colon: int, end: int) -> list[int]:
    """Where the items of an enumerated list after ``colon`` start: right after each marker
    of "i) A, ii) B" or "(1) A; (2) B"."""
    return [i + 1 for i in range(colon + 1, end - 1)
            if tt[i] == ")" and _ITEM_MARK.fullmatch(tt[i - 1]) and (
                tt[i - 2] in ("(", ",", ";", ":", "and") or i - 2 == colon)]


def _component_items(doc: Doc, sent: Span, lex: Lexicon,
                     own: bool) -> list[tuple[int, int]]:
    """Where the items of an enumerated list of parts start and end: after "comprises (four
    key) components:" come "i) A, ii) B" or "(1) A; (2) B" (an article after the marker is
    skipped). Empty unless the list follows such a colon, in a sentence about the paper's own
    work (``own``) or whose subject is a name."""
    tt = shapes.token_table(doc)[0]
    colon = next((i for i in range(sent.start, sent.end) if tt[i] == ":"), None)
    if colon is None or colon - sent.start < 2 or doc[colon - 1].lower_ not in _PARTS:
        return []
    verb = next((t.i for t in doc[max(sent.start, colon - 6):colon - 1]
                 if t.lower_ in _HAS_PARTS), None)
    if verb is None or not own and not any(
            (shapes.is_strong(t.text) or shapes.is_weak(t.text) and t.i > sent.start)
            and t.text not in lex.generic for t in doc[sent.start:verb]):
        return []
    starts = []
    for k in _item_starts(tt, colon, sent.end):
        if k < sent.end and doc[k].lower_ in ("a", "an", "the"):
            k += 1
        starts.append(k)
    if not starts:
        return []
    ends = [doc[s - 2].i if doc[s - 2].text == "(" else s - 2 for s in starts[1:]]
    return [(k, min(e, sent.end)) for k, e in zip(starts, [*ends, sent.end], strict=True)
            if k < e]


#: plural nouns that announce the paper's own techniques as an enumerated list
_OWN_KINDS = frozenset({"strategies", "techniques", "methods", "approaches", "modules",
                        "components", "novelties", "innovations", "mechanisms", "steps",
                        "setups", "designs", "schemes", "variants", "extensions", "losses",
                        "stages", "contributions"})
#: heads a technique's name does without: "(1) a precise length-compressible CoT tuning
#: method" names "length-compressible CoT tuning"
_ITEM_STRIPPED = frozenset({"method", "approach", "technique", "module", "strategy",
                            "mechanism", "scheme", "framework", "step", "design"})
#: prepositions that go on past a noun phrase ("scalability along multiple dimensions"): an
#: item they follow is no technique's name
_ITEM_PREPOSITIONS = frozenset({"along", "across", "over", "under", "between", "among", "against",
                                "within", "without", "into", "onto", "upon", "after", "before",
                                "during", "per", "than", "at", "about", "around", "beyond"})
#: what may end an enumerated item: a separator, a relative clause, what it is for
_ITEM_ENDS = frozenset({",", ";", "(", ")", ".", ":", "and", "or", "that", "which", "where",
                        "to", "for", "in", "with", "of", "by", "on", "as", '"', "'", "*",
                        "''"})


def _enumerated_techniques(doc: Doc, sent: Span, lex: Lexicon) -> list[tuple[int, int]]:
    """Token spans of the lowercase noun phrases a sentence about the paper's own work lists
    as its techniques: "we explore two strategies: (1) a precise length-compressible CoT
    tuning method, and (2) a progressive chain length compression approach", "(i) discard
    predictions, in which ...". The list must follow a colon after a plural that announces
    techniques; an item is the words after its marker (and an article or praise) up to the
    first that is not a plain lowercase word, without a generic head."""
    tt, ws = shapes.token_table(doc)
    colon = next((i for i in range(sent.start, sent.end) if tt[i] == ":"), None)
    if colon is None or not any(tt[i].lower() in _OWN_KINDS for i in range(sent.start, colon)):
        return []
    out = []
    for a in _item_starts(tt, colon, sent.end):
        while a < sent.end and (tt[a].lower() in _NP_DROP or tt[a] in ('"', "'", "*", "``")):
            a += 1
        j = a
        while j < sent.end and j - a < 7 and (
                tt[j].isalpha() and tt[j].islower() and tt[j] not in lex.stop and
                tt[j] not in _TITLE_SPLIT and tt[j] not in lex.naming_words and
                tt[j] not in _ITEM_PREPOSITIONS or
                tt[j] == "-" and not ws[j - 1] and j > a or
                shapes.is_strong(tt[j]) and tt[j] not in lex.generic and j > a):
            j += 1
        if j < sent.end and tt[j].lower() not in _ITEM_ENDS:
            continue  # "a reader attention module capturing the ...": the item goes on
        while j - a > 1 and tt[j - 1].lower() in _ITEM_STRIPPED:
            j -= 1
        words = [w.lower() for w in tt[a:j] if w != "-"]
        if not 2 <= len(words) <= 5 or tt[j - 1] == "-" or \
                all(w in _GENERIC_NP or w in _NP_DROP or w in _CLASS_WORDS for w in words):
            continue
        out.append((a, j))
    return out


def _counted_items(doc: Doc, sent: Span, lex: Lexicon
                   ) -> tuple[str | None, list[tuple[int, int]]]:
    """The type and token spans of the capitalised names a colon lists after "<introducing
    verb> <count> <lowercase words> <plural>:" ("we introduce three structured communication
    patterns: Monologue, Dialogue, and Analogue"): at least two, at most the count, joined
    by commas and "and", the last one ending the sentence or a clause (a comma, ";", a
    preposition or "that"/"which", or a glued hyphen: "Analogue-tailored for ...")."""
    tt, ws = shapes.token_table(doc)
    colon = next((i for i in range(sent.start, sent.end) if tt[i] == ":"), None)
    if colon is None or colon - sent.start < 3 or not tt[colon - 1].endswith("s"):
        return None, []
    k = colon - 1
    while k > sent.start and colon - k <= 5 and tt[k] not in _COUNT_OF and (
            tt[k].isalpha() and tt[k].islower() or tt[k] == "-"):
        k -= 1
    count = _COUNT_OF.get(tt[k].lower())
    if count is None or k == colon - 1 or k - 1 < sent.start or \
            tt[k - 1].lower() not in lex.introduce_verbs:
        return None, []
    items: list[tuple[int, int]] = []
    i = colon + 1
    while i < sent.end and len(items) <= count:
        ns = shapes.name_span(doc, i, multiword=True)
        if ns is None or ns[1] > sent.end:
            break
        # "Glorb and Florb": a name the list goes on after, not one name with "and"
        ns = (ns[0], next((m for m in range(ns[0] + 1, ns[1]) if tt[m] == "and"), ns[1]))
        items.append(ns)
        j = ns[1]
        if j < sent.end and tt[j] == ",":
            j += 1
        if j < sent.end and tt[j].lower() == "and":
            j += 1
        if j == ns[1] or j >= sent.end:
            break
        i = j
    last = items[-1][1] if items else sent.end
    ends = last >= sent.end or tt[last] in (".", ";", ",") or tt[last].lower() in (
        "for", "to", "that", "which", "where", "with") or tt[last] == "-" and not ws[last - 1]
    if not 2 <= len(items) <= count or not ends:
        return None, []
    return lex.head_type(tt[colon - 1]), items


def _distinct_shape(text: str) -> bool:
    """CamelCase ("LMulator", "WizardMath") or capitalised hyphen parts ("Math-Rev"); all-capital
    acronyms without a definition are too often plain abbreviations."""
    camel = re.search(r"[a-z][A-Z]|[A-Z][a-z]+[A-Z0-9]", text) is not None
    hyphened = "-" in text and sum(p[:1].isupper() for p in text.split("-")) >= 2
    return (camel or hyphened) and any(c.isalpha() for c in text)


_TASK_PHRASE_DROP = frozenset({
    "various", "diverse", "several", "multiple", "many", "different", "challenging",
    "downstream", "other", "such", "these", "those", "all", "both", "standard", "popular",
    "common", "real-world", "difficult", "hard", "harder", "easy", "easier", "simple",
    "simpler", "existing", "specific", "new",
    "novel", "general", "related", "typical", "numerous", "more", "most", "some", "two",
    "three", "four", "five", "six", "seven", "eight", "nine", "ten", "key", "our", "their"})


def _task_word(tok: Token) -> bool:
    return tok.text == "-" and not tok.whitespace_ or (
        tok.is_alpha and tok.text.islower() or "-" in tok.text and tok.text.islower())


_TITLE_SPLIT = frozenset({"for", "in", "on", "of", "via", "with", "through", "to", "from", "by",
                          ":", ",", "?", "!", "--", "—", "–", "using", "towards", "toward", "vs",
                          "vs.", "versus", "without", "beyond", "as", "at", "into", "is", "are",
                          "can", "makes", "make", "enables", "boosts", "improves"})
_TASK_TITLE_HEADS = frozenset({
    "reasoning", "recognition", "generation", "synthesis", "translation", "answering", "problem",
    "summarization", "classification", "detection", "segmentation", "retrieval", "training",
    "merging", "automation", "evaluation", "verification", "planning", "proving",
    "problem-solving", "solving", "understanding", "alignment", "computation", "generalization",
    "optimization", "completion", "prediction", "forecasting", "estimation", "editing",
    "problems", "coding", "programming", "decoding", "inference", "learning", "modeling",
    "modelling", "tuning", "fine-tuning", "quantization", "compression", "distillation",
    "extraction", "reconstruction", "tracking", "localization", "identification",
    "captioning", "assessment", "adaptation", "clustering", "regression", "super-resolution",
    "parsing", "removal", "matching", "denoising", "recommendation", "re-identification",
    "discovery", "grounding", "tagging", "counting", "restoration", "annotation", "selection",
    "mining", "navigation", "comprehension", "enhancement", "correction", "registration",
    "labeling", "spotting", "attribution", "deblurring", "monitoring", "interpolation",
    "separation", "construction", "manipulation", "diagnosis", "ranking", "inpainting",
    "simulation", "entailment", "transcription", "colorization", "linking", "rewriting",
    "calibration", "anticipation", "categorization"})
_NOUN_ENDINGS = ("ing", "tion", "sion", "ment", "ness", "ity", "ics", "ance", "ence")
#: whole fields of study are not a paper's task ("... for Machine Learning Tasks")
_FIELDS = frozenset({"machine learning", "deep learning", "artificial intelligence",
                     "natural language processing", "computer vision", "data science"})
_TASK_TAILS = frozenset({"tasks", "task", "problems"})
_SYSTEM_NOUNS = frozenset({"platform", "framework", "toolkit", "library", "system", "tool",
                           "suite", "environment", "pipeline", "engine", "harness"})
_TASK_COLON_HEADS = frozenset({
    "reasoning", "recognition", "proving", "answering", "summarization", "translation",
    "problem-solving", "understanding", "generation", "synthesis", "planning", "forecasting"})
_TASK_LEAD_DROP = frozenset({"a", "an", "the", "towards", "toward", "improving", "scaling",
                             "unlocking", "enhancing", "boosting", "advancing", "automate",
                             "quantifying", "evaluating", "efficient", "effective", "better",
                             "robust", "accurate", "fast", "faster", "simple", "novel", "new",
                             "benchmarking", "rethinking", "revisiting", "understanding",
                             "unleashing", "solving", "exploring", "empowering", "studying",
                             "improve", "enhance", "boost", "scale", "advance", "unlock",
                             "teach", "evaluate", "benchmark", "rethink", "revisit", "solve",
                             "explore", "empower", "study", "accelerate",
                             "accelerating", "compute-optimal", "guiding", "guide", "more",
                             "less"})


#: heads of a sentence subject that name a task; "learning", "training", "distillation" name
#: methods and paradigms as often ("Knowledge distillation is ...")
_SUBJECT_HEADS = _TASK_TITLE_HEADS - {
    "training", "learning", "tuning", "fine-tuning", "distillation", "decoding", "inference",
    "modeling", "modelling", "computation", "optimization", "alignment", "evaluation",
    "generalization", "compression", "quantization", "merging", "automation", "coding",
    "programming", "problems", "verification", "selection"} | {"solving", "summarisation"}
#: heads of a Title Case run that opens a title ("Unsupervised Low-Light Image Enhancement
#: via ...") that make it the task, not a method's name; "Amendable Generation", "Global
#: Matching", "Structured Domain Adaptation", "Cascaded Boundary Regression" and "... Learning"
#: name methods as often
_RUN_TASK_HEADS = _SUBJECT_HEADS - {"generation", "matching", "adaptation", "regression"}
#: heads that make "a ... model/framework/approach" one for a task ("an offline tracking
#: model", "a sentence matching model"); "contrastive estimation", "ridge regression", "latent
#: clustering" and "feature correction" are techniques as often
_FOR_TASK_HEADS = _SUBJECT_HEADS - {"estimation", "regression", "clustering", "correction"}
_SUBJECT_ADJECTIVES = frozenset({"efficient", "effective", "robust", "better", "simple"})
_NOT_A_SUBJECT = frozenset({"a", "an", "the", "this", "that", "these", "those", "one", "no",
                            "each", "every", "any", "such", "its", "his", "her", "it"})


def _task_subject(doc: Doc, sent: Span, lex: Lexicon) -> tuple[int, int] | None:
    """The tokens of the lowercase phrase that opens ``sent`` and ends in a task head, when
    a verb like "is" or "has" follows ("Temporal action detection is ..."), else None."""
    toks = shapes.tokens(doc)
    i, hi = sent.start, min(sent.end, sent.start + 9)
    while i < hi and toks[i].lower_ in _TASK_MODIFIERS | _SUBJECT_ADJECTIVES:
        i += 1
    if i >= hi or not toks[i].is_alpha or toks[i].lower_ in lex.stop or \
            toks[i].text in lex.generic or toks[i].lower_ in _NOT_A_SUBJECT or \
            toks[i].lower_ in _TASK_PHRASE_DROP or \
            not (toks[i].text[1:].islower() or len(toks[i].text) == 1):
        return None
    j = i + 1
    while j < hi and (toks[j].text == "-" and not toks[j].whitespace_ or
                      toks[j].is_alpha and toks[j].text.islower() and
                      toks[j].lower_ not in SUBJECT_VERBS):
        if toks[j].lower_ in lex.stop:
            return None  # "Research on face detection", "Feature extraction and matching"
        j += 1
    words = [t for t in toks[i:j] if t.text != "-"]
    if not 2 <= len(words) <= 5 or j >= sent.end or toks[j].lower_ not in SUBJECT_VERBS or \
            words[-1].lower_ not in _SUBJECT_HEADS:
        return None
    return i, j


#: words before "tasks" that say how hard, how many or which, not what kind of task
_NOT_A_KIND = frozenset({
    "complex", "hard", "easy", "harder", "easier", "simpler", "unseen", "target", "held-out",
    "in-domain", "out-of-domain",
    "individual", "specific", "open-ended", "remaining", "same", "similar", "following",
    "above", "previous", "prior", "original", "auxiliary", "intermediate", "final", "main",
    "primary", "secondary", "subsequent", "additional", "relevant", "corresponding", "certain",
    "particular", "evaluation", "benchmark", "training", "test", "toy", "synthetic", "small",
    "large", "real-life", "real", "range", "variety", "set", "number", "sequence", "series",
    "suite", "collection", "subset", "types", "kinds", "realistic", "practical", "important",
    "basic", "advanced", "sophisticated", "nontrivial", "non-trivial", "trivial", "unknown",
    "known", "future", "whole", "entire", "much", "high-quality", "low-quality", "open",
    "fundamental", "classic", "classical", "well-known", "long-standing", "core", "better",
    "improved", "efficient", "effective", "emerging", "prototypical", "sub-tasks", "subtasks",
    "down-stream", "downstream", "pretext", "pre-text", "end", "large-scale", "general-purpose",
    "meta-train", "meta-test", "compatible", "fake", "proxy", "surrogate", "source"})
#: the word before such a phrase: a preposition that takes it as its object
_TASK_PHRASE_LEAD = frozenset({"on", "in", "for", "across", "of", "with", "like", "including"})


_MODULE_HEADS = frozenset({"module", "block", "unit", "mechanism", "strategy"})
#: words before a part's name that are not part of it
_MODULE_LEAD = frozenset({"a", "an", "the", "our", "their", "its", "this", "these", "two",
                          "three", "novel", "new", "simple", "efficient", "effective",
                          "lightweight", "light-weight", "proposed", "plug-and-play", "several",
                          "each", "every", "same", "key", "core", "main", "additional", "extra",
                          "dedicated", "specially", "designed", "well-designed", "carefully",
                          "custom", "separate", "single", "multiple", "basic", "final",
                          "subsequent", "first", "second", "third", "further", "modern"})
#: the parts of someone else's model ("the existing attention module") are not this paper's
_MODULE_OTHERS = frozenset({"existing", "previous", "prior", "standard", "conventional",
                            "original", "vanilla", "traditional", "typical", "common", "popular"})


def _module_phrases(doc: Doc, s0: int, s1: int, lex: Lexicon,
                    catalogue: Catalogue) -> list[tuple[int, int]]:
    """"the anchor refinement module", "a Dynamic Segment Aggregation (DSA) module", "a novel
    mask merging strategy": a determiner, then two to four plain words (or one acronym), then
    module/block/unit/mechanism/strategy (not "modules": "two inter-connected modules" counts
    parts, it does not name one). A score is a part only when the sentence says it is new:
    "a novel mask propagation score", "we design a cross agreement score"."""
    tt, _ = shapes.token_table(doc)  # token texts: no Token object per word
    out = []
    for i in range(s0 + 2, s1):
        head = tt[i].lower()
        if head not in _MODULE_HEADS and head not in _NEW_PART_HEADS:
            continue
        j = i
        while j - 1 >= s0 and i - j - tt[j:i].count("-") < 5 and \
                _MODULE_WORD.fullmatch(tt[j - 1]) and \
                tt[j - 1].lower() not in _MODULE_LEAD and \
                tt[j - 1].lower() not in _MODULE_OTHERS and (
                    tt[j - 1].lower() not in lex.stop or _inside_hyphens(doc, j - 1, i)) \
                and tt[j - 1].lower() not in _NOT_IN_PART:
            j -= 1
        if j == i or j == s0 or tt[j - 1].lower() not in _MODULE_LEAD or tt[j] == "-":
            continue
        # new: "a novel ..." or "we design a ..."
        k = j - 1
        while k > s0 and tt[k].lower() not in _DETERMINERS and tt[k].lower() in _MODULE_LEAD:
            k -= 1
        new = any(w.lower() in _NOVEL_LEAD for w in tt[k:j]) or k > s0 and \
            tt[k].lower() in _DETERMINERS and tt[k - 1].lower() in lex.introduce_verbs
        if head in _NEW_PART_HEADS and not new:
            continue
        words = _text(doc, j, i).split()  # "multi-headed" is one word
        # "a powerful attentive gating mechanism", "a principled learning strategy": words
        # that praise or compare describe the part, they do not name it
        # (a capitalised word is part of a name: "Multimodal Similar Example Awareness"; so
        # is every word of a phrase the paper abbreviates: "a pyramidally attended feature
        # extraction module (PAFE)")
        named = i + 2 < s1 and tt[i + 1] == "(" and shapes.is_strong(tt[i + 2])
        if not named and any(w.islower() and (w in _NP_DROP or w in _PRAISE or
                                              w in _JUDGING_COMPOUNDS or
                                              w.endswith("ly") and w not in _LY_NOUNS)
                             for w in words):
            continue
        acronym = len(words) == 1 and shapes.is_strong(words[0])
        if not (2 <= len(words) <= 4 or acronym) or \
                any(w in lex.generic or w.lower() in lex.generic_lower for w in words):
            continue
        # "an LSTM block", "a Gated Recurrent Unit": a known system, not this paper's part;
        # but a known technique inside a longer name is one ingredient of it ("a quality
        # factor attention block", "a bit-wise attention mechanism"), and a part the sentence
        # calls new is the paper's even when its words are known ("a new positional encoding
        # module"); a task may say what the part is for ("the object detection module")
        whole = " ".join([*words, tt[i]])
        if whole.lower() in lex.generic_lower or " ".join(words).lower() in lex.metrics_lower \
                or _is_system(catalogue.lookup(whole)) or \
                not new and _is_system(catalogue.lookup(" ".join(words))):
            continue
        out.append((j, i + 1))
    return out


#: words that end a walk back over a part's name: "the energy consumed per unit", "we first
#: use Multi-view Matching Graph Module (MMG)"
_NOT_IN_PART = frozenset({"per", "use", "uses", "used", "using", "employ", "employs", "adopt",
                          "adopts", "apply", "applies"})
#: heads that name a part only when the sentence says it is new (see _module_phrases)
_NEW_PART_HEADS = frozenset({"score"})
_NOVEL_LEAD = frozenset({"novel", "new", "proposed"})


#: heads after which a capitalised run names a technique ("the Berlekamp-Massey algorithm",
#: "the Coupled Sequential Glancing Distillation technique"); only "loss" stays in its name
_TECH_HEADS = {"algorithm": False, "loss": True, "procedure": False, "technique": False,
               "method": False, "framework": False, "scheme": False, "approach": False}
#: words before such a run: a determiner or a word that says the thing is new
_TECH_LEAD = frozenset({"a", "an", "the", "our", "this", "its", "their", "novel", "new",
                        "proposed", "efficient", "simple", "celebrated", "classical",
                        "classic", "well-known", "famous", "standard"})


def _named_techniques(doc: Doc, s0: int, s1: int, lex: Lexicon,
                      catalogue: Catalogue) -> list[tuple[int, int]]:
    """"the Berlekamp-Massey algorithm", "the Stack-Propagation framework", "the Coupled
    Sequential Glancing Distillation technique": capitalised words (or one double-barrelled
    name) between a determiner and a technique's head noun name that technique, without
    the head (but "the Focal Tversky loss"). Not a known name (the catalogue has it), not
    generic words ("a Deep Learning method")."""
    tt, ws = shapes.token_table(doc)
    out = []
    for i in range(s0 + 2, s1):
        keep = _TECH_HEADS.get(tt[i].lower())
        if keep is None or not tt[i].islower():
            continue
        j = _capitalised_run_start(tt, ws, s0, i, 8, digits=False)
        if j == i or tt[j] == "-" or tt[j - 1].lower() not in _TECH_LEAD:
            continue
        words = [w for w in tt[j:i] if w != "-"]
        hyphened = any(w == "-" for w in tt[j:i])
        if len(words) < 2 and not hyphened or len(words) > 5:
            continue
        if all(w in lex.generic or w.lower() in lex.generic_lower or w.lower() in lex.stop
               for w in words):
            continue
        name = _text(doc, j, i)
        if name.lower() in lex.generic_lower or catalogue.lookup(name) is not None or \
                catalogue.lookup(_text(doc, j, i + 1)) is not None:
            continue
        out.append((j, i + 1 if keep else i))
    return out


#: words that judge a part, never in its name (besides _NP_DROP's; "standard" and the other
#: _MODULE_OTHERS words already end the walk back)
_PRAISE = frozenset({"complicated", "complex", "special", "optimal", "fixed", "legacy", "later",
                     "sophisticated", "elegant", "clever", "smart", "superior", "suitable",
                     "appropriate", "proper", "good", "best", "naive", "heuristic", "greedy"})
#: hyphened words that judge or place a thing, never name it: "a state-of-the-art detection
#: framework", "an end-to-end learning framework called DARI"
_JUDGING_COMPOUNDS = frozenset({"state-of-the-art", "end-to-end", "off-the-shelf",
                                "plug-and-play", "easy-to-use", "out-of-the-box"})
# a word a part's name may have: letters, digits and hyphens, not a number alone
_MODULE_WORD = re.compile(r"(?![\d.,]+$)[\w-]+")


def _is_system(entry: Entry | None) -> bool:
    return entry is not None and entry.type != "Task"


def _open_task_phrases(doc: Doc, s0: int, s1: int, lex: Lexicon) -> list[tuple[int, int]]:
    """Token spans "X tasks" / "X problems" after a preposition, X two or three plain
    lowercase words that name a kind of task and do not end in a task head (R8 has those):
    "on sparse reward problems", "in generalist multi-agent tasks"; not "on much simpler
    tasks" (a comparison) or "to read natural language problems" (a verb)."""
    out = []
    toks = shapes.tokens(doc)
    for k in range(s0 + 2, s1):
        if toks[k].lower_ not in ("tasks", "problems") or toks[k - 1].lower_ in _TASK_TITLE_HEADS:
            continue
        i = k
        while i - 1 >= s0 and k - i < 5 and _task_word(toks[i - 1]) and \
                toks[i - 1].lower_ not in lex.stop | _TITLE_SPLIT | _TASK_PHRASE_LEAD:
            i -= 1
        if i - 1 < s0 or toks[i - 1].lower_ not in _TASK_PHRASE_LEAD or toks[i].text == "-":
            continue
        # "high-quality problems": a hyphened word is one word
        words = doc[i:k].text.lower().replace(" - ", "-").split()
        if 2 <= len([t for t in toks[i:k] if t.text != "-"]) <= 3 and not any(
                w in _NOT_A_KIND or w in _TASK_PHRASE_DROP or w in _NOT_A_SUBJECT or
                w.endswith(("ly", "ed", "ing", "er", "est")) for w in words):
            out.append((i, k + 1))
    return out


#: endings of adjectives, which alone or last do not name a problem ("the algorithmic problem")
_ADJECTIVE_ENDINGS = ("al", "ic", "ous", "ive", "ful", "less", "able", "ible", "ly", "ed", "est")
#: nouns that say what kind of thing a problem is, not which problem ("the decision problem")
_PROBLEM_KINDS = frozenset({"decision", "research", "language", "search", "inverse", "dual",
                            "primal", "learning", "optimization", "prediction", "design",
                            "control", "estimation", "modeling", "modelling", "matching",
                            "ranking", "planning", "classification", "regression"})
#: words that place a problem among others ("the second problem", "the upper level problem")
_NOT_WHICH = frozenset({"second", "third", "former", "latter", "last", "next", "lower", "upper",
                        "level", "inner", "outer", "sub", "current", "present", "posed",
                        "longstanding"})
#: verbs that take a task as their object ("solve reasoning problems", "then tackle ...")
_TASK_VERBS = frozenset({"solve", "tackle", "handle", "perform", "address", "accomplish",
                         "finish", "tailor", "practice", "then"})


def _verb_before_task(word: str) -> bool:
    """Does ``word``, before the head of a task phrase, act on the task rather than say
    which task it is ("tackling complex reasoning tasks", "then solving optimization
    problems")? A plain verb, or a gerund of one word ("problem-solving" is a kind)."""
    return word in _TASK_VERBS or word.endswith("ing") and "-" not in word


#: what may follow "tasks" or "problems" to list them: "three tasks: A, B and C", "the tasks
#: of A and B", "tasks such as A", "tasks (e.g., A, B)"
_LIST_OPENERS = (("--",), ("—",), ("–",), (":",), ("of",), ("such", "as"), (",", "such", "as"),
                 ("including",), (",", "including"), ("like",), (",", "namely"), ("namely",),
                 ("(", "e.g."), ("(", "e.g.", ","), (",", "e.g.", ","), ("(", "i.e.", ","),
                 (",", "i.e.", ","))
#: what ends an item of a list of tasks
_LIST_SEPARATORS = frozenset({",", "and", "or", ".", ";", ")", "(", ":"})
#: tasks a model is trained on, not a paper's task ("two pre-training tasks: masked ...")
_TRAINING_TASKS = frozenset({"pretraining", "pre-training", "pretext", "proxy", "auxiliary",
                             "pre", "training"})
#: the last word of a listed task says what is done: "image matting", "link scheduling"
_TASK_NOUN_ENDINGS = ("ing", "tion", "sion", "ment", "ysis", "ance", "ence")


def _task_list_items(doc: Doc, s0: int, s1: int, lex: Lexicon) -> list[tuple[int, int]]:
    """Token spans of the plain lowercase phrases a sentence lists as tasks or problems:
    "on three different tasks -- seeded segmentation, image matting and single image
    dehazing", "the problems of device-to-device link scheduling and video quality
    adaptation". Each ends in a noun of an activity; the list ends at its last "and"/"or"
    member or at the first item that is no such phrase."""
    out: list[tuple[int, int]] = []
    text, ws = shapes.token_table(doc)
    for k in range(s0 + 1, s1):
        if text[k].lower() not in ("tasks", "problems"):
            continue
        opener = max((o for o in _LIST_OPENERS if tuple(t.lower() for t in text[k + 1:k + 1 +
                      len(o)]) == o), key=len, default=None)
        if opener is None or opener == ("of",) and text[k - 1].lower() != "the":
            continue  # "problems of practical relevance" says which, not what
        if any(w.lower() in _TRAINING_TASKS for w in text[max(s0, k - 4):k]):
            continue  # "two pretraining tasks, namely ...": how a model is trained
        j = k + 1 + len(opener)
        last = False
        while j < s1:
            a = j
            # words: lowercase letters with inner hyphens ("device-to-device"), or a "3D"
            # shape; "and", "in" or "for" end the item unless a hyphen holds them in a word
            while j < s1 and (text[j].isalpha() and text[j].islower() and (
                    text[j] not in ("and", "or") and text[j] not in lex.stop and
                    text[j] not in _TITLE_SPLIT or j > a and text[j - 1] == "-" and
                    not ws[j - 1] and not ws[j]) or
                    re.fullmatch(r"\d[A-Z]", text[j]) is not None or
                    text[j] == "-" and not ws[j - 1] and j > a):
                j += 1
            words = "".join(w + (" " if sp else "") for w, sp in
                            zip(text[a:j], ws[a:j], strict=True)).split()
            if a == j or text[j - 1] == "-" or not 1 <= len(words) <= 5 or \
                    not words[-1].endswith(_TASK_NOUN_ENDINGS) and \
                    words[-1] not in _TASK_TITLE_HEADS or \
                    " ".join(words) in _FIELDS or words[0] in lex.stop or \
                    words[0] in _TASK_PHRASE_DROP or \
                    j < s1 and text[j] not in _LIST_SEPARATORS and text[j] not in _TITLE_SPLIT \
                    or j < s1 and text[j] == "of":
                break  # "clue localization of head, face": the phrase goes on
            out.append((a, j))
            if last or j >= s1:
                break
            if text[j] in ("and", "or"):
                last = True
                j += 1
            elif text[j] == "," and j + 1 < s1:
                j += 1
                if text[j] in ("and", "or"):
                    last = True
                    j += 1
            else:
                break
    return out


def _the_problem_phrases(doc: Doc, s0: int, s1: int, lex: Lexicon) -> list[tuple[int, int]]:
    """Token spans "X problem" after "the", X one to three plain lowercase nouns that name
    which problem: "the cold start problem", "the online set cover problem"; not "the same
    problem", "the reconstructed problem", "the optimization problem" (a kind of problem),
    nor "the natural language problem" (words that describe, not name)."""
    out = []
    toks = shapes.tokens(doc)
    for k in range(s0 + 2, s1):
        if toks[k].lower_ != "problem":
            continue
        i = k
        while i - 1 >= s0 and k - i < 5 and _task_word(toks[i - 1]) and \
                toks[i - 1].lower_ not in lex.stop | _TITLE_SPLIT:
            i -= 1
        if i - 1 < s0 or toks[i - 1].lower_ != "the" or not toks[i - 1].whitespace_:
            continue
        words = doc[i:k].text.lower().replace(" - ", "-").split()
        # "the classical ...", "the well-known ...": words that praise or place it go
        while words and words[0] in _NOT_A_KIND | _TASK_PHRASE_DROP and words[0] != "set":
            i += 3 if i + 1 < k and toks[i + 1].text == "-" else 1
            words = words[1:]
        # ... and a word cut out of markup ("the $k$-server problem") is no name
        if not 1 <= len(words) <= 3 or any(
                w in _NOT_A_SUBJECT or w.endswith(("ly", "ed", "est")) or
                not _NOT_WHICH.isdisjoint(w.split("-")) for w in words) or \
                words[0].startswith("-") or \
                words[-1].endswith(_ADJECTIVE_ENDINGS) or \
                words[0].endswith(("al", "ic", "ous")) or \
                len(words) == 1 and words[0] in _PROBLEM_KINDS | _TASK_TITLE_HEADS:
            continue
        out.append((i, k + 1))
    return out


_NP_HEADS = frozenset({
    "learning", "regularizer", "regularization", "templates", "template", "tokens", "estimation",
    "verification", "distillation", "training", "prompting", "decoding", "search", "sampling",
    "optimization", "alignment", "self-evaluation", "self-correction", "refinement",
    "augmentation", "merging", "attention", "fine-tuning", "tuning", "formulation", "router",
    "algorithm", "loss", "objective", "mechanism", "strategy", "architecture", "framework",
    "method", "approach", "technique", "paradigm", "pipeline", "format", "representation",
    "reasoning", "planning", "scheme", "models", "model",
    # what is done to a model or its data: "we propose per-channel activation quantization"
    "quantization", "compression", "pruning", "normalization", "initialization", "encoding",
    "hashing", "caching", "fusion", "masking", "filtering", "tokenization", "upsampling",
    "downsampling", "ensembling", "re-ranking", "reranking", "specialization", "pruner"})
#: words that say what something is about ("developments related to X", "a survey regarding
#: X"): X is its topic, not the thing itself
_ABOUT = frozenset({"related", "relating", "regarding", "concerning", "about"})
_NP_QUANTIFIERS = frozenset({"all", "some", "any", "each", "every", "many", "most", "these",
                             "those", "both", "such", "other", "various"})
_NP_DROP = frozenset({"a", "an", "the", "novel", "new", "simple", "effective", "efficient",
                      "general", "unified", "first", "our", "this", "two", "three", "several",
                      "yet", "and", "lightweight", "principled", "generic", "robust",
                      "scalable", "systematic", "comprehensive", "innovative", "straightforward",
                      "powerful", "flexible", "practical", "theoretical", "fully", "automated",
                      # words that compare, not name: "a simpler algorithm", "better base
                      # models", "different training strategies"
                      "different", "better", "simpler", "strong", "stronger", "faster", "similar",
                      "alternative"})
#: words ending in "ly" that are no adverbs: "an anomaly detection method", "early exit"
_LY_NOUNS = frozenset({"family", "anomaly", "assembly", "supply", "apply", "early", "only",
                       "reply", "rally", "ally", "monopoly", "butterfly", "firefly", "italy"})
_GENERIC_NP = frozenset({"method", "approach", "framework", "technique", "model", "models",
                         "algorithm", "strategy", "pipeline", "paradigm", "mechanism", "scheme",
                         "architecture", "learning", "training", "reasoning", "search"})


#: generic heads a new method's name does without ("agent symbolic learning framework")
_NP_STRIPPED = frozenset({"models", "model", "framework", "method", "approach", "technique",
                          "paradigm", "pipeline", "architecture", "scheme"})
#: heads that stay in its name: "a mask merging strategy", "a local memory mechanism" are
#: named with them, as a "module" is
_NP_NAMED_HEADS = frozenset({"mechanism", "strategy"})


def _noun_phrase(doc: Doc, lo: int, hi: int, lex: Lexicon) -> tuple[int, int] | None:
    """The lowercase noun phrase right after ``lo`` ("a novel orthonormal regularizer" ->
    "orthonormal regularizer"), when its head noun says it is a method, else None."""
    i = lo
    if i < hi and doc[i].lower_ in _NP_QUANTIFIERS:
        return None  # "we release all loss measurements": things the paper has, not a name
    # "a fundamentally different method": adverbs say how, not what
    while i < hi and (doc[i].lower_ in _NP_DROP or
                      doc[i].lower_.endswith("ly") and doc[i].is_alpha and doc[i].is_lower and
                      doc[i].lower_ not in _LY_NOUNS):
        if i + 1 < hi and doc[i + 1].text == "-" and not doc[i].whitespace_:
            return None  # "first-order", "two-stage": a compound modifier, not to be split
        i += 1
    j = i
    while j < hi and j - i < 6:
        t = doc[j]
        if t.text == "-" and not t.whitespace_ and not doc[j - 1].whitespace_:
            j += 1
            continue
        if t.is_alpha and t.is_lower and _inside_hyphens(doc, j, hi):
            j += 1  # "coarse-to-fine", "end-to-end": a word inside a hyphened compound
            continue
        if not (t.is_alpha and (t.text.islower() or shapes.is_strong(t.text))) or \
                t.lower_ in lex.stop or t.lower_ in _TITLE_SPLIT or t.lower_ in lex.naming_words \
                or t.lower_ in _ABOUT:
            break
        j += 1
    # the phrase ends at its last head noun: "a generative self-evaluation scheme designed to"
    full = j
    while j > i and doc[j - 1].lower_ not in _NP_HEADS:
        j -= 1
    if i < j < full and lex.head_type(doc[j].text) == "Dataset":
        return None  # "an extractive text compression dataset": the head is "dataset"
    # "open-source pipeline" is two words, not three
    words = _text(doc, i, j).lower().replace(" - ", "-").split()
    if not 2 <= len(words) <= 4 or words[-1] not in _NP_HEADS or \
            any(w in _JUDGING_COMPOUNDS for w in words):
        return None
    if all(w in _GENERIC_NP or w in _NP_DROP for w in words):
        return None
    if len(words) > 2 and words[0].endswith("ing") and not any(
            doc[k].lower_ in ("a", "an", "the", "our", "this") for k in range(lo, i)):
        return None  # "we propose training reward models": a verb and its object
    if words[-1] in _NP_STRIPPED or words[-1] in _NP_NAMED_HEADS:
        if len(words) < 3 or words[-2].endswith(("al", "ed", "ive", "ous", "able")):
            return None  # "approximated optimal strategy B4": what is left describes
        if words[-1] in _NP_STRIPPED and all(
                w in _CLASS_WORDS or w in _NP_DROP
                for w in re.split(r"[\s-]+", " ".join(words[:-1]))):
            return None  # "a large vision model": a class of models, not a name
        if words[-1] in _NP_STRIPPED and words[-2] in _FOR_TASK_HEADS:
            return None  # "an offline tracking model" is a model for a task, not named by it
        if words[-1] in _NP_STRIPPED:
            j -= 1  # "agent symbolic learning framework" names "agent symbolic learning"
    return (i, j) if j > i else None


def _inside_hyphens(doc: Doc, k: int, hi: int) -> bool:
    """Is token ``k`` glued between two hyphens ("to" in "coarse-to-fine")?"""
    tt, ws = shapes.token_table(doc)
    return 0 < k and k + 1 < hi and tt[k - 1] == "-" and tt[k + 1] == "-" and \
        not ws[k - 1] and not ws[k]


def _title_case_run(doc: Doc, lo: int, hi: int) -> tuple[int, int] | None:
    """Capitalised words from ``lo`` ("Divide and Conquer" counts "and"), up to the first
    lowercase word."""
    text, ws = shapes.token_table(doc)
    j = lo
    while j < hi:
        t = text[j]
        if t == "-" and not ws[j - 1] and j + 1 < hi and text[j + 1][:1].isalnum():
            j += 2
            continue
        if t[:1].isupper() or (t == "and" and j + 1 < hi and text[j + 1][:1].isupper()):
            j += 1
            continue
        break
    return (lo, j) if j > lo else None


def _title_name(span: Span, lex: Lexicon) -> bool:
    """Is a title's head ("X: ...") a name? "SORSA", "Model Breadcrumbs", "Step-DPO" are;
    "The Alignment Ceiling", "Learning to Relax", "Critical Tokens Matter" are not."""
    words = [t.text for t in span if t.text not in ("-", ".", "/")]
    if not words or words[0] in lex.generic or words[0].lower() in lex.stop:
        return False
    inner = [w.lower() for w in words[1:] if w.lower() in _TITLE_SPLIT or
             w.lower() in shapes.CONNECTORS]
    if inner:  # "Chain of Code", "Divide and Conquer"; not "XAI Beyond Classification"
        return len(words) <= 3 and set(inner) <= {"of", "and", "&"} and any(
            shapes.is_strong(w) or shapes.is_weak(w) for w in words)
    if words[0].lower().endswith("ing") and len(words) > 1:
        return False
    strong = [w for w in words if shapes.is_strong(w) and w not in lex.generic]
    return len(words) <= 2 or (bool(strong) and len(words) <= 3)


#: words before a task in a title that describe the method, not the task ("Neural Dependency
#: Parsing" is dependency parsing)
_TASK_MODIFIERS = frozenset({"deep", "neural", "improved", "end-to-end", "real-time",
                             "realtime", "fast", "accurate", "iterative", "scalable",
                             "lightweight", "principled", "unified", "practical", "faithful",
                             "reliable", "flexible", "generalizable", "versatile",
                             "experimental", "empirical", "comparative", "systematic"})
#: "Task-Agnostic Prompt Compression", "Training-Free Image Editing": how the method works
_MODIFIER_TAILS = frozenset({"agnostic", "free", "aware", "efficient", "augmented",
                             "driven", "guided"})


#: words before a known task in a title that say how good or how built, not which kind
_NOT_A_KIND_OF_TASK = frozenset({
    "high", "quality", "detailed", "frustratingly", "easy", "first", "stage", "joint",
    "guided", "explainable", "interpretable", "reproducible", "towards", "hitting",
    "stochastic", "universal", "generalized", "general", "strong", "stronger", "higher",
    "precise", "reliable", "consistent", "controllable", "better", "more", "less", "and", "or",
    "via", "automatic", "automated", "contrastive", "adversarial", "bayesian", "hybrid",
    "aware", "llm", "llms"})


def _is_task(entry: Entry | None) -> bool:
    return entry is not None and entry.type == "Task"


def _glued(doc: Doc, i: int, end: int) -> bool:
    """Is token ``i`` inside a word ("GPU/TPUs", "In-Order"), so no place to split a title?"""
    if i + 1 < end and not doc[i].whitespace_ and doc[i + 1].text == "-":
        return True
    return i > 0 and not doc[i - 1].whitespace_ and not doc[i].whitespace_ and \
        i + 1 < end and not doc[i + 1].is_space


#: verbs of task activities; a title that opens with one names the task it performs
_TASK_GERUNDS = frozenset({
    "generating", "detecting", "predicting", "forecasting", "recognizing", "recognising",
    "classifying", "translating", "summarizing", "summarising", "segmenting", "answering",
    "retrieving", "tracking", "estimating", "parsing", "proving", "localizing", "localising",
    "reconstructing", "synthesizing", "synthesising", "captioning", "extracting",
    "identifying", "denoising"})


def _gerund_task(doc: Doc, chunk: list[int], solving: bool = False) -> bool:
    """Is the title chunk a task verb and its object ("Detecting Faces", "Detecting and
    Rectifying Factual Errors"): a gerund, maybe "and" a second verb, then 1-3 words?"""
    if not chunk or doc[chunk[0]].lower_ not in _TASK_GERUNDS and \
            not (solving and doc[chunk[0]].lower_ == "solving"):
        return False
    rest = chunk[1:]
    if len(rest) >= 2 and doc[rest[0]].lower_ == "and" and doc[rest[1]].lower_.endswith("ing"):
        rest = rest[2:]
    words = [i for i in rest if doc[i].text != "-"]
    return 1 <= len(words) <= 3 and all(
        doc[i].is_alpha and doc[i].lower_ not in _NOT_A_SUBJECT | _TASK_PHRASE_DROP and
        doc[i].lower_ not in ("and", "or") or doc[i].text == "-" for i in rest)


def _title_tasks(doc: Doc, sent: Span, lex: Lexicon, catalogue: Catalogue) -> list[Cand]:
    """Tasks named in the title: "... for Automatic Speech Recognition", "Scaling Multi-Task
    Model Merging with ...": a chunk between prepositions ending in a task head noun."""
    out: list[Cand] = []
    chunk: list[int] = []
    bounds = [t.i for t in sent if (t.lower_ in _TITLE_SPLIT or t.is_punct and t.text != "-")
              and not _glued(doc, t.i, sent.end)]
    # "for Face Verification and Clustering": two tasks, each in the context of the first
    ands = {t.i for t in sent if t.lower_ in ("and", "&") and t.i > sent.start and
            doc[t.i - 1].lower_ in _TASK_TITLE_HEADS}
    cuts = [sent.start - 1, *sorted({*bounds, *ands}), sent.end]
    whole = len(cuts) == 2
    after, led, studied = "", False, False
    for a, b in zip(cuts, cuts[1:], strict=False):
        chunk = [i for i in range(a + 1, b) if not doc[i].is_space]
        if a not in ands:
            # the task is what the paper is "for/in/on/towards", or what it is "improving";
            # the phrase after "Name:" describes the method itself
            after = doc[a].lower_ if a >= sent.start else ""
            led = bool(chunk) and doc[chunk[0]].lower_ in _TASK_LEAD_DROP
            # "Revisiting ...", "Evaluating and Improving ...": what the title studies
            studied = led and doc[chunk[0]].lower_.endswith("ing")
            # "Evaluating Mathematical Reasoning Robustness": what is made better or measured
            bettering = studied and doc[chunk[0]].lower_ in _BETTERING
        # "Fast and Accurate Dependency Parsing", "Deep Image Deblurring": the task is what
        # is left without the words that praise or describe the method
        dropped = False
        whole_chunk = chunk
        while len(chunk) > 1 and (doc[chunk[0]].lower_ in _TASK_LEAD_DROP or
                                  doc[chunk[0]].lower_ in _TASK_MODIFIERS and
                                  doc[chunk[1]].lower_ not in ("network", "networks") or
                                  dropped and doc[chunk[0]].lower_ in ("and", "&", ",")):
            dropped = doc[chunk[0]].lower_ not in ("and", "&", ",")
            chunk = chunk[1:]
        while len(chunk) > 4 and doc[chunk[1]].text == "-" and \
                doc[chunk[2]].lower_ in _MODIFIER_TAILS:
            chunk = chunk[3:]
        # "... Boosts Reasoning via ...", "... for More Effective Reasoning": reasoning as such,
        # which no catalogue lists (every abstract reasons), is the task a title names alone
        if len(chunk) == 1 and doc[chunk[0]].lower_ == "reasoning" and after in _BARE_AFTER:
            span = doc[chunk[0]:chunk[0] + 1]
            out.append(Cand(span.start_char, span.end_char, "Task", "title-task", 0.5))
            continue
        # "Generating Mathematical Derivations with ...", "X: Detecting and Rectifying
        # Factual Errors in ...": what the paper does, named as the title names it
        # "... for Solving Math Problems": what the paper is for, its verb kept
        said = whole_chunk if after == "for" else chunk
        if (after in ("", ":") or after == "for" and not (
                b < sent.end and doc[b].lower_ == "to")) and \
                _gerund_task(doc, said, solving=after == "for"):
            span = doc[said[0]:said[-1] + 1]
            out.append(Cand(span.start_char, span.end_char, "Task", "title-task", 0.6))
            continue
        # "Mitigating Catastrophic Forgetting in ...", "X: Confronting Reward Model
        # Overoptimization with ...": what a title sets out to overcome is its problem
        if after in ("", ":") and len(chunk) >= 2 and \
                doc[chunk[0]].lower_ in _PROBLEM_GERUNDS and _open_title_task(
                    doc, chunk[1:], lex, problem=True) and \
                not (chunk[-1] + 1 < sent.end and doc[chunk[-1] + 1].lower_ == "to"):
            span = doc[chunk[1]:chunk[-1] + 1]
            out.append(Cand(span.start_char, span.end_char, "Task", "title-open", 0.5))
            continue
        # "Parsel: Algorithmic Reasoning with ...": right after a name's colon, only a
        # head that names an activity, never a technique ("Step-wise Preference Optimization")
        colon = after == ":" and bool(chunk) and doc[chunk[-1]].lower_ in _TASK_COLON_HEADS
        # "Ordinal Regression with Label Diversity": the words a title opens with name its
        # task when it goes on to say how, their head a task noun that rarely names a method
        # (not "Symbolic Learning with ..."), and they are no verb, adverb or pair of things
        first = after == "" and bool(chunk) and doc[chunk[-1]].lower_ in _SUBJECT_HEADS and \
            b < sent.end and doc[b].lower_ in _HOW_AFTER_TASK and \
            not doc[chunk[0]].lower_.endswith("ing") and \
            not (doc[chunk[0]].lower_.endswith("ly") and doc[chunk[0]].whitespace_) and \
            not any(doc[i].lower_ in ("and", "&", "or") for i in chunk)
        if not (whole or led or colon or first or
                after in ("for", "in", "on", "towards", "toward", "to", "of")):
            continue
        # "Complex Reasoning Tasks": the head is the word before "tasks" (the linker keys
        # the task without it)
        tail = 2 if len(chunk) > 2 and doc[chunk[-1]].lower_ in _TASK_TAILS else 1
        # "A Safety Evaluation Platform for ...": the task is what the system is for, not
        # how it works ("Linguistics-based")
        if len(chunk) > 2 and doc[chunk[-1]].lower_ in _SYSTEM_NOUNS and \
                doc[chunk[-2]].lower_ in _TASK_TITLE_HEADS:
            chunk = chunk[:-1]
            while len(chunk) > 4 and doc[chunk[1]].text == "-" and \
                    doc[chunk[2]].lower_ in ("based", "driven", "guided", "aware", "augmented"):
                chunk = chunk[3:]
        while len(chunk) > 2 and doc[chunk[0]].lower_ in ("large", "large-scale") and \
                doc[chunk[1]].lower_ in ("scale", "-", "large"):
            chunk = chunk[2:] if doc[chunk[1]].lower_ == "scale" else chunk[3:]
        if not chunk or len([i for i in chunk if doc[i].text != "-"]) > 5 or \
                doc[chunk[0]].text == "-":
            continue  # "$k$-Step ...": the chunk starts inside a word
        # "Learning to Define and Solve ...", "LLMs to Reason About ...": after "to" comes a
        # verb, not a task, unless the word is a noun form ("to Code Generation")
        if after == "to" and not led and not doc[chunk[0]].lower_.endswith(_NOUN_ENDINGS):
            continue
        if " ".join(doc[i].lower_ for i in chunk[:len(chunk) - tail + 1]) in _FIELDS:
            continue
        head = doc[chunk[-tail]].lower_
        # "for Low-Bit LLM Deployment", "on LLM Training Stability": what a title is for may
        # be named by any noun of an activity or a property, not only a known task head
        opened = head not in _TASK_TITLE_HEADS and tail == 1 and (
            bettering or not led and after in ("for", "on", "towards", "toward")) and \
            _open_title_task(doc, chunk, lex)
        if head not in _TASK_TITLE_HEADS and not opened or len(chunk) < 2:
            continue
        span = doc[chunk[0]:chunk[-1] + 1]
        words = [t.text for t in span if t.text != "-"]
        if (lex.head_type(words[0]) and words[0] not in ("LLM", "LLMs")) or \
                words[0].lower() in ("large", "language", "models"):
            continue  # "LLM Reasoning" is a task as annotators name it; "Models for X" is not
        inner = None
        for k in range(1, len(chunk) - 1):
            entry = catalogue.lookup(_text(doc, chunk[k], chunk[-1] + 1))
            if entry is not None and entry.type == "Task":
                inner = k, entry
                break
        if inner is not None:
            # "for Video-Level Representation Learning", "for Occluded Person Re-Identification":
            # what a paper is for, with words that say which kind of the known task, is a kind
            # of it; words that praise the method ("for High-Quality Image Deblurring") or say
            # how it works do not make one, nor does a whole title ("Part-Aligned Person
            # Re-identification" names the method)
            k, entry = inner
            mods = [doc[i].lower_ for i in chunk[:k] if doc[i].text != "-"]
            kind = all(m.isalpha() and m not in _NOT_A_KIND_OF_TASK and m not in _NOT_A_KIND
                       and m not in _TASK_MODIFIERS and m not in _TASK_LEAD_DROP for m in mods)
            whole_entry = catalogue.lookup(span.text)
            if whole_entry is not None and whole_entry.type == "Task":
                # "Weakly-Supervised Semantic Segmentation" is an entry of its own, written
                # with a hyphen the phrase matcher does not take for a space
                out.append(Cand(span.start_char, span.end_char, "Task", "catalogue", 0.9,
                                key=whole_entry.key, typed=True))
            elif kind and (studied or after in ("for", "in", "on", "towards", "toward", "of")):
                out.append(Cand(span.start_char, span.end_char, "Task", "catalogue+variant", 0.8,
                                key=f"{entry.key}|{norm_name(span.text)}", typed=True))
            continue
        out.append(Cand(span.start_char, span.end_char, "Task",
                        "title-open" if opened else "title-task", 0.5 if opened else 0.6))
    return out


#: words before a task a title names by one word ("for Reasoning", "Boosts Reasoning")
_BARE_AFTER = frozenset({"for", "in", "on", "towards", "toward", "vs", "vs.", "versus",
                         "boosts", "improves", "enables"})
#: words after which a title says how it does the task its first words name ("Ordinal
#: Regression with Label Diversity"); after "for" or "of" the first words are the method
_HOW_AFTER_TASK = frozenset({"using", "via", "with", "by", "in", "from", "through", "on"})
#: verbs a title opens with to make something better or measure it ("Enhancing Mobile Data
#: Offloading", "Evaluating Dialect Robustness"): what follows is the task, while what a title
#: is "Rethinking" or "Exploring" is as often its method ("Context Aggregation")
_BETTERING = frozenset({"evaluating", "benchmarking", "improving", "enhancing", "boosting",
                        "advancing", "accelerating", "quantifying"})
#: verbs a title opens with to say what problem it overcomes ("Mitigating X")
_PROBLEM_GERUNDS = frozenset({"mitigating", "addressing", "tackling", "confronting",
                              "overcoming", "alleviating", "combating", "combatting",
                              "preventing", "avoiding", "countering", "curbing", "taming",
                              "resolving", "remedying", "fighting"})
#: endings of the nouns that can head an open title task: activities and properties
_OPEN_HEAD_ENDINGS = ("tion", "tions", "sion", "sions", "ment", "ments", "ity", "ities", "ness",
                      "ing")
#: such nouns that say how well or where, or name a thing, never what the problem is
_NOT_OPEN_HEADS = frozenset({
    "performance", "efficiency", "implementation", "implementations", "application",
    "applications", "environment", "environments", "setting", "settings", "things",
    "everything", "anything", "something", "nothing", "community", "communities", "quantity",
    "quality", "opportunity", "opportunities", "thinking", "beginning", "beginnings",
    "reasoning", "understanding", "living", "representation", "representations", "function",
    "functions", "question", "questions", "interaction", "interactions", "direction",
    "directions", "submission", "submissions", "citation", "citations", "decision",
    "decisions", "convolution", "convolutions", "condition", "conditions", "distribution",
    "distributions", "solution", "solutions", "relation", "relations", "position", "positions",
    "region", "regions", "section", "sections", "location", "locations", "population",
    "populations", "modality", "modalities", "entity", "entities", "activity", "activities",
    "property", "properties", "ability", "abilities", "capability", "capabilities",
    "documents", "instruments", "elements", "segments", "arguments", "experiments", "moments",
    "comments", "fragments", "statements", "equations", "operations", "institutions",
    "organizations", "organisations", "nations", "stations", "collections", "descriptions",
    "instructions", "observations", "notations", "annotations", "transformations", "variations",
    "versions", "dimensions", "extensions", "expressions", "sessions", "emotions", "motions",
    "actions", "objects", "networks", "layers", "modules", "tokens", "features", "images"})


def _open_title_task(doc: Doc, chunk: list[int], lex: Lexicon, problem: bool = False) -> bool:
    """Is a title chunk after "for"/"on" a noun phrase of 2-4 words whose head names an
    activity or a property ("Finite-Sum Monotone Inclusions", "LLM Training Stability"),
    not a thing the method is for ("Large Language Models")? A ``problem`` a title sets out
    to overcome may be one word and have any head ("Label Noise", "Heterophily")."""
    words = [doc[i] for i in chunk if doc[i].text != "-"]
    # every word a plain word ("Low-Bit", "LLM"), none glued to markup ("magentaPerson")
    if not (1 if problem else 2) <= len(words) <= 4 or not all(
            (t.is_alpha or "-" in t.text) and (t.text[1:].islower() or t.text.isupper() or
                                                "-" in t.text) for t in words):
        return False
    head = words[-1].lower_
    return (problem or head.endswith(_OPEN_HEAD_ENDINGS)) and head not in _NOT_OPEN_HEADS and \
        lex.head_type(head) is None and words[0].lower_ not in _TASK_LEAD_DROP and \
        words[0].lower_ not in _NOT_A_SUBJECT and words[0].lower_ not in lex.stop and \
        not any(t.lower_ in _TITLE_SPLIT or t.lower_ in shapes.CONNECTORS for t in words)


_TYPE_BEFORE_DETS = frozenset({"a", "an", "the", "our", "this", "new", "novel", "its", "their"})


def _head_before(toks: list[Token], start: int, lex: Lexicon) -> str | None:
    """The type a head noun right before a name gives it, when a determiner leads that
    noun phrase: "our model UniCoder", "an instruction dataset UniCoder-Instruct", "the
    benchmark X"; never a task ("the task X" names an instance of something else)."""
    if start < 2:
        return None
    t = lex.head_type(toks[start - 1].text)
    if t is None or t == "Task" or not toks[start - 1].is_lower:
        return None
    for k in range(start - 2, max(start - 5, -1), -1):
        low = toks[k].lower_
        if low in _TYPE_BEFORE_DETS:
            return t
        if not toks[k].is_alpha or low in lex.stop:
            return None
    return None


#: a network's name: "WideNet", "3DCrowdNet", "Gen-LaneNet", "ABINet++" (not "Internet")
_NET_NAME = re.compile(r"[A-Za-z0-9]Nets?(?:\+\+)?$")


def _own_head(span: Span, lex: Lexicon) -> str | None:
    """The type the last part of a one-word name gives it, when the name is glued from
    parts ("LiveAoPSBench", "UniCoder", "Math-LMM"): the part says what the thing is."""
    text = span.text
    if " " in text:
        return None
    parts = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", text)
    if len(parts) < 2:
        return None
    last = parts[-1]
    if last.isdigit() or len(last) < 3:
        return None
    return lex.head_type(last)


def _part_type(span: Span, catalogue: Catalogue) -> str | None:
    """A new name built on a known one takes its type: "Orca-Math" (Orca), "MCTS-DPO". The
    part must be written as the entry writes it ("Multiple" is not MultiPL-E, "Cross" is not
    CROSS)."""
    for tok in span:
        if len(tok.text) > 2:
            entry = catalogue.lookup(tok.text, exact_case=True)
            if entry is not None and entry.type != "Task" and tok.text in entry.surfaces:
                return entry.type
    return None


def _title_type(doc: Doc, start: int, end: int, lex: Lexicon) -> str | None:
    """Type of a title-prefix name from the head of the noun phrase after the colon
    ("A Diverse Benchmark for ..." -> Dataset; "LLM Generation with ..." -> None;
    "Personalizing Evolving Models ..." says what X does, not what it is -> None)."""
    first = next((t for t in doc[start:end] if t.is_alpha), None)
    if first is not None and first.lower_.endswith("ing") and first.lower_ not in lex.stop:
        return None
    last = None
    for tok in doc[start:end]:
        if tok.lower_ == "and" and (last is None or lex.head_type(last) is None):
            continue  # "A Diverse and Dynamic Benchmark": "and" joins adjectives
        if tok.lower_ in _NP_STOPS:
            if last is not None:
                break
            continue
        if (tok.is_alpha or "-" not in tok.text) and not tok.is_space:
            last = tok.text  # not the blank line after the title
    return lex.head_type(last) if last else None


_NP_STOPS = frozenset({"for", "of", "via", "with", "in", "to", "on", "by", "from", ":", ",", "and",
                       "through", "towards", "toward", "that", "using", "?", "!", "."})


def _next_name(doc: Doc, lo: int, hi: int, *, multiword: bool,
               skip_known: Catalogue | None = None) -> tuple[int, int] | None:
    i = lo
    while i < hi:
        tok = doc[i]
        if tok.text in (".", ";", ":") and i > lo:
            return None
        if tok.text in ("(",) and i > lo + 1:
            return None
        strong_or_weak = shapes.is_strong(tok.text) or shapes.is_weak(tok.text)
        lead = (tok.text.isalpha() and tok.text.islower() and i + 2 < len(doc)
                and doc[i + 1].text == "-" and shapes.is_strong(doc[i + 2].text))
        if strong_or_weak or lead:
            ns = shapes.name_span(doc, i, multiword=multiword)
            if ns:
                text = _text(doc, ns[0], ns[1])
                if skip_known is not None and skip_known.lookup(text, exact_case=True) is not None:
                    i = ns[1]
                    continue
                return ns
        i += 1
    return None


# ------------------------------------------------------------------ resolution
def resolve(doc: Doc, proposed: list[Cand], lex: Lexicon, catalogue: Catalogue) -> list[Cand]:
    """Settle overlaps (longest, then most trusted rule), tie acronyms to their long forms,
    spread a discovered name to its other occurrences, type lists by their known members."""
    abbrevs = find_abbreviations(text_of(doc))
    doc._.kg_abbrevs = abbrevs
    extra: list[Cand] = []
    generic = {g.lower() for g in lex.generic}
    classes: set[str] = set()
    contradicted: set[tuple[str, str]] = set()
    for a in abbrevs:
        if a.short.lower() in generic or a.long.lower() in generic:
            continue
        # the long form first, the short one as written: "Fusion-in-Decoder (FiD)" is not
        # "Fréchet Inception Distance (FID)"
        entry = catalogue.lookup(a.long) or catalogue.lookup(a.short, exact_case=True)
        if entry is not None and not _same_long_form(entry, a.long, a.short):
            # "Fused-Multiply-and-Accumulate (FMA)" is not FMA the Free Music Archive
            contradicted.add((a.short, entry.key))
            entry = None
        known_short = catalogue.lookup(a.short, exact_case=True)
        if entry is not None and known_short is not None and known_short.key != entry.key:
            # "the Criss-Cross Attention (CCA)" is criss-cross attention, and the CCAs after
            # it are not canonical correlation analysis
            contradicted.add((a.short, known_short.key))
        if entry is not None:
            for s, e in ((a.long_start, a.long_end), (a.short_start, a.short_end)):
                extra.append(Cand(s, e, entry.type, "abbrev-catalogue", 0.9, key=entry.key,
                                  long_form=a.long, hub_id=entry.hf))
            continue
        if set(re.split(r"[\s-]+", a.long.lower())) <= _CLASS_WORDS:
            classes.add(a.short)  # "language model agents (LMAs)": a class, not a name
            continue
        # "person re-identification (re-ID)": the acronym spells only the end of a known name
        # the catalogue found right before it, and is that name's short form
        cover = next((c for c in proposed if c.rule in ("catalogue", "catalogue+variant") and
                      c.key and c.start < a.long_start and c.end == a.long_end), None)
        if cover is not None:
            extra.append(Cand(a.short_start, a.short_end, cover.type, "abbrev-catalogue", 0.9,
                              key=cover.key, long_form=text_of(doc)[cover.start:cover.end],
                              hub_id=cover.hub_id))
            continue
        # "Prompt Learning for Action Recognition (PLAR)" is a learning approach for a task,
        # not the task: the head comes before the purpose
        head_part = re.split(r"\s(?:for|using|via|with|towards?|through|by)\s", a.long)[0]
        head = head_part.split()[-1].lower() if head_part.split() else ""
        after = _after_type(doc, a.short_end, lex)
        if after is None and head in _THING_HEADS and _spells_tail(a.short, a.long, lex):
            # "knowledge base (KB)", "base stations (BSs)": things; but "a Symbiotic Attention
            # framework leveraging Privileged information (SAP)" is a method
            classes.add(a.short)
            continue
        if a.long.lower().endswith(_METHOD_COMPOUNDS):
            typ = "Method"
        elif after is not None:
            typ = after  # "(TDG), a novel approach": what follows says what it is
        else:
            typ = "Task" if head in _TASK_HEADS else (lex.head_type(head) or "Method")
        typed = typ != "Method" or a.long.lower().endswith(_METHOD_COMPOUNDS) or \
            lex.head_type(head) == "Method"
        if not typed and len(a.short) == 2 and a.short.isupper():
            continue  # "natural language (NL)", "Complete Mastery (CM)": shorthand, no name
        if not typed and a.long == a.long.lower() and \
                shapes.word_count(a.short, text_of(doc), stop=2) < 2:
            continue  # "knowledge base (KB)" said once is prose, not a named method
        key = "abbr:" + norm_name(a.short)
        extra.append(Cand(a.short_start, a.short_end, typ, "abbrev", 0.75, key=key,
                          long_form=a.long, typed=typed))
        if len(a.long.split()) <= 8:
            extra.append(Cand(a.long_start, a.long_end, typ, "abbrev", 0.7, key=key,
                              long_form=a.long, typed=typed))
    if contradicted:
        text = text_of(doc)
        proposed = [c for c in proposed if (text[c.start:c.end], c.key) not in contradicted]
    if classes:
        text = text_of(doc)
        stems = {x.rstrip("s") for x in classes}
        proposed = [c for c in proposed if c.rule in _CATALOGUE_RULES or
                    text[c.start:c.end].rstrip("s") not in stems]
    proposed = _own_names(doc, proposed, lex)
    chosen = _select(proposed + extra)
    chosen = _spread(doc, chosen, lex)
    # every occurrence of a defined acronym or its long form carries the definition
    defined = {text_of(doc)[c.start:c.end]: c for c in chosen if c.long_form}
    for c in chosen:
        d = defined.get(text_of(doc)[c.start:c.end])
        if d is not None and not c.long_form and c.rule not in _CATALOGUE_RULES:
            c.key, c.long_form, c.type, c.typed = d.key, d.long_form, d.type, d.typed
    _coordinate(doc, chosen, lex, catalogue)
    _elided(doc, chosen, catalogue)
    new_tasks = _intro_scope(doc, chosen, lex)
    _own_family(doc, chosen)
    _harmonise_types(chosen, doc)
    for c in chosen:
        if c.type == "Task":
            # a task is new only as the object of an introducing verb, not as what "a new QG
            # model" (typed Task by its name) is for
            c.introduced = id(c) in new_tasks
    return sorted(chosen, key=lambda c: (c.start, c.end))


_CATALOGUE_RULES = ("catalogue", "catalogue+variant", "abbrev-catalogue", "url")


def _spells_tail(short: str, long: str, lex: Lexicon) -> bool:
    """Do the capitals of ``short`` spell the last words of ``long`` ("Internet of Things"
    for IoT, "base stations" for BSs), so that its head names what the acronym is?"""
    letters = [ch.lower() for ch in short if ch.isupper()]
    words = [w for w in re.split(r"[\s-]+", long) if w and w.lower() not in lex.stop]
    return 0 < len(letters) <= len(words) and \
        [w[0].lower() for w in words[-len(letters):]] == letters


def _same_long_form(entry: Entry, long: str, short: str) -> bool:
    """Could a paper's definition of ``short`` be the entry's? Only an entry with long forms
    (several words) can be contradicted: by a definition sharing no word with any of them
    ("Fused Multiply-Accumulate" vs "Free Music Archive"), or whose words starting with the
    short form's first letter share no first three letters with theirs ("Green Cloudlet
    Network" vs "graph convolutional network"). Wording may differ ("Outcome-based Reward
    Models" is ORM)."""
    def words(s: str) -> set[str]:
        return {w for w in re.split(r"[\W_]+", s.lower()) if len(w) > 2} - {"and", "the", "for"}
    longs = [words(s) for s in entry.surfaces if len(s.split()) > 1]
    if not longs:
        return True
    ours = words(long)
    # the words the short form's first letter can come from must agree too: "Green Cloudlet
    # Network (GCN)" shares "network" with graph convolutional network, but not its "graph"
    # ("Standard Convolutional Neural Networks (CNNs)" and "visual transformer (ViT)" agree)
    def lead(ws: set[str]) -> set[str]:
        return {w[:3] for w in ws if w[:1] == short[:1].lower()}
    mine = lead(ours)
    theirs = set().union(*(lead(w) for w in longs))
    if mine and theirs and not mine & theirs:
        return False
    return any(ours & w for w in longs)


#: heads of long forms that name things a method runs on, serves or is about, not a
#: method, model, dataset or task: "graphics processing units (GPUs)", "knowledge base
#: (KB)", "channel state information (CSI)", "Internet of Things (IoT)"
_THING_HEADS = frozenset({
    "unit", "units", "station", "stations", "user", "users", "vehicle", "vehicles",
    "equipment", "points", "information", "things", "intelligence", "base", "bases", "hardware",
    "frequency", "radio", "interface", "center", "converter", "array", "computing", "english",
    "purpose"})
#: words of a long form that names a class of systems, never one system
_CLASS_WORDS = frozenset({
    "large", "small", "language", "languages", "model", "models", "agent", "agents", "neural",
    "network", "networks", "deep", "vision", "visual", "multimodal", "multi", "modal",
    "foundation", "pretrained", "pre", "trained", "autoregressive", "generative", "based",
    "machine", "reasoning", "reward", "policy", "policies", "encoder", "decoder", "only",
    "and", "of", "the", "text", "to", "image", "video", "audio", "speech", "llm", "llms", "auto",
    "regressive", "tool", "augmented"})


def _named_before(doc: Doc, start: int, lex: Lexicon) -> bool:
    """Does "called" / "named" / "dubbed" stand right before this character?"""
    m = re.search(r"([A-Za-z]+)\s+$", text_of(doc)[max(0, start - 20):start])
    return m is not None and m.group(1).lower() in lex.naming_words


_SCOPE_STOPS = frozenset({"using", "use", "on", "based", "from", "via", "with", "than", "by",
                          "leveraging", "built", "including", "such", "like", "uses", "over"}) \
    | _ABOUT


_LIST_WORDS = frozenset({"including", "such", "like"})
#: adverbs that make an introducing verb speak of earlier work
_EARLIER = frozenset({"recently", "previously", "already", "widely", "originally"})
_CLAUSE_STARTS = frozenset({"that", "which", "whether", "how", "where", "when", "while",
                            "whereas", "because", "if"})
_RELEASE = frozenset({"release", "releases", "released", "releasing", "open-sourced",
                      "open-sourcing"})


def _is_release(doc: Doc, i: int) -> bool:
    """"release(d)", "open-sourced" (the tokenizer splits "open - sourced"); not the
    adjective "open-source"."""
    tt = shapes.token_table(doc)[0]
    low = tt[i].lower()
    if low in _RELEASE:
        return True
    return low in ("sourced", "sourcing") and i >= 2 and tt[i - 1] == "-" \
        and tt[i - 2].lower() == "open"


def _earlier(doc: Doc, i: int, lo: int) -> bool:
    """Does an adverb make the verb at ``i`` (in a sentence from token ``lo``) speak of
    someone else's work ("the recently released Llama3.1 family"; not "we recently
    released ...")?"""
    return i > lo and doc[i - 1].lower_ in _EARLIER and not (
        i - 1 > lo and doc[i - 2].lower_ in ("we", "have"))


def _intro_scope(doc: Doc, chosen: list[Cand], lex: Lexicon) -> set[int]:
    """In "we propose X (with Y and Z)", new names after the verb are the paper's own, up to
    the first cue of comparison or use; a known name is only if the title names it too.
    Returns the ids of the mentions of new tasks."""
    tlen = title_length(doc)
    new_tasks: set[int] = set()
    for sent in sents_of(doc):
        if sent.start_char < tlen or \
                not _has_self(text_of(doc)[sent.start_char:sent.end_char], lex):
            continue
        inside = [(c.start, c.end) for c in chosen]
        for verb in shapes.tokens(doc)[sent.start:sent.end]:
            release = _is_release(doc, verb.i)
            if verb.lower_ not in lex.introduce_verbs and verb.lower_ != "our" and not release \
                    or _purpose(doc, verb.i) or _earlier(doc, verb.i, sent.start):
                continue
            # "we release a series of models, including A, B and C": what a paper releases is
            # its own, known or not, and "including" lists it; so does "we design two methods,
            # including A and B" for names nobody listed
            stop = _scope_stop(doc, verb.i, sent, inside, lex, _SCOPE_STOPS - _LIST_WORDS
                               if release else _SCOPE_STOPS)
            stop_new = _scope_stop(doc, verb.i, sent, inside, lex, _SCOPE_STOPS - {"including"})
            if verb.lower_ == "our":
                # "Our experiments confirm that extending Mamba and DeltaNet ...": "our" owns
                # the names of its own clause, not those of the clause it governs
                clause = _scope_stop(doc, verb.i, sent, inside, lex, _CLAUSE_STARTS)
                stop, stop_new = min(stop, clause), min(stop_new, clause)
            # "the proposed protocol" is an adjective: it introduces nothing after it
            acting = verb.lower_ in lex.introduce_verbs and not (
                verb.i > sent.start and doc[verb.i - 1].lower_ in _DETERMINERS)
            first = True
            for c in sorted(chosen, key=lambda c: c.start):
                if c.type == "Task" and c.rule not in _CATALOGUE_RULES and acting and \
                        c.long_form and verb.idx < c.start and _NEW_OBJECT.fullmatch(
                            text_of(doc)[verb.idx + len(verb.text):c.start]) and (
                            _after_type(doc, c.end, lex) == "Task" or
                            c.long_form.split()[-1].lower() in ("task", "problem")):
                    # "we propose the Target Length Generation Task (TLG)": a task the paper
                    # defines, and calls a task, as the very object of its verb is new (not "a
                    # method for X (Y)", "a new QG model", "we propose Dual Concept Detection
                    # (DCD)", a method typed by its head)
                    new_tasks |= _same_key(chosen, c)
                if c.type in ("Repository", "Link", "Task") or not verb.idx < c.start:
                    continue
                if c.rule == "abbrev" and c.start < sent.end_char and not c.introduced and \
                        acting and _defined_as_own(doc, verb.i, c.start, inside, lex):
                    # "... and 2) learning steps through Step-level Advantage Preference
                    # Optimization (Step-APO)": an acronym the paper defines for a new name in
                    # the sentence that presents its work is its own
                    c.introduced = True
                if c.start >= (stop_new if c.rule not in _CATALOGUE_RULES else stop):
                    continue
                if c.rule not in _CATALOGUE_RULES or release and c.rule != "url":
                    c.introduced = True
                elif c.rule != "url" and (first and verb.lower_ != "our" and not text_of(
                        doc)[verb.idx + len(verb.text):c.start].strip() or _named_before(
                        doc, c.start, lex)):
                    # a known name right after "we develop" / "we present" is this paper's
                    c.introduced = True
                first = False
    return new_tasks


_NEW_OBJECT = re.compile(r"\s+(?:(?:a|an|the|new|novel|two|three)\s+)*", re.I)


def _same_key(chosen: list[Cand], new: Cand) -> set[int]:
    """Ids of ``new`` and of every mention sharing its key (the acronym, the long form)."""
    return {id(new)} | {id(c) for c in chosen if new.key and c.key == new.key}


def _own_family(doc: Doc, chosen: list[Cand]) -> None:
    """Variants of a known model the title presents as its own are the paper's too
    ("ChatGLM: ..." then "ChatGLM-6B"); a title that presents a family ("ChatGLM: A Family
    of Large Language Models from GLM-130B to GLM-4") presents the models it names, and
    their variants ("GLM-4-Air")."""
    tlen = title_length(doc)
    in_title = [c for c in chosen if c.start < tlen and c.type == "Model" and c.key]
    own = {c.key for c in in_title if c.introduced}  # only a title-prefix name is, there
    if not own:
        return
    if _FAMILY.search(text_of(doc)[:tlen]):
        own |= {c.key.split("|")[0] for c in in_title}
    for c in chosen:
        if c.type == "Model" and c.key.split("|")[0] in own:
            c.introduced = True


_FAMILY = re.compile(r"(?i)\b(?:family|families|series)\b")


def _scope_stop(doc: Doc, verb: int, sent: Span, inside: list[tuple[int, int]], lex: Lexicon,
                stops: frozenset[str]) -> int:
    """Where what a verb introduces ends: the first cue of comparison or use after it (a cue
    word inside a name, "Knowledge based Reasoning", does not count)."""
    return next((t.idx for t in doc[verb + 1:sent.end]
                 if (t.lower_ in lex.compare_cues or t.lower_ in stops)
                 and not any(s <= t.idx < e for s, e in inside)), sent.end_char)


_DETERMINERS = frozenset({"the", "a", "an", "our", "this", "these", "their", "its"})


def _defined_as_own(doc: Doc, verb: int, char: int, inside: list[tuple[int, int]],
                    lex: Lexicon) -> bool:
    """Is a new acronym definition at ``char``, after an introducing verb, free of any cue
    that makes it someone else's: a comparison anywhere since the verb ("outperforms Direct
    Preference Optimization (DPO)"), an example ("such as"), or a use right before it
    ("using Tree Search (TS)")?"""
    toks = [t for t in doc[verb + 1:len(doc)] if t.idx < char
            and not any(s <= t.idx < e for s, e in inside)]
    used = False
    for k, t in enumerate(toks):
        low = t.lower_
        if low in lex.compare_cues or low in ("such", "like", "e.g.", "unlike"):
            return False
        if low in _SCOPE_STOPS - {"including"}:
            used = True
        elif low == ";" or low == ")" and k > 0 and re.fullmatch(r"\d|[ivx]+", toks[k - 1].text):
            used = False  # "1) using X ..., and 2) learning through Y (Z)": a new item
    return not used


# "we present X", "In this paper, we propose a X" right before a name
_WE_INTRODUCE = re.compile(r"\b[Ww]e\s+(?:\w+ly\s+)?(?:present|propose|introduce|release|develop|"
                           r"design|build|describe)\s+$")


def _own_names(doc: Doc, proposed: list[Cand], lex: Lexicon) -> list[Cand]:
    """A name the paper introduces as a system where the catalogue knows a dataset of that
    name (or the other way round) is the paper's own: "We present PARADE, an end-to-end
    Transformer-based model" is not the PARADE dataset. Every mention of it becomes the
    new thing."""
    text = text_of(doc)
    own: dict[str, str] = {}
    for c in proposed:
        if c.rule not in ("catalogue", "catalogue+variant") or c.type == "Task":
            continue
        if not _WE_INTRODUCE.search(text, max(0, c.start - 40), c.start):
            continue
        # a dataset and a system are different things; a model and a method may be one
        # ("AlphaCode, a system for ...")
        after = _after_type(doc, c.end, lex)
        if after is not None and after != "Task" and "Dataset" in (after, c.type) and \
                after != c.type:
            own[text[c.start:c.end]] = after
    if not own:
        return proposed
    out = []
    for c in proposed:
        surface = text[c.start:c.end]
        if surface not in own or not c.key.startswith(("Model:", "Dataset:", "Method:")):
            out.append(c)  # (the title's "PARADE: ..." was looked up in the catalogue too)
            continue
        opens_title = c.start == 0 and text.startswith(":", c.end)
        intro = opens_title or bool(_WE_INTRODUCE.search(text, max(0, c.start - 40), c.start))
        out.append(Cand(c.start, c.end, own[surface], "introduce" if intro else "repeat", 0.75,
                        introduced=intro, typed=True))
    return out


def _after_type(doc: Doc, char: int, lex: Lexicon) -> str | None:
    """The type a head noun right after an acronym gives it: "(MCTS) algorithm",
    "(TDG), a novel approach", "(X), a new benchmark"."""
    rest = text_of(doc)[char:char + 80]
    m = re.match(r"\)?\s*(,\s*(?:a|an|the)\s+)?", rest)
    # the words up to the end of the sentence ("(QRE). Benchmark results ..." types nothing)
    words = re.findall(r"[A-Za-z][\w-]*", re.split(r"[.;:!?](?:\s|$)", rest[m.end():] if m
                                                     else rest, maxsplit=1)[0])
    if m and not m.group(1) and rest[m.end():m.end() + 1].isupper():
        # "(BTCV) Segmentation Challenge": the capitalised words go on with the name, whose
        # last word is its head
        run = list(itertools.takewhile(lambda w: w[0].isupper(), words[:4]))
        return lex.head_type(run[-1]) if run else None  # "(QRE) Évaluation": no ASCII word
    for w in words[: 4 if m and m.group(1) else 1]:
        if w.lower() in _NP_STOPS or w.lower() in ("that", "which", "is", "are"):
            return None
        t = lex.head_type(w)
        if t:
            return t
    return None


def _select(cs: list[Cand]) -> list[Cand]:
    taken: list[Cand] = []
    occupied: list[tuple[int, int]] = []
    same: dict[tuple[int, int], Cand] = {}
    for c in sorted(cs, key=lambda c: (-c.length, -RULE_PRIORITY.get(c.rule, 0), c.start)):
        twin = same.get((c.start, c.end))
        if twin is not None:
            # another rule saw the same words: keep the trusted reading, add what this one knows
            twin.introduced = twin.introduced or c.introduced
            if c.long_form and not twin.long_form:  # "X, or SORSA, a novel method"
                twin.key, twin.long_form = c.key, c.long_form
            if c.typed and not twin.typed:
                twin.type, twin.typed = c.type, True
            continue
        if any(c.start < e and s < c.end for s, e in occupied):
            continue
        taken.append(c)
        same[(c.start, c.end)] = c
        occupied.append((c.start, c.end))
    return taken


def _occurrences(text: str, surface: str) -> Iterator[int]:
    """Starts of ``surface`` in ``text`` as a whole word (no letter, digit, ``_`` or ``-`` on
    either side); ``str.find`` rather than a regex compiled per name."""
    i = text.find(surface)
    n = len(surface)
    while i >= 0:
        before = text[i - 1] if i else " "
        after = text[i + n] if i + n < len(text) else " "
        if not (before.isalnum() or before in "_-" or after.isalnum() or after in "_-"):
            yield i
        i = text.find(surface, i + 1)


def _spread(doc: Doc, chosen: list[Cand], lex: Lexicon) -> list[Cand]:
    """Every other occurrence of a discovered name is a mention of the same thing."""
    text = text_of(doc)
    occupied = [(c.start, c.end) for c in chosen]
    out = list(chosen)
    seen: set[str] = set()
    for c in chosen:
        if c.rule in ("url", "catalogue", "catalogue+variant", "abbrev-catalogue"):
            continue
        surface = text[c.start:c.end]
        if surface in seen:
            continue
        seen.add(surface)
        for a in _occurrences(text, surface):
            b = a + len(surface)
            # "... (person-part segmentation)" again after a list named it: the listed task,
            # not the known "segmentation" inside it
            inside = [o for o in out if a <= o.start and o.end <= b and o.type == "Task" and
                      (o.start, o.end) != (a, b)] if c.rule == "task-list" else []
            if inside and not any(a < e and s < b and not (a <= s and e <= b)
                                  for s, e in occupied):
                out = [o for o in out if o not in inside]
                occupied = [(s, e) for s, e in occupied if not (a <= s and e <= b)]
            if any(a < e and s < b for s, e in occupied):
                continue
            out.append(Cand(a, b, c.type, "repeat", c.confidence * 0.9,
                            key=c.key, long_form=c.long_form, typed=c.typed))
            occupied.append((a, b))
    return out


def _coordinate(doc: Doc, chosen: list[Cand], lex: Lexicon, catalogue: Catalogue) -> None:
    """In "GSM8K, MATH and X", an unknown strong name X takes its neighbours' type."""
    by_start = {c.start: c for c in chosen}
    occupied = [(c.start, c.end) for c in chosen]
    tlen = title_length(doc)
    # a name found here takes the list on: "Mamba, RWKV, GLA, mLSTM, and DeltaNet"
    queue = sorted(chosen, key=lambda c: c.start)
    k = 0
    while k < len(queue):
        c = queue[k]
        k += 1
        if c.type not in ("Model", "Dataset", "Method"):
            continue
        for new in _slashed_versions(doc, c, catalogue, occupied):
            chosen.append(new)
            occupied.append((new.start, new.end))
            by_start[new.start] = new
            bisect.insort(queue, new, key=lambda x: x.start)
        m = re.match(r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+|\s*/\s*)", text_of(doc)[c.end:])
        if not m:
            continue
        pos = c.end + m.end()
        if pos in by_start:
            continue
        tok = _token_at(doc, pos)
        if tok is None:
            continue
        ns = shapes.name_span(doc, tok, weak_ok=False)
        if not ns:  # "Math-Rev and Code-Rev": capitalised parts make a name too
            ns = shapes.name_span(doc, tok, weak_ok=True)
            if not ns or not _distinct_shape(_text(doc, ns[0], ns[1])):
                continue
        if not _usable(_text(doc, ns[0], ns[1]), lex, catalogue):
            continue
        # "EuroSAT and UC Merced Land Use benchmark": the name goes on over capitalised words
        # (in the abstract; a title capitalises every word)
        j = ns[1]
        while j < len(doc) and j - ns[1] < 4 and doc[j - 1].whitespace_ and \
                doc[j].is_alpha and (doc[j].is_title or doc[j].is_upper) and \
                lex.head_type(doc[j].text) is None:
            j += 1
        if j > ns[1]:
            if doc[ns[0]].idx < tlen:
                continue
            ns = (ns[0], j)
        span = doc[ns[0]:ns[1]]
        if any(span.start_char < e and s < span.end_char for s, e in occupied):
            continue
        if not _usable(span.text, lex, catalogue):
            continue
        known = catalogue.lookup(span.text, exact_case=True)
        if known is not None:
            new = Cand(span.start_char, span.end_char, known.type, "catalogue", 0.9,
                       key=known.key, hub_id=known.hf, typed=True)
        else:
            new = Cand(span.start_char, span.end_char, c.type, "coordination", 0.6,
                       introduced=c.introduced and c.key == "")
        chosen.append(new)
        by_start[new.start] = new
        occupied.append((new.start, new.end))
        bisect.insort(queue, new, key=lambda x: x.start)


def _slashed_versions(doc: Doc, c: Cand, catalogue: Catalogue,
                      occupied: list[tuple[int, int]]) -> list[Cand]:
    """In "GPT-4o/4/3.5-turbo" or "LLaMA-3.1/3", the parts after the slashes are versions
    of the name before them: GPT-4, GPT-3.5-turbo and LLaMA-3, as far as the catalogue
    knows them."""
    text = text_of(doc)
    name = text[c.start:c.end]
    cut = name.rfind("-")
    if c.type != "Model" or not c.key or cut < 1:
        return []
    out = []
    pos = c.end
    while True:
        m = _SLASH_PART.match(text, pos)
        if not m:
            break
        pos = m.end()
        s, e = m.start(1), m.end(1)
        if any(s < oe and os_ < e for os_, oe in occupied):
            continue
        known = catalogue.lookup(name[:cut + 1] + m.group(1))
        if known is not None and known.type == "Model":
            out.append(Cand(s, e, "Model", "ellipsis", 0.85, key=known.key,
                            hub_id=known.hf, typed=True))
    return out


_SLASH_PART = re.compile(r"/([0-9][\w.]*(?:-[A-Za-z]\w*)*)")


def _elided(doc: Doc, chosen: list[Cand], catalogue: Catalogue) -> None:
    """In "arithmetic and symbolic reasoning tasks" or "image, video and audio classification"
    each modifier before the shared head names a task of its own: a known task, when the
    modifier and the head together are one in the catalogue. The mention is the modifier
    alone (rule ``ellipsis``), so its evidence is the text as written."""
    words, _spaces = shapes.token_table(doc)
    toks = shapes.tokens(doc)
    occupied = [(c.start, c.end) for c in chosen]
    for c in [c for c in chosen if c.type == "Task"]:
        i = _token_at(doc, c.start)
        if i is None or i < 2 or words[i - 1].lower() not in ("and", "or"):
            continue
        head = text_of(doc)[c.start:c.end].split(None, 1)
        if len(head) < 2:
            continue
        rest = [head[1]]
        short = re.sub(r"\s+(?:tasks?|problems?)$", "", head[1], flags=re.I)
        if short != head[1]:
            rest.append(short)  # "symbolic reasoning tasks": the task is symbolic reasoning
        j = i - 2
        if words[j] == ",":
            j -= 1
        while j >= 0:
            w = words[j]
            tok = toks[j]
            if not (w.replace("-", "").isalpha() and w.islower()) or \
                    any(tok.idx < e and s < tok.idx + len(w) for s, e in occupied):
                break
            entry = next((e for e in (catalogue.lookup(f"{w} {r}") for r in rest)
                          if e is not None and e.type == "Task"), None)
            if entry is None:
                break
            chosen.append(Cand(tok.idx, tok.idx + len(w), "Task", "ellipsis", 0.8,
                               key=entry.key, typed=True))
            occupied.append((tok.idx, tok.idx + len(w)))
            if j < 2 or words[j - 1] != ",":
                break
            j -= 2


def _token_at(doc: Doc, char: int) -> int | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span.start if span is not None and span.start_char == char else None


def _harmonise_types(chosen: list[Cand], doc: Doc) -> None:
    """One type per name within a paper: the catalogue's, else the most frequent."""
    votes: dict[str, Counter[str]] = {}
    fixed: dict[str, str] = {}
    for c in chosen:
        if c.type in ("Repository", "Link"):
            continue
        n = c.key or norm_name(text_of(doc)[c.start:c.end])
        if c.rule.startswith("catalogue") or c.rule == "abbrev-catalogue":
            fixed[n] = c.type
        # a repeat copies its source's type and adds nothing; "X: A Language Model for ..."
        # in the title says best what X is
        weight = 0 if c.rule == "repeat" else 6 if c.rule == "title-prefix" and c.typed \
            else 3 if c.typed else 1
        votes.setdefault(n, Counter())[c.type] += weight
    for c in chosen:
        if c.type in ("Repository", "Link"):
            continue
        n = c.key or norm_name(text_of(doc)[c.start:c.end])
        c.type = fixed.get(n) or sorted(votes[n].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


# ------------------------------------------------------------------ factories
@Language.factory("kg_sentences")
def make_sentences(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    return segment


@Language.factory("kg_urls")
def make_urls(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    def component(doc: Doc) -> Doc:
        doc._.kg_cands = url_cands(doc)
        return doc
    return component


@Language.factory("kg_catalogue")
def make_catalogue(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    matcher = CatalogueMatcher(nlp, load_catalogue())

    def component(doc: Doc) -> Doc:
        doc._.kg_cands = (doc._.kg_cands or []) + matcher(doc)
        return doc
    return component


@Language.factory("kg_discover")
def make_discover(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    lex, cat = load_lexicon(), load_catalogue()

    def component(doc: Doc) -> Doc:
        doc._.kg_cands = (doc._.kg_cands or []) + discover(doc, lex, cat)
        return doc
    return component


@Language.factory("kg_resolve")
def make_resolve(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    lex, cat = load_lexicon(), load_catalogue()

    def component(doc: Doc) -> Doc:
        doc._.kg_cands = resolve(doc, doc._.kg_cands or [], lex, cat)
        return doc
    return component


@Language.factory("kg_roles")
def make_roles(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    from kg.extract.roles import assign_roles

    lex = load_lexicon()

    def component(doc: Doc) -> Doc:
        assign_roles(doc, doc._.kg_cands or [], lex)
        return doc
    return component


@Language.factory("kg_results")
def make_results(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    lex, cat = load_lexicon(), load_catalogue()
    # a named metric ("BLEU-4", "FID score", "Frechet Inception Distance") is an entity, but
    # never the system a number belongs to
    measures = frozenset(e.key for e in cat.entries.values()
                         if any(_measure_name(s) in lex.metrics_lower for s in e.surfaces))

    def component(doc: Doc) -> Doc:
        doc._.kg_results = find_results(doc, doc._.kg_cands or [], lex, measures)
        return doc
    return component


def _measure_name(surface: str) -> str:
    """"BLEU-4 scores" -> "bleu", as the metric list writes the measure."""
    return re.sub(r"(?:-\d+)?(?:\s+scores?)?$", "", surface.lower())
