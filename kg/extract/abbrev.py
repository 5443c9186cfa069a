"""Acronym definitions, "long form (SHORT)", found with the Schwartz-Hearst algorithm.

>>> [(a.long, a.short) for a in find_abbreviations("We use byte pair encoding (BPE) here.")]
[('byte pair encoding', 'BPE')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_PAREN = re.compile(r"\(([^()]{1,40})\)")
_SHORT = re.compile(r"^[A-Za-z][\w\-./+&$^]*$")


@dataclass(frozen=True)
class Abbreviation:
    long: str
    short: str
    long_start: int
    long_end: int
    short_start: int
    short_end: int


def _is_short(s: str) -> bool:
    if not (2 <= len(s) <= 12) or not _SHORT.match(s) or " " in s:
        return False
    upper = sum(c.isupper() for c in s)
    return upper >= 1 and (upper >= 2 or any(c.isdigit() for c in s) or s[0].isupper())


def _best_long(short: str, words: list[tuple[int, int, str]]) -> int | None:
    """Index into ``words`` where the long form starts (Schwartz & Hearst, 2003), or None."""
    chars = [c.lower() for c in short if c.isalnum()]
    if not chars:
        return None
    text = " ".join(w for _, _, w in words).lower()
    s_i, l_i = len(chars) - 1, len(text) - 1
    while s_i >= 0:
        c = chars[s_i]
        # the first letter of the short form must start a word of the long form
        while l_i >= 0 and (text[l_i] != c or (s_i == 0 and l_i > 0 and text[l_i - 1].isalnum())):
            l_i -= 1
        if l_i < 0:
            return None
        l_i -= 1
        s_i -= 1
    start_char = text.rfind(" ", 0, l_i + 1) + 1
    # map the character position back to a word index
    pos = 0
    for i, (_, _, w) in enumerate(words):
        if pos >= start_char:
            return i
        pos += len(w) + 1
    return None


_REPEAT = re.compile(r"(?<![A-Za-z])([A-Za-z])([2-5])(?![\d.])")
def _spells(short: str, words: list[str]) -> bool:
    """Do as many words (or hyphen parts) start with each repeated letter as its digit says?
    "the three splits of the test (T3)" has letters but not three words in "t"."""
    parts = [p.lower() for w in words for p in re.split(r"-", w) if p]
    return all(sum(p.startswith(m.group(1).lower()) for p in parts) >= int(m.group(2))
               for m in _REPEAT.finditer(short))


_OR_SHORT = re.compile(r",\s+or\s+([A-Za-z][\w\-]*)(?=[\s,;.)])")


_CONNECT = frozenset({"and", "of", "for", "with", "based", "the", "to", "in", "on"})
_NOT_NAME = frozenset({"We", "Our", "The", "This", "A", "An", "In", "To", "Recently", "However",
                       "Here", "These", "That", "It", "Its", "Their", "Moreover", "Then",
                       "While", "Whereas", "Although", "Though", "When", "Since", "Unlike",
                       "Furthermore", "Additionally", "Specifically", "Finally", "Notably",
                       "Besides", "Thus", "Hence", "Therefore", "Overall", "Instead", "Also",
                       "Using", "With", "By", "For", "From", "On", "Via", "As", "Both"})


def _extend_title_case(words: list[tuple[int, int, str]], idx: int) -> int:
    """Grow a Title Case long form leftwards over the rest of its name: the shortest match
    of "SORSA" is "Singular Vectors Adaptation"; the name is "Singular Values and ... "."""
    def cap(w: str) -> bool:
        return w[:1].isupper() and w not in _NOT_NAME

    def joins(w: str) -> bool:
        """May the name reach left over ``w``? Not past a comma, a possessive or a word with
        a digit: "However, Direct Preference Optimization", "MetaChain's Retrieval-Augmented
        Generation" and "Mistral-7B Supervised Fine-Tuning" name no more than their ends."""
        return not (w.endswith((",", ";", "'s", "’s")) or any(c.isdigit() for c in w))

    if not all(cap(w) or w in _CONNECT for _, _, w in words[idx:]):
        return idx
    while idx > 0:
        prev = words[idx - 1][2]
        if cap(prev) and joins(prev):
            idx -= 1
        elif prev in _CONNECT and idx > 1 and cap(words[idx - 2][2]) and \
                joins(words[idx - 2][2]):
            idx -= 2
        else:
            break
    return idx


def find_abbreviations(text: str) -> list[Abbreviation]:
    """Every "long form (SHORT)" or "long form, or SHORT," pair in ``text``, with the
    character offsets of both parts."""
    out = []
    spots = [(m.start(), m.start(1), m.group(1)) for m in _PAREN.finditer(text)]
    spots += [(m.start(), m.start(1), m.group(1)) for m in _OR_SHORT.finditer(text)]
    for open_at, inner_at, raw in sorted(spots):
        inner = raw.strip()
        short = re.split(r"[,;]\s*|\s+(?:or|for|i\.e\.)\s+", inner)[0].strip()
        if not _is_short(short):
            continue
        before = text[max(0, open_at - 200):open_at]
        offset = max(0, open_at - 200)
        # the long form lies within the clause right before the bracket
        clause = re.split(r"[.;:!?()\[\]\n]|,\s(?:and|or|which)\s", before)[-1]
        cstart = offset + len(before) - len(clause)
        words = [(cstart + w.start(), cstart + w.end(), w.group(0))
                 for w in re.finditer(r"\S+", clause)]
        limit = min(len(short) + 5, len(short) * 2)
        if not words:
            continue
        cut = max(0, len(words) - limit)
        idx = _best_long(short, words[cut:])
        if idx is None and "2" in short and re.search(r"(?i)[\s-]to[\s-]", clause):
            # "peer-to-peer (P2P)", "text-to-image (T2I)": the 2 says "to"
            idx = _best_long(short.replace("2", "t"), words[cut:])
        elif idx is None and _REPEAT.search(short):
            # "Python Programming Puzzles (P3)", "Structured State Space Sequence (S4)": a digit
            # after a letter counts that letter's words
            spelled = _REPEAT.sub(lambda m: m.group(1) * int(m.group(2)), short)
            cut = max(0, len(words) - min(len(spelled) + 5, len(spelled) * 2))
            idx = _best_long(spelled, words[cut:])
            if idx is not None and not _spells(short, [w for _, _, w in words[cut + idx:]]):
                idx = None
        if idx is None:
            continue
        idx = _extend_title_case(words, idx + cut)
        long_start, long_end = words[idx][0], words[-1][1]
        raw_long = text[long_start:long_end]
        long = raw_long.strip(" ,\"'“”")
        # the offsets must follow the strip: '"byte pair encoding" (BPE)' starts after the quote
        long_start += len(raw_long) - len(raw_long.lstrip(" ,\"'“”"))
        if len(long) <= len(short) or long.lower() == short.lower():
            continue
        s_start = inner_at + raw.find(short)
        out.append(Abbreviation(long, short, long_start, long_start + len(long),
                                s_start, s_start + len(short)))
    return out
