"""Readers for JSON and JSON Lines paper records.

Accepts the field names of arXiv metadata exports (``id``, ``title``, ``abstract``, ``authors``,
``authors_parsed``, ``categories``, ``update_date``) and of the Hugging Face daily-papers API
(a list of ``{"paper": {"id", "title", "summary", "authors", "publishedAt", ...}}``).
"""
from __future__ import annotations

import json
import re
from bisect import bisect_right
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


def holds_records(line: str) -> bool:
    """Is this JSON text an object that holds the records in a list (``{"papers": [...]}``)
    rather than one record? False for anything that is not such an object."""
    try:
        doc = json.loads(line)
    except (ValueError, RecursionError):
        return False
    return isinstance(doc, dict) and not _first(doc, _TITLE) and any(
        isinstance(doc.get(k), list) for k in _LIST_KEYS)


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


class _Malformed(Exception):
    def __init__(self, msg: str, line: int) -> None:
        super().__init__(msg)
        self.msg, self.line = msg, line


_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
_NUMBER_TAIL = re.compile(r"[0-9.eE+-]*")
#: read this much more text when the document in hand ends inside a value
_READ = 1 << 20
#: an error this close to the end of the text in hand may be a value cut in two: read on
_TAIL = 16


class _Document:
    """A JSON document read piece by piece: the text in hand (what is parsed is dropped) and
    the line each piece starts on, so an error names its line as ``json.loads`` would."""

    def __init__(self, pieces: Iterable[str]) -> None:
        self._pieces = iter(pieces)
        self.text = ""
        self.pos = 0
        self.done = False
        self._starts: list[int] = []  # offsets in text where a line (or piece) starts ...
        self._lines: list[int] = []  # ... its line number ...
        self._cols: list[int] = []  # ... and how many characters of its line come before it
        self._line = 1
        self._ended = False  # the last piece ended a line
        self._col = 0  # how far into its line the next piece starts

    def more(self) -> bool:
        """Read about :data:`_READ` characters more and drop the text parsed so far; False
        (and nothing changed) at the end of the document."""
        if self.done:
            return False
        got: list[str] = []
        size = len(self.text)  # where the next piece goes
        for piece in self._pieces:
            if self._ended:
                self._line += 1
            self._starts.append(size)
            self._lines.append(self._line)
            self._cols.append(self._col)  # a piece of a line begun before it starts further in
            got.append(piece)
            size += len(piece)
            self._ended = piece.endswith(("\n", "\r"))
            self._col = 0 if self._ended else self._col + len(piece)
            if size - len(self.text) >= _READ:
                break
        else:
            self.done = True
        if not got:
            return False
        cut = self.pos
        keep = max(bisect_right(self._starts, cut) - 1, 0)
        self._cols[keep] += cut - self._starts[keep]  # the piece holding the cut starts there
        self._starts[keep] = cut
        self._starts = [o - cut for o in self._starts[keep:]]
        self._lines = self._lines[keep:]
        self._cols = self._cols[keep:]
        self.text = self.text[cut:] + "".join(got)
        self.pos = 0
        return True

    def where(self, pos: int) -> tuple[int, int]:
        """The line and column (1-based, as ``json.loads`` counts them) of ``pos``."""
        if pos >= len(self.text) and (self._ended or not self._starts):
            return self._line + self._ended, 1  # after a last line end: the line after it
        i = max(bisect_right(self._starts, pos) - 1, 0)
        return self._lines[i], self._cols[i] + pos - self._starts[i] + 1

    def error(self, msg: str, pos: int | None = None) -> _Malformed:
        line, col = self.where(self.pos if pos is None else pos)
        return _Malformed(f"{msg} (column {col})", line)

    def peek(self) -> str:
        """The next character after white space; "" at the end of the document."""
        while True:
            self.pos = _WS.match(self.text, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self.more():
                return ""

    def value(self) -> Any:
        """The next JSON value, parsed by the standard library's decoder."""
        if not self.peek():
            raise self.error("Expecting value")
        while True:
            try:
                value, end = _DECODER.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as e:
                cut = e.pos >= len(self.text) - _TAIL or e.msg.startswith("Unterminated string")
                if cut and self.more():
                    continue
                raise self.error(e.msg, e.pos) from None
            except RecursionError:
                raise self.error("nested too deeply") from None
            except ValueError as e:  # a 5000-digit number
                raise self.error(_reason(e)) from None
            if isinstance(value, (int, float)) and _NUMBER_TAIL.fullmatch(self.text, end) \
                    and self.more():  # "10" of "10.5": a number may go on in the next piece
                continue
            self.pos = end
            return value

    def take(self, char: str, msg: str) -> None:
        if self.peek() != char:
            raise self.error(msg)
        self.pos += 1

    def items(self) -> Iterator[Any]:
        """The values of the array that starts here, one at a time."""
        self.take("[", "Expecting '['")
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            yield self.value()
            if self.peek() == "]":
                self.pos += 1
                return
            self.take(",", "Expecting ',' delimiter")


def _records(doc: _Document) -> Iterator[Any]:
    """The records of a JSON document: the items of a list, of a list held by an object under
    one of :data:`_LIST_KEYS` (the first such key in the document), or the one object."""
    start = doc.peek()
    if start == "[":
        yield from doc.items()
    elif start == "{":
        doc.pos += 1
        fields: dict[str, Any] = {}
        listed = False
        while doc.peek() != "}":
            if fields or listed:
                doc.take(",", "Expecting ',' delimiter")
            if doc.peek() != '"':
                raise doc.error("Expecting property name enclosed in double quotes")
            key = doc.value()
            doc.take(":", "Expecting ':' delimiter")
            if key in _LIST_KEYS and not listed and doc.peek() == "[":
                listed = True
                yield from doc.items()
            else:
                fields[key] = doc.value()
        doc.pos += 1
        if not listed:
            yield fields
    else:
        yield doc.value()
    if doc.peek():
        raise doc.error("Extra data")


def read_json(text: str | Iterable[str], path: str, on_error: OnError = _raise
              ) -> Iterator[Paper]:
    """Papers of a JSON document: a list of records, an object holding one, or one record.

    The document is read in pieces and its records are parsed one at a time, so a document
    of any size is never held whole. A syntax error ends the document: the records before
    it are kept, the error names its line and the rest is not read."""
    doc = _Document([text] if isinstance(text, str) else text)
    i = 0
    try:
        for i, rec in enumerate(_records(doc), start=1):
            try:
                # inside one JSON document a source's "line" is the record's 1-based position
                yield record_to_paper(rec, path, i, "json")
            except InputError as e:  # named by its position: a document's records have no line
                on_error(InputError(f"record {i}: {e.message}", path=path))
    except _Malformed as e:
        after = f"; the records after record {i} are not read" if i else ""
        on_error(InputError(f"malformed JSON: {e.msg}{after}", path=path, line=e.line))
