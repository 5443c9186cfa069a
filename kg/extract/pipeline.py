"""Build kg's spaCy pipeline and run it over papers with ``nlp.pipe``."""
from __future__ import annotations

import logging
import sys
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.extract import components  # noqa: F401 - registers the factories
from kg.extract.candidates import cands, sents_of, text_of
from kg.extract.components import title_length
from kg.extract.tokenizer import make_tokenizer
from kg.records import Extraction, Mention, Paper, Sentence

#: Changes whenever extraction output may change (rules, cue words, catalogue format).
PIPELINE_VERSION = "80"
COMPONENTS = ("kg_sentences", "kg_urls", "kg_catalogue", "kg_discover", "kg_resolve",
              "kg_roles", "kg_results")
log = logging.getLogger(__name__)


def build_nlp() -> Language:
    """``spacy.blank("en")`` with kg's tokenizer and components; nothing is downloaded."""
    nlp = spacy.blank("en")
    nlp.tokenizer = make_tokenizer(nlp)
    for name in COMPONENTS:
        nlp.add_pipe(name)
    # the catalogue component tokenised ~20k patterns with this tokenizer; a tokenizer left
    # with that cache runs 3-4x slower on text (measured: 626 vs 2,078 docs/s), so the
    # pipeline gets a fresh one with the same rules
    nlp.tokenizer = make_tokenizer(nlp)
    return nlp


@lru_cache(maxsize=1)
def shared_nlp() -> Language:
    return build_nlp()


def doc_text(paper: Paper) -> str:
    """What the pipeline reads: the title, a blank line, the abstract."""
    return f"{paper.title}\n\n{paper.abstract}" if paper.abstract else paper.title


def to_extraction(doc: Doc, paper_key: str) -> Extraction:
    """Turn a processed Doc into an Extraction record (offsets per section)."""
    tlen = title_length(doc)
    base = tlen + 2

    def section(char: int) -> tuple[str, int]:
        return ("title", 0) if char < tlen else ("abstract", base)

    full = text_of(doc)
    sentences = []
    starts = []
    for i, s in enumerate(sents_of(doc)):
        name, off = section(s.start_char)
        raw = full[s.start_char:s.end_char]  # == s.text, without re-joining the tokens
        text = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        start = s.start_char + lead - off
        sentences.append(Sentence(i, name, start, start + len(text), text))
        starts.append(s.start_char)
    mentions = []
    for c in cands(doc):
        name, off = section(c.start)
        si = max(bisect_right(starts, c.start) - 1, 0)
        # names and keys interned: a corpus repeats them hundreds of thousands of times
        mentions.append(Mention(
            type=c.type, text=sys.intern(full[c.start:c.end]), section=name,
            start=c.start - off, end=c.end - off, sentence=si, role=c.role, rule=c.rule,
            confidence=round(c.confidence, 3), key=sys.intern(c.key),
            long_form=sys.intern(c.long_form), hub_id=sys.intern(c.hub_id),
        ))
    for name in ("kg_toks", "kg_sents"):  # Tokens and Spans refer to their doc: break
        doc.user_data.pop(name, None)  # the cycle, so the doc is freed without the collector
    return Extraction(paper=paper_key, sentences=tuple(sentences), mentions=tuple(mentions),
                      results=tuple(doc._.kg_results or ()))


def extract(papers: Iterable[Paper], nlp: Language | None = None,
            batch_size: int = 64) -> Iterator[Extraction]:
    """Stream one Extraction per paper, in input order. A document that fails is logged and
    yields an empty Extraction, so one bad abstract never stops a build."""
    nlp = nlp or shared_nlp()
    pairs = ((doc_text(p), p.key) for p in papers)
    for doc, key in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        try:
            yield to_extraction(doc, key)
        except Exception:  # noqa: BLE001 - reported, never fatal
            log.exception("extraction failed for paper %s", key)
            yield Extraction(paper=key)
