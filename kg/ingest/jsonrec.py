"""Readers for JSON and JSON Lines paper records.

Accepts the field names of arXiv metadata exports (``id``, ``title``, ``abstract``, ``authors``,
``authors_parsed``, ``categories``, ``update_date``) and of the Hugging Face daily-papers API
(a list of ``{"paper": {"id", "title", "summary", "authors", "publishedAt", ...}}``).
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from kg.errors import InputError
from kg.ingest.text import clean_text
from kg.records import Paper, Source

ARXIV_ID = re.compile(
    r"^(?:arxiv:|https?://arxiv\.org/(?:abs|pdf)/)?"
    r"(\d{4}\.\d{4,5}|[a-z][a-z.-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?(?:\.pdf)?$", re.I)
_TITLE = ("title",)
_ABSTRACT = ("abstract", "summary", "paperAbstract", "description")
_ID = ("id", "arxiv_id", "arxivId", "arxiv", "paper_id", "paperId")
_DATE = ("update_date", "publishedAt", "published", "date", "submittedOnDailyAt", "created")
_LIST_KEYS = ("papers", "data", "results", "items", "records")

OnError = Callable[[InputError], None]


def _raise(err: InputError) -> None:
    raise err


def _reason(err: Exception) -> str:
    return "nested too deeply" if isinstance(err, RecursionError) else str(err).split(";")[0]


def _text(value: Any) -> str:
    return clean_text(str(value)) if isinstance(value, (str, int, float)) else ""


def _authors(rec: dict[str, Any]) -> tuple[str, ...]:
    value = rec.get("authors")
    if isinstance(value, str):
        # "A, B and C" and the Oxford-comma "A, B, and C"
        parts = re.split(r",\s*(?:and\s+)?|\s+and\s+", value)
        return tuple(a for a in (clean_text(p) for p in parts) if a)
    if isinstance(value, list):
        out = []
        for a in value:
            if isinstance(a, dict):
                a = a.get("name") or " ".join(
                    str(a.get(k, "")) for k in ("first", "last") if a.get(k))
            elif isinstance(a, list):  # arXiv authors_parsed: [last, first, suffix]
                a = " ".join(_text(x) for x in (a[1:2] + a[:1]) if _text(x))
            if _text(a):
                out.append(_text(a))
        return tuple(out)
    parsed = rec.get("authors_parsed")
    if isinstance(parsed, list):
        return _authors({"authors": parsed})
    return ()


def _first(rec: dict[str, Any], keys: Iterable[str]) -> str:
    for k in keys:
        v = _text(rec.get(k, ""))
        if v:
            return v
    return ""


def record_to_paper(rec: Any, path: str, line: int, fmt: str) -> Paper:
    """Map one JSON object onto a Paper; raises InputError when it has no usable title."""
    if not isinstance(rec, dict):
        raise InputError(f"expected a JSON object, got {type(rec).__name__}", path=path, line=line)
    inner = rec.get("paper")
    merged = {**rec, **inner} if isinstance(inner, dict) else rec
    title = _first(merged, _TITLE)
    if not title:
        raise InputError("record has no title", path=path, line=line)
    abstract = _first(merged, _ABSTRACT)
    raw_id = _first(merged, _ID)
    m = ARXIV_ID.match(raw_id) if raw_id else None
    arxiv_id = m.group(1) if m else ""
    cats = merged.get("categories", "")
    categories = tuple(clean_text(cats).split()) if isinstance(cats, str) else tuple(
        clean_text(c) for c in cats if isinstance(c, str) and clean_text(c)) if isinstance(
        cats, list) else ()
    date = _first(merged, _DATE)[:10]
    if date and not re.match(r"\d{4}-\d{2}-\d{2}$", date):
        date = ""
    from kg.ingest.dedupe import title_key

    return Paper(
        key=f"arxiv:{arxiv_id}" if arxiv_id else title_key(title),
        title=title, abstract=abstract, arxiv_id=arxiv_id,
        identifier="" if arxiv_id else raw_id, authors=_authors(merged),
        categories=categories, date=date,
        sources=(Source(path=path, line=line, format=fmt, title=title, abstract=abstract),),
    )


def read_jsonl(lines: Iterable[str], path: str, on_error: OnError = _raise) -> Iterator[Paper]:
    """Stream one Paper per non-blank line of a JSON Lines file."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            rec = json.loads(raw)
        except json.JSONDecodeError as e:
            on_error(InputError(f"malformed JSON: {e.msg} (column {e.colno})",
                                path=path, line=number))
            continue
        except (ValueError, RecursionError) as e:  # a 5000-digit number, nesting too deep
            on_error(InputError(f"malformed JSON: {_reason(e)}", path=path, line=number))
            continue
        try:
            yield record_to_paper(rec, path, number, "jsonl")
        except InputError as e:
            on_error(e)


def read_json(text: str, path: str, on_error: OnError = _raise) -> Iterator[Paper]:
    """Papers of a JSON document: a list of records, an object holding one, or one record."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        # with --skip-bad the whole document is reported and skipped: no record is trustworthy
        on_error(InputError(f"malformed JSON: {e.msg} (column {e.colno})",
                            path=path, line=e.lineno))
        return
    except (ValueError, RecursionError) as e:  # a 5000-digit number, nesting too deep
        on_error(InputError(f"malformed JSON: {_reason(e)}", path=path))
        return
    if isinstance(doc, dict):
        for k in _LIST_KEYS:
            if isinstance(doc.get(k), list):
                doc = doc[k]
                break
    records = doc if isinstance(doc, list) else [doc]
    for i, rec in enumerate(records):
        try:
            # inside one JSON document a source's "line" is the record's 1-based position
            yield record_to_paper(rec, path, i + 1, "json")
        except InputError as e:  # named by its position: a document's records have no line
            on_error(InputError(f"record {i + 1}: {e.message}", path=path))
