"""Records passed between stages: frozen dataclasses that round-trip through JSON lines.

Every stage takes and returns these, so each can be tested with literal inputs and run alone::

    >>> p = Paper(key="arxiv:2401.00001", title="T", abstract="A.")
    >>> Paper.from_dict(p.to_dict()) == p
    True
"""
from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T", bound="Record")

ENTITY_TYPES = ("Model", "Dataset", "Method", "Task")
ROLES = ("introduces", "uses", "comparesWith", "mentions", "addresses")
#: Order of precedence when one paper gives an entity several roles (the annotation guideline's).
ROLE_PRIORITY = {"introduces": 0, "uses": 1, "addresses": 1, "comparesWith": 2, "mentions": 3}


class Record:
    """Mixin: ``to_dict`` / ``from_dict`` / ``to_json`` for frozen dataclasses of plain values.

    Records are slotted: a build holds millions of them (no ``__dict__`` each, about half
    the memory)."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)  # type: ignore[call-overload, no-any-return]

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        kwargs: dict[str, Any] = {}
        for f in dataclasses.fields(cls):  # type: ignore[arg-type]
            if f.name not in data:
                continue
            value = data[f.name]
            sub = _RECORD_FIELDS.get((cls.__name__, f.name))
            if sub is not None:
                value = tuple(sub.from_dict(v) for v in value)
            elif isinstance(value, list):
                value = tuple(value)
            kwargs[f.name] = value
        return cls(**kwargs)


@dataclass(frozen=True, slots=True)
class Source(Record):
    """Where one copy of a paper was read: file, 1-based line, and that copy's own text."""

    path: str
    line: int
    format: str
    title: str = ""
    abstract: str = ""


@dataclass(frozen=True, slots=True)
class Paper(Record):
    """One paper after deduplication.

    ``key`` is ``arxiv:<id>`` when the id is known, else ``title:<normalised title>``.
    """

    key: str
    title: str
    abstract: str
    arxiv_id: str = ""
    identifier: str = ""
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    date: str = ""
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True, slots=True)
class Sentence(Record):
    """A sentence of a paper; offsets are into the section text (title or abstract)."""

    index: int
    section: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Mention(Record):
    """One occurrence of a named thing in a paper, typed, with the role its sentence gives it.

    ``type`` is an entity type (Model, Dataset, Method, Task), ``Repository`` or ``Link``.
    ``key`` is the catalogue id, the canonical URL, or empty for names found by discovery.
    """

    type: str
    text: str
    section: str
    start: int
    end: int
    sentence: int
    role: str
    rule: str
    confidence: float
    key: str = ""
    long_form: str = ""
    hub_id: str = ""


@dataclass(frozen=True, slots=True)
class Result(Record):
    """A reported number: ``system`` reaches ``value`` ``unit`` of ``metric`` on ``dataset``."""

    sentence: int
    system: str
    dataset: str
    metric: str
    value: str
    unit: str
    section: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Extraction(Record):
    """Everything extraction found in one paper."""

    paper: str
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    results: tuple[Result, ...] = ()


@dataclass(frozen=True, slots=True)
class Entity(Record):
    """A canonical real-world thing: one node however many papers name it."""

    key: str
    type: str
    label: str
    alt_labels: tuple[str, ...] = ()
    catalogue: str = ""
    hf: str = ""
    arxiv: str = ""
    pwc: str = ""
    family: str = ""
    parent: str = ""
    url: str = ""


@dataclass(frozen=True, slots=True)
class Link(Record):
    """A paper -> entity edge with its role and the mentions that support it."""

    paper: str
    entity: str
    role: str
    mentions: tuple[int, ...] = field(default=())


_RECORD_FIELDS: dict[tuple[str, str], type[Record]] = {
    ("Paper", "sources"): Source,
    ("Extraction", "sentences"): Sentence,
    ("Extraction", "mentions"): Mention,
    ("Extraction", "results"): Result,
}


def write_jsonl(records: Iterable[Record]) -> Iterator[str]:
    """Serialise records, one JSON line each (newline included)."""
    for r in records:
        yield r.to_json() + "\n"


def read_jsonl(cls: type[T], lines: Iterable[str]) -> Iterator[T]:
    """Parse JSON lines written by :func:`write_jsonl` back into ``cls`` records."""
    for line in lines:
        if line.strip():
            yield cls.from_dict(json.loads(line))
