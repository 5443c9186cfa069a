"""Token shapes that make a word look like a name (SORSA, GSM8K, MathSensei, o1, Ruler)."""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.attrs import ORTH, SPACY
from spacy.tokens import Doc, Token

_HAS_LETTER = re.compile(r"[A-Za-z]")
_STRONG = re.compile(r"[A-Z].*[A-Z]|[a-z][A-Z]|[A-Za-z]\d|\d[A-Za-z]")
# parameter counts only: "116K" counts examples, not parameters
_SIZE = re.compile(r"^\d+(?:\.\d+)?[BMT]$|^\d+x\d+[BM]$", re.I)
CONNECTORS = frozenset({"of", "for", "and", "with", "via", "in", "on", "to", "the", "based"})
_TRAILING_OK = frozenset({"instruct", "chat", "base", "coder", "preview", "mini", "turbo", "math",
                          "code", "hf", "it", "sft", "rm", "prm", "orm", "v", "pro", "plus",
                          "large", "small", "medium", "xl", "xxl", "lite", "flash", "vision"})
_LATEX = re.compile(r"^[\w$^{}\\]+$")
#: a number with a magnitude ("100K", "1.9k", "7B"): how many, never a name alone (but a part
#: of one: "KonIQ-10k")
_COUNT = re.compile(r"^\d+(?:[.,]\d+)?[KMBT]$", re.I)


@lru_cache(maxsize=1 << 16)
def is_strong(text: str) -> bool:
    """Mixed case, inner capitals or letters with digits: "SORSA", "GSM8K", "PiSSA", "o1"."""
    return bool(_HAS_LETTER.search(text)) and bool(_STRONG.search(text)) and len(text) <= 40


def is_weak(text: str) -> bool:
    """A capitalised word ("Ruler", "Morfessor"): a name only where context says so."""
    return len(text) >= 3 and text[0].isupper() and text[1:].islower() and text.isalpha()


def is_size(text: str) -> bool:
    """A parameter count: 7B, 70b, 1.5B, 8x7B, 350M."""
    return bool(_SIZE.match(text))


def is_namey(text: str) -> bool:
    return is_strong(text) or is_weak(text)


def word_count(phrase: str, text: str, stop: int = 0) -> int:
    """How often ``phrase`` stands in ``text`` as whole words: no letter, digit, "_" or "-"
    just before or after it (the regex ``(?<![\\w-])PHRASE(?![\\w-])``, non-overlapping),
    counting up to ``stop`` when it is given. Without a regex built per phrase: those
    would crowd the compiled patterns out of ``re``'s cache."""
    n = 0
    at = text.find(phrase) if phrase else -1
    while at >= 0:
        end = at + len(phrase)
        if (at == 0 or not _wordish(text[at - 1])) and \
                (end == len(text) or not _wordish(text[end])):
            n += 1
            if n == stop:
                break
            at = text.find(phrase, end)
        else:
            at = text.find(phrase, at + 1)
    return n


def _wordish(c: str) -> bool:
    return c.isalnum() or c in "_-"


def token_table(doc: Doc) -> tuple[list[str], list[bool]]:
    """Token texts and "followed by whitespace" flags, built once per document: the rules
    read them thousands of times and ``doc[i]`` creates a Token object each time."""
    table = doc.user_data.get("kg_tokens")
    if table is None:
        arr = doc.to_array([ORTH, SPACY])  # one C call instead of a Token object per token
        strings = doc.vocab.strings
        table = doc.user_data["kg_tokens"] = (
            [strings[int(x)] for x in arr[:, 0]], [bool(x) for x in arr[:, 1]])
    return table  # type: ignore[no-any-return]


def tokens(doc: Doc) -> list[Token]:
    """The document's Token objects, made once: ``doc[i]`` and iterating a Span make a new
    one every time, and the rules walk the tokens many times. (The list refers back to the
    doc: :func:`kg.extract.pipeline.to_extraction` drops it when the doc is done.)"""
    toks = doc.user_data.get("kg_toks")
    if toks is None:
        toks = doc.user_data["kg_toks"] = list(doc)
    return toks  # type: ignore[no-any-return]


def name_span(doc: Doc, i: int, *, multiword: bool = False, weak_ok: bool = True,
              max_words: int = 6) -> tuple[int, int] | None:
    """The name starting at token ``i`` as (start, end) token indices, or None.

    Hyphen- and space-less joins ("Step-DPO", "extended-BPE", "S$^3$c-Math") are always
    followed; with ``multiword`` a run of capitalised words ("Model Breadcrumbs") is too.
    """
    text, ws = token_table(doc)
    n = len(text)
    if i >= n:
        return None
    first = text[i]
    if i >= 2 and text[i - 1] in ("-", ".") and not ws[i - 2] and not ws[i - 1]:
        return None  # inside a compound ("chain-of-OMP"): names start at its first part
    # a lowercase word hyphenated to a strong name: "extended-BPE", "subword-ASR"
    lower_lead = ((first.isalpha() and first.islower() or len(first) == 1 and first.isupper())
                  and i + 2 < n and text[i + 1] == "-" and not ws[i] and not ws[i + 1]
                  and (is_strong(text[i + 2]) or len(first) == 1 and is_namey(text[i + 2])))
    if not lower_lead and not (is_strong(first) or (weak_ok and is_weak(first))):
        return None
    j = i + 1
    words = 1
    while j < n:
        tok = text[j]
        if not ws[j - 1]:
            if tok in ("-", "."):
                if j + 1 < n and not ws[j]:
                    nxt = text[j + 1]
                    if (is_namey(nxt) or nxt.isdigit() or is_size(nxt)
                            or nxt.lower() in _TRAILING_OK or nxt[:1].isupper()):
                        j += 2
                        continue
                    if tok == "-" and nxt in CONNECTORS and j + 3 < n and not ws[j + 1] and \
                            text[j + 2] == "-" and not ws[j + 2] and text[j + 3][:1].isupper() and \
                            text[j + 3].isalnum():
                        j += 4  # "Think-and-Execute", "Plan-and-Solve": one name
                        continue
                break
            if _LATEX.match(tok) and tok not in (")", "(", ",", ";", ":"):
                j += 1
                continue
            break
        if multiword and words < max_words:
            if is_namey(tok) or (tok[:1].isupper() and tok.isalpha()):
                j += 1
                words += 1
                continue
            if (tok.lower() in CONNECTORS and j + 1 < n and text[j + 1][:1].isupper()
                    and text[j + 1].isalpha()):
                j += 2
                words += 2
                continue
        break
    if j == i + 1 and _COUNT.match(first):
        return None  # "we collect 100K images"
    return i, j
