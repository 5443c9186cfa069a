"""Token shapes that make a word look like a name (SORSA, GSM8K, MathSensei, o1, Ruler)."""
from __future__ import annotations

import re

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


def name_span(doc: Doc, i: int, *, multiword: bool = False, weak_ok: bool = True,
              max_words: int = 6) -> tuple[int, int] | None:
    """The name starting at token ``i`` as (start, end) token indices, or None.

    Hyphen- and space-less joins ("Step-DPO", "extended-BPE", "S$^3$c-Math") are always
    followed; with ``multiword`` a run of capitalised words ("Model Breadcrumbs") is too.
    """
    n = len(doc)
    if i >= n:
        return None
    t = doc[i]
    first = t.text
    # a lowercase word hyphenated to a strong name: "extended-BPE", "subword-ASR"
    lower_lead = (first.isalpha() and first.islower() and i + 2 < n and doc[i + 1].text == "-"
                  and not t.whitespace_ and not doc[i + 1].whitespace_
                  and is_strong(doc[i + 2].text))
    if not lower_lead and not (is_strong(first) or (weak_ok and is_weak(first))):
        return None
    j = i + 1
    words = 1
    while j < n:
        prev = doc[j - 1]
        tok = doc[j]
        if not prev.whitespace_:
            if tok.text in ("-", "."):
                if j + 1 < n and not tok.whitespace_:
                    nxt = doc[j + 1].text
                    if (is_namey(nxt) or nxt.isdigit() or is_size(nxt) or nxt.lower() in _TRAILING_OK
                            or (nxt[:1].isupper())):
                        j += 2
                        continue
                break
            if _LATEX.match(tok.text) and tok.text not in (")", "(", ",", ";", ":"):
                j += 1
                continue
            break
        if multiword and words < max_words:
            if is_namey(tok.text) or (tok.text[:1].isupper() and tok.text.isalpha()):
                j += 1
                words += 1
                continue
            if (tok.lower_ in CONNECTORS and j + 1 < n and doc[j + 1].text[:1].isupper()
                    and doc[j + 1].text.isalpha()):
                j += 2
                words += 2
                continue
        break
    return i, j
