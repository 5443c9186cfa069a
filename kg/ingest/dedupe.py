"""Merge copies of one paper read from several inputs into one Paper with every source."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from kg.records import Paper, Source

_LATEX = re.compile(r"\\[a-zA-Z]+|[${}^_\\]")


def norm_title(title: str) -> str:
    """Case-, accent-, space-, punctuation- and LaTeX-insensitive form of a title."""
    t = unicodedata.normalize("NFKD", _LATEX.sub("", title))
    t = "".join(c for c in t if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", "", t.casefold())


def title_key(title: str) -> str:
    """The dedup key of a paper known only by its title."""
    return "title:" + norm_title(title)


def _rank(p: Paper) -> tuple[int, int, str, str, tuple[str, ...], str, str, int]:
    # the fullest copy wins: longest abstract, then most authors; between copies as full,
    # the text that sorts first (code point order), and only then the first (path, line), so
    # neither the order of the inputs nor the order of records inside them changes the choice
    src = p.sources[0] if p.sources else Source("", 0, "")
    return (-len(p.abstract), -len(p.authors), p.abstract, p.title, p.authors, p.date,
            src.path, src.line)


def dedupe(papers: Iterable[Paper]) -> list[Paper]:
    """One Paper per arXiv id (else per normalised title), sorted by key.

    A title-only copy joins the paper with the same normalised title when exactly one arXiv id
    carries that title. Fields missing from the chosen copy are filled from the others.
    """
    groups: dict[str, list[Paper]] = {}
    for p in papers:
        groups.setdefault(p.key, []).append(p)
    by_title: dict[str, set[str]] = {}
    for key, copies in groups.items():
        if key.startswith("arxiv:"):
            # every title each source gave, not only the kept one, so that deduplicating an
            # already deduplicated list changes nothing (one id may come with two titles)
            for c in copies:
                for t in {c.title, *(s.title for s in c.sources if s.title)}:
                    by_title.setdefault(title_key(t), set()).add(key)
    for key in [k for k in groups if k.startswith("title:")]:
        owners = by_title.get(key, set())
        if len(owners) == 1:
            groups[next(iter(owners))].extend(groups.pop(key))
    return [_merge(key, copies) for key, copies in sorted(groups.items())]


def _merge(key: str, copies: list[Paper]) -> Paper:
    copies = sorted(copies, key=_rank)
    best = copies[0]
    sources = sorted({s for c in copies for s in c.sources}, key=lambda s: (s.path, s.line))

    def first(attr: str) -> object:
        for c in copies:
            if getattr(c, attr):
                return getattr(c, attr)
        return getattr(best, attr)

    return Paper(
        key=key, title=best.title, abstract=best.abstract,
        arxiv_id=str(first("arxiv_id")), identifier=str(first("identifier")),
        authors=tuple(first("authors")),  # type: ignore[arg-type]
        categories=tuple(first("categories")),  # type: ignore[arg-type]
        date=str(first("date")), sources=tuple(sources),
    )
