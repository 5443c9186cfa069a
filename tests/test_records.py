"""Records between stages round-trip through JSON (kg.records)."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.records import (
    ROLE_PRIORITY,
    ROLES,
    Entity,
    Extraction,
    Link,
    Mention,
    Paper,
    Record,
    Result,
    Sentence,
    Source,
    read_jsonl,
    write_jsonl,
)

SOURCE = Source(path="sample:000.txt", line=17, format="daily-papers-text", title="T “quoted”",
                abstract="Ünïcode\nabstract")
SENTENCE = Sentence(index=0, section="abstract", start=0, end=28,
                    text="We use BPE (byte pair enc.).")
MENTION = Mention(type="Method", text="BPE", section="abstract", start=7, end=10, sentence=0,
                  role="uses", rule="abbrev", confidence=0.75, key="method:bpe",
                  long_form="byte pair encoding", hub_id="")
RESULT = Result(sentence=1, system="Ours", dataset="GSM8K", metric="accuracy", value="56.03",
                unit="%", section="abstract", start=40, end=60)

RECORDS: list[Record] = [
    SOURCE,
    Paper(key="arxiv:2401.00001", title="T", abstract="A."),
    Paper(key="arxiv:hep-th/9901001", title="Old", abstract="", arxiv_id="hep-th/9901001",
          identifier="", authors=("A One", "B Two"), categories=("hep-th",), date="1999-01-01",
          sources=(SOURCE, Source("b.jsonl", 2, "jsonl"))),
    SENTENCE,
    MENTION,
    RESULT,
    Extraction(paper="arxiv:2401.00001"),
    Extraction(paper="title:x", sentences=(SENTENCE, SENTENCE), mentions=(MENTION,),
               results=(RESULT,)),
    Entity(key="model:llama-2-7b", type="Model", label="Llama 2 7B",
           alt_labels=("LLaMA-2-7B", "Llama2 7B"), catalogue="models", hf="meta-llama/Llama-2-7b",
           arxiv="2307.09288", family="Llama 2", parent="model:llama-2", url="https://x.org/a b"),
    Entity(key="task:qa", type="Task", label="QA"),
    Link(paper="arxiv:2401.00001", entity="method:bpe", role="uses", mentions=(0, 3, 5)),
    Link(paper="arxiv:2401.00001", entity="method:bpe", role="mentions"),
]


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: type(r).__name__)
def test_json_round_trip(record: Record) -> None:
    line = record.to_json()
    assert "\n" not in line
    back = type(record).from_dict(json.loads(line))
    assert back == record
    assert type(back) is type(record)
    assert hash(back) == hash(record)  # frozen, with tuples (not lists) all the way down
    assert back.to_json() == line


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: type(r).__name__)
def test_to_json_is_sorted_and_keeps_unicode(record: Record) -> None:
    data = json.loads(record.to_json())
    assert list(data) == sorted(data)
    if isinstance(record, Source):
        assert "Ünïcode" in record.to_json()


def test_nested_records_come_back_as_records_in_tuples() -> None:
    ex = RECORDS[7]
    back = Extraction.from_dict(json.loads(ex.to_json()))
    assert isinstance(back.sentences, tuple) and isinstance(back.sentences[0], Sentence)
    assert isinstance(back.mentions[0], Mention) and isinstance(back.results[0], Result)
    paper = Paper.from_dict(json.loads(RECORDS[2].to_json()))
    assert isinstance(paper.sources, tuple) and all(isinstance(s, Source) for s in paper.sources)
    assert isinstance(paper.authors, tuple)
    link = Link.from_dict(json.loads(RECORDS[10].to_json()))
    assert link.mentions == (0, 3, 5)


def test_missing_fields_take_defaults_and_unknown_fields_are_ignored() -> None:
    p = Paper.from_dict({"key": "title:x", "title": "X", "abstract": "", "extra": 1})
    assert p == Paper(key="title:x", title="X", abstract="")


def test_write_and_read_jsonl() -> None:
    papers = [r for r in RECORDS if isinstance(r, Paper)]
    lines = list(write_jsonl(papers))
    assert all(line.endswith("\n") and line.count("\n") == 1 for line in lines)
    assert list(read_jsonl(Paper, ["\n", *lines, "  \n"])) == papers


def test_role_priority_covers_every_role() -> None:
    assert set(ROLE_PRIORITY) == set(ROLES)
    assert ROLE_PRIORITY["introduces"] < ROLE_PRIORITY["uses"] < ROLE_PRIORITY["mentions"]


text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)
sources = st.builds(Source, path=text, line=st.integers(0, 10**6), format=text, title=text,
                    abstract=text)
papers = st.builds(Paper, key=text, title=text, abstract=text, arxiv_id=text, identifier=text,
                   authors=st.lists(text, max_size=3).map(tuple),
                   categories=st.lists(text, max_size=3).map(tuple), date=text,
                   sources=st.lists(sources, max_size=3).map(tuple))


@settings(max_examples=100, deadline=None)
@given(st.lists(papers, max_size=4))
def test_paper_round_trip_property(items: list[Paper]) -> None:
    assert list(read_jsonl(Paper, write_jsonl(items))) == items
