"""Candidate mentions that extraction components propose and ``kg_resolve`` settles."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

#: how strongly each rule's output is preferred when two candidates overlap
RULE_PRIORITY = {
    "url": 100, "abbrev-catalogue": 88, "catalogue": 80, "catalogue+variant": 79,
    "title-prefix": 75, "named": 72, "introduce": 70, "title-head": 66, "abbrev": 65,
    "dataset-head": 60, "technique": 60, "component": 59, "title-phrase": 59,
    "model-size": 58, "title-task": 55, "title-open": 54, "coordination": 50, "noun-phrase": 48,
    "enumerated": 48, "module": 47, "repeat": 45, "task-subject": 42, "task-list": 42,
    "task-problem": 41, "task-reported": 41, "task-phrase": 40, "task-open": 39, "shape": 30,
}


@dataclass
class Cand:
    """A proposed mention: character span in ``doc.text``, type and the rule that found it."""

    start: int
    end: int
    type: str
    rule: str
    confidence: float
    key: str = ""
    long_form: str = ""
    hub_id: str = ""
    introduced: bool = False
    role: str = ""
    #: the type came from evidence (catalogue, head noun, known part), not a default
    typed: bool = False

    @property
    def length(self) -> int:
        return self.end - self.start


def cands(doc: Doc) -> list[Cand]:
    """The candidate list carried on ``doc._.kg_cands``."""
    return doc._.kg_cands  # type: ignore[no-any-return]


def register_extensions() -> None:
    for name, default in (("kg_cands", None), ("kg_abbrevs", None), ("kg_results", None),
                          ("kg_title_len", 0)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def text_of(doc: Doc) -> str:
    """``doc.text``, built once per document (spaCy re-joins every token on each access)."""
    t = doc.user_data.get("kg_text")
    if t is None:
        from kg.extract.shapes import token_table

        # from the token table: doc.text would make a Token object per word
        words, spaces = token_table(doc)
        t = doc.user_data["kg_text"] = "".join(
            [w + " " if sp else w for w, sp in zip(words, spaces, strict=True)])
    return t  # type: ignore[no-any-return]


def sents_of(doc: Doc) -> list[Span]:
    """``list(doc.sents)``, computed once per document after ``kg_sentences`` has run."""
    s = doc.user_data.get("kg_sents")
    if s is None:
        s = doc.user_data["kg_sents"] = list(doc.sents)
    return s  # type: ignore[no-any-return]
