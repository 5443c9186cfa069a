"""The incremental extraction cache: one Extraction per paper text, reused across builds.

An entry is keyed by the SHA-256 of the text the pipeline reads (title + abstract, see
:func:`kg.extract.doc_text`) under a *fingerprint* of everything else extraction depends on:
``PIPELINE_VERSION``, the spaCy version, the source of ``kg/extract/*.py`` and every file of
``kg/data/catalogue`` and ``kg/data/lexicon``. Change any of them and every entry is stale
(and pruned when the cache is next opened); change a paper's title or abstract and only that
paper is extracted again. The paper key is not part of the entry, so a paper that only moved
or got another id still hits.

Entries live in one SQLite file (``extract.sqlite``) under the cache folder
(:func:`default_dir`, or ``kg build --cache-dir``); SQLite
transactions keep it consistent when a build is interrupted::

    >>> with ExtractionCache(tmp) as cache:           # doctest: +SKIP
    ...     hits = cache.get_many([text_hash(t) for t in texts])
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import sqlite3
import sys
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any

from kg.errors import OutputError
from kg.records import Extraction, Mention, Result, Sentence

log = logging.getLogger(__name__)

DB_NAME = "extract.sqlite"
_SCHEMA = """CREATE TABLE IF NOT EXISTS extraction (
    fingerprint TEXT NOT NULL, text_hash TEXT NOT NULL, record TEXT NOT NULL,
    PRIMARY KEY (fingerprint, text_hash)) WITHOUT ROWID"""
_BATCH = 500  # SQLite's default limit of host parameters per statement is 999 (older builds)


def default_dir() -> Path:
    """``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/kg``, else ``~/.cache/kg``.

    Entries depend only on text and pipeline, never on paths, so one cache serves every
    corpus and output folder of a user.
    """
    if os.environ.get("KG_CACHE_DIR"):
        return Path(os.environ["KG_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kg"


def text_hash(text: str) -> str:
    """The cache key of one paper's text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """A hash of the extraction pipeline: its version, code and data (see the module doc)."""
    import spacy

    from kg.extract.pipeline import PIPELINE_VERSION

    h = hashlib.sha256()
    h.update(f"pipeline {PIPELINE_VERSION}\nspacy {spacy.__version__}\n".encode())
    root = resources.files("kg")
    h.update(root.joinpath("records.py").read_bytes())  # the stored rows follow its fields
    parts = [("extract", ".py"), ("data/catalogue", ""), ("data/lexicon", "")]
    for folder, suffix in parts:
        node = root.joinpath(*folder.split("/"))
        for item in sorted(node.iterdir(), key=lambda x: x.name):
            if item.is_file() and item.name.endswith(suffix):
                h.update(f"{folder}/{item.name}\n".encode())
                h.update(item.read_bytes())
    return h.hexdigest()


class ExtractionCache:
    """Extractions by text hash, for one pipeline fingerprint, in ``directory/extract.sqlite``."""

    def __init__(self, directory: str | Path, *, key: str | None = None) -> None:
        self.directory = Path(directory)
        self.path = self.directory / DB_NAME
        self.fingerprint = key or fingerprint()
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._db = self._open()
        except (OSError, sqlite3.OperationalError) as e:
            raise OutputError(f"cannot use the extraction cache ({e}); pass --no-cache",
                              path=str(self.path)) from None

    def _open(self) -> sqlite3.Connection:
        try:
            db = sqlite3.connect(self.path, timeout=60)
            db.execute(_SCHEMA)
            db.commit()
        except sqlite3.DatabaseError as e:
            if isinstance(e, sqlite3.OperationalError):
                raise
            # not a database (a truncated or foreign file): the cache is only a cache
            log.warning("%s: unreadable cache (%s), starting a new one", self.path, e)
            self.path.unlink()
            db = sqlite3.connect(self.path, timeout=60)
            db.execute(_SCHEMA)
            db.commit()
        # entries of other pipeline versions can never hit again
        with db:
            db.execute("DELETE FROM extraction WHERE fingerprint != ?", (self.fingerprint,))
        return db

    def get_many(self, hashes: Sequence[str]) -> dict[str, Extraction]:
        """The cached Extraction of each hash that has one (their ``paper`` field is empty)."""
        out: dict[str, Extraction] = {}
        unique = sorted(set(hashes))
        for i in range(0, len(unique), _BATCH):
            chunk = unique[i:i + _BATCH]
            rows = self._db.execute(
                "SELECT text_hash, record FROM extraction WHERE fingerprint = ? AND text_hash IN "
                f"({','.join('?' * len(chunk))})", (self.fingerprint, *chunk))
            for h, record in rows:
                out[h] = decode(record)
        return out

    def put_many(self, items: Iterable[tuple[str, Extraction]]) -> int:
        """Store extractions by text hash (the paper key is dropped); returns how many."""
        rows = [(self.fingerprint, h, encode(ex)) for h, ex in items]
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO extraction VALUES (?, ?, ?)", rows)
        except sqlite3.OperationalError as e:
            raise OutputError(f"cannot write the extraction cache ({e}); pass --no-cache",
                              path=str(self.path)) from None
        return len(rows)

    def __len__(self) -> int:
        row = self._db.execute("SELECT count(*) FROM extraction WHERE fingerprint = ?",
                               (self.fingerprint,)).fetchone()
        return int(row[0])

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ExtractionCache:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


_PARTS = (("sentences", Sentence), ("mentions", Mention), ("results", Result))


@cache
def _names(cls: type) -> tuple[str, ...]:
    names = tuple(f.name for f in dataclasses.fields(cls))
    if cls is Extraction and names != ("paper", *(n for n, _ in _PARTS)):
        raise RuntimeError(f"kg.cache knows no Extraction with fields {names}")
    return names


def encode(ex: Extraction) -> str:
    """An Extraction as compact JSON rows (field values in field order; no paper key).

    ``Record.to_json`` goes through ``dataclasses.asdict`` and is several times slower; the
    rows hold the same plain values, so :func:`decode` gives back an equal record.
    """
    _names(Extraction)
    return json.dumps([[[getattr(r, n) for n in _names(cls)] for r in getattr(ex, part)]
                       for part, cls in _PARTS], ensure_ascii=False, separators=(",", ":"))


def decode(text: str) -> Extraction:
    """The Extraction :func:`encode` wrote, with an empty ``paper``. Short strings (types,
    rules, roles, names, keys) are interned: a corpus repeats them hundreds of thousands of
    times, and one copy of each saves a fifth of the memory of its extractions."""
    rows = json.loads(text)
    return Extraction("", *(tuple(cls(*map(_intern, r)) for r in part)
                            for part, (_name, cls) in zip(rows, _PARTS, strict=True)))


def interned(ex: Extraction) -> Extraction:
    """The same Extraction with its short strings interned, as :func:`decode` gives them:
    for records that come back from another process (a worker pickles each chunk apart, so
    the names of one chunk are not shared with the next)."""
    parts: list[Any] = [tuple(cls(*[_intern(getattr(r, n)) for n in _names(cls)])
                              for r in getattr(ex, part)) for part, cls in _PARTS]
    return Extraction(ex.paper, *parts)


def _intern(value: Any) -> Any:
    return sys.intern(value) if type(value) is str and len(value) <= 80 else value
