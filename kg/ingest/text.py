"""Reader for Hugging Face "Daily Papers" listings saved as plain text.

A listing is page furniture ("Daily Papers", "Subscribe", dates, vote counts...) followed by
titles, each followed by its abstract. Lines are classified one by one and a title is paired
with the abstract that follows it, so a title without an abstract or a stray short line never
shifts the pairs after it.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from kg.records import Paper, Source

_FURNITURE = re.compile(
    r"""^(?:new|subscribe|daily\ papers|papers|trending|upvote|submitted\ by\b.*
        |by\ ?ak\ and\ the\ research\ community
        |get\ trending\ papers\ in\ your\ email\ inbox!?
        |(?:published\ on\ )?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?
          \ \d{1,2}(?:,\ \d{4})?
        |\d{4}-\d{2}-\d{2}
        |[\d.,]+\s*k?
        |·?\s*\d+\s+authors?
        |(?:previous|next)(?:\ day)?
        )$""",
    re.I | re.X,
)
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
# control characters, and what XML 1.0 (RDF/XML, the HTML page) cannot hold: lone surrogates
# (from JSON "\ud800" escapes) and the non-characters U+FFFE/U+FFFF
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Text as kg stores it: control characters and BOMs become spaces, lone surrogates
    U+FFFD, and every run of white space one space.

    >>> clean_text(" Bold\x1b[1m\n title\x00 ")
    'Bold [1m title'
    """
    return " ".join(_SURROGATE.sub("\ufffd", _UNPRINTABLE.sub(" ", text)).split())


@dataclass
class _Line:
    number: int
    text: str


def is_furniture(line: str) -> bool:
    """True for page furniture that is neither a title nor an abstract."""
    return bool(_FURNITURE.match(line.strip()))


def is_abstract(line: str) -> bool:
    """An abstract is long running prose; a title is short and rarely holds two sentences."""
    n = len(line)
    if n >= 300:
        return True
    return n >= 120 and len(_SENTENCE_END.findall(line)) >= 2


def looks_like_title(line: str) -> bool:
    """A plausible paper title: a few words, starts with a letter, digit or quote/$ sign."""
    words = line.split()
    # bidirectional marks may come first in right-to-left titles
    return 2 <= len(words) <= 60 and len(line) <= 400 and bool(
        re.match(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069]*[\w\"'$(\[]", line))


def read_listing(lines: Iterable[str], path: str) -> Iterator[Paper]:
    """Yield one Paper per title found in a Daily Papers text listing."""
    pending: list[_Line] = []  # title-like lines not yet paired
    current: tuple[_Line, list[str]] | None = None  # (title, abstract paragraphs)

    def flush() -> Iterator[Paper]:
        nonlocal current
        if current is not None:
            title, paras = current
            yield _paper(title, " ".join(paras), path)
            current = None

    for number, raw in enumerate(lines, start=1):
        text = clean_text(raw)
        if not text or is_furniture(text):
            continue
        if is_abstract(text):
            titles = [p for p in pending if looks_like_title(p.text)]
            if titles:
                yield from flush()
                owner = _owner(titles, text)
                # earlier title-like lines had no abstract; later ones sat between the title
                # and its abstract, so they are stray lines, not titles
                for orphan in titles[:owner]:
                    yield _paper(orphan, "", path)
                current = (titles[owner], [text])
            elif current is not None:
                current[1].append(text)  # a second paragraph of the same abstract
            # prose with no title before it (top of a truncated page) cannot be attributed
            pending = []
            continue
        yield from flush()
        pending.append(_Line(number, text))
    yield from flush()
    for orphan in pending:
        if looks_like_title(orphan.text):
            yield _paper(orphan, "", path)


_STOP = frozenset("the and for with from via our are its this that into over than using "
                  "towards toward through between about their based can not".split())


def _words(text: str) -> set[str]:
    """Content words, cut to five letters so "Modeling" meets "models"."""
    return {w[:5] for w in re.findall(r"[^\W_]+", text.casefold())
            if len(w) >= 3 and w not in _STOP}


def _owner(titles: list[_Line], abstract: str) -> int:
    """Index of the title-like line that owns ``abstract``: the last one, unless it shares no
    word with the abstract and an earlier one does (a stray line such as "Project page" or
    an author list between a title and its abstract); then the earlier one sharing most."""
    if len(titles) == 1:
        return 0
    words = _words(abstract)
    shared = [len(_words(t.text) & words) for t in titles]
    if shared[-1] or not any(shared):
        return len(titles) - 1
    best = max(shared)
    return max(i for i, n in enumerate(shared) if n == best)


def _paper(title: _Line, abstract: str, path: str) -> Paper:
    from kg.ingest.dedupe import title_key

    src = Source(path=path, line=title.number, format="daily-papers-text",
                 title=title.text, abstract=abstract)
    return Paper(key=title_key(title.text), title=title.text, abstract=abstract, sources=(src,))
